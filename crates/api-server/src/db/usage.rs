//! Usage, read from the data plane's stored buckets: inbound bytes (what
//! the sources wrote to the project's topics, each topic counted once) and
//! outbound bytes (what the pipelines wrote to destinations), and the
//! billable volume: the larger of the two in each hour, added up (in each
//! minute, for the one-hour window's minute buckets).

use super::pipelines::Parts;
use super::{Conn, DbError};
use crate::clock::from_millis;
use crate::dataplane::MINUTE_MS;
use crate::params;
use api_types::usage::{ProjectUsage, UsageBucket, UsageFigures, UsageShare, UsageWindow};
use api_types::ProjectId;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

const HOUR_MS: i64 = 3_600_000;

/// The window's start and end (milliseconds) at the data plane's `now`:
/// it ends at the last metered minute and starts on a bucket's boundary.
pub fn bounds(window: UsageWindow, now: DateTime<Utc>) -> (i64, i64) {
    let end = now.timestamp_millis().div_euclid(MINUTE_MS) * MINUTE_MS;
    let step = window.step_seconds() * 1000;
    let from = (end - window.seconds() * 1000).div_euclid(step) * step;
    (from, end)
}

/// One stored bucket's bytes.
struct Row {
    source: String,
    destination: String,
    pipeline: String,
    table: String,
    start: i64,
    bytes_in: u64,
    bytes_out: u64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// The stored buckets of the project's pipelines that start in
/// `from..to`.
fn rows(conn: &Conn, project: &ProjectId, from: i64, to: i64) -> Result<Vec<Row>, DbError> {
    conn.query_map(
        "SELECT p.source_id, p.destination_id, m.pipeline_id, m.source_table, m.start_ms, \
         m.bytes_in, m.bytes_out FROM pipeline_metrics m JOIN pipelines p ON p.id = m.pipeline_id \
         WHERE p.project_id = ?1 AND m.start_ms >= ?2 AND m.start_ms < ?3",
        params![project.as_str(), from, to],
        |row| {
            Ok(Row {
                source: row.get(0)?,
                destination: row.get(1)?,
                pipeline: row.get(2)?,
                table: row.get(3)?,
                start: row.get(4)?,
                bytes_in: count(row.get(5)?),
                bytes_out: count(row.get(6)?),
            })
        },
    )
}

/// The project's usage over `window`, metered up to `now` (the data
/// plane's clock) first.
pub fn project(
    conn: &mut Conn,
    project: &ProjectId,
    window: UsageWindow,
    now: DateTime<Utc>,
) -> Result<ProjectUsage, DbError> {
    let tx = conn.write_tx()?;
    super::pipelines::meter(&tx, project, now)?;
    let usage = metered(&tx, project, window, now)?;
    tx.commit()?;
    Ok(usage)
}

/// The project's usage over `window`, as metered so far.
pub fn metered(
    conn: &Conn,
    project: &ProjectId,
    window: UsageWindow,
    now: DateTime<Utc>,
) -> Result<ProjectUsage, DbError> {
    let (from, to) = bounds(window, now);
    let rows = rows(conn, project, from, to)?;
    let parts = Parts::read(conn, project, now)?;
    let span = Span {
        from,
        to,
        step: window.step_seconds() * 1000,
        unit: if window == UsageWindow::Hour {
            MINUTE_MS
        } else {
            HOUR_MS
        },
    };
    let added = add_up(span, &rows);
    let shares = |map: HashMap<&str, u64>| {
        let mut out: Vec<UsageShare> = map
            .into_iter()
            .map(|(id, bytes)| UsageShare {
                id: id.to_string(),
                name: parts
                    .connector(id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                bytes,
            })
            .collect();
        out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        out
    };
    Ok(ProjectUsage {
        simulated: true,
        project_id: project.clone(),
        window,
        step_seconds: window.step_seconds(),
        from: from_millis(from),
        to: from_millis(to),
        buckets: added
            .buckets
            .iter()
            .enumerate()
            .map(|(i, figures)| UsageBucket {
                at: from_millis(from + i as i64 * span.step),
                figures: *figures,
            })
            .collect(),
        totals: added.totals,
        sources: shares(added.by_source),
        destinations: shares(added.by_destination),
    })
}

/// The calendar month (UTC) of `now` so far, as metered: its start, its
/// end (the last metered minute) and its figures, billed by the hour.
pub fn month_to_date(
    conn: &Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>, UsageFigures), DbError> {
    use chrono::{Datelike, TimeZone};
    let to = now.timestamp_millis().div_euclid(MINUTE_MS) * MINUTE_MS;
    let start = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(now);
    let from = start.timestamp_millis();
    let rows = rows(conn, project, from, to)?;
    let span = Span {
        from,
        to,
        step: (to - from).max(HOUR_MS),
        unit: HOUR_MS,
    };
    Ok((
        from_millis(from),
        from_millis(to),
        add_up(span, &rows).totals,
    ))
}

/// What is added up, in milliseconds: buckets of `step` from `from` to
/// `to`, billed per `unit` (which divides `step`).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: i64,
    to: i64,
    step: i64,
    unit: i64,
}

/// Stored buckets, added up.
struct Added<'a> {
    buckets: Vec<UsageFigures>,
    totals: UsageFigures,
    by_source: HashMap<&'a str, u64>,
    by_destination: HashMap<&'a str, u64>,
}

