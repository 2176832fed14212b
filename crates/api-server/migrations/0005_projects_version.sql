-- Counts every change to the projects table, whoever makes it. The list of
-- projects is answered from a copy kept in memory, read again only when
-- this number has moved.
CREATE TABLE projects_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO projects_version (id, n) VALUES (1, 0);

CREATE TRIGGER projects_version_on_insert AFTER INSERT ON projects
BEGIN
    UPDATE projects_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER projects_version_on_update AFTER UPDATE ON projects
BEGIN
    UPDATE projects_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER projects_version_on_delete AFTER DELETE ON projects
BEGIN
    UPDATE projects_version SET n = n + 1 WHERE id = 1;
END;
