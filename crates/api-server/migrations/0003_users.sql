-- Console users. The password is kept only as an Argon2id hash.
CREATE TABLE users (
    id                 TEXT PRIMARY KEY NOT NULL,
    email              TEXT NOT NULL,
    name               TEXT NOT NULL,
    password_hash      TEXT NOT NULL,
    -- An organisation admin is Admin on every project.
    organisation_admin INTEGER NOT NULL DEFAULT 0 CHECK (organisation_admin IN (0, 1)),
    -- Milliseconds since the Unix epoch, UTC.
    created_at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (email COLLATE NOCASE);

-- A user's role on a project; no row, no access.
CREATE TABLE memberships (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'data_admin', 'read_only')),
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX memberships_by_project ON memberships (project_id);

-- Signed-in sessions, by the SHA-256 hash of the cookie's token.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
