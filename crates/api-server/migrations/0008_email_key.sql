-- A user's email as compared for uniqueness and sign-in: ASCII letters
-- lowercased (as COLLATE NOCASE compared it), kept in a column the server
-- fills so that SQLite and PostgreSQL compare emails the same way. Filled
-- right after this migration, which then moves the unique index onto it.
ALTER TABLE users ADD COLUMN email_key TEXT;
