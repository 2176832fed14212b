//! One connection type over both engines, so that every query is written
//! once: SQLite (a file, the zero-setup default) and PostgreSQL (shared by
//! several server instances).
//!
//! Queries are written with numbered parameters (`?1`, `?2`…), which SQLite
//! reads as they are and which are rewritten to `$1`, `$2`… for PostgreSQL.
//! Values are bound and read as the same Rust types on both: `i64` for
//! every integer (`BIGINT` on PostgreSQL), `bool` for flags (`BOOLEAN`;
//! `0`/`1` in SQLite), `String` for text and `Vec<u8>`/`&[u8]` for bytes
//! (`BYTEA`).

use super::DbError;
use std::cell::RefCell;
use std::collections::HashMap;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A value bound to a query parameter. Only the types both engines store
/// the same way: a `u32`, say, would be bound by PostgreSQL as an `oid`
/// and refused at run time, so it does not compile (convert it to `i64`).
pub trait Param: rusqlite::ToSql + postgres::types::ToSql + Sync {}
impl Param for i64 {}
impl Param for bool {}
impl Param for String {}
impl Param for &str {}
impl Param for Vec<u8> {}
impl Param for &[u8] {}
impl<T: Param> Param for Option<T> {}
impl<T: Param> Param for &T {}

/// A value read from a column: anything both engines can read.
pub trait Column: rusqlite::types::FromSql + for<'r> postgres::types::FromSql<'r> {}
impl<T: rusqlite::types::FromSql + for<'r> postgres::types::FromSql<'r>> Column for T {}

/// A column's position in a row, from 0.
pub trait ColumnIndex {
    /// The position.
    fn position(self) -> usize;
}

impl ColumnIndex for usize {
    fn position(self) -> usize {
        self
    }
}

/// The parameters of a query, in order: `params![a, b]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::Param] };
    ($($value:expr),+ $(,)?) => {
        &[$(&$value as &dyn $crate::db::Param),+] as &[&dyn $crate::db::Param]
    };
}

/// One row of a query's answer.
pub enum Row<'a> {
    /// From SQLite.
    Sqlite(&'a rusqlite::Row<'a>),
    /// From PostgreSQL.
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// The value of the column at `index`.
    pub fn get<I: ColumnIndex, T: Column>(&self, index: I) -> Result<T, DbError> {
        let index = index.position();
        Ok(match self {
            Row::Sqlite(row) => row.get(index)?,
            Row::Postgres(row) => row.try_get(index)?,
        })
    }
}

/// `Result::optional`: no row becomes `None` instead of an error.
pub trait OptionalExtension<T> {
    /// `Ok(None)` when the query found no row.
    fn optional(self) -> Result<Option<T>, DbError>;
}

impl<T> OptionalExtension<T> for Result<T, DbError> {
    fn optional(self) -> Result<Option<T>, DbError> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(DbError::NoRow) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A PostgreSQL session with the statements it has prepared, by their text.
pub(super) struct PgSession {
    client: postgres::Client,
    prepared: HashMap<String, postgres::Statement>,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgSession>>),
}

/// A connection to the database, used by one blocking task at a time.
pub struct Conn {
    inner: Inner,
}

/// Statements a PostgreSQL session keeps prepared before it forgets them
/// all (generated queries, such as filters, vary).
const MAX_PREPARED: usize = 256;

/// The key of the PostgreSQL advisory lock every writing transaction holds,
/// so that writes are made one at a time as in SQLite (`BEGIN IMMEDIATE`):
/// a rule read and then relied on (the last organisation admin, a name
/// still free) cannot be broken by a write made meanwhile by another
/// instance.
const WRITE_LOCK: i64 = 0x7472_6962_7574_6172; // "tributar"

/// The key of the advisory lock held while migrations are applied, so that
/// instances started together apply each one once.
pub(super) const MIGRATION_LOCK: i64 = 0x7472_6962_6d69_6772; // "tribmigr"

impl Conn {
    pub(super) fn sqlite(conn: rusqlite::Connection) -> Self {
        Self {
            inner: Inner::Sqlite(conn),
        }
    }

    pub(super) fn postgres(client: postgres::Client) -> Self {
        Self {
            inner: Inner::Postgres(Box::new(RefCell::new(PgSession {
                client,
                prepared: HashMap::new(),
            }))),
        }
    }

