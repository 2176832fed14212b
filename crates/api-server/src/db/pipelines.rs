//! The `pipelines` table, and the figures of the simulated data plane
//! (`pipeline_topics`, `pipeline_metrics`, `pipeline_logs`).
//!
//! Figures are integrated when read: [`meter`] steps every pipeline of a
//! project from the minute it was metered until to the current one, with
//! the states its source, destination and project have now. Every change
//! to one of those states meters first, in its own transaction, so that
//! the minutes before it are counted under the state they had.

use super::activity::{self, Audit, Event};
use super::{Conn, DbError, Row};
use crate::clock::from_millis;
use crate::dataplane::{self, Flow, Profile, Totals, DAY_MINUTES, MINUTE_MS};
use crate::params;
use api_types::connectors::{
    Connector, ConnectorKind, ConnectorStatus, DesiredState, STARTING_SECONDS,
};
use api_types::pipelines::{
    topic_name, ConnectorRef, LogCounts, LogEntry, LogLevel, MetricFigures, MetricPoint, Metrics,
    MetricsWindow, Pipeline, PipelineListQuery, PipelineLogs, PipelineProblem, PipelineSort,
};
use api_types::{grouped, ActivityAction, ListResponse, ProjectId, ProjectState, SortDir};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

const COLUMNS: &str = "id, project_id, name, tags, source_id, destination_id, \
    snapshot_new_tables, desired_state, seed, started_at, created_at, updated_at, \
    metered_until, failing_since";

/// How long log entries are kept.
const LOG_DAYS: i64 = 30;
/// Most log entries an answer holds.
const MAX_LOG_ENTRIES: i64 = 100;

/// A pipeline as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    id: String,
    name: String,
    tags: Vec<String>,
    source_id: String,
    destination_id: String,
    snapshot_new_tables: bool,
    desired: DesiredState,
    seed: i64,
    started_at: i64,
    created_at: i64,
    updated_at: i64,
    metered_until: i64,
    failing_since: Option<i64>,
}

fn stored(row: &Row<'_>) -> Result<Stored, DbError> {
    let id: String = row.get(0)?;
    let tags: String = row.get(3)?;
    let desired: String = row.get(7)?;
    Ok(Stored {
        tags: serde_json::from_str(&tags)
            .map_err(|e| DbError::Corrupt(format!("pipeline {id} tags: {e}")))?,
        desired: DesiredState::parse(&desired)
            .ok_or_else(|| DbError::Corrupt(format!("pipeline {id} state {desired:?}")))?,
        name: row.get(2)?,
        source_id: row.get(4)?,
        destination_id: row.get(5)?,
        snapshot_new_tables: row.get(6)?,
        seed: row.get(8)?,
        started_at: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        metered_until: row.get(12)?,
        failing_since: row.get(13)?,
        id,
    })
}

/// What the data plane needs of a project: whether it runs, and its
/// connectors by id.
pub struct Parts {
    available: bool,
    connectors: HashMap<String, Connector>,
}

impl Parts {
    /// Reads them at `now`.
    pub fn read(conn: &Conn, project: &ProjectId, now: DateTime<Utc>) -> Result<Self, DbError> {
        let available = super::projects::get(conn, project)?
            .is_some_and(|p| p.state == ProjectState::Available);
        let connectors = super::connectors::for_export(conn, project, None, &[], now)?
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        Ok(Self {
            available,
            connectors,
        })
    }

    /// The connector with this id.
    pub fn connector(&self, id: &str) -> Option<&Connector> {
        self.connectors.get(id)
    }

    /// The project's connectors.
    pub fn connectors(&self) -> impl Iterator<Item = &Connector> {
        self.connectors.values()
    }

    /// The tables a source captures.
    pub fn tables(&self, source_id: &str) -> Vec<String> {
        self.connectors
            .get(source_id)
            .map(|c| super::connectors::tables_of(c.kind, &c.config))
            .unwrap_or_default()
    }
}

/// A connector as a pipeline or topic names it.
pub fn reference(c: &Connector) -> ConnectorRef {
    ConnectorRef {
        id: c.id.clone(),
        name: c.name.clone(),
        connector: c.connector.clone(),
        status: c.connector_status,
    }
}

fn broken(c: Option<&Connector>) -> bool {
    c.is_none_or(|c| c.connector_status == ConnectorStatus::Broken)
}

/// How records move through the pipeline now.
fn flow(parts: &Parts, p: &Stored) -> Flow {
    let source = parts.connector(&p.source_id);
    let destination = parts.connector(&p.destination_id);
    let arriving = parts.available
        && source.is_some_and(|s| s.desired_state == DesiredState::Active)
        && !broken(source);
    let writing = parts.available
        && p.desired == DesiredState::Active
        && destination.is_some_and(|d| d.desired_state == DesiredState::Active);
    Flow {
        arriving,
        writing,
        failing: writing && broken(destination),
    }
}

/// Why nothing (or too little) is written, for a lag warning.
fn why_waiting(parts: &Parts, p: &Stored) -> String {
    let destination = parts.connector(&p.destination_id);
    let name = destination.map_or("the destination", |d| d.name.as_str());
    if !parts.available {
        "the project is UNAVAILABLE".into()
    } else if p.desired != DesiredState::Active {
        format!("the pipeline is {}", p.desired.as_str().to_lowercase())
    } else if let Some(d) = destination.filter(|d| d.desired_state != DesiredState::Active) {
        format!("{} is {}", d.name, d.desired_state.as_str().to_lowercase())
    } else if broken(destination) {
        format!("{name} refuses writes")
    } else {
        "records arrive faster than they are written".into()
    }
}

