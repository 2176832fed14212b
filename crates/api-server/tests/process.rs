//! The server binary as an operator runs it: it starts, answers, and stops
//! cleanly on Ctrl-C (SIGINT) and SIGTERM, and never logs a secret.
#![cfg(unix)]

use std::io::{BufRead, BufReader};

mod common;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The server binary running on a free port with a demo database, its log
/// read on a thread so that a silent server fails a test instead of
/// hanging it.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// `host:port` it listens on.
    addr: String,
    /// The log lines read so far, up to the one saying where it listens.
    log: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Running {
    fn start(log_level: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_api-server"))
            .args(["--listen", "127.0.0.1:0", "--seed-demo", "--database"])
            .arg(dir.path().join("db.sqlite3"))
            .env("RUST_LOG", log_level)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut log = Vec::new();
        let addr = loop {
            let line = lines
                .recv_timeout(Duration::from_secs(20))
                .expect("no 'listening on' line from the server");
            let found = line
                .split("listening on http://")
                .nth(1)
                .map(|rest| rest.trim().to_string());
            log.push(line);
            if let Some(addr) = found {
                break addr;
            }
        };
        Self {
            child,
            lines,
            addr,
            log,
            _dir: dir,
        }
    }

    fn next_line(&self) -> Result<String, mpsc::RecvTimeoutError> {
        self.lines.recv_timeout(Duration::from_secs(20))
    }
}

fn stops_cleanly_on(signal: &str) {
    let mut server = Running::start("info");
    let addr = server.addr.clone();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::get(format!("http://{addr}/api/health"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);

    let killed = Command::new("kill")
        .args([signal, &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit status after {signal}: {exit:?}");
    let rest: Vec<String> = std::iter::from_fn(|| server.next_line().ok()).collect();
    assert!(rest.iter().any(|l| l.contains("shutting down")), "{rest:?}");
}

#[test]
fn stops_cleanly_on_ctrl_c() {
    stops_cleanly_on("-INT");
}

#[test]
fn stops_cleanly_on_sigterm() {
    stops_cleanly_on("-TERM");
}

/// A connector's database password, as a person would type it.
const CONNECTOR_SECRET: &str = "connector-secret-never-logged";

/// Secrets, passwords and access tokens never reach the log, even at the
/// most detailed level.
#[test]
fn secrets_never_reach_the_log() {
    let mut server = Running::start("trace");
    let addr = server.addr.clone();
    let base = format!("http://{addr}/api/projects/{}", common::PROD_US);
    let password = "kafka-password-never-logged";
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let revealed: Vec<String> = rt.block_on(async {
        let password_of_demo = api_server::db::seed::DEMO_PASSWORD;
        let cookie = common::session_cookie(
            &format!("http://{addr}"),
            "admin@example.com",
            password_of_demo,
        )
        .await;
        let client = common::signed_in(
            &format!("http://{addr}"),
            "admin@example.com",
            password_of_demo,
        )
        .await;
        let origin = format!("http://{addr}");
        let created = common::create_token(&client, &origin, common::PROD_US, &["admin"]).await;
        let secret = created.secret.clone();
        let pair = common::exchange(&origin, &created).await;
        let access = pair.access_token.clone();
        let status = client
            .post(format!("{base}/kafka-users"))
            .bearer_auth(&access)
            .json(&serde_json::json!({"username": "log-test", "password": password}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 201);
        // A connector's secret, on create and on change.
        let created = client
            .post(format!("{base}/sources"))
            .json(&serde_json::json!({
                "name": "log-test-source",
                "connector": "postgresql",
                "config": {
                    "database.hostname.user.defined": "db.example.com",
                    "database.user": "capture",
                    "database.password": CONNECTOR_SECRET,
                    "database.dbname": "orders",
                    "schema.include.list": "public",
                    "table.include.list.user.defined": "public.orders"
                }
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let created: serde_json::Value = created.json().await.unwrap();
        let status = client
            .patch(format!(
                "{base}/sources/{}",
                created["id"].as_str().unwrap()
            ))
            .json(&serde_json::json!({"config": {
                "database.hostname.user.defined": "db.example.com",
                "database.user": "capture",
                "database.password": format!("{CONNECTOR_SECRET}-2"),
                "database.dbname": "orders",
                "schema.include.list": "public",
                "table.include.list.user.defined": "public.orders"
            }}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200);
        // A secret typed while importing connectors from a file.
        let file = client
            .get(format!("{base}/connectors/export?kind=source"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let imported = format!("{CONNECTOR_SECRET}-imported");
        let choices: Vec<serde_json::Value> = (0..serde_json::from_str::<serde_json::Value>(&file)
            .unwrap()["connectors"]
            .as_array()
            .unwrap()
            .len())
            .map(|i| serde_json::json!({"index": i, "name": format!("imported-{i}"), "secrets": {"database.password": imported}}))
            .collect();
        let answer = client
            .post(format!("{base}/connectors/import"))
            .json(&serde_json::json!({"file": file, "choices": choices}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
        vec![
            imported,
            CONNECTOR_SECRET.to_string(),
            secret,
            access,
            pair.refresh_token,
            cookie.split_once('=').unwrap().1.to_string(),
            password_of_demo.to_string(),
        ]
    });
    Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    server.child.wait().unwrap();
    let mut log = std::mem::take(&mut server.log);
    log.extend(std::iter::from_fn(|| {
        server.lines.recv_timeout(Duration::from_secs(5)).ok()
    }));
    assert!(
        log.iter().any(|l| l.contains("API token created")),
        "{log:?}"
    );
    for line in &log {
        assert!(!line.contains(password), "password in the log: {line}");
        for secret in &revealed {
            assert!(!line.contains(secret.as_str()), "secret in the log: {line}");
        }
    }
}
