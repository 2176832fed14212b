//! A project's sources and destinations over real HTTP, on the demo
//! organisation: the catalog, configurations checked against their
//! schemas, secrets that are write-only and encrypted at rest, the
//! lifecycle, bulk changes with partial success, roles and UNAVAILABLE
//! projects.

use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::Location;
use api_types::connectors::{
    BulkResponse, Connector, ConnectorExport, ConnectorSpec, ConnectorStatus, ImportAction,
    ImportPlan, MASK,
};
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

/// Asserts that no file of an SQLite database (the key aside) holds one
/// of `secrets` in clear; PostgreSQL's files are not ours to read.
fn assert_not_stored(database: &Location, secrets: &[&str]) {
    let Location::Sqlite(file) = database else {
        return;
    };
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(file.parent().unwrap()).unwrap() {
        let entry = entry.unwrap().path();
        if entry.file_name().unwrap() != "secrets.key" {
            bytes.extend(std::fs::read(entry).unwrap());
        }
    }
    for secret in secrets {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is stored in clear"
        );
    }
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
    assert_not_stored(&s.database, &[PASSWORD, "the-new-password"]);
    if let Location::Sqlite(file) = &s.database {
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

/// The import endpoint of a project.
fn import_path(project: &str) -> String {
    format!("/projects/{project}/connectors/import")
}

/// How many connectors a project has.
fn count_in(s: &Server, project: &str) -> i64 {
    common::sql_number(
        &s.database,
        &format!("SELECT COUNT(*) FROM connectors WHERE project_id = '{project}'"),
    )
}

#[tokio::test]
async fn connectors_exported_from_staging_import_into_production_paused_until_their_secrets_are_typed(
) {
    let s = Server::start().await;
    let (status, _, text) = s
        .send(
            &s.admin,
            M::POST,
            &sources(STAGING_US),
            Some(postgres("billing-cdc")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    // Read Only may export: the file holds no secret.
    let res = s
        .read_only
        .get(format!(
            "{}/api/projects/{STAGING_US}/connectors/export",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"staging"),
        "{disposition}"
    );
    let file = res.text().await.unwrap();
    assert!(!file.contains(PASSWORD));
    let export: ConnectorExport = serde_json::from_str(&file).unwrap();
    assert_eq!(export.format, "tributary.connectors");
    assert_eq!(export.project.id, STAGING_US);
    let names: Vec<(&str, &str)> = export
        .connectors
        .iter()
        .map(|c| (c.kind.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("source", "billing-cdc"),
            ("source", "orders-postgres"),
            ("destination", "analytics-snowflake-staging")
        ]
    );
    assert_eq!(export.connectors[0].secrets, ["database.password"]);
    let before = count_in(&s, PROD_US);
    // The plan: production has an orders-postgres already.
    let (status, plan, text) = s
        .send(
            &s.data_admin,
            M::POST,
            &import_path(PROD_US),
            Some(json!({"file": file, "dry_run": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let plan: ImportPlan = serde_json::from_value(plan).unwrap();
    assert!(!plan.applied);
    assert_eq!(plan.from.name, export.project.name);
    let actions: Vec<ImportAction> = plan.items.iter().map(|i| i.action).collect();
    assert_eq!(
        actions,
        [
            ImportAction::Create,
            ImportAction::Conflict,
            ImportAction::Create
        ]
    );
    assert_eq!(
        plan.items[1].suggested_name.as_deref(),
        Some("orders-postgres-2")
    );
    assert_eq!(plan.items[0].secrets_missing, ["database.password"]);
    assert!(plan.items[2]
        .secrets_missing
        .contains(&"snowflake.private.key".to_string()));
    assert_eq!(count_in(&s, PROD_US), before, "a dry run creates nothing");
    // Applied with the conflict left: refused, nothing created.
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(PROD_US),
            Some(json!({"file": file})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("orders-postgres"));
    assert_eq!(count_in(&s, PROD_US), before);
    // Renamed, one secret typed now and the other left for later.
    let typed = "typed-at-import-time";
    let (status, plan, text) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(PROD_US),
            Some(json!({"file": file, "choices": [
                {"index": 0, "secrets": {"database.password": typed}},
                {"index": 1, "name": "orders-postgres-staging"},
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(!text.contains(typed));
    let plan: ImportPlan = serde_json::from_value(plan).unwrap();
    assert!(plan.applied);
    assert_eq!(count_in(&s, PROD_US), before + 3);
    let new_ids: Vec<String> = plan.items.iter().map(|i| i.id.clone().unwrap()).collect();
    assert!(
        !new_ids.iter().any(|id| file.contains(id.as_str())),
        "new ids"
    );
    let (_, billing, _) = s
        .send(
            &s.admin,
            M::GET,
            &format!("{}/{}", sources(PROD_US), new_ids[0]),
            None,
        )
        .await;
    let billing: Connector = serde_json::from_value(billing).unwrap();
    assert_eq!(billing.connector_status, ConnectorStatus::Paused);
    assert_eq!(billing.secrets_set, ["database.password"]);
    assert_eq!(billing.config, export.connectors[0].config);
    assert_eq!(billing.tags, ["team:orders"]);
    let (_, renamed, _) = s
        .send(
            &s.admin,
            M::GET,
            &format!("{}/{}", sources(PROD_US), new_ids[1]),
            None,
        )
        .await;
    assert_eq!(renamed["name"], json!("orders-postgres-staging"));
    assert_eq!(
        renamed["connector_status"],
        json!("Paused"),
        "waiting, not Broken"
    );
    // One that waits for its secret cannot start; the other can.
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &format!("{}/{}/resume", sources(PROD_US), new_ids[1]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("database.password"));
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &format!("{}/{}/resume", sources(PROD_US), new_ids[0]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["connector_status"], json!("Starting"));
    assert_not_stored(&s.database, &[typed, PASSWORD]);
    // The log says where each came from, and never the secret.
    let (_, _, log) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{PROD_US}/activity?page_size=100"),
            None,
        )
        .await;
    assert!(
        log.contains("imported_from") && !log.contains(typed),
        "{log}"
    );
    // The same file again: every name is taken now.
    let (_, plan, _) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(PROD_US),
            Some(json!({"file": file, "dry_run": true})),
        )
        .await;
    let plan: ImportPlan = serde_json::from_value(plan).unwrap();
    assert!(plan
        .items
        .iter()
        .all(|i| i.action == ImportAction::Conflict));
}

#[tokio::test]
async fn an_import_creates_every_connector_or_none() {
    let s = Server::start().await;
    let entry = |name: &str| {
        let mut c = postgres(name);
        c["kind"] = json!("source");
        c["config"]
            .as_object_mut()
            .unwrap()
            .remove("database.password");
        c
    };
    let file = json!({
        "format": "tributary.connectors",
        "version": 1,
        "exported_at": "2026-12-06T10:00:00Z",
        "project": {"id": STAGING_US, "name": "Staging"},
        "connectors": [entry("alpha-import"), entry("boom"), entry("gamma-import")],
    })
    .to_string();
    // The database refuses the second insert, half-way through.
    let trigger = match &s.database {
        Location::Sqlite(_) => {
            "CREATE TRIGGER fail_import BEFORE INSERT ON connectors WHEN NEW.name = 'boom' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        }
        Location::Postgres(_) => {
            "CREATE FUNCTION fail_import() RETURNS trigger AS $$ BEGIN \
               IF NEW.name = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; \
               RETURN NEW; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_import BEFORE INSERT ON connectors \
               FOR EACH ROW EXECUTE FUNCTION fail_import();"
        }
    };
    common::sql_batch(&s.database, trigger);
    let before = count_in(&s, DEV_EU);
    let (status, _, text) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(DEV_EU),
            Some(json!({"file": file})),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{text}");
    assert!(!text.contains("injected"), "no detail leaks: {text}");
    assert_eq!(count_in(&s, DEV_EU), before, "the first was rolled back");
    let (_, _, log) = s
        .send(
            &s.admin,
            M::GET,
            &format!("/projects/{DEV_EU}/activity"),
            None,
        )
        .await;
    assert!(!log.contains("alpha-import"), "nor logged: {log}");
    // With the failing one skipped, the rest go in.
    let (status, plan, text) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(DEV_EU),
            Some(json!({"file": file, "choices": [{"index": 1, "skip": true}]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(plan["items"][1]["action"], json!("skip"));
    assert_eq!(count_in(&s, DEV_EU), before + 2);
    // A file with a problem in one entry creates nothing at all.
    let mut broken: Value = serde_json::from_str(&file).unwrap();
    broken["connectors"][2]["config"]["database.port.user.defined"] = json!(70000);
    broken["connectors"][0]["name"] = json!("delta-import");
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(DEV_EU),
            Some(json!({"file": broken.to_string()})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], json!("file"));
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("connectors[2].config.database.port.user.defined"));
    assert_eq!(count_in(&s, DEV_EU), before + 2);
}

#[tokio::test]
async fn a_foreign_or_oversized_file_is_refused_and_roles_and_unavailable_projects_are_kept() {
    let s = Server::start().await;
    let path = import_path(PROD_US);
    for (file, says) in [
        ("{\"connectors\": [".to_string(), "not valid JSON"),
        (
            json!({"apiVersion": "v1", "kind": "KafkaConnector"}).to_string(),
            "not a connectors export",
        ),
        (
            json!({"format": "tributary.connectors", "version": 2}).to_string(),
            "version 2",
        ),
        (" ".repeat(1024 * 1024 + 1), "at most 1024 KB"),
    ] {
        let (status, body, text) = s
            .send(
                &s.admin,
                M::POST,
                &path,
                Some(json!({"file": file, "dry_run": true})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert_eq!(body["error"]["field"], json!("file"));
        assert!(text.contains(says), "{says}: {text}");
    }
    let many: Vec<Value> = (0..501)
        .map(|n| json!({"kind": "source", "connector": "postgresql", "name": format!("c{n}"), "config": {}}))
        .collect();
    let file = json!({
        "format": "tributary.connectors", "version": 1,
        "exported_at": "2026-12-06T10:00:00Z",
        "project": {"id": STAGING_US, "name": "Staging"},
        "connectors": many,
    });
    let (status, _, text) = s
        .send(
            &s.admin,
            M::POST,
            &path,
            Some(json!({"file": file.to_string()})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("at most 500"), "{text}");
    // A choice must name a connector of the file.
    let one = json!({
        "format": "tributary.connectors", "version": 1,
        "exported_at": "2026-12-06T10:00:00Z",
        "project": {"id": STAGING_US, "name": "Staging"},
        "connectors": [{"kind": "source", "connector": "mysql", "name": "m", "config": {}}],
    })
    .to_string();
    let (status, field) = s
        .refused(
            &s.admin,
            M::POST,
            &path,
            Some(json!({"file": one, "choices": [{"index": 4, "skip": true}]})),
        )
        .await;
    assert_eq!(
        (status, field.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "choices")
    );
    // Read Only cannot import; an UNAVAILABLE project imports nothing.
    let (status, _) = s
        .refused(&s.read_only, M::POST, &path, Some(json!({"file": one})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body, _) = s
        .send(
            &s.admin,
            M::POST,
            &import_path(STAGING_EU_UNAVAILABLE),
            Some(json!({"file": one, "dry_run": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("UNAVAILABLE"));
    // An export of ids names the one the project does not have.
    let export = |query: &str| format!("/projects/{PROD_US}/connectors/export?{query}");
    let (status, _, _) = s
        .send(
            &s.admin,
            M::GET,
            &export(&format!("ids={}", common::UNKNOWN)),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, field) = s.refused(&s.admin, M::GET, &export("ids=nope"), None).await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, "ids"));
    let (status, body, _) = s
        .send(&s.admin, M::GET, &export("kind=destination"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["connectors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["kind"] == json!("destination")));
}

#[tokio::test]
async fn a_search_by_name_folds_case_beyond_ascii_and_ignores_a_nul() {
    let s = Server::start().await;
    let (status, _, text) = s
        .send(
            &s.admin,
            M::POST,
            &sources(DEV_EU),
            Some(postgres("Été-orders")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    for search in ["été", "ÉTÉ-ORD", "%C3%A9t%00%C3%A9"] {
        let (status, list, text) = s
            .send(
                &s.admin,
                M::GET,
                &format!("{}?partial_name={search}", sources(DEV_EU)),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{search}: {text}");
        assert_eq!(list["total"], json!(1), "{search}: {list}");
    }
}
