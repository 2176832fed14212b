-- Support staff provision requested projects.
ALTER TABLE users ADD COLUMN support INTEGER NOT NULL DEFAULT 0 CHECK (support IN (0, 1));

-- Requests for new projects. Pending until support provisions or declines
-- one, or its requester cancels it; then it never changes again.
CREATE TABLE project_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    requested_by    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    environment     TEXT NOT NULL,
    cloud           TEXT NOT NULL CHECK (cloud IN ('AWS', 'Azure', 'GCP')),
    region          TEXT NOT NULL,
    throughput      INTEGER NOT NULL,
    throughput_unit TEXT NOT NULL CHECK (throughput_unit IN ('events_per_second', 'mb_per_second')),
    connectors      INTEGER NOT NULL,
    -- Comma-separated requirement keys.
    requirements    TEXT NOT NULL,
    notes           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'cancelled', 'provisioned', 'declined')),
    decline_reason  TEXT,
    project_id      TEXT REFERENCES projects (id) ON DELETE SET NULL,
    -- Milliseconds since the Unix epoch, UTC.
    created_at      INTEGER NOT NULL,
    decided_at      INTEGER
);
CREATE INDEX project_requests_by_requester ON project_requests (requested_by, created_at);
CREATE INDEX project_requests_by_state ON project_requests (state, created_at);
