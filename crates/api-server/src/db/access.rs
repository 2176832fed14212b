//! The `client_credentials` and `issued_tokens` tables.

use super::DbError;
use api_types::{ClientCredential, ProjectId, RoleKey};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "client_id, project_id, description, roles, created_at, last_used_at, expires_at";

fn time(ms: i64, what: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .ok_or_else(|| DbError::Corrupt(format!("{what} {ms}")))
}

/// Role keys as stored: comma-separated.
pub fn roles_text(roles: &[RoleKey]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Role keys read back.
pub fn parse_roles(text: &str) -> Result<Vec<RoleKey>, DbError> {
    text.split(',')
        .map(|r| RoleKey::parse(r).ok_or_else(|| DbError::Corrupt(format!("role {r:?}"))))
        .collect()
}

fn from_row(row: &Row<'_>) -> Result<ClientCredential, DbError> {
    let client_id: String = row.get(0)?;
    let project: String = row.get(1)?;
    let roles: String = row.get(3)?;
    let optional = |i: usize, what: &str| -> Result<Option<DateTime<Utc>>, DbError> {
        row.get::<_, Option<i64>>(i)?
            .map(|ms| time(ms, what))
            .transpose()
    };
    Ok(ClientCredential {
        project_id: ProjectId::parse(&project)
            .map_err(|_| DbError::Corrupt(format!("credential {client_id} project {project:?}")))?,
        description: row.get(2)?,
        roles: parse_roles(&roles)?
            .into_iter()
            .map(RoleKey::role)
            .collect(),
        created_at: time(row.get(4)?, "credential created_at")?,
        last_used_at: optional(5, "credential last_used_at")?,
        expires_at: optional(6, "credential expires_at")?,
        client_id,
    })
}

/// The project's tokens, oldest first.
pub fn list(conn: &Connection, project: &ProjectId) -> Result<Vec<ClientCredential>, DbError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM client_credentials WHERE project_id = ?1 ORDER BY created_at, client_id"
    ))?;
    let mut rows = stmt.query([project.as_str()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}

/// One token of the project.
pub fn get(
    conn: &Connection,
    project: &ProjectId,
    client_id: &str,
) -> Result<Option<ClientCredential>, DbError> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM client_credentials WHERE project_id = ?1 AND client_id = ?2"
        ),
        params![project.as_str(), client_id],
        |row| Ok(from_row(row)),
    )
    .optional()?
    .transpose()
}

/// Inserts a token.
pub fn insert(
    conn: &Connection,
    credential: &ClientCredential,
    secret_hash: &[u8],
) -> Result<(), DbError> {
    let roles: Vec<RoleKey> = credential.roles.iter().map(|r| r.key).collect();
    conn.execute(
        &format!("INSERT INTO client_credentials ({COLUMNS}, secret_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            credential.client_id,
            credential.project_id.as_str(),
            credential.description,
            roles_text(&roles),
            credential.created_at.timestamp_millis(),
            credential.last_used_at.map(|t| t.timestamp_millis()),
            credential.expires_at.map(|t| t.timestamp_millis()),
            secret_hash,
        ],
    )?;
    Ok(())
}

/// Marks every token issued for `client_id` revoked.
fn revoke_issued(conn: &Connection, client_id: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    conn.execute(
        "UPDATE issued_tokens SET revoked_at = ?2 WHERE client_id = ?1 AND revoked_at IS NULL",
        params![client_id, now.timestamp_millis()],
    )?;
    Ok(())
}

/// Deletes a token and revokes what was issued for it; false if unknown.
pub fn delete(
    conn: &mut Connection,
    project: &ProjectId,
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let tx = conn.transaction()?;
    let n = tx.execute(
        "DELETE FROM client_credentials WHERE project_id = ?1 AND client_id = ?2",
        params![project.as_str(), client_id],
    )?;
    if n > 0 {
        revoke_issued(&tx, client_id, now)?;
    }
    tx.commit()?;
    Ok(n > 0)
}