    /// The engine behind this connection.
    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Whether the connection can still be used (a PostgreSQL session
    /// ends when its server restarts).
    pub(super) fn is_usable(&self) -> bool {
        match &self.inner {
            Inner::Sqlite(_) => true,
            Inner::Postgres(session) => !session.borrow().client.is_closed(),
        }
    }

    /// The SQLite connection, for what only SQLite has (its pragmas).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(conn) => Some(conn),
            Inner::Postgres(_) => None,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize, DbError> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                Ok(statement.execute(sqlite_params(params).as_slice())?)
            }
            Inner::Postgres(session) => {
                let mut session = session.borrow_mut();
                let statement = session.statement(sql)?;
                let changed = session.client.execute(&statement, &pg_params(params))?;
                Ok(usize::try_from(changed).unwrap_or(usize::MAX))
            }
        }
    }

    /// Runs several statements separated by semicolons, with no parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<(), DbError> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Inner::Postgres(session) => Ok(session.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// The first row of a query, read by `read`; [`DbError::NoRow`] when
    /// there is none (see [`OptionalExtension::optional`]).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnOnce(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(sqlite_params(params).as_slice())?;
                match rows.next()? {
                    Some(row) => read(&Row::Sqlite(row)),
                    None => Err(DbError::NoRow),
                }
            }
            Inner::Postgres(_) => {
                let rows = self.pg_query(sql, params)?;
                match rows.first() {
                    Some(row) => read(&Row::Postgres(row)),
                    None => Err(DbError::NoRow),
                }
            }
        }
    }

    /// Every row of a query, each read by `read`, in order.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut read: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(sqlite_params(params).as_slice())?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(read(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Inner::Postgres(_) => {
                let rows = self.pg_query(sql, params)?;
                rows.iter().map(|row| read(&Row::Postgres(row))).collect()
            }
        }
    }

    fn pg_query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<postgres::Row>, DbError> {
        let Inner::Postgres(session) = &self.inner else {
            unreachable!("only called on PostgreSQL connections")
        };
        let mut session = session.borrow_mut();
        let statement = session.statement(sql)?;
        Ok(session.client.query(&statement, &pg_params(params))?)
    }

    /// Starts a transaction that writes. Writing transactions run one at a
    /// time: SQLite's `BEGIN IMMEDIATE`, a transaction-wide advisory lock
    /// on PostgreSQL. Rolled back unless committed.
    pub fn write_tx(&mut self) -> Result<Tx<'_>, DbError> {
        match self.engine() {
            Engine::Sqlite => self.execute_batch("BEGIN IMMEDIATE")?,
            Engine::Postgres => {
                // One round trip for both.
                if let Err(e) = self.execute_batch(&format!(
                    "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
                )) {
                    let _ = self.execute_batch("ROLLBACK");
                    return Err(e);
                }
            }
        }
        Ok(Tx {
            conn: self,
            open: true,
        })
    }

    /// Starts a transaction that only reads, and sees the database as it
    /// was at its first read throughout.
    pub fn read_tx(&mut self) -> Result<Tx<'_>, DbError> {
        match self.engine() {
            Engine::Sqlite => self.execute_batch("BEGIN")?,
            Engine::Postgres => {
                self.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?
            }
        }
        Ok(Tx {
            conn: self,
            open: true,
        })
    }
}

impl PgSession {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, DbError> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&numbered_dollars(sql))?;
        if self.prepared.len() >= MAX_PREPARED {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

fn sqlite_params<'a>(params: &'a [&'a dyn Param]) -> Vec<&'a dyn rusqlite::ToSql> {
    params.iter().map(|p| *p as &dyn rusqlite::ToSql).collect()
}

fn pg_params<'a>(params: &'a [&'a dyn Param]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| *p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// `?1` → `$1` outside quoted text and identifiers.
fn numbered_dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// A transaction: the connection it runs on, rolled back when dropped
/// uncommitted.
pub struct Tx<'a> {
    conn: &'a mut Conn,
    open: bool,
}

impl Tx<'_> {
    /// Makes the transaction's changes permanent.
    pub fn commit(mut self) -> Result<(), DbError> {
        self.open = false;
        let committed = self.conn.execute_batch("COMMIT");
        if committed.is_err() {
            // Whatever the failure left open is ended before the
            // connection is used again.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        committed
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            if let Err(e) = self.conn.execute_batch("ROLLBACK") {
                tracing::warn!(error = %e, "rolling back failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numbered_dollars;

    #[test]
    fn numbered_parameters_become_dollars_outside_quotes() {
        assert_eq!(
            numbered_dollars("SELECT a FROM t WHERE b = ?1 AND c LIKE ?2 ESCAPE '\\' AND d = '?3'"),
            "SELECT a FROM t WHERE b = $1 AND c LIKE $2 ESCAPE '\\' AND d = '?3'"
        );
    }
}
