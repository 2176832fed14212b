//! Signing in, sessions and roles, over real HTTP against a real SQLite
//! file seeded with the demo organisation and its users.

use api_server::db::seed::DEMO_PASSWORD;
use api_types::{ErrorBody, ListResponse, Me, ProjectSummary, RoleKey};
use common::{serve, signed_in, test_config};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

mod common;
use common::{error_message, DEV_EU, PROD_US, STAGING_US};

struct Server {
    base: String,
    config: api_server::Config,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        Self {
            base,
            config,
            _dir: dir,
        }
    }

    async fn as_user(&self, email: &str) -> Client {
        signed_in(&self.base, email, DEMO_PASSWORD).await
    }

    async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        Client::new()
            .post(format!("{}/api/auth/login", self.base))
            .header("x-console-request", "1")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }
}

async fn send(
    client: &Client,
    method: Method,
    url: String,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut request = client.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let res = request.send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

/// Every endpoint but health, the OpenAPI document, the sign-in and the
/// token exchange, with a body where it takes one.
fn private_endpoints() -> Vec<(Method, String, Option<Value>)> {
    let p = format!("/api/projects/{DEV_EU}");
    vec![
        (Method::GET, "/api/auth/me".into(), None),
        (Method::GET, "/api/projects".into(), None),
        (Method::GET, p.clone(), None),
        (
            Method::PATCH,
            p.clone(),
            Some(json!({"name": "Development-EU"})),
        ),
        (Method::GET, format!("{p}/client-credentials"), None),
        (
            Method::POST,
            format!("{p}/client-credentials"),
            Some(json!({"description": "t", "role_ids": ["read_only"]})),
        ),
        (
            Method::DELETE,
            format!("{p}/client-credentials/00000000-0000-4000-8000-000000000000"),
            None,
        ),
        (
            Method::POST,
            format!("{p}/client-credentials/00000000-0000-4000-8000-000000000000/rotate"),
            None,
        ),
        (Method::GET, format!("{p}/kafka-access"), None),
        (Method::GET, format!("{p}/kafka-users"), None),
        (
            Method::POST,
            format!("{p}/kafka-users"),
            Some(json!({"username": "role-test", "password": "a-long-password-1"})),
        ),
        (
            Method::PUT,
            format!("{p}/kafka-users/role-test"),
            Some(json!({"whitelist_ips": ""})),
        ),
        (Method::DELETE, format!("{p}/kafka-users/role-test"), None),
    ]
}

#[tokio::test]
async fn without_a_session_every_private_endpoint_answers_401() {
    let server = Server::start().await;
    let mut console = reqwest::header::HeaderMap::new();
    console.insert("x-console-request", "1".parse().unwrap());
    let anonymous = Client::builder().default_headers(console).build().unwrap();
    for (method, path, body) in private_endpoints() {
        let (status, text) = send(
            &anonymous,
            method.clone(),
            format!("{}{path}", server.base),
            body,
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {text}");
        assert_eq!(
            error_message(&text),
            "Sign in to continue.",
            "{method} {path}"
        );
    }
    for open in ["/api/health", "/api/openapi.json"] {
        let (status, _) = send(
            &anonymous,
            Method::GET,
            format!("{}{open}", server.base),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{open}");
    }
}

#[tokio::test]
async fn each_role_may_do_what_it_allows_and_gets_403_otherwise() {
    let server = Server::start().await;
    // (user, may read, may manage access, may rename) on DEV_EU.
    let cases = [
        ("admin@example.com", true, true, true),
        ("data-admin@example.com", true, true, false),
        ("read-only@example.com", true, false, false),
    ];
    for (email, _, manage, rename) in cases {
        let client = server.as_user(email).await;
        for (method, path, body) in private_endpoints() {
            let (status, text) = send(
                &client,
                method.clone(),
                format!("{}{path}", server.base),
                body,
            )
            .await;
            let changes_project = method == Method::PATCH;
            let changes_access = method != Method::GET && !changes_project;
            let allowed = if changes_project {
                rename
            } else if changes_access {
                manage
            } else {
                true
            };
            if allowed {
                // The made-up token id gets past the role check to the
                // token's own 404; an unrouted path would say otherwise.
                let no_such_token = status == StatusCode::NOT_FOUND
                    && path.contains("/client-credentials/")
                    && error_message(&text).starts_with("This project has no API token");
                assert!(
                    status.is_success() || no_such_token,
                    "{email} {method} {path}: {status} {text}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{email} {method} {path}: {text}"
                );
                let message = error_message(&text);
                assert!(
                    message.starts_with("Your role on Development-EU"),
                    "{email} {method} {path}: {message}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_data_admin_cannot_mint_an_admin_token() {
    let server = Server::start().await;
    let client = server.as_user("data-admin@example.com").await;
    let url = format!("{}/api/projects/{DEV_EU}/client-credentials", server.base);
    let (status, text) = send(
        &client,
        Method::POST,
        url.clone(),
        Some(json!({"description": "too much", "role_ids": ["admin"]})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    let (status, text) = send(
        &client,
        Method::POST,
        url,
        Some(json!({"description": "fine", "role_ids": ["data_admin", "read_only"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
}

#[tokio::test]
async fn projects_without_membership_are_listed_locked_and_refused() {
    let server = Server::start().await;
    let client = server.as_user("developer@example.com").await;
    let list: ListResponse<ProjectSummary> = client
        .get(format!("{}/api/projects?page_size=100", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.total, 14, "every project is listed");
    for p in &list.result {
        let production = p.environment.as_str() == "production";
        assert_eq!(p.locked(), production, "{}", p.name);
        if p.locked() {
            assert_eq!(
                (p.cloud, &p.region, p.created_at),
                (None, &None, None),
                "{}",
                p.name
            );
        }
    }
    let staging = list
        .result
        .iter()
        .find(|p| p.id.as_str() == STAGING_US)
        .unwrap();
    assert_eq!(staging.role, Some(RoleKey::DataAdmin));
    // The raw answer carries no detail of a locked project.
    let raw = client
        .get(format!(
            "{}/api/projects?partial_name=Production-US-East",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("us-east-1") && !raw.contains("9092"), "{raw}");
    // A cloud filter cannot reveal a locked project's cloud.
    let aws: ListResponse<ProjectSummary> = client
        .get(format!(
            "{}/api/projects?cloud=AWS&page_size=100",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(aws.result.iter().all(|p| !p.locked()));

    for path in ["", "/client-credentials", "/kafka-access", "/kafka-users"] {
        let (status, text) = send(
            &client,
            Method::GET,
            format!("{}/api/projects/{PROD_US}{path}", server.base),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            error_message(&text),
            "You don't have access to Production-US-East; ask an Admin of that project."
        );
    }
    let me: Me = client
        .get(format!("{}/api/auth/me", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.user.email, "developer@example.com");
    assert!(!me.organisation_admin);
    assert_eq!(
        me.role_on(&api_types::ProjectId::parse(PROD_US).unwrap()),
        None
    );
    assert_eq!(
        me.role_on(&api_types::ProjectId::parse(DEV_EU).unwrap()),
        Some(RoleKey::Admin)
    );
}

#[tokio::test]
async fn signing_in_and_out() {
    let server = Server::start().await;
    // The same refusal whether the account exists or not.
    let unknown = server.login("nobody@example.com", DEMO_PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let unknown = error_message(&unknown.text().await.unwrap());
    let wrong = server.login("admin@example.com", "not the password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_message(&wrong.text().await.unwrap()), unknown);

    let malformed = server.login("not an address", "whatever").await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = malformed.json().await.unwrap();
    assert_eq!(body.error.field.as_deref(), Some("email"));

    let empty = server.login("admin@example.com", "").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = empty.json().await.unwrap();
    assert_eq!(body.error.field.as_deref(), Some("password"));

    // Email case does not matter; the cookie is HttpOnly and SameSite=Strict.
    let ok = server.login("Admin@Example.com", DEMO_PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let set_cookie = ok.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in [
        "tributary_session=ses_",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    let body = ok.text().await.unwrap();
    assert!(
        !body.contains("argon2") && !body.contains("password"),
        "{body}"
    );
    let me: Me = serde_json::from_str(&body).unwrap();
    assert!(me.organisation_admin);

    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let with_cookie = |headers: &[(&'static str, &str)]| {
        let mut map = reqwest::header::HeaderMap::new();
        map.insert("cookie", cookie.parse().unwrap());
        for (k, v) in headers {
            map.insert(*k, v.parse().unwrap());
        }
        Client::builder().default_headers(map).build().unwrap()
    };
    let client = with_cookie(&[("x-console-request", "1")]);
    let me_url = format!("{}/api/auth/me", server.base);
    assert_eq!(
        send(&client, Method::GET, me_url.clone(), None).await.0,
        StatusCode::OK
    );

    // A change without the console's header, or from another site, is refused.
    let rename = format!("{}/api/projects/{DEV_EU}", server.base);
    let body = Some(json!({"name": "Forged"}));
    let (status, text) = send(
        &with_cookie(&[]),
        Method::PATCH,
        rename.clone(),
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(error_message(&text).contains("X-Console-Request"), "{text}");
    let cross = with_cookie(&[("x-console-request", "1"), ("sec-fetch-site", "cross-site")]);
    let (status, text) = send(&cross, Method::PATCH, rename.clone(), body.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(error_message(&text).contains("another site"), "{text}");
    let (status, _) = send(
        &with_cookie(&[]),
        Method::POST,
        format!("{}/api/auth/logout", server.base),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a forged sign-out is refused too"
    );
    // A login form posted from another site is refused.
    let forged_login = Client::new()
        .post(format!("{}/api/auth/login", server.base))
        .json(&json!({"email": "admin@example.com", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged_login.status(), StatusCode::FORBIDDEN);

    // Signing out ends the session on the server: the old cookie is dead.
    let out = client
        .post(format!("{}/api/auth/logout", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (status, text) = send(&client, Method::GET, me_url, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error_message(&text).contains("signed out"), "{text}");
}

#[tokio::test]
async fn an_expired_session_is_told_to_sign_in_again() {
    let server = Server::start().await;
    let client = server.as_user("read-only@example.com").await;
    common::sql_batch(
        &server.config.database,
        "UPDATE sessions SET expires_at = 0",
    );
    let (status, text) = send(
        &client,
        Method::GET,
        format!("{}/api/projects", server.base),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_message(&text),
        "Your session has expired. Sign in again."
    );
}

#[tokio::test]
async fn repeated_failures_are_slowed_down_per_account() {
    let server = Server::start().await;
    for _ in 0..api_server::http::limiter::ACCOUNT_FREE {
        let res = server
            .login("read-only@example.com", "guessing wrong")
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let res = server.login("read-only@example.com", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    assert!(error_message(&res.text().await.unwrap()).starts_with("Too many failed sign-ins"));
    // Another account from the same address is not blocked yet.
    assert_eq!(
        server
            .login("developer@example.com", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100 * wait)).await;
    assert_eq!(
        server
            .login("read-only@example.com", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn security_headers_are_on_every_answer() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<html><head><script>window.x = 1;</script></head><body></body></html>",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        static_dir: Some(dist.path().to_path_buf()),
        ..test_config(dir.path())
    };
    let (base, _task) = serve(&config).await;
    for path in [
        "/",
        "/projects/x/dashboard",
        "/api/health",
        "/api/projects",
        "/api/nowhere",
    ] {
        let res = reqwest::get(format!("{base}{path}")).await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains('*'),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        if !path.starts_with("/api") {
            assert!(
                csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"),
                "{csp}"
            );
            assert_eq!(
                h["cache-control"], "no-store",
                "{path}: the page is never kept"
            );
        }
    }
}

#[tokio::test]
async fn operators_add_users_and_set_roles() {
    let server = Server::start().await;
    common::add_user(
        &server.config,
        "ops@example.com",
        false,
        &[&format!("{PROD_US}=read_only"), &format!("{DEV_EU}=admin")],
    )
    .await;
    let client = signed_in(&server.base, "ops@example.com", common::TEST_PASSWORD).await;
    let me: Me = client
        .get(format!("{}/api/auth/me", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.memberships.len(), 2);
    // Taking a role away (the password unchanged) takes effect on the next
    // request, without signing the user out.
    let revoke = api_server::UserArgs {
        roles: vec![format!("{PROD_US}=none")],
        ..common::user_args("ops@example.com")
    };
    api_server::run_user_command(&server.config, &revoke, None)
        .await
        .unwrap();
    let (status, _) = send(
        &client,
        Method::GET,
        format!("{}/api/projects/{PROD_US}", server.base),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A new password signs the user out everywhere.
    let args = api_server::UserArgs {
        password_stdin: true,
        ..common::user_args("ops@example.com")
    };
    api_server::run_user_command(&server.config, &args, Some("another-password-2".into()))
        .await
        .unwrap();
    let (status, text) = send(
        &client,
        Method::GET,
        format!("{}/api/auth/me", server.base),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
    // Bad input is refused with the reason, and changes nothing.
    let bad = api_server::UserArgs {
        roles: vec![format!("{DEV_EU}=owner")],
        ..common::user_args("ops@example.com")
    };
    let error = api_server::run_user_command(&server.config, &bad, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("admin, data_admin, read_only or none"),
        "{error}"
    );
    let short = api_server::UserArgs {
        email: "new@example.com".into(),
        name: Some("New".into()),
        roles: vec![],
        ..bad.clone()
    };
    let error = api_server::run_user_command(&server.config, &short, Some("short".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("at least 12"), "{error}");
    let error = api_server::run_user_command(&server.config, &short, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("needs a password"), "{error}");
}

#[tokio::test]
async fn concurrent_guesses_cannot_outrun_the_limiter() {
    let server = Server::start().await;
    let guesses = (0..12).map(|n| {
        let server = &server;
        async move {
            server
                .login("read-only@example.com", &format!("guess number {n}"))
                .await
                .status()
        }
    });
    let statuses = futures_join_all(guesses).await;
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        refused <= api_server::http::limiter::ACCOUNT_FREE as usize,
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn behind_a_proxy_failures_count_per_forwarded_address() {
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        seed_demo: true,
        behind_proxy: true,
        ..test_config(dir.path())
    };
    let (base, _task) = serve(&config).await;
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let attempt = |from: &'static str| {
        let counter = counter.clone();
        let next = move || counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let base = base.clone();
        async move {
            Client::new()
                .post(format!("{base}/api/auth/login"))
                .header("x-console-request", "1")
                .header("x-forwarded-for", format!("198.51.100.7, {from}"))
                .json(&json!({"email": format!("nobody-{}@example.com", next()), "password": "wrong"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for _ in 0..api_server::http::limiter::ADDRESS_FREE {
        assert_eq!(attempt("203.0.113.1").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attempt("203.0.113.1").await, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is not held up.
    assert_eq!(attempt("203.0.113.2").await, StatusCode::UNAUTHORIZED);
}

/// Runs the futures at once and collects their outputs in order.
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut out = Vec::new();
    // Polled together: each is started before any is awaited to its end.
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.extend(results.into_iter().map(Option::unwrap));
    out
}
