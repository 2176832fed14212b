-- A project's connectors: its sources and destinations. Settings that are
-- not secret are kept as a JSON object; the secret ones are sealed
-- together (XChaCha20-Poly1305, bound to the connector's id) with a key kept
-- outside this table, and only their keys are kept in clear.
CREATE TABLE connectors (
    id              TEXT PRIMARY KEY NOT NULL,
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('source', 'destination')),
    connector       TEXT NOT NULL,
    name            TEXT NOT NULL,
    -- The name as compared for uniqueness (see projects.name_key).
    name_key        TEXT COLLATE "C" NOT NULL,
    -- JSON array of tags.
    tags            TEXT NOT NULL,
    -- JSON object of the settings that are not secret.
    config          TEXT NOT NULL,
    -- The secret settings, sealed; NULL when none is set.
    secrets         BYTEA,
    -- Comma-separated keys of the secrets that are set, and of the
    -- required ones that are not (the connector is Broken until they are).
    secrets_set     TEXT NOT NULL,
    secrets_missing TEXT NOT NULL,
    desired_state   TEXT NOT NULL CHECK (desired_state IN ('Active', 'Paused', 'Stopped')),
    -- Milliseconds since the Unix epoch, UTC: when it was last started or
    -- resumed (it is Starting for a few seconds after), created, changed.
    started_at      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX connectors_name_unique ON connectors (project_id, kind, name_key);
