-- Projects: one isolated streaming stack in one cloud region.
CREATE TABLE projects (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL,
    environment             TEXT NOT NULL,
    state                   TEXT NOT NULL CHECK (state IN ('AVAILABLE', 'UNAVAILABLE')),
    cloud                   TEXT NOT NULL CHECK (cloud IN ('AWS', 'Azure', 'GCP')),
    region                  TEXT NOT NULL,
    kafka_bootstrap_servers TEXT NOT NULL,
    -- Milliseconds since the Unix epoch, UTC: sorts as a number.
    created_at              INTEGER NOT NULL
);

-- Names are unique in the organisation regardless of case.
CREATE UNIQUE INDEX projects_name_unique ON projects (name COLLATE NOCASE);

-- One-off facts about this database, such as whether the demo data was seeded.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
