-- Issued tokens: the chain a token belongs to (every pair that one
-- exchange of a secret led to, through refreshes), and when a refresh
-- token was spent, so that a spent one presented again revokes its chain.
ALTER TABLE issued_tokens ADD COLUMN family TEXT;
ALTER TABLE issued_tokens ADD COLUMN used_at INTEGER;
CREATE INDEX issued_tokens_by_family ON issued_tokens (family);
-- Expired rows are pruned in batches, oldest first.
CREATE INDEX issued_tokens_by_expiry ON issued_tokens (expires_at);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- A project name as compared for uniqueness: compatibility-normalised and
-- lowercased beyond ASCII (so "Été", "ÉTÉ" and "E\u0301te\u0301" collide).
-- Filled by the server, which computes it, right after this migration; its
-- unique index is created then.
ALTER TABLE projects ADD COLUMN name_key TEXT;
