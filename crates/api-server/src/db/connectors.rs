//! The `connectors` table: a project's sources and destinations. Secrets are
//! sealed here, with the key the caller passes, and never leave sealed
//! except to be merged with new ones inside a change's transaction.

use super::activity::{self, Audit, Event};
use super::{Conn, DbError, OptionalExtension, Row};
use crate::params;
use crate::secrets::SecretBox;
use api_types::connectors::{
    spec_of, ConfigValue, Connector, ConnectorKind, ConnectorListQuery, ConnectorSort,
    ConnectorStatus, DesiredState, STARTING_SECONDS,
};
use api_types::{ActivityAction, ListResponse, ProjectId, SortDir};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

const COLUMNS: &str = "id, project_id, kind, connector, name, tags, config, secrets_set, \
    secrets_missing, desired_state, started_at, created_at, updated_at";

/// What a read selects: the columns written at creation, and the fault the
/// data plane reports.
const READ: &str = "id, project_id, kind, connector, name, tags, config, secrets_set, \
    secrets_missing, desired_state, started_at, created_at, updated_at, fault";

/// The status as SQL computes it from a row at `?{now}` (milliseconds), to
/// filter and sort by; [`status`] is the same rule in Rust. The rank is
/// cast to a 64-bit integer so that PostgreSQL compares it with the `i64`
/// bound for a status filter (its literals are 32-bit).
fn status_rank(now: usize) -> String {
    format!(
        "CAST(CASE WHEN (secrets_missing <> '' OR fault IS NOT NULL) AND desired_state = 'Active' THEN 4 \
         WHEN desired_state = 'Active' AND started_at > ?{now} THEN 1 \
         WHEN desired_state = 'Active' THEN 0 \
         WHEN desired_state = 'Paused' THEN 2 ELSE 3 END AS BIGINT)"
    )
}

fn rank_of(status: ConnectorStatus) -> i64 {
    match status {
        ConnectorStatus::Active => 0,
        ConnectorStatus::Starting => 1,
        ConnectorStatus::Paused => 2,
        ConnectorStatus::Stopped => 3,
        ConnectorStatus::Broken => 4,
    }
}

/// What a connector is doing at `now`: Broken while it should run and a
/// required secret is missing or the data plane reports a fault (one held,
/// as an import leaves it, is just Paused or Stopped); Starting for a few
/// seconds after it was started or resumed.
pub fn status(
    desired: DesiredState,
    started_at: DateTime<Utc>,
    broken: bool,
    now: DateTime<Utc>,
) -> ConnectorStatus {
    if broken && desired == DesiredState::Active {
        return ConnectorStatus::Broken;
    }
    match desired {
        DesiredState::Active if now < started_at + chrono::Duration::seconds(STARTING_SECONDS) => {
            ConnectorStatus::Starting
        }
        DesiredState::Active => ConnectorStatus::Active,
        DesiredState::Paused => ConnectorStatus::Paused,
        DesiredState::Stopped => ConnectorStatus::Stopped,
    }
}

fn time(ms: i64, what: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| DbError::Corrupt(format!("{what} {ms}")))
}

