-- API tokens (client credentials) of a project. The secret is kept only as
-- its SHA-256 hash.
CREATE TABLE client_credentials (
    client_id    TEXT PRIMARY KEY NOT NULL,
    project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    description  TEXT NOT NULL,
    -- Role keys, comma-separated, most powerful first.
    roles        TEXT NOT NULL,
    secret_hash  BLOB NOT NULL,
    -- Milliseconds since the Unix epoch, UTC.
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at   INTEGER
);
CREATE INDEX client_credentials_by_project ON client_credentials (project_id, created_at);

-- Access and refresh tokens handed out for a credential, by the SHA-256 hash
-- of the token. A row outlives its credential (no foreign key), marked
-- revoked, so that a client is told why its token stopped working.
CREATE TABLE issued_tokens (
    token_hash BLOB PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id  TEXT NOT NULL,
    project_id TEXT NOT NULL,
    roles      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX issued_tokens_by_client ON issued_tokens (client_id);

-- Kafka users of a project. The password is kept only as an Argon2id hash.
CREATE TABLE kafka_users (
    project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    username      TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Comma-separated CIDRs, normalised; empty for any IP.
    whitelist_ips TEXT NOT NULL,
    -- The ACLs as a JSON array of {resource, topic_name, resource_pattern_type, operation}.
    acls          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (project_id, username)
);