/// Gives a token a new secret and revokes what was issued for the old one.
pub fn rotate(
    conn: &mut Connection,
    project: &ProjectId,
    client_id: &str,
    secret_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<ClientCredential>, DbError> {
    let tx = conn.transaction()?;
    let n = tx.execute(
        "UPDATE client_credentials SET secret_hash = ?3 WHERE project_id = ?1 AND client_id = ?2",
        params![project.as_str(), client_id, secret_hash],
    )?;
    if n > 0 {
        revoke_issued(&tx, client_id, now)?;
    }
    let credential = get(&tx, project, client_id)?;
    tx.commit()?;
    Ok(credential)
}

/// A token by client id, with its secret's hash, for an exchange.
pub fn for_exchange(
    conn: &Connection,
    client_id: &str,
) -> Result<Option<(ClientCredential, Vec<u8>)>, DbError> {
    conn.query_row(
        &format!("SELECT {COLUMNS}, secret_hash FROM client_credentials WHERE client_id = ?1"),
        [client_id],
        |row| Ok(from_row(row).and_then(|c| Ok((c, row.get::<_, Vec<u8>>(7)?)))),
    )
    .optional()?
    .transpose()
}

/// Access or refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A bearer token for API calls.
    Access,
    /// A token to get a new pair.
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }
}

/// An issued token, as stored.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The credential it was issued for.
    pub client_id: String,
    /// The project it works in.
    pub project_id: String,
    /// Its roles.
    pub roles: Vec<RoleKey>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether its credential was deleted or regenerated, or it was used up.
    pub revoked: bool,
    /// Whether it is a refresh token that was already exchanged.
    pub spent: bool,
}

/// An issued token by its hash.
pub fn find_issued(
    conn: &Connection,
    hash: &[u8],
    kind: TokenKind,
) -> Result<Option<Issued>, DbError> {
    let row = conn
        .query_row(
            "SELECT client_id, project_id, roles, expires_at, revoked_at, used_at FROM issued_tokens WHERE token_hash = ?1 AND kind = ?2",
            params![hash, kind.as_str()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            },
        )
        .optional()?;
    row.map(|(client_id, project_id, roles, expires, revoked, used)| {
        Ok(Issued {
            client_id,
            project_id,
            roles: parse_roles(&roles)?,
            expires_at: time(expires, "token expires_at")?,
            revoked: revoked.is_some(),
            spent: used.is_some(),
        })
    })
    .transpose()
}

/// What proves that a new pair may be issued.
#[derive(Clone)]
pub enum Proof {
    /// The API token's secret, checked by its hash: it must still be the
    /// token's secret when the pair is written (a regeneration may have
    /// committed since it was checked).
    Secret(Vec<u8>),
    /// A refresh token, by its hash: it must still be unused, unrevoked and
    /// unexpired, and is spent by the same transaction.
    Refresh(Vec<u8>),
}

/// A pair to issue: the hashes of the two new tokens and what they carry.
pub struct NewPair {
    /// The API token they are issued for.
    pub client_id: String,
    /// Its project.
    pub project_id: String,
    /// Its roles.
    pub roles: Vec<RoleKey>,
    /// Hash of the new access token.
    pub access_hash: Vec<u8>,
    /// When the access token expires.
    pub access_expires: DateTime<Utc>,
    /// Hash of the new refresh token.
    pub refresh_hash: Vec<u8>,
    /// When the refresh token expires.
    pub refresh_expires: DateTime<Utc>,
    /// The chain a pair from a secret starts; a refresh keeps its chain.
    pub new_family: String,
}

/// What came of [`issue_pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuance {
    /// The pair is stored and works.
    Issued,
    /// The proof no longer holds: the secret was regenerated, the token
    /// deleted, or the refresh token revoked or expired.
    Refused,
    /// A refresh token that was already spent was presented again: every
    /// token of its chain is now revoked.
    Reused,
}

