//! The `project_requests` table.

use super::activity::{self, Audit, Event};
use super::users::Viewer;
use super::{projects, seed, users, DbError};
use crate::db::{Conn, OptionalExtension, Row};
use crate::params;
use api_types::ActivityAction;
use api_types::{
    CheckedRequest, Cloud, EnvironmentType, ListResponse, Project, ProjectId, ProjectRequest,
    ProjectState, QueuePart, QueueQuery, RequestState, Requirement, RoleKey, ThroughputUnit, User,
};
use chrono::{DateTime, Utc};

const SELECT: &str = "SELECT r.id, r.name, r.environment, r.cloud, r.region, r.throughput, \
     r.throughput_unit, r.connectors, r.requirements, r.notes, r.state, r.decline_reason, \
     r.project_id, r.created_at, r.decided_at, u.id, u.email, u.name \
     FROM project_requests r JOIN users u ON u.id = r.requested_by";

fn time(ms: i64) -> Result<DateTime<Utc>, DbError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| DbError::Corrupt(format!("time {ms}")))
}

fn from_row(row: &Row<'_>) -> Result<ProjectRequest, DbError> {
    let corrupt =
        |what: &str, value: &str| DbError::Corrupt(format!("project request {what} {value:?}"));
    let cloud: String = row.get(3)?;
    let unit: String = row.get(6)?;
    let requirements: String = row.get(8)?;
    let state: String = row.get(10)?;
    let project_id: Option<String> = row.get(12)?;
    Ok(ProjectRequest {
        id: row.get(0)?,
        name: row.get(1)?,
        environment: EnvironmentType::from(row.get::<_, String>(2)?),
        cloud: Cloud::parse(&cloud).ok_or_else(|| corrupt("cloud", &cloud))?,
        region: row.get(4)?,
        throughput: row.get::<_, i64>(5)?.max(0) as u64,
        throughput_unit: ThroughputUnit::parse(&unit).ok_or_else(|| corrupt("unit", &unit))?,
        connectors: row.get::<_, i64>(7)?.max(0) as u32,
        requirements: requirements
            .split(',')
            .filter(|r| !r.is_empty())
            .map(|r| Requirement::parse(r).ok_or_else(|| corrupt("requirement", r)))
            .collect::<Result<_, _>>()?,
        notes: row.get(9)?,
        state: RequestState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        decline_reason: row.get(11)?,
        project_id: project_id
            .map(|id| ProjectId::parse(&id).map_err(|_| corrupt("project", &id)))
            .transpose()?,
        created_at: time(row.get(13)?)?,
        decided_at: row.get::<_, Option<i64>>(14)?.map(time).transpose()?,
        requested_by: User {
            id: row.get(15)?,
            email: row.get(16)?,
            name: row.get(17)?,
        },
    })
}

/// What the activity log calls a request.
fn label(request: &ProjectRequest) -> String {
    format!(
        "Request for {} by {}",
        request.name, request.requested_by.name
    )
}

/// Files a request, with its entry in the activity log (call it in a
/// transaction).
pub fn insert(
    conn: &Conn,
    id: &str,
    requester: &str,
    r: &CheckedRequest,
    audit: &Audit,
) -> Result<ProjectRequest, DbError> {
    let now = audit.at;
    let requirements: Vec<&str> = r.requirements.iter().map(|r| r.as_str()).collect();
    conn.execute(
        "INSERT INTO project_requests (id, requested_by, name, environment, cloud, region, \
         throughput, throughput_unit, connectors, requirements, notes, state, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12)",
        params![
            id,
            requester,
            r.name,
            r.environment.as_str(),
            r.cloud.as_str(),
            r.region,
            r.throughput as i64,
            r.throughput_unit.as_str(),
            i64::from(r.connectors),
            requirements.join(","),
            r.notes,
            now.timestamp_millis(),
        ],
    )?;
    let filed = get(conn, id)?.ok_or_else(|| vanished(id))?;
    activity::record(
        conn,
        audit,
        Event::on(ActivityAction::RequestSubmitted, None)
            .about(filed.requested_by.id.clone())
            .target(label(&filed))
            .change("name", None, Some(filed.name.clone()))
            .change(
                "environment",
                None,
                Some(filed.environment.as_str().to_string()),
            )
            .change(
                "region",
                None,
                Some(format!("{} {}", filed.cloud.as_str(), filed.region)),
            ),
    )?;
    Ok(filed)
}