/// The problem of a pipeline that should run and cannot.
fn problem(parts: &Parts, p: &Stored) -> Option<PipelineProblem> {
    if p.desired != DesiredState::Active {
        return None;
    }
    let since = from_millis(p.failing_since.unwrap_or(p.updated_at));
    for (kind, id) in [
        (ConnectorKind::Destination, &p.destination_id),
        (ConnectorKind::Source, &p.source_id),
    ] {
        let Some(c) = parts.connector(id) else {
            continue;
        };
        if c.connector_status != ConnectorStatus::Broken {
            continue;
        }
        let (message, fix) = match &c.fault {
            Some(fault) => (
                fault.clone(),
                format!(
                    "Replace the credentials (the secret settings) of the {} {} on its page. The pipeline retries every minute and writes what waited once they are accepted.",
                    kind.as_str(),
                    c.name
                ),
            ),
            None => (
                format!(
                    "The {} {} has no {} set, so it cannot run.",
                    kind.as_str(),
                    c.name,
                    c.secrets_missing.join(", ")
                ),
                format!("Set them on the {}'s page.", kind.as_str()),
            ),
        };
        return Some(PipelineProblem {
            message,
            fix,
            on: kind,
            since,
        });
    }
    None
}

/// What the pipeline is doing at `now`, `broken` when it has a problem.
fn status(p: &Stored, broken: bool, now: DateTime<Utc>) -> ConnectorStatus {
    match p.desired {
        DesiredState::Paused => ConnectorStatus::Paused,
        DesiredState::Stopped => ConnectorStatus::Stopped,
        DesiredState::Active if broken => ConnectorStatus::Broken,
        DesiredState::Active if now.timestamp_millis() < p.started_at + STARTING_SECONDS * 1000 => {
            ConnectorStatus::Starting
        }
        DesiredState::Active => ConnectorStatus::Active,
    }
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// Adds buckets of `span` seconds: `(table, start_ms, totals)`, in time
/// order; a bucket already stored adds up with the new one.
fn upsert_buckets(
    conn: &Conn,
    pipeline: &str,
    span: i64,
    rows: &[(String, i64, Totals)],
) -> Result<(), DbError> {
    const PER_STATEMENT: usize = 80;
    for chunk in rows.chunks(PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO pipeline_metrics (pipeline_id, span, source_table, start_ms, records_in, \
             records_out, bytes_in, bytes_out, errors, lag, latency_total, flowing) VALUES ",
        );
        let mut values: Vec<Box<dyn super::Param>> =
            vec![Box::new(pipeline.to_string()), Box::new(span)];
        for (i, (table, start, t)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let base = values.len();
            sql.push_str("(?1, ?2");
            for n in 1..=10 {
                sql.push_str(&format!(", ?{}", base + n));
            }
            sql.push(')');
            values.push(Box::new(table.clone()));
            values.push(Box::new(*start));
            for v in [
                t.records_in,
                t.records_out,
                t.bytes_in,
                t.bytes_out,
                t.errors,
                t.lag,
                t.latency_total,
                t.flowing,
            ] {
                values.push(Box::new(int(v)));
            }
        }
        sql.push_str(
            " ON CONFLICT (pipeline_id, span, start_ms, source_table) DO UPDATE SET \
             records_in = pipeline_metrics.records_in + excluded.records_in, \
             records_out = pipeline_metrics.records_out + excluded.records_out, \
             bytes_in = pipeline_metrics.bytes_in + excluded.bytes_in, \
             bytes_out = pipeline_metrics.bytes_out + excluded.bytes_out, \
             errors = pipeline_metrics.errors + excluded.errors, \
             lag = excluded.lag, \
             latency_total = pipeline_metrics.latency_total + excluded.latency_total, \
             flowing = pipeline_metrics.flowing + excluded.flowing",
        );
        let refs: Vec<&dyn super::Param> = values.iter().map(|v| v.as_ref()).collect();
        conn.execute(&sql, &refs)?;
    }
    Ok(())
}

fn totals(row: &Row<'_>, from: usize) -> Result<Totals, DbError> {
    let get = |i: usize| -> Result<u64, DbError> { Ok(count(row.get(from + i)?)) };
    Ok(Totals {
        records_in: get(0)?,
        records_out: get(1)?,
        bytes_in: get(2)?,
        bytes_out: get(3)?,
        errors: get(4)?,
        lag: get(5)?,
        latency_total: get(6)?,
        flowing: get(7)?,
    })
}

const FIGURES: &str =
    "records_in, records_out, bytes_in, bytes_out, errors, lag, latency_total, flowing";

fn log(
    conn: &Conn,
    pipeline: &str,
    at_ms: i64,
    level: LogLevel,
    message: &str,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO pipeline_logs (pipeline_id, at, level, message) VALUES (?1, ?2, ?3, ?4)",
        params![pipeline, at_ms, level.as_str(), message],
    )?;
    Ok(())
}

