-- Pipelines: a source's topics streamed to a destination. The data plane
-- is simulated: each pipeline's figures are a function of its seed and the
-- time, integrated minute by minute up to `metered_until` (minutes since
-- the Unix epoch) whenever it is read or something it depends on changes.
CREATE TABLE pipelines (
    id                  TEXT PRIMARY KEY NOT NULL,
    project_id          TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    -- The name as compared for uniqueness (see projects.name_key).
    name_key            TEXT NOT NULL,
    -- JSON array of tags.
    tags                TEXT NOT NULL,
    -- A connector used by a pipeline cannot be deleted (the server refuses).
    source_id           TEXT NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    destination_id      TEXT NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
    snapshot_new_tables INTEGER NOT NULL,
    desired_state       TEXT NOT NULL CHECK (desired_state IN ('Active', 'Paused', 'Stopped')),
    seed                INTEGER NOT NULL,
    -- Milliseconds since the Unix epoch, UTC.
    started_at          INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    metered_until       INTEGER NOT NULL,
    -- When its writes began to fail (NULL while they do not).
    failing_since       INTEGER
);
CREATE UNIQUE INDEX pipelines_name_unique ON pipelines (project_id, name_key);
CREATE INDEX pipelines_by_source ON pipelines (source_id);
CREATE INDEX pipelines_by_destination ON pipelines (destination_id);

-- The source's tables a pipeline streams (one topic each), with the
-- records read and not yet written.
CREATE TABLE pipeline_topics (
    pipeline_id TEXT NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    source_table TEXT NOT NULL,
    lag         INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, source_table)
);

-- The data plane's figures per pipeline and topic: a minute's (span 60)
-- for the last day, an hour's (span 3600) before. Bytes are exact: usage
-- and billing add them up.
CREATE TABLE pipeline_metrics (
    pipeline_id   TEXT NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    source_table  TEXT NOT NULL,
    span          INTEGER NOT NULL,
    start_ms      INTEGER NOT NULL,
    records_in    INTEGER NOT NULL,
    records_out   INTEGER NOT NULL,
    bytes_in      INTEGER NOT NULL,
    bytes_out     INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    -- Records waiting at the bucket's end.
    lag           INTEGER NOT NULL,
    -- The sum of the per-minute latencies (ms) over `flowing` minutes.
    latency_total INTEGER NOT NULL,
    flowing       INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, span, start_ms, source_table)
);

-- What the data plane said about a pipeline.
CREATE TABLE pipeline_logs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline_id TEXT NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('error', 'warn', 'info')),
    message     TEXT NOT NULL
);
CREATE INDEX pipeline_logs_by_time ON pipeline_logs (pipeline_id, at);

-- Topics created by hand (sources' and dead-letter topics are derived).
CREATE TABLE topics (
    project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    num_partitions     INTEGER NOT NULL,
    replication_factor INTEGER NOT NULL,
    cleanup_policy     TEXT NOT NULL CHECK (cleanup_policy IN ('delete', 'compact')),
    retention_ms       INTEGER NOT NULL,
    retention_bytes    INTEGER NOT NULL,
    max_message_bytes  INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    PRIMARY KEY (project_id, name)
);

-- A fault the simulated data plane reports on a connector (a destination
-- rejecting its credentials): it is Broken while it lasts, and replacing
-- one of its secrets clears it.
ALTER TABLE connectors ADD COLUMN fault TEXT;
ALTER TABLE connectors ADD COLUMN fault_since INTEGER;
