//! What the HTTP test files share: a configuration on a free port with a
//! database in a temporary folder, the app served from it, and clients
//! signed in as a user.

#![allow(dead_code)]

use api_server::db::{Conn, Location};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// Demo projects the tests use, by id (see `db::seed`).
pub const PROD_US: &str = "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";
/// Production-EU.
pub const PROD_EU: &str = "2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63";
/// Staging-EU, which is UNAVAILABLE.
pub const STAGING_EU_UNAVAILABLE: &str = "6bcd7cf0-8da0-4fd1-8e79-b0f26d8edfa7";
/// Staging-US.
pub const STAGING_US: &str = "5abc6bef-7c9f-4ec0-9d68-afe15c7dce96";
/// Development-EU.
pub const DEV_EU: &str = "8def9e12-afc2-41f3-8a9b-d2148fa0f1c9";
/// A well-formed id that no project has.
pub const UNKNOWN: &str = "00000000-0000-4000-8000-000000000000";

/// The message of an error answer's body, or the text as it is when it is
/// not one.
pub fn error_message(text: &str) -> String {
    serde_json::from_str::<api_types::ErrorBody>(text)
        .map(|b| b.error.message)
        .unwrap_or_else(|_| text.to_string())
}

/// The password of every user the tests add.
pub const TEST_PASSWORD: &str = "test-password-1";

/// The environment variable that runs the tests on PostgreSQL: the URL of
/// a server, without a database name (`postgres://user:password@host:port`),
/// where each test gets a database of its own. Unset, they run on SQLite.
pub const POSTGRES_SERVER: &str = "CONSOLE_TEST_POSTGRES";

/// The PostgreSQL server the tests run on, if they do.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_SERVER)
        .ok()
        .filter(|url| !url.is_empty())
        .map(|url| url.trim_end_matches('/').to_string())
}

/// A database of the test's own: an SQLite file in `dir`, or a new
/// database on the PostgreSQL server the tests run on.
pub fn test_database(dir: &Path) -> Location {
    match postgres_server() {
        Some(server) => new_postgres_database(&server),
        None => Location::Sqlite(dir.join("console.sqlite3")),
    }
}

/// Creates an empty database on a PostgreSQL server; its location.
pub fn new_postgres_database(server: &str) -> Location {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let admin: Location = format!("{server}/postgres").parse().unwrap();
    sql(&admin, {
        let name = name.clone();
        move |conn| {
            conn.execute_batch(&format!("CREATE DATABASE {name}"))
                .unwrap()
        }
    });
    format!("{server}/{name}").parse().unwrap()
}

/// Runs `f` on a connection of its own to the database at `location`, on a
/// thread of its own (PostgreSQL's client blocks, which the test's async
/// runtime must not), and returns what it returns.
pub fn sql<T: Send + 'static>(
    location: &Location,
    f: impl FnOnce(&mut Conn) -> T + Send + 'static,
) -> T {
    let location = location.clone();
    std::thread::spawn(move || f(&mut Conn::open(&location).unwrap()))
        .join()
        .unwrap()
}

/// Runs statements with no parameters on the database at `location`.
pub fn sql_batch(location: &Location, statements: &str) {
    let statements = statements.to_string();
    sql(location, move |conn| {
        conn.execute_batch(&statements).unwrap()
    });
}

/// The number a query's first column answers (a count, say).
pub fn sql_number(location: &Location, query: &str) -> i64 {
    let query = query.to_string();
    sql(location, move |conn| {
        conn.query_row(&query, api_server::params![], |row| row.get(0))
            .unwrap()
    })
}

/// The text values of a query's first column.
pub fn sql_texts(location: &Location, query: &str) -> Vec<String> {
    let query = query.to_string();
    sql(location, move |conn| {
        conn.query_map(&query, api_server::params![], |row| row.get(0))
            .unwrap()
    })
}