/// Steps one pipeline up to the minute of `now`.
fn advance(conn: &Conn, parts: &Parts, p: &Stored, now: DateTime<Utc>) -> Result<(), DbError> {
    let to = now.timestamp_millis().div_euclid(MINUTE_MS);
    if to <= p.metered_until {
        return Ok(());
    }
    // A server that was off for more than a year starts again from a year.
    let from = p.metered_until.max(to - 400 * DAY_MINUTES);
    let flow = flow(parts, p);
    let captured = parts.tables(&p.source_id);
    let destination = parts
        .connector(&p.destination_id)
        .map_or_else(|| "the destination".to_string(), |d| d.name.clone());
    let mut topics: Vec<(String, u64)> = conn.query_map(
        "SELECT source_table, lag FROM pipeline_topics WHERE pipeline_id = ?1 ORDER BY source_table",
        params![p.id],
        |row| Ok((row.get(0)?, count(row.get(1)?))),
    )?;
    let profiles: Vec<Profile> = topics
        .iter()
        .map(|(t, _)| Profile::of(&p.source_id, p.seed, t))
        .collect();
    let flows: Vec<Flow> = topics
        .iter()
        .map(|(t, _)| Flow {
            arriving: flow.arriving && captured.contains(t),
            ..flow
        })
        .collect();
    let threshold = 30 * profiles.iter().map(|p| p.rate).sum::<u64>();
    let mut total_lag: u64 = topics.iter().map(|(_, l)| l).sum();
    let mut logs: Vec<(i64, LogLevel, String)> = Vec::new();
    let mut failing_since = p.failing_since;
    if flow.failing && failing_since.is_none() {
        failing_since = Some(from * MINUTE_MS);
        let fault = parts
            .connector(&p.destination_id)
            .and_then(|d| d.fault.clone())
            .unwrap_or_else(|| format!("{destination} is missing required secrets."));
        logs.push((
            from * MINUTE_MS,
            LogLevel::Error,
            format!("Writes to {destination} are refused: {fault} Records wait and are retried every minute."),
        ));
    } else if !flow.failing && failing_since.is_some() {
        failing_since = None;
        logs.push((
            from * MINUTE_MS,
            LogLevel::Info,
            format!(
                "Writes to {destination} succeed again; the {} records that waited are being written.",
                grouped(total_lag)
            ),
        ));
    }
    let reason = why_waiting(parts, p);
    // Minutes of the last day are kept one by one; older ones by the hour.
    let cutoff = (to - DAY_MINUTES).div_euclid(60) * 60;
    let log_from = to - DAY_MINUTES;
    let mut minute_rows: Vec<(String, i64, Totals)> = Vec::new();
    let mut hour_rows: Vec<(String, i64, Totals)> = Vec::new();
    let mut hours: Vec<Option<(i64, Totals)>> = vec![None; topics.len()];
    let mut hour_out = 0u64;
    let mut hour_errors = 0u64;
    for minute in from..to {
        let mut lag_now = 0;
        for (i, (table, lag)) in topics.iter_mut().enumerate() {
            let m = dataplane::step(&profiles[i], minute, *lag, flows[i]);
            *lag = m.lag;
            lag_now += m.lag;
            hour_out += m.records_out;
            hour_errors += m.errors;
            let mut t = Totals::default();
            t.add(&m);
            if minute >= cutoff {
                minute_rows.push((table.clone(), minute * MINUTE_MS, t));
                continue;
            }
            let hour = minute.div_euclid(60) * 60;
            match &mut hours[i] {
                Some((h, sum)) if *h == hour => sum.merge(&t),
                slot => {
                    if let Some((h, sum)) = slot.take() {
                        hour_rows.push((table.clone(), h * MINUTE_MS, sum));
                    }
                    *slot = Some((hour, t));
                }
            }
        }
        if minute >= log_from {
            let at = (minute + 1) * MINUTE_MS;
            if total_lag < threshold && lag_now >= threshold {
                logs.push((
                    at,
                    LogLevel::Warn,
                    format!("{} records wait to be written: {reason}.", grouped(lag_now)),
                ));
            }
            if total_lag > 0 && lag_now == 0 {
                logs.push((
                    at,
                    LogLevel::Info,
                    "Caught up: every record read has been written.".into(),
                ));
            }
            if (minute + 1) % 60 == 0 && flow.writing && !flow.failing && hour_out > 0 {
                let hour = from_millis(at).format("%H:%M");
                let dead = if hour_errors > 0 {
                    format!(
                        "; {hour_errors} could not be converted and went to the dead-letter topic"
                    )
                } else {
                    String::new()
                };
                logs.push((
                    at,
                    LogLevel::Info,
                    format!(
                        "Wrote {} records to {destination} in the hour to {hour} UTC{dead}.",
                        grouped(hour_out)
                    ),
                ));
            }
        }
        if (minute + 1) % 60 == 0 {
            hour_out = 0;
            hour_errors = 0;
        }
        total_lag = lag_now;
    }
    for (i, slot) in hours.into_iter().enumerate() {
        if let Some((h, sum)) = slot {
            hour_rows.push((topics[i].0.clone(), h * MINUTE_MS, sum));
        }
    }
    upsert_buckets(conn, &p.id, 3_600, &hour_rows)?;
    upsert_buckets(conn, &p.id, 60, &minute_rows)?;
    for (table, lag) in &topics {
        conn.execute(
            "UPDATE pipeline_topics SET lag = ?3 WHERE pipeline_id = ?1 AND source_table = ?2",
            params![p.id, table, int(*lag)],
        )?;
    }
    conn.execute(
        "UPDATE pipelines SET metered_until = ?2, failing_since = ?3 WHERE id = ?1",
        params![p.id, to, failing_since],
    )?;
    roll_up(conn, &p.id, cutoff * MINUTE_MS)?;
    for (at, level, message) in &logs {
        log(conn, &p.id, *at, *level, message)?;
    }
    conn.execute(
        "DELETE FROM pipeline_logs WHERE pipeline_id = ?1 AND at < ?2",
        params![p.id, to * MINUTE_MS - LOG_DAYS * DAY_MINUTES * MINUTE_MS],
    )?;
    Ok(())
}