/// Issues a pair in one transaction with the check of its `proof`, so that
/// nothing committed between the check and the write (a regeneration, a
/// deletion, another refresh with the same token) can be beaten: a
/// regeneration either commits first, and the proof fails, or after, and
/// revokes the pair.
pub fn issue_pair(
    conn: &mut Connection,
    proof: &Proof,
    pair: &NewPair,
    now: DateTime<Utc>,
) -> Result<Issuance, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let stored: Option<Vec<u8>> = tx
        .query_row(
            "SELECT secret_hash FROM client_credentials WHERE client_id = ?1",
            [&pair.client_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(stored) = stored else {
        return Ok(Issuance::Refused);
    };
    let family = match proof {
        Proof::Secret(hash) => {
            // Both are SHA-256 digests; compared in constant time all the same.
            if !bool::from(subtle::ConstantTimeEq::ct_eq(
                stored.as_slice(),
                hash.as_slice(),
            )) {
                return Ok(Issuance::Refused);
            }
            pair.new_family.clone()
        }
        Proof::Refresh(hash) => match spend(&tx, hash, now)? {
            Spent::Now(family) => family.unwrap_or_else(|| pair.new_family.clone()),
            Spent::Before => {
                revoke_chain(&tx, hash, now)?;
                tx.commit()?;
                return Ok(Issuance::Reused);
            }
            Spent::Unusable => return Ok(Issuance::Refused),
        },
    };
    let mut insert = tx.prepare(
        "INSERT INTO issued_tokens (token_hash, kind, client_id, project_id, roles, expires_at, family) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let roles = roles_text(&pair.roles);
    for (hash, kind, expires) in [
        (&pair.access_hash, TokenKind::Access, pair.access_expires),
        (&pair.refresh_hash, TokenKind::Refresh, pair.refresh_expires),
    ] {
        insert.execute(params![
            hash,
            kind.as_str(),
            pair.client_id,
            pair.project_id,
            roles,
            expires.timestamp_millis(),
            family
        ])?;
    }
    drop(insert);
    tx.execute(
        "UPDATE client_credentials SET last_used_at = ?2 WHERE client_id = ?1",
        params![pair.client_id, now.timestamp_millis()],
    )?;
    tx.commit()?;
    Ok(Issuance::Issued)
}

enum Spent {
    /// Spent by this call; the chain it belongs to (none for rows issued
    /// before chains were recorded).
    Now(Option<String>),
    /// Spent by an earlier exchange.
    Before,
    /// Unknown, revoked or expired.
    Unusable,
}

/// Spends a refresh token.
fn spend(conn: &Connection, hash: &[u8], now: DateTime<Utc>) -> Result<Spent, DbError> {
    let at = now.timestamp_millis();
    let spent = conn
        .query_row(
            "UPDATE issued_tokens SET revoked_at = ?2, used_at = ?2 WHERE token_hash = ?1 AND kind = 'refresh' AND revoked_at IS NULL AND expires_at > ?2 RETURNING family",
            params![hash, at],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?;
    if let Some(family) = spent {
        return Ok(Spent::Now(family));
    }
    let used: Option<Option<i64>> = conn
        .query_row(
            "SELECT used_at FROM issued_tokens WHERE token_hash = ?1 AND kind = 'refresh'",
            [hash],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match used {
        Some(Some(_)) => Spent::Before,
        _ => Spent::Unusable,
    })
}

/// Revokes every token of the chain the refresh token `hash` belongs to
/// (for a row issued before chains were recorded, every token of its API
/// token).
fn revoke_chain(conn: &Connection, hash: &[u8], now: DateTime<Utc>) -> Result<(), DbError> {
    let (client_id, family): (String, Option<String>) = conn.query_row(
        "SELECT client_id, family FROM issued_tokens WHERE token_hash = ?1",
        [hash],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match family {
        Some(family) => {
            conn.execute(
                "UPDATE issued_tokens SET revoked_at = ?2 WHERE family = ?1 AND revoked_at IS NULL",
                params![family, now.timestamp_millis()],
            )?;
        }
        None => revoke_issued(conn, &client_id, now)?,
    }
    Ok(())
}

/// A spent refresh token presented again: revokes its chain, in its own
/// transaction.
pub fn reused(conn: &mut Connection, hash: &[u8], now: DateTime<Utc>) -> Result<(), DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    revoke_chain(&tx, hash, now)?;
    tx.commit()?;
    Ok(())
}

/// When the API token `client_id` expires (`None` for never, or unknown).
pub fn expiry_of(conn: &Connection, client_id: &str) -> Result<Option<DateTime<Utc>>, DbError> {
    conn.query_row(
        "SELECT expires_at FROM client_credentials WHERE client_id = ?1",
        [client_id],
        |r| r.get::<_, Option<i64>>(0),
    )
    .optional()?
    .flatten()
    .map(|ms| time(ms, "credential expires_at"))
    .transpose()
}

/// Most rows one pruning pass deletes, so that it never holds the write
/// lock for long.
pub const PRUNE_BATCH: usize = 500;

/// Forgets up to [`PRUNE_BATCH`] issued tokens that expired more than a day
/// ago (kept that long so that a client is told its token expired rather
/// than that it is unknown); the number forgotten.
pub fn prune(conn: &Connection, now: DateTime<Utc>) -> Result<usize, DbError> {
    let day = 24 * 60 * 60 * 1000;
    Ok(conn.execute(
        "DELETE FROM issued_tokens WHERE rowid IN (SELECT rowid FROM issued_tokens WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)",
        params![now.timestamp_millis() - day, PRUNE_BATCH as i64],
    )?)
}
