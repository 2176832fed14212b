//! What keeps a leaked or stolen credential from outliving its revocation,
//! and what keeps one client from tying up the server: each rule checked
//! over real HTTP against a real SQLite file, and the races forced at the
//! storage layer, where the steps of an exchange can be interleaved by hand.

use api_server::db::credentials;
use api_server::db::tokens::{self, Issuance, NewPair, Proof, TokenKind};
use api_server::db::Db;
use api_types::{AccessToken, ClientCredentialWithSecret, ErrorBody, ProjectId, RoleKey};
use chrono::{Duration, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod common;
use common::PROD_US;

struct Api {
    base: String,
    admin: Client,
    config: api_server::Config,
    _dir: tempfile::TempDir,
}

impl Api {
    async fn start() -> Self {
        let (base, config, dir) = common::serve_demo().await;
        let admin = common::admin(&config, &base).await;
        Self {
            base,
            admin,
            config,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api{path}", self.base)
    }

    /// Sends `body` to `path` as `client`, or with `bearer` instead;
    /// returns the status and the JSON answer.
    async fn post(&self, path: &str, body: Value, bearer: Option<&str>) -> (StatusCode, Value) {
        let request = match bearer {
            Some(token) => Client::new().post(self.url(path)).bearer_auth(token),
            None => self.admin.post(self.url(path)),
        };
        let res = request.json(&body).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn create_token(&self, body: Value, bearer: Option<&str>) -> ClientCredentialWithSecret {
        let path = format!("/projects/{PROD_US}/client-credentials");
        let (status, answer) = self.post(&path, body, bearer).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        serde_json::from_value(answer).unwrap()
    }

    async fn exchange(&self, token: &ClientCredentialWithSecret) -> AccessToken {
        common::exchange(&self.base, token).await
    }

    async fn refresh(&self, refresh_token: &str) -> (StatusCode, Value) {
        self.post(
            "/auth/access-token/refresh",
            json!({ "refresh_token": refresh_token }),
            None,
        )
        .await
    }

    /// The status of reading the project with `bearer`.
    async fn read_with(&self, bearer: &str) -> StatusCode {
        Client::new()
            .get(self.url(&format!("/projects/{PROD_US}")))
            .bearer_auth(bearer)
            .send()
            .await
            .unwrap()
            .status()
    }
}

fn message(answer: &Value) -> &str {
    answer["error"]["message"].as_str().unwrap_or_default()
}

/// A pair for `client_id`, as the exchange would write it.
fn new_pair(client_id: &str, tag: &str) -> NewPair {
    let now = Utc::now();
    NewPair {
        client_id: client_id.into(),
        project_id: PROD_US.into(),
        roles: vec![RoleKey::Admin],
        access_hash: api_server::secrets::digest(&format!("at_{tag}")),
        access_expires: now + Duration::hours(1),
        refresh_hash: api_server::secrets::digest(&format!("rt_{tag}")),
        refresh_expires: now + Duration::hours(24),
        new_family: format!("family-{tag}"),
    }
}

#[tokio::test]
async fn a_regeneration_between_the_secret_check_and_the_issue_cannot_be_beaten() {
    let api = Api::start().await;
    let token = api
        .create_token(json!({"description": "race", "role_ids": ["admin"]}), None)
        .await;
    let client_id = token.credential.client_id.clone();
    let db = Db::open(api.config.database.clone()).await.unwrap();
    let project = ProjectId::parse(PROD_US).unwrap();

    // The exchange's first step: the old secret is checked against the
    // stored hash and found right.
    let lookup = client_id.clone();
    let (_, checked) = db
        .call(move |conn| credentials::for_exchange(conn, &lookup))
        .await
        .unwrap()
        .unwrap();
    assert!(api_server::secrets::matches(&token.secret, &checked));
    // A regeneration commits before the exchange writes its pair.
    let (key, id) = (client_id.clone(), project.clone());
    db.call(move |conn| {
        credentials::rotate(
            conn,
            &id,
            &key,
            &api_server::secrets::digest("cs_new"),
            &api_server::db::activity::Audit::operator(),
        )
    })
    .await
    .unwrap()
    .unwrap();
    // The exchange's second step is refused: the secret it checked is no
    // longer the token's, and no pair is written.
    let pair = new_pair(&client_id, "late");
    let access_hash = pair.access_hash.clone();
    let outcome = db
        .call(move |conn| tokens::issue_pair(conn, &Proof::Secret(checked), &pair, Utc::now()))
        .await
        .unwrap();
    assert_eq!(outcome, Issuance::Refused);
    let written = db
        .call(move |conn| tokens::find_issued(conn, &access_hash, TokenKind::Access))
        .await
        .unwrap();
    assert!(written.is_none(), "no pair for the old secret");

    // The other order: a pair issued first is revoked by the regeneration.
    let fresh = api
        .create_token(
            json!({"description": "race 2", "role_ids": ["admin"]}),
            None,
        )
        .await;
    let pair = api.exchange(&fresh).await;
    assert_eq!(api.read_with(&pair.access_token).await, StatusCode::OK);
    let rotate = format!(
        "/projects/{PROD_US}/client-credentials/{}/rotate",
        fresh.credential.client_id
    );
    let (status, _) = api.post(&rotate, json!({}), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        api.read_with(&pair.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = api.refresh(&pair.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_refresh_between_a_check_and_a_deletion_cannot_be_beaten_either() {
    let api = Api::start().await;
    let token = api
        .create_token(json!({"description": "race", "role_ids": ["admin"]}), None)
        .await;
    let pair = api.exchange(&token).await;
    let db = Db::open(api.config.database.clone()).await.unwrap();
    // The refresh token was found usable; then its API token is deleted.
    let refresh_hash = api_server::secrets::digest(&pair.refresh_token);
    let (id, key) = (
        ProjectId::parse(PROD_US).unwrap(),
        token.credential.client_id.clone(),
    );
    assert!(db
        .call(move |conn| credentials::delete(
            conn,
            &id,
            &key,
            &api_server::db::activity::Audit::operator()
        ))
        .await
        .unwrap());
    let next = new_pair(&token.credential.client_id, "after-delete");
    let outcome = db
        .call(move |conn| {
            tokens::issue_pair(conn, &Proof::Refresh(refresh_hash), &next, Utc::now())
        })
        .await
        .unwrap();
    assert_eq!(outcome, Issuance::Refused);
}

#[tokio::test]
async fn a_spent_refresh_token_presented_again_revokes_its_whole_chain() {
    let api = Api::start().await;
    let token = api
        .create_token(json!({"description": "chain", "role_ids": ["admin"]}), None)
        .await;
    let first = api.exchange(&token).await;
    // Another chain of the same API token, which must survive.
    let other = api.exchange(&token).await;

    let (status, answer) = api.refresh(&first.refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let second: AccessToken = serde_json::from_value(answer).unwrap();
    let (status, answer) = api.refresh(&second.refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let third: AccessToken = serde_json::from_value(answer).unwrap();
    assert_eq!(api.read_with(&third.access_token).await, StatusCode::OK);

    // The first refresh token again: a thief or a victim holds a copy.
    let (status, answer) = api.refresh(&first.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(message(&answer).contains("already used"), "{answer}");
    assert_eq!(
        api.read_with(&third.access_token).await,
        StatusCode::UNAUTHORIZED,
        "the chain's newest access token is revoked"
    );
    let (status, _) = api.refresh(&third.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "and its refresh token");
    assert_eq!(
        api.read_with(&other.access_token).await,
        StatusCode::OK,
        "another chain is left alone"
    );
}

#[tokio::test]
async fn a_token_created_with_a_token_expires_no_later_than_its_creator() {
    let api = Api::start().await;
    let limit = (Utc::now() + Duration::days(2)).trunc_subsecs_ms();
    let creator = api
        .create_token(
            json!({"description": "expiring", "role_ids": ["admin"], "expires_at": limit}),
            None,
        )
        .await;
    let bearer = api.exchange(&creator).await.access_token;

    // Asked to never expire: it expires with its creator.
    let child = api
        .create_token(
            json!({"description": "child", "role_ids": ["read_only"]}),
            Some(&bearer),
        )
        .await;
    assert_eq!(child.credential.expires_at, Some(limit));
    // Asked to expire later: refused, naming the field.
    let path = format!("/projects/{PROD_US}/client-credentials");
    let later = limit + Duration::days(30);
    let (status, answer) = api
        .post(
            &path,
            json!({"description": "child", "role_ids": ["read_only"], "expires_at": later}),
            Some(&bearer),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "expires_at");
    // Earlier is fine.
    let sooner = limit - Duration::days(1);
    let child = api
        .create_token(
            json!({"description": "child", "role_ids": ["read_only"], "expires_at": sooner}),
            Some(&bearer),
        )
        .await;
    assert_eq!(child.credential.expires_at, Some(sooner));
    // A person in the console is not limited by any token.
    let unlimited = api
        .create_token(json!({"description": "ops", "role_ids": ["admin"]}), None)
        .await;
    assert_eq!(unlimited.credential.expires_at, None);
}

trait Millis {
    fn trunc_subsecs_ms(self) -> Self;
}

impl Millis for chrono::DateTime<Utc> {
    fn trunc_subsecs_ms(self) -> Self {
        chrono::DateTime::from_timestamp_millis(self.timestamp_millis()).unwrap()
    }
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_had() {
    let api = Api::start().await;
    common::add_user(&api.config, "ana@example.com", false, &[]).await;
    let first = common::session_cookie(&api.base, "ana@example.com", common::TEST_PASSWORD).await;
    let res = Client::new()
        .post(api.url("/auth/login"))
        .header("x-console-request", "1")
        .header("cookie", &first)
        .json(&json!({"email": "ana@example.com", "password": common::TEST_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let me = |cookie: String| {
        let url = api.url("/auth/me");
        async move {
            Client::new()
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(me(first).await, StatusCode::UNAUTHORIZED);
    let second = res.headers()["set-cookie"].to_str().unwrap();
    let second = second.split(';').next().unwrap().to_string();
    assert_eq!(me(second).await, StatusCode::OK);
}

#[tokio::test]
async fn oversized_bodies_are_413_and_long_lists_422_before_any_work() {
    let api = Api::start().await;
    let users = format!("/projects/{PROD_US}/kafka-users");
    // Two megabytes of allowed IPs.
    let flood = "10.0.0.0/8,".repeat(200_000);
    let (status, answer) = api
        .post(
            &users,
            json!({"username": "flood", "password": "long-enough-password", "whitelist_ips": flood}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    let body: ErrorBody = serde_json::from_value(answer).unwrap();
    assert_eq!(body.error.field.as_deref(), Some("body"));

    // Within the body limit, but over the list's: refused by length.
    let long = "10.0.0.0/8,".repeat(1_000);
    let (status, answer) = api
        .post(
            &users,
            json!({"username": "flood", "password": "long-enough-password", "whitelist_ips": long}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "whitelist_ips");
    let acl = json!({"resource": "TOPIC", "topic_name": "orders", "resource_pattern_type": "LITERAL", "operation": "READ"});
    let (status, answer) = api
        .post(
            &users,
            json!({"username": "flood", "password": "long-enough-password", "acls": vec![acl; 101]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "acls");

    // Small endpoints take small bodies.
    let (status, _) = api
        .post(
            "/auth/access-token",
            json!({"client_id": "x".repeat(20_000), "secret": "y"}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn expired_rows_are_pruned_in_batches_by_their_expiry_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let now = Utc::now();
    let old = (now - Duration::days(3)).timestamp_millis();
    let live = (now + Duration::hours(1)).timestamp_millis();
    let batch = tokens::PRUNE_BATCH;
    db.call(move |conn| {
        let tx = conn.write_tx()?;
        for n in 0..(batch + 10) {
            tx.execute(
                "INSERT INTO issued_tokens (token_hash, kind, client_id, project_id, roles, expires_at) VALUES (?1, 'access', 'c', 'p', 'admin', ?2)",
                api_server::params![format!("old-{n}").into_bytes(), old],
            )?;
        }
        tx.execute(
            "INSERT INTO issued_tokens (token_hash, kind, client_id, project_id, roles, expires_at) VALUES (x'01', 'access', 'c', 'p', 'admin', ?1)",
            api_server::params![live],
        )?;
        tx.commit()?;
        Ok(())
    })
    .await
    .unwrap();
    let first = db
        .call(move |conn| api_server::db::prune_expired(conn, now))
        .await
        .unwrap();
    assert_eq!(first, batch, "one batch at a time");
    let second = db
        .call(move |conn| api_server::db::prune_expired(conn, now))
        .await
        .unwrap();
    assert_eq!(second, 10);
    let (left, plans) = db
        .call(|conn| {
            let left: i64 = conn.query_row(
                "SELECT COUNT(*) FROM issued_tokens",
                api_server::params![],
                |r| r.get(0),
            )?;
            let mut plans = String::new();
            for table in ["issued_tokens", "sessions"] {
                let steps: Vec<String> = conn.query_map(
                    &format!(
                        "EXPLAIN QUERY PLAN SELECT token_hash FROM {table} WHERE expires_at < 1 ORDER BY expires_at LIMIT 5"
                    ),
                    api_server::params![],
                    |row| row.get(3),
                )?;
                for step in steps {
                    plans.push_str(&step);
                    plans.push('\n');
                }
            }
            Ok((left, plans))
        })
        .await
        .unwrap();
    assert_eq!(left, 1, "the live token stays");
    assert!(plans.contains("issued_tokens_by_expiry"), "{plans}");
    assert!(plans.contains("sessions_by_expiry"), "{plans}");
    assert!(!plans.contains("SCAN"), "{plans}");
}

#[tokio::test]
async fn acknowledged_writes_are_synced_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let level: i64 = db
        .call(|conn| conn.query_row("PRAGMA synchronous", api_server::params![], |r| r.get(0)))
        .await
        .unwrap();
    assert_eq!(level, 2, "FULL");
}

#[tokio::test]
async fn names_that_look_the_same_cannot_both_exist() {
    let api = Api::start().await;
    let rename = |name: &str| {
        let body = json!({ "name": name });
        let url = api.url(&format!("/projects/{PROD_US}"));
        let client = api.admin.clone();
        async move {
            let res = client.patch(url).json(&body).send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (status, answer) = rename("Été-analytics").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Another project may not take it in capitals beyond ASCII, with a
    // combining accent, or in full-width letters.
    let other = format!("/projects/{}", "2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63");
    for lookalike in [
        "ÉTÉ-ANALYTICS",
        "E\u{301}te\u{301}-analytics",
        "Été-ａｎａｌｙｔｉｃｓ",
    ] {
        let res = api
            .admin
            .patch(api.url(&other))
            .json(&json!({ "name": lookalike }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT, "{lookalike}");
    }
    // Invisible characters are refused outright.
    let (status, answer) = rename("Été-analytics\u{200B}").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "name");
    // The project itself may change its own capitals.
    let (status, answer) = rename("ÉTÉ-Analytics").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn a_name_pending_for_someone_else_is_refused_without_naming_their_request() {
    let api = Api::start().await;
    common::add_user(&api.config, "ana@example.com", false, &[]).await;
    common::add_user(&api.config, "bo@example.com", false, &[]).await;
    let ana = common::signed_in(&api.base, "ana@example.com", common::TEST_PASSWORD).await;
    let bo = common::signed_in(&api.base, "bo@example.com", common::TEST_PASSWORD).await;
    let request = |name: &str| {
        json!({"name": name, "environment": "development", "cloud": "AWS", "region": "us-east-1",
               "throughput": 100, "throughput_unit": "events_per_second", "connectors": 2})
    };
    let file = |client: &Client, body: Value| {
        let req = client.post(api.url("/project-requests")).json(&body);
        async move {
            let res = req.send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (status, answer) = file(&ana, request("ana-sandbox")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");

    let (status, answer) = file(&bo, request("ANA-sandbox")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(answer["error"]["field"], "name");
    let text = message(&answer).to_lowercase();
    assert!(
        !text.contains("request") && !text.contains("pending"),
        "{text}"
    );
    let (status, answer) = file(&ana, request("ana-sandbox")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        message(&answer).contains("Your pending request"),
        "{answer}"
    );

    // At most ten pending requests each.
    for n in 1..10 {
        let (status, answer) = file(&ana, request(&format!("ana-{n}"))).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let (status, answer) = file(&ana, request("ana-11")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(message(&answer).contains("10 pending"), "{answer}");
    let (status, _) = file(&bo, request("bo-1")).await;
    assert_eq!(status, StatusCode::CREATED, "others are not limited by it");
}

#[tokio::test]
async fn api_answers_carry_their_own_policy_and_refusals_are_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<html><script>1</script></html>").unwrap();
    let config = api_server::Config {
        static_dir: Some(site),
        secure_cookie: true,
        ..common::test_config(dir.path())
    };
    let (base, _task) = common::serve(&config).await;
    let client = Client::new();
    let page = client.get(format!("{base}/projects")).send().await.unwrap();
    let page_policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(page_policy.contains("script-src 'self'"), "{page_policy}");

    let health = client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        health.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(
        health.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    // A change refused for want of the console's header.
    let refused = client
        .post(format!("{base}/api/auth/logout"))
        .header("cookie", "__Host-tributary_session=ses_x")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.headers()["cache-control"], "no-store");
    assert_eq!(
        refused.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn the_operator_command_waits_for_the_server_to_finish_writing() {
    let api = Api::start().await;
    common::add_user(&api.config, "ana@example.com", false, &[]).await;
    // A write by the server holds the lock until the command has met it.
    let location = api.config.database.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut conn = api_server::db::Conn::open(&location).unwrap();
        let tx = conn.write_tx().unwrap();
        tx.execute(
            "UPDATE users SET name = 'Ana' WHERE email = 'ana@example.com'",
            api_server::params![],
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        tx.commit().unwrap();
    });
    locked_rx.recv().unwrap();
    let before = common::write_lock_waits(&api.config.database);
    let args = api_server::UserArgs {
        name: Some("Ana B".into()),
        ..common::user_args("ana@example.com")
    };
    let command = api_server::run_user_command(&api.config, &args, None);
    let release = async {
        // Released only once the command has found the lock taken.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while common::write_lock_waits(&api.config.database) == before {
            assert!(
                std::time::Instant::now() < deadline,
                "the command never met the lock"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        release_tx.send(()).unwrap();
    };
    let (outcome, ()) = tokio::join!(command, release);
    writer.join().unwrap();
    assert!(outcome.is_ok(), "{outcome:?}");
    // The command's change came after the server's, not instead of it.
    let name = common::sql_texts(
        &api.config.database,
        "SELECT name FROM users WHERE email = 'ana@example.com'",
    );
    assert_eq!(name, ["Ana B"]);
}

#[tokio::test]
async fn names_that_already_look_alike_get_keys_when_the_database_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let outcome = db
        .call(|conn| {
            // As before the key existed: two names that look alike.
            conn.execute_batch(
                "DROP INDEX projects_name_key_unique;
                 INSERT INTO projects (id, name, environment, state, cloud, region, kafka_bootstrap_servers, created_at)
                 VALUES ('00000000-0000-4000-8000-000000000001', 'Été', 'production', 'AVAILABLE', 'AWS', 'us-east-1', 'b:9092', 1),
                        ('00000000-0000-4000-8000-000000000002', 'E\u{301}TE\u{301}', 'staging', 'AVAILABLE', 'AWS', 'us-east-1', 'b:9092', 2);",
            )?;
            let tx = conn.write_tx()?;
            api_server::db::projects::fill_name_keys(&tx)?;
            tx.commit()?;
            let keys: Vec<String> = conn.query_map(
                "SELECT name_key FROM projects ORDER BY created_at",
                api_server::params![],
                |r| r.get(0),
            )?;
            let taken = api_server::db::projects::name_taken(conn, "ÉTÉ")?;
            Ok((keys, taken))
        })
        .await
        .unwrap();
    let (keys, taken) = outcome;
    assert_eq!(keys[0], "été", "the oldest keeps the plain key");
    assert_ne!(
        keys[1], keys[0],
        "the other is kept, under a key of its own"
    );
    assert!(taken, "and nobody can take the name again");
}

#[tokio::test]
async fn only_the_constraint_that_means_taken_is_answered_as_taken() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let outcome = db
        .call(|conn| {
            use api_server::db::kafka;
            let project = ProjectId::parse(PROD_US).unwrap();
            conn.execute(
                "INSERT INTO projects (id, name, name_key, environment, state, cloud, region, kafka_bootstrap_servers, created_at)
                 VALUES (?1, 'P', 'p', 'production', 'AVAILABLE', 'AWS', 'us-east-1', 'b:9092', 1)",
                api_server::params![PROD_US],
            )?;
            let user = api_types::KafkaUser {
                username: "orders".into(),
                whitelist_ips: String::new(),
                acls: vec![],
                kafka_proxy_endpoint: "proxy:9092".into(),
                created_at: Utc::now(),
            };
            let operator = api_server::db::activity::Audit::operator();
            let first = kafka::insert(conn, &project, &user, "hash", &operator)?;
            let again = kafka::insert(conn, &project, &user, "hash", &operator)?;
            // Another constraint (no such project) is an error, not "taken".
            let elsewhere = ProjectId::parse("00000000-0000-4000-8000-000000000009").unwrap();
            let orphan = kafka::insert(conn, &elsewhere, &user, "hash", &operator).is_err();
            Ok((first, again, orphan))
        })
        .await
        .unwrap();
    assert_eq!(outcome, (true, false, true));
}
