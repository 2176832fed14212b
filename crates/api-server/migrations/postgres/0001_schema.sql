-- The schema of SQLite's migrations 0001 to 0008, for PostgreSQL. Both
-- engines are read and written by the same queries: every integer is a
-- BIGINT (Rust's i64), flags are BOOLEAN, bytes are BYTEA, times are
-- milliseconds since the Unix epoch, UTC. Text a list is sorted by is
-- COLLATE "C", compared byte by byte as SQLite compares it, whatever the
-- database's locale. A later change is a migration in each engine's
-- folder, under the same number.

-- Projects: one isolated streaming stack in one cloud region.
CREATE TABLE projects (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL,
    environment             TEXT NOT NULL,
    state                   TEXT NOT NULL CHECK (state IN ('AVAILABLE', 'UNAVAILABLE')),
    cloud                   TEXT NOT NULL CHECK (cloud IN ('AWS', 'Azure', 'GCP')),
    region                  TEXT NOT NULL,
    kafka_bootstrap_servers TEXT NOT NULL,
    created_at              BIGINT NOT NULL,
    -- The name as compared for uniqueness, computed by the server
    -- (compatibility-normalised, lowercased beyond ASCII).
    name_key                TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_name_key_unique ON projects (name_key);

-- One-off facts about this database, such as whether the demo data was seeded.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- API tokens (client credentials) of a project; the secret only as its SHA-256 hash.
CREATE TABLE client_credentials (
    client_id    TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    description  TEXT NOT NULL,
    roles        TEXT NOT NULL,
    secret_hash  BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at   BIGINT
);
CREATE INDEX client_credentials_by_project ON client_credentials (project_id, created_at);

-- Access and refresh tokens handed out for a credential, by the SHA-256
-- hash of the token; a row outlives its credential, marked revoked.
CREATE TABLE issued_tokens (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id  TEXT NOT NULL,
    project_id TEXT NOT NULL,
    roles      TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    family     TEXT,
    used_at    BIGINT
);
CREATE INDEX issued_tokens_by_client ON issued_tokens (client_id);
CREATE INDEX issued_tokens_by_family ON issued_tokens (family);
CREATE INDEX issued_tokens_by_expiry ON issued_tokens (expires_at);

-- Kafka users of a project; the password only as an Argon2id hash.
CREATE TABLE kafka_users (
    project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    username      TEXT COLLATE "C" NOT NULL,
    password_hash TEXT NOT NULL,
    whitelist_ips TEXT NOT NULL,
    acls          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (project_id, username)
);

-- Console users; the password only as an Argon2id hash.
CREATE TABLE users (
    id                 TEXT PRIMARY KEY NOT NULL,
    email              TEXT NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    password_hash      TEXT NOT NULL,
    organisation_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at         BIGINT NOT NULL,
    support            BOOLEAN NOT NULL DEFAULT FALSE,
    invited            BOOLEAN NOT NULL DEFAULT FALSE,
    -- The email as compared for uniqueness and sign-in: ASCII letters
    -- lowercased, computed by the server.
    email_key          TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key_unique ON users (email_key);

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
    token_hash BYTEA PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Requests for new projects.
CREATE TABLE project_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    requested_by    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    environment     TEXT NOT NULL,
    cloud           TEXT NOT NULL CHECK (cloud IN ('AWS', 'Azure', 'GCP')),
    region          TEXT NOT NULL,
    throughput      BIGINT NOT NULL,
    throughput_unit TEXT NOT NULL CHECK (throughput_unit IN ('events_per_second', 'mb_per_second')),
    connectors      BIGINT NOT NULL,
    requirements    TEXT NOT NULL,
    notes           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'cancelled', 'provisioned', 'declined')),
    decline_reason  TEXT,
    project_id      TEXT REFERENCES projects (id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT
);
CREATE INDEX project_requests_by_requester ON project_requests (requested_by, created_at);
CREATE INDEX project_requests_by_state ON project_requests (state, created_at);

-- Counts every change to the projects table; the list is answered from a
-- copy kept in each instance's memory, read again when this number moved.
CREATE TABLE projects_version (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO projects_version (id, n) VALUES (1, 0);

CREATE FUNCTION projects_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER projects_version_on_change
    AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION projects_version_bump();

-- The activity log: one row per change, written in the change's own
-- transaction (writes are made one at a time, so ids follow commit order).
CREATE TABLE activity (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'operator')),
    actor_id     TEXT,
    actor_name   TEXT NOT NULL,
    actor_detail TEXT,
    address      TEXT,
    action       TEXT NOT NULL,
    project_id   TEXT,
    project_name TEXT,
    target       TEXT,
    changes      TEXT NOT NULL
);
CREATE INDEX activity_by_project ON activity (project_id, id);
CREATE INDEX activity_by_time ON activity (at);

-- Set-password links of invited users, by the SHA-256 hash of the token.
CREATE TABLE invitations (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_by_user ON invitations (user_id);
