//! The `kafka_users` table.

use super::DbError;
use api_types::{KafkaAcl, KafkaUser, ProjectId};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "username, whitelist_ips, acls, created_at";

fn from_row(row: &Row<'_>, proxy: &str) -> Result<KafkaUser, DbError> {
    let username: String = row.get(0)?;
    let acls: String = row.get(2)?;
    let created: i64 = row.get(3)?;
    Ok(KafkaUser {
        whitelist_ips: row.get(1)?,
        acls: serde_json::from_str(&acls)
            .map_err(|e| DbError::Corrupt(format!("kafka user {username} acls: {e}")))?,
        kafka_proxy_endpoint: proxy.to_string(),
        created_at: DateTime::<Utc>::from_timestamp_millis(created)
            .ok_or_else(|| DbError::Corrupt(format!("kafka user {username} created_at")))?,
        username,
    })
}

fn acls_text(acls: &[KafkaAcl]) -> Result<String, DbError> {
    serde_json::to_string(acls).map_err(|e| DbError::Corrupt(format!("acls: {e}")))
}

/// The project's Kafka users, by username.
pub fn list(
    conn: &Connection,
    project: &ProjectId,
    proxy: &str,
) -> Result<Vec<KafkaUser>, DbError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM kafka_users WHERE project_id = ?1 ORDER BY username"
    ))?;
    let mut rows = stmt.query([project.as_str()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row, proxy)?);
    }
    Ok(out)
}

/// One Kafka user.
pub fn get(
    conn: &Connection,
    project: &ProjectId,
    username: &str,
    proxy: &str,
) -> Result<Option<KafkaUser>, DbError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM kafka_users WHERE project_id = ?1 AND username = ?2"),
        params![project.as_str(), username],
        |row| Ok(from_row(row, proxy)),
    )
    .optional()?
    .transpose()
}

/// Inserts a user; `Ok(false)` if the username is taken in the project.
/// (A project removed meanwhile fails its foreign key: an error, not a
/// taken name.)
pub fn insert(
    conn: &Connection,
    project: &ProjectId,
    user: &KafkaUser,
    password_hash: &str,
) -> Result<bool, DbError> {
    let result = conn.execute(
        &format!("INSERT INTO kafka_users (project_id, {COLUMNS}, password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        params![
            project.as_str(),
            user.username,
            user.whitelist_ips,
            acls_text(&user.acls)?,
            user.created_at.timestamp_millis(),
            password_hash
        ],
    );
    match result {
        Ok(_) => Ok(true),
        Err(e) if super::violates(&e, "kafka_users.username") => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Replaces what is given of a user's allowed IPs, ACLs and password,
/// keeping the rest. `Ok(false)` if there is no such user.
pub fn update(
    conn: &Connection,
    project: &ProjectId,
    username: &str,
    whitelist_ips: Option<&str>,
    acls: Option<&[KafkaAcl]>,
    password_hash: Option<&str>,
) -> Result<bool, DbError> {
    let acls = acls.map(acls_text).transpose()?;
    let n = conn.execute(
        "UPDATE kafka_users SET whitelist_ips = COALESCE(?3, whitelist_ips), acls = COALESCE(?4, acls), password_hash = COALESCE(?5, password_hash) WHERE project_id = ?1 AND username = ?2",
        params![project.as_str(), username, whitelist_ips, acls, password_hash],
    )?;
    Ok(n > 0)
}

/// Deletes a user; false if unknown.
pub fn delete(conn: &Connection, project: &ProjectId, username: &str) -> Result<bool, DbError> {
    let n = conn.execute(
        "DELETE FROM kafka_users WHERE project_id = ?1 AND username = ?2",
        params![project.as_str(), username],
    )?;
    Ok(n > 0)
}
