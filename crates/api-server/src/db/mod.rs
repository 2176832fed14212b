//! Storage. Everything that touches SQL lives under this module, one file per
//! resource, written once for both engines (SQLite and PostgreSQL, see
//! `conn.rs`), so that the HTTP layer never knows which one it runs on.

pub mod access;
pub mod activity;
mod conn;
pub mod connectors;
pub mod credentials;
pub mod events;
pub mod kafka;
pub mod members;
pub(crate) mod migrations;
pub mod overview;
pub mod pipelines;
pub mod projects;
pub mod requests;
pub mod seed;
pub mod tokens;
pub mod topics;
pub mod usage;
pub mod users;

pub use conn::{Column, Conn, Engine, OptionalExtension, Param, Row, Tx};

use crate::params;
use rusqlite::OpenFlags;
use std::fmt;
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
/// SQLite database locked by another writer and waited its turn. A test
/// holds a lock and watches this to know that what it runs has met the lock.
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
    /// PostgreSQL reported an error.
    #[error("postgres: {}", postgres_text(.0))]
    Postgres(#[from] postgres::Error),
    /// A query that must answer a row found none.
    #[error("no row")]
    NoRow,
    /// The blocking task running the query panicked or was cancelled.
    #[error("storage task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// A row held a value the schema should have prevented.
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

/// A PostgreSQL error with what the server said (its own `Display` only
/// says "db error").
fn postgres_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({}): {}", db.message(), db.code().code(), e),
        None => e.to_string(),
    }
}

/// Where the data is: an SQLite file (the default) or a PostgreSQL
/// database, given by its URL (`postgres://user:password@host/name`).
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file, created with its folder on first start.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl std::str::FromStr for Location {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            // Checked when the database is opened, whose error shows the
            // URL without its password: an error here would be printed
            // with the value as given, password and all.
            Ok(Self::Postgres(s.to_string()))
        } else if s.is_empty() {
            Err("give a file path or a postgres:// URL".into())
        } else {
            Ok(Self::Sqlite(PathBuf::from(s)))
        }
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Self::Sqlite(path)
    }
}

impl From<&PathBuf> for Location {
    fn from(path: &PathBuf) -> Self {
        Self::Sqlite(path.clone())
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Self {
        Self::Sqlite(path.to_path_buf())
    }
}

/// Shown without the password a PostgreSQL URL may hold.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A URL with its passwords replaced by `***`: the user part's, and any
/// `password=` of its query.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", kept.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Handle to the database: a small pool of connections used from blocking
/// tasks so that queries never stall the async runtime.
#[derive(Clone)]
pub struct Db {
    pool: Arc<Pool>,
    catalog: projects::CatalogCache,
}

struct Pool {
    location: Location,
    idle: Mutex<Vec<Conn>>,
}

impl Pool {
    fn open(&self) -> Result<Conn, DbError> {
        Conn::open(&self.location)
    }

    fn take(&self) -> Result<Conn, DbError> {
        loop {
            let reused = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            match reused {
                Some(conn) if conn.is_usable() => return Ok(conn),
                Some(_) => continue,
                None => return self.open(),
            }
        }
    }

    fn give_back(&self, conn: Conn) {
        if !conn.is_usable() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}

impl Drop for Pool {
    /// A PostgreSQL session says goodbye to its server as it closes, which
    /// blocks: closed on a thread of their own, the idle sessions of a pool
    /// dropped by an async task cannot stall (or upset) its runtime.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        if idle.iter().any(|conn| conn.engine() == Engine::Postgres) {
            std::thread::spawn(move || drop(idle));
        }
    }
}

/// Whether an error is the violation of a unique constraint on
/// `table.column`, so that each is mapped to the answer it means and any
/// other stays an error.
pub fn violates(error: &DbError, index_column: &str) -> bool {
    match error {
        // SQLite names the constraint by its columns.
        DbError::Sqlite(rusqlite::Error::SqliteFailure(e, Some(message))) => {
            e.code == rusqlite::ErrorCode::ConstraintViolation
                && message.starts_with("UNIQUE constraint failed:")
                && message
                    .split(": ")
                    .nth(1)
                    .is_some_and(|cols| cols.split(", ").any(|c| c == index_column))
        }
        // PostgreSQL names the table, and the columns in its detail:
        // `Key (a, b)=(…) already exists.`
        DbError::Postgres(e) => {
            let Some(e) = e.as_db_error() else {
                return false;
            };
            let Some((table, column)) = index_column.split_once('.') else {
                return false;
            };
            *e.code() == postgres::error::SqlState::UNIQUE_VIOLATION
                && e.table() == Some(table)
                && e.detail()
                    .and_then(|d| d.strip_prefix("Key ("))
                    .and_then(|d| d.split_once(")="))
                    .is_some_and(|(cols, _)| cols.split(", ").any(|c| c == column))
        }
        _ => false,
    }
}

/// How many rows come before page `page` (from 1) of `page_size`: the
/// SQL `OFFSET`.
pub fn offset_of(page: u32, page_size: u32) -> i64 {
    i64::from(page.max(1) - 1) * i64::from(page_size)
}

