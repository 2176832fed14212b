//! `GET /api/events`: live updates, as server-sent events.
//!
//! Changes are written to the `events` outbox in their own transactions
//! (see [`crate::db::events`]). One reader per server instance polls the
//! outbox and hands each new row to every stream of the instance; each
//! stream sends only what its user may see. Since every instance reads the
//! shared table, any instance can serve any stream.
//!
//! A stream sends a heartbeat every [`HEARTBEAT`], checking then that its
//! session is still live; it ends when its session is signed out or
//! expires. A reconnect with `Last-Event-ID` gets what it missed, or a
//! `resync` event when that is no longer kept (or too much).

use super::auth::console_user;
use super::error::ApiError;
use super::responses::SignedInErrors;
use super::session::session_digest;
use crate::db::events::{self, Outbox, Watcher};
use crate::db::Db;
use crate::AppState;
use api_types::live::LiveEvent;
use api_types::ProjectId;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::time::Instant;

/// How often a stream sends a heartbeat (and checks its session).
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How many streams one user may hold open on one server instance.
pub const MAX_STREAMS_PER_USER: usize = 8;
/// How often the outbox is read.
const POLL: Duration = Duration::from_millis(200);
/// How long a missing id is waited for before it is taken as never coming
/// (a transaction that took its id and rolled back, on PostgreSQL).
const GAP_WAIT: Duration = Duration::from_secs(10);
/// How far below the newest id a row can still be committed (on
/// PostgreSQL, ids are taken in order and committed in any order): the
/// ids of the transactions in flight, a few per pooled connection. Where a
/// reader or a stream starts, the ids missing this close below are waited
/// for rather than taken as never coming.
const LATE: i64 = 256;
/// The most events a reconnect replays; beyond, it is told to resync.
const MAX_REPLAY: usize = 500;
/// How often old events are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// How long a browser waits before reconnecting.
const RETRY: Duration = Duration::from_secs(2);

/// Whether the server is stopping: every stream then ends.
fn closing() -> &'static tokio::sync::watch::Sender<bool> {
    static CLOSING: OnceLock<tokio::sync::watch::Sender<bool>> = OnceLock::new();
    CLOSING.get_or_init(|| tokio::sync::watch::channel(false).0)
}

/// Ends every stream of this process, when the server stops.
pub fn close_streams() {
    closing().send_replace(true);
}

/// New outbox rows, as the reader hands them to the streams.
type Batch = Arc<[Outbox]>;

/// This server instance's streams and the one reader of the outbox that
/// feeds them.
pub struct Hub {
    sender: broadcast::Sender<Batch>,
    /// Set once the reader runs: its first floor is read before any
    /// stream reads its own, so the reader never starts past a row a
    /// stream waits for.
    reader: tokio::sync::OnceCell<()>,
    open: Mutex<HashMap<String, usize>>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(256).0,
            reader: tokio::sync::OnceCell::new(),
            open: Mutex::new(HashMap::new()),
        }
    }
}

impl Hub {
    /// Starts the outbox's reader, once, from the newest row committed
    /// now. Streams wait for it before reading where they start; if the
    /// database cannot say, this stream fails and the next one tries again.
    async fn start(self: &Arc<Self>, db: &Db) -> Result<(), crate::db::DbError> {
        self.reader
            .get_or_try_init(|| async {
                let known = db.call(known_near_newest).await?;
                tokio::spawn(read_outbox(db.clone(), Arc::downgrade(self), known));
                Ok(())
            })
            .await
            .map(|_| ())
    }

    /// A place for one more stream of `user`, if they have fewer than
    /// [`MAX_STREAMS_PER_USER`].
    fn admit(self: &Arc<Self>, user: &str) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(user.to_string()).or_default();
        if *count >= MAX_STREAMS_PER_USER {
            return None;
        }
        *count += 1;
        Some(Slot {
            hub: Arc::clone(self),
            user: user.to_string(),
        })
    }

    /// How many streams are open on this instance.
    pub fn open_streams(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .sum()
    }
}

