//! Versioned schema migrations, embedded in the binary and applied in order,
//! each in its own transaction, on every start. Each engine has its own
//! list: SQLite's keeps the history of databases already in use, while
//! PostgreSQL's starts from the schema those migrations reached.

use super::conn::MIGRATION_LOCK;
use super::{Conn, DbError, Engine};
use crate::params;

/// `(version, sql)`, in ascending order. Never edit an applied migration: add one
/// (to both lists, under the same number, from 9 on).
/// A migration that rebuilds the `projects` table must create the
/// `projects_version_*` triggers of 0005 again: the list is answered from
/// memory and only notices changes through them (a test checks they exist).
const SQLITE: &[(i64, &str)] = &[
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
    (8, include_str!("../../migrations/0008_email_key.sql")),
    (9, include_str!("../../migrations/0009_sign_in_strikes.sql")),
    (10, include_str!("../../migrations/0010_connectors.sql")),
    (
        11,
        include_str!("../../migrations/0011_access_requests.sql"),
    ),
    (12, include_str!("../../migrations/0012_pipelines.sql")),
    (13, include_str!("../../migrations/0013_project_pauses.sql")),
    (14, include_str!("../../migrations/0014_events.sql")),
];

/// PostgreSQL's: version 8 is the whole schema SQLite's first eight reach.
const POSTGRES: &[(i64, &str)] = &[
    (8, include_str!("../../migrations/postgres/0001_schema.sql")),
    (
        9,
        include_str!("../../migrations/postgres/0009_sign_in_strikes.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_connectors.sql"),
    ),
    (
        11,
        include_str!("../../migrations/postgres/0011_access_requests.sql"),
    ),
    (
        12,
        include_str!("../../migrations/postgres/0012_pipelines.sql"),
    ),
    (
        13,
        include_str!("../../migrations/postgres/0013_project_pauses.sql"),
    ),
    (
        14,
        include_str!("../../migrations/postgres/0014_events.sql"),
    ),
];

/// What a migration needs done in Rust, after its SQL and in the same
/// transaction: values SQL cannot compute.
fn after(engine: Engine, version: i64, tx: &Conn) -> Result<(), DbError> {
    match (engine, version) {
        (Engine::Sqlite, 6) => super::projects::fill_name_keys(tx),
        (Engine::Sqlite, 8) => super::users::fill_email_keys(tx),
        _ => Ok(()),
    }
}

/// Applies every migration the database has not seen yet. On PostgreSQL,
/// under a lock, so that instances started together apply each once.
pub fn apply(conn: &mut Conn) -> Result<(), DbError> {
    let engine = conn.engine();
    if engine == Engine::Postgres {
        conn.query_row(
            "SELECT pg_advisory_lock(?1)",
            params![MIGRATION_LOCK],
            |_| Ok(()),
        )?;
    }
    let applied = apply_each(conn, engine);
    if engine == Engine::Postgres {
        let unlocked = conn.query_row(
            "SELECT pg_advisory_unlock(?1)",
            params![MIGRATION_LOCK],
            |_| Ok(()),
        );
        applied?;
        unlocked?;
        return Ok(());
    }
    applied
}

fn apply_each(conn: &mut Conn, engine: Engine) -> Result<(), DbError> {
    let (list, version_type, applied_at) = match engine {
        Engine::Sqlite => (
            SQLITE,
            "INTEGER",
            "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        ),
        Engine::Postgres => (POSTGRES, "BIGINT", "TIMESTAMPTZ NOT NULL DEFAULT now()"),
    };
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    {version_type} PRIMARY KEY NOT NULL,
            applied_at {applied_at}
        )"
    ))?;
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        params![],
        |row| row.get(0),
    )?;
    for (version, sql) in list.iter().filter(|(v, _)| *v > current) {
        let tx = conn.write_tx()?;
        tx.execute_batch(sql)?;
        after(engine, *version, &tx)?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES (?1)",
            params![*version],
        )?;
        tx.commit()?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{users, Location};

    /// A database made before emails had a key is upgraded: each user gets
    /// theirs, and signing in and the operator command still find them
    /// whatever the case typed.
    #[test]
    fn users_of_an_older_database_get_their_email_keys() {
        let mut conn = Conn::open(&Location::Sqlite(":memory:".into())).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, applied_at TEXT)",
        )
        .unwrap();
        for (version, sql) in &SQLITE[..7] {
            let tx = conn.write_tx().unwrap();
            tx.execute_batch(sql).unwrap();
            after(Engine::Sqlite, *version, &tx).unwrap();
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES (?1)",
                params![*version],
            )
            .unwrap();
            tx.commit().unwrap();
        }
        conn.execute_batch(
            "INSERT INTO users (id, email, name, password_hash, created_at)
             VALUES ('u1', 'Ana.Lopez@Example.com', 'Ana', 'h', 1)",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let account = users::find_by_email(&conn, "ana.lopez@EXAMPLE.COM")
            .unwrap()
            .expect("found by any case");
        assert_eq!(account.user.email, "Ana.Lopez@Example.com");
        let id = users::upsert(
            &conn,
            "u2",
            "ANA.LOPEZ@example.com",
            "Ana L",
            "h2",
            false,
            chrono::Utc::now(),
        )
        .unwrap();
        assert_eq!(id, "u1", "the same user, changed");
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM users", params![], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }
}
