//! Asking for access to a project and its Admins or an organisation admin
//! granting or declining it, over real HTTP against the demo organisation.

use api_server::db::seed::DEMO_PASSWORD;
use api_types::{
    AccessRequest, AccessRequestState, ActivityEntry, ErrorBody, ListResponse, ProjectAccess,
    RoleKey,
};
use common::{signed_in, DEV_EU, PROD_US, UNKNOWN};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod common;

struct Server {
    base: String,
    admin: Client,
    developer: Client,
    support: Client,
    data_admin: Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, _config, dir) = common::serve_demo().await;
        Self {
            admin: signed_in(&base, "admin@example.com", DEMO_PASSWORD).await,
            developer: signed_in(&base, "developer@example.com", DEMO_PASSWORD).await,
            support: signed_in(&base, "support@example.com", DEMO_PASSWORD).await,
            data_admin: signed_in(&base, "data-admin@example.com", DEMO_PASSWORD).await,
            base,
            _dir: dir,
        }
    }

    async fn get(&self, who: &Client, path: &str) -> (StatusCode, Value) {
        let res = who
            .get(format!("{}/api{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, who: &Client, path: &str, body: Value) -> (StatusCode, Value) {
        let res = who
            .post(format!("{}/api{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn access(&self, who: &Client, project: &str) -> ProjectAccess {
        let (status, body) = self.get(who, &format!("/projects/{project}/access")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn ask(&self, who: &Client, project: &str, role: &str) -> AccessRequest {
        let (status, body) = self
            .post(
                who,
                &format!("/projects/{project}/access-requests"),
                json!({"role": role, "note": " to look at the orders pipeline "}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn queue(&self, who: &Client, part: &str) -> ListResponse<AccessRequest> {
        let (status, body) = self
            .get(who, &format!("/access-requests?state={part}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }
}

fn error(body: &Value) -> ErrorBody {
    serde_json::from_value(body.clone()).unwrap()
}

#[tokio::test]
async fn a_member_without_a_role_sees_whom_to_ask_asks_and_is_granted_at_once() {
    let s = Server::start().await;
    // The developer has no role on production: only the organisation's
    // admin can grant it, and nobody was asked yet.
    let before = s.access(&s.developer, PROD_US).await;
    assert_eq!(before.role, None);
    assert!(before.admins.is_empty(), "{:?}", before.admins);
    let names: Vec<_> = before
        .organisation_admins
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(names, ["Avery Admin"]);
    assert_eq!(before.organisation_admins[0].email, "admin@example.com");
    assert_eq!(before.request, None);

    let asked = s.ask(&s.developer, PROD_US, "read_only").await;
    assert_eq!(asked.state, AccessRequestState::Pending);
    assert_eq!(asked.role, RoleKey::ReadOnly);
    assert_eq!(asked.note, "to look at the orders pipeline", "trimmed");
    assert_eq!(asked.project_name, "Production-US-East");
    assert_eq!(
        s.access(&s.developer, PROD_US).await.request.as_ref(),
        Some(&asked)
    );

    // Asking twice is a conflict that says what is pending.
    let (status, body) = s
        .post(
            &s.developer,
            &format!("/projects/{PROD_US}/access-requests"),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        error(&body).error.message.contains("already asked"),
        "{body}"
    );

    // The organisation admin sees it; a Data Admin decides nothing.
    let queue = s.queue(&s.admin, "pending").await;
    assert_eq!(queue.total, 1);
    assert_eq!(queue.result[0].id, asked.id);
    assert_eq!(s.queue(&s.data_admin, "pending").await.total, 0);
    let (status, _) = s
        .post(
            &s.data_admin,
            &format!("/access-requests/{}/grant", asked.id),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not theirs to see");
    // The requester cannot grant themselves.
    let (status, body) = s
        .post(
            &s.developer,
            &format!("/access-requests/{}/grant", asked.id),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(error(&body).error.message.contains("Production-US-East"));

    // Granted with another role than asked: it works at once.
    let (status, body) = s
        .post(
            &s.admin,
            &format!("/access-requests/{}/grant", asked.id),
            json!({"role": "data_admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let granted: AccessRequest = serde_json::from_value(body).unwrap();
    assert_eq!(granted.state, AccessRequestState::Granted);
    assert_eq!(granted.granted_role, Some(RoleKey::DataAdmin));
    assert_eq!(granted.decided_by.as_deref(), Some("Avery Admin"));
    let (status, _) = s.get(&s.developer, &format!("/projects/{PROD_US}")).await;
    assert_eq!(status, StatusCode::OK, "the project opens now");
    let after = s.access(&s.developer, PROD_US).await;
    assert_eq!(after.role, Some(RoleKey::DataAdmin));
    assert_eq!(
        after.request.map(|r| r.state),
        Some(AccessRequestState::Granted)
    );

    // Settled: it cannot change again, and a member cannot ask again.
    let (status, _) = s
        .post(
            &s.admin,
            &format!("/access-requests/{}/decline", asked.id),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = s
        .post(
            &s.developer,
            &format!("/projects/{PROD_US}/access-requests"),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(error(&body).error.message.contains("Data Admin"), "{body}");
    assert_eq!(s.queue(&s.admin, "pending").await.total, 0);
    assert_eq!(s.queue(&s.admin, "settled").await.result[0].id, asked.id);

    // The project's log has both, with the role.
    let (status, body) = s
        .get(
            &s.admin,
            &format!("/projects/{PROD_US}/activity?action=access.granted"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let log: ListResponse<ActivityEntry> = serde_json::from_value(body).unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.result[0].changes[0].to.as_deref(), Some("Data Admin"));
    assert!(log.result[0]
        .target
        .as_deref()
        .is_some_and(|t| t.contains("developer@example.com")));
}

#[tokio::test]
async fn a_projects_admin_declines_and_the_requester_may_ask_again_or_withdraw() {
    let s = Server::start().await;
    // Support has no role anywhere; the developer is Admin of development.
    let access = s.access(&s.support, DEV_EU).await;
    assert!(
        access
            .admins
            .iter()
            .any(|a| a.email == "developer@example.com"),
        "{:?}",
        access.admins
    );
    assert!(
        access.admins.iter().all(|a| a.email != "admin@example.com"),
        "organisation admins are listed apart"
    );
    let asked = s.ask(&s.support, DEV_EU, "admin").await;
    let queue = s.queue(&s.developer, "pending").await;
    assert_eq!(queue.total, 1, "the project's Admin sees it");
    // A reason that is too long names its field; nothing changes.
    let (status, body) = s
        .post(
            &s.developer,
            &format!("/access-requests/{}/decline", asked.id),
            json!({"reason": "x".repeat(1001)}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&body).error.field.as_deref(), Some("reason"));
    let (status, body) = s
        .post(
            &s.developer,
            &format!("/access-requests/{}/decline", asked.id),
            json!({"reason": "Read Only is enough for support."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen = s.access(&s.support, DEV_EU).await.request.unwrap();
    assert_eq!(seen.state, AccessRequestState::Declined);
    assert_eq!(
        seen.decline_reason.as_deref(),
        Some("Read Only is enough for support.")
    );
    assert_eq!(seen.decided_by.as_deref(), Some("Devon Developer"));

    // Asked again, then withdrawn by the requester only.
    let again = s.ask(&s.support, DEV_EU, "read_only").await;
    let cancel = format!("/access-requests/{}/cancel", again.id);
    let (status, _) = s.post(&s.developer, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "someone else's");
    let (status, body) = s.post(&s.support, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = s.post(&s.support, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        s.queue(&s.developer, "settled").await.total,
        2,
        "declined and cancelled"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_error() {
    let s = Server::start().await;
    let path = format!("/projects/{PROD_US}/access-requests");
    let (status, body) = s.post(&s.developer, &path, json!({"role": "owner"})).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(error(&body).error.field.as_deref(), Some("role"));
    let (status, body) = s
        .post(
            &s.developer,
            &path,
            json!({"role": "read_only", "note": "a\u{7}b"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error(&body).error.field.as_deref(), Some("note"));
    let (status, _) = s
        .post(
            &s.developer,
            &format!("/projects/{UNKNOWN}/access-requests"),
            json!({"role": "read_only"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = s.get(&s.developer, "/projects/not-an-id/access").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body).error.field.as_deref(), Some("id"));
    let (status, body) = s.get(&s.developer, "/access-requests?state=open").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body).error.field.as_deref(), Some("state"));
    let (status, _) = s
        .post(&s.admin, "/access-requests/nope/grant", json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Without a session, 401; an API token, 403.
    let (status, _) = s
        .get(&Client::new(), &format!("/projects/{PROD_US}/access"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let token = common::create_token(&s.admin, &s.base, PROD_US, &["admin"]).await;
    let bearer = common::exchange(&s.base, &token).await;
    let res = Client::new()
        .get(format!("{}/api/access-requests", s.base))
        .bearer_auth(&bearer.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nothing was filed.
    assert_eq!(s.queue(&s.admin, "pending").await.total, 0);
    assert_eq!(s.access(&s.developer, PROD_US).await.request, None);
}
