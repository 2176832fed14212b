//! Requesting a project and support settling the request, over real HTTP
//! against a real SQLite file with the demo organisation and its users.

use api_server::db::seed::DEMO_PASSWORD;
use api_types::{
    ErrorBody, ListResponse, ProjectRequest, ProjectSummary, RequestState, Requirement, RoleKey,
};
use common::{signed_in, PROD_US};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod common;

struct Server {
    base: String,
    developer: Client,
    support: Client,
    data_admin: Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, _config, dir) = common::serve_demo().await;
        let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
        let support = signed_in(&base, "support@example.com", DEMO_PASSWORD).await;
        let data_admin = signed_in(&base, "data-admin@example.com", DEMO_PASSWORD).await;
        Self {
            base,
            developer,
            support,
            data_admin,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/project-requests{path}", self.base)
    }

    async fn post(&self, who: &Client, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = who.post(self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let res = request.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn list(&self, who: &Client) -> Vec<ProjectRequest> {
        let res = who.get(self.url("")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// `GET` an API path (such as `/api/projects`) as `who`: a 200, decoded.
    async fn get<T: serde::de::DeserializeOwned>(&self, who: &Client, path: &str) -> T {
        let res = who
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.json().await.unwrap()
    }

    async fn file(&self, who: &Client, name: &str) -> ProjectRequest {
        let (status, body) = self.post(who, "", Some(request(name))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }
}

fn request(name: &str) -> Value {
    json!({
        "name": name,
        "environment": "production",
        "cloud": "GCP",
        "region": "europe-west3",
        "throughput": 2500,
        "throughput_unit": "events_per_second",
        "connectors": 8,
        "requirements": ["private_link"],
        "notes": "Private link to our GCP project."
    })
}

fn error(body: &Value) -> ErrorBody {
    serde_json::from_value(body.clone()).unwrap()
}

#[tokio::test]
async fn a_request_is_filed_checked_and_seen_by_its_requester_and_support() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Production-EU-Central").await;
    assert_eq!(filed.state, RequestState::Pending);
    assert_eq!(filed.requested_by.email, "developer@example.com");
    assert_eq!(filed.requirements, [Requirement::PrivateLink]);

    // Bad input names its field; nothing is filed.
    let mut bad = request("Production-EU-Central-2");
    bad["region"] = json!("us-east-1");
    let (status, body) = s.post(&s.developer, "", Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&body).error.field.as_deref(), Some("region"));
    let (status, body) = s.post(&s.developer, "", Some(json!({"name": 3}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body).error.field.as_deref(), Some("name"));
    // A name a project already has (any case) is a conflict on the name.
    let (status, body) = s
        .post(&s.developer, "", Some(request("production-eu")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(&body).error.field.as_deref(), Some("name"));

    assert_eq!(s.list(&s.developer).await.len(), 1);
    assert!(s.list(&s.data_admin).await.is_empty(), "only one's own");
    assert!(s.list(&s.support).await.is_empty(), "support's own, too");
    let queue: api_types::ListResponse<ProjectRequest> =
        s.get(&s.support, "/api/support/project-requests").await;
    assert_eq!(queue.total, 1, "support's queue has everyone's");
    assert_eq!(queue.result[0].id, filed.id);
    let res = s
        .developer
        .get(format!("{}/api/support/project-requests", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only support");

    // Without a session: 401.
    let (status, _) = s.post(&Client::new(), "", Some(request("X-Y"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = Client::new().get(s.url("")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // With an API token: 403, saying that tokens work within one project.
    let admin = signed_in(&s.base, "admin@example.com", DEMO_PASSWORD).await;
    let token = common::create_token(&admin, &s.base, PROD_US, &["admin"]).await;
    let pair = common::exchange(&s.base, &token).await;
    let bearer = pair.access_token.as_str();
    let filing = Client::new()
        .post(s.url(""))
        .bearer_auth(bearer)
        .json(&request("X-Y"));
    let listing = Client::new().get(s.url("")).bearer_auth(bearer);
    for attempt in [filing, listing] {
        let res = attempt.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let body: ErrorBody = res.json().await.unwrap();
        assert!(
            body.error.message.contains("access token"),
            "{}",
            body.error.message
        );
    }
}

#[tokio::test]
async fn the_requester_cancels_once_and_no_one_else_can() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Staging-EU-Central").await;
    let path = format!("/{}/cancel", filed.id);
    let (status, _) = s.post(&s.data_admin, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "someone else's request");
    let (status, body) = s.post(&s.developer, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "cancelled");
    let (status, body) = s.post(&s.developer, &path, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _) = s
        .post(&s.support, &format!("/{}/provision", filed.id), None)
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled request stays cancelled"
    );
}

#[tokio::test]
async fn support_provisions_a_request_into_a_project_its_requester_administers() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Production-EU-Central").await;
    let provision = format!("/{}/provision", filed.id);
    let (status, body) = s.post(&s.developer, &provision, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(error(&body).error.message.contains("Only support"));

    let (status, body) = s.post(&s.support, &provision, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let done: ProjectRequest = serde_json::from_value(body).unwrap();
    assert_eq!(done.state, RequestState::Provisioned);
    let project = done.project_id.clone().unwrap();

    // The requester sees it in their list, as its Admin, with brokers.
    let list: ListResponse<ProjectSummary> = s
        .get(
            &s.developer,
            "/api/projects?partial_name=Production-EU-Central",
        )
        .await;
    assert_eq!(list.total, 1);
    assert_eq!(list.result[0].id, project);
    assert_eq!(list.result[0].role, Some(RoleKey::Admin));
    assert_eq!(list.result[0].region.as_deref(), Some("europe-west3"));
    let full: Value = s
        .get(&s.developer, &format!("/api/projects/{project}"))
        .await;
    assert!(full["kafka_bootstrap_servers"]
        .as_str()
        .unwrap()
        .contains("production-eu-central.europe-west3"));
    // Others without a membership see it locked.
    let other: ListResponse<ProjectSummary> = s
        .get(
            &s.data_admin,
            "/api/projects?partial_name=Production-EU-Central",
        )
        .await;
    assert!(other.result[0].locked());

    // Settled for good.
    let (status, _) = s.post(&s.support, &provision, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = s
        .post(
            &s.support,
            &format!("/{}/decline", filed.id),
            Some(json!({"reason": "late"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = s
        .post(&s.developer, &format!("/{}/cancel", filed.id), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = s.post(&s.support, "/nope/provision", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn provisioning_is_all_or_nothing() {
    let s = Server::start().await;
    // A name is proposed once at a time.
    let first = s.file(&s.developer, "QA-Load").await;
    let (status, body) = s.post(&s.data_admin, "", Some(request("qa-load"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error(&body).error.field.as_deref(), Some("name"));
    // Another user's request is theirs: the answer does not mention it.
    assert!(error(&body).error.message.contains("not available"));
    assert!(!error(&body).error.message.contains("request"));
    // A project renamed to the name meanwhile: provisioning fails whole.
    let second = s.file(&s.data_admin, "QA-Soak").await;
    let admin = signed_in(&s.base, "admin@example.com", DEMO_PASSWORD).await;
    let renamed = admin
        .patch(format!(
            "{}/api/projects/c213d256-e306-4537-8edf-1658cde4350d",
            s.base
        ))
        .json(&json!({"name": "QA-Soak"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    let count = |who: Client| {
        let s = &s;
        async move {
            s.get::<ListResponse<ProjectSummary>>(&who, "/api/projects")
                .await
                .total
        }
    };
    let (status, _) = s
        .post(&s.support, &format!("/{}/provision", first.id), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let before = count(s.data_admin.clone()).await;
    let (status, body) = s
        .post(&s.support, &format!("/{}/provision", second.id), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error(&body).error.field.as_deref(), Some("name"));
    assert_eq!(
        count(s.data_admin.clone()).await,
        before,
        "no project was added"
    );
    let mine = s.list(&s.data_admin).await;
    assert_eq!(
        mine[0].state,
        RequestState::Pending,
        "the request is untouched"
    );
    assert_eq!(mine[0].project_id, None);
}

#[tokio::test]
async fn support_declines_with_a_reason_the_requester_sees() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Development-Mars").await;
    let decline = format!("/{}/decline", filed.id);
    let (status, body) = s
        .post(&s.support, &decline, Some(json!({"reason": "  "})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&body).error.field.as_deref(), Some("reason"));
    let (status, _) = s
        .post(&s.developer, &decline, Some(json!({"reason": "mine"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .post(
            &s.support,
            &decline,
            Some(json!({"reason": "That region is full; choose europe-west4."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let seen = &s.list(&s.developer).await[0];
    assert_eq!(seen.state, RequestState::Declined);
    assert_eq!(
        seen.decline_reason.as_deref(),
        Some("That region is full; choose europe-west4.")
    );
    assert!(seen.decided_at.is_some());
}

#[tokio::test]
async fn any_name_makes_valid_broker_host_names() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Prod, EU: (new)").await;
    let (status, body) = s
        .post(&s.support, &format!("/{}/provision", filed.id), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["project_id"].as_str().unwrap();
    let project: Value = s.get(&s.developer, &format!("/api/projects/{id}")).await;
    let brokers = project["kafka_bootstrap_servers"].as_str().unwrap();
    for broker in brokers.split(',') {
        let (host, port) = broker.rsplit_once(':').unwrap();
        assert_eq!(port, "9092");
        assert!(
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
            "{host}"
        );
        assert!(
            host.starts_with("b-") && host.contains(".prod-eu-new."),
            "{host}"
        );
    }
}

#[tokio::test]
async fn every_bad_field_is_a_422_naming_it() {
    let s = Server::start().await;
    let cases: [(&str, Value); 10] = [
        ("name", json!("")),
        ("environment", json!("Pre Prod!")),
        ("cloud", json!("IBM")),
        ("region", json!("mars-north-1")),
        ("throughput", json!(0)),
        ("throughput_unit", json!("rows per day")),
        ("connectors", json!(5000)),
        ("requirements", json!(["moon-base"])),
        ("notes", json!("x".repeat(1001))),
        ("name", json!("two\nlines")),
    ];
    for (field, value) in cases {
        let mut body = request("Bad-Input");
        body[field] = value.clone();
        let (status, answer) = s.post(&s.developer, "", Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}: {answer}"
        );
        assert_eq!(
            error(&answer).error.field.as_deref(),
            Some(field),
            "{field}={value}"
        );
    }
    // Compliance needs must be described.
    let mut body = request("Bad-Input");
    body["requirements"] = json!(["compliance"]);
    body["notes"] = json!("");
    let (status, answer) = s.post(&s.developer, "", Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&answer).error.field.as_deref(), Some("notes"));
    // Numbers out of any range are a 400 on the body, never a 500.
    let mut body = request("Bad-Input");
    body["throughput"] = json!(-1);
    let (status, _) = s.post(&s.developer, "", Some(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(s.list(&s.developer).await.is_empty(), "nothing was filed");
}

#[tokio::test]
async fn a_declined_request_stays_declined() {
    let s = Server::start().await;
    let filed = s.file(&s.developer, "Staging-Declined").await;
    let (status, _) = s
        .post(
            &s.support,
            &format!("/{}/decline", filed.id),
            Some(json!({"reason": "No capacity."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for (who, action) in [
        (&s.developer, "cancel"),
        (&s.support, "provision"),
        (&s.support, "decline"),
    ] {
        let body = (action == "decline").then(|| json!({"reason": "again"}));
        let (status, answer) = s.post(who, &format!("/{}/{action}", filed.id), body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}: {answer}");
        assert!(error(&answer).error.message.contains("already declined"));
    }
    // The name is free again once its request is settled.
    s.file(&s.data_admin, "Staging-Declined").await;
}

#[tokio::test]
async fn the_typical_wait_is_the_median_of_the_latest_provisioning_times() {
    let (base, config, _dir) = common::serve_demo().await;
    let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let timing = |client: Client| {
        let url = format!("{base}/api/project-requests/timing");
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<api_types::RequestTiming>().await.unwrap()
        }
    };
    let none = timing(developer.clone()).await;
    assert_eq!((none.provisioned, none.median_seconds), (0, None));

    // Three provisioned in 10 minutes, 2 hours and 1 day; a declined one
    // and a pending one do not count.
    let user = common::sql_texts(
        &config.database,
        "SELECT id FROM users WHERE email = 'developer@example.com'",
    )
    .remove(0);
    let day = 86_400_000_i64;
    let rows: Vec<String> = [
        ("t1", "provisioned", 600_000),
        ("t2", "provisioned", 7_200_000),
        ("t3", "provisioned", day),
        ("t4", "declined", 10 * day),
    ]
    .iter()
    .map(|(id, state, took)| {
        format!(
            "INSERT INTO project_requests (id, requested_by, name, environment, cloud, region, \
             throughput, throughput_unit, connectors, requirements, notes, state, created_at, decided_at) \
             VALUES ('{id}', '{user}', 'Timing-{id}', 'development', 'AWS', 'us-east-1', 1, \
             'mb_per_second', 1, '', '', '{state}', 1000, {});",
            1000 + took
        )
    })
    .collect();
    common::sql_batch(&config.database, &rows.join("\n"));
    let three = timing(developer).await;
    assert_eq!(three.provisioned, 3);
    assert_eq!(three.median_seconds, Some(7_200));
    assert_eq!(three.longest_seconds, Some(86_400));
}
