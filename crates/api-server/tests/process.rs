//! The server binary as an operator runs it: it starts, answers, and stops
//! cleanly on Ctrl-C (SIGINT) and SIGTERM.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn stops_cleanly_on(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_api-server"))
        .args(["--listen", "127.0.0.1:0", "--seed-demo", "--database"])
        .arg(dir.path().join("db.sqlite3"))
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the log on a thread so that a silent server fails the test
    // instead of hanging it.
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_line = || rx.recv_timeout(Duration::from_secs(20));
    let addr = loop {
        let line = next_line().expect("no 'listening on' line from the server");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
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
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit status after {signal}: {exit:?}");
    let rest: Vec<String> = std::iter::from_fn(|| next_line().ok()).collect();
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