/// A stream's place, given back when the stream ends.
struct Slot {
    hub: Arc<Hub>,
    user: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.hub.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.user) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

/// Which ids the reader has handed on. Ids are given out in order but, on
/// PostgreSQL, committed in any order: a row whose id is below one already
/// read can still appear. Everything up to `floor` has been handed on;
/// `seen` holds the ids above it, and a gap below them is waited for
/// [`GAP_WAIT`] before it is given up.
#[derive(Debug)]
struct Cursor {
    floor: i64,
    seen: BTreeSet<i64>,
    gap_since: Option<Instant>,
}

impl Cursor {
    /// Starting after the rows of `known`: those committed up to its top
    /// are taken as read, and those missing from it are waited for.
    fn new(known: Known) -> Self {
        Self {
            floor: known.low,
            seen: known.ids,
            gap_since: None,
        }
    }

    /// The rows of `rows` (read after `floor`) not handed on before.
    fn take(&mut self, rows: Vec<Outbox>, now: Instant) -> Vec<Outbox> {
        let fresh: Vec<Outbox> = rows
            .into_iter()
            .filter(|r| r.id > self.floor && self.seen.insert(r.id))
            .collect();
        loop {
            while self.seen.first() == Some(&(self.floor + 1)) {
                self.seen.pop_first();
                self.floor += 1;
            }
            let Some(&next) = self.seen.first() else {
                self.gap_since = None;
                break;
            };
            match self.gap_since {
                Some(since) if now.duration_since(since) >= GAP_WAIT => {
                    self.floor = next - 1;
                    self.gap_since = None;
                }
                Some(_) => break,
                None => {
                    self.gap_since = Some(now);
                    break;
                }
            }
        }
        fresh
    }
}

/// The rows committed when a reader or a stream starts: every id up to
/// `low`, and `ids` above it. An id above `low` missing from `ids` may
/// still be committed.
#[derive(Debug, Clone, Default)]
struct Known {
    low: i64,
    ids: BTreeSet<i64>,
}

impl Known {
    /// Whether the row with `id` was committed then.
    fn has(&self, id: i64) -> bool {
        id <= self.low || self.ids.contains(&id)
    }

    /// Every id up to `id` was committed then.
    fn up_to(id: i64) -> Self {
        Self {
            low: id,
            ids: BTreeSet::new(),
        }
    }
}

/// The rows committed now, near the newest: the ids [`LATE`] below it are
/// listed.
fn known_near_newest(conn: &mut crate::db::Conn) -> Result<Known, crate::db::DbError> {
    let newest = events::bounds(conn)?.map_or(0, |(_, newest)| newest);
    known_near(conn, newest)
}

/// The rows committed now, as [`known_near_newest`], given the newest id.
fn known_near(conn: &crate::db::Conn, newest: i64) -> Result<Known, crate::db::DbError> {
    let low = (newest - LATE).max(0);
    Ok(Known {
        low,
        ids: events::ids_after(conn, low)?.into_iter().collect(),
    })
}

/// Reads the outbox rows after those `known` every [`POLL`] and hands them
/// to the streams, until the hub is gone; prunes old rows now and then.
async fn read_outbox(db: Db, hub: Weak<Hub>, known: Known) {
    let mut cursor = Cursor::new(known);
    let mut pruned = Instant::now();
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(hub) = hub.upgrade() else { return };
        let floor = cursor.floor;
        match db.call(move |conn| events::after(conn, floor, 1000)).await {
            Ok(rows) => {
                let fresh = cursor.take(rows, Instant::now());
                if !fresh.is_empty() {
                    // No stream listening is not an error.
                    let _ = hub.sender.send(fresh.into());
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading the events outbox"),
        }
        if pruned.elapsed() >= PRUNE_EVERY {
            pruned = Instant::now();
            if let Err(e) = db
                .call(|conn| events::prune(conn, crate::clock::now()))
                .await
            {
                tracing::warn!(error = %e, "pruning the events outbox");
            }
        }
    }
}

/// This resource's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(stream),
    components(schemas(LiveEvent, api_types::live::LiveTopic))
)]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(stream))
}