/// Adds stored buckets up over `span`.
fn add_up(span: Span, rows: &[Row]) -> Added<'_> {
    let Span {
        from,
        to,
        step,
        unit,
    } = span;
    // Per unit: what each pipeline read of each topic, and what was written.
    let mut read: BTreeMap<(i64, &str, &str, &str), u64> = BTreeMap::new();
    let mut written: BTreeMap<i64, u64> = BTreeMap::new();
    let mut by_destination: HashMap<&str, u64> = HashMap::new();
    for r in rows {
        let u = r.start.div_euclid(unit) * unit;
        *read
            .entry((u, r.source.as_str(), r.table.as_str(), r.pipeline.as_str()))
            .or_default() += r.bytes_in;
        *written.entry(u).or_default() += r.bytes_out;
        *by_destination.entry(r.destination.as_str()).or_default() += r.bytes_out;
    }
    // A topic read by several pipelines arrived once: its largest reading.
    let mut inbound: BTreeMap<i64, u64> = BTreeMap::new();
    let mut by_source: HashMap<&str, u64> = HashMap::new();
    let mut topic: BTreeMap<(i64, &str, &str), u64> = BTreeMap::new();
    for ((u, source, table, _), bytes) in read {
        let best = topic.entry((u, source, table)).or_default();
        *best = (*best).max(bytes);
    }
    for ((u, source, _), bytes) in topic {
        *inbound.entry(u).or_default() += bytes;
        *by_source.entry(source).or_default() += bytes;
    }
    let steps = usize::try_from((to - from + step - 1) / step).unwrap_or(0);
    let mut buckets: Vec<UsageFigures> = vec![UsageFigures::default(); steps];
    let units: std::collections::BTreeSet<i64> =
        inbound.keys().chain(written.keys()).copied().collect();
    for u in units {
        let (i, o) = (
            inbound.get(&u).copied().unwrap_or(0),
            written.get(&u).copied().unwrap_or(0),
        );
        let Some(bucket) = usize::try_from((u - from) / step)
            .ok()
            .and_then(|n| buckets.get_mut(n))
        else {
            continue;
        };
        bucket.inbound_bytes += i;
        bucket.outbound_bytes += o;
        bucket.billable_bytes += i.max(o);
    }
    let mut totals = UsageFigures::default();
    for b in &buckets {
        totals.inbound_bytes += b.inbound_bytes;
        totals.outbound_bytes += b.outbound_bytes;
        totals.billable_bytes += b.billable_bytes;
    }
    Added {
        buckets,
        totals,
        by_source,
        by_destination,
    }
}

/// The projects that have pipelines (the others moved nothing).
pub fn projects_with_pipelines(conn: &Conn) -> Result<Vec<String>, DbError> {
    conn.query_map(
        "SELECT DISTINCT project_id FROM pipelines ORDER BY project_id",
        params![],
        |row| row.get(0),
    )
}

/// The organisation's usage over `window` as `viewer` may see it: one line
/// per project, by name, with figures only for those they have a role on.
pub fn organisation(
    conn: &mut Conn,
    viewer: &super::users::Viewer,
    window: UsageWindow,
    now: DateTime<Utc>,
) -> Result<api_types::usage::OrganisationUsage, DbError> {
    use api_types::usage::{OrganisationUsage, ProjectUsageTotal};
    let visible: Option<std::collections::HashSet<String>> = if viewer.organisation_admin {
        None
    } else {
        Some(
            super::users::memberships(conn, &viewer.user_id)?
                .into_iter()
                .map(|m| m.project_id.as_str().to_string())
                .collect(),
        )
    };
    let may_see = |id: &str| visible.as_ref().is_none_or(|v| v.contains(id));
    let with_pipelines = projects_with_pipelines(conn)?;
    let mut figures: HashMap<String, UsageFigures> = HashMap::new();
    for id in with_pipelines.iter().filter(|id| may_see(id)) {
        let project = ProjectId::parse(id)
            .map_err(|_| DbError::Corrupt(format!("pipeline project {id:?}")))?;
        figures.insert(
            id.clone(),
            self::project(conn, &project, window, now)?.totals,
        );
    }
    let listed = conn.query_map(
        "SELECT id, name, state FROM projects ORDER BY name_key, id",
        params![],
        |row| {
            let id: String = row.get(0)?;
            let state: String = row.get(2)?;
            Ok((id, row.get::<_, String>(1)?, state))
        },
    )?;
    let mut totals = UsageFigures::default();
    let mut projects = Vec::with_capacity(listed.len());
    for (id, name, state) in listed {
        let project_id =
            ProjectId::parse(&id).map_err(|_| DbError::Corrupt(format!("project {id:?}")))?;
        let state = api_types::ProjectState::parse(&state)
            .ok_or_else(|| DbError::Corrupt(format!("project {id} state {state:?}")))?;
        let shown = may_see(&id).then(|| figures.get(&id).copied().unwrap_or_default());
        if let Some(f) = shown {
            totals.inbound_bytes += f.inbound_bytes;
            totals.outbound_bytes += f.outbound_bytes;
            totals.billable_bytes += f.billable_bytes;
        }
        projects.push(ProjectUsageTotal {
            project_id,
            name,
            state,
            totals: shown,
        });
    }
    let (from, to) = bounds(window, now);
    Ok(OrganisationUsage {
        simulated: true,
        window,
        from: from_millis(from),
        to: from_millis(to),
        projects,
        totals,
    })
}
