//! The OpenAPI document at `/api/openapi.json` describes the API as it
//! answers: every endpoint is in it, and every status an endpoint answers
//! (errors included) is documented for that endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

mod common;
use common::{DEV_EU, PROD_EU, PROD_US, STAGING_EU_UNAVAILABLE, UNKNOWN};

struct Api {
    base: String,
    client: reqwest::Client,
    doc: Value,
    seen: BTreeSet<(String, String, u16)>,
    config: api_server::Config,
    _dir: tempfile::TempDir,
}

impl Api {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        let res = reqwest::get(format!("{base}/api/openapi.json"))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/json");
        let doc: Value = res.json().await.unwrap();
        let client = common::admin(&config, &base).await;
        Self {
            base,
            client,
            doc,
            seen: BTreeSet::new(),
            config,
            _dir: dir,
        }
    }

    /// Opens the live-update stream and asserts that the status is the
    /// expected one and documented; a stream that opens is not read.
    async fn open_stream(&mut self, bearer: Option<&str>, expected: u16) {
        let template = "/api/events";
        let mut request = self.client.get(format!("{}{template}", self.base));
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let res = request.send().await.unwrap();
        let status = res.status().as_u16();
        assert_eq!(status, expected, "GET {template}");
        let responses = &self.doc["paths"][template]["get"]["responses"];
        assert!(
            responses[status.to_string()].is_object(),
            "{status} is not documented"
        );
        if status == 200 {
            assert_eq!(res.headers()["content-type"], "text/event-stream");
            assert!(responses["200"]["content"]["text/event-stream"].is_object());
        } else {
            let body: Value = res.json().await.unwrap();
            assert!(body["error"]["code"].is_string());
        }
        self.seen
            .insert(("GET".to_string(), template.to_string(), status));
    }

    /// Calls `path` (a concrete instance of `template`) and asserts that
    /// the status is the expected one and is documented for the endpoint.
    async fn call(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        body: Option<Value>,
        bearer: Option<&str>,
        expected: u16,
    ) -> Value {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let res = request.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert_eq!(status, expected, "{method} {path}: {text}");
        let operation = &self.doc["paths"][template][method.as_str().to_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {template} is not in the document"
        );
        assert!(
            operation["responses"][status.to_string()].is_object(),
            "{method} {template} answered {status}, which the document does not list"
        );
        if status >= 400 {
            let body: Value = serde_json::from_str(&text).unwrap();
            assert!(body["error"]["code"].is_string() && body["error"]["message"].is_string());
            let documented = &operation["responses"][status.to_string()]["content"]
                ["application/json"]["schema"]["$ref"];
            assert_eq!(
                documented, "#/components/schemas/ErrorBody",
                "{method} {template} {status}"
            );
        }
        self.seen
            .insert((method.to_string(), template.to_string(), status));
        if text.is_empty() {
            Value::Null
        } else {
            // A CSV file is given back as its text.
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        }
    }
}

