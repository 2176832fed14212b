//! API tokens, access tokens, Kafka users and renaming, over real HTTP
//! against a real SQLite file: every rule at the API boundary, with good
//! and bad values.

use api_server::db::Location;
use api_types::{
    AccessToken, ClientCredential, ClientCredentialWithSecret, ErrorBody, ErrorCode, KafkaAccess,
    KafkaUser, Project,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

mod common;
use common::{PROD_EU, PROD_US, STAGING_EU_UNAVAILABLE, UNKNOWN};

struct Server {
    base: String,
    client: reqwest::Client,
    database: Location,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        let client = common::admin(&config, &base).await;
        Self {
            base: format!("{base}/api"),
            client,
            database: config.database,
            _dir: dir,
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        bearer: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    async fn ok<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        bearer: Option<&str>,
        status: StatusCode,
    ) -> T {
        let res = self.call(method.clone(), path, body, bearer).await;
        let got = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    /// Asserts an error status, its code and field; returns the message.
    async fn refused(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        bearer: Option<&str>,
        status: StatusCode,
        field: Option<&str>,
    ) -> String {
        let res = self.call(method.clone(), path, body, bearer).await;
        assert_eq!(res.status(), status, "{method} {path}");
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(
            body.error.field.as_deref(),
            field,
            "{method} {path}: {}",
            body.error.message
        );
        body.error.message
    }

    async fn create_token(&self, project: &str, roles: &[&str]) -> ClientCredentialWithSecret {
        common::create_token(&self.client, self.origin(), project, roles).await
    }

    async fn exchange(&self, client_id: &str, secret: &str) -> reqwest::Response {
        self.call(
            Method::POST,
            "/auth/access-token",
            Some(json!({"client_id": client_id, "secret": secret})),
            None,
        )
        .await
    }

    async fn access_token(&self, client_id: &str, secret: &str) -> AccessToken {
        let res = self.exchange(client_id, secret).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// The server's address, without `/api`.
    fn origin(&self) -> &str {
        self.base.trim_end_matches("/api")
    }

    fn sql(&self, statement: &str) {
        common::sql_batch(&self.database, statement);
    }
}

fn tokens(project: &str) -> String {
    format!("/projects/{project}/client-credentials")
}

fn users(project: &str) -> String {
    format!("/projects/{project}/kafka-users")
}

#[tokio::test]
async fn the_token_lifecycle_end_to_end() {
    let s = Server::start().await;
    let created = s.create_token(PROD_US, &["read_only", "admin"]).await;
    let c = &created.credential;
    assert!(created.secret.starts_with("cs_") && created.secret.len() > 60);
    assert_eq!(c.description, "test token");
    let roles: Vec<_> = c.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roles, ["Admin", "Read Only"]);
    assert!(c.last_used_at.is_none() && c.expires_at.is_none());

    // The list never carries the secret.
    let res = s.call(Method::GET, &tokens(PROD_US), None, None).await;
    let text = res.text().await.unwrap();
    assert!(!text.contains(&created.secret));
    assert!(!text.contains("secret"), "{text}");
    let listed: Vec<ClientCredential> = serde_json::from_str(&text).unwrap();
    assert_eq!(listed, std::slice::from_ref(c));

    // Exchange, then call the project's API with the bearer token.
    let pair = s.access_token(&c.client_id, &created.secret).await;
    assert_eq!(pair.expires_in, 3600);
    assert!(pair.access_token.starts_with("at_") && pair.refresh_token.starts_with("rt_"));
    let project: Project = s
        .ok(
            Method::GET,
            &format!("/projects/{PROD_US}"),
            None,
            Some(&pair.access_token),
            StatusCode::OK,
        )
        .await;
    assert_eq!(project.name, "Production-US-East");
    let listed: Vec<ClientCredential> = s
        .ok(
            Method::GET,
            &tokens(PROD_US),
            None,
            Some(&pair.access_token),
            StatusCode::OK,
        )
        .await;
    assert!(listed[0].last_used_at.is_some(), "the exchange is recorded");

    // Another project refuses it with 403 and says why.
    let message = s
        .refused(
            Method::GET,
            &format!("/projects/{PROD_EU}"),
            None,
            Some(&pair.access_token),
            StatusCode::FORBIDDEN,
            None,
        )
        .await;
    assert!(
        message.contains(PROD_US) && message.contains(PROD_EU),
        "{message}"
    );
    s.refused(
        Method::GET,
        &users(PROD_EU),
        None,
        Some(&pair.access_token),
        StatusCode::FORBIDDEN,
        None,
    )
    .await;

    // Garbage and a missing scheme are 401s.
    let message = s
        .refused(
            Method::GET,
            &tokens(PROD_US),
            None,
            Some("at_nonsense"),
            StatusCode::UNAUTHORIZED,
            None,
        )
        .await;
    assert!(message.contains("not valid"), "{message}");

    // A refresh token works once.
    let next: AccessToken = s
        .ok(
            Method::POST,
            "/auth/access-token/refresh",
            Some(json!({"refresh_token": pair.refresh_token})),
            None,
            StatusCode::OK,
        )
        .await;
    assert_ne!(next.access_token, pair.access_token);
    let message = s
        .refused(
            Method::POST,
            "/auth/access-token/refresh",
            Some(json!({"refresh_token": pair.refresh_token})),
            None,
            StatusCode::UNAUTHORIZED,
            None,
        )
        .await;
    assert!(message.contains("revoked"), "{message}");

    // Regenerating: the old secret and its access tokens stop working.
    let rotated: ClientCredentialWithSecret = s
        .ok(
            Method::POST,
            &format!("{}/{}/rotate", tokens(PROD_US), c.client_id),
            None,
            None,
            StatusCode::OK,
        )
        .await;
    assert_ne!(rotated.secret, created.secret);
    assert_eq!(rotated.credential.client_id, c.client_id);
    assert_eq!(
        s.exchange(&c.client_id, &created.secret).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let message = s
        .refused(
            Method::GET,
            &tokens(PROD_US),
            None,
            Some(&next.access_token),
            StatusCode::UNAUTHORIZED,
            None,
        )
        .await;
    assert!(message.contains("revoked"), "{message}");
    let fresh = s.access_token(&c.client_id, &rotated.secret).await;

    // Deleting: the token and what it issued stop working.
    let res = s
        .call(
            Method::DELETE,
            &format!("{}/{}", tokens(PROD_US), c.client_id),
            None,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    s.refused(
        Method::GET,
        &tokens(PROD_US),
        None,
        Some(&fresh.access_token),
        StatusCode::UNAUTHORIZED,
        None,
    )
    .await;
    assert_eq!(
        s.exchange(&c.client_id, &rotated.secret).await.status(),
        StatusCode::UNAUTHORIZED
    );
    s.refused(
        Method::DELETE,
        &format!("{}/{}", tokens(PROD_US), c.client_id),
        None,
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
    let listed: Vec<ClientCredential> = s
        .ok(Method::GET, &tokens(PROD_US), None, None, StatusCode::OK)
        .await;
    assert!(listed.is_empty());
}

#[tokio::test]
async fn expired_tokens_are_refused_with_the_reason() {
    let s = Server::start().await;
    let created = s.create_token(PROD_US, &["admin"]).await;
    let pair = s
        .access_token(&created.credential.client_id, &created.secret)
        .await;
    s.sql("UPDATE issued_tokens SET expires_at = 1000");
    let message = s
        .refused(
            Method::GET,
            &tokens(PROD_US),
            None,
            Some(&pair.access_token),
            StatusCode::UNAUTHORIZED,
            None,
        )
        .await;
    assert!(message.contains("expired"), "{message}");
    s.refused(
        Method::POST,
        "/auth/access-token/refresh",
        Some(json!({"refresh_token": pair.refresh_token})),
        None,
        StatusCode::UNAUTHORIZED,
        None,
    )
    .await;

    // An API token past its own expiry cannot be exchanged.
    s.sql("UPDATE client_credentials SET expires_at = 1000");
    let res = s
        .exchange(&created.credential.client_id, &created.secret)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: ErrorBody = res.json().await.unwrap();
    assert!(body.error.message.contains("expired"));
}

#[tokio::test]
async fn roles_limit_what_a_token_may_do() {
    let s = Server::start().await;
    let reader = s.create_token(PROD_US, &["read_only"]).await;
    let reader = s
        .access_token(&reader.credential.client_id, &reader.secret)
        .await;
    let data_admin = s.create_token(PROD_US, &["data_admin"]).await;
    let data_admin = s
        .access_token(&data_admin.credential.client_id, &data_admin.secret)
        .await;
    let user = json!({"username": "orders-app", "password": "a-long-password-1"});

    s.ok::<Vec<KafkaUser>>(
        Method::GET,
        &users(PROD_US),
        None,
        Some(&reader.access_token),
        StatusCode::OK,
    )
    .await;
    let message = s
        .refused(
            Method::POST,
            &users(PROD_US),
            Some(user.clone()),
            Some(&reader.access_token),
            StatusCode::FORBIDDEN,
            None,
        )
        .await;
    assert!(message.contains("Read Only"), "{message}");
    s.ok::<KafkaUser>(
        Method::POST,
        &users(PROD_US),
        Some(user),
        Some(&data_admin.access_token),
        StatusCode::CREATED,
    )
    .await;
    // A Data Admin cannot rename the project.
    let message = s
        .refused(
            Method::PATCH,
            &format!("/projects/{PROD_US}"),
            Some(json!({"name": "X"})),
            Some(&data_admin.access_token),
            StatusCode::FORBIDDEN,
            None,
        )
        .await;
    assert!(message.contains("Data Admin"), "{message}");
}

#[tokio::test]
async fn token_input_is_checked_field_by_field() {
    let s = Server::start().await;
    let path = tokens(PROD_US);
    let cases = [
        (
            json!({"description": "", "role_ids": ["admin"]}),
            "description",
        ),
        (
            json!({"description": "x".repeat(256), "role_ids": ["admin"]}),
            "description",
        ),
        (json!({"description": "ok", "role_ids": []}), "role_ids"),
        (
            json!({"description": "ok", "role_ids": ["owner"]}),
            "role_ids",
        ),
        (
            json!({"description": "ok", "role_ids": ["admin"], "expires_at": "2001-01-01T00:00:00Z"}),
            "expires_at",
        ),
    ];
    for (body, field) in cases {
        s.refused(
            Method::POST,
            &path,
            Some(body),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(field),
        )
        .await;
    }
    // Bodies that are not the expected JSON are 400s naming the field at
    // fault, or the body when no one field is.
    for (body, field) in [
        (json!({"description": "ok"}), "role_ids"),
        (json!([1, 2]), "body"),
        (
            json!({"description": 5, "role_ids": ["admin"]}),
            "description",
        ),
        // A date-time the document's pattern refuses (a space for the T,
        // no offset) is refused, not read loosely.
        (
            json!({"description": "ok", "role_ids": ["admin"], "expires_at": "2030-01-01 00:00:00Z"}),
            "expires_at",
        ),
        (
            json!({"description": "ok", "role_ids": ["admin"], "expires_at": "2030-01-01T00:00:00"}),
            "expires_at",
        ),
    ] {
        s.refused(
            Method::POST,
            &path,
            Some(body),
            None,
            StatusCode::BAD_REQUEST,
            Some(field),
        )
        .await;
    }
    let res = s
        .client
        .post(format!("{}{path}", s.base))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        res.json::<ErrorBody>()
            .await
            .unwrap()
            .error
            .field
            .as_deref(),
        Some("body")
    );
    // Unknown project and malformed id.
    s.refused(
        Method::POST,
        &tokens(UNKNOWN),
        Some(json!({"description": "ok", "role_ids": ["admin"]})),
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
    s.refused(
        Method::GET,
        "/projects/nope/client-credentials",
        None,
        None,
        StatusCode::BAD_REQUEST,
        Some("id"),
    )
    .await;
    s.refused(
        Method::POST,
        &format!("{path}/no-such-client/rotate"),
        None,
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
    // A wrong secret and an unknown client id get the same answer.
    let real = s.create_token(PROD_US, &["admin"]).await;
    let wrong = s.exchange(&real.credential.client_id, "cs_wrong").await;
    let unknown = s.exchange("no-such-client", &real.secret).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<ErrorBody>().await.unwrap(),
        unknown.json::<ErrorBody>().await.unwrap()
    );
}

#[tokio::test]
async fn an_unavailable_project_refuses_changes_with_409() {
    let s = Server::start().await;
    let p = STAGING_EU_UNAVAILABLE;
    let changes = [
        (
            Method::POST,
            tokens(p),
            Some(json!({"description": "ok", "role_ids": ["admin"]})),
        ),
        (
            Method::POST,
            users(p),
            Some(json!({"username": "app", "password": "a-long-password-1"})),
        ),
        (
            Method::PUT,
            format!("{}/app", users(p)),
            Some(json!({"whitelist_ips": ""})),
        ),
        (Method::DELETE, format!("{}/app", users(p)), None),
        (
            Method::PATCH,
            format!("/projects/{p}"),
            Some(json!({"name": "Staging-EU-2"})),
        ),
    ];
    for (method, path, body) in changes {
        let message = s
            .refused(method, &path, body, None, StatusCode::CONFLICT, None)
            .await;
        assert!(message.contains("UNAVAILABLE"), "{message}");
    }
    // Reading still works.
    s.ok::<Vec<ClientCredential>>(Method::GET, &tokens(p), None, None, StatusCode::OK)
        .await;
    let access: KafkaAccess = s
        .ok(
            Method::GET,
            &format!("/projects/{p}/kafka-access"),
            None,
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!((access.sasl_port, access.ssl_port), (9092, 9093));
}

#[tokio::test]
async fn kafka_users_are_created_changed_and_deleted_by_the_rules() {
    let s = Server::start().await;
    let path = users(PROD_US);
    let password = "correct-horse-battery";
    let created: KafkaUser = s
        .ok(
            Method::POST,
            &path,
            Some(json!({
                "username": "orders-app",
                "password": password,
                "whitelist_ips": "203.0.113.0/24, 2001:db8::/32",
                "acls": [
                    {"resource": "TOPIC", "topic_name": "orders.", "resource_pattern_type": "PREFIXED", "operation": "READ"},
                    {"resource": "GROUP", "topic_name": "orders-app", "resource_pattern_type": "LITERAL", "operation": "READ"}
                ]
            })),
            None,
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(created.whitelist_ips, "203.0.113.0/24,2001:db8::/32");
    assert_eq!(created.acls.len(), 2);
    assert!(
        created.kafka_proxy_endpoint.starts_with("proxy."),
        "{}",
        created.kafka_proxy_endpoint
    );

    // The password is never in an answer, and stored only as a hash.
    let text = s
        .call(Method::GET, &path, None, None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !text.contains(password) && !text.contains("password"),
        "{text}"
    );
    let stored = common::sql_texts(&s.database, "SELECT password_hash FROM kafka_users").remove(0);
    assert!(stored.starts_with("$argon2id$") && !stored.contains(password));

    // The same name again is a conflict on the username.
    s.refused(
        Method::POST,
        &path,
        Some(json!({"username": "orders-app", "password": password})),
        None,
        StatusCode::CONFLICT,
        Some("username"),
    )
    .await;

    let bad = [
        (json!({"username": "ab", "password": password}), "username"),
        (
            json!({"username": "Orders", "password": password}),
            "username",
        ),
        (
            json!({"username": "orders_app", "password": password}),
            "username",
        ),
        (
            json!({"username": "x".repeat(25), "password": password}),
            "username",
        ),
        (json!({"username": "app", "password": "short"}), "password"),
        (
            json!({"username": "app", "password": "x".repeat(129)}),
            "password",
        ),
        (
            json!({"username": "app", "password": password, "whitelist_ips": "203.0.113.7"}),
            "whitelist_ips",
        ),
        (
            json!({"username": "app", "password": password, "whitelist_ips": "10.0.0.0/33"}),
            "whitelist_ips",
        ),
        (
            json!({"username": "app", "password": password, "whitelist_ips": (0..80).map(|i| format!("10.0.{i}.0/24")).collect::<Vec<_>>().join(",")}),
            "whitelist_ips",
        ),
        (
            json!({"username": "app", "password": password, "acls": [{"resource": "GROUP", "topic_name": "g", "resource_pattern_type": "LITERAL", "operation": "WRITE"}]}),
            "acls",
        ),
        (
            json!({"username": "app", "password": password, "acls": [{"resource": "TOPIC", "topic_name": "", "resource_pattern_type": "LITERAL", "operation": "READ"}]}),
            "acls",
        ),
    ];
    for (body, field) in bad {
        s.refused(
            Method::POST,
            &path,
            Some(body),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(field),
        )
        .await;
    }
    // An unknown operation or resource is not the expected JSON.
    s.refused(Method::POST, &path, Some(json!({"username": "app", "password": password, "acls": [{"resource": "CLUSTER", "topic_name": "x", "resource_pattern_type": "LITERAL", "operation": "READ"}]})), None, StatusCode::BAD_REQUEST, Some("acls"))
        .await;

    // Edit: new IPs and ACLs, the password kept; then a new password.
    let updated: KafkaUser = s
        .ok(
            Method::PUT,
            &format!("{path}/orders-app"),
            Some(json!({"whitelist_ips": "", "acls": []})),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        (updated.whitelist_ips.as_str(), updated.acls.len()),
        ("", 0)
    );
    assert_eq!(updated.created_at, created.created_at);
    let before = common::sql_texts(&s.database, "SELECT password_hash FROM kafka_users").remove(0);
    assert_eq!(before, stored, "no password given: the old one stays");
    s.refused(
        Method::PUT,
        &format!("{path}/orders-app"),
        Some(json!({"password": "short"})),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("password"),
    )
    .await;
    s.ok::<KafkaUser>(
        Method::PUT,
        &format!("{path}/orders-app"),
        Some(json!({"password": "another-long-password"})),
        None,
        StatusCode::OK,
    )
    .await;
    let after = common::sql_texts(&s.database, "SELECT password_hash FROM kafka_users").remove(0);
    assert_ne!(after, stored);
    s.refused(
        Method::PUT,
        &format!("{path}/nobody"),
        Some(json!({})),
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;

    // Users belong to their project.
    let other: Vec<KafkaUser> = s
        .ok(Method::GET, &users(PROD_EU), None, None, StatusCode::OK)
        .await;
    assert!(other.is_empty());

    let res = s
        .call(Method::DELETE, &format!("{path}/orders-app"), None, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    s.refused(
        Method::DELETE,
        &format!("{path}/orders-app"),
        None,
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
}

#[tokio::test]
async fn renaming_checks_the_name_and_keeps_it_unique() {
    let s = Server::start().await;
    let path = format!("/projects/{PROD_US}");
    let renamed: Project = s
        .ok(
            Method::PATCH,
            &path,
            Some(json!({"name": "  Production-US-East-1 "})),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(renamed.name, "Production-US-East-1");
    let read: Project = s.ok(Method::GET, &path, None, None, StatusCode::OK).await;
    assert_eq!(read.name, "Production-US-East-1");

    let message = s
        .refused(
            Method::PATCH,
            &path,
            Some(json!({"name": "production-eu"})),
            None,
            StatusCode::CONFLICT,
            Some("name"),
        )
        .await;
    assert!(message.contains("production-eu"), "{message}");
    for name in [
        String::new(),
        " ".into(),
        "x".repeat(65),
        "two\nlines".into(),
    ] {
        s.refused(
            Method::PATCH,
            &path,
            Some(json!({ "name": name })),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("name"),
        )
        .await;
    }
    s.refused(
        Method::PATCH,
        &format!("/projects/{UNKNOWN}"),
        Some(json!({"name": "X"})),
        None,
        StatusCode::NOT_FOUND,
        None,
    )
    .await;
    let body: ErrorBody = s
        .call(Method::PATCH, &path, Some(json!({"title": "X"})), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.error.code, ErrorCode::InvalidParameter);
}

#[tokio::test]
async fn a_token_cannot_hand_out_more_than_it_has() {
    let s = Server::start().await;
    let admin = s.create_token(PROD_US, &["admin"]).await;
    let data_admin = s.create_token(PROD_US, &["data_admin"]).await;
    let bearer = s
        .access_token(&data_admin.credential.client_id, &data_admin.secret)
        .await;
    let raw = bearer.access_token.clone();
    let bearer = Some(raw.as_str());

    let message = s
        .refused(
            Method::POST,
            &tokens(PROD_US),
            Some(json!({"description": "x", "role_ids": ["admin"]})),
            bearer,
            StatusCode::FORBIDDEN,
            None,
        )
        .await;
    assert!(message.contains("above their own"), "{message}");
    s.ok::<ClientCredentialWithSecret>(
        Method::POST,
        &tokens(PROD_US),
        Some(json!({"description": "x", "role_ids": ["read_only", "data_admin"]})),
        bearer,
        StatusCode::CREATED,
    )
    .await;
    let admin_path = format!("{}/{}", tokens(PROD_US), admin.credential.client_id);
    s.refused(
        Method::POST,
        &format!("{admin_path}/rotate"),
        None,
        bearer,
        StatusCode::FORBIDDEN,
        None,
    )
    .await;
    s.refused(
        Method::DELETE,
        &admin_path,
        None,
        bearer,
        StatusCode::FORBIDDEN,
        None,
    )
    .await;
    // The organisation's list is not a project's: a token cannot read it.
    let message = s
        .refused(
            Method::GET,
            "/projects",
            None,
            bearer,
            StatusCode::FORBIDDEN,
            None,
        )
        .await;
    assert!(message.contains(PROD_US), "{message}");
    // A 401 names the scheme to use.
    let res = s
        .call(Method::GET, &tokens(PROD_US), None, Some("at_nonsense"))
        .await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let res = s
        .client
        .get(format!("{}{}", s.base, tokens(PROD_US)))
        .header("authorization", format!("bearer {raw}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the scheme is case-insensitive"
    );
}

// On several threads, so that the two refreshes can truly overlap; the
// interleaving the server must survive is forced, without a race, in
// hardening.rs (a deletion between the check and the issue).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_token_wins_once_even_when_raced() {
    let s = Server::start().await;
    let created = s.create_token(PROD_US, &["admin"]).await;
    let pair = s
        .access_token(&created.credential.client_id, &created.secret)
        .await;
    let body = json!({"refresh_token": pair.refresh_token});
    let (a, b) = tokio::join!(
        s.call(
            Method::POST,
            "/auth/access-token/refresh",
            Some(body.clone()),
            None
        ),
        s.call(
            Method::POST,
            "/auth/access-token/refresh",
            Some(body.clone()),
            None
        ),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);

    // After the API token is deleted, a refresh is refused too.
    let other = s
        .access_token(&created.credential.client_id, &created.secret)
        .await;
    s.call(
        Method::DELETE,
        &format!("{}/{}", tokens(PROD_US), created.credential.client_id),
        None,
        None,
    )
    .await;
    s.refused(
        Method::POST,
        "/auth/access-token/refresh",
        Some(json!({"refresh_token": other.refresh_token})),
        None,
        StatusCode::UNAUTHORIZED,
        None,
    )
    .await;
}

#[tokio::test]
async fn access_tokens_never_outlive_their_api_token() {
    let s = Server::start().await;
    let soon = chrono::Utc::now() + chrono::Duration::minutes(30);
    let created: ClientCredentialWithSecret = s
        .ok(
            Method::POST,
            &tokens(PROD_US),
            Some(json!({"description": "short", "role_ids": ["admin"], "expires_at": soon})),
            None,
            StatusCode::CREATED,
        )
        .await;
    let listed: Vec<ClientCredential> = s
        .ok(Method::GET, &tokens(PROD_US), None, None, StatusCode::OK)
        .await;
    assert_eq!(
        listed[0].expires_at, created.credential.expires_at,
        "as stored"
    );
    let pair = s
        .access_token(&created.credential.client_id, &created.secret)
        .await;
    assert!(pair.expires_in <= 1800, "{}", pair.expires_in);
    assert!(pair.expires <= soon);
}

#[tokio::test]
async fn leaked_tokens_can_be_revoked_while_the_project_is_unavailable() {
    let s = Server::start().await;
    let created = s.create_token(PROD_US, &["admin"]).await;
    s.sql(&format!(
        "UPDATE projects SET state = 'UNAVAILABLE' WHERE id = '{PROD_US}'"
    ));
    let path = format!("{}/{}", tokens(PROD_US), created.credential.client_id);
    s.ok::<ClientCredentialWithSecret>(
        Method::POST,
        &format!("{path}/rotate"),
        None,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        s.call(Method::DELETE, &path, None, None).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn an_edit_keeps_what_it_leaves_out() {
    let s = Server::start().await;
    let path = users(PROD_US);
    s.ok::<KafkaUser>(Method::POST, &path, Some(json!({"username": "keeper", "password": "a-long-password-1", "whitelist_ips": "203.0.113.0/24", "acls": [{"resource": "TOPIC", "topic_name": "orders", "resource_pattern_type": "LITERAL", "operation": "READ"}]})), None, StatusCode::CREATED)
        .await;
    let kept: KafkaUser = s
        .ok(
            Method::PUT,
            &format!("{path}/keeper"),
            Some(json!({"password": "another-long-password"})),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(kept.whitelist_ips, "203.0.113.0/24");
    assert_eq!(kept.acls.len(), 1);
}
