//! Members managed through the API, and the activity log every change
//! writes: over real HTTP against a real SQLite file with the demo
//! organisation and its users.

use api_server::db::seed::DEMO_PASSWORD;
use api_server::db::Location;
use api_types::{ActivityAction, ActivityEntry, ActorKind, Invitation, ListResponse, Me, Member};
use common::{signed_in, DEV_EU, PROD_US};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod common;

struct Server {
    base: String,
    database: Location,
    admin: Client,
    developer: Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        let admin = signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
        let developer = signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
        Self {
            base,
            database: config.database,
            admin,
            developer,
            _dir: dir,
        }
    }

    async fn send(
        &self,
        who: &Client,
        method: reqwest::Method,
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
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn ok<T: serde::de::DeserializeOwned>(
        &self,
        who: &Client,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> T {
        let (status, body) = self.send(who, method.clone(), path, body).await;
        assert!(status.is_success(), "{method} {path}: {status} {body}");
        serde_json::from_value(body).unwrap()
    }

    /// Every entry of the organisation's log, newest first.
    async fn log(&self) -> Vec<ActivityEntry> {
        let page: ListResponse<ActivityEntry> = self
            .ok(
                &self.admin,
                reqwest::Method::GET,
                "/activity?page_size=100",
                None,
            )
            .await;
        page.result
    }

    /// How many entries the log holds.
    fn count(&self) -> i64 {
        common::sql_number(&self.database, "SELECT COUNT(*) FROM activity")
    }

    async fn me(&self, who: &Client) -> Me {
        self.ok(who, reqwest::Method::GET, "/auth/me", None).await
    }
}

use reqwest::Method as M;

/// Each change, one at a time, leaves exactly one entry, made by whoever
/// made the change: a user by name and email, an API token by its
/// description and client id.
#[tokio::test]
async fn each_change_leaves_one_entry_with_its_actor() {
    let s = Server::start().await;
    let admin = s.me(&s.admin).await.user;
    let project = format!("/projects/{PROD_US}");
    let expect = |before: i64, s: &Server| {
        let after = s.count();
        assert_eq!(after, before + 1, "one entry per change");
        after
    };
    let mut n = s.count();
    assert_eq!(n, 0, "a fresh demo has no history");

    let _: Value = s
        .ok(
            &s.admin,
            M::PATCH,
            &project,
            Some(json!({"name": "Prod-US"})),
        )
        .await;
    n = expect(n, &s);
    let entry = &s.log().await[0];
    assert_eq!(entry.action, ActivityAction::ProjectRenamed);
    assert_eq!(entry.actor.kind, ActorKind::User);
    assert_eq!(entry.actor.name, admin.name);
    assert_eq!(entry.actor.detail.as_deref(), Some("admin@example.com"));
    assert_eq!(entry.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(entry.project.as_ref().unwrap().name, "Prod-US");
    assert_eq!(entry.changes[0].field, "name");
    assert_eq!(entry.changes[0].from.as_deref(), Some("Production-US-East"));
    assert_eq!(entry.changes[0].to.as_deref(), Some("Prod-US"));

    let token = common::create_token(&s.admin, &s.base, PROD_US, &["admin"]).await;
    n = expect(n, &s);
    assert_eq!(s.log().await[0].action, ActivityAction::TokenCreated);

    // The token itself, through an access token, creates a Kafka user.
    let pair = common::exchange(&s.base, &token).await;
    let bearer = Client::new();
    let res = bearer
        .post(format!("{}/api{project}/kafka-users", s.base))
        .bearer_auth(&pair.access_token)
        .json(&json!({"username": "orders-reader", "password": "kafka-secret-password-1", "acls": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    n = expect(n, &s);
    let entry = &s.log().await[0];
    assert_eq!(entry.action, ActivityAction::KafkaUserCreated);
    assert_eq!(entry.actor.kind, ActorKind::Token);
    assert_eq!(entry.actor.name, "test token");
    assert_eq!(
        entry.actor.detail.as_deref(),
        Some(token.credential.client_id.as_str())
    );

    let _: Value = s
        .ok(
            &s.admin,
            M::PUT,
            &format!("{project}/kafka-users/orders-reader"),
            Some(json!({"whitelist_ips": "10.0.0.0/8", "password": "another-kafka-password-2"})),
        )
        .await;
    n = expect(n, &s);
    let entry = &s.log().await[0];
    assert_eq!(entry.action, ActivityAction::KafkaUserUpdated);
    let fields: Vec<_> = entry.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["whitelist_ips", "password"]);
    assert_eq!(entry.changes[1].from, None);
    assert_eq!(entry.changes[1].to, None);

    let (status, _) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("{project}/kafka-users/orders-reader"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    n = expect(n, &s);
    let client_id = &token.credential.client_id;
    let _: Value = s
        .ok(
            &s.admin,
            M::POST,
            &format!("{project}/client-credentials/{client_id}/rotate"),
            None,
        )
        .await;
    n = expect(n, &s);
    let (status, _) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("{project}/client-credentials/{client_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    n = expect(n, &s);
    let actions: Vec<_> = s.log().await.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            ActivityAction::TokenDeleted,
            ActivityAction::TokenRotated,
            ActivityAction::KafkaUserDeleted,
            ActivityAction::KafkaUserUpdated,
            ActivityAction::KafkaUserCreated,
            ActivityAction::TokenCreated,
            ActivityAction::ProjectRenamed,
        ]
    );

    // A request and support's decision.
    let request: Value = s
        .ok(
            &s.developer,
            M::POST,
            "/project-requests",
            Some(json!({
                "name": "Analytics-EU", "environment": "development", "cloud": "GCP",
                "region": "europe-west1", "throughput": 100, "throughput_unit": "events_per_second",
                "connectors": 2, "requirements": [], "notes": ""
            })),
        )
        .await;
    n = expect(n, &s);
    let support = signed_in(&s.base, "support@example.com", DEMO_PASSWORD).await;
    let id = request["id"].as_str().unwrap();
    let provisioned: Value = s
        .ok(
            &support,
            M::POST,
            &format!("/project-requests/{id}/provision"),
            None,
        )
        .await;
    n = expect(n, &s);
    let entry = &s.log().await[0];
    assert_eq!(entry.action, ActivityAction::RequestProvisioned);
    assert_eq!(entry.actor.name, "Sam Support");
    assert_eq!(
        entry.project.as_ref().map(|p| p.id.as_str()),
        provisioned["project_id"].as_str()
    );
    assert_eq!(s.log().await[1].action, ActivityAction::RequestSubmitted);
    assert_eq!(s.log().await[1].actor.name, "Devon Developer");

    // A request withdrawn, and one declined with support's reason.
    let request_body = |name: &str| {
        json!({
            "name": name, "environment": "development", "cloud": "GCP",
            "region": "europe-west1", "throughput": 100, "throughput_unit": "events_per_second",
            "connectors": 2, "requirements": [], "notes": ""
        })
    };
    let withdrawn: Value = s
        .ok(
            &s.developer,
            M::POST,
            "/project-requests",
            Some(request_body("Withdrawn")),
        )
        .await;
    n = expect(n, &s);
    let id = withdrawn["id"].as_str().unwrap();
    let _: Value = s
        .ok(
            &s.developer,
            M::POST,
            &format!("/project-requests/{id}/cancel"),
            None,
        )
        .await;
    n = expect(n, &s);
    assert_eq!(s.log().await[0].action, ActivityAction::RequestCancelled);
    let declined: Value = s
        .ok(
            &s.developer,
            M::POST,
            "/project-requests",
            Some(request_body("Declined")),
        )
        .await;
    n = expect(n, &s);
    let id = declined["id"].as_str().unwrap();
    let _: Value = s
        .ok(
            &support,
            M::POST,
            &format!("/project-requests/{id}/decline"),
            Some(json!({"reason": "Use Development-EU instead."})),
        )
        .await;
    expect(n, &s);
    let entry = &s.log().await[0];
    assert_eq!(entry.action, ActivityAction::RequestDeclined);
    assert_eq!(entry.actor.name, "Sam Support");
    assert!(entry
        .changes
        .iter()
        .any(|c| c.field == "reason" && c.to.as_deref() == Some("Use Development-EU instead.")));
}

/// A change that is refused writes nothing, its entry included.
#[tokio::test]
async fn a_refused_change_leaves_no_entry() {
    let s = Server::start().await;
    let project = format!("/projects/{PROD_US}");
    // A name another project has.
    let (status, _) = s
        .send(
            &s.admin,
            M::PATCH,
            &project,
            Some(json!({"name": "production-eu"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A role that does not allow it.
    let reader = signed_in(&s.base, "read-only@example.com", DEMO_PASSWORD).await;
    let (status, _) = s
        .send(&reader, M::PATCH, &project, Some(json!({"name": "Mine"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // An invitation whose last role names no project: nobody is added.
    let (status, body) = s
        .send(
            &s.admin,
            M::POST,
            "/members",
            Some(json!({
                "email": "half@example.com", "name": "Half Way",
                "roles": [
                    {"project_id": PROD_US, "role": "admin"},
                    {"project_id": common::UNKNOWN, "role": "admin"}
                ]
            })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "roles");
    let found: ListResponse<Member> = s.ok(&s.admin, M::GET, "/members?search=half", None).await;
    assert_eq!(found.total, 0);
    // Deleting what is not there.
    let (status, _) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("{project}/kafka-users/nobody"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(s.count(), 0);
}

/// Inviting, changing roles and removing: the link works once, roles
/// reach the member at their next request, and a removed member's
/// session ends at once.
#[tokio::test]
async fn members_are_invited_changed_and_removed() {
    let s = Server::start().await;
    let invitation: Invitation = s
        .ok(
            &s.admin,
            M::POST,
            "/members",
            Some(json!({
                "email": "Kim.Lee@Example.com", "name": " Kim Lee ",
                "roles": [{"project_id": PROD_US, "role": "read_only"}]
            })),
        )
        .await;
    let member = &invitation.member;
    assert_eq!(member.email, "kim.lee@example.com");
    assert_eq!(member.name, "Kim Lee");
    assert!(member.invited);
    assert_eq!(member.invitation_expires_at, Some(invitation.expires_at));
    let token = invitation
        .set_password_path
        .strip_prefix("/set-password#token=")
        .unwrap()
        .to_string();
    // Invited, they cannot sign in with any password yet.
    let res = Client::new()
        .post(format!("{}/api/auth/login", s.base))
        .header("x-console-request", "1")
        .json(&json!({"email": "kim.lee@example.com", "password": "any password at all"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let browser = Client::builder()
        .default_headers(
            [("x-console-request".parse().unwrap(), "1".parse().unwrap())]
                .into_iter()
                .collect(),
        )
        .build()
        .unwrap();
    let (status, info) = s
        .send(
            &browser,
            M::POST,
            "/auth/invitation",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["email"], "kim.lee@example.com");
    let password = "kims own password 1";
    let res = browser
        .post(format!("{}/api/auth/set-password", s.base))
        .json(&json!({"token": token, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("tributary_session="));
    // Once only.
    let (status, body) = s
        .send(
            &browser,
            M::POST,
            "/auth/set-password",
            Some(json!({"token": token, "password": "someone elses pass"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already used"));
    let kim = signed_in(&s.base, "kim.lee@example.com", password).await;
    let me = s.me(&kim).await;
    assert_eq!(me.memberships.len(), 1);

    // Production taken away: their next request is refused.
    let m = format!("/members/{}", me.user.id);
    let changed: Member = s
        .ok(
            &s.admin,
            M::PATCH,
            &m,
            Some(json!({"roles": [
                {"project_id": PROD_US, "role": null},
                {"project_id": DEV_EU, "role": "data_admin"}
            ]})),
        )
        .await;
    assert_eq!(changed.memberships.len(), 1);
    let (status, _) = s
        .send(&kim, M::GET, &format!("/projects/{PROD_US}"), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .send(&kim, M::GET, &format!("/projects/{DEV_EU}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let log = s.log().await;
    let roles: Vec<_> = log
        .iter()
        .filter(|e| e.action == ActivityAction::MemberRoleChanged)
        .map(|e| {
            (
                e.project.as_ref().unwrap().id.as_str().to_string(),
                e.changes[0].from.clone().unwrap(),
                e.changes[0].to.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            (DEV_EU.to_string(), "no access".into(), "Data Admin".into()),
            (PROD_US.to_string(), "Read Only".into(), "no access".into()),
            (PROD_US.to_string(), "no access".into(), "Read Only".into()),
        ]
    );
    assert!(log
        .iter()
        .any(|e| e.action == ActivityAction::MemberJoined && e.actor.name == "Kim Lee"));

    // Removed: their session ends at once.
    let (status, _) = s.send(&s.admin, M::DELETE, &m, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.send(&kim, M::GET, "/auth/me", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(s.log().await[0].action, ActivityAction::MemberRoleChanged);
    assert!(s
        .log()
        .await
        .iter()
        .any(|e| e.action == ActivityAction::MemberRemoved
            && e.target.as_deref() == Some("Kim Lee (kim.lee@example.com)")));
}

/// An expired link says so; a renewed one replaces the old.
#[tokio::test]
async fn links_expire_and_are_renewed() {
    let s = Server::start().await;
    let invitation: Invitation = s
        .ok(
            &s.admin,
            M::POST,
            "/members",
            Some(json!({"email": "late@example.com", "name": "Late Comer"})),
        )
        .await;
    let token = invitation.set_password_path.split_once("token=").unwrap().1;
    common::sql_batch(&s.database, "UPDATE invitations SET expires_at = 0");
    let (status, body) = s
        .send(
            &s.developer,
            M::POST,
            "/auth/invitation",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));
    let renewed: Invitation = s
        .ok(
            &s.admin,
            M::POST,
            &format!("/members/{}/invitation", invitation.member.id),
            None,
        )
        .await;
    assert_ne!(renewed.set_password_path, invitation.set_password_path);
    let fresh = renewed.set_password_path.split_once("token=").unwrap().1;
    let (status, _) = s
        .send(
            &s.developer,
            M::POST,
            "/auth/invitation",
            Some(json!({"token": fresh})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// Only organisation admins manage members, never through an API token;
/// the last organisation admin stays one.
#[tokio::test]
async fn who_may_manage_members() {
    let s = Server::start().await;
    let (status, _) = s.send(&s.developer, M::GET, "/members", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .send(
            &s.developer,
            M::POST,
            "/members",
            Some(json!({"email": "x@example.com", "name": "X"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let token = common::create_token(&s.admin, &s.base, PROD_US, &["admin"]).await;
    let pair = common::exchange(&s.base, &token).await;
    let res = Client::new()
        .get(format!("{}/api/members", s.base))
        .bearer_auth(&pair.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let me = s.me(&s.admin).await;
    let (status, body) = s
        .send(
            &s.admin,
            M::PATCH,
            &format!("/members/{}", me.user.id),
            Some(json!({"organisation_admin": false})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("last admin"));
    let (status, _) = s
        .send(
            &s.admin,
            M::DELETE,
            &format!("/members/{}", me.user.id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // With a second admin, the first may step down.
    let second: Invitation = s
        .ok(
            &s.admin,
            M::POST,
            "/members",
            Some(json!({"email": "second@example.com", "name": "Second", "organisation_admin": true})),
        )
        .await;
    // Invited, they cannot sign in yet: they do not count.
    let (status, _) = s
        .send(
            &s.admin,
            M::PATCH,
            &format!("/members/{}", me.user.id),
            Some(json!({"organisation_admin": false})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let token = second.set_password_path.split_once("token=").unwrap().1;
    let (status, _) = s
        .send(
            &Client::builder()
                .default_headers(
                    [("x-console-request".parse().unwrap(), "1".parse().unwrap())]
                        .into_iter()
                        .collect(),
                )
                .build()
                .unwrap(),
            M::POST,
            "/auth/set-password",
            Some(json!({"token": token, "password": "second admin password"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s
        .send(
            &s.admin,
            M::PATCH,
            &format!("/members/{}", me.user.id),
            Some(json!({"organisation_admin": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// A member reads their projects' entries and no other's; the
/// organisation's log is for organisation admins. Filters and the CSV
/// export agree with the page.
#[tokio::test]
async fn members_read_only_their_projects_entries() {
    let s = Server::start().await;
    for (project, name) in [(PROD_US, "Prod-US"), (DEV_EU, "Dev-EU")] {
        let _: Value = s
            .ok(
                &s.admin,
                M::PATCH,
                &format!("/projects/{project}"),
                Some(json!({"name": name})),
            )
            .await;
    }
    let (status, _) = s
        .send(
            &s.developer,
            M::GET,
            &format!("/projects/{PROD_US}/activity"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.send(&s.developer, M::GET, "/activity", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let page: ListResponse<ActivityEntry> = s
        .ok(
            &s.developer,
            M::GET,
            &format!("/projects/{DEV_EU}/activity"),
            None,
        )
        .await;
    assert_eq!(page.total, 1);
    assert_eq!(page.result[0].project.as_ref().unwrap().name, "Dev-EU");
    // Filters.
    let path = |q: &str| format!("/projects/{DEV_EU}/activity?{q}");
    for (query, total) in [
        ("actor=avery", 1),
        ("actor=ADMIN%40example", 1),
        ("actor=dana", 0),
        ("action=token.created", 0),
        ("action=project.renamed", 1),
        ("from=2000-01-01&to=2000-01-31", 0),
        ("from=2000-01-01", 1),
    ] {
        let page: ListResponse<ActivityEntry> =
            s.ok(&s.developer, M::GET, &path(query), None).await;
        assert_eq!(page.total, total, "{query}");
    }
    let (status, csv) = s
        .send(
            &s.developer,
            M::GET,
            &format!("/projects/{DEV_EU}/activity/export"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().unwrap().to_string();
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines[0], api_types::CSV_HEADER);
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains("Avery Admin") && lines[1].contains("Development-EU → Dev-EU"));
}

/// No secret reaches the log: neither an API token's secret, a Kafka
/// password, a user's password nor an invitation's link, not even hashed.
#[tokio::test]
async fn no_secret_is_ever_logged() {
    let s = Server::start().await;
    let project = format!("/projects/{PROD_US}");
    let token = common::create_token(&s.admin, &s.base, PROD_US, &["admin"]).await;
    let kafka_password = "kafka-password-never-logged";
    let _: Value = s
        .ok(
            &s.admin,
            M::POST,
            &format!("{project}/kafka-users"),
            Some(json!({"username": "secretive", "password": kafka_password, "acls": []})),
        )
        .await;
    let invitation: Invitation = s
        .ok(
            &s.admin,
            M::POST,
            "/members",
            Some(json!({"email": "secret@example.com", "name": "Secret Keeper"})),
        )
        .await;
    let link = invitation
        .set_password_path
        .split_once("token=")
        .unwrap()
        .1
        .to_string();
    let user_password = "user-password-never-logged";
    let res = Client::new()
        .post(format!("{}/api/auth/set-password", s.base))
        .header("x-console-request", "1")
        .json(&json!({"token": link, "password": user_password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let log = common::sql_texts(
        &s.database,
        "SELECT actor_name || ' ' || coalesce(actor_detail, '') || ' ' || coalesce(target, '') || ' ' || changes FROM activity",
    );
    assert!(log.len() >= 4, "{log:?}");
    let text = log.join("\n");
    let hashes = common::sql_texts(
        &s.database,
        "SELECT password_hash FROM users WHERE email = 'secret@example.com' UNION ALL SELECT password_hash FROM kafka_users",
    );
    for secret in [
        token.secret.as_str(),
        kafka_password,
        user_password,
        link.as_str(),
    ]
    .into_iter()
    .map(str::to_string)
    .chain(hashes)
    {
        assert!(!text.contains(&secret), "{secret} is in the log");
    }
    // Nor is any of them, as it was typed, anywhere in the database's files
    // (SQLite's: PostgreSQL's belong to its server).
    let mut bytes = Vec::new();
    if let Location::Sqlite(path) = &s.database {
        for file in std::fs::read_dir(path.parent().unwrap()).unwrap() {
            bytes.extend(std::fs::read(file.unwrap().path()).unwrap());
        }
    }
    for secret in [
        token.secret.as_str(),
        kafka_password,
        user_password,
        link.as_str(),
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is in the database's files"
        );
    }
    // And the page a member reads has none either.
    let page: Value = s
        .ok(&s.admin, M::GET, "/activity?page_size=100", None)
        .await;
    let page = page.to_string();
    assert!(!page.contains(&token.secret) && !page.contains(kafka_password));
}

/// The operator command's changes are recorded, by "Operator"; it prunes
/// old entries and keeps recent ones.
#[tokio::test]
async fn the_operator_is_recorded_and_prunes_old_entries() {
    let s = Server::start().await;
    let config = api_server::Config {
        database: s.database.clone(),
        ..common::test_config(s._dir.path())
    };
    common::add_user(
        &config,
        "ops@example.com",
        false,
        &[&format!("{DEV_EU}=read_only")],
    )
    .await;
    let log = s.log().await;
    let kinds: Vec<_> = log.iter().map(|e| (e.action, e.actor.kind)).collect();
    assert_eq!(
        kinds,
        [
            (ActivityAction::MemberRoleChanged, ActorKind::Operator),
            (ActivityAction::MemberInvited, ActorKind::Operator),
        ]
    );
    assert_eq!(log[0].actor.name, "Operator");
    common::sql_batch(&s.database, "DELETE FROM activity");
    let _: Value = s
        .ok(
            &s.admin,
            M::PATCH,
            &format!("/projects/{PROD_US}"),
            Some(json!({"name": "Prod-US"})),
        )
        .await;
    common::sql_batch(
        &s.database,
        "INSERT INTO activity (at, actor_kind, actor_name, action, changes) VALUES (1000, 'operator', 'Operator', 'member.updated', '[]')",
    );
    assert_eq!(s.count(), 2);
    let line = api_server::run_prune_activity(
        &config,
        &api_server::PruneArgs {
            older_than_days: 30,
        },
    )
    .await
    .unwrap();
    assert_eq!(line, "deleted 1 activity entry older than 30 days");
    assert_eq!(s.count(), 1);
}
