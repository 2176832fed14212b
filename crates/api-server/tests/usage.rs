//! Usage over real HTTP on the demo organisation, and the billing rule
//! checked against the stored buckets at chosen times.

use api_server::dataplane::MINUTE_MS;
use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::{pipelines, usage, Location};
use api_types::usage::{OrganisationUsage, ProjectUsage, UsageWindow};
use api_types::ProjectId;
use chrono::{DateTime, Duration, Utc};
use common::{signed_in, DEV_EU, PROD_US};
use reqwest::StatusCode;
use std::collections::BTreeMap;

mod common;

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, serde_json::Value) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// The project's usage over `window` at `at`, read from the database.
fn usage_at(
    database: &Location,
    project: &str,
    window: UsageWindow,
    at: DateTime<Utc>,
) -> ProjectUsage {
    let project = ProjectId::parse(project).unwrap();
    common::sql(database, move |conn| {
        usage::project(conn, &project, window, at).unwrap()
    })
}

fn meter_at(database: &Location, project: &str, at: DateTime<Utc>) {
    let project = ProjectId::parse(project).unwrap();
    common::sql(database, move |conn| {
        let tx = conn.write_tx().unwrap();
        pipelines::meter(&tx, &project, at).unwrap();
        tx.commit().unwrap();
    });
}

/// Every stored bucket of the project's pipelines: (source, pipeline,
/// table, start, bytes in, bytes out).
fn stored(database: &Location, project: &str) -> Vec<(String, String, String, i64, u64, u64)> {
    let project = project.to_string();
    common::sql(database, move |conn| {
        conn.query_map(
            "SELECT p.source_id, m.pipeline_id, m.source_table, m.start_ms, m.bytes_in, m.bytes_out \
             FROM pipeline_metrics m JOIN pipelines p ON p.id = m.pipeline_id WHERE p.project_id = ?1",
            api_server::params![project],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get::<_, i64>(4)? as u64,
                    row.get::<_, i64>(5)? as u64,
                ))
            },
        )
        .unwrap()
    })
}