/// The request with this id.
pub fn get(conn: &Conn, id: &str) -> Result<Option<ProjectRequest>, DbError> {
    conn.query_row(&format!("{SELECT} WHERE r.id = ?1"), params![id], |row| {
        Ok(from_row(row))
    })
    .optional()?
    .transpose()
}

/// The requests `viewer` filed, newest first.
pub fn list(conn: &Conn, viewer: &Viewer) -> Result<Vec<ProjectRequest>, DbError> {
    let out = conn.query_map(
        &format!("{SELECT} WHERE r.requested_by = ?1 ORDER BY r.created_at DESC, r.id"),
        params![viewer.user_id],
        from_row,
    )?;
    Ok(out)
}

/// One page of support's queue: the pending requests oldest first, or the
/// settled ones most recently decided first.
pub fn queue(conn: &Conn, query: &QueueQuery) -> Result<ListResponse<ProjectRequest>, DbError> {
    let (filter, order) = match query.part {
        QueuePart::Pending => ("r.state = 'pending'", "r.created_at ASC, r.id"),
        QueuePart::Settled => (
            "r.state <> 'pending'",
            "COALESCE(r.decided_at, r.created_at) DESC, r.id",
        ),
    };
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM project_requests r WHERE {filter}"),
        params![],
        |r| r.get(0),
    )?;
    let offset = super::offset_of(query.page, query.page_size);
    let result = conn.query_map(
        &format!("{SELECT} WHERE {filter} ORDER BY {order} LIMIT ?1 OFFSET ?2"),
        params![i64::from(query.page_size), offset],
        from_row,
    )?;
    Ok(super::page_envelope(
        result,
        query.page,
        query.page_size,
        total,
    ))
}

/// How long the latest `limit` provisioned requests took, from filing to
/// provisioning, in seconds.
pub fn provisioning_seconds(conn: &Conn, limit: i64) -> Result<Vec<u64>, DbError> {
    let spans: Vec<i64> = conn.query_map(
        "SELECT decided_at - created_at FROM project_requests \
         WHERE state = 'provisioned' AND decided_at IS NOT NULL \
         ORDER BY decided_at DESC, id LIMIT ?1",
        params![limit],
        |row| row.get(0),
    )?;
    Ok(spans
        .into_iter()
        .map(|ms| u64::try_from(ms / 1000).unwrap_or(0))
        .collect())
}

