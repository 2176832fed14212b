//! Versioned schema migrations, embedded in the binary and applied in order,
//! each in its own transaction, on every start.

use super::DbError;
use rusqlite::Connection;

/// `(version, sql)`, in ascending order. Never edit an applied migration: add one.
/// A migration that rebuilds the `projects` table must create the
/// `projects_version_*` triggers of 0005 again: the list is answered from
/// memory and only notices changes through them (a test checks they exist).
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_projects.sql")),
    (2, include_str!("../../migrations/0002_access.sql")),
    (3, include_str!("../../migrations/0003_users.sql")),
    (
        4,
        include_str!("../../migrations/0004_project_requests.sql"),
    ),
    (
        5,
        include_str!("../../migrations/0005_projects_version.sql"),
    ),
    (6, include_str!("../../migrations/0006_hardening.sql")),
    (
        7,
        include_str!("../../migrations/0007_members_activity.sql"),
    ),
];

/// What a migration needs done in Rust, after its SQL and in the same
/// transaction: values SQL cannot compute.
fn after(version: i64, tx: &rusqlite::Transaction<'_>) -> Result<(), DbError> {
    match version {
        6 => super::projects::fill_name_keys(tx),
        _ => Ok(()),
    }
}

/// Applies every migration the database has not seen yet.
pub fn apply(conn: &mut Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY NOT NULL,
            applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )",
    )?;
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        after(*version, &tx)?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES (?1)",
            [version],
        )?;
        tx.commit()?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}
