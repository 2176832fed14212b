-- Requests for a role on a project, made by members who have none. A
-- project's Admins and the organisation admins grant or decline them.
CREATE TABLE access_requests (
    id             TEXT PRIMARY KEY NOT NULL,
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    requested_by   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'data_admin', 'read_only')),
    note           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'cancelled', 'granted', 'declined')),
    -- Milliseconds since the Unix epoch, UTC.
    created_at     BIGINT NOT NULL,
    decided_at     BIGINT,
    -- The decider's name as it was then (the user may be removed later).
    decided_by     TEXT,
    granted_role   TEXT CHECK (granted_role IN ('admin', 'data_admin', 'read_only')),
    decline_reason TEXT
);
-- One pending request per person and project.
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (project_id, requested_by)
    WHERE state = 'pending';
CREATE INDEX access_requests_by_state ON access_requests (state, created_at);
CREATE INDEX access_requests_by_user ON access_requests (requested_by, project_id, created_at);