/// Turns the pipeline's minutes before `before_ms` into hours.
fn roll_up(conn: &Conn, pipeline: &str, before_ms: i64) -> Result<(), DbError> {
    let minutes = conn.query_map(
        &format!(
            "SELECT source_table, start_ms, {FIGURES} FROM pipeline_metrics \
             WHERE pipeline_id = ?1 AND span = 60 AND start_ms < ?2 ORDER BY start_ms, source_table"
        ),
        params![pipeline, before_ms],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                totals(row, 2)?,
            ))
        },
    )?;
    if minutes.is_empty() {
        return Ok(());
    }
    let mut hours: BTreeMap<(i64, String), Totals> = BTreeMap::new();
    for (table, start, t) in minutes {
        hours
            .entry((start.div_euclid(3_600_000) * 3_600_000, table))
            .or_default()
            .merge(&t);
    }
    let rows: Vec<(String, i64, Totals)> = hours
        .into_iter()
        .map(|((start, table), t)| (table, start, t))
        .collect();
    upsert_buckets(conn, pipeline, 3_600, &rows)?;
    conn.execute(
        "DELETE FROM pipeline_metrics WHERE pipeline_id = ?1 AND span = 60 AND start_ms < ?2",
        params![pipeline, before_ms],
    )?;
    Ok(())
}

/// Meters every pipeline of the project up to `now` (the data plane's
/// clock). Call it inside a writing transaction.
pub fn meter(conn: &Conn, project: &ProjectId, now: DateTime<Utc>) -> Result<(), DbError> {
    let rows = conn.query_map(
        &format!("SELECT {COLUMNS} FROM pipelines WHERE project_id = ?1 ORDER BY id"),
        params![project.as_str()],
        stored,
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let parts = Parts::read(conn, project, now)?;
    for p in &rows {
        advance(conn, &parts, p, now)?;
    }
    Ok(())
}

/// The names of the pipelines that read from or write to the connector.
pub fn using(conn: &Conn, connector: &str) -> Result<Vec<String>, DbError> {
    conn.query_map(
        "SELECT name FROM pipelines WHERE source_id = ?1 OR destination_id = ?1 ORDER BY name_key",
        params![connector],
        |row| row.get(0),
    )
}

/// The current lag of each table of each pipeline of the project, and the
/// latency of the last metered minute.
struct Now {
    topics: HashMap<String, Vec<(String, u64)>>,
    latency: HashMap<String, u64>,
}

fn now_figures(conn: &Conn, project: &ProjectId) -> Result<Now, DbError> {
    let mut topics: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for (id, table, lag) in conn.query_map(
        "SELECT t.pipeline_id, t.source_table, t.lag FROM pipeline_topics t \
         JOIN pipelines p ON p.id = t.pipeline_id WHERE p.project_id = ?1 \
         ORDER BY t.pipeline_id, t.source_table",
        params![project.as_str()],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                count(row.get(2)?),
            ))
        },
    )? {
        topics.entry(id).or_default().push((table, lag));
    }
    let mut latency: HashMap<String, u64> = HashMap::new();
    for (id, total, flowing) in conn.query_map(
        "SELECT m.pipeline_id, m.latency_total, m.flowing FROM pipeline_metrics m \
         JOIN pipelines p ON p.id = m.pipeline_id \
         WHERE p.project_id = ?1 AND m.span = 60 AND m.start_ms = (p.metered_until - 1) * 60000",
        params![project.as_str()],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                count(row.get(1)?),
                count(row.get(2)?),
            ))
        },
    )? {
        if let Some(average) = total.checked_div(flowing) {
            let l = latency.entry(id).or_default();
            *l = (*l).max(average);
        }
    }
    Ok(Now { topics, latency })
}

fn to_api(
    parts: &Parts,
    p: &Stored,
    project: &ProjectId,
    figures: &Now,
    now: DateTime<Utc>,
) -> Pipeline {
    let unknown = |id: &str| ConnectorRef {
        id: id.to_string(),
        name: String::new(),
        connector: String::new(),
        status: ConnectorStatus::Broken,
    };
    let source = parts
        .connector(&p.source_id)
        .map_or_else(|| unknown(&p.source_id), reference);
    let destination = parts
        .connector(&p.destination_id)
        .map_or_else(|| unknown(&p.destination_id), reference);
    let tables = figures.topics.get(&p.id).cloned().unwrap_or_default();
    let problem = problem(parts, p);
    Pipeline {
        id: p.id.clone(),
        project_id: project.clone(),
        name: p.name.clone(),
        tags: p.tags.clone(),
        topics: tables
            .iter()
            .map(|(t, _)| topic_name(&source.name, t))
            .collect(),
        lag: tables.iter().map(|(_, l)| l).sum(),
        latency_ms: figures.latency.get(&p.id).copied(),
        source,
        destination,
        snapshot_new_tables: p.snapshot_new_tables,
        desired_state: p.desired,
        status: status(p, problem.is_some(), now),
        problem,
        created_at: from_millis(p.created_at),
        updated_at: from_millis(p.updated_at),
    }
}

