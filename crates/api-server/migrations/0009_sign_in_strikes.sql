-- Failed sign-ins, per account and per client address, kept in the
-- database so that every server instance sharing it counts them together.
-- Times are milliseconds since the Unix epoch, UTC.
CREATE TABLE sign_in_strikes (
    key           TEXT PRIMARY KEY NOT NULL,
    failures      BIGINT NOT NULL,
    last_at       BIGINT NOT NULL,
    blocked_until BIGINT
);
CREATE INDEX sign_in_strikes_by_last ON sign_in_strikes (last_at);
