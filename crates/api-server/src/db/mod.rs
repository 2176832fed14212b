//! Storage. Everything that touches SQL lives under this module, one file per
//! resource, so that another database can be added beside SQLite without the
//! HTTP layer noticing.

pub mod activity;
pub mod credentials;
pub mod kafka;
pub mod members;
mod migrations;
pub mod projects;
pub mod requests;
pub mod seed;
pub mod tokens;
pub mod users;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Idle connections kept open for reuse; more are opened under load and
/// closed when returned to a full pool.
const MAX_IDLE: usize = 8;

/// How long a connection waits for another's write to finish before it
/// gives up with a busy error.
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// How often a waiting connection tries again.
const LOCK_RETRY: Duration = Duration::from_millis(5);

/// Times a connection of this process found the database locked by another
/// writer and waited for it.
static LOCK_WAITS: AtomicU64 = AtomicU64::new(0);

/// How many times, since the process started, a connection found the
/// database locked by another writer and waited its turn. A test holds a
/// lock and watches this to know that what it runs has met the lock.
pub fn lock_waits() -> u64 {
    LOCK_WAITS.load(Ordering::Relaxed)
}

/// SQLite's busy handler: counts the wait, then tries again every
/// [`LOCK_RETRY`] until [`LOCK_WAIT`] has passed.
fn wait_for_lock(attempt: i32) -> bool {
    if attempt == 0 {
        LOCK_WAITS.fetch_add(1, Ordering::Relaxed);
    }
    let waited = LOCK_RETRY.saturating_mul(u32::try_from(attempt).unwrap_or(u32::MAX));
    if waited >= LOCK_WAIT {
        return false;
    }
    std::thread::sleep(LOCK_RETRY);
    true
}

/// A storage failure. Its text goes to the log, never to a client.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite reported an error.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The blocking task running the query panicked or was cancelled.
    #[error("storage task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// A row held a value the schema should have prevented.
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

/// Handle to the database: a small pool of SQLite connections used from
/// blocking tasks so that queries never stall the async runtime.
#[derive(Clone)]
pub struct Db {
    pool: Arc<Pool>,
    catalog: projects::CatalogCache,
}

struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    fn open(&self) -> rusqlite::Result<Connection> {
        let mut conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_handler(Some(wait_for_lock))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged change (a token deleted or regenerated, a
        // password changed) survives a power loss, not only a killed process.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }

    fn take(&self) -> rusqlite::Result<Connection> {
        let reused = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match reused {
            Some(conn) => Ok(conn),
            None => self.open(),
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}

/// Whether a SQLite error is the violation of a unique constraint on
/// `table.column` (SQLite names the constraint by its columns), so that
/// each is mapped to the answer it means and any other stays an error.
pub fn violates(error: &rusqlite::Error, index_column: &str) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, Some(message))
            if e.code == rusqlite::ErrorCode::ConstraintViolation
                && message.starts_with("UNIQUE constraint failed:")
                && message.split(": ").nth(1).is_some_and(|cols| {
                    cols.split(", ").any(|c| c == index_column)
                })
    )
}

/// A LIKE pattern (with `ESCAPE '\'`) matching any text that contains
/// `text` as it is: its `%`, `_` and `\` are matched literally.
pub fn like_containing(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Forgets one batch of expired sessions and issued tokens; the number of
/// rows forgotten. Each batch is its own short write.
pub fn prune_expired(
    conn: &mut Connection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, DbError> {
    let tokens = tokens::prune(conn, now)?;
    let sessions = users::prune_sessions(conn, now, tokens::PRUNE_BATCH)?;
    Ok(tokens + sessions)
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub async fn open(path: &Path) -> Result<Self, DbError> {
        let db = Self {
            pool: Arc::new(Pool {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
            }),
            catalog: projects::CatalogCache::default(),
        };
        db.call(migrations::apply).await?;
        Ok(db)
    }

    /// The projects as the list answers from them, shared by every request.
    pub fn catalog(&self) -> projects::CatalogCache {
        self.catalog.clone()
    }

    /// Forgets expired sessions and issued tokens every `every`, off the
    /// request path, in batches that hold the write lock only briefly.
    /// Runs until the runtime stops.
    pub fn prune_periodically(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let db = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            loop {
                ticks.tick().await;
                loop {
                    let now = crate::clock::now();
                    match db.call(move |conn| prune_expired(conn, now)).await {
                        Ok(n) if n > 0 => tokio::task::yield_now().await,
                        Ok(_) => break,
                        Err(e) => {
                            tracing::warn!(error = %e, "pruning expired rows failed");
                            break;
                        }
                    }
                }
            }
        })
    }

    /// Runs `f` on a pooled connection in a blocking task.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.take()?;
            let result = f(&mut conn);
            pool.give_back(conn);
            result
        })
        .await?
    }
}

#[cfg(test)]
mod tests {
    use super::like_containing;

    #[test]
    fn a_search_matches_its_text_literally() {
        assert_eq!(like_containing("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