/// How a stream starts.
enum Opening {
    /// From now on (the newest id so far).
    Fresh(i64),
    /// The missed events after an id, then on.
    Replay(i64, Vec<Outbox>),
    /// What was missed is not kept: read everything again, then on from
    /// the newest id.
    Resync(i64),
}

/// How a stream starts, for a client that last saw `last` (`Some(None)`:
/// an id it could not have been sent), and what was committed then, so
/// that a row committed later below the newest id is still sent.
fn opening(
    conn: &crate::db::Conn,
    last: Option<Option<i64>>,
) -> Result<(Opening, Known), crate::db::DbError> {
    let bounds = events::bounds(conn)?;
    let newest = bounds.map_or(0, |(_, newest)| newest);
    Ok(match (last, bounds) {
        (None, _) => (Opening::Fresh(newest), known_near(conn, newest)?),
        (Some(Some(last)), Some((oldest, newest))) if last <= newest && last + 1 >= oldest => {
            let rows = events::after(conn, last, MAX_REPLAY as i64 + 1)?;
            if rows.len() > MAX_REPLAY {
                (Opening::Resync(newest), known_near(conn, newest)?)
            } else {
                // Every row after `last` committed now is replayed.
                let known = Known {
                    low: last,
                    ids: rows.iter().map(|r| r.id).collect(),
                };
                (Opening::Replay(last, rows), known)
            }
        }
        // Nothing was written since: nothing was missed.
        (Some(Some(0)), None) => (Opening::Fresh(0), Known::up_to(0)),
        _ => (Opening::Resync(newest), known_near(conn, newest)?),
    })
}