#[tokio::test]
async fn usage_adds_up_the_stored_buckets_in_every_window_and_bills_the_larger_each_hour() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let database = config.database.clone();
    // Well after the demo's history: the archive's destination, paused two
    // hours before, is resumed now, so that some hours write less than
    // arrives and later ones more (it drains).
    let now = api_server::clock::data_plane_now();
    meter_at(&database, PROD_US, now);
    common::sql_batch(
        &database,
        "UPDATE connectors SET desired_state = 'Active' WHERE connector = 's3' AND name = 'orders-archive-s3'",
    );
    let later = now + Duration::hours(3);
    for window in UsageWindow::ALL {
        let u = usage_at(&database, PROD_US, window, later);
        assert!(u.simulated);
        assert_eq!(u.window, window);
        let step = window.step_seconds() * 1000;
        assert!(u
            .buckets
            .windows(2)
            .all(|w| (w[1].at - w[0].at).num_milliseconds() == step));
        let sum = |f: fn(&api_types::usage::UsageFigures) -> u64| {
            u.buckets.iter().map(|b| f(&b.figures)).sum::<u64>()
        };
        assert_eq!(
            sum(|f| f.inbound_bytes),
            u.totals.inbound_bytes,
            "{window:?}"
        );
        assert_eq!(
            sum(|f| f.outbound_bytes),
            u.totals.outbound_bytes,
            "{window:?}"
        );
        assert_eq!(
            sum(|f| f.billable_bytes),
            u.totals.billable_bytes,
            "{window:?}"
        );
        // Outbound is every stored byte written in the window; inbound
        // counts a topic once however many pipelines read it.
        let (from, to) = (u.from.timestamp_millis(), u.to.timestamp_millis());
        let rows: Vec<_> = stored(&database, PROD_US)
            .into_iter()
            .filter(|r| r.3 >= from && r.3 < to)
            .collect();
        assert_eq!(
            u.totals.outbound_bytes,
            rows.iter().map(|r| r.5).sum::<u64>(),
            "{window:?}"
        );
        let unit = if window == UsageWindow::Hour {
            MINUTE_MS
        } else {
            3_600_000
        };
        let mut read: BTreeMap<(i64, String, String, String), u64> = BTreeMap::new();
        let mut written: BTreeMap<i64, u64> = BTreeMap::new();
        for (source, pipeline, table, start, bytes_in, bytes_out) in &rows {
            let u = start.div_euclid(unit) * unit;
            *read
                .entry((u, source.clone(), table.clone(), pipeline.clone()))
                .or_default() += bytes_in;
            *written.entry(u).or_default() += bytes_out;
        }
        let mut topic: BTreeMap<(i64, String, String), u64> = BTreeMap::new();
        for ((u, s, t, _), b) in read {
            let e = topic.entry((u, s, t)).or_default();
            *e = (*e).max(b);
        }
        let mut inbound: BTreeMap<i64, u64> = BTreeMap::new();
        for ((u, _, _), b) in topic {
            *inbound.entry(u).or_default() += b;
        }
        assert_eq!(
            u.totals.inbound_bytes,
            inbound.values().sum::<u64>(),
            "{window:?}"
        );
        let billable: u64 = inbound
            .keys()
            .chain(written.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|k| {
                inbound
                    .get(k)
                    .copied()
                    .unwrap_or(0)
                    .max(written.get(k).copied().unwrap_or(0))
            })
            .sum();
        assert_eq!(u.totals.billable_bytes, billable, "{window:?}");
        if window == UsageWindow::Day {
            // Paused hours arrive more than they write, draining hours the
            // other way round: billing each hour's larger side is more than
            // either total.
            assert!(u.totals.billable_bytes > u.totals.inbound_bytes);
            assert!(u.totals.billable_bytes > u.totals.outbound_bytes);
            let names: Vec<_> = u.destinations.iter().map(|d| d.name.as_str()).collect();
            assert!(names.contains(&"orders-archive-s3") && names.contains(&"analytics-snowflake"));
            assert_eq!(
                u.sources.iter().map(|s| s.bytes).sum::<u64>(),
                u.totals.inbound_bytes
            );
        }
    }

    // Over HTTP, the same answer at the server's own clock.
    let (status, body) = get(
        &admin,
        &format!("{base}/api/projects/{PROD_US}/usage?window=7d"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let u: ProjectUsage = serde_json::from_value(body).unwrap();
    assert_eq!(u.buckets.len(), 7 * 24 + 1);
    assert!(u.totals.billable_bytes > 0);
    let (status, body) = get(
        &admin,
        &format!("{base}/api/projects/{PROD_US}/usage?window=2d"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "window");
}

#[tokio::test]
async fn an_unavailable_project_accrues_nothing() {
    let (_base, config, _dir) = common::serve_demo().await;
    let database = config.database.clone();
    let now = api_server::clock::data_plane_now();
    meter_at(&database, PROD_US, now);
    common::sql_batch(
        &database,
        &format!("UPDATE projects SET state = 'UNAVAILABLE' WHERE id = '{PROD_US}'"),
    );
    let u = usage_at(
        &database,
        PROD_US,
        UsageWindow::Hour,
        now + Duration::minutes(90),
    );
    assert_eq!(u.buckets.len(), 60);
    assert_eq!(u.totals, Default::default());
    // The day before it still counts.
    let day = usage_at(
        &database,
        PROD_US,
        UsageWindow::Day,
        now + Duration::minutes(90),
    );
    assert!(day.totals.billable_bytes > 0);
}

#[tokio::test]
async fn the_organisation_shows_figures_only_for_the_projects_the_caller_may_open() {
    let (base, _config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let (status, body) = get(&admin, &format!("{base}/api/usage?window=1d")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let all: OrganisationUsage = serde_json::from_value(body).unwrap();
    assert!(all.projects.iter().all(|p| p.totals.is_some()));
    let prod = all
        .projects
        .iter()
        .find(|p| p.project_id.as_str() == PROD_US)
        .unwrap();
    assert!(prod.totals.unwrap().billable_bytes > 0);
    assert_eq!(
        all.totals.billable_bytes,
        all.projects
            .iter()
            .map(|p| p.totals.unwrap().billable_bytes)
            .sum::<u64>()
    );
    // A member without a role on production sees its line, not its figures.
    let (_, body) = get(&developer, &format!("{base}/api/usage?window=1d")).await;
    let mine: OrganisationUsage = serde_json::from_value(body).unwrap();
    assert_eq!(mine.projects.len(), all.projects.len());
    let locked = mine
        .projects
        .iter()
        .find(|p| p.project_id.as_str() == PROD_US)
        .unwrap();
    assert!(locked.totals.is_none());
    assert!(mine
        .projects
        .iter()
        .any(|p| p.project_id.as_str() == DEV_EU && p.totals.is_some()));
    assert!(mine.totals.billable_bytes < all.totals.billable_bytes);
    let (status, _) = get(&developer, &format!("{base}/api/projects/{PROD_US}/usage")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&reqwest::Client::new(), &format!("{base}/api/usage")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