/// Who filed the pending request that proposes this name, or one that
/// looks the same (see [`projects::name_key`]), if one does.
pub fn name_pending(conn: &Conn, name: &str) -> Result<Option<String>, DbError> {
    let key = projects::name_key(name);
    let pending: Vec<(String, String)> = conn.query_map(
        "SELECT name, requested_by FROM project_requests WHERE state = 'pending'",
        params![],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(pending
        .into_iter()
        .find(|(name, _)| projects::name_key(name) == key)
        .map(|(_, by)| by))
}

/// How many pending requests the user has filed.
pub fn pending_of(conn: &Conn, user_id: &str) -> Result<usize, DbError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM project_requests WHERE state = 'pending' AND requested_by = ?1",
        params![user_id],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Moves a pending request to `state`; false if it was no longer pending.
fn settle(
    conn: &Conn,
    id: &str,
    state: RequestState,
    decline_reason: Option<&str>,
    project: Option<&ProjectId>,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let changed = conn.execute(
        "UPDATE project_requests SET state = ?2, decline_reason = ?3, project_id = ?4, decided_at = ?5 \
         WHERE id = ?1 AND state = 'pending'",
        params![
            id,
            state.as_str(),
            decline_reason,
            project.map(ProjectId::as_str),
            now.timestamp_millis()
        ],
    )?;
    Ok(changed == 1)
}

/// What came of closing a request without a project.
#[derive(Debug)]
pub enum Closed {
    /// Done: the request as it now is.
    Done(Box<ProjectRequest>),
    /// No such request (or, with `only_by`, none of that requester's).
    Missing,
    /// It is no longer pending: its state.
    Settled(RequestState),
}

/// Cancels or declines the pending request `id`, in one transaction.
/// With `only_by`, only that user's request: anyone else's is `Missing`.
pub fn close(
    conn: &mut Conn,
    id: &str,
    state: RequestState,
    decline_reason: Option<&str>,
    only_by: Option<&str>,
    audit: &Audit,
) -> Result<Closed, DbError> {
    let now = audit.at;
    let tx = conn.write_tx()?;
    let Some(request) = get(&tx, id)? else {
        return Ok(Closed::Missing);
    };
    if only_by.is_some_and(|user| user != request.requested_by.id) {
        return Ok(Closed::Missing);
    }
    if !settle(&tx, id, state, decline_reason, None, now)? {
        return Ok(Closed::Settled(request.state));
    }
    let action = if state == RequestState::Declined {
        ActivityAction::RequestDeclined
    } else {
        ActivityAction::RequestCancelled
    };
    activity::record(
        &tx,
        audit,
        Event::on(action, None)
            .about(request.requested_by.id.clone())
            .target(label(&request))
            .change(
                "state",
                Some(RequestState::Pending.label().to_string()),
                Some(state.label().to_string()),
            )
            .change("reason", None, decline_reason.map(str::to_string)),
    )?;
    let done = get(&tx, id)?.ok_or_else(|| vanished(id))?;
    tx.commit()?;
    Ok(Closed::Done(Box::new(done)))
}

fn vanished(id: &str) -> DbError {
    DbError::Corrupt(format!("project request {id} vanished"))
}

/// What came of provisioning.
#[derive(Debug)]
pub enum Provisioned {
    /// Done: the request, now provisioned, and its project.
    Done(Box<ProjectRequest>, Box<Project>),
    /// No such request.
    Missing,
    /// It is no longer pending: its state.
    Settled(RequestState),
    /// A project already has the requested name.
    NameTaken(String),
}

/// Creates the requested project, makes its requester its Admin and marks
/// the request provisioned, all in one transaction: all of it or none.
pub fn provision(
    conn: &mut Conn,
    id: &str,
    project_id: ProjectId,
    audit: &Audit,
) -> Result<Provisioned, DbError> {
    let now = audit.at;
    let tx = conn.write_tx()?;
    let Some(request) = get(&tx, id)? else {
        return Ok(Provisioned::Missing);
    };
    if request.state != RequestState::Pending {
        return Ok(Provisioned::Settled(request.state));
    }
    let project = Project {
        id: project_id,
        kafka_bootstrap_servers: seed::brokers(&request.name, &request.region),
        name: request.name.clone(),
        environment: request.environment.clone(),
        state: ProjectState::Available,
        cloud: request.cloud,
        region: request.region.clone(),
        created_at: now,
        pause: None,
    };
    if projects::name_taken(&tx, &request.name)? {
        return Ok(Provisioned::NameTaken(request.name));
    }
    projects::insert(&tx, &project)?;
    users::set_role(
        &tx,
        &request.requested_by.id,
        &project.id,
        Some(RoleKey::Admin),
    )?;
    settle(
        &tx,
        id,
        RequestState::Provisioned,
        None,
        Some(&project.id),
        now,
    )?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::RequestProvisioned, Some(&project.id))
            .about(request.requested_by.id.clone())
            .target(label(&request))
            .change("name", None, Some(project.name.clone()))
            .change(
                "environment",
                None,
                Some(project.environment.as_str().to_string()),
            )
            .change(
                "region",
                None,
                Some(format!("{} {}", project.cloud.as_str(), project.region)),
            )
            .change("admin", None, Some(request.requested_by.name.clone())),
    )?;
    let done = get(&tx, id)?.ok_or_else(|| vanished(id))?;
    tx.commit()?;
    Ok(Provisioned::Done(Box::new(done), Box::new(project)))
}