/// `GET /api/events`
#[utoipa::path(
    get, path = "/api/events", tag = "live",
    summary = "Live updates: a server-sent events stream of the changes the signed-in user may see",
    description = "A `text/event-stream` for the console's signed-in session (not for API tokens). Each event's `data` is a `LiveEvent` saying what changed (read it again through the API) and its `id` resumes the stream: a reconnect with `Last-Event-ID` gets the events it missed, or one whose topic is `resync` when they are no longer kept. A comment every 15 seconds keeps proxies from closing the stream. The stream ends when the session is signed out or expires. A user may hold 8 streams at once.",
    params(("Last-Event-ID" = Option<i64>, Header, description = "The id of the last event received, to resume after it")),
    responses(
        SignedInErrors,
        (status = 200, description = "The stream: events whose `data` is a `LiveEvent`", content_type = "text/event-stream", body = LiveEvent),
        (status = 403, description = "Called with an API token", body = api_types::ErrorBody),
        (status = 429, description = "The user already holds as many streams as they may", body = api_types::ErrorBody),
    )
)]
pub(super) async fn stream(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let viewer = console_user(
        &state,
        &headers,
        "Live updates are for the console's signed-in users, not for API tokens.",
    )
    .await?;
    let hash = session_digest(&state, &headers)
        .ok_or_else(|| ApiError::Unauthorized("Sign in to continue.".into()))?;
    let slot = state
        .live
        .admit(&viewer.user_id)
        .ok_or_else(|| ApiError::TooManyRequests {
            message: format!(
            "You already have {MAX_STREAMS_PER_USER} live-update streams open, the most one user \
             may: close a console tab and try again."
        ),
            retry_after: 5,
        })?;
    // Listening before the outbox is read: a change committed meanwhile is
    // in the replay or arrives from the reader, never in neither.
    let rx = state.live.sender.subscribe();
    state.live.start(&state.db).await?;
    let last = headers
        .get("last-event-id")
        .map(|v| v.to_str().ok().and_then(|s| s.trim().parse::<i64>().ok()));
    let now = crate::clock::now();
    let key = hash.clone();
    let (watcher, (opening, known)) = state
        .db
        .call(move |conn| {
            let Some(watcher) = events::watcher(conn, &key, now)? else {
                return Ok(None);
            };
            Ok(Some((watcher, opening(conn, last)?)))
        })
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Sign in to continue.".into()))?;

    let mut live = Live {
        db: state.db.clone(),
        hash,
        watcher,
        rx,
        queue: VecDeque::new(),
        floor: 0,
        known: Known::up_to(0),
        beat: Instant::now() + HEARTBEAT,
        ended: false,
        closing: closing().subscribe(),
        _slot: slot,
    };
    match opening {
        Opening::Fresh(newest) => {
            live.floor = newest;
            live.queue.push_back(
                Event::default()
                    .id(newest.to_string())
                    .retry(RETRY)
                    .comment("live"),
            );
        }
        Opening::Resync(newest) => {
            live.floor = newest;
            live.queue.push_back(resync(newest).retry(RETRY));
        }
        Opening::Replay(last, rows) => {
            live.floor = last;
            live.queue.push_back(
                Event::default()
                    .id(last.to_string())
                    .retry(RETRY)
                    .comment("live"),
            );
            live.known = Known::up_to(last);
            live.take(&rows).await;
            live.floor = rows.last().map_or(last, |r| r.id);
        }
    }
    live.known = known;
    let body = futures_util::stream::unfold(live, Live::next);
    let mut response = Sse::new(body).into_response();
    // Proxies that buffer answers (nginx) would hold the events back.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

/// The event that tells a console to read everything again.
fn resync(newest: i64) -> Event {
    Event::default()
        .id(newest.to_string())
        .json_data(LiveEvent::resync())
        .unwrap_or_default()
}

/// One open stream.
struct Live {
    db: Db,
    hash: Vec<u8>,
    watcher: Watcher,
    rx: broadcast::Receiver<Batch>,
    queue: VecDeque<Event>,
    /// The newest id sent or missed before the stream opened: where a
    /// resync resumes.
    floor: i64,
    /// The rows committed when the stream opened (sent in its replay, or
    /// missed before it), which the reader may hand on again; a row
    /// committed later, even below `floor`, is sent. Forgotten at the first
    /// heartbeat, after the reader has stopped waiting for late rows.
    known: Known,
    /// When the next heartbeat is due.
    beat: Instant,
    /// The session ended: the stream closes once its queue is sent.
    ended: bool,
    /// Whether the server is stopping.
    closing: tokio::sync::watch::Receiver<bool>,
    _slot: Slot,
}

impl Live {
    /// The stream's next event, or `None` when it ends.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            if self.ended || *self.closing.borrow() {
                return None;
            }
            let left = self.watcher.expires_at - crate::clock::now().timestamp_millis();
            let expiry = Instant::now() + Duration::from_millis(left.max(0) as u64);
            tokio::select! {
                batch = self.rx.recv() => match batch {
                    Ok(batch) => self.take(&batch).await,
                    // Too slow to keep up: what was dropped is not known.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        self.queue.push_back(resync(self.floor));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.closing.changed() => return None,
                () = tokio::time::sleep_until(self.beat.min(expiry)) => {
                    if !self.check().await {
                        return None;
                    }
                    self.beat = Instant::now() + HEARTBEAT;
                    // The reader waits no longer than this for a late row.
                    if let Some(&newest) = self.known.ids.last() {
                        self.known = Known::up_to(newest);
                    }
                    return Some((Ok(Event::default().comment("")), self));
                }
            }
        }
    }

    /// Queues what the stream's user may see of `rows`. A row addressed to
    /// them is a sign that their roles, flags or sessions changed: they are
    /// read again first.
    async fn take(&mut self, rows: &[Outbox]) {
        for row in rows {
            if self.ended || self.known.has(row.id) {
                continue;
            }
            if self.watcher.addressed(row) && !self.check().await {
                return;
            }
            if self.watcher.may_see(row) {
                let event = LiveEvent {
                    topic: row
                        .live_topic()
                        .unwrap_or(api_types::live::LiveTopic::Resync),
                    project: row
                        .project
                        .as_deref()
                        .and_then(|p| ProjectId::parse(p).ok()),
                    action: Some(row.action.clone()),
                };
                if let Ok(event) = Event::default().id(row.id.to_string()).json_data(event) {
                    self.queue.push_back(event);
                }
            }
        }
    }

    /// Reads the session and the user's roles again; whether the session is
    /// still live (if not, the stream ends).
    async fn check(&mut self) -> bool {
        let hash = self.hash.clone();
        let now = crate::clock::now();
        match self
            .db
            .call(move |conn| events::watcher(conn, &hash, now))
            .await
        {
            Ok(Some(watcher)) => {
                self.watcher = watcher;
                true
            }
            Ok(None) => {
                self.ended = true;
                false
            }
            // The database did not answer: try again at the next beat.
            Err(e) => {
                tracing::warn!(error = %e, "checking a live stream's session");
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(ids: &[i64]) -> Vec<Outbox> {
        ids.iter()
            .map(|&id| Outbox {
                id,
                topic: "project".into(),
                project: None,
                user: None,
                action: "project.renamed".into(),
            })
            .collect()
    }

    fn ids(rows: &[Outbox]) -> Vec<i64> {
        rows.iter().map(|r| r.id).collect()
    }

    #[test]
    fn the_reader_hands_each_row_on_once_and_waits_for_a_gap() {
        let start = Instant::now();
        let mut cursor = Cursor::new(Known::up_to(10));
        assert_eq!(ids(&cursor.take(rows(&[11, 12]), start)), [11, 12]);
        assert_eq!(cursor.floor, 12);
        // 13 is not committed yet; 14 is.
        assert_eq!(ids(&cursor.take(rows(&[14]), start)), [14]);
        assert_eq!(cursor.floor, 12);
        // Read again while waiting: 14 is not handed on twice; 13 arrives.
        assert_eq!(ids(&cursor.take(rows(&[13, 14]), start)), [13]);
        assert_eq!(cursor.floor, 14);
        // A gap that never fills is given up after a while.
        assert_eq!(ids(&cursor.take(rows(&[16]), start)), [16]);
        assert!(cursor.take(rows(&[16]), start + GAP_WAIT / 2).is_empty());
        assert_eq!(cursor.floor, 14);
        assert!(cursor.take(rows(&[16]), start + GAP_WAIT * 2).is_empty());
        assert_eq!(cursor.floor, 16);
        assert!(cursor.seen.is_empty());
    }

    #[test]
    fn a_row_committed_late_below_where_the_reader_started_is_still_handed_on() {
        let start = Instant::now();
        // At the start, 97 had its id but was not committed; 98-100 were.
        let known = Known {
            low: 90,
            ids: (91..=100).filter(|&id| id != 97).collect(),
        };
        let mut cursor = Cursor::new(known);
        // Read again: what was there is not handed on; 97 and 101 are.
        let all: Vec<i64> = (91..=101).collect();
        assert_eq!(ids(&cursor.take(rows(&all), start)), [97, 101]);
        assert_eq!(cursor.floor, 101);
    }

    #[test]
    fn a_stream_sends_rows_committed_after_it_opened_even_below_its_newest() {
        let known = Known {
            low: 90,
            ids: [91, 92, 94].into_iter().collect(),
        };
        assert!(known.has(50) && known.has(90) && known.has(92) && known.has(94));
        assert!(!known.has(93), "93 committed after the stream opened");
        assert!(!known.has(95));
        assert!(Known::up_to(12).has(12) && !Known::up_to(12).has(13));
    }
}
