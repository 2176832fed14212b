//! The `client_credentials` table: a project's API tokens, each with the
//! SHA-256 hash of its secret.

use super::activity::{self, Audit, Event};
use super::DbError;
use crate::db::{Conn, OptionalExtension, Row};
use crate::params;
use api_types::ActivityAction;
use api_types::{ClientCredential, ProjectId, RoleKey};
use chrono::{DateTime, Utc};

const COLUMNS: &str =
    "client_id, project_id, description, roles, created_at, last_used_at, expires_at";

pub(super) fn time(ms: i64, what: &str) -> Result<DateTime<Utc>, DbError> {
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
pub fn list(conn: &Conn, project: &ProjectId) -> Result<Vec<ClientCredential>, DbError> {
    let out = conn.query_map(
        &format!(
        "SELECT {COLUMNS} FROM client_credentials WHERE project_id = ?1 ORDER BY created_at, client_id"
    ),
        params![project.as_str()],
        from_row,
    )?;
    Ok(out)
}

/// One token of the project.
pub fn get(
    conn: &Conn,
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

/// What the activity log calls a token.
fn token_label(description: &str, client_id: &str) -> String {
    format!("API token \u{201c}{description}\u{201d} ({client_id})")
}

/// Inserts a token, with its entry in the activity log.
pub fn insert(
    conn: &mut Conn,
    credential: &ClientCredential,
    secret_hash: &[u8],
    audit: &Audit,
) -> Result<(), DbError> {
    let roles: Vec<RoleKey> = credential.roles.iter().map(|r| r.key).collect();
    let tx = conn.write_tx()?;
    tx.execute(
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
    let role_names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
    let event = Event::on(ActivityAction::TokenCreated, Some(&credential.project_id))
        .target(token_label(&credential.description, &credential.client_id))
        .change("description", None, Some(credential.description.clone()))
        .change("role", None, Some(role_names.join(", ")))
        .change(
            "expires_at",
            None,
            Some(credential.expires_at.map_or_else(
                || "never".to_string(),
                |t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )),
        );
    activity::record(&tx, audit, event)?;
    tx.commit()?;
    Ok(())
}

/// Deletes a token and revokes what was issued for it; false if unknown.
pub fn delete(
    conn: &mut Conn,
    project: &ProjectId,
    client_id: &str,
    audit: &Audit,
) -> Result<bool, DbError> {
    let tx = conn.write_tx()?;
    let Some(token) = get(&tx, project, client_id)? else {
        return Ok(false);
    };
    // Recorded first: a token that deletes itself is still named.
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::TokenDeleted, Some(project))
            .target(token_label(&token.description, client_id)),
    )?;
    let n = tx.execute(
        "DELETE FROM client_credentials WHERE project_id = ?1 AND client_id = ?2",
        params![project.as_str(), client_id],
    )?;
    if n == 0 {
        return Ok(false);
    }
    super::tokens::revoke_issued(&tx, client_id, audit.at)?;
    tx.commit()?;
    Ok(true)
}

/// Gives a token a new secret and revokes what was issued for the old one.
pub fn rotate(
    conn: &mut Conn,
    project: &ProjectId,
    client_id: &str,
    secret_hash: &[u8],
    audit: &Audit,
) -> Result<Option<ClientCredential>, DbError> {
    let tx = conn.write_tx()?;
    let n = tx.execute(
        "UPDATE client_credentials SET secret_hash = ?3 WHERE project_id = ?1 AND client_id = ?2",
        params![project.as_str(), client_id, secret_hash],
    )?;
    if n == 0 {
        return Ok(None);
    }
    super::tokens::revoke_issued(&tx, client_id, audit.at)?;
    let credential = get(&tx, project, client_id)?;
    if let Some(token) = &credential {
        activity::record(
            &tx,
            audit,
            Event::on(ActivityAction::TokenRotated, Some(project))
                .target(token_label(&token.description, client_id))
                .change("secret", None, None),
        )?;
    }
    tx.commit()?;
    Ok(credential)
}

/// A token by client id, with its secret's hash, for an exchange.
pub fn for_exchange(
    conn: &Conn,
    client_id: &str,
) -> Result<Option<(ClientCredential, Vec<u8>)>, DbError> {
    conn.query_row(
        &format!("SELECT {COLUMNS}, secret_hash FROM client_credentials WHERE client_id = ?1"),
        params![client_id],
        |row| Ok(from_row(row).and_then(|c| Ok((c, row.get::<_, Vec<u8>>(7)?)))),
    )
    .optional()?
    .transpose()
}

/// When the API token `client_id` expires (`None` for never, or unknown).
pub fn expiry_of(conn: &Conn, client_id: &str) -> Result<Option<DateTime<Utc>>, DbError> {
    conn.query_row(
        "SELECT expires_at FROM client_credentials WHERE client_id = ?1",
        params![client_id],
        |r| r.get::<_, Option<i64>>(0),
    )
    .optional()?
    .flatten()
    .map(|ms| time(ms, "credential expires_at"))
    .transpose()
}
