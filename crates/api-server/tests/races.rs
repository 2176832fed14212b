//! Two changes that want the same name, sent at once on a multi-threaded
//! runtime: whatever the order the server takes them in, exactly one wins
//! and the other gets a 409 naming the field. (Which constraint decides is
//! checked without a race in `hardening.rs`, at the storage layer.)

use api_server::db::seed::DEMO_PASSWORD;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod common;
use common::{PROD_EU, PROD_US};

/// Sends both requests at once; the two statuses and answers, sorted by
/// status.
async fn both(a: reqwest::RequestBuilder, b: reqwest::RequestBuilder) -> [(StatusCode, Value); 2] {
    let run = |r: reqwest::RequestBuilder| async move {
        let res = r.send().await.unwrap();
        let status = res.status();
        (status, res.json::<Value>().await.unwrap_or(Value::Null))
    };
    let (a, b) = tokio::join!(tokio::spawn(run(a)), tokio::spawn(run(b)));
    let mut out = [a.unwrap(), b.unwrap()];
    out.sort_by_key(|(s, _)| *s);
    out
}

/// A project request that proposes the name "Contested".
fn contested_request() -> Value {
    json!({
        "name": "Contested", "environment": "development", "cloud": "AWS",
        "region": "us-east-1", "throughput": 10, "throughput_unit": "events_per_second",
        "connectors": 1
    })
}

/// One success and one 409 on `field`.
fn one_winner(outcome: &[(StatusCode, Value); 2], success: StatusCode, field: &str) {
    assert_eq!(outcome[0].0, success, "{outcome:?}");
    assert_eq!(outcome[1].0, StatusCode::CONFLICT, "{outcome:?}");
    assert_eq!(outcome[1].1["error"]["field"], field, "{outcome:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_renames_to_one_name() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = common::admin(&config, &base).await;
    let rename = |id: &str| {
        admin
            .patch(format!("{base}/api/projects/{id}"))
            .json(&json!({"name": "Contested"}))
    };
    let outcome = both(rename(PROD_US), rename(PROD_EU)).await;
    one_winner(&outcome, StatusCode::OK, "name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_kafka_users_with_one_username() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = common::admin(&config, &base).await;
    let create = || {
        admin
            .post(format!("{base}/api/projects/{PROD_US}/kafka-users"))
            .json(&json!({"username": "contested", "password": "a-long-password-1"}))
    };
    let outcome = both(create(), create()).await;
    one_winner(&outcome, StatusCode::CREATED, "username");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_requests_for_one_name() {
    let (base, _config, _dir) = common::serve_demo().await;
    let developer = common::signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let data_admin = common::signed_in(&base, "data-admin@example.com", DEMO_PASSWORD).await;
    let file = |who: &Client| {
        who.post(format!("{base}/api/project-requests"))
            .json(&contested_request())
    };
    let outcome = both(file(&developer), file(&data_admin)).await;
    one_winner(&outcome, StatusCode::CREATED, "name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn provisioning_against_a_rename_to_its_name() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = common::admin(&config, &base).await;
    let developer = common::signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let support = common::signed_in(&base, "support@example.com", DEMO_PASSWORD).await;
    let filed: Value = developer
        .post(format!("{base}/api/project-requests"))
        .json(&contested_request())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let provision = support.post(format!(
        "{base}/api/project-requests/{}/provision",
        filed["id"].as_str().unwrap()
    ));
    let rename = admin
        .patch(format!("{base}/api/projects/{PROD_US}"))
        .json(&json!({"name": "Contested"}));
    let outcome = both(provision, rename).await;
    one_winner(&outcome, StatusCode::OK, "name");
    // Exactly one project has the name, whichever won.
    let list: Value = admin
        .get(format!("{base}/api/projects?partial_name=contested"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1, "{list}");
}