fn keys(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// How many tables (or collections) a source captures: each is a topic.
pub fn topics_of(kind: ConnectorKind, config: &BTreeMap<String, ConfigValue>) -> u32 {
    tables_of(kind, config).len() as u32
}

/// The tables (or collections) a source captures, each into a topic of
/// its own, in the order its configuration lists them, without repeats.
pub fn tables_of(kind: ConnectorKind, config: &BTreeMap<String, ConfigValue>) -> Vec<String> {
    if kind != ConnectorKind::Source {
        return Vec::new();
    }
    let mut tables: Vec<String> = Vec::new();
    if let Some((_, v)) = config.iter().find(|(k, _)| {
        k.starts_with("table.include.list") || k.starts_with("collection.include.list")
    }) {
        for t in v.as_text().split(',').map(str::trim) {
            if !t.is_empty() && !tables.iter().any(|s| s == t) {
                tables.push(t.to_string());
            }
        }
    }
    tables
}

fn from_row(row: &Row<'_>, now: DateTime<Utc>) -> Result<Connector, DbError> {
    let id: String = row.get(0)?;
    let project: String = row.get(1)?;
    let kind: String = row.get(2)?;
    let kind = ConnectorKind::parse(&kind)
        .ok_or_else(|| DbError::Corrupt(format!("connector {id} kind {kind:?}")))?;
    let tags: String = row.get(5)?;
    let config: String = row.get(6)?;
    let desired: String = row.get(9)?;
    let desired_state = DesiredState::parse(&desired)
        .ok_or_else(|| DbError::Corrupt(format!("connector {id} state {desired:?}")))?;
    let missing = keys(&row.get::<_, String>(8)?);
    let started_at = time(row.get(10)?, "connector started_at")?;
    let fault: Option<String> = row.get(13)?;
    let config: BTreeMap<String, ConfigValue> = serde_json::from_str(&config)
        .map_err(|e| DbError::Corrupt(format!("connector {id} config: {e}")))?;
    Ok(Connector {
        project_id: ProjectId::parse(&project)
            .map_err(|_| DbError::Corrupt(format!("connector {id} project {project:?}")))?,
        kind,
        connector: row.get(3)?,
        name: row.get(4)?,
        tags: serde_json::from_str(&tags)
            .map_err(|e| DbError::Corrupt(format!("connector {id} tags: {e}")))?,
        topics: topics_of(kind, &config),
        config,
        secrets_set: keys(&row.get::<_, String>(7)?),
        connector_status: status(
            desired_state,
            started_at,
            !missing.is_empty() || fault.is_some(),
            now,
        ),
        fault,
        secrets_missing: missing,
        desired_state,
        created_at: time(row.get(11)?, "connector created_at")?,
        updated_at: time(row.get(12)?, "connector updated_at")?,
        id,
    })
}

/// One page of the project's connectors of `kind` that match `query`.
pub fn list(
    conn: &Conn,
    project: &ProjectId,
    kind: ConnectorKind,
    query: &ConnectorListQuery,
    now: DateTime<Utc>,
) -> Result<ListResponse<Connector>, DbError> {
    let starting_since = now.timestamp_millis() - STARTING_SECONDS * 1000;
    let mut values: Vec<Box<dyn super::Param>> = vec![
        Box::new(project.as_str().to_string()),
        Box::new(kind.as_str()),
    ];
    let mut clauses = vec!["project_id = ?1".to_string(), "kind = ?2".to_string()];
    // The status is computed from the time, bound once where it is needed
    // (PostgreSQL refuses a value no placeholder uses).
    let mut rank = None;
    let mut rank_sql = |values: &mut Vec<Box<dyn super::Param>>| -> String {
        rank.get_or_insert_with(|| {
            values.push(Box::new(starting_since));
            status_rank(values.len())
        })
        .clone()
    };
    if !query.partial_name.is_empty() {
        // The name's key is folded in Rust, the same for both engines.
        values.push(Box::new(super::like_containing(
            &super::projects::name_key(&query.partial_name),
        )));
        clauses.push(format!("name_key LIKE ?{} ESCAPE '\\'", values.len()));
    }
    if let Some(code) = &query.connector {
        values.push(Box::new(code.clone()));
        clauses.push(format!("connector = ?{}", values.len()));
    }
    if let Some(status) = query.status {
        let rank = rank_sql(&mut values);
        values.push(Box::new(rank_of(status)));
        clauses.push(format!("({rank}) = ?{}", values.len()));
    }
    let filter = clauses.join(" AND ");
    let count_values = values.len();
    let dir = match query.sort_dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    let order = match query.sort {
        ConnectorSort::Name => format!("name_key {dir}, id"),
        ConnectorSort::CreatedAt => format!("created_at {dir}, name_key, id"),
        ConnectorSort::ConnectorStatus => {
            format!("({}) {dir}, name_key, id", rank_sql(&mut values))
        }
    };
    let refs: Vec<&dyn super::Param> = values.iter().map(|v| v.as_ref()).collect();
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM connectors WHERE {filter}"),
        &refs[..count_values],
        |row| row.get(0),
    )?;
    let offset = super::offset_of(query.page, query.page_size);
    let result = conn.query_map(
        &format!(
            "SELECT {READ} FROM connectors WHERE {filter} ORDER BY {order} LIMIT {} OFFSET {offset}",
            query.page_size
        ),
        refs.as_slice(),
        |row| from_row(row, now),
    )?;
    Ok(super::page_envelope(
        result,
        query.page,
        query.page_size,
        total,
    ))
}