/// How many times, so far, a connection has waited for another's write
/// to finish: SQLite's busy waits in this process, or, on PostgreSQL, the
/// connections waiting now for the lock every write takes.
pub fn write_lock_waits(location: &Location) -> u64 {
    match location {
        Location::Sqlite(_) => api_server::db::lock_waits(),
        Location::Postgres(_) => sql_number(
            location,
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        ) as u64,
    }
}

/// A test configuration: any free port, a database of its own (in `dir`
/// on SQLite), nothing seeded or served besides the API.
pub fn test_config(dir: &Path) -> api_server::Config {
    api_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: test_database(dir),
        static_dir: None,
        seed_demo: false,
        generate_projects: 0,
        secrets_key: None,
        secure_cookie: false,
        behind_proxy: false,
        test_clock: false,
        command: None,
    }
}

/// Builds and serves the app for `config`; returns its base URL and the
/// task serving it.
pub async fn serve(config: &api_server::Config) -> (String, tokio::task::JoinHandle<()>) {
    let app = api_server::build(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(
            api_server::sending_at_once(listener),
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    (format!("http://{addr}"), task)
}

/// Serves the app on a fresh database seeded with the demo organisation
/// and its users; returns its base URL, its configuration and the folder
/// to keep for the test's life.
pub async fn serve_demo() -> (String, api_server::Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        seed_demo: true,
        ..test_config(dir.path())
    };
    let (base, _task) = serve(&config).await;
    (base, config, dir)
}

/// `api-server user --email EMAIL` with no other option: change nothing.
pub fn user_args(email: &str) -> api_server::UserArgs {
    api_server::UserArgs {
        email: email.to_string(),
        name: None,
        password_stdin: false,
        organisation_admin: false,
        no_organisation_admin: false,
        support: false,
        no_support: false,
        roles: vec![],
    }
}

/// Adds (or changes) a user with [`TEST_PASSWORD`] and these
/// `PROJECT_ID=ROLE` roles, as an operator would.
pub async fn add_user(
    config: &api_server::Config,
    email: &str,
    organisation_admin: bool,
    roles: &[&str],
) {
    let args = api_server::UserArgs {
        name: Some(format!("Test {email}")),
        password_stdin: true,
        organisation_admin,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        ..user_args(email)
    };
    api_server::run_user_command(config, &args, Some(TEST_PASSWORD.to_string()))
        .await
        .unwrap();
}

/// The session cookie a sign-in as `email` sets.
pub async fn session_cookie(base: &str, email: &str, password: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/auth/login"))
        .header("x-console-request", "1")
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "signing in as {email}");
    let set = res.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

/// A client that sends the session cookie of `email` and the console's
/// request header, as the console does.
pub async fn signed_in(base: &str, email: &str, password: &str) -> reqwest::Client {
    let cookie = session_cookie(base, email, password).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().unwrap());
    headers.insert("x-console-request", "1".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A client signed in as an organisation admin added for the test.
pub async fn admin(config: &api_server::Config, base: &str) -> reqwest::Client {
    add_user(config, "test-admin@example.com", true, &[]).await;
    signed_in(base, "test-admin@example.com", TEST_PASSWORD).await
}

/// A new API token of `project` with `roles`, created by `client` (signed
/// in) on the server at `base`, with its secret.
pub async fn create_token(
    client: &reqwest::Client,
    base: &str,
    project: &str,
    roles: &[&str],
) -> api_types::ClientCredentialWithSecret {
    let res = client
        .post(format!("{base}/api/projects/{project}/client-credentials"))
        .json(&serde_json::json!({"description": "test token", "role_ids": roles}))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 201, "creating a token: {text}");
    serde_json::from_str(&text).unwrap()
}

/// The access and refresh tokens `token`'s secret is exchanged for.
pub async fn exchange(
    base: &str,
    token: &api_types::ClientCredentialWithSecret,
) -> api_types::AccessToken {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/auth/access-token"))
        .json(&serde_json::json!({
            "client_id": token.credential.client_id,
            "secret": token.secret,
        }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "exchanging a token's secret: {text}");
    serde_json::from_str(&text).unwrap()
}