/// Every pipeline of the project, metered up to `dp_now` (the data
/// plane's clock), as the API shows them at `now`.
pub fn all(
    conn: &Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Vec<Pipeline>, DbError> {
    Ok(all_with_parts(conn, project, now, dp_now)?.0)
}

/// [`all`], and the connectors and project state read for them at `now`,
/// for a caller that needs those too (the overview), so that they are read
/// once.
pub fn all_with_parts(
    conn: &Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<(Vec<Pipeline>, Parts), DbError> {
    meter(conn, project, dp_now)?;
    let rows = conn.query_map(
        &format!("SELECT {COLUMNS} FROM pipelines WHERE project_id = ?1"),
        params![project.as_str()],
        stored,
    )?;
    let parts = Parts::read(conn, project, now)?;
    let figures = now_figures(conn, project)?;
    let pipelines = rows
        .iter()
        .map(|p| to_api(&parts, p, project, &figures, now))
        .collect();
    Ok((pipelines, parts))
}

/// One page of the project's pipelines that match `query`, metered first.
pub fn list(
    conn: &mut Conn,
    project: &ProjectId,
    query: &PipelineListQuery,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<ListResponse<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    let mut items = all(&tx, project, now, dp_now)?;
    tx.commit()?;
    let search = super::projects::name_key(&query.partial_name);
    items.retain(|p| {
        (search.is_empty() || super::projects::name_key(&p.name).contains(&search))
            && query.status.is_none_or(|s| s == p.status)
            && query.source.as_ref().is_none_or(|s| *s == p.source.id)
            && query
                .destination
                .as_ref()
                .is_none_or(|d| *d == p.destination.id)
            && query.tag.as_ref().is_none_or(|t| p.tags.contains(t))
    });
    items.sort_by(|a, b| {
        let by = match query.sort {
            PipelineSort::Name => std::cmp::Ordering::Equal,
            PipelineSort::CreatedAt => a.created_at.cmp(&b.created_at),
            PipelineSort::Status => a.status.cmp(&b.status),
            PipelineSort::Latency => a.latency_ms.cmp(&b.latency_ms),
            PipelineSort::Lag => a.lag.cmp(&b.lag),
        };
        let by = by.then_with(|| {
            super::projects::name_key(&a.name).cmp(&super::projects::name_key(&b.name))
        });
        let by = if query.sort_dir == SortDir::Desc {
            by.reverse()
        } else {
            by
        };
        by.then_with(|| a.id.cmp(&b.id))
    });
    let total = items.len() as i64;
    let offset =
        usize::try_from(super::offset_of(query.page, query.page_size)).unwrap_or(usize::MAX);
    let page: Vec<Pipeline> = items
        .into_iter()
        .skip(offset)
        .take(query.page_size as usize)
        .collect();
    Ok(super::page_envelope(
        page,
        query.page,
        query.page_size,
        total,
    ))
}

/// The pipeline, metered first, if the project has it.
pub fn get(
    conn: &mut Conn,
    project: &ProjectId,
    id: &str,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Option<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    let found = one(&tx, project, id, now, dp_now)?;
    tx.commit()?;
    Ok(found)
}

fn one(
    conn: &Conn,
    project: &ProjectId,
    id: &str,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Option<Pipeline>, DbError> {
    Ok(all(conn, project, now, dp_now)?
        .into_iter()
        .find(|p| p.id == id))
}

/// What came of a change.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Done.
    Done(T),
    /// No such pipeline in this project.
    Missing,
    /// Another pipeline of the project has the name.
    NameTaken,
}

/// A pipeline to add, checked.
pub struct NewPipeline {
    /// Its id.
    pub id: String,
    /// Its project.
    pub project: ProjectId,
    /// Its name, trimmed.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// The source's id.
    pub source_id: String,
    /// The source's tables it streams.
    pub tables: Vec<String>,
    /// The destination's id.
    pub destination_id: String,
    /// See [`api_types::pipelines::CreatePipeline::snapshot_new_tables`].
    pub snapshot_new_tables: bool,
    /// Seeds its simulated figures.
    pub seed: i64,
    /// What it should do.
    pub desired: DesiredState,
}

fn label(p: &Pipeline) -> String {
    format!(
        "pipeline {} ({} → {})",
        p.name, p.source.name, p.destination.name
    )
}

/// Adds a pipeline, with its entry in the activity log when `audit` is
/// given (the demo's own were always there). `at` stamps it; `dp_now` is
/// the data plane's clock, from which it is metered.
pub fn insert(
    conn: &mut Conn,
    new: &NewPipeline,
    audit: Option<&Audit>,
    at: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Outcome<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    meter(&tx, &new.project, dp_now)?;
    let ms = at.timestamp_millis();
    let inserted = tx.execute(
        &format!(
            "INSERT INTO pipelines ({COLUMNS}, name_key) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, ?11, NULL, ?12)"
        ),
        params![
            new.id,
            new.project.as_str(),
            new.name,
            serde_json::to_string(&new.tags).map_err(|e| DbError::Corrupt(e.to_string()))?,
            new.source_id,
            new.destination_id,
            new.snapshot_new_tables,
            new.desired.as_str(),
            new.seed,
            ms,
            dp_now.timestamp_millis().div_euclid(MINUTE_MS),
            super::projects::name_key(&new.name)
        ],
    );
    match inserted {
        Err(e) if super::violates(&e, "pipelines.name_key") => return Ok(Outcome::NameTaken),
        other => other?,
    };
    for table in &new.tables {
        tx.execute(
            "INSERT INTO pipeline_topics (pipeline_id, source_table, lag) VALUES (?1, ?2, 0)",
            params![new.id, table],
        )?;
    }
    let created = one(&tx, &new.project, &new.id, at, dp_now)?
        .ok_or_else(|| DbError::Corrupt(format!("pipeline {} vanished", new.id)))?;
    log(
        &tx,
        &new.id,
        dp_now.timestamp_millis(),
        LogLevel::Info,
        &format!(
            "Created: streams {} topic{} of {} to {}{}.",
            created.topics.len(),
            if created.topics.len() == 1 { "" } else { "s" },
            created.source.name,
            created.destination.name,
            if new.desired == DesiredState::Active {
                ", starting with a snapshot of their tables"
            } else {
                ""
            }
        ),
    )?;
    if let Some(audit) = audit {
        activity::record(
            &tx,
            audit,
            Event::on(ActivityAction::PipelineCreated, Some(&new.project))
                .target(label(&created))
                .change("name", None, Some(created.name.clone()))
                .change("topics", None, Some(created.topics.join(", "))),
        )?;
    }
    tx.commit()?;
    Ok(Outcome::Done(created))
}

/// What an update changes.
pub struct Changes {
    /// A new name, trimmed.
    pub name: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New tables of the source.
    pub tables: Option<Vec<String>>,
    /// See [`api_types::pipelines::CreatePipeline::snapshot_new_tables`].
    pub snapshot_new_tables: Option<bool>,
}

/// Changes a pipeline, with its entry in the activity log.
pub fn update(
    conn: &mut Conn,
    project: &ProjectId,
    id: &str,
    changes: Changes,
    audit: &Audit,
    dp_now: DateTime<Utc>,
) -> Result<Outcome<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = one(&tx, project, id, audit.at, dp_now)? else {
        return Ok(Outcome::Missing);
    };
    let name = changes.name.unwrap_or_else(|| before.name.clone());
    let tags = changes.tags.unwrap_or_else(|| before.tags.clone());
    let snapshot = changes
        .snapshot_new_tables
        .unwrap_or(before.snapshot_new_tables);
    let changed = tx.execute(
        "UPDATE pipelines SET name = ?2, name_key = ?3, tags = ?4, snapshot_new_tables = ?5, \
         updated_at = ?6 WHERE id = ?1",
        params![
            id,
            name,
            super::projects::name_key(&name),
            serde_json::to_string(&tags).map_err(|e| DbError::Corrupt(e.to_string()))?,
            snapshot,
            audit.at.timestamp_millis()
        ],
    );
    match changed {
        Err(e) if super::violates(&e, "pipelines.name_key") => return Ok(Outcome::NameTaken),
        other => other?,
    };
    if let Some(tables) = &changes.tables {
        // A topic kept through the change keeps what waits on it.
        let kept: HashMap<String, u64> = lags(&tx, id)?.into_iter().collect();
        tx.execute(
            "DELETE FROM pipeline_topics WHERE pipeline_id = ?1",
            params![id],
        )?;
        for table in tables {
            tx.execute(
                "INSERT INTO pipeline_topics (pipeline_id, source_table, lag) VALUES (?1, ?2, ?3)",
                params![id, table, int(kept.get(table).copied().unwrap_or(0))],
            )?;
        }
    }
    let after = one(&tx, project, id, audit.at, dp_now)?
        .ok_or_else(|| DbError::Corrupt(format!("pipeline {id} vanished")))?;
    let event = Event::on(ActivityAction::PipelineUpdated, Some(project))
        .change("name", Some(before.name.clone()), Some(after.name.clone()))
        .change(
            "tags",
            Some(before.tags.join(", ")),
            Some(after.tags.join(", ")),
        )
        .change(
            "topics",
            Some(before.topics.join(", ")),
            Some(after.topics.join(", ")),
        )
        .change(
            "snapshot_new_tables",
            Some(before.snapshot_new_tables.to_string()),
            Some(after.snapshot_new_tables.to_string()),
        );
    if !event.changes.is_empty() {
        activity::record(&tx, audit, event.target(label(&after)))?;
    }
    tx.commit()?;
    Ok(Outcome::Done(after))
}

/// Sets what a pipeline should do, metering first.
pub fn set_state(
    conn: &mut Conn,
    project: &ProjectId,
    id: &str,
    desired: DesiredState,
    audit: &Audit,
    dp_now: DateTime<Utc>,
) -> Result<Outcome<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = one(&tx, project, id, audit.at, dp_now)? else {
        return Ok(Outcome::Missing);
    };
    if before.desired_state == desired {
        return Ok(Outcome::Done(before));
    }
    let ms = audit.at.timestamp_millis();
    tx.execute(
        "UPDATE pipelines SET desired_state = ?2, updated_at = ?3,
            started_at = CASE WHEN ?2 = 'Active' THEN ?3 ELSE started_at END
         WHERE id = ?1",
        params![id, desired.as_str(), ms],
    )?;
    let verb = match desired {
        DesiredState::Active => "Resumed",
        DesiredState::Paused => "Paused",
        DesiredState::Stopped => "Stopped",
    };
    log(
        &tx,
        id,
        dp_now.timestamp_millis(),
        LogLevel::Info,
        &format!(
            "{verb}{}.",
            if before.lag > 0 && desired == DesiredState::Active {
                format!("; {} records wait to be written", grouped(before.lag))
            } else {
                String::new()
            }
        ),
    )?;
    let after = one(&tx, project, id, audit.at, dp_now)?
        .ok_or_else(|| DbError::Corrupt(format!("pipeline {id} vanished")))?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::PipelineStateChanged, Some(project))
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

