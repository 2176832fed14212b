//! Pipelines, topics and the simulated data plane over real HTTP on the
//! demo organisation; the data plane's rules checked with exact numbers by
//! metering the database at chosen times.

use api_server::dataplane::{self, Flow, Profile, MINUTE_MS};
use api_server::db::pipelines;
use api_server::db::seed::{DEMO_FAULT, DEMO_PASSWORD};
use api_server::db::Location;
use api_types::connectors::{BulkResponse, ConnectorStatus};
use api_types::pipelines::{Metrics, Pipeline, PipelineLogs, Topic, TopicKind};
use api_types::{ListResponse, ProjectId};
use chrono::{DateTime, Duration, Utc};
use common::{signed_in, PROD_EU, PROD_US, STAGING_EU_UNAVAILABLE};
use reqwest::{Client, Method as M, StatusCode};
use serde_json::{json, Value};

mod common;

struct Server {
    base: String,
    database: Location,
    admin: Client,
    read_only: Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        Self {
            admin: signed_in(&base, "admin@example.com", DEMO_PASSWORD).await,
            read_only: signed_in(&base, "read-only@example.com", DEMO_PASSWORD).await,
            base,
            database: config.database,
            _dir: dir,
        }
    }

    async fn send(
        &self,
        who: &Client,
        method: M,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = who.request(method, format!("{}/api{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let res = request.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn pipelines(&self, project: &str, query: &str) -> Vec<Pipeline> {
        let (status, body) = self
            .send(
                &self.admin,
                M::GET,
                &format!("/projects/{project}/pipelines?{query}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value::<ListResponse<Pipeline>>(body)
            .unwrap()
            .result
    }

    async fn connector_id(&self, project: &str, kind: &str, name: &str) -> String {
        let (_, body) = self
            .send(
                &self.admin,
                M::GET,
                &format!("/projects/{project}/{kind}?partial_name={name}"),
                None,
            )
            .await;
        body["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

fn field(body: &Value) -> &str {
    body["error"]["field"].as_str().unwrap_or_default()
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

/// Meters the project at `at` in a transaction of its own.
fn meter_at(database: &Location, project: &str, at: DateTime<Utc>) {
    let project = ProjectId::parse(project).unwrap();
    common::sql(database, move |conn| {
        let tx = conn.write_tx().unwrap();
        pipelines::meter(&tx, &project, at).unwrap();
        tx.commit().unwrap();
    });
}

fn lag_of(database: &Location, id: &str) -> Vec<(String, u64)> {
    let id = id.to_string();
    common::sql(database, move |conn| pipelines::lags(conn, &id).unwrap())
}

fn metered_until(database: &Location, id: &str) -> i64 {
    common::sql_number(
        database,
        &format!("SELECT metered_until FROM pipelines WHERE id = '{id}'"),
    )
}

#[tokio::test]
async fn the_data_plane_obeys_its_rules_with_exact_numbers() {
    let s = Server::start().await;
    let source = s.connector_id(PROD_US, "sources", "orders-postgres").await;
    let destination = s
        .connector_id(PROD_US, "destinations", "analytics-snowflake")
        .await;
    let (status, body) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{PROD_US}/pipelines"),
            Some(json!({
                "name": "rules",
                "source": {"id": source, "topics": ["orders-postgres.public.orders"]},
                "destination": {"id": destination},
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Pipeline = serde_json::from_value(body).unwrap();
    assert_eq!(created.topics, ["orders-postgres.public.orders"]);
    assert_eq!(created.status, ConnectorStatus::Starting);
    let seed = common::sql_number(
        &s.database,
        &format!("SELECT seed FROM pipelines WHERE id = '{}'", created.id),
    );
    let profile = Profile::of(&source, seed, "public.orders");
    let start = metered_until(&s.database, &created.id);
    let at = |minute: i64| DateTime::from_timestamp_millis(minute * MINUTE_MS).unwrap();
    let on = Flow {
        arriving: true,
        writing: true,
        failing: false,
    };

    // An hour with everything running: exactly what the model says.
    meter_at(&s.database, PROD_US, at(start + 60));
    let mut expected = dataplane::Totals::default();
    let mut lag = 0;
    for minute in start..start + 60 {
        let m = dataplane::step(&profile, minute, lag, on);
        lag = m.lag;
        expected.add(&m);
    }
    let id = created.id.clone();
    let stored = common::sql(&s.database, move |conn| {
        pipelines::buckets(conn, &id).unwrap()
    });
    assert_eq!(stored.len(), 60, "one bucket a minute");
    let mut sum = dataplane::Totals::default();
    for (span, table, _, t) in &stored {
        assert_eq!((*span, table.as_str()), (60, "public.orders"));
        sum.merge(t);
    }
    assert_eq!(sum, expected);
    assert_eq!(
        lag_of(&s.database, &created.id),
        [("public.orders".into(), lag)]
    );

    // The destination paused for half an hour: every record that arrives
    // waits, none is written.
    common::sql_batch(
        &s.database,
        &format!("UPDATE connectors SET desired_state = 'Paused' WHERE id = '{destination}'"),
    );
    meter_at(&s.database, PROD_US, at(start + 90));
    let mut arrived = 0;
    for minute in start + 60..start + 90 {
        arrived += profile.produced(minute).0;
    }
    let waiting = lag_of(&s.database, &created.id)[0].1;
    assert_eq!(waiting, lag + arrived);
    assert!(arrived > 0);

    // Resumed: the lag drains, faster than records arrive.
    common::sql_batch(
        &s.database,
        &format!("UPDATE connectors SET desired_state = 'Active' WHERE id = '{destination}'"),
    );
    meter_at(&s.database, PROD_US, at(start + 95));
    let mut lag = waiting;
    for minute in start + 90..start + 95 {
        lag = dataplane::step(&profile, minute, lag, on).lag;
    }
    assert_eq!(lag_of(&s.database, &created.id)[0].1, lag);
    assert!(lag < waiting);

    // An UNAVAILABLE project processes nothing: nothing arrives, nothing
    // is written, the lag stays.
    common::sql_batch(
        &s.database,
        &format!("UPDATE projects SET state = 'UNAVAILABLE' WHERE id = '{PROD_US}'"),
    );
    meter_at(&s.database, PROD_US, at(start + 120));
    assert_eq!(lag_of(&s.database, &created.id)[0].1, lag);
    let id = created.id.clone();
    let last: Vec<_> = common::sql(&s.database, move |conn| {
        pipelines::buckets(conn, &id).unwrap()
    })
    .into_iter()
    .filter(|(_, _, start_ms, _)| *start_ms >= (start + 95) * MINUTE_MS)
    .collect();
    assert_eq!(last.len(), 25);
    assert!(last
        .iter()
        .all(|(_, _, _, t)| t.records_in == 0 && t.records_out == 0 && t.bytes_in == 0));

    // Two days later the minutes older than a day are kept by the hour,
    // with the same totals.
    common::sql_batch(
        &s.database,
        &format!("UPDATE projects SET state = 'AVAILABLE' WHERE id = '{PROD_US}'"),
    );
    let before: u64 = sum.records_in;
    meter_at(&s.database, PROD_US, at(start + 2 * 1440));
    let id = created.id.clone();
    let stored = common::sql(&s.database, move |conn| {
        pipelines::buckets(conn, &id).unwrap()
    });
    let hours: Vec<_> = stored.iter().filter(|(span, ..)| *span == 3600).collect();
    assert!(!hours.is_empty());
    let minutes = stored.iter().filter(|(span, ..)| *span == 60).count();
    assert!((1440..1500).contains(&minutes), "{minutes} minutes kept");
    let first_hour_in: u64 = stored
        .iter()
        .filter(|(_, _, start_ms, _)| *start_ms < (start + 60) * MINUTE_MS)
        .map(|(_, _, _, t)| t.records_in)
        .sum();
    // The first hour may share its clock hour with the next minutes.
    assert!(first_hour_in >= before);
}

#[tokio::test]
async fn the_demo_has_a_broken_pipeline_that_explains_itself_and_heals() {
    let s = Server::start().await;
    let listed = s.pipelines(PROD_EU, "").await;
    let broken = listed
        .iter()
        .find(|p| p.name == "orders-eu-to-bigquery")
        .unwrap();
    assert_eq!(broken.status, ConnectorStatus::Broken);
    let problem = broken.problem.as_ref().unwrap();
    assert_eq!(problem.message, DEMO_FAULT);
    assert!(
        problem.fix.contains("warehouse-bigquery"),
        "{}",
        problem.fix
    );
    assert!(broken.lag > 0, "what arrived since it broke waits");
    let (_, logs) = s
        .send(
            &s.admin,
            M::GET,
            &format!(
                "/projects/{PROD_EU}/pipelines/{}/logs?level=error",
                broken.id
            ),
            None,
        )
        .await;
    let logs: PipelineLogs = serde_json::from_value(logs).unwrap();
    assert!(logs.simulated);
    assert!(logs.counts.error >= 1);
    assert!(logs
        .entries
        .iter()
        .all(|e| e.level == api_types::pipelines::LogLevel::Error));
    assert!(
        logs.entries[0].message.contains("refused"),
        "{:?}",
        logs.entries
    );
    // The destination says so too.
    let (_, destination) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_EU}/destinations/{}", broken.destination.id),
            None,
        )
        .await;
    assert_eq!(destination["connector_status"], "Broken");
    assert_eq!(destination["fault"], DEMO_FAULT);
    // Replacing its key heals both.
    let mut config = destination["config"].clone();
    config["bigquery.service.account.key"] = json!("{\"type\":\"service_account\",\"new\":true}");
    let (status, body) = s
        .send(
            &s.admin,
            M::PATCH,
            &format!("/projects/{PROD_EU}/destinations/{}", broken.destination.id),
            Some(json!({ "config": config })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("fault").is_none());
    assert_ne!(body["connector_status"], "Broken");
    let healed = s.pipelines(PROD_EU, "").await;
    let healed = healed.iter().find(|p| p.id == broken.id).unwrap();
    assert_ne!(healed.status, ConnectorStatus::Broken);
    assert!(healed.problem.is_none());
    // From the next minute on, what waited drains.
    let later =
        DateTime::from_timestamp_millis((metered_until(&s.database, &broken.id) + 10) * MINUTE_MS)
            .unwrap();
    meter_at(&s.database, PROD_EU, later);
    let left: u64 = lag_of(&s.database, &broken.id).iter().map(|(_, l)| l).sum();
    assert!(left < healed.lag, "{left} >= {}", healed.lag);
    let (_, logs) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_EU}/pipelines/{}/logs", broken.id),
            None,
        )
        .await;
    let logs: PipelineLogs = serde_json::from_value(logs).unwrap();
    assert!(
        logs.entries
            .iter()
            .any(|e| e.message.contains("succeed again")),
        "{:?}",
        logs.entries
    );
}

#[tokio::test]
async fn every_field_of_a_pipeline_is_checked_and_names_are_unique() {
    let s = Server::start().await;
    let source = s.connector_id(PROD_US, "sources", "orders-postgres").await;
    let other_source = s.connector_id(PROD_US, "sources", "inventory-mysql").await;
    let destination = s
        .connector_id(PROD_US, "destinations", "analytics-snowflake")
        .await;
    let body = |name: &str, source: &str, topics: Value, destination: &str| json!({"name": name, "source": {"id": source, "topics": topics}, "destination": {"id": destination}, "tags": ["team:orders"]});
    let path = format!("/projects/{PROD_US}/pipelines");
    let topic = json!(["orders-postgres.public.orders"]);
    for (request, expected) in [
        (body("  ", &source, topic.clone(), &destination), "name"),
        (
            body(&"x".repeat(101), &source, topic.clone(), &destination),
            "name",
        ),
        (
            body("a", &destination, topic.clone(), &destination),
            "source.id",
        ),
        (body("a", &source, topic.clone(), &source), "destination.id"),
        (body("a", &source, json!([]), &destination), "source.topics"),
        (
            body("a", &other_source, topic.clone(), &destination),
            "source.topics",
        ),
        (
            body(
                "a",
                &source,
                json!(["orders-postgres.public.nope"]),
                &destination,
            ),
            "source.topics",
        ),
    ] {
        let (status, answer) = s.send(&s.admin, M::POST, &path, Some(request)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(field(&answer), expected, "{answer}");
    }
    let mut bad_tags = body("a", &source, topic.clone(), &destination);
    bad_tags["tags"] = json!(["no spaces allowed"]);
    let (status, answer) = s.send(&s.admin, M::POST, &path, Some(bad_tags)).await;
    assert_eq!(
        (status, field(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "tags")
    );
    // A name taken, whatever its case.
    let (status, answer) = s
        .send(
            &s.admin,
            M::POST,
            &path,
            Some(body(
                "ORDERS-to-Snowflake",
                &source,
                topic.clone(),
                &destination,
            )),
        )
        .await;
    assert_eq!(
        (status, field(&answer)),
        (StatusCode::CONFLICT, "name"),
        "{answer}"
    );
    // Read Only may look, not create; an UNAVAILABLE project takes nothing.
    let (status, answer) = s
        .send(
            &s.read_only,
            M::POST,
            &path,
            Some(body("mine", &source, topic.clone(), &destination)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(message(&answer).contains("pipelines"), "{answer}");
    let (status, _) = s.send(&s.read_only, M::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{STAGING_EU_UNAVAILABLE}/pipelines"),
            Some(body("x", &source, topic.clone(), &destination)),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(message(&answer).contains("UNAVAILABLE"));
    // Filters and sorts, and bad query values naming their parameter.
    let by_lag = s.pipelines(PROD_US, "sort=lag&sort_dir=desc").await;
    assert_eq!(by_lag[0].name, "orders-archive");
    let from_inventory = s
        .pipelines(PROD_US, &format!("source={other_source}"))
        .await;
    assert_eq!(from_inventory.len(), 1);
    assert_eq!(s.pipelines(PROD_US, "partial_name=ARCHIVE").await.len(), 1);
    assert_eq!(s.pipelines(PROD_US, "status=Broken").await.len(), 0);
    for (query, name) in [
        ("sort=volume", "sort"),
        ("status=Running", "status"),
        ("source=x", "source"),
    ] {
        let (status, answer) = s
            .send(&s.admin, M::GET, &format!("{path}?{query}"), None)
            .await;
        assert_eq!((status, field(&answer)), (StatusCode::BAD_REQUEST, name));
    }
}

#[tokio::test]
async fn connectors_in_use_cannot_be_deleted_and_bulk_actions_answer_per_item() {
    let s = Server::start().await;
    let source = s.connector_id(PROD_US, "sources", "orders-postgres").await;
    let (status, answer) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("/projects/{PROD_US}/sources/{source}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(message(&answer).contains("orders-archive"), "{answer}");
    assert!(message(&answer).contains("orders-to-snowflake"), "{answer}");
    let (_, answer) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{PROD_US}/sources/bulk"),
            Some(json!({"action": "delete", "ids": [source]})),
        )
        .await;
    let answer: BulkResponse = serde_json::from_value(answer).unwrap();
    assert_eq!(answer.summary.failed, 1);

    let listed = s.pipelines(PROD_US, "").await;
    let ids: Vec<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    let (status, answer) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{PROD_US}/pipelines/bulk"),
            Some(json!({"action": "pause", "ids": [ids[0], ids[1], common::UNKNOWN, "nope", ids[0]]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let answer: BulkResponse = serde_json::from_value(answer).unwrap();
    assert_eq!((answer.summary.succeeded, answer.summary.failed), (2, 3));
    assert!(answer.results[0].message.ends_with("is Paused."));
    let paused = s.pipelines(PROD_US, "status=Paused").await;
    assert_eq!(paused.len(), 2);
    // Deleting the pipelines frees the source.
    let (_, answer) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{PROD_US}/pipelines/bulk"),
            Some(json!({"action": "delete", "ids": ids})),
        )
        .await;
    assert_eq!(answer["summary"]["succeeded"], 3);
    let (status, _) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("/projects/{PROD_US}/sources/{source}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        common::sql_number(&s.database, "SELECT COUNT(*) FROM pipeline_metrics m LEFT JOIN pipelines p ON p.id = m.pipeline_id WHERE p.id IS NULL"),
        0,
        "a deleted pipeline's figures go with it"
    );
}

#[tokio::test]
async fn topics_are_listed_with_their_figures_and_created_by_hand_with_checked_settings() {
    let s = Server::start().await;
    let path = format!("/projects/{PROD_US}/topics");
    let list = |query: &'static str| {
        let s = &s;
        let path = path.clone();
        async move {
            let (status, body) = s
                .send(&s.admin, M::GET, &format!("{path}?{query}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            serde_json::from_value::<ListResponse<Topic>>(body).unwrap()
        }
    };
    let plain = list("").await;
    assert!(plain.result.iter().all(|t| t.kind == TopicKind::Source));
    assert_eq!(
        plain.total, 5,
        "three tables of orders-postgres, two of inventory-mysql"
    );
    let orders = plain
        .result
        .iter()
        .find(|t| t.name == "orders-postgres.public.orders")
        .unwrap();
    assert_eq!(orders.pipelines, ["orders-archive", "orders-to-snowflake"]);
    assert!(orders.records > 0 && orders.volume_bytes > orders.records);
    assert!(orders.lag > 0, "the archive's destination is paused");
    assert!(orders.last_message_at.is_some());
    let with_dlq = list("include_dlq=true").await;
    assert_eq!(
        with_dlq.total, 7,
        "and one dead-letter topic per destination"
    );
    let dead = with_dlq
        .result
        .iter()
        .find(|t| t.kind == TopicKind::DeadLetter)
        .unwrap();
    assert!(
        dead.name.starts_with("destination_") && dead.name.ends_with(".streamkap.deadletterqueue")
    );
    let grouped = list("group=source&sort=volume&sort_dir=desc&page_size=10").await;
    assert_eq!(
        grouped.result[0].source.as_ref().unwrap().name,
        "inventory-mysql"
    );
    let paged = list("page_size=10&page=2").await;
    assert!(paged.result.is_empty() && !paged.has_next);
    for (query, name) in [
        ("page_size=25", "page_size"),
        ("sort=name", "sort"),
        ("include_dlq=maybe", "include_dlq"),
        ("group=transform", "group"),
    ] {
        let (status, body) = s
            .send(&s.admin, M::GET, &format!("{path}?{query}"), None)
            .await;
        assert_eq!((status, field(&body)), (StatusCode::BAD_REQUEST, name));
    }

    // Created by hand: every setting checked with its field.
    let good = json!({"topic_name": "audit.events", "num_partitions": 6, "cleanup_policy": "compact", "retention_ms": -1});
    for (change, name) in [
        (json!({"topic_name": "a b"}), "topic_name"),
        (json!({"num_partitions": 0}), "num_partitions"),
        (json!({"replication_factor": 5}), "replication_factor"),
        (json!({"cleanup_policy": "gc"}), "cleanup_policy"),
        (json!({"retention_ms": 10}), "retention_ms"),
        (json!({"retention_bytes": 5}), "retention_bytes"),
        (json!({"max_message_bytes": 10}), "max_message_bytes"),
    ] {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, answer) = s.send(&s.admin, M::POST, &path, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(field(&answer), name, "{answer}");
    }
    let mut wrong_type = good.clone();
    wrong_type["num_partitions"] = json!("six");
    let (status, answer) = s.send(&s.admin, M::POST, &path, Some(wrong_type)).await;
    assert_eq!(
        (status, field(&answer)),
        (StatusCode::BAD_REQUEST, "num_partitions")
    );
    let (status, created) = s.send(&s.admin, M::POST, &path, Some(good.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["settings"]["num_partitions"], 6);
    assert_eq!(created["settings"]["retention_ms"], -1);
    let (status, answer) = s.send(&s.admin, M::POST, &path, Some(good)).await;
    assert_eq!(
        (status, field(&answer)),
        (StatusCode::CONFLICT, "topic_name")
    );
    let (status, answer) = s
        .send(
            &s.admin,
            M::POST,
            &path,
            Some(json!({"topic_name": "orders-postgres.public.orders"})),
        )
        .await;
    assert_eq!(
        (status, field(&answer)),
        (StatusCode::CONFLICT, "topic_name")
    );
    // The same name is free in another project.
    let (status, _) = s
        .send(
            &s.admin,
            M::POST,
            &format!("/projects/{PROD_EU}/topics"),
            Some(json!({"topic_name": "audit.events"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, answer) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("{path}/orders-postgres.public.orders"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(message(&answer).contains("orders-postgres"), "{answer}");
    let (status, _) = s
        .send(
            &s.read_only,
            M::DELETE,
            &format!("{path}/audit.events"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .send(&s.admin, M::DELETE, &format!("{path}/audit.events"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s
        .send(&s.admin, M::GET, &format!("{path}/audit.events"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn charts_add_up_to_the_stored_buckets_in_every_window() {
    let s = Server::start().await;
    let listed = s
        .pipelines(PROD_US, "partial_name=orders-to-snowflake")
        .await;
    let p = &listed[0];
    let id = p.id.clone();
    let stored = common::sql(&s.database, move |conn| {
        pipelines::buckets(conn, &id).unwrap()
    });
    let mut previous = None;
    for window in ["1h", "24h", "7d", "30d"] {
        let (status, body) = s
            .send(
                &s.admin,
                M::GET,
                &format!(
                    "/projects/{PROD_US}/pipelines/{}/metrics?window={window}",
                    p.id
                ),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let m: Metrics = serde_json::from_value(body).unwrap();
        assert!(m.simulated);
        assert_eq!(m.window.as_str(), window);
        let step = m.step_seconds * 1000;
        assert!(m
            .points
            .windows(2)
            .all(|w| (w[1].at - w[0].at).num_milliseconds() == step));
        let from = m.from.timestamp_millis();
        let to = m.to.timestamp_millis();
        let expected: u64 = stored
            .iter()
            .filter(|(_, _, start, _)| *start >= from && *start < to)
            .map(|(_, _, _, t)| t.bytes_out)
            .sum();
        assert_eq!(m.totals.bytes_out, expected, "{window}");
        assert_eq!(
            m.points.iter().map(|p| p.figures.bytes_out).sum::<u64>(),
            m.totals.bytes_out
        );
        if let Some(shorter) = previous {
            assert!(m.totals.records_in >= shorter, "{window}");
        }
        previous = Some(m.totals.records_in);
    }
    // Two weeks of history: the 30-day chart holds every stored bucket.
    let all: u64 = stored.iter().map(|(_, _, _, t)| t.records_in).sum();
    assert_eq!(previous, Some(all));
    let (status, body) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_US}/pipelines/{}/metrics?window=2d", p.id),
            None,
        )
        .await;
    assert_eq!((status, field(&body)), (StatusCode::BAD_REQUEST, "window"));
    let (status, body) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_US}/topics/orders-postgres.public.orders/metrics?window=7d"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["simulated"], true);
    // Another project does not know the pipeline.
    let (status, _) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_EU}/pipelines/{}/metrics", p.id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The test clock is no endpoint unless the server was started with it.
    let (status, _) = s
        .send(
            &s.admin,
            M::POST,
            "/test/clock",
            Some(json!({"advance_seconds": 60})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The document describes the metrics.
    let (_, doc) = s.send(&s.admin, M::GET, "/openapi.json", None).await;
    for path in [
        "/api/projects/{id}/pipelines",
        "/api/projects/{id}/pipelines/{pipeline_id}/metrics",
        "/api/projects/{id}/pipelines/{pipeline_id}/logs",
        "/api/projects/{id}/topics/{name}/metrics",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not documented");
    }
    let _ = Duration::zero();
}
