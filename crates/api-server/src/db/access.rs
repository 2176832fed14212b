//! The `access_requests` table: members asking for a role on a project,
//! and a project's Admins or the organisation admins granting or declining.

use super::activity::{self, Audit, Event};
use super::users::{self, Viewer};
use super::DbError;
use crate::db::{Conn, OptionalExtension, Param, Row};
use crate::params;
use api_types::{
    AccessRequest, AccessRequestState, ActivityAction, Granter, ListResponse, Project,
    ProjectAccess, ProjectId, QueuePart, QueueQuery, RoleKey, User,
};
use chrono::{DateTime, Utc};

const SELECT: &str = "SELECT a.id, a.project_id, p.name, a.role, a.note, a.state, a.created_at, \
     a.decided_at, a.decided_by, a.granted_role, a.decline_reason, u.id, u.email, u.name \
     FROM access_requests a JOIN users u ON u.id = a.requested_by \
     JOIN projects p ON p.id = a.project_id";

fn time(ms: i64) -> Result<DateTime<Utc>, DbError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| DbError::Corrupt(format!("time {ms}")))
}

fn from_row(row: &Row<'_>) -> Result<AccessRequest, DbError> {
    let project: String = row.get(1)?;
    let state: String = row.get(5)?;
    let granted: Option<String> = row.get(9)?;
    Ok(AccessRequest {
        id: row.get(0)?,
        project_id: ProjectId::parse(&project)
            .map_err(|_| DbError::Corrupt(format!("access request project {project:?}")))?,
        project_name: row.get(2)?,
        role: users::parse_role(&row.get::<_, String>(3)?)?,
        note: row.get(4)?,
        state: AccessRequestState::parse(&state)
            .ok_or_else(|| DbError::Corrupt(format!("access request state {state:?}")))?,
        created_at: time(row.get(6)?)?,
        decided_at: row.get::<_, Option<i64>>(7)?.map(time).transpose()?,
        decided_by: row.get(8)?,
        granted_role: granted.as_deref().map(users::parse_role).transpose()?,
        decline_reason: row.get(10)?,
        requested_by: User {
            id: row.get(11)?,
            email: row.get(12)?,
            name: row.get(13)?,
        },
    })
}

/// The request with this id.
pub fn get(conn: &Conn, id: &str) -> Result<Option<AccessRequest>, DbError> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), params![id], |row| {
        Ok(from_row(row))
    })
    .optional()?
    .transpose()
}

/// People who can sign in and grant access: `extra` narrows the users.
fn granters(conn: &Conn, extra: &str, bound: &[&dyn Param]) -> Result<Vec<Granter>, DbError> {
    conn.query_map(
        &format!(
            "SELECT u.name, u.email FROM users u WHERE NOT u.invited AND {extra} \
             ORDER BY u.name, u.email"
        ),
        bound,
        |row| {
            Ok(Granter {
                name: row.get(0)?,
                email: row.get(1)?,
            })
        },
    )
}

/// `viewer`'s access to `project`: their role, who can grant one, and
/// their latest request.
pub fn access_of(
    conn: &Conn,
    viewer: &Viewer,
    project: &Project,
) -> Result<ProjectAccess, DbError> {
    let admins = granters(
        conn,
        "NOT u.organisation_admin AND u.id IN \
         (SELECT user_id FROM memberships WHERE project_id = ?1 AND role = 'admin')",
        params![project.id.as_str()],
    )?;
    let organisation_admins = granters(conn, "u.organisation_admin", params![])?;
    let request = conn
        .query_row(
            &format!(
                "{SELECT} WHERE a.project_id = ?1 AND a.requested_by = ?2 \
                 ORDER BY a.created_at DESC, a.id LIMIT 1"
            ),
            params![project.id.as_str(), viewer.user_id],
            |row| Ok(from_row(row)),
        )
        .optional()?
        .transpose()?;
    Ok(ProjectAccess {
        project_id: project.id.clone(),
        project_name: project.name.clone(),
        role: users::role_on(conn, viewer, &project.id)?,
        admins,
        organisation_admins,
        request,
    })
}