/// Deletes a pipeline and its figures; the pipeline as it was.
pub fn delete(
    conn: &mut Conn,
    project: &ProjectId,
    id: &str,
    audit: &Audit,
    dp_now: DateTime<Utc>,
) -> Result<Option<Pipeline>, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = one(&tx, project, id, audit.at, dp_now)? else {
        return Ok(None);
    };
    for table in ["pipeline_metrics", "pipeline_logs", "pipeline_topics"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE pipeline_id = ?1"),
            params![id],
        )?;
    }
    tx.execute("DELETE FROM pipelines WHERE id = ?1", params![id])?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::PipelineDeleted, Some(project))
            .target(label(&before))
            .change("name", Some(before.name.clone()), None),
    )?;
    tx.commit()?;
    Ok(Some(before))
}

/// Which stored figures a chart adds up.
pub enum Series<'a> {
    /// Every topic of one pipeline (lag added up over them).
    Pipeline(&'a str),
    /// One source topic over the pipelines that read it: what arrives is
    /// the same for each, so it is counted once; the lag is the largest.
    Topic {
        /// The source's id.
        source: &'a str,
        /// The table.
        table: &'a str,
    },
    /// The records that went to a destination's dead-letter topic.
    DeadLetter(&'a str),
}

/// A chart of `window` ending at the last metered minute, metered first.
pub fn metrics(
    conn: &mut Conn,
    project: &ProjectId,
    series: Series<'_>,
    window: MetricsWindow,
    dp_now: DateTime<Utc>,
) -> Result<Metrics, DbError> {
    let tx = conn.write_tx()?;
    meter(&tx, project, dp_now)?;
    let end_ms = dp_now.timestamp_millis().div_euclid(MINUTE_MS) * MINUTE_MS;
    let step_ms = window.step_seconds() * 1000;
    let from_ms = (end_ms - window.seconds() * 1000).div_euclid(step_ms) * step_ms;
    let (filter, a, b): (&str, &str, &str) = match &series {
        Series::Pipeline(id) => ("m.pipeline_id = ?1 AND ?2 = ?2", id, ""),
        Series::Topic { source, table } => {
            ("p.source_id = ?1 AND m.source_table = ?2", source, table)
        }
        Series::DeadLetter(id) => ("p.destination_id = ?1 AND ?2 = ?2", id, ""),
    };
    let rows = tx.query_map(
        &format!(
            "SELECT m.pipeline_id, m.source_table, m.start_ms, {} FROM pipeline_metrics m \
             JOIN pipelines p ON p.id = m.pipeline_id \
             WHERE p.project_id = ?3 AND {filter} AND m.start_ms >= ?4 AND m.start_ms < ?5 \
             ORDER BY m.start_ms",
            FIGURES
                .split(", ")
                .map(|c| format!("m.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        params![a, b, project.as_str(), from_ms, end_ms],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                totals(row, 3)?,
            ))
        },
    )?;
    tx.commit()?;
    let steps = usize::try_from((end_ms - from_ms + step_ms - 1) / step_ms).unwrap_or(0);
    // Per step, per (pipeline, table): what was stored, merged in time order.
    let mut buckets: Vec<BTreeMap<(String, String), Totals>> = vec![BTreeMap::new(); steps];
    for (pipeline, table, start, t) in rows {
        let i = usize::try_from((start - from_ms) / step_ms).unwrap_or(0);
        if let Some(step) = buckets.get_mut(i) {
            step.entry((pipeline, table)).or_default().merge(&t);
        }
    }
    let topic = matches!(series, Series::Topic { .. });
    let dead = matches!(series, Series::DeadLetter(_));
    let mut all = Totals::default();
    let mut last_lag = 0;
    let points = buckets
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let mut f = MetricFigures::default();
            let (mut latency_total, mut flowing) = (0, 0);
            for t in step.values() {
                if topic {
                    f.records_in = f.records_in.max(t.records_in);
                    f.bytes_in = f.bytes_in.max(t.bytes_in);
                    f.lag = f.lag.max(t.lag);
                } else {
                    f.records_in += t.records_in;
                    f.bytes_in += t.bytes_in;
                    f.lag += t.lag;
                }
                f.records_out += t.records_out;
                f.bytes_out += t.bytes_out;
                f.errors += t.errors;
                latency_total += t.latency_total;
                flowing += t.flowing;
            }
            if dead {
                // The dead-letter topic receives the failed records only.
                f = MetricFigures {
                    records_in: f.errors,
                    errors: f.errors,
                    ..MetricFigures::default()
                };
            } else if let Some(average) = latency_total.checked_div(flowing) {
                f.latency_ms = Some(average);
                all.latency_total += latency_total;
                all.flowing += flowing;
            }
            if !step.is_empty() {
                last_lag = f.lag;
            }
            all.records_in += f.records_in;
            all.records_out += f.records_out;
            all.bytes_in += f.bytes_in;
            all.bytes_out += f.bytes_out;
            all.errors += f.errors;
            MetricPoint {
                at: from_millis(from_ms + i as i64 * step_ms),
                figures: f,
            }
        })
        .collect();
    Ok(Metrics {
        simulated: true,
        window,
        step_seconds: window.step_seconds(),
        from: from_millis(from_ms),
        to: from_millis(end_ms),
        points,
        totals: MetricFigures {
            records_in: all.records_in,
            records_out: all.records_out,
            bytes_in: all.bytes_in,
            bytes_out: all.bytes_out,
            errors: all.errors,
            lag: last_lag,
            latency_ms: all.latency_ms(),
        },
    })
}