/// The connector, if the project has it under `kind`.
pub fn get(
    conn: &Conn,
    project: &ProjectId,
    kind: ConnectorKind,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Connector>, DbError> {
    conn.query_row(
        &format!("SELECT {READ} FROM connectors WHERE id = ?1 AND project_id = ?2 AND kind = ?3"),
        params![id, project.as_str(), kind.as_str()],
        |row| from_row(row, now),
    )
    .optional()
}

/// What came of a change.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Done.
    Done(T),
    /// No such connector in this project.
    Missing,
    /// Another connector of the kind in the project has the name.
    NameTaken,
    /// Refused, for the reason given (safe to show).
    Refused(String),
}

/// A connector to add, checked.
pub struct NewConnector {
    /// Its id.
    pub id: String,
    /// Its project.
    pub project: ProjectId,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Its connector's code.
    pub code: String,
    /// Its name, trimmed.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its settings that are not secret.
    pub plain: BTreeMap<String, ConfigValue>,
    /// Its secrets, in clear until sealed here.
    pub secrets: BTreeMap<String, String>,
    /// What it should do.
    pub desired_state: DesiredState,
}

fn seal(
    secret_box: &SecretBox,
    id: &str,
    secrets: &BTreeMap<String, String>,
) -> Result<Option<Vec<u8>>, DbError> {
    if secrets.is_empty() {
        return Ok(None);
    }
    let plain = serde_json::to_vec(secrets).map_err(|e| DbError::Corrupt(e.to_string()))?;
    secret_box
        .seal(id, &plain)
        .map(Some)
        .map_err(|e| DbError::Corrupt(e.to_string()))
}

fn open(
    secret_box: &SecretBox,
    id: &str,
    sealed: Option<Vec<u8>>,
) -> Result<BTreeMap<String, String>, DbError> {
    let Some(sealed) = sealed else {
        return Ok(BTreeMap::new());
    };
    let plain = secret_box
        .open(id, &sealed)
        .map_err(|e| DbError::Corrupt(format!("connector {id} secrets: {e}")))?;
    serde_json::from_slice(&plain).map_err(|e| DbError::Corrupt(format!("connector {id}: {e}")))
}

fn missing_of(kind: ConnectorKind, code: &str, set: &BTreeSet<String>) -> Vec<String> {
    spec_of(kind, code)
        .map(|spec| spec.missing_secrets(|key| set.contains(key)))
        .unwrap_or_default()
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(e.to_string()))
}

/// Adds a connector, sealing its secrets, with its entry in the activity
/// log (none for the demo organisation's own, which were always there).
pub fn insert(
    conn: &mut Conn,
    secret_box: &SecretBox,
    new: &NewConnector,
    audit: Option<&Audit>,
) -> Result<Outcome<Connector>, DbError> {
    let at = audit.map_or_else(crate::clock::now, |a| a.at);
    let tx = conn.write_tx()?;
    let Some(created) = insert_row(&tx, secret_box, new, at, audit, None)? else {
        return Ok(Outcome::NameTaken);
    };
    tx.commit()?;
    Ok(Outcome::Done(created))
}

