//! The `activity` table: every change, who made it, when and from where.
//! [`record`] is called inside the transaction of the change it describes,
//! so that a change is never without its entry nor an entry without its
//! change.

use super::DbError;
use crate::db::{Conn, OptionalExtension, Param, Row};
use crate::params;
use api_types::{
    ActivityAction, ActivityEntry, ActivityProject, ActivityQuery, Actor, ActorKind, FieldChange,
    ListResponse, ProjectId,
};
use chrono::{DateTime, Utc};

/// Who makes a change, as the request knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    /// A signed-in user, by id.
    User(String),
    /// An API token, by client id.
    Token(String),
    /// The server's operator command.
    Operator,
}

/// Who makes a change, from where and when.
#[derive(Debug, Clone)]
pub struct Audit {
    /// Who.
    pub actor: ActorRef,
    /// Their IP address, when known.
    pub address: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl Audit {
    /// A change made by the operator command, now.
    pub fn operator() -> Self {
        Self {
            actor: ActorRef::Operator,
            address: None,
            at: crate::clock::now(),
        }
    }
}

/// What a change was.
#[derive(Debug, Clone)]
pub struct Event {
    /// The action.
    pub action: ActivityAction,
    /// The project it was made on, if any.
    pub project: Option<ProjectId>,
    /// What it was made to, in words.
    pub target: Option<String>,
    /// The fields that changed.
    pub changes: Vec<FieldChange>,
    /// The user it concerns (a request's requester, a member whose roles
    /// changed), to whom its live update is addressed.
    pub user: Option<String>,
}

impl Event {
    /// An event of `action` on `project`.
    pub fn on(action: ActivityAction, project: Option<&ProjectId>) -> Self {
        Self {
            action,
            project: project.cloned(),
            target: None,
            changes: Vec::new(),
            user: None,
        }
    }

    /// Concerning the user `id`.
    pub fn about(mut self, id: impl Into<String>) -> Self {
        self.user = Some(id.into());
        self
    }

    /// With what it was made to.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// With a changed field.
    pub fn change(mut self, field: &str, from: Option<String>, to: Option<String>) -> Self {
        if from != to || (from.is_none() && to.is_none()) {
            self.changes.push(FieldChange::new(field, from, to));
        }
        self
    }
}

/// The actor as they are known now: kind, id, name, detail.
pub(crate) fn resolve(
    conn: &Conn,
    actor: &ActorRef,
) -> Result<(ActorKind, Option<String>, String, Option<String>), DbError> {
    Ok(match actor {
        ActorRef::User(id) => {
            let found: Option<(String, String)> = conn
                .query_row(
                    "SELECT name, email FROM users WHERE id = ?1",
                    params![id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let (name, email) = found.unwrap_or_else(|| ("A removed user".into(), String::new()));
            (
                ActorKind::User,
                Some(id.clone()),
                name,
                Some(email).filter(|e| !e.is_empty()),
            )
        }
        ActorRef::Token(client_id) => {
            let description: Option<String> = conn
                .query_row(
                    "SELECT description FROM client_credentials WHERE client_id = ?1",
                    params![client_id],
                    |row| row.get(0),
                )
                .optional()?;
            (
                ActorKind::Token,
                Some(client_id.clone()),
                description.unwrap_or_else(|| "A deleted API token".into()),
                Some(client_id.clone()),
            )
        }
        ActorRef::Operator => (ActorKind::Operator, None, "Operator".into(), None),
    })
}

/// Records `event`, made as `audit` says. Call it inside the change's
/// transaction.
pub fn record(conn: &Conn, audit: &Audit, event: Event) -> Result<(), DbError> {
    let (kind, id, name, detail) = resolve(conn, &audit.actor)?;
    let project_name: Option<String> = match &event.project {
        Some(project) => conn
            .query_row(
                "SELECT name FROM projects WHERE id = ?1",
                params![project.as_str()],
                |row| row.get(0),
            )
            .optional()?,
        None => None,
    };
    let changes = serde_json::to_string(&event.changes)
        .map_err(|e| DbError::Corrupt(format!("activity changes: {e}")))?;
    conn.execute(
        "INSERT INTO activity (at, actor_kind, actor_id, actor_name, actor_detail, address, \
         action, project_id, project_name, target, changes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            audit.at.timestamp_millis(),
            kind_text(kind),
            id,
            name,
            detail,
            audit.address,
            event.action.as_str(),
            event.project.as_ref().map(|p| p.as_str().to_string()),
            project_name,
            event.target,
            changes,
        ],
    )?;
    super::events::publish(
        conn,
        audit.at,
        event.action,
        event.project.as_ref().map(ProjectId::as_str),
        event.user.as_deref(),
    )
}

fn kind_text(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::User => "user",
        ActorKind::Token => "token",
        ActorKind::Operator => "operator",
    }
}

/// Which entries a reader may see.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Those of one project.
    Project(ProjectId),
    /// Every entry of the organisation.
    Organisation,
}