/// The newest entries of a pipeline's log (of `level` when given), metered
/// first.
pub fn logs(
    conn: &mut Conn,
    project: &ProjectId,
    id: &str,
    level: Option<LogLevel>,
    dp_now: DateTime<Utc>,
) -> Result<PipelineLogs, DbError> {
    let tx = conn.write_tx()?;
    meter(&tx, project, dp_now)?;
    let mut counts = LogCounts::default();
    for (level, n) in tx.query_map(
        "SELECT level, COUNT(*) FROM pipeline_logs WHERE pipeline_id = ?1 GROUP BY level",
        params![id],
        |row| Ok((row.get::<_, String>(0)?, count(row.get(1)?))),
    )? {
        match LogLevel::parse(&level) {
            Some(LogLevel::Error) => counts.error = n,
            Some(LogLevel::Warn) => counts.warn = n,
            Some(LogLevel::Info) => counts.info = n,
            None => return Err(DbError::Corrupt(format!("log level {level:?}"))),
        }
    }
    let entries = tx.query_map(
        &format!(
            "SELECT at, level, message FROM pipeline_logs WHERE pipeline_id = ?1 AND (?2 = '' OR level = ?2) \
             ORDER BY at DESC, id DESC LIMIT {MAX_LOG_ENTRIES}"
        ),
        params![id, level.map_or("", LogLevel::as_str)],
        |row| {
            let level: String = row.get(1)?;
            Ok(LogEntry {
                at: from_millis(row.get(0)?),
                level: LogLevel::parse(&level)
                    .ok_or_else(|| DbError::Corrupt(format!("log level {level:?}")))?,
                message: row.get(2)?,
            })
        },
    )?;
    tx.commit()?;
    Ok(PipelineLogs {
        simulated: true,
        counts,
        entries,
    })
}

