-- Why an UNAVAILABLE project is so, when it was paused by the console or
-- the operator command: `paused` by its Admin, `maintenance` by support
-- (until the end of the window), `billing_hold` by support. All empty for
-- an AVAILABLE project, and for one made UNAVAILABLE some other way.
ALTER TABLE projects ADD COLUMN pause_reason TEXT
    CHECK (pause_reason IN ('paused', 'maintenance', 'billing_hold'));
ALTER TABLE projects ADD COLUMN pause_note TEXT;
-- The name of who paused it, as it was then.
ALTER TABLE projects ADD COLUMN pause_by TEXT;
-- Milliseconds since the Unix epoch, UTC.
ALTER TABLE projects ADD COLUMN pause_since INTEGER;
ALTER TABLE projects ADD COLUMN pause_until INTEGER;
