//! Several server instances on one PostgreSQL database, as a deployment
//! behind a load balancer runs them: what one instance changes, the other
//! answers at once; failed sign-ins are counted together; and when one
//! instance is killed mid-load, the other keeps answering and nothing
//! either acknowledged is lost.
//!
//! These tests need a PostgreSQL server (see `common::POSTGRES_SERVER`).
//! Without one they fail in CI (`CI` set) and are skipped elsewhere. Their
//! names start with `two_instances_`, so that the test command's SQLite
//! pass leaves them to its PostgreSQL pass (`--skip two_instances_`).
#![cfg(unix)]

mod common;

use api_server::db::seed::DEMO_PASSWORD;
use common::{new_postgres_database, postgres_server, PROD_US};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// The PostgreSQL server to run on; `None` when the test should be skipped.
fn server_or_skip(test: &str) -> Option<String> {
    match postgres_server() {
        Some(server) => Some(server),
        None if std::env::var_os("CI").is_some() => panic!(
            "{test} needs PostgreSQL: set {} (the test command does, inside a throwaway cluster)",
            common::POSTGRES_SERVER
        ),
        None => {
            eprintln!(
                "skipped {test}: set {} to run it on PostgreSQL",
                common::POSTGRES_SERVER
            );
            None
        }
    }
}

/// Two apps in this process on one database: each with its own pool and
/// its own copy of the projects catalog, as two instances have.
async fn two_in_process(server: &str) -> (String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        database: new_postgres_database(server),
        seed_demo: true,
        ..common::test_config(dir.path())
    };
    let (a, _) = common::serve(&config).await;
    let (b, _) = common::serve(&config).await;
    (a, b, dir)
}

async fn login(base: &str, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/auth/login"))
        .header("x-console-request", "1")
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn two_instances_see_a_rename_through_either_at_once() {
    let Some(server) = server_or_skip("two_instances_see_a_rename…") else {
        return;
    };
    let (a, b, _dir) = two_in_process(&server).await;
    let admin_a = common::signed_in(&a, "admin@example.com", DEMO_PASSWORD).await;
    let admin_b = common::signed_in(&b, "admin@example.com", DEMO_PASSWORD).await;
    let names = |list: Value| -> Vec<String> {
        list["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let list = |client: reqwest::Client, base: String| async move {
        let res = client
            .get(format!("{base}/api/projects?page_size=100"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()
    };
    // B has read (and kept) the catalog before the change.
    let before = names(list(admin_b.clone(), b.clone()).await);
    assert!(!before.contains(&"Orders-Prod".to_string()));
    let res = admin_a
        .patch(format!("{a}/api/projects/{PROD_US}"))
        .json(&json!({ "name": "Orders-Prod" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let after = names(list(admin_b, b).await);
    assert!(after.contains(&"Orders-Prod".to_string()), "{after:?}");
    assert_eq!(after.len(), before.len());
}

#[tokio::test]
async fn two_instances_count_failed_sign_ins_together() {
    let Some(server) = server_or_skip("two_instances_count_failed_sign_ins…") else {
        return;
    };
    let (a, b, _dir) = two_in_process(&server).await;
    // Five failures allowed per account: three through A, two through B.
    for base in [&a, &a, &a, &b, &b] {
        let res = login(base, "read-only@example.com", "guessing wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth waits, whichever instance it reaches; even with the
    // right password.
    for base in [&a, &b] {
        let res = login(base, "read-only@example.com", DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{base}");
        assert!(res.headers().contains_key("retry-after"));
    }
}

/// The server binary on a database, its log read on a thread.
struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    fn start(database: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_api-server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--seed-demo",
                "--database",
                database,
            ])
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let base = loop {
            let line = lines
                .recv_timeout(Duration::from_secs(30))
                .expect("no 'listening on' line from the server");
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.trim().to_string();
            }
        };
        Self { child, base }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates API tokens through `base` until `stop`; the client ids of those
/// acknowledged (201), and what else came back.
async fn create_tokens(
    client: reqwest::Client,
    base: String,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<String>>>,
) -> Vec<String> {
    let mut other = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let sent = client
            .post(format!("{base}/api/projects/{PROD_US}/client-credentials"))
            .json(&json!({ "description": format!("load {n}"), "role_ids": ["read_only"] }))
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        match sent {
            Ok(res) if res.status() == StatusCode::CREATED => {
                let body: Value = res.json().await.unwrap();
                let id = body["client_id"].as_str().unwrap().to_string();
                acknowledged.lock().unwrap().push(id);
            }
            Ok(res) => other.push(format!("{}", res.status())),
            Err(e) => other.push(format!("no answer: {e}")),
        }
    }
    other
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_one_killed_mid_load_lose_nothing_acknowledged() {
    let Some(server) = server_or_skip("two_instances_one_killed_mid_load…") else {
        return;
    };
    let database = match new_postgres_database(&server) {
        api_server::db::Location::Postgres(url) => url,
        other => unreachable!("{other}"),
    };
    // Both start together on an empty database: the migrations and the
    // demo data are applied once.
    let (a, b) = {
        let (db_a, db_b) = (database.clone(), database.clone());
        let a = std::thread::spawn(move || Instance::start(&db_a));
        let b = std::thread::spawn(move || Instance::start(&db_b));
        (a.join().unwrap(), b.join().unwrap())
    };
    let mut a = a;
    // A session made through A is good on B: sessions live in the database.
    let client = common::signed_in(&a.base, "admin@example.com", DEMO_PASSWORD).await;
    let stop_a = Arc::new(AtomicBool::new(false));
    let stop_b = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut load = Vec::new();
    for i in 0..8 {
        let (base, stop) = if i % 2 == 0 {
            (a.base.clone(), stop_a.clone())
        } else {
            (b.base.clone(), stop_b.clone())
        };
        load.push((
            i % 2 == 0,
            tokio::spawn(create_tokens(
                client.clone(),
                base,
                stop,
                acknowledged.clone(),
            )),
        ));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let before_kill = acknowledged.lock().unwrap().len();
    // SIGKILL: no shutdown, no goodbye to the database.
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop_a.store(true, Ordering::Relaxed);
    let after_kill = acknowledged.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop_b.store(true, Ordering::Relaxed);
    for (through_a, task) in load {
        let other = task.await.unwrap();
        if !through_a {
            assert!(other.is_empty(), "B kept answering: {other:?}");
        }
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(before_kill > 0, "the load ran before the kill");
    assert!(
        acknowledged.len() > after_kill,
        "B went on creating after A was killed"
    );
    // Every token either instance acknowledged is there, read through B.
    let res = client
        .get(format!(
            "{}/api/projects/{PROD_US}/client-credentials",
            b.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let listed = res.text().await.unwrap();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !listed.contains(id.as_str()))
        .collect();
    assert!(missing.is_empty(), "lost: {missing:?}");
    // And the demo organisation was written once.
    let res = client
        .get(format!("{}/api/projects?page_size=100", b.base))
        .send()
        .await
        .unwrap();
    let list: Value = res.json().await.unwrap();
    let total = list["total"].as_u64().unwrap();
    assert_eq!(
        total,
        api_server::db::seed::demo_projects().len() as u64,
        "{list}"
    );
}
