-- The outbox of live updates: one row per change a console may want to
-- show at once, written in the change's own transaction. Event streams
-- read it (`GET /api/events`), so that any server instance sharing the
-- database can serve any stream. Rows older than a day are pruned; a
-- stream that asks for older ones is told to load everything again.
--   topic:      project | resources | members | requests | access | session
--   project_id: the project it is about, if any
--   user_id:    the user it is addressed to, if any (the requester of a
--               request, the member whose roles changed, who signed out)
--   action:     the change, as the activity log names it
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    topic      TEXT NOT NULL,
    project_id TEXT,
    user_id    TEXT,
    action     TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (at);