/// What the activity log calls a request.
fn label(request: &AccessRequest) -> String {
    format!(
        "Access for {} <{}>",
        request.requested_by.name, request.requested_by.email
    )
}

/// What came of asking.
#[derive(Debug)]
pub enum Filed {
    /// Filed: the request, pending.
    Done(Box<AccessRequest>),
    /// The requester already has this role on the project.
    Member(RoleKey),
    /// The requester already has a pending request for the project.
    Pending(Box<AccessRequest>),
}

/// Files `viewer`'s request for `role` on `project`, with its entry in the
/// activity log, in one transaction.
pub fn insert(
    conn: &mut Conn,
    id: &str,
    viewer: &Viewer,
    project: &ProjectId,
    role: RoleKey,
    note: &str,
    audit: &Audit,
) -> Result<Filed, DbError> {
    let tx = conn.write_tx()?;
    if let Some(role) = users::role_on(&tx, viewer, project)? {
        return Ok(Filed::Member(role));
    }
    let pending = tx
        .query_row(
            &format!(
                "{SELECT} WHERE a.project_id = ?1 AND a.requested_by = ?2 AND a.state = 'pending'"
            ),
            params![project.as_str(), viewer.user_id],
            |row| Ok(from_row(row)),
        )
        .optional()?
        .transpose()?;
    if let Some(pending) = pending {
        return Ok(Filed::Pending(Box::new(pending)));
    }
    tx.execute(
        "INSERT INTO access_requests (id, project_id, requested_by, role, note, state, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
        params![
            id,
            project.as_str(),
            viewer.user_id,
            role.as_str(),
            note,
            audit.at.timestamp_millis()
        ],
    )?;
    let filed = get(&tx, id)?.ok_or_else(|| DbError::Corrupt(format!("access request {id}")))?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::AccessRequested, Some(project))
            .about(viewer.user_id.clone())
            .target(label(&filed))
            .change("role", None, Some(role.name().to_string())),
    )?;
    tx.commit()?;
    Ok(Filed::Done(Box::new(filed)))
}

/// The SQL that keeps the requests `viewer` may decide (`?1` is their
/// id): on every project for an organisation admin, else on those they are
/// Admin of; never their own.
fn decidable(viewer: &Viewer) -> &'static str {
    if viewer.organisation_admin {
        "a.requested_by <> ?1"
    } else {
        "a.requested_by <> ?1 AND a.project_id IN \
         (SELECT project_id FROM memberships WHERE user_id = ?1 AND role = 'admin')"
    }
}

/// One page of the requests `viewer` may decide: the pending ones oldest
/// first, or the settled ones most recently decided first.
pub fn queue(
    conn: &Conn,
    viewer: &Viewer,
    query: &QueueQuery,
) -> Result<ListResponse<AccessRequest>, DbError> {
    let (state, order) = match query.part {
        QueuePart::Pending => ("a.state = 'pending'", "a.created_at ASC, a.id"),
        QueuePart::Settled => (
            "a.state <> 'pending'",
            "COALESCE(a.decided_at, a.created_at) DESC, a.id",
        ),
    };
    let filter = format!("{state} AND {}", decidable(viewer));
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM access_requests a WHERE {filter}"),
        params![viewer.user_id],
        |r| r.get(0),
    )?;
    let offset = super::offset_of(query.page, query.page_size);
    let result = conn.query_map(
        &format!("{SELECT} WHERE {filter} ORDER BY {order} LIMIT ?2 OFFSET ?3"),
        params![viewer.user_id, i64::from(query.page_size), offset],
        from_row,
    )?;
    Ok(super::page_envelope(
        result,
        query.page,
        query.page_size,
        total,
    ))
}

