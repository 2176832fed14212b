//! A project's overview (its dashboard's figures) over real HTTP on the
//! demo organisation, checked against the lists and the usage it sums up.

use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::{overview, usage};
use api_types::overview::{HealthLevel, HealthSubject, ProjectOverview};
use api_types::usage::UsageWindow;
use api_types::{ActivityAction, ProjectId};
use chrono::Duration;
use common::{signed_in, DEV_EU, PROD_EU, PROD_US, STAGING_EU_UNAVAILABLE};
use reqwest::StatusCode;

mod common;

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, serde_json::Value) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

async fn total(client: &reqwest::Client, url: &str) -> u32 {
    let (status, body) = get(client, url).await;
    assert_eq!(status, StatusCode::OK, "{url}: {body}");
    body["total"].as_u64().unwrap() as u32
}

#[tokio::test]
async fn the_overview_counts_what_the_lists_hold_and_names_what_needs_attention() {
    let (base, _config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    for project in [PROD_US, PROD_EU, DEV_EU] {
        let (status, body) = get(&admin, &format!("{base}/api/projects/{project}/overview")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let o: ProjectOverview = serde_json::from_value(body).unwrap();
        assert!(o.simulated);
        let path = format!("{base}/api/projects/{project}");
        assert_eq!(
            o.counts.sources,
            total(&admin, &format!("{path}/sources")).await
        );
        assert_eq!(
            o.counts.destinations,
            total(&admin, &format!("{path}/destinations")).await
        );
        assert_eq!(
            o.counts.pipelines,
            total(&admin, &format!("{path}/pipelines")).await
        );
        assert_eq!(
            o.counts.topics,
            total(&admin, &format!("{path}/topics")).await
        );
        assert!(o.counts.pipelines > 0 && o.counts.topics > 0);
        if project != DEV_EU {
            // (Development's source is not running.)
            assert!(
                o.month.figures.billable_bytes > 0,
                "{project}: {:?}",
                o.month
            );
            assert!(o.last_data_at.is_some());
        }
        // Issues come before warnings.
        assert!(o.health.windows(2).all(|w| w[0].level <= w[1].level));
    }

    // Production in the EU: its pipeline is Broken, and so is the
    // destination that rejects its key; the finding names the pipeline
    // the pipelines list has.
    let (_, body) = get(&admin, &format!("{base}/api/projects/{PROD_EU}/overview")).await;
    let eu: ProjectOverview = serde_json::from_value(body).unwrap();
    let (_, listed) = get(&admin, &format!("{base}/api/projects/{PROD_EU}/pipelines")).await;
    let broken = &listed["result"][0];
    assert_eq!(broken["status"], "Broken");
    let finding = eu
        .health
        .iter()
        .find(|f| f.subject == HealthSubject::Pipeline)
        .unwrap();
    assert_eq!(finding.level, HealthLevel::Issue);
    assert_eq!(finding.id, broken["id"].as_str().unwrap());
    assert_eq!(finding.name, "orders-eu-to-bigquery");
    assert!(finding.message.contains("invalid_grant"));
    assert!(finding.since.is_some());
    assert!(eu.health.iter().any(|f| f.level == HealthLevel::Issue
        && f.subject == HealthSubject::Destination
        && f.name == "warehouse-bigquery"));

    // Production in the US: no issue; the paused archive destination is a
    // warning naming the pipeline whose records wait, and that pipeline's
    // latency is not a second warning.
    let (_, body) = get(&admin, &format!("{base}/api/projects/{PROD_US}/overview")).await;
    let us: ProjectOverview = serde_json::from_value(body).unwrap();
    assert_eq!(us.health.len(), 1, "{:?}", us.health);
    let warning = &us.health[0];
    assert_eq!(warning.level, HealthLevel::Warning);
    assert_eq!(warning.subject, HealthSubject::Destination);
    assert_eq!(warning.name, "orders-archive-s3");
    assert!(
        warning.message.contains("orders-archive"),
        "{}",
        warning.message
    );

    // Development: all clear.
    let (_, body) = get(&admin, &format!("{base}/api/projects/{DEV_EU}/overview")).await;
    let dev: ProjectOverview = serde_json::from_value(body).unwrap();
    assert!(dev.health.is_empty(), "{:?}", dev.health);
}

#[tokio::test]
async fn the_overview_s_figures_are_the_usage_s_and_its_activity_the_newest() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let database = config.database.clone();
    let at = api_server::clock::data_plane_now() + Duration::hours(2);
    let project = ProjectId::parse(PROD_US).unwrap();
    let (o, day, month) = common::sql(&database, move |conn| {
        let o = overview::overview(conn, &project, at, at).unwrap();
        let day = usage::project(conn, &project, UsageWindow::Day, at).unwrap();
        let month = usage::project(conn, &project, UsageWindow::Month, at).unwrap();
        (o, day, month)
    });
    assert_eq!(o.throughput, day.buckets);
    // Day buckets start at midnight UTC, as the month does: the month so
    // far is the sum of the 30-day window's buckets from its first day.
    let since: u64 = month
        .buckets
        .iter()
        .filter(|b| b.at >= o.month.from)
        .map(|b| b.figures.billable_bytes)
        .sum();
    assert_eq!(o.month.figures.billable_bytes, since);
    assert_eq!(chrono::Datelike::day(&o.month.from), 1);
    assert_eq!(o.month.to, day.to);

    // The newest change on the project is its last activity.
    assert!(o.last_activity.is_none());
    let res = admin
        .patch(format!("{base}/api/projects/{PROD_US}"))
        .json(&serde_json::json!({ "name": "production-us-east-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, body) = get(&admin, &format!("{base}/api/projects/{PROD_US}/overview")).await;
    let o: ProjectOverview = serde_json::from_value(body).unwrap();
    let last = o.last_activity.unwrap();
    assert_eq!(last.action, ActivityAction::ProjectRenamed);
    assert_eq!(last.actor.name, "Avery Admin");
}

#[tokio::test]
async fn anyone_with_a_role_reads_the_overview_and_nobody_else() {
    let (base, _config, _dir) = common::serve_demo().await;
    let read_only = signed_in(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let (status, _) = get(
        &read_only,
        &format!("{base}/api/projects/{PROD_US}/overview"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = get(
        &developer,
        &format!("{base}/api/projects/{PROD_US}/overview"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // An UNAVAILABLE project's overview is there: nothing moves, nothing
    // needs attention, nothing accrues.
    let (status, body) = get(
        &read_only,
        &format!("{base}/api/projects/{STAGING_EU_UNAVAILABLE}/overview"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let o: ProjectOverview = serde_json::from_value(body).unwrap();
    assert_eq!(o.month.figures, Default::default());
    assert!(o.throughput.iter().all(|b| b.figures == Default::default()));
    let (status, _) = get(
        &read_only,
        &format!("{base}/api/projects/{}/overview", common::UNKNOWN),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
