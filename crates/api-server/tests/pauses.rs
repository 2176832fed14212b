//! Pausing and resuming a project with a reason: who may, what is kept
//! and shown, what it stops, and the operator command.

use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::usage;
use api_types::usage::UsageWindow;
use api_types::{PauseReason, Project, ProjectId, ProjectState};
use chrono::{Duration, Utc};
use common::{signed_in, DEV_EU, PROD_US, STAGING_EU_UNAVAILABLE};
use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;

async fn post(client: &reqwest::Client, url: &str, body: Value) -> (StatusCode, Value) {
    let res = client.post(url).json(&body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_admin_pauses_with_a_note_and_resumes_and_the_project_says_why_meanwhile() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let pause = format!("{base}/api/projects/{PROD_US}/pause");
    let resume = format!("{base}/api/projects/{PROD_US}/resume");

    // The confirmation must name the project exactly; nothing changes
    // until it does.
    let (status, body) = post(
        &admin,
        &pause,
        json!({"reason": "paused", "note": "Schema migration", "confirm": "production-us-east"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "confirm");
    // Only maintenance has an end.
    let (status, body) = post(
        &admin,
        &pause,
        json!({"reason": "paused", "until": (Utc::now() + Duration::hours(1)).to_rfc3339(), "confirm": "Production-US-East"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "until");
    let (status, body) = post(
        &admin,
        &pause,
        json!({"reason": "paused", "note": "x".repeat(501), "confirm": "Production-US-East"}),
    )
    .await;
    assert_eq!(body["error"]["field"], "note", "{status} {body}");

    let (status, body) = post(
        &admin,
        &pause,
        json!({"reason": "paused", "note": "  Schema migration until noon  ", "confirm": "Production-US-East"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let paused: Project = serde_json::from_value(body).unwrap();
    assert_eq!(paused.state, ProjectState::Unavailable);
    let why = paused.pause.clone().unwrap();
    assert_eq!(why.reason, PauseReason::Paused);
    assert_eq!(why.note.as_deref(), Some("Schema migration until noon"));
    assert_eq!(why.by, "Avery Admin");
    assert!(why.until.is_none());
    assert!((Utc::now() - why.since).num_seconds() < 60);
    // Read back, the project says the same; twice is a conflict.
    let got: Project = admin
        .get(format!("{base}/api/projects/{PROD_US}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got.pause, Some(why));
    let (status, _) = post(
        &admin,
        &pause,
        json!({"reason": "paused", "confirm": "Production-US-East"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Nothing in it can change while it is paused.
    let res = admin
        .patch(format!("{base}/api/projects/{PROD_US}"))
        .json(&json!({"name": "Production-US-East-2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Nothing accrues while it is paused.
    let later = api_server::clock::data_plane_now() + Duration::minutes(90);
    let project = ProjectId::parse(PROD_US).unwrap();
    let hour = common::sql(&config.database, move |conn| {
        usage::project(conn, &project, UsageWindow::Hour, later).unwrap()
    });
    assert_eq!(hour.totals, Default::default());

    // Resumed, by its Admin: the reason is gone, and the log has both.
    let (status, body) = post(&admin, &resume, json!({"confirm": "Production-US-East"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let resumed: Project = serde_json::from_value(body).unwrap();
    assert_eq!(resumed.state, ProjectState::Available);
    assert!(resumed.pause.is_none());
    let (status, _) = post(&admin, &resume, json!({"confirm": "Production-US-East"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let log: Value = admin
        .get(format!("{base}/api/projects/{PROD_US}/activity"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(&actions[..2], ["project.resumed", "project.paused"]);
    let paused_entry = &log["result"][1];
    assert!(paused_entry["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["field"] == "note" && c["to"] == "Schema migration until noon"));
}

#[tokio::test]
async fn only_admins_pause_and_only_support_puts_under_maintenance_or_lifts_it() {
    let (base, _config, _dir) = common::serve_demo().await;
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let data_admin = signed_in(&base, "data-admin@example.com", DEMO_PASSWORD).await;
    let read_only = signed_in(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let support = signed_in(&base, "support@example.com", DEMO_PASSWORD).await;
    let pause = format!("{base}/api/projects/{PROD_US}/pause");
    let resume = format!("{base}/api/projects/{PROD_US}/resume");
    let confirm = "Production-US-East";
    for who in [&data_admin, &read_only, &developer] {
        let (status, body) =
            post(who, &pause, json!({"reason": "paused", "confirm": confirm})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    // A project's Admin cannot declare maintenance.
    let until = Utc::now() + Duration::hours(2);
    let (status, body) = post(
        &admin,
        &pause,
        json!({"reason": "maintenance", "until": until.to_rfc3339(), "confirm": confirm}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Only support"));
    // Support can, with the window's end, on a project it has no role on.
    let (status, body) = post(
        &support,
        &pause,
        json!({"reason": "maintenance", "confirm": confirm}),
    )
    .await;
    assert_eq!(body["error"]["field"], "until", "{status} {body}");
    let (status, body) = post(
        &support,
        &pause,
        json!({"reason": "maintenance", "until": (Utc::now() - Duration::minutes(1)).to_rfc3339(), "confirm": confirm}),
    )
    .await;
    assert_eq!(body["error"]["field"], "until", "{status} {body}");
    let (status, body) = post(
        &support,
        &pause,
        json!({"reason": "maintenance", "until": until.to_rfc3339(), "note": "Broker upgrade", "confirm": confirm}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let p: Project = serde_json::from_value(body).unwrap();
    let why = p.pause.unwrap();
    assert_eq!(why.reason, PauseReason::Maintenance);
    assert_eq!(why.by, "Sam Support");
    assert_eq!(why.until.unwrap().timestamp(), until.timestamp());
    // The Admin cannot end support's maintenance; support can.
    let (status, body) = post(&admin, &resume, json!({"confirm": confirm})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("under maintenance"));
    let (status, body) = post(&support, &resume, json!({"confirm": confirm})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A project UNAVAILABLE for no recorded reason is support's to resume.
    let staging = format!("{base}/api/projects/{STAGING_EU_UNAVAILABLE}/resume");
    let (status, _) = post(&admin, &staging, json!({"confirm": "Staging-EU"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The developer, Admin of development, pauses it and resumes it.
    let dev = format!("{base}/api/projects/{DEV_EU}");
    let (status, body) = post(
        &developer,
        &format!("{dev}/pause"),
        json!({"reason": "paused", "confirm": "Development-EU"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = post(
        &developer,
        &format!("{dev}/resume"),
        json!({"confirm": "Development-EU"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Nobody signed in: 401; an unknown project: 404.
    let anonymous = reqwest::Client::new();
    let res = anonymous
        .post(&pause)
        .header("x-console-request", "1")
        .json(&json!({"reason": "paused", "confirm": confirm}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = post(
        &support,
        &format!("{base}/api/projects/{}/pause", common::UNKNOWN),
        json!({"reason": "billing_hold", "confirm": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_operator_command_pauses_and_resumes() {
    let (base, config, _dir) = common::serve_demo().await;
    let args = |action| api_server::ProjectArgs { action };
    let until = (Utc::now() + Duration::hours(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let line = api_server::run_project_command(
        &config,
        &args(api_server::ProjectAction::Pause {
            id: PROD_US.into(),
            reason: "maintenance".into(),
            note: Some("Broker upgrade".into()),
            until: Some(until.clone()),
        }),
    )
    .await
    .unwrap();
    assert!(
        line.starts_with("paused Production-US-East (maintenance until "),
        "{line}"
    );
    let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let got: Project = admin
        .get(format!("{base}/api/projects/{PROD_US}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got.pause.unwrap().by, "Operator");
    let err = api_server::run_project_command(
        &config,
        &args(api_server::ProjectAction::Pause {
            id: DEV_EU.into(),
            reason: "maintenance".into(),
            note: None,
            until: None,
        }),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().starts_with("--until"), "{err}");
    let line = api_server::run_project_command(
        &config,
        &args(api_server::ProjectAction::Resume { id: PROD_US.into() }),
    )
    .await
    .unwrap();
    assert_eq!(line, "resumed Production-US-East");
    let err = api_server::run_project_command(
        &config,
        &args(api_server::ProjectAction::Resume { id: PROD_US.into() }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.to_string(), "Production-US-East is already AVAILABLE");
}