/// Adds a connector within a transaction: `None` when its name is taken.
/// An import notes the project it came `from`.
fn insert_row(
    tx: &Conn,
    secret_box: &SecretBox,
    new: &NewConnector,
    at: DateTime<Utc>,
    audit: Option<&Audit>,
    from: Option<&str>,
) -> Result<Option<Connector>, DbError> {
    let set: BTreeSet<String> = new.secrets.keys().cloned().collect();
    let missing = missing_of(new.kind, &new.code, &set);
    let now = at.timestamp_millis();
    let inserted = tx.execute(
        &format!(
            "INSERT INTO connectors ({COLUMNS}, name_key, secrets) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?11, ?12, ?13)"
        ),
        params![
            new.id,
            new.project.as_str(),
            new.kind.as_str(),
            new.code,
            new.name,
            json(&new.tags)?,
            json(&new.plain)?,
            set.iter().cloned().collect::<Vec<_>>().join(","),
            missing.join(","),
            new.desired_state.as_str(),
            now,
            super::projects::name_key(&new.name),
            seal(secret_box, &new.id, &new.secrets)?
        ],
    );
    match inserted {
        Err(e) if super::violates(&e, "connectors.name_key") => return Ok(None),
        other => other?,
    };
    let created = get(tx, &new.project, new.kind, &new.id, at)?
        .ok_or_else(|| DbError::Corrupt(format!("connector {} vanished", new.id)))?;
    if let Some(audit) = audit {
        let mut event = Event::on(ActivityAction::ConnectorCreated, Some(&new.project))
            .target(label(&created))
            .change("name", None, Some(created.name.clone()))
            .change("connector", None, Some(created.connector.clone()))
            .change(
                "desired_state",
                None,
                Some(created.desired_state.as_str().to_string()),
            );
        if let Some(from) = from {
            event = event.change("imported_from", None, Some(from.to_string()));
        }
        activity::record(tx, audit, event)?;
    }
    Ok(Some(created))
}

/// The project's connectors to export: all of them, those of `kind`, or
/// those with the given ids (of `kind` when given). `Err` names an id the
/// project does not have.
pub fn for_export(
    conn: &Conn,
    project: &ProjectId,
    kind: Option<ConnectorKind>,
    ids: &[String],
    now: DateTime<Utc>,
) -> Result<Result<Vec<Connector>, String>, DbError> {
    let all = conn.query_map(
        &format!("SELECT {READ} FROM connectors WHERE project_id = ?1"),
        params![project.as_str()],
        |row| from_row(row, now),
    )?;
    if let Some(missing) = ids.iter().find(|id| {
        !all.iter()
            .any(|c| &c.id == *id && kind.is_none_or(|k| k == c.kind))
    }) {
        return Ok(Err(missing.clone()));
    }
    Ok(Ok(all
        .into_iter()
        .filter(|c| kind.is_none_or(|k| k == c.kind))
        .filter(|c| ids.is_empty() || ids.contains(&c.id))
        .collect()))
}

/// Plans an import into `project` against the names it has now and, when
/// `apply` is asked and the plan is ready, creates every connector of it
/// in the same transaction: all of them, or (on any failure) none.
pub fn import(
    conn: &mut Conn,
    secret_box: &SecretBox,
    project: &ProjectId,
    apply: bool,
    audit: &Audit,
    plan: impl FnOnce(&BTreeSet<(ConnectorKind, String)>) -> Result<crate::transfer::Planned, DbError>,
) -> Result<api_types::connectors::ImportPlan, DbError> {
    let tx = conn.write_tx()?;
    let taken: BTreeSet<(ConnectorKind, String)> = tx
        .query_map(
            "SELECT kind, name_key FROM connectors WHERE project_id = ?1",
            params![project.as_str()],
            |row| {
                let kind: String = row.get(0)?;
                let kind = ConnectorKind::parse(&kind)
                    .ok_or_else(|| DbError::Corrupt(format!("connector kind {kind}")))?;
                Ok((kind, row.get::<_, String>(1)?))
            },
        )?
        .into_iter()
        .collect();
    let crate::transfer::Planned { mut plan, creates } = plan(&taken)?;
    if !apply || !plan.is_ready() {
        return Ok(plan);
    }
    let from = plan.from.name.clone();
    for (at, new) in &creates {
        let created = insert_row(&tx, secret_box, new, audit.at, Some(audit), Some(&from))?
            .ok_or_else(|| DbError::Corrupt(format!("name {} taken during an import", new.name)))?;
        plan.items[*at].id = Some(created.id);
    }
    tx.commit()?;
    plan.applied = true;
    Ok(plan)
}

