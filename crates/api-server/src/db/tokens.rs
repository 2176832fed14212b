//! The `issued_tokens` table: the access and refresh tokens an API
//! token's secret was exchanged for, by hash, with the chain each belongs
//! to; issuing a pair, spending a refresh token, revoking, pruning.

use super::credentials::{parse_roles, roles_text, time};
use super::DbError;
use crate::db::{Conn, OptionalExtension};
use crate::params;
use api_types::RoleKey;
use chrono::{DateTime, Utc};

/// Marks every token issued for `client_id` revoked.
pub(super) fn revoke_issued(
    conn: &Conn,
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    conn.execute(
        "UPDATE issued_tokens SET revoked_at = ?2 WHERE client_id = ?1 AND revoked_at IS NULL",
        params![client_id, now.timestamp_millis()],
    )?;
    Ok(())
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
pub fn find_issued(conn: &Conn, hash: &[u8], kind: TokenKind) -> Result<Option<Issued>, DbError> {
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
    conn: &mut Conn,
    proof: &Proof,
    pair: &NewPair,
    now: DateTime<Utc>,
) -> Result<Issuance, DbError> {
    let tx = conn.write_tx()?;
    let stored: Option<Vec<u8>> = tx
        .query_row(
            "SELECT secret_hash FROM client_credentials WHERE client_id = ?1",
            params![&pair.client_id],
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
    let roles = roles_text(&pair.roles);
    for (hash, kind, expires) in [
        (&pair.access_hash, TokenKind::Access, pair.access_expires),
        (&pair.refresh_hash, TokenKind::Refresh, pair.refresh_expires),
    ] {
        tx.execute(
            "INSERT INTO issued_tokens (token_hash, kind, client_id, project_id, roles, expires_at, family) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                hash,
                kind.as_str(),
                pair.client_id,
                pair.project_id,
                roles,
                expires.timestamp_millis(),
                family
            ],
        )?;
    }
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
fn spend(conn: &Conn, hash: &[u8], now: DateTime<Utc>) -> Result<Spent, DbError> {
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
            params![hash],
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
fn revoke_chain(conn: &Conn, hash: &[u8], now: DateTime<Utc>) -> Result<(), DbError> {
    let (client_id, family): (String, Option<String>) = conn.query_row(
        "SELECT client_id, family FROM issued_tokens WHERE token_hash = ?1",
        params![hash],
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
pub fn reused(conn: &mut Conn, hash: &[u8], now: DateTime<Utc>) -> Result<(), DbError> {
    let tx = conn.write_tx()?;
    revoke_chain(&tx, hash, now)?;
    tx.commit()?;
    Ok(())
}

/// Most rows one pruning pass deletes, so that it never holds the write
/// lock for long.
pub const PRUNE_BATCH: usize = 500;

/// Forgets up to [`PRUNE_BATCH`] issued tokens that expired more than a day
/// ago (kept that long so that a client is told its token expired rather
/// than that it is unknown); the number forgotten.
pub fn prune(conn: &Conn, now: DateTime<Utc>) -> Result<usize, DbError> {
    let day = 24 * 60 * 60 * 1000;
    conn.execute(
        "DELETE FROM issued_tokens WHERE token_hash IN (SELECT token_hash FROM issued_tokens WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)",
        params![now.timestamp_millis() - day, PRUNE_BATCH as i64],
    )
}