#[tokio::test]
async fn the_document_lists_every_endpoint_and_every_status_it_answers() {
    let mut api = Api::start().await;
    let documented: BTreeSet<(String, String)> = api.doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();

    let p = format!("/api/projects/{PROD_US}");
    let u = format!("/api/projects/{STAGING_EU_UNAVAILABLE}");
    let x = format!("/api/projects/{UNKNOWN}");
    let one = "/api/projects/{id}";
    let creds = "/api/projects/{id}/client-credentials";
    let cred = "/api/projects/{id}/client-credentials/{client_id}";
    let rotate = "/api/projects/{id}/client-credentials/{client_id}/rotate";
    let users = "/api/projects/{id}/kafka-users";
    let user = "/api/projects/{id}/kafka-users/{username}";
    let access = "/api/projects/{id}/kafka-access";
    use Method as M;

    api.call(M::GET, "/api/health", "/api/health", None, None, 200)
        .await;
    api.call(M::GET, "/api/roles", "/api/roles", None, None, 200)
        .await;
    api.call(M::GET, "/api/projects", "/api/projects", None, None, 200)
        .await;
    api.call(
        M::GET,
        "/api/projects",
        "/api/projects?page=0",
        None,
        None,
        400,
    )
    .await;
    api.call(
        M::GET,
        "/api/projects",
        "/api/projects",
        None,
        Some("at_bad"),
        401,
    )
    .await;
    api.call(M::GET, one, &p, None, None, 200).await;
    api.call(M::GET, one, "/api/projects/nope", None, None, 400)
        .await;
    api.call(M::GET, one, &x, None, None, 404).await;
    api.call(
        M::PATCH,
        one,
        &p,
        Some(json!({"name": "Production-US-East"})),
        None,
        200,
    )
    .await;
    api.call(
        M::PATCH,
        one,
        &p,
        Some(json!({"name": "Production-EU"})),
        None,
        409,
    )
    .await;
    api.call(M::PATCH, one, &p, Some(json!({"name": ""})), None, 422)
        .await;
    api.call(M::PATCH, one, &p, Some(json!({})), None, 400)
        .await;
    api.call(M::PATCH, one, &x, Some(json!({"name": "X"})), None, 404)
        .await;

    let token = api
        .call(
            M::POST,
            creds,
            &format!("{p}/client-credentials"),
            Some(json!({"description": "doc", "role_ids": ["read_only"]})),
            None,
            201,
        )
        .await;
    let (client_id, secret) = (
        token["client_id"].as_str().unwrap().to_string(),
        token["secret"].as_str().unwrap().to_string(),
    );
    api.call(
        M::POST,
        creds,
        &format!("{p}/client-credentials"),
        Some(json!({"description": "", "role_ids": ["admin"]})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        creds,
        &format!("{u}/client-credentials"),
        Some(json!({"description": "x", "role_ids": ["admin"]})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        creds,
        &format!("{x}/client-credentials"),
        Some(json!({"description": "x", "role_ids": ["admin"]})),
        None,
        404,
    )
    .await;
    api.call(
        M::GET,
        creds,
        &format!("{p}/client-credentials"),
        None,
        None,
        200,
    )
    .await;
    let pair = api
        .call(
            M::POST,
            "/api/auth/access-token",
            "/api/auth/access-token",
            Some(json!({"client_id": client_id, "secret": secret})),
            None,
            200,
        )
        .await;
    let bearer = pair["accessToken"].as_str().unwrap().to_string();
    // A second chain, whose refresh token is spent and then presented
    // again: that revokes its chain, and must not take `bearer` with it.
    let pair = api
        .call(
            M::POST,
            "/api/auth/access-token",
            "/api/auth/access-token",
            Some(json!({"client_id": client_id, "secret": secret})),
            None,
            200,
        )
        .await;
    api.call(
        M::POST,
        "/api/auth/access-token",
        "/api/auth/access-token",
        Some(json!({"client_id": client_id, "secret": "wrong"})),
        None,
        401,
    )
    .await;
    api.call(
        M::POST,
        "/api/auth/access-token",
        "/api/auth/access-token",
        Some(json!({"secret": "x"})),
        None,
        400,
    )
    .await;
    api.call(
        M::POST,
        "/api/auth/access-token/refresh",
        "/api/auth/access-token/refresh",
        Some(json!({"refresh_token": pair["refreshToken"]})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        "/api/auth/access-token/refresh",
        "/api/auth/access-token/refresh",
        Some(json!({"refresh_token": pair["refreshToken"]})),
        None,
        401,
    )
    .await;
    api.call(
        M::POST,
        "/api/auth/access-token/refresh",
        "/api/auth/access-token/refresh",
        Some(json!([])),
        None,
        400,
    )
    .await;
    api.call(M::GET, one, &p, None, Some(&bearer), 200).await;
    api.open_stream(Some(&bearer), 403).await;
    api.call(M::GET, one, &u, None, Some(&bearer), 403).await;
    // Usage: a token reads its project's, never the organisation's.
    api.call(
        M::GET,
        "/api/projects/{id}/usage",
        &format!("{p}/usage?window=1d"),
        None,
        Some(&bearer),
        200,
    )
    .await;
    api.call(
        M::GET,
        "/api/projects/{id}/usage",
        &format!("{p}/usage?window=2d"),
        None,
        None,
        400,
    )
    .await;
    // Pausing and resuming, on a project the rest leaves alone until it
    // runs again.
    let d = format!("/api/projects/{DEV_EU}");
    let pause = "/api/projects/{id}/pause";
    let resume = "/api/projects/{id}/resume";
    let ok = json!({ "reason": "paused", "note": "Checking", "confirm": "Development-EU" });
    let wrong = json!({ "reason": "paused", "confirm": "development-eu" });
    api.call(
        M::POST,
        pause,
        &format!("{d}/pause"),
        Some(wrong),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        pause,
        &format!("{d}/pause"),
        Some(json!([])),
        None,
        400,
    )
    .await;
    api.call(
        M::POST,
        pause,
        &format!("{d}/pause"),
        Some(ok.clone()),
        None,
        200,
    )
    .await;
    api.call(M::POST, pause, &format!("{d}/pause"), Some(ok), None, 409)
        .await;
    let back = json!({ "confirm": "Development-EU" });
    api.call(
        M::POST,
        resume,
        &format!("{d}/resume"),
        Some(back.clone()),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        resume,
        &format!("{d}/resume"),
        Some(back),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        resume,
        &format!("{u}/resume"),
        Some(json!({ "confirm": "Staging-EU" })),
        None,
        403,
    )
    .await;
    api.call(
        M::POST,
        resume,
        &format!("{x}/resume"),
        Some(json!({ "confirm": "x" })),
        None,
        404,
    )
    .await;

    // A project's overview: its token reads it; another project's is not
    // its own.
    api.call(
        M::GET,
        "/api/projects/{id}/overview",
        &format!("{p}/overview"),
        None,
        Some(&bearer),
        200,
    )
    .await;
    api.call(
        M::GET,
        "/api/projects/{id}/overview",
        &format!("{u}/overview"),
        None,
        Some(&bearer),
        403,
    )
    .await;
    api.call(
        M::GET,
        "/api/projects/{id}/overview",
        &format!("{p}/overview"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        "/api/usage",
        "/api/usage?window=7d",
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        "/api/usage",
        "/api/usage?window=week",
        None,
        None,
        400,
    )
    .await;
    api.call(M::GET, "/api/usage", "/api/usage", None, Some(&bearer), 403)
        .await;
    api.call(
        M::GET,
        "/api/projects",
        "/api/projects",
        None,
        Some(&bearer),
        403,
    )
    .await;
    api.call(
        M::GET,
        creds,
        &format!("{p}/client-credentials"),
        None,
        Some("at_bad"),
        401,
    )
    .await;
    api.call(
        M::POST,
        creds,
        &format!("{p}/client-credentials"),
        Some(json!({"description": "x", "role_ids": ["read_only"]})),
        Some(&bearer),
        403,
    )
    .await;
    api.call(
        M::POST,
        rotate,
        &format!("{p}/client-credentials/{client_id}/rotate"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        rotate,
        &format!("{p}/client-credentials/nobody/rotate"),
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::DELETE,
        cred,
        &format!("{p}/client-credentials/{client_id}"),
        None,
        None,
        204,
    )
    .await;
    api.call(
        M::DELETE,
        cred,
        &format!("{p}/client-credentials/{client_id}"),
        None,
        None,
        404,
    )
    .await;

    api.call(
        M::GET,
        access,
        &format!("{p}/kafka-access"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        access,
        &format!("{x}/kafka-access"),
        None,
        None,
        404,
    )
    .await;
    let new_user = json!({"username": "doc-user", "password": "a-long-password-1"});
    api.call(
        M::POST,
        users,
        &format!("{p}/kafka-users"),
        Some(new_user.clone()),
        None,
        201,
    )
    .await;
    api.call(
        M::POST,
        users,
        &format!("{p}/kafka-users"),
        Some(new_user.clone()),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        users,
        &format!("{p}/kafka-users"),
        Some(json!({"username": "x", "password": "a-long-password-1"})),
        None,
        422,
    )
    .await;
    api.call(M::GET, users, &format!("{p}/kafka-users"), None, None, 200)
        .await;
    api.call(
        M::PUT,
        user,
        &format!("{p}/kafka-users/doc-user"),
        Some(json!({"whitelist_ips": "10.0.0.0/8"})),
        None,
        200,
    )
    .await;
    api.call(
        M::PUT,
        user,
        &format!("{p}/kafka-users/doc-user"),
        Some(json!({"whitelist_ips": "10.0.0.1"})),
        None,
        422,
    )
    .await;
    api.call(
        M::PUT,
        user,
        &format!("{p}/kafka-users/nobody"),
        Some(json!({})),
        None,
        404,
    )
    .await;
    api.call(
        M::PUT,
        user,
        &format!("{u}/kafka-users/doc-user"),
        Some(json!({})),
        None,
        409,
    )
    .await;
    api.call(
        M::DELETE,
        user,
        &format!("{p}/kafka-users/doc-user"),
        None,
        None,
        204,
    )
    .await;
    api.call(
        M::DELETE,
        user,
        &format!("{p}/kafka-users/doc-user"),
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::DELETE,
        user,
        &format!("{u}/kafka-users/doc-user"),
        None,
        None,
        409,
    )
    .await;

    // Project requests: filed by anyone signed in, settled by support.
    let reqs = "/api/project-requests";
    let filing = json!({
        "name": "Doc-Requested", "environment": "staging", "cloud": "AWS",
        "region": "us-east-2", "throughput": 10, "throughput_unit": "mb_per_second",
        "connectors": 2
    });
    let named = |name: &str| {
        let mut f = filing.clone();
        f["name"] = json!(name);
        f
    };
    let first = api
        .call(M::POST, reqs, reqs, Some(named("Doc-One")), None, 201)
        .await;
    let second = api
        .call(M::POST, reqs, reqs, Some(named("Doc-Two")), None, 201)
        .await;
    let third = api
        .call(M::POST, reqs, reqs, Some(named("Doc-Three")), None, 201)
        .await;
    api.call(M::POST, reqs, reqs, Some(json!({"name": []})), None, 400)
        .await;
    let mut bad = filing.clone();
    bad["cloud"] = json!("IBM");
    api.call(M::POST, reqs, reqs, Some(bad), None, 422).await;
    let mut taken = filing.clone();
    taken["name"] = json!("Production-EU");
    api.call(M::POST, reqs, reqs, Some(taken), None, 409).await;
    api.call(M::GET, reqs, reqs, None, None, 200).await;
    let timing = "/api/project-requests/timing";
    api.call(M::GET, timing, timing, None, None, 200).await;
    let cancel = "/api/project-requests/{id}/cancel";
    let provision = "/api/project-requests/{id}/provision";
    let decline = "/api/project-requests/{id}/decline";
    let at = |r: &Value, action: &str| {
        format!(
            "/api/project-requests/{}/{action}",
            r["id"].as_str().unwrap()
        )
    };
    api.call(M::POST, cancel, &at(&first, "cancel"), None, None, 200)
        .await;
    api.call(M::POST, cancel, &at(&first, "cancel"), None, None, 409)
        .await;
    api.call(
        M::POST,
        cancel,
        "/api/project-requests/none/cancel",
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::POST,
        provision,
        &at(&second, "provision"),
        None,
        None,
        403,
    )
    .await;
    api.call(
        M::POST,
        decline,
        &at(&second, "decline"),
        Some(json!({"reason": "no"})),
        None,
        403,
    )
    .await;
    let queue = "/api/support/project-requests";
    api.call(M::GET, queue, queue, None, None, 403).await;
    let admin_client = api.client.clone();
    api.client = common::signed_in(
        &api.base,
        "support@example.com",
        api_server::db::seed::DEMO_PASSWORD,
    )
    .await;
    let waiting = api
        .call(
            M::GET,
            queue,
            &format!("{queue}?state=pending&page=1&page_size=1"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(waiting["result"][0]["name"], "Doc-Two", "oldest first");
    assert_eq!(waiting["total"], 2);
    assert_eq!(waiting["has_next"], true);
    api.call(
        M::GET,
        queue,
        &format!("{queue}?state=waiting"),
        None,
        None,
        400,
    )
    .await;
    api.call(
        M::POST,
        provision,
        &at(&second, "provision"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        provision,
        &at(&second, "provision"),
        None,
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        provision,
        "/api/project-requests/none/provision",
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::POST,
        decline,
        &at(&third, "decline"),
        Some(json!({"reason": " "})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        decline,
        &at(&third, "decline"),
        Some(json!({})),
        None,
        400,
    )
    .await;
    api.call(
        M::POST,
        decline,
        &at(&third, "decline"),
        Some(json!({"reason": "Taken."})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        decline,
        &at(&third, "decline"),
        Some(json!({"reason": "Again."})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        decline,
        "/api/project-requests/none/decline",
        Some(json!({"reason": "x"})),
        None,
        404,
    )
    .await;
    // Access requests: support has no role on production; the
    // organisation admin grants or declines.
    let access = "/api/projects/{id}/access";
    api.call(
        M::GET,
        access,
        &format!("/api/projects/{PROD_US}/access"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        access,
        &format!("/api/projects/{UNKNOWN}/access"),
        None,
        None,
        404,
    )
    .await;
    api.call(M::GET, access, "/api/projects/nope/access", None, None, 400)
        .await;
    let ask = "/api/projects/{id}/access-requests";
    let asking = format!("/api/projects/{PROD_US}/access-requests");
    let asked = api
        .call(
            M::POST,
            ask,
            &asking,
            Some(json!({"role": "read_only"})),
            None,
            201,
        )
        .await;
    api.call(
        M::POST,
        ask,
        &asking,
        Some(json!({"role": "admin"})),
        None,
        409,
    )
    .await;
    api.call(M::POST, ask, &asking, Some(json!({"role": 1})), None, 400)
        .await;
    let long = json!({"role": "admin", "note": "x".repeat(1001)});
    api.call(M::POST, ask, &asking, Some(long), None, 422).await;
    api.call(
        M::POST,
        ask,
        &format!("/api/projects/{UNKNOWN}/access-requests"),
        Some(json!({"role": "admin"})),
        None,
        404,
    )
    .await;
    let grant = "/api/access-requests/{id}/grant";
    let decline_access = "/api/access-requests/{id}/decline";
    let cancel_access = "/api/access-requests/{id}/cancel";
    let on = |r: &Value, action: &str| {
        format!(
            "/api/access-requests/{}/{action}",
            r["id"].as_str().unwrap()
        )
    };
    api.call(
        M::POST,
        grant,
        &on(&asked, "grant"),
        Some(json!({})),
        None,
        403,
    )
    .await;
    let asked_again = api
        .call(
            M::POST,
            ask,
            &format!("/api/projects/{PROD_EU}/access-requests"),
            Some(json!({"role": "data_admin", "note": "on call"})),
            None,
            201,
        )
        .await;
    api.call(
        M::POST,
        cancel_access,
        &on(&asked_again, "cancel"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        cancel_access,
        &on(&asked_again, "cancel"),
        None,
        None,
        409,
    )
    .await;
    let access_queue = "/api/access-requests";
    api.call(
        M::GET,
        access_queue,
        "/api/access-requests?state=nope",
        None,
        None,
        400,
    )
    .await;
    let support_client = api.client.clone();
    api.client = admin_client.clone();
    let waiting = api
        .call(
            M::GET,
            access_queue,
            "/api/access-requests?state=pending",
            None,
            None,
            200,
        )
        .await;
    assert_eq!(waiting["total"], 1);
    api.call(
        M::POST,
        cancel_access,
        &on(&asked, "cancel"),
        None,
        None,
        404,
    )
    .await;
    let reason = json!({"reason": "x".repeat(1001)});
    api.call(
        M::POST,
        decline_access,
        &on(&asked, "decline"),
        Some(reason),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        grant,
        &on(&asked, "grant"),
        Some(json!({"role": "read_only"})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        grant,
        &on(&asked, "grant"),
        Some(json!({})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        decline_access,
        &on(&asked, "decline"),
        Some(json!({})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        grant,
        "/api/access-requests/nope/grant",
        Some(json!({})),
        None,
        404,
    )
    .await;
    api.call(
        M::POST,
        grant,
        &on(&asked, "grant"),
        Some(json!([])),
        None,
        400,
    )
    .await;
    api.client = support_client;
    let declined = api
        .call(
            M::POST,
            ask,
            &format!("/api/projects/{PROD_EU}/access-requests"),
            Some(json!({"role": "read_only"})),
            None,
            201,
        )
        .await;
    api.client = admin_client.clone();
    api.call(
        M::POST,
        decline_access,
        &on(&declined, "decline"),
        Some(json!({"reason": "Not now."})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        decline_access,
        &on(&declined, "decline"),
        Some(json!({"reason": []})),
        None,
        400,
    )
    .await;

    api.client = admin_client;

    // Signing in and out, and what a session may do.
    api.call(M::GET, "/api/auth/me", "/api/auth/me", None, None, 200)
        .await;
    api.open_stream(None, 200).await;
    let admin = api.client.clone();
    common::add_user(
        &api.config,
        "reader@example.com",
        false,
        &[&format!("{PROD_US}=read_only")],
    )
    .await;
    let mut console = reqwest::header::HeaderMap::new();
    console.insert("x-console-request", "1".parse().unwrap());
    api.client = reqwest::Client::builder()
        .default_headers(console)
        .build()
        .unwrap();
    let login = "/api/auth/login";
    let logout = "/api/auth/logout";
    api.call(M::GET, "/api/auth/me", "/api/auth/me", None, None, 401)
        .await;
    api.open_stream(None, 401).await;
    api.call(M::GET, "/api/projects", "/api/projects", None, None, 401)
        .await;
    api.call(M::POST, login, login, Some(json!({"email": 7})), None, 400)
        .await;
    api.call(
        M::POST,
        login,
        login,
        Some(json!({"email": "", "password": "x"})),
        None,
        422,
    )
    .await;
    let wrong = json!({"email": "nobody@example.com", "password": "wrong password"});
    for _ in 0..5 {
        api.call(M::POST, login, login, Some(wrong.clone()), None, 401)
            .await;
    }
    api.call(M::POST, login, login, Some(wrong), None, 429)
        .await;
    api.call(
        M::POST,
        login,
        login,
        Some(json!({"email": "test-admin@example.com", "password": common::TEST_PASSWORD})),
        None,
        200,
    )
    .await;
    api.call(M::POST, logout, logout, None, None, 204).await;
    api.client = reqwest::Client::new();
    let cookie =
        common::session_cookie(&api.base, "test-admin@example.com", common::TEST_PASSWORD).await;
    let mut cookie_only = reqwest::header::HeaderMap::new();
    cookie_only.insert("cookie", cookie.parse().unwrap());
    api.client = reqwest::Client::builder()
        .default_headers(cookie_only)
        .build()
        .unwrap();
    api.call(M::POST, logout, logout, None, None, 403).await;
    api.call(
        M::PATCH,
        one,
        &p,
        Some(json!({"name": "Not sent"})),
        None,
        403,
    )
    .await;
    api.client = common::signed_in(&api.base, "reader@example.com", common::TEST_PASSWORD).await;
    api.call(
        M::PATCH,
        one,
        &p,
        Some(json!({"name": "Renamed by a reader"})),
        None,
        403,
    )
    .await;
    api.call(M::GET, one, &u, None, None, 403).await;

    // The activity log, as a member of one project reads it.
    let activity = "/api/projects/{id}/activity";
    let activity_csv = "/api/projects/{id}/activity/export";
    let org_activity = "/api/activity";
    let org_csv = "/api/activity/export";
    api.call(
        M::GET,
        activity,
        &format!("{p}/activity?action=project.renamed"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        activity_csv,
        &format!("{p}/activity/export"),
        None,
        None,
        200,
    )
    .await;
    api.call(M::GET, activity, &format!("{u}/activity"), None, None, 403)
        .await;
    api.call(M::GET, activity, &format!("{x}/activity"), None, None, 404)
        .await;
    api.call(
        M::GET,
        activity,
        &format!("{p}/activity?from=soon"),
        None,
        None,
        400,
    )
    .await;
    api.call(M::GET, org_activity, org_activity, None, None, 403)
        .await;
    api.call(M::GET, org_csv, org_csv, None, None, 403).await;
    let members = "/api/members";
    let member = "/api/members/{user_id}";
    let renew = "/api/members/{user_id}/invitation";
    api.call(M::GET, members, members, None, None, 403).await;

    // Members, as an organisation admin manages them.
    api.client = admin;
    api.call(
        M::GET,
        org_activity,
        "/api/activity?actor=test",
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        org_activity,
        "/api/activity?to=2026-02-30",
        None,
        None,
        400,
    )
    .await;
    api.call(
        M::GET,
        org_csv,
        "/api/activity/export?action=member.invited",
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        members,
        "/api/members?search=example",
        None,
        None,
        200,
    )
    .await;
    api.call(M::GET, members, "/api/members?page=0", None, None, 400)
        .await;
    let invite = json!({
        "email": "new.person@example.com",
        "name": "New Person",
        "roles": [{"project_id": PROD_US, "role": "read_only"}],
    });
    let invited = api
        .call(M::POST, members, members, Some(invite.clone()), None, 201)
        .await;
    api.call(M::POST, members, members, Some(invite), None, 409)
        .await;
    api.call(
        M::POST,
        members,
        members,
        Some(json!({"email": "x", "name": ""})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        members,
        members,
        Some(json!({"email": 1})),
        None,
        400,
    )
    .await;
    let id = invited["member"]["id"].as_str().unwrap().to_string();
    let token = |invitation: &Value| {
        invitation["set_password_path"]
            .as_str()
            .unwrap()
            .split_once("#token=")
            .unwrap()
            .1
            .to_string()
    };
    let first = token(&invited);
    let m = format!("/api/members/{id}");
    api.call(M::GET, member, &m, None, None, 200).await;
    api.call(M::GET, member, "/api/members/nobody", None, None, 404)
        .await;
    let promote = json!({"roles": [{"project_id": PROD_US, "role": "admin"}]});
    api.call(M::PATCH, member, &m, Some(promote), None, 200)
        .await;
    let nowhere = json!({"roles": [{"project_id": UNKNOWN, "role": "admin"}]});
    api.call(M::PATCH, member, &m, Some(nowhere), None, 422)
        .await;
    api.call(M::PATCH, member, &m, Some(json!({"name": 5})), None, 400)
        .await;
    api.call(
        M::PATCH,
        member,
        "/api/members/nobody",
        Some(json!({})),
        None,
        404,
    )
    .await;
    let renewed = api
        .call(M::POST, renew, &format!("{m}/invitation"), None, None, 200)
        .await;
    api.call(
        M::POST,
        renew,
        "/api/members/nobody/invitation",
        None,
        None,
        404,
    )
    .await;
    let second = token(&renewed);
    let lookup = "/api/auth/invitation";
    let set = "/api/auth/set-password";
    // The invited person's browser: no session of its own.
    let admin = std::mem::replace(&mut api.client, {
        let mut console = reqwest::header::HeaderMap::new();
        console.insert("x-console-request", "1".parse().unwrap());
        reqwest::Client::builder()
            .default_headers(console)
            .build()
            .unwrap()
    });
    api.call(
        M::POST,
        lookup,
        lookup,
        Some(json!({"token": first})),
        None,
        404,
    )
    .await;
    api.call(
        M::POST,
        lookup,
        lookup,
        Some(json!({"token": second})),
        None,
        200,
    )
    .await;
    api.call(M::POST, lookup, lookup, Some(json!({})), None, 400)
        .await;
    api.call(
        M::POST,
        set,
        set,
        Some(json!({"token": second, "password": "short"})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        set,
        set,
        Some(json!({"token": second, "password": "a long new password"})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        set,
        set,
        Some(json!({"token": second, "password": "a long new password"})),
        None,
        404,
    )
    .await;
    api.call(M::POST, set, set, Some(json!([])), None, 400)
        .await;
    api.client = admin;
    api.call(M::POST, renew, &format!("{m}/invitation"), None, None, 409)
        .await;
    api.call(M::DELETE, member, &m, None, None, 204).await;
    api.call(M::DELETE, member, &m, None, None, 404).await;
    // The last organisation admin who can sign in stays one.
    let admins = api
        .call(
            M::GET,
            members,
            "/api/members?search=admin%40example.com",
            None,
            None,
            200,
        )
        .await;
    let other = admins["result"][0]["id"].as_str().unwrap().to_string();
    api.call(
        M::PATCH,
        member,
        &format!("/api/members/{other}"),
        Some(json!({"organisation_admin": false})),
        None,
        200,
    )
    .await;
    let me = api
        .call(M::GET, "/api/auth/me", "/api/auth/me", None, None, 200)
        .await;
    let mine = format!("/api/members/{}", me["user"]["id"].as_str().unwrap());
    api.call(
        M::PATCH,
        member,
        &mine,
        Some(json!({"organisation_admin": false})),
        None,
        409,
    )
    .await;
    api.call(M::DELETE, member, &mine, None, None, 409).await;

    // Connectors: the catalog, and a project's sources.
    api.call(
        M::GET,
        "/api/connectors",
        "/api/connectors?kind=source",
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        "/api/connectors",
        "/api/connectors?kind=x",
        None,
        None,
        400,
    )
    .await;
    let kinds = "/api/projects/{id}/{kind}";
    let sources = format!("/api/projects/{PROD_US}/sources");
    api.call(M::GET, kinds, &sources, None, None, 200).await;
    api.call(
        M::GET,
        kinds,
        &format!("{sources}?sort=latency"),
        None,
        None,
        400,
    )
    .await;
    let source = json!({
        "name": "contract-source",
        "connector": "postgresql",
        "config": {
            "database.hostname.user.defined": "db.example.com",
            "database.user": "capture",
            "database.password": "contract-password",
            "database.dbname": "orders",
            "schema.include.list": "public",
            "table.include.list.user.defined": "public.orders"
        }
    });
    let created = api
        .call(M::POST, kinds, &sources, Some(source.clone()), None, 201)
        .await;
    api.call(M::POST, kinds, &sources, Some(source.clone()), None, 409)
        .await;
    api.call(
        M::POST,
        kinds,
        &sources,
        Some(json!({"name": "x", "connector": "postgresql", "config": {"nope": 1}})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        kinds,
        &format!("/api/projects/{STAGING_EU_UNAVAILABLE}/sources"),
        Some(source),
        None,
        409,
    )
    .await;
    let one = "/api/projects/{id}/{kind}/{connector_id}";
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("{sources}/{id}");
    api.call(M::GET, one, &path, None, None, 200).await;
    api.call(
        M::GET,
        one,
        &format!("{sources}/{UNKNOWN}"),
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::PATCH,
        one,
        &path,
        Some(json!({"name": "contract-renamed"})),
        None,
        200,
    )
    .await;
    api.call(
        M::PATCH,
        one,
        &path,
        Some(json!({"tags": ["a b"]})),
        None,
        422,
    )
    .await;
    let action = "/api/projects/{id}/{kind}/{connector_id}/{action}";
    api.call(M::POST, action, &format!("{path}/pause"), None, None, 200)
        .await;
    api.call(M::POST, action, &format!("{path}/restart"), None, None, 404)
        .await;
    let bulk = "/api/projects/{id}/{kind}/bulk";
    api.call(
        M::POST,
        bulk,
        &format!("{sources}/bulk"),
        Some(json!({"action": "resume", "ids": [id, UNKNOWN]})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        bulk,
        &format!("{sources}/bulk"),
        Some(json!({"action": "resume", "ids": []})),
        None,
        422,
    )
    .await;
    // Export, then import what was exported.
    let export = "/api/projects/{id}/connectors/export";
    let file = api
        .call(
            M::GET,
            export,
            &format!("/api/projects/{PROD_US}/connectors/export?kind=source"),
            None,
            None,
            200,
        )
        .await;
    api.call(
        M::GET,
        export,
        &format!("/api/projects/{PROD_US}/connectors/export?ids=nope"),
        None,
        None,
        400,
    )
    .await;
    let import = "/api/projects/{id}/connectors/import";
    let file = file.to_string();
    api.call(
        M::POST,
        import,
        &format!("/api/projects/{DEV_EU}/connectors/import"),
        Some(json!({"file": file, "dry_run": true})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        import,
        &format!("/api/projects/{PROD_US}/connectors/import"),
        Some(json!({"file": file})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        import,
        &format!("/api/projects/{DEV_EU}/connectors/import"),
        Some(json!({"file": "{}"})),
        None,
        422,
    )
    .await;
    api.call(
        M::POST,
        import,
        &format!("/api/projects/{DEV_EU}/connectors/import"),
        Some(json!({"file": "x".repeat(3 * 1024 * 1024)})),
        None,
        413,
    )
    .await;
    api.call(M::DELETE, one, &path, None, None, 204).await;
    api.call(M::DELETE, one, &path, None, None, 404).await;

    // Pipelines and topics.
    let pipelines = "/api/projects/{id}/pipelines";
    let listed = api
        .call(
            M::GET,
            pipelines,
            &format!("{p}/pipelines?sort=lag"),
            None,
            None,
            200,
        )
        .await;
    api.call(
        M::GET,
        pipelines,
        &format!("{p}/pipelines?sort=volume"),
        None,
        None,
        400,
    )
    .await;
    let first = listed["result"][0].clone();
    let pipeline = json!({
        "name": "contract-pipeline",
        "source": {"id": first["source"]["id"], "topics": [first["topics"][0]]},
        "destination": {"id": first["destination"]["id"]},
    });
    let made = api
        .call(
            M::POST,
            pipelines,
            &format!("{p}/pipelines"),
            Some(pipeline.clone()),
            None,
            201,
        )
        .await;
    api.call(
        M::POST,
        pipelines,
        &format!("{p}/pipelines"),
        Some(pipeline.clone()),
        None,
        409,
    )
    .await;
    api.call(M::POST, pipelines, &format!("{p}/pipelines"), Some(json!({"name": "", "source": {"id": UNKNOWN, "topics": []}, "destination": {"id": UNKNOWN}})), None, 422)
        .await;
    let one_pipeline = "/api/projects/{id}/pipelines/{pipeline_id}";
    let pid = made["id"].as_str().unwrap().to_string();
    let ppath = format!("{p}/pipelines/{pid}");
    api.call(M::GET, one_pipeline, &ppath, None, None, 200)
        .await;
    api.call(
        M::GET,
        one_pipeline,
        &format!("{p}/pipelines/{UNKNOWN}"),
        None,
        None,
        404,
    )
    .await;
    api.call(
        M::PATCH,
        one_pipeline,
        &ppath,
        Some(json!({"tags": ["x"]})),
        None,
        200,
    )
    .await;
    api.call(
        M::PATCH,
        one_pipeline,
        &ppath,
        Some(json!({"topics": ["nope"]})),
        None,
        422,
    )
    .await;
    let pipeline_action = "/api/projects/{id}/pipelines/{pipeline_id}/{action}";
    api.call(
        M::POST,
        pipeline_action,
        &format!("{ppath}/pause"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        pipeline_action,
        &format!("{ppath}/restart"),
        None,
        None,
        404,
    )
    .await;
    let pipeline_metrics = "/api/projects/{id}/pipelines/{pipeline_id}/metrics";
    api.call(
        M::GET,
        pipeline_metrics,
        &format!("{ppath}/metrics?window=7d"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        pipeline_metrics,
        &format!("{ppath}/metrics?window=2d"),
        None,
        None,
        400,
    )
    .await;
    let pipeline_logs = "/api/projects/{id}/pipelines/{pipeline_id}/logs";
    api.call(
        M::GET,
        pipeline_logs,
        &format!("{ppath}/logs?level=info"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        pipeline_logs,
        &format!("{ppath}/logs?level=debug"),
        None,
        None,
        400,
    )
    .await;
    let pipeline_bulk = "/api/projects/{id}/pipelines/bulk";
    api.call(
        M::POST,
        pipeline_bulk,
        &format!("{p}/pipelines/bulk"),
        Some(json!({"action": "resume", "ids": [pid, UNKNOWN]})),
        None,
        200,
    )
    .await;
    api.call(
        M::POST,
        pipeline_bulk,
        &format!("{p}/pipelines/bulk"),
        Some(json!({"action": "resume", "ids": []})),
        None,
        422,
    )
    .await;
    api.call(M::DELETE, one_pipeline, &ppath, None, None, 204)
        .await;
    api.call(M::DELETE, one_pipeline, &ppath, None, None, 404)
        .await;
    let topics = "/api/projects/{id}/topics";
    let topic_list = api
        .call(
            M::GET,
            topics,
            &format!("{p}/topics?include_dlq=true"),
            None,
            None,
            200,
        )
        .await;
    api.call(
        M::GET,
        topics,
        &format!("{p}/topics?page_size=7"),
        None,
        None,
        400,
    )
    .await;
    api.call(
        M::POST,
        topics,
        &format!("{p}/topics"),
        Some(json!({"topic_name": "contract.topic"})),
        None,
        201,
    )
    .await;
    api.call(
        M::POST,
        topics,
        &format!("{p}/topics"),
        Some(json!({"topic_name": "contract.topic"})),
        None,
        409,
    )
    .await;
    api.call(
        M::POST,
        topics,
        &format!("{p}/topics"),
        Some(json!({"topic_name": "a b"})),
        None,
        422,
    )
    .await;
    let one_topic = "/api/projects/{id}/topics/{name}";
    let source_topic = topic_list["result"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    api.call(
        M::GET,
        one_topic,
        &format!("{p}/topics/contract.topic"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::DELETE,
        one_topic,
        &format!("{p}/topics/{source_topic}"),
        None,
        None,
        409,
    )
    .await;
    api.call(
        M::DELETE,
        one_topic,
        &format!("{p}/topics/contract.topic"),
        None,
        None,
        204,
    )
    .await;
    api.call(
        M::GET,
        one_topic,
        &format!("{p}/topics/contract.topic"),
        None,
        None,
        404,
    )
    .await;
    let topic_metrics = "/api/projects/{id}/topics/{name}/metrics";
    api.call(
        M::GET,
        topic_metrics,
        &format!("{p}/topics/{source_topic}/metrics?window=1h"),
        None,
        None,
        200,
    )
    .await;
    api.call(
        M::GET,
        topic_metrics,
        &format!("{p}/topics/none/metrics"),
        None,
        None,
        404,
    )
    .await;

    // Every documented endpoint was called, and nothing answered that the
    // document does not have.
    let called: BTreeSet<(String, String)> = api
        .seen
        .iter()
        .map(|(m, p, _)| (m.clone(), p.clone()))
        .collect();
    assert_eq!(called, documented);
    // The error body's schema is the one the server sends.
    let error = &api.doc["components"]["schemas"]["ErrorDetail"];
    for field in ["code", "message", "field"] {
        assert!(error["properties"][field].is_object(), "{field}");
    }
    assert!(api.doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(api.doc["components"]["securitySchemes"]["session"].is_object());
}
