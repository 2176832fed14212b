//! The `kafka_users` table.

use super::activity::{self, Audit, Event};
use super::DbError;
use crate::db::{Conn, OptionalExtension, Row};
use crate::params;
use api_types::ActivityAction;
use api_types::{KafkaAcl, KafkaUser, ProjectId};
use chrono::{DateTime, Utc};

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
pub fn list(conn: &Conn, project: &ProjectId, proxy: &str) -> Result<Vec<KafkaUser>, DbError> {
    let out = conn.query_map(
        &format!("SELECT {COLUMNS} FROM kafka_users WHERE project_id = ?1 ORDER BY username"),
        params![project.as_str()],
        |row| from_row(row, proxy),
    )?;
    Ok(out)
}

/// One Kafka user.
pub fn get(
    conn: &Conn,
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
    conn: &mut Conn,
    project: &ProjectId,
    user: &KafkaUser,
    password_hash: &str,
    audit: &Audit,
) -> Result<bool, DbError> {
    let tx = conn.write_tx()?;
    let result = tx.execute(
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
        Ok(_) => {}
        Err(e) if super::violates(&e, "kafka_users.username") => return Ok(false),
        Err(e) => return Err(e),
    }
    let event = Event::on(ActivityAction::KafkaUserCreated, Some(project))
        .target(label(&user.username))
        .change("whitelist_ips", None, Some(ips_text(&user.whitelist_ips)))
        .change("acls", None, Some(acls_summary(&user.acls)));
    activity::record(&tx, audit, event)?;
    tx.commit()?;
    Ok(true)
}

/// What the activity log calls a Kafka user.
fn label(username: &str) -> String {
    format!("Kafka user {username}")
}

/// Allowed IPs in words.
fn ips_text(ips: &str) -> String {
    if ips.is_empty() {
        "any address".to_string()
    } else {
        ips.to_string()
    }
}

/// ACLs in words: `READ on TOPIC orders (LITERAL); …`.
fn acls_summary(acls: &[KafkaAcl]) -> String {
    if acls.is_empty() {
        return "none".to_string();
    }
    acls.iter()
        .map(|a| {
            format!(
                "{} on {} {} ({})",
                a.operation.as_str(),
                a.resource.as_str(),
                a.topic_name,
                a.resource_pattern_type.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Replaces what is given of a user's allowed IPs, ACLs and password,
/// keeping the rest. `Ok(false)` if there is no such user.
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut Conn,
    project: &ProjectId,
    username: &str,
    whitelist_ips: Option<&str>,
    acls: Option<&[KafkaAcl]>,
    password_hash: Option<&str>,
    proxy: &str,
    audit: &Audit,
) -> Result<Option<KafkaUser>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, project, username, proxy)? else {
        return Ok(None);
    };
    let acls_json = acls.map(acls_text).transpose()?;
    tx.execute(
        "UPDATE kafka_users SET whitelist_ips = COALESCE(?3, whitelist_ips), acls = COALESCE(?4, acls), password_hash = COALESCE(?5, password_hash) WHERE project_id = ?1 AND username = ?2",
        params![project.as_str(), username, whitelist_ips, acls_json, password_hash],
    )?;
    let Some(after) = get(&tx, project, username, proxy)? else {
        return Ok(None);
    };
    let mut event = Event::on(ActivityAction::KafkaUserUpdated, Some(project))
        .target(label(username))
        .change(
            "whitelist_ips",
            Some(ips_text(&before.whitelist_ips)),
            Some(ips_text(&after.whitelist_ips)),
        )
        .change(
            "acls",
            Some(acls_summary(&before.acls)),
            Some(acls_summary(&after.acls)),
        );
    if password_hash.is_some() {
        event = event.change("password", None, None);
    }
    activity::record(&tx, audit, event)?;
    tx.commit()?;
    Ok(Some(after))
}

/// Deletes a user; false if unknown.
pub fn delete(
    conn: &mut Conn,
    project: &ProjectId,
    username: &str,
    audit: &Audit,
) -> Result<bool, DbError> {
    let tx = conn.write_tx()?;
    let n = tx.execute(
        "DELETE FROM kafka_users WHERE project_id = ?1 AND username = ?2",
        params![project.as_str(), username],
    )?;
    if n == 0 {
        return Ok(false);
    }
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::KafkaUserDeleted, Some(project)).target(label(username)),
    )?;
    tx.commit()?;
    Ok(true)
}
