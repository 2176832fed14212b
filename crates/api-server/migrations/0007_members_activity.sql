-- The activity log: one row per change, written in the change's own
-- transaction. Append-only through the API; the operator command prunes
-- old rows. No foreign keys: an entry outlives the project, the user or
-- the token it names, which is why names are kept as they were.
CREATE TABLE activity (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Milliseconds since the Unix epoch, UTC.
    at           INTEGER NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'operator')),
    actor_id     TEXT,
    actor_name   TEXT NOT NULL,
    actor_detail TEXT,
    address      TEXT,
    action       TEXT NOT NULL,
    project_id   TEXT,
    project_name TEXT,
    target       TEXT,
    -- JSON array of {field, from, to}; never a secret or a password.
    changes      TEXT NOT NULL
);
CREATE INDEX activity_by_project ON activity (project_id, id);
CREATE INDEX activity_by_time ON activity (at);

-- Invited users have no password until they follow their link.
ALTER TABLE users ADD COLUMN invited INTEGER NOT NULL DEFAULT 0 CHECK (invited IN (0, 1));

-- Set-password links of invited users, by the SHA-256 hash of the token;
-- single use (deleted when used or renewed).
CREATE TABLE invitations (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX invitations_by_user ON invitations (user_id);
