//! Live updates (`GET /api/events`): what each user's stream carries, how
//! a reconnect resumes, and when a stream ends.

use api_server::db::seed::DEMO_PASSWORD;
use common::{session_cookie, DEV_EU, PROD_US};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

mod common;

/// One event of a stream: its id and its data (comments are skipped).
#[derive(Debug)]
struct Received {
    id: Option<i64>,
    data: Value,
}

/// A stream being read.
struct Stream {
    res: reqwest::Response,
    buffer: String,
    /// The id of the last frame read, as a browser keeps it.
    last_id: Option<i64>,
}

impl Stream {
    async fn open(
        base: &str,
        cookie: &str,
        last_id: Option<&str>,
    ) -> Result<Self, (StatusCode, Value)> {
        let mut req = reqwest::Client::new()
            .get(format!("{base}/api/events"))
            .header("cookie", cookie);
        if let Some(id) = last_id {
            req = req.header("last-event-id", id);
        }
        let res = req.send().await.unwrap();
        if res.status() != StatusCode::OK {
            let status = res.status();
            return Err((status, res.json().await.unwrap_or(Value::Null)));
        }
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Ok(Self {
            res,
            buffer: String::new(),
            last_id: None,
        })
    }

    /// The next frame with data, within `wait`; `None` if the stream ended.
    /// Panics if none arrives in time.
    async fn next(&mut self, wait: Duration) -> Option<Received> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut data = String::new();
                for line in frame.lines() {
                    if let Some(id) = line.strip_prefix("id: ") {
                        self.last_id = id.parse().ok();
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data.push_str(d);
                    }
                }
                if !data.is_empty() {
                    return Some(Received {
                        id: self.last_id,
                        data: serde_json::from_str(&data).unwrap(),
                    });
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .expect("no event arrived in time")
                .unwrap();
            match chunk {
                Some(bytes) => self.buffer.push_str(std::str::from_utf8(&bytes).unwrap()),
                None => return None,
            }
        }
    }

    /// Reads until the first frame (the opening one) so that the stream is
    /// known to be listening.
    async fn opened(mut self) -> Self {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !self.buffer.contains("\n\n") {
            let bytes = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            self.buffer.push_str(std::str::from_utf8(&bytes).unwrap());
        }
        self
    }
}

const WAIT: Duration = Duration::from_secs(5);