/// How a connector is named in the activity log.
fn label(c: &Connector) -> String {
    format!("{} {} ({})", c.kind.as_str(), c.name, c.connector)
}

/// What an update changes.
pub struct Changes {
    /// A new name, trimmed.
    pub name: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New settings that are not secret (all of them), and the secrets
    /// given, which replace those of the same key.
    pub config: Option<(BTreeMap<String, ConfigValue>, BTreeMap<String, String>)>,
}

/// Changes a connector, merging new secrets into the sealed ones, with its
/// entry in the activity log (which names changed settings, never a
/// secret's value).
pub fn update(
    conn: &mut Conn,
    secret_box: &SecretBox,
    project: &ProjectId,
    kind: ConnectorKind,
    id: &str,
    changes: Changes,
    audit: &Audit,
) -> Result<Outcome<Connector>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, project, kind, id, audit.at)? else {
        return Ok(Outcome::Missing);
    };
    // What flowed until now flowed under the old settings.
    super::pipelines::meter(&tx, project, crate::clock::data_plane_now())?;
    let replaces_secret = changes
        .config
        .as_ref()
        .is_some_and(|(_, given)| !given.is_empty());
    let mut event = Event::on(ActivityAction::ConnectorUpdated, Some(project));
    let name = changes.name.unwrap_or_else(|| before.name.clone());
    event = event.change("name", Some(before.name.clone()), Some(name.clone()));
    let tags = changes.tags.unwrap_or_else(|| before.tags.clone());
    event = event.change("tags", Some(before.tags.join(", ")), Some(tags.join(", ")));
    let now = audit.at.timestamp_millis();
    let (plain, sealed, set, missing) = match changes.config {
        None => None,
        Some((plain, given)) => {
            let mut secrets = secrets_of(&tx, secret_box, id)?;
            for key in given.keys() {
                let was = if secrets.contains_key(key) {
                    "set"
                } else {
                    "not set"
                };
                event = event.change(
                    &format!("config.{key}"),
                    Some(was.into()),
                    Some("replaced".into()),
                );
            }
            secrets.extend(given);
            for (key, value) in &plain {
                let old = before.config.get(key).map(ConfigValue::as_text);
                event = event.change(&format!("config.{key}"), old, Some(value.as_text()));
            }
            for key in before.config.keys().filter(|k| !plain.contains_key(*k)) {
                event = event.change(
                    &format!("config.{key}"),
                    before.config.get(key).map(ConfigValue::as_text),
                    None,
                );
            }
            let set: BTreeSet<String> = secrets.keys().cloned().collect();
            let missing = missing_of(kind, &before.connector, &set);
            Some((plain, seal(secret_box, id, &secrets)?, set, missing))
        }
    }
    .map_or_else(
        || (None, None, None, None),
        |(p, s, set, m)| (Some(p), Some(s), Some(set), Some(m)),
    );
    let changed = tx.execute(
        "UPDATE connectors SET name = ?2, name_key = ?3, tags = ?4, updated_at = ?5,
            config = COALESCE(?6, config),
            secrets = CASE WHEN ?7 THEN ?8 ELSE secrets END,
            secrets_set = COALESCE(?9, secrets_set),
            secrets_missing = COALESCE(?10, secrets_missing),
            fault = CASE WHEN ?11 THEN NULL ELSE fault END,
            fault_since = CASE WHEN ?11 THEN NULL ELSE fault_since END
         WHERE id = ?1",
        params![
            id,
            name,
            super::projects::name_key(&name),
            json(&tags)?,
            now,
            plain.as_ref().map(json).transpose()?,
            sealed.is_some(),
            sealed.flatten(),
            set.map(|s| s.into_iter().collect::<Vec<_>>().join(",")),
            missing.map(|m| m.join(",")),
            replaces_secret
        ],
    );
    match changed {
        Err(e) if super::violates(&e, "connectors.name_key") => return Ok(Outcome::NameTaken),
        other => other?,
    };
    let after = get(&tx, project, kind, id, audit.at)?
        .ok_or_else(|| DbError::Corrupt(format!("connector {id} vanished")))?;
    if !event.changes.is_empty() {
        activity::record(&tx, audit, event.target(label(&after)))?;
    }
    tx.commit()?;
    Ok(Outcome::Done(after))
}