const COLUMNS: &str = "id, at, actor_kind, actor_id, actor_name, actor_detail, address, action, \
                       project_id, project_name, target, changes";

fn from_row(row: &Row<'_>) -> Result<ActivityEntry, DbError> {
    let id: i64 = row.get(0)?;
    let corrupt = |what: &str| DbError::Corrupt(format!("activity {id} {what}"));
    let at: i64 = row.get(1)?;
    let kind: String = row.get(2)?;
    let action: String = row.get(7)?;
    let project_id: Option<String> = row.get(8)?;
    let project_name: Option<String> = row.get(9)?;
    let changes: String = row.get(11)?;
    let project = match project_id {
        Some(p) => Some(ActivityProject {
            id: ProjectId::parse(&p).map_err(|_| corrupt("project"))?,
            name: project_name.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(ActivityEntry {
        id,
        at: DateTime::from_timestamp_millis(at).ok_or_else(|| corrupt("time"))?,
        actor: Actor {
            kind: match kind.as_str() {
                "user" => ActorKind::User,
                "token" => ActorKind::Token,
                "operator" => ActorKind::Operator,
                _ => return Err(corrupt("actor kind")),
            },
            id: row.get(3)?,
            name: row.get(4)?,
            detail: row.get(5)?,
        },
        address: row.get(6)?,
        action: ActivityAction::parse(&action).ok_or_else(|| corrupt("action"))?,
        project,
        target: row.get(10)?,
        changes: serde_json::from_str(&changes).map_err(|_| corrupt("changes"))?,
    })
}

/// The WHERE clause and its values for `scope` and `query`'s filters.
fn filters(scope: &Scope, query: &ActivityQuery) -> (String, Vec<Box<dyn Param>>) {
    let mut clauses = Vec::new();
    let mut values: Vec<Box<dyn Param>> = Vec::new();
    if let Scope::Project(id) = scope {
        values.push(Box::new(id.as_str().to_string()));
        clauses.push(format!("project_id = ?{}", values.len()));
    }
    if !query.actor.is_empty() {
        // Lowercased on both sides: LIKE ignores case in SQLite only.
        values.push(Box::new(super::like_containing(
            &query.actor.to_lowercase(),
        )));
        let n = values.len();
        clauses.push(format!(
            "(lower(actor_name) LIKE ?{n} ESCAPE '\\' OR lower(actor_detail) LIKE ?{n} ESCAPE '\\')"
        ));
    }
    if let Some(action) = query.action {
        values.push(Box::new(action.as_str()));
        clauses.push(format!("action = ?{}", values.len()));
    }
    let midnight = |day: chrono::NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or(i64::MAX)
    };
    if let Some(from) = query.from {
        values.push(Box::new(midnight(from)));
        clauses.push(format!("at >= ?{}", values.len()));
    }
    if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
        values.push(Box::new(midnight(to)));
        clauses.push(format!("at < ?{}", values.len()));
    }
    let clause = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (clause, values)
}

/// A page of the entries `scope` holds that match `query`, newest first.
pub fn list(
    conn: &Conn,
    scope: &Scope,
    query: &ActivityQuery,
) -> Result<ListResponse<ActivityEntry>, DbError> {
    let (clause, values) = filters(scope, query);
    let refs: Vec<&dyn Param> = values.iter().map(|v| v.as_ref()).collect();
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM activity {clause}"),
        refs.as_slice(),
        |row| row.get(0),
    )?;
    let offset = super::offset_of(query.page, query.page_size);
    let result = conn.query_map(
        &format!(
            "SELECT {COLUMNS} FROM activity {clause} ORDER BY id DESC LIMIT {} OFFSET {offset}",
            query.page_size
        ),
        refs.as_slice(),
        from_row,
    )?;
    Ok(super::page_envelope(
        result,
        query.page,
        query.page_size,
        total,
    ))
}

/// Most entries one export holds.
pub const EXPORT_LIMIT: usize = 10_000;

/// Every entry (up to [`EXPORT_LIMIT`], newest first) `scope` holds that
/// matches `query`'s filters, whatever its page; and whether more matched.
pub fn export(
    conn: &Conn,
    scope: &Scope,
    query: &ActivityQuery,
) -> Result<(Vec<ActivityEntry>, bool), DbError> {
    let (clause, values) = filters(scope, query);
    let refs: Vec<&dyn Param> = values.iter().map(|v| v.as_ref()).collect();
    let mut result = conn.query_map(
        &format!(
            "SELECT {COLUMNS} FROM activity {clause} ORDER BY id DESC LIMIT {}",
            EXPORT_LIMIT + 1
        ),
        refs.as_slice(),
        from_row,
    )?;
    let more = result.len() > EXPORT_LIMIT;
    result.truncate(EXPORT_LIMIT);
    Ok((result, more))
}

/// Deletes the entries made before `before`; how many.
pub fn prune(conn: &Conn, before: DateTime<Utc>) -> Result<usize, DbError> {
    conn.execute(
        "DELETE FROM activity WHERE at < ?1",
        params![before.timestamp_millis()],
    )
}