/// What to do with a pending request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Give the requester a role: the one asked for when `None`.
    Grant(Option<RoleKey>),
    /// Decline, with a reason (possibly empty).
    Decline(String),
    /// Withdraw it (its requester only).
    Cancel,
}

/// What came of a decision.
#[derive(Debug)]
pub enum Decided {
    /// Done: the request as it now is.
    Done(Box<AccessRequest>),
    /// No such request, as far as the caller may know.
    Missing,
    /// The caller may see it but not decide it.
    NotAllowed(Box<AccessRequest>),
    /// It is no longer pending: its state.
    Settled(AccessRequestState),
}

/// Grants, declines or cancels the pending request `id`, in one
/// transaction: a grant gives the role at once.
pub fn decide(
    conn: &mut Conn,
    id: &str,
    viewer: &Viewer,
    decision: &Decision,
    audit: &Audit,
) -> Result<Decided, DbError> {
    let tx = conn.write_tx()?;
    let Some(request) = get(&tx, id)? else {
        return Ok(Decided::Missing);
    };
    let own = request.requested_by.id == viewer.user_id;
    let may_decide = users::role_on(&tx, viewer, &request.project_id)? == Some(RoleKey::Admin);
    match decision {
        Decision::Cancel if !own => return Ok(Decided::Missing),
        Decision::Grant(_) | Decision::Decline(_) if !may_decide => {
            // Someone else's request, on a project the caller cannot
            // manage, does not exist as far as they know.
            return Ok(if own {
                Decided::NotAllowed(Box::new(request))
            } else {
                Decided::Missing
            });
        }
        _ => {}
    }
    if request.state != AccessRequestState::Pending {
        return Ok(Decided::Settled(request.state));
    }
    let decider: Option<String> = tx
        .query_row(
            "SELECT name FROM users WHERE id = ?1",
            params![viewer.user_id],
            |row| row.get(0),
        )
        .optional()?;
    let (state, granted, reason, event) = match decision {
        Decision::Grant(role) => {
            let role = role.unwrap_or(request.role);
            let before = tx
                .query_row(
                    "SELECT role FROM memberships WHERE user_id = ?1 AND project_id = ?2",
                    params![request.requested_by.id, request.project_id.as_str()],
                    |row| row.get::<_, String>(0),
                )
                .optional()?
                .as_deref()
                .map(users::parse_role)
                .transpose()?;
            users::set_role(
                &tx,
                &request.requested_by.id,
                &request.project_id,
                Some(role),
            )?;
            let event = Event::on(ActivityAction::AccessGranted, Some(&request.project_id))
                .about(request.requested_by.id.clone())
                .target(label(&request))
                .change(
                    "role",
                    before.map(|r| r.name().to_string()),
                    Some(role.name().to_string()),
                );
            (AccessRequestState::Granted, Some(role), None, event)
        }
        Decision::Decline(reason) => {
            let event = Event::on(ActivityAction::AccessDeclined, Some(&request.project_id))
                .about(request.requested_by.id.clone())
                .target(label(&request));
            let reason = (!reason.is_empty()).then(|| reason.clone());
            (AccessRequestState::Declined, None, reason, event)
        }
        Decision::Cancel => {
            let event = Event::on(ActivityAction::AccessCancelled, Some(&request.project_id))
                .about(request.requested_by.id.clone())
                .target(label(&request));
            (AccessRequestState::Cancelled, None, None, event)
        }
    };
    tx.execute(
        "UPDATE access_requests SET state = ?2, decided_at = ?3, decided_by = ?4, \
         granted_role = ?5, decline_reason = ?6 WHERE id = ?1 AND state = 'pending'",
        params![
            id,
            state.as_str(),
            audit.at.timestamp_millis(),
            decider,
            granted.map(RoleKey::as_str),
            reason
        ],
    )?;
    activity::record(&tx, audit, event)?;
    let done = get(&tx, id)?.ok_or_else(|| DbError::Corrupt(format!("access request {id}")))?;
    tx.commit()?;
    Ok(Decided::Done(Box::new(done)))
}