/// Sets what a connector should do. Resuming one that is missing a
/// required secret is refused: it could not run.
pub fn set_state(
    conn: &mut Conn,
    project: &ProjectId,
    kind: ConnectorKind,
    id: &str,
    desired: DesiredState,
    audit: &Audit,
) -> Result<Outcome<Connector>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, project, kind, id, audit.at)? else {
        return Ok(Outcome::Missing);
    };
    if desired == DesiredState::Active && !before.secrets_missing.is_empty() {
        return Ok(Outcome::Refused(format!(
            "{} cannot start until its secrets are set: {}.",
            before.name,
            before.secrets_missing.join(", ")
        )));
    }
    if before.desired_state == desired {
        return Ok(Outcome::Done(before));
    }
    super::pipelines::meter(&tx, project, crate::clock::data_plane_now())?;
    let now = audit.at.timestamp_millis();
    tx.execute(
        "UPDATE connectors SET desired_state = ?2, updated_at = ?3,
            started_at = CASE WHEN ?2 = 'Active' THEN ?3 ELSE started_at END
         WHERE id = ?1",
        params![id, desired.as_str(), now],
    )?;
    let after = get(&tx, project, kind, id, audit.at)?
        .ok_or_else(|| DbError::Corrupt(format!("connector {id} vanished")))?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::ConnectorStateChanged, Some(project))
            .target(label(&after))
            .change(
                "desired_state",
                Some(before.desired_state.as_str().into()),
                Some(desired.as_str().into()),
            ),
    )?;
    tx.commit()?;
    Ok(Outcome::Done(after))
}

/// Deletes a connector, unless a pipeline uses it (refused, naming the
/// pipeline).
pub fn delete(
    conn: &mut Conn,
    project: &ProjectId,
    kind: ConnectorKind,
    id: &str,
    audit: &Audit,
) -> Result<Outcome<Connector>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, project, kind, id, audit.at)? else {
        return Ok(Outcome::Missing);
    };
    let users = super::pipelines::using(&tx, id)?;
    if !users.is_empty() {
        return Ok(Outcome::Refused(format!(
            "{} is used by the pipeline{} {}: delete {} first, or point {} at another {}.",
            before.name,
            if users.len() == 1 { "" } else { "s" },
            users.join(", "),
            if users.len() == 1 { "it" } else { "them" },
            if users.len() == 1 { "it" } else { "them" },
            kind.as_str()
        )));
    }
    tx.execute("DELETE FROM connectors WHERE id = ?1", params![id])?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::ConnectorDeleted, Some(project))
            .target(label(&before))
            .change("name", Some(before.name.clone()), None),
    )?;
    tx.commit()?;
    Ok(Outcome::Done(before))
}

/// The secrets of a connector in clear, for the server's own use (a test
/// of encryption at rest reads them back this way).
pub fn secrets_of(
    conn: &Conn,
    secret_box: &SecretBox,
    id: &str,
) -> Result<BTreeMap<String, String>, DbError> {
    let sealed: Option<Option<Vec<u8>>> = conn
        .query_row(
            "SELECT secrets FROM connectors WHERE id = ?1",
            params![id],
            |row| row.get(0),
        )
        .optional()?;
    open(secret_box, id, sealed.flatten())
}

/// The key connector secrets are sealed with when instances share a
/// PostgreSQL database and none is configured: kept in the database, made
/// by the first instance that asks (`candidate`, 64 hex digits).
pub fn shared_key(conn: &mut Conn, candidate: &str) -> Result<String, DbError> {
    let tx = conn.write_tx()?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES ('connector_secrets_key', ?1) ON CONFLICT (key) DO NOTHING",
        params![candidate],
    )?;
    let key = tx.query_row(
        "SELECT value FROM settings WHERE key = 'connector_secrets_key'",
        params![],
        |row| row.get(0),
    )?;
    tx.commit()?;
    Ok(key)
}