async fn rename(client: &reqwest::Client, base: &str, project: &str, name: &str) {
    let res = client
        .patch(format!("{base}/api/projects/{project}"))
        .json(&json!({ "name": name }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "renaming {project}");
}

#[tokio::test]
async fn a_user_receives_only_what_they_may_see() {
    let (base, _config, _dir) = common::serve_demo().await;
    let admin = common::signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let developer = session_cookie(&base, "developer@example.com", DEMO_PASSWORD).await;
    let reader = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let mut developer = Stream::open(&base, &developer, None)
        .await
        .unwrap()
        .opened()
        .await;
    let mut reader = Stream::open(&base, &reader, None)
        .await
        .unwrap()
        .opened()
        .await;

    // An API token created in production: its members see it, the
    // developer (no role there) does not.
    common::create_token(&admin, &base, PROD_US, &["admin"]).await;
    let seen = reader.next(WAIT).await.unwrap();
    assert_eq!(seen.data["topic"], "resources");
    assert_eq!(seen.data["project"], PROD_US);
    assert_eq!(seen.data["action"], "token.created");

    // A rename is seen by everyone (a locked project shows its name). The
    // developer's first event is that rename: the token never reached
    // them.
    rename(&admin, &base, PROD_US, "Production-US-Renamed").await;
    let seen = developer.next(WAIT).await.unwrap();
    assert_eq!(
        seen.data,
        json!({"topic": "project", "project": PROD_US, "action": "project.renamed"})
    );
    assert_eq!(
        reader.next(WAIT).await.unwrap().data["action"],
        "project.renamed"
    );

    // Someone else's project request reaches support and its requester,
    // not the reader.
    let support = session_cookie(&base, "support@example.com", DEMO_PASSWORD).await;
    let mut support = Stream::open(&base, &support, None)
        .await
        .unwrap()
        .opened()
        .await;
    let developer_client = common::signed_in(&base, "developer@example.com", DEMO_PASSWORD).await;
    let res = developer_client
        .post(format!("{base}/api/project-requests"))
        .json(&json!({
            "name": "Analytics-Live", "environment": "production", "cloud": "GCP",
            "region": "europe-west3", "throughput": 2500, "throughput_unit": "events_per_second",
            "connectors": 1, "requirements": [], "notes": ""
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    assert_eq!(
        support.next(WAIT).await.unwrap().data["action"],
        "request.submitted"
    );
    assert_eq!(
        developer.next(WAIT).await.unwrap().data["action"],
        "request.submitted"
    );
    // The reader's next event is the next rename, not the request.
    rename(&admin, &base, DEV_EU, "Development-EU-Renamed").await;
    let seen = reader.next(WAIT).await.unwrap();
    assert_eq!(seen.data["action"], "project.renamed");
    assert_eq!(seen.data["project"], DEV_EU);
}

#[tokio::test]
async fn a_reconnect_gets_what_it_missed_or_is_told_to_resync() {
    let (base, config, _dir) = common::serve_demo().await;
    let admin = common::signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let cookie = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let mut stream = Stream::open(&base, &cookie, None)
        .await
        .unwrap()
        .opened()
        .await;
    rename(&admin, &base, PROD_US, "Renamed-1").await;
    let first = stream.next(WAIT).await.unwrap();
    let last = first.id.unwrap();
    drop(stream);

    // Missed while away: two renames, replayed in order on reconnecting.
    rename(&admin, &base, PROD_US, "Renamed-2").await;
    rename(&admin, &base, DEV_EU, "Renamed-3").await;
    let mut stream = Stream::open(&base, &cookie, Some(&last.to_string()))
        .await
        .unwrap();
    let a = stream.next(WAIT).await.unwrap();
    let b = stream.next(WAIT).await.unwrap();
    assert_eq!(
        (a.data["project"].as_str(), b.data["project"].as_str()),
        (Some(PROD_US), Some(DEV_EU))
    );
    assert!(a.id.unwrap() > last && b.id.unwrap() > a.id.unwrap());
    // And live after the replay.
    rename(&admin, &base, PROD_US, "Renamed-4").await;
    let c = stream.next(WAIT).await.unwrap();
    assert_eq!(c.data["action"], "project.renamed");
    assert!(c.id.unwrap() > b.id.unwrap());
    drop(stream);

    // Events no longer kept: a resync, whose id resumes from now on.
    common::sql_batch(
        &config.database,
        &format!("DELETE FROM events WHERE id <= {}", c.id.unwrap()),
    );
    rename(&admin, &base, PROD_US, "Renamed-5").await;
    let mut stream = Stream::open(&base, &cookie, Some(&last.to_string()))
        .await
        .unwrap();
    let resync = stream.next(WAIT).await.unwrap();
    assert_eq!(resync.data, json!({"topic": "resync"}));
    rename(&admin, &base, PROD_US, "Renamed-6").await;
    assert_eq!(
        stream.next(WAIT).await.unwrap().data["action"],
        "project.renamed"
    );
    drop(stream);

    // An id this server never sent (another database), or not a number.
    for id in ["999999999", "yesterday"] {
        let mut stream = Stream::open(&base, &cookie, Some(id)).await.unwrap();
        assert_eq!(
            stream.next(WAIT).await.unwrap().data["topic"],
            "resync",
            "{id}"
        );
    }
}

#[tokio::test]
async fn signing_out_or_expiring_ends_the_stream() {
    let (base, config, _dir) = common::serve_demo().await;
    let cookie = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let mut stream = Stream::open(&base, &cookie, None)
        .await
        .unwrap()
        .opened()
        .await;
    let res = reqwest::Client::new()
        .post(format!("{base}/api/auth/logout"))
        .header("cookie", &cookie)
        .header("x-console-request", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(
        stream.next(WAIT).await.is_none(),
        "the stream ends at sign-out"
    );
    let (status, _) = Stream::open(&base, &cookie, None).await.err().unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A session that expires in two seconds: its stream ends then.
    let cookie = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let soon = chrono::Utc::now().timestamp_millis() + 2_000;
    common::sql_batch(
        &config.database,
        &format!("UPDATE sessions SET expires_at = {soon}"),
    );
    let mut stream = Stream::open(&base, &cookie, None)
        .await
        .unwrap()
        .opened()
        .await;
    assert!(
        stream.next(WAIT).await.is_none(),
        "the stream ends at expiry"
    );

    // A removed member's streams end too.
    let admin = common::signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let cookie = session_cookie(&base, "developer@example.com", DEMO_PASSWORD).await;
    let me: Value = reqwest::Client::new()
        .get(format!("{base}/api/auth/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut stream = Stream::open(&base, &cookie, None)
        .await
        .unwrap()
        .opened()
        .await;
    let id = me["user"]["id"].as_str().unwrap();
    let res = admin
        .delete(format!("{base}/api/members/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(
        stream.next(WAIT).await.is_none(),
        "a removed member's stream ends"
    );
}

#[tokio::test]
async fn a_user_holds_a_bounded_number_of_streams_and_tokens_hold_none() {
    let (base, _config, _dir) = common::serve_demo().await;
    let cookie = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(
            Stream::open(&base, &cookie, None)
                .await
                .unwrap()
                .opened()
                .await,
        );
    }
    let (status, body) = Stream::open(&base, &cookie, None).await.err().unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("close a console tab"));
    // Another user is not counted against them.
    let other = session_cookie(&base, "data-admin@example.com", DEMO_PASSWORD).await;
    Stream::open(&base, &other, None).await.unwrap();
    // A closed stream gives its place back.
    drop(open.pop());
    let mut reopened = None;
    for _ in 0..50 {
        if let Ok(s) = Stream::open(&base, &cookie, None).await {
            reopened = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        reopened.is_some(),
        "the place of a closed stream is given back"
    );

    // Not signed in; an API token.
    let (status, _) = Stream::open(&base, "other=1", None).await.err().unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let admin = common::signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let token = common::create_token(&admin, &base, PROD_US, &["admin"]).await;
    let access = common::exchange(&base, &token).await;
    let res = reqwest::Client::new()
        .get(format!("{base}/api/events"))
        .bearer_auth(access.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// On PostgreSQL ids are taken in order and committed in any order: a
/// change whose transaction took its id before a stream opened, and
/// committed after, is still sent, though its id is below the stream's
/// start (and the reader's, which starts with that stream).
#[tokio::test]
async fn a_change_committed_late_below_a_streams_start_is_still_sent() {
    let (base, config, _dir) = common::serve_demo().await;
    let api_server::db::Location::Postgres(_) = config.database else {
        return; // SQLite writes one at a time: nothing commits out of order.
    };
    let admin = common::signed_in(&base, "admin@example.com", DEMO_PASSWORD).await;
    let reader = session_cookie(&base, "read-only@example.com", DEMO_PASSWORD).await;

    // A transaction takes an id and waits, uncommitted.
    let (taken_tx, taken) = std::sync::mpsc::channel();
    let (commit_tx, commit) = std::sync::mpsc::channel::<()>();
    let location = config.database.clone();
    let late = std::thread::spawn(move || {
        let conn = api_server::db::Conn::open(&location).unwrap();
        let at = chrono::Utc::now().timestamp_millis();
        conn.execute_batch(&format!(
            "BEGIN; INSERT INTO events (at, topic, project_id, user_id, action) \
             VALUES ({at}, 'project', '{DEV_EU}', NULL, 'project.renamed')"
        ))
        .unwrap();
        taken_tx.send(()).unwrap();
        commit.recv().unwrap();
        conn.execute_batch("COMMIT").unwrap();
    });
    taken.recv().unwrap();
    // A later id commits first; then the stream opens after it.
    rename(&admin, &base, PROD_US, "Committed-first").await;
    let mut stream = Stream::open(&base, &reader, None)
        .await
        .unwrap()
        .opened()
        .await;
    commit_tx.send(()).unwrap();
    tokio::task::spawn_blocking(move || late.join().unwrap())
        .await
        .unwrap();
    let seen = stream.next(WAIT).await.unwrap();
    assert_eq!(seen.data["project"], DEV_EU);
    assert_eq!(seen.data["action"], "project.renamed");
}