/// The list envelope of page `page` of `page_size`: its `result`, read
/// from [`offset_of`], out of `total` rows counted.
pub fn page_envelope<T>(
    result: Vec<T>,
    page: u32,
    page_size: u32,
    total: i64,
) -> api_types::ListResponse<T> {
    let total = u64::try_from(total).unwrap_or_default();
    let offset = u64::try_from(offset_of(page, page_size)).unwrap_or_default();
    api_types::ListResponse {
        has_next: offset.saturating_add(result.len() as u64) < total,
        result,
        page,
        page_size,
        total,
    }
}

/// A LIKE pattern (with `ESCAPE '\'`) matching any text that contains
/// `text` as it is: its `%`, `_` and `\` are matched literally. Compare
/// it with lowercased text, lowercased itself, for a search that ignores
/// case on both engines.
pub fn like_containing(text: &str) -> String {
    let mut out = String::from("%");
    // PostgreSQL's text cannot hold NUL (binding it fails), and nothing
    // stored has one: it is left out, on both engines alike.
    for c in text.chars().filter(|c| *c != '\0') {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Forgets one batch of expired sessions and issued tokens, and the failed
/// sign-ins nobody has repeated for a day (at most the limiter's capacity);
/// the number of rows forgotten. Each is its own short write.
pub fn prune_expired(
    conn: &mut Conn,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, DbError> {
    let tokens = tokens::prune(conn, now)?;
    let sessions = users::prune_sessions(conn, now, tokens::PRUNE_BATCH)?;
    let strikes = forget_stale_strikes(conn, now.timestamp_millis())?;
    Ok(tokens + sessions + strikes)
}

/// How long a failed sign-in is remembered once it is not repeated, in
/// milliseconds.
pub const STRIKES_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// Forgets the failed sign-ins nobody has repeated for [`STRIKES_KEPT_MS`]
/// and that block nothing at `now_ms`; how many.
pub fn forget_stale_strikes(conn: &Conn, now_ms: i64) -> Result<usize, DbError> {
    conn.execute(
        "DELETE FROM sign_in_strikes WHERE last_at <= ?1 AND (blocked_until IS NULL OR blocked_until <= ?2)",
        params![now_ms - STRIKES_KEPT_MS, now_ms],
    )
}

impl Conn {
    /// Opens one connection to the database at `location`, as the pool
    /// does, without bringing its schema up to date (see [`Db::open`]).
    /// Blocks: call it from a blocking task or a thread of its own.
    pub fn open(location: &Location) -> Result<Self, DbError> {
        match location {
            Location::Sqlite(path) => {
                let mut conn = rusqlite::Connection::open_with_flags(
                    path,
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
                conn.set_prepared_statement_cache_capacity(64);
                Ok(Conn::sqlite(conn))
            }
            Location::Postgres(url) => {
                let client = postgres::Client::connect(url, postgres::NoTls)?;
                Ok(Conn::postgres(client))
            }
        }
    }
}

impl Db {
    /// Opens (creating an SQLite file if needed) the database and brings its
    /// schema up to date.
    pub async fn open(location: impl Into<Location>) -> Result<Self, DbError> {
        let db = Self {
            pool: Arc::new(Pool {
                location: location.into(),
                idle: Mutex::new(Vec::new()),
            }),
            catalog: projects::CatalogCache::default(),
        };
        db.call(migrations::apply).await?;
        Ok(db)
    }

    /// The engine this database runs on.
    pub fn engine(&self) -> Engine {
        match self.pool.location {
            Location::Sqlite(_) => Engine::Sqlite,
            Location::Postgres(_) => Engine::Postgres,
        }
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
        F: FnOnce(&mut Conn) -> Result<T, DbError> + Send + 'static,
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
    use super::{like_containing, Location};

    #[test]
    fn a_search_matches_its_text_literally() {
        assert_eq!(like_containing("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(like_containing("a\0b"), "%ab%");
    }

    #[test]
    fn a_postgres_url_is_shown_without_its_password() {
        let shown = |s: &str| s.parse::<Location>().unwrap().to_string();
        assert_eq!(
            shown("postgres://console:s3cret@db.internal:5432/console"),
            "postgres://console:***@db.internal:5432/console"
        );
        assert_eq!(
            shown("postgresql://db.internal/console?user=c&password=s3cret"),
            "postgresql://db.internal/console?user=c&password=***"
        );
        assert_eq!(
            shown("postgres://app@db/x?password=s3cret&sslmode=disable"),
            "postgres://app@db/x?password=***&sslmode=disable"
        );
        assert_eq!(
            shown("postgres://app:s3cret@db/x?PASSWORD=s3cret"),
            "postgres://app:***@db/x?PASSWORD=***"
        );
        assert_eq!(shown("data/console.sqlite3"), "data/console.sqlite3");
        // A URL that cannot be used is refused when opened, and the error
        // does not repeat its password.
        let odd: Location = "postgres://app:s3cret@host:notaport/x".parse().unwrap();
        let error = super::Conn::open(&odd).err().unwrap().to_string();
        assert!(!error.contains("s3cret"), "{error}");
    }
}
