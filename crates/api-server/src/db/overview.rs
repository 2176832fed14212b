//! A project's overview for its dashboard: counts, health, the last day's
//! throughput, the month's billable volume so far and the newest activity.

use super::activity::Scope;
use super::{Conn, DbError};
use crate::params;
use api_types::connectors::{Connector, ConnectorKind, ConnectorStatus, DesiredState};
use api_types::overview::{
    HealthFinding, HealthLevel, HealthSubject, MonthToDate, ProjectOverview, ResourceCounts,
    HIGH_LATENCY_MS,
};
use api_types::pipelines::Pipeline;
use api_types::usage::UsageWindow;
use api_types::{ActivityQuery, ProjectId};
use chrono::{DateTime, Utc};

/// The project's overview, its data plane metered up to `dp_now` first;
/// statuses as at `now`.
pub fn overview(
    conn: &mut Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<ProjectOverview, DbError> {
    let tx = conn.write_tx()?;
    let (pipelines, parts) = super::pipelines::all_with_parts(&tx, project, now, dp_now)?;
    let topics = super::topics::count(&tx, project, &parts)?;
    let throughput = super::usage::metered(&tx, project, UsageWindow::Day, dp_now)?.buckets;
    let (from, to, figures) = super::usage::month_to_date(&tx, project, dp_now)?;
    let query = ActivityQuery {
        page_size: 1,
        ..ActivityQuery::default()
    };
    let last_activity = super::activity::list(&tx, &Scope::Project(project.clone()), &query)?
        .result
        .into_iter()
        .next();
    let last_data: Option<i64> = tx.query_row(
        "SELECT MAX(m.start_ms) FROM pipeline_metrics m JOIN pipelines p ON p.id = m.pipeline_id \
         WHERE p.project_id = ?1 AND (m.bytes_in > 0 OR m.bytes_out > 0)",
        params![project.as_str()],
        |row| row.get(0),
    )?;
    tx.commit()?;
    let connectors: Vec<&Connector> = parts.connectors().collect();
    let of = |kind| {
        u32::try_from(connectors.iter().filter(|c| c.kind == kind).count()).unwrap_or(u32::MAX)
    };
    Ok(ProjectOverview {
        simulated: true,
        counts: ResourceCounts {
            sources: of(ConnectorKind::Source),
            destinations: of(ConnectorKind::Destination),
            pipelines: u32::try_from(pipelines.len()).unwrap_or(u32::MAX),
            topics,
        },
        health: findings(&pipelines, &connectors),
        throughput,
        month: MonthToDate { from, to, figures },
        last_data_at: last_data.and_then(DateTime::from_timestamp_millis),
        last_activity,
    })
}

/// A duration for people: `45 s`, `3 min 20 s`, `2 h 5 min`.
fn duration(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    match s {
        0..60 => format!("{s} s"),
        60..3600 if s.is_multiple_of(60) => format!("{} min", s / 60),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// What needs attention: Broken connectors and pipelines (issues), then
/// paused destinations that records wait for and slow pipelines
/// (warnings); by name within each.
pub fn findings(pipelines: &[Pipeline], connectors: &[&Connector]) -> Vec<HealthFinding> {
    let mut out = Vec::new();
    let subject = |kind| match kind {
        ConnectorKind::Source => HealthSubject::Source,
        ConnectorKind::Destination => HealthSubject::Destination,
    };
    for c in connectors {
        if c.connector_status != ConnectorStatus::Broken {
            continue;
        }
        let message = match (&c.fault, c.secrets_missing.as_slice()) {
            (Some(fault), _) => fault.clone(),
            (None, []) => "It is Broken.".to_string(),
            (None, missing) => format!(
                "It cannot start until its secrets are set: {}.",
                missing.join(", ")
            ),
        };
        out.push(HealthFinding {
            level: HealthLevel::Issue,
            subject: subject(c.kind),
            id: c.id.clone(),
            name: c.name.clone(),
            message,
            since: None,
        });
    }
    for p in pipelines {
        if p.status != ConnectorStatus::Broken {
            continue;
        }
        out.push(HealthFinding {
            level: HealthLevel::Issue,
            subject: HealthSubject::Pipeline,
            id: p.id.clone(),
            name: p.name.clone(),
            message: p
                .problem
                .as_ref()
                .map(|problem| problem.message.clone())
                .unwrap_or_else(|| "It is Broken.".to_string()),
            since: p.problem.as_ref().map(|problem| problem.since),
        });
    }
    for c in connectors {
        let held = matches!(
            c.connector_status,
            ConnectorStatus::Paused | ConnectorStatus::Stopped
        );
        if c.kind != ConnectorKind::Destination || !held {
            continue;
        }
        let waiting: Vec<&Pipeline> = pipelines
            .iter()
            .filter(|p| {
                p.destination.id == c.id && p.desired_state == DesiredState::Active && p.lag > 0
            })
            .collect();
        if waiting.is_empty() {
            continue;
        }
        let lag: u64 = waiting.iter().map(|p| p.lag).sum();
        let names: Vec<&str> = waiting.iter().map(|p| p.name.as_str()).collect();
        out.push(HealthFinding {
            level: HealthLevel::Warning,
            subject: HealthSubject::Destination,
            id: c.id.clone(),
            name: c.name.clone(),
            message: format!(
                "It is {}: {} records wait in {}, and more arrive until it is resumed.",
                c.connector_status.as_str().to_lowercase(),
                api_types::grouped(lag),
                names.join(", ")
            ),
            since: None,
        });
    }
    // A pipeline waiting for a held destination is slow for that reason,
    // which the destination's warning says.
    let held = |id: &str| {
        connectors.iter().any(|c| {
            c.id == id
                && matches!(
                    c.connector_status,
                    ConnectorStatus::Paused | ConnectorStatus::Stopped
                )
        })
    };
    for p in pipelines {
        let slow = p.latency_ms.filter(|ms| *ms > HIGH_LATENCY_MS);
        let Some(ms) =
            slow.filter(|_| p.status != ConnectorStatus::Broken && !held(&p.destination.id))
        else {
            continue;
        };
        out.push(HealthFinding {
            level: HealthLevel::Warning,
            subject: HealthSubject::Pipeline,
            id: p.id.clone(),
            name: p.name.clone(),
            message: format!(
                "Records take {} from the source to the destination (more than {}).",
                duration(ms),
                duration(HIGH_LATENCY_MS)
            ),
            since: None,
        });
    }
    out.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pipeline(name: &str, status: &str, destination: &str, lag: u64, latency: u64) -> Pipeline {
        serde_json::from_value(json!({
            "id": format!("id-{name}"), "project_id": "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "name": name, "tags": [], "topics": [],
            "source": {"id": "src", "name": "src", "connector": "postgresql", "status": "Active"},
            "destination": {"id": destination, "name": destination, "connector": "s3", "status": "Active"},
            "snapshot_new_tables": true, "desired_state": "Active", "status": status,
            "lag": lag, "latency_ms": latency,
            "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"
        }))
        .unwrap()
    }

    fn destination(id: &str, status: &str) -> Connector {
        serde_json::from_value(json!({
            "id": id, "project_id": "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "kind": "destination", "connector": "s3", "name": id, "tags": [], "config": {},
            "secrets_set": [], "secrets_missing": [], "desired_state": "Active",
            "connector_status": status, "topics": 0,
            "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn slow_pipelines_are_warnings_unless_broken_or_waiting_for_a_held_destination() {
        let (running, paused) = (destination("run", "Active"), destination("held", "Paused"));
        let connectors = [&running, &paused];
        let pipelines = [
            pipeline("fast", "Active", "run", 10, HIGH_LATENCY_MS),
            pipeline("slow", "Active", "run", 10, HIGH_LATENCY_MS + 1),
            pipeline("waiting", "Active", "held", 500, 3_600_000),
            pipeline("broken", "Broken", "run", 10, 3_600_000),
        ];
        let found = findings(&pipelines, &connectors);
        let seen: Vec<_> = found
            .iter()
            .map(|f| (f.level, f.subject, f.name.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (HealthLevel::Issue, HealthSubject::Pipeline, "broken"),
                (HealthLevel::Warning, HealthSubject::Destination, "held"),
                (HealthLevel::Warning, HealthSubject::Pipeline, "slow"),
            ]
        );
        assert_eq!(
            found[1].message,
            "It is paused: 500 records wait in waiting, and more arrive until it is resumed."
        );
        assert_eq!(
            found[2].message,
            "Records take 1 min 1 s from the source to the destination (more than 1 min)."
        );
        assert!(findings(&pipelines[..1], &connectors).is_empty());
    }
}
