//! A project's sources and destinations over real HTTP, on the demo
//! organisation: the catalog, configurations checked against their
//! schemas, secrets that are write-only and encrypted at rest, the
//! lifecycle, bulk changes with partial success, roles and UNAVAILABLE
//! projects.

use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::Location;
use api_types::connectors::{BulkResponse, Connector, ConnectorSpec, ConnectorStatus, MASK};
use api_types::{ActivityAction, ActivityEntry, ListResponse};
use common::{signed_in, DEV_EU, PROD_US, STAGING_EU_UNAVAILABLE, STAGING_US};
use reqwest::{Client, Method as M, StatusCode};
use serde_json::{json, Value};

mod common;

const PASSWORD: &str = "pg-password-typed-once";

struct Server {
    base: String,
    database: Location,
    admin: Client,
    data_admin: Client,
    read_only: Client,
    dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        Self {
            admin: signed_in(&base, "admin@example.com", DEMO_PASSWORD).await,
            data_admin: signed_in(&base, "data-admin@example.com", DEMO_PASSWORD).await,
            read_only: signed_in(&base, "read-only@example.com", DEMO_PASSWORD).await,
            base,
            database: config.database,
            dir,
        }
    }

    async fn send(
        &self,
        who: &Client,
        method: M,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value, String) {
        let mut request = who.request(method, format!("{}/api{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let res = request.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        (status, value, text)
    }

    /// The field an error answer names.
    async fn refused(
        &self,
        who: &Client,
        method: M,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let (status, value, text) = self.send(who, method, path, body).await;
        assert!(status.is_client_error(), "{status} {text}");
        (
            status,
            value["error"]["field"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }
}

fn postgres(name: &str) -> Value {
    json!({
        "name": name,
        "connector": "postgresql",
        "tags": ["team:orders"],
        "config": {
            "database.hostname.user.defined": "db.example.com",
            "database.user": "capture",
            "database.password": PASSWORD,
            "database.dbname": "orders",
            "schema.include.list": "public",
            "table.include.list.user.defined": "public.orders, public.items"
        }
    })
}

fn sources(project: &str) -> String {
    format!("/projects/{project}/sources")
}

#[tokio::test]
async fn the_catalog_lists_five_sources_and_five_destinations_to_signed_in_callers() {
    let s = Server::start().await;
    for kind in ["source", "destination"] {
        let (status, body, _) = s
            .send(
                &s.read_only,
                M::GET,
                &format!("/connectors?kind={kind}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let specs: Vec<ConnectorSpec> = serde_json::from_value(body).unwrap();
        assert!(specs.len() >= 5, "{kind}: {}", specs.len());
        assert!(specs.iter().all(|c| c.kind.as_str() == kind));
    }
    let res = reqwest::get(format!("{}/api/connectors", s.base))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (status, field) = s
        .refused(&s.admin, M::GET, "/connectors?kind=pipeline", None)
        .await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, "kind"));
}

#[tokio::test]
async fn a_source_is_created_listed_read_and_never_shows_its_secret() {
    let s = Server::start().await;
    let (status, body, text) = s
        .send(
            &s.data_admin,
            M::POST,
            &sources(STAGING_US),
            Some(postgres("orders-cdc")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert!(!text.contains(PASSWORD));
    let created: Connector = serde_json::from_value(body).unwrap();
    assert_eq!(created.connector_status, ConnectorStatus::Starting);
    assert_eq!(created.secrets_set, ["database.password"]);
    assert!(created.secrets_missing.is_empty());
    assert_eq!(created.topics, 2);
    assert_eq!(
        created.config["database.port.user.defined"].as_text(),
        "5432"
    );
    assert!(!created.config.contains_key("database.password"));
    // In the list, found by search, and read alone.
    let (_, list, text) = s
        .send(
            &s.read_only,
            M::GET,
            &format!("{}?partial_name=ORDERS-c", sources(STAGING_US)),
            None,
        )
        .await;
    assert!(!text.contains(PASSWORD));
    let list: ListResponse<Connector> = serde_json::from_value(list).unwrap();
    assert_eq!(
        list.result
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [created.id.as_str()]
    );
    let (status, _, text) = s
        .send(
            &s.read_only,
            M::GET,
            &format!("{}/{}", sources(STAGING_US), created.id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.contains(PASSWORD));
    // Not under destinations, nor in another project.
    for path in [
        format!("/projects/{STAGING_US}/destinations/{}", created.id),
        format!("{}/{}", sources(PROD_US), created.id),
    ] {
        let (status, _) = s.refused(&s.admin, M::GET, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // The same name in another project, or as a destination's, is fine;
    // twice in one project's sources, it is not.
    let (status, _, _) = s
        .send(
            &s.admin,
            M::POST,
            &sources(DEV_EU),
            Some(postgres("orders-cdc")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, field) = s
        .refused(
            &s.admin,
            M::POST,
            &sources(STAGING_US),
            Some(postgres("ORDERS-CDC")),
        )
        .await;
    assert_eq!((status, field.as_str()), (StatusCode::CONFLICT, "name"));
}

#[tokio::test]
async fn each_broken_rule_of_a_configuration_is_a_422_naming_its_setting() {
    let s = Server::start().await;
    let path = sources(STAGING_US);
    let with = |key: &str, value: Value| {
        let mut body = postgres("bad");
        body["config"][key] = value;
        body
    };
    let mut missing = postgres("bad");
    missing["config"]
        .as_object_mut()
        .unwrap()
        .remove("database.password");
    let cases = [
        (
            with("no.such.setting", json!("x")),
            "config.no.such.setting",
        ),
        (
            with("database.port.user.defined", json!("five")),
            "config.database.port.user.defined",
        ),
        (
            with("database.port.user.defined", json!(70000)),
            "config.database.port.user.defined",
        ),
        (
            with("database.sslmode", json!("sometimes")),
            "config.database.sslmode",
        ),
        (
            with("heartbeat.enabled", json!("yes")),
            "config.heartbeat.enabled",
        ),
        (
            with("database.password", json!(MASK)),
            "config.database.password",
        ),
        (missing, "config.database.password"),
        (
            json!({"name": "x", "connector": "snowflake", "config": {}}),
            "connector",
        ),
        (
            json!({"name": " ", "connector": "postgresql", "config": {}}),
            "name",
        ),
        (
            json!({"name": "x", "connector": "postgresql", "config": {}, "tags": ["a b"]}),
            "tags",
        ),
    ];
    for (body, expected) in cases {
        let (status, field) = s.refused(&s.admin, M::POST, &path, Some(body)).await;
        assert_eq!(
            (status, field.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, expected)
        );
    }
    // A value of the wrong JSON shape is a 400 naming the body's field.
    let (status, field) = s
        .refused(
            &s.admin,
            M::POST,
            &path,
            Some(with("database.user", json!([1]))),
        )
        .await;
    assert_eq!(
        (status, field.as_str()),
        (StatusCode::BAD_REQUEST, "config")
    );
    // Nothing was created.
    let (_, list, _) = s.send(&s.admin, M::GET, &path, None).await;
    assert_eq!(list["total"], json!(1), "only the demo source: {list}");
}

#[tokio::test]
async fn a_secret_left_out_or_masked_stays_and_is_encrypted_at_rest() {
    let s = Server::start().await;
    let (_, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &sources(STAGING_US),
            Some(postgres("orders-cdc")),
        )
        .await;
    let id = body["id"].as_str().unwrap().to_string();
    let path = format!("{}/{id}", sources(STAGING_US));
    let secret_now = |s: &Server, id: String| {
        let database = s.database.clone();
        let key_dir = s.dir.path().to_path_buf();
        common::sql(&database, move |conn| {
            let hex = match std::fs::read_to_string(key_dir.join("secrets.key")) {
                Ok(hex) => hex,
                // On PostgreSQL the instances share a key kept in the database.
                Err(_) => conn
                    .query_row(
                        "SELECT value FROM settings WHERE key = 'connector_secrets_key'",
                        api_server::params![],
                        |r| r.get(0),
                    )
                    .unwrap(),
            };
            let key = api_server::secrets::SecretBox::key_from_hex(&hex).unwrap();
            let sealer = api_server::secrets::SecretBox::new(&key);
            api_server::db::connectors::secrets_of(conn, &sealer, &id).unwrap()["database.password"]
                .clone()
        })
    };
    // Left out, blank or masked: the secret stays; other settings change.
    for sent in [None, Some(json!("")), Some(json!(MASK))] {
        let mut config = postgres("x")["config"].clone();
        match sent {
            Some(v) => config["database.password"] = v,
            None => {
                config.as_object_mut().unwrap().remove("database.password");
            }
        }
        config["database.user"] = json!("capture2");
        let (status, body, text) = s
            .send(&s.admin, M::PATCH, &path, Some(json!({"config": config})))
            .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(body["config"]["database.user"], json!("capture2"));
        assert_eq!(secret_now(&s, id.clone()), PASSWORD);
    }
    // A new value replaces it.
    let mut config = postgres("x")["config"].clone();
    config["database.password"] = json!("the-new-password");
    let (status, _, text) = s
        .send(
            &s.admin,
            M::PATCH,
            &path,
            Some(json!({"config": config, "name": "orders-renamed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(!text.contains("the-new-password"));
    assert_eq!(secret_now(&s, id.clone()), "the-new-password");
    // Neither value is anywhere in the database's files (SQLite's).
    if let Location::Sqlite(file) = &s.database {
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(file.parent().unwrap()).unwrap() {
            let entry = entry.unwrap().path();
            if entry.file_name().unwrap() != "secrets.key" {
                bytes.extend(std::fs::read(entry).unwrap());
            }
        }
        for secret in [PASSWORD, "the-new-password"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is stored in clear"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let key = file.with_file_name("secrets.key");
            let mode = std::fs::metadata(key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the key is its owner's only");
        }
    }
    // The log names the changes, never a secret's value.
    let (_, log, text) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{STAGING_US}/activity?page_size=100"),
            None,
        )
        .await;
    assert!(!text.contains(PASSWORD) && !text.contains("the-new-password"));
    let log: ListResponse<ActivityEntry> = serde_json::from_value(log).unwrap();
    let actions: Vec<ActivityAction> = log.result.iter().map(|e| e.action).collect();
    assert!(actions.contains(&ActivityAction::ConnectorCreated));
    assert!(actions.contains(&ActivityAction::ConnectorUpdated));
    assert!(
        text.contains("config.database.password"),
        "the replacement is noted"
    );
}

#[tokio::test]
async fn connectors_pause_resume_stop_and_bulk_changes_answer_per_item() {
    let s = Server::start().await;
    let path = sources(STAGING_US);
    let mut held = postgres("held");
    held["desired_state"] = json!("Paused");
    let (_, body, _) = s.send(&s.admin, M::POST, &path, Some(held)).await;
    assert_eq!(body["connector_status"], json!("Paused"));
    let id = body["id"].as_str().unwrap().to_string();
    for (action, status) in [
        ("resume", "Starting"),
        ("stop", "Stopped"),
        ("pause", "Paused"),
    ] {
        let (code, body, text) = s
            .send(
                &s.data_admin,
                M::POST,
                &format!("{path}/{id}/{action}"),
                None,
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{text}");
        assert_eq!(body["connector_status"], json!(status), "{action}");
    }
    let (status, _) = s
        .refused(&s.admin, M::POST, &format!("{path}/{id}/restart"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Filtered by status.
    let (_, list, _) = s
        .send(
            &s.admin,
            M::GET,
            &format!("{path}?status=Paused&sort=connector_status"),
            None,
        )
        .await;
    assert_eq!(list["total"], json!(1), "{list}");
    // Bulk: one done, one unknown, one malformed, one repeated.
    let unknown = common::UNKNOWN;
    let (status, body, text) = s
        .send(
            &s.admin,
            M::POST,
            &format!("{path}/bulk"),
            Some(json!({"action": "resume", "ids": [id, unknown, "nope", id]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: BulkResponse = serde_json::from_value(body).unwrap();
    assert_eq!(
        answer.results.iter().map(|r| r.success).collect::<Vec<_>>(),
        [true, false, false, false]
    );
    assert_eq!(
        (
            answer.summary.total,
            answer.summary.succeeded,
            answer.summary.failed
        ),
        (4, 1, 3)
    );
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &format!("{path}/bulk"),
            Some(json!({"action": "delete", "ids": [id]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["summary"]["succeeded"], json!(1));
    let (status, _) = s
        .refused(&s.admin, M::GET, &format!("{path}/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, field) = s
        .refused(
            &s.admin,
            M::POST,
            &format!("{path}/bulk"),
            Some(json!({"action": "pause", "ids": []})),
        )
        .await;
    assert_eq!(
        (status, field.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "ids")
    );
}

#[tokio::test]
async fn read_only_sees_and_unavailable_projects_refuse_every_change() {
    let s = Server::start().await;
    let (status, _) = s
        .refused(
            &s.read_only,
            M::POST,
            &sources(STAGING_US),
            Some(postgres("mine")),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, list, _) = s.send(&s.read_only, M::GET, &sources(PROD_US), None).await;
    assert_eq!(status, StatusCode::OK);
    let id = list["result"][0]["id"].as_str().unwrap().to_string();
    for (method, path, body) in [
        (
            M::PATCH,
            format!("{}/{id}", sources(PROD_US)),
            Some(json!({"name": "x"})),
        ),
        (M::DELETE, format!("{}/{id}", sources(PROD_US)), None),
        (M::POST, format!("{}/{id}/pause", sources(PROD_US)), None),
        (
            M::POST,
            format!("{}/bulk", sources(PROD_US)),
            Some(json!({"action": "stop", "ids": [id]})),
        ),
    ] {
        let (status, _) = s.refused(&s.read_only, method, &path, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    // The UNAVAILABLE project keeps its connectors, and changes none.
    let path = sources(STAGING_EU_UNAVAILABLE);
    let (status, list, _) = s.send(&s.admin, M::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    let id = list["result"][0]["id"].as_str().unwrap().to_string();
    for (method, path, body) in [
        (M::POST, path.clone(), Some(postgres("new"))),
        (M::PATCH, format!("{path}/{id}"), Some(json!({"name": "x"}))),
        (M::DELETE, format!("{path}/{id}"), None),
        (M::POST, format!("{path}/{id}/resume"), None),
        (
            M::POST,
            format!("{path}/bulk"),
            Some(json!({"action": "resume", "ids": [id]})),
        ),
    ] {
        let (status, body, _) = s.send(&s.admin, method, &path, body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("UNAVAILABLE"));
    }
}