/// The figures of the project's source topics over the last day and now,
/// metered first: by `(source id, table)`, over the pipelines that read
/// each; and the errors by destination.
pub struct TopicFigures {
    /// By `(source id, table)`.
    pub topics: HashMap<(String, String), TopicNow>,
    /// Errors over the last day, by destination id.
    pub dead_letters: HashMap<String, (u64, Option<DateTime<Utc>>)>,
    /// The project's pipelines, metered.
    pub pipelines: Vec<Pipeline>,
}

/// A source topic's figures.
#[derive(Debug, Clone, Default)]
pub struct TopicNow {
    /// Over the last day.
    pub day: MetricFigures,
    /// Largest lag now.
    pub lag: u64,
    /// Largest latency of the last minute.
    pub latency_ms: Option<u64>,
    /// When a record last arrived.
    pub last_message_at: Option<DateTime<Utc>>,
}

/// Reads [`TopicFigures`] in a writing transaction of its own.
pub fn topic_figures(
    conn: &mut Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<TopicFigures, DbError> {
    let tx = conn.write_tx()?;
    let pipelines = all(&tx, project, now, dp_now)?;
    let since =
        dp_now.timestamp_millis().div_euclid(MINUTE_MS) * MINUTE_MS - DAY_MINUTES * MINUTE_MS;
    let rows = tx.query_map(
        "SELECT p.source_id, p.destination_id, m.pipeline_id, m.source_table, \
           CAST(SUM(CASE WHEN m.start_ms >= ?2 THEN m.records_in ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN m.start_ms >= ?2 THEN m.bytes_in ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN m.start_ms >= ?2 THEN m.records_out ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN m.start_ms >= ?2 THEN m.errors ELSE 0 END) AS BIGINT), \
           MAX(CASE WHEN m.records_in > 0 THEN m.start_ms + m.span * 1000 END), \
           MAX(CASE WHEN m.errors > 0 THEN m.start_ms + m.span * 1000 END) \
         FROM pipeline_metrics m JOIN pipelines p ON p.id = m.pipeline_id \
         WHERE p.project_id = ?1 GROUP BY p.source_id, p.destination_id, m.pipeline_id, m.source_table",
        params![project.as_str(), since],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                [
                    count(row.get(4)?),
                    count(row.get(5)?),
                    count(row.get(6)?),
                    count(row.get(7)?),
                ],
                row.get::<_, Option<i64>>(8)?,
                row.get::<_, Option<i64>>(9)?,
            ))
        },
    )?;
    let current = now_figures(&tx, project)?;
    tx.commit()?;
    let mut topics: HashMap<(String, String), TopicNow> = HashMap::new();
    let mut dead_letters: HashMap<String, (u64, Option<DateTime<Utc>>)> = HashMap::new();
    for (source, destination, pipeline, table, [records, bytes, out, errors], last, last_error) in
        rows
    {
        let t = topics.entry((source, table.clone())).or_default();
        t.day.records_in = t.day.records_in.max(records);
        t.day.bytes_in = t.day.bytes_in.max(bytes);
        t.day.records_out += out;
        t.day.errors += errors;
        t.last_message_at = t.last_message_at.max(last.map(from_millis));
        if let Some(lag) = current
            .topics
            .get(&pipeline)
            .and_then(|ts| ts.iter().find(|(name, _)| *name == table))
            .map(|(_, l)| *l)
        {
            t.lag = t.lag.max(lag);
        }
        if let Some(l) = current.latency.get(&pipeline) {
            t.latency_ms = Some(t.latency_ms.unwrap_or(0).max(*l));
        }
        let d = dead_letters.entry(destination).or_default();
        d.0 += errors;
        d.1 = d.1.max(last_error.map(from_millis));
    }
    Ok(TopicFigures {
        topics,
        dead_letters,
        pipelines,
    })
}

/// A pipeline's current lag per table, read directly (tests).
pub fn lags(conn: &Conn, id: &str) -> Result<Vec<(String, u64)>, DbError> {
    conn.query_map(
        "SELECT source_table, lag FROM pipeline_topics WHERE pipeline_id = ?1 ORDER BY source_table",
        params![id],
        |row| Ok((row.get(0)?, count(row.get(1)?))),
    )
}

/// The stored buckets of a pipeline: `(span, table, start_ms, totals)`
/// (tests add them up against the data plane).
pub fn buckets(conn: &Conn, id: &str) -> Result<Vec<(i64, String, i64, Totals)>, DbError> {
    conn.query_map(
        &format!(
            "SELECT span, source_table, start_ms, {FIGURES} FROM pipeline_metrics \
             WHERE pipeline_id = ?1 ORDER BY start_ms, source_table"
        ),
        params![id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, totals(row, 3)?)),
    )
}

/// Whether the project has a pipeline with this id (without metering).
pub fn exists(conn: &Conn, project: &ProjectId, id: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM pipelines WHERE id = ?1 AND project_id = ?2",
        params![id, project.as_str()],
        |row| row.get::<_, i64>(0),
    )? > 0)
}
