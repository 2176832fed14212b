//! Console sign-in: `POST /api/auth/login`, `POST /api/auth/logout` and
//! `GET /api/auth/me`. A session is a random token in an HttpOnly,
//! SameSite=Strict cookie, kept on the server as its SHA-256 hash; page
//! scripts never see it.

use super::error::{ApiError, JsonBody};
use crate::db::users::{self, SessionLookup, Viewer};
use crate::secrets;
use crate::AppState;
use api_types::{validate_email, ErrorBody, Me, SignIn, CONSOLE_REQUEST_HEADER};
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The session cookie's name.
pub const COOKIE: &str = "tributary_session";
/// Its name when it is `Secure`: the `__Host-` prefix makes the browser
/// refuse one set by another host (a sibling subdomain) or for another path.
pub const SECURE_COOKIE: &str = "__Host-tributary_session";

/// The cookie's name for this server.
fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}
/// The answer to a failed sign-in, whatever failed: it never says whether
/// the email belongs to an account.
const WRONG: &str = "The email or password is wrong.";

/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::hours(12);

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// The session token the request's cookie `name` carries, if any.
fn session_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The signed-in user of the request's session cookie, or a 401 saying
/// whether to sign in or sign in again.
pub async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ApiError> {
    let Some(token) = session_token(headers, cookie_name(state.secure_cookie)) else {
        return Err(ApiError::Unauthorized("Sign in to continue.".into()));
    };
    let hash = secrets::digest(&token);
    let found = state
        .db
        .call(move |conn| users::find_session(conn, &hash, crate::now()))
        .await?;
    match found {
        SessionLookup::Live(viewer) => Ok(viewer),
        SessionLookup::Expired => Err(ApiError::Unauthorized(
            "Your session has expired. Sign in again.".into(),
        )),
        SessionLookup::Unknown => Err(ApiError::Unauthorized(
            "You are signed out. Sign in to continue.".into(),
        )),
    }
}

/// The `Set-Cookie` value that stores `token` for the session's lifetime,
/// or (with `None`) removes the cookie.
fn cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let (value, age) = match token {
        Some(t) => (t, SESSION_TTL.num_seconds()),
        None => ("", 0),
    };
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("tributary_session=; Max-Age=0"))
}

/// The client's IP address, when the server knows it: the peer's, or,
/// behind a proxy, the one the proxy added last to `X-Forwarded-For` (the
/// entries before it are whatever the client sent).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if !state.behind_proxy {
            return Ok(Self(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|a| a.trim().parse::<IpAddr>().ok());
        Ok(Self(forwarded.or(peer)))
    }
}

/// The limiter's key for an address: the address itself, or for IPv6 its
/// /64 network, which one client can fill with addresses. An IPv4 client
/// of a server listening on `[::]` arrives as an IPv4-mapped IPv6 address,
/// and is keyed by its IPv4 address, not by the one /64 all of them share.
fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("address:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("address:{v4}"),
            None => {
                let s = v6.segments();
                format!("address:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// At most this many password hashes or checks run at once (each takes a
/// core and about 19 MiB), sign-ins and Kafka users' passwords alike; the
/// others wait their turn.
pub(crate) fn password_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// A hash that no password matches, checked when the email is unknown so
/// that a failed sign-in takes as long whether or not the account exists.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        secrets::hash_password("decoy password that is never used")
            .unwrap_or_else(|_| String::from("$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
    })
}

/// `POST /api/auth/login` with `{"email", "password"}`.
#[utoipa::path(
    post, path = "/api/auth/login", tag = "auth", summary = "Signs in to the console; sets an HttpOnly session cookie",
    request_body = SignIn,
    responses((status = 200, description = "Signed in: the user and their roles; the session is in the Set-Cookie header", body = Me),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 401, description = "The email or the password is wrong (the answer does not say which)", body = ErrorBody),
        (status = 403, description = "The X-Console-Request header is missing, or the request came from another site", body = ErrorBody),
        (status = 422, description = "The email or the password is empty; `field` names it", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this account or address; Retry-After gives the seconds to wait", body = ErrorBody),
        (status = 500, description = "An internal failure, logged by the server; never caused by bad input", body = ErrorBody))
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    body.validate().map_err(ApiError::Invalid)?;
    let email = validate_email(&body.email).map_err(ApiError::Invalid)?;
    let keys: Vec<(String, u32)> = std::iter::once((format!("account:{email}"), ACCOUNT_FREE))
        .chain(address.map(|ip| (address_key(ip), ADDRESS_FREE)))
        .collect();
    // The attempt counts as a failure from the start, so that many sent at
    // once cannot all pass the check before any is counted.
    if let Err(wait) = state.limiter.attempt(&keys, Instant::now()) {
        return Err(too_many(wait));
    }
    let lookup = email.clone();
    let account = state
        .db
        .call(move |conn| users::find_by_email(conn, &lookup))
        .await?;
    let stored = account
        .as_ref()
        .map_or_else(|| decoy_hash().to_string(), |a| a.password_hash.clone());
    let password = body.password;
    let verified = {
        // The semaphore is never closed; were it, the check would go ahead.
        let _slot = password_slots().acquire().await.ok();
        tokio::task::spawn_blocking(move || secrets::verify_password(&password, &stored))
            .await
            .map_err(crate::db::DbError::from)?
    };
    let account = match account {
        Some(account) if verified => account,
        _ => {
            tracing::info!(%email, "sign-in refused");
            return Err(ApiError::Unauthorized(WRONG.into()));
        }
    };
    state.limiter.succeeded(&keys);
    let token = secrets::new_secret("ses_")?;
    let hash = secrets::digest(&token);
    let now = crate::now();
    let user_id = account.user.id.clone();
    // The session this browser had, whoever's it was, ends: a new sign-in
    // never leaves an earlier one usable behind it.
    let previous = session_token(&headers, cookie_name(state.secure_cookie))
        .map(|token| secrets::digest(&token));
    let me = state
        .db
        .call(move |conn| {
            if let Some(previous) = &previous {
                users::delete_session(conn, previous)?;
            }
            users::create_session(conn, &hash, &user_id, now, now + SESSION_TTL)?;
            let viewer = users::viewer_of(conn, &user_id)?;
            users::me(conn, &viewer)
        })
        .await?
        .ok_or_else(|| ApiError::Unauthorized(WRONG.into()))?;
    tracing::info!(user = %me.user.id, "signed in");
    let mut response = Json(me).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        cookie(Some(&token), state.secure_cookie),
    );
    Ok(response)
}

/// `POST /api/auth/logout`: ends the session, if there is one, and clears
/// the cookie.
#[utoipa::path(
    post, path = "/api/auth/logout", tag = "auth", summary = "Signs out: ends the session on the server and clears the cookie",
    responses((status = 204, description = "Signed out (also when there was no session)"),
        (status = 403, description = "The X-Console-Request header is missing, or the request came from another site", body = ErrorBody),
        (status = 500, description = "An internal failure, logged by the server; never caused by bad input", body = ErrorBody))
)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session_token(&headers, cookie_name(state.secure_cookie)) {
        let hash = secrets::digest(&token);
        state
            .db
            .call(move |conn| users::delete_session(conn, &hash))
            .await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(None, state.secure_cookie));
    Ok(response)
}

/// `GET /api/auth/me`
#[utoipa::path(
    get, path = "/api/auth/me", tag = "auth", summary = "The signed-in user and their role on each project",
    responses((status = 200, description = "The user, whether they are an organisation admin, and their memberships", body = Me),
        (status = 401, description = "Not signed in, or the session has expired", body = ErrorBody),
        (status = 500, description = "An internal failure, logged by the server; never caused by bad input", body = ErrorBody))
)]
pub(crate) async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Me>, ApiError> {
    let viewer = viewer(&state, &headers).await?;
    state
        .db
        .call(move |conn| users::me(conn, &viewer))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::Unauthorized("You are signed out. Sign in to continue.".into()))
}

/// Refuses a cookie-authenticated change (and any sign-in) that lacks the
/// console's request header or comes from another site: a cross-site form
/// cannot add a header, and a cross-site script would need a CORS grant.
/// Bearer-token requests carry no ambient credentials and pass.
pub async fn require_console_header(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let needs_check = changes
        && !headers.contains_key(header::AUTHORIZATION)
        && (session_token(headers, COOKIE).is_some()
            || session_token(headers, SECURE_COOKIE).is_some()
            || request.uri().path().ends_with("/auth/login"));
    if needs_check {
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|site| !matches!(site, "same-origin" | "none"));
        if cross_site {
            return ApiError::Forbidden(
                "This change came from another site; make it from the console.".into(),
            )
            .into_response();
        }
        if !headers.contains_key(CONSOLE_REQUEST_HEADER) {
            return ApiError::Forbidden(
                "This change must come from the console: the X-Console-Request header is missing."
                    .into(),
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// Failed sign-ins allowed per account before it is slowed down.
pub const ACCOUNT_FREE: u32 = 5;
/// Failed sign-ins allowed per client address before it is slowed down.
pub const ADDRESS_FREE: u32 = 20;
/// A day without a failure, and a key starts over. Longer than the longest
/// wait, so that waiting one out does not bring the free attempts back.
const FORGET_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);
/// The longest wait imposed.
const LONGEST_WAIT: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Most keys remembered; the stalest unblocked ones make room beyond it.
const CAPACITY: usize = 10_000;

fn too_many(wait: std::time::Duration) -> ApiError {
    let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
    ApiError::TooManyRequests {
        message: format!(
            "Too many failed sign-ins. Try again in {seconds} second{}.",
            if seconds == 1 { "" } else { "s" }
        ),
        retry_after: seconds,
    }
}

/// Slows down repeated failed sign-ins, per account and per client address:
/// after the free failures, each further one doubles the wait (from one
/// second, to at most 15 minutes). Bounded in memory: keys are at most an
/// email address long, and there are at most [`CAPACITY`] of them.
#[derive(Default)]
pub struct Limiter {
    keys: Mutex<HashMap<String, Strikes>>,
}

#[derive(Debug, Clone, Copy)]
struct Strikes {
    failures: u32,
    last: Instant,
    blocked_until: Option<Instant>,
}

impl Strikes {
    fn blocked_at(&self, now: Instant) -> Option<std::time::Duration> {
        self.blocked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }
}

impl Limiter {
    /// Starts a sign-in attempt for `keys` (each with its free failures;
    /// the account's first, then the client's address): refused with the
    /// wait if one of them is blocked, otherwise counted as a failure until
    /// [`Self::succeeded`] says otherwise.
    ///
    /// A blocked account still lets through an attempt from an address
    /// that has no failure on record: otherwise anyone who knows an email
    /// could keep its owner locked out with one attempt every few minutes.
    /// That attempt counts against the address, so each address gets one
    /// such try before the lock applies to it too.
    ///
    /// When the table is full of blocked keys, a new key cannot be counted,
    /// and its attempt is refused until the first block ends (failing
    /// closed: an uncounted attempt would be an unlimited one).
    pub fn attempt(&self, keys: &[(String, u32)], now: Instant) -> Result<(), std::time::Duration> {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let blocked = |key: &str| map.get(key).and_then(|s| s.blocked_at(now));
        let account_wait = keys.first().and_then(|(key, _)| blocked(key));
        let others = keys.get(1..).unwrap_or_default();
        let other_wait = others.iter().filter_map(|(key, _)| blocked(key)).max();
        if let Some(wait) = other_wait {
            return Err(wait);
        }
        if let Some(wait) = account_wait {
            let clean_address = !others.is_empty()
                && others
                    .iter()
                    .all(|(key, _)| map.get(key).is_none_or(|s| s.failures == 0));
            if !clean_address {
                return Err(wait);
            }
        }
        for (key, _) in keys {
            if !map.contains_key(key) {
                make_room(&mut map, now)?;
            }
        }
        for (key, free) in keys {
            let strikes = map.entry(key.clone()).or_insert(Strikes {
                failures: 0,
                last: now,
                blocked_until: None,
            });
            if now.duration_since(strikes.last) >= FORGET_AFTER {
                strikes.failures = 0;
            }
            strikes.failures += 1;
            strikes.last = now;
            if strikes.failures >= *free {
                let doublings = (strikes.failures - free).min(10);
                let wait = std::time::Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT);
                strikes.blocked_until = Some(now + wait);
            }
        }
        Ok(())
    }

    /// The attempt succeeded: the account starts over, and the address
    /// gets back the failure the attempt was counted as.
    pub fn succeeded(&self, keys: &[(String, u32)]) {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys = keys.iter();
        if let Some((account, _)) = keys.next() {
            map.remove(account);
        }
        for (key, free) in keys {
            if let Some(strikes) = map.get_mut(key) {
                strikes.failures = strikes.failures.saturating_sub(1);
                if strikes.failures < *free {
                    strikes.blocked_until = None;
                }
            }
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Makes room for one more key when the map is full: forgets keys without
/// a failure for a day, then the stalest unblocked one. Never a blocked
/// key: when every key is blocked, the wait until the first block ends.
fn make_room(map: &mut HashMap<String, Strikes>, now: Instant) -> Result<(), std::time::Duration> {
    if map.len() < CAPACITY {
        return Ok(());
    }
    map.retain(|_, s| now.duration_since(s.last) < FORGET_AFTER || s.blocked_at(now).is_some());
    if map.len() < CAPACITY {
        return Ok(());
    }
    let stalest = map
        .iter()
        .filter(|(_, s)| s.blocked_at(now).is_none())
        .min_by_key(|(_, s)| s.last)
        .map(|(k, _)| k.clone());
    match stalest {
        Some(key) => {
            map.remove(&key);
            Ok(())
        }
        None => Err(map
            .values()
            .filter_map(|s| s.blocked_at(now))
            .min()
            .unwrap_or(std::time::Duration::from_secs(1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration as Span;

    fn key(name: &str, free: u32) -> Vec<(String, u32)> {
        vec![(name.to_string(), free)]
    }

    #[test]
    fn failures_beyond_the_free_ones_wait_longer_each_time() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        let k = key("account:ana@example.com", 3);
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        // The third counts, and the next has to wait a second.
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        assert_eq!(limiter.attempt(&k, t0), Err(Span::from_secs(1)));
        let t1 = t0 + Span::from_secs(1);
        assert_eq!(limiter.attempt(&k, t1), Ok(()));
        assert_eq!(limiter.attempt(&k, t1), Err(Span::from_secs(2)));
        // Waiting out the longest wait does not give the free ones back.
        let late = t1 + LONGEST_WAIT + Span::from_secs(1);
        assert_eq!(limiter.attempt(&k, late), Ok(()));
        assert!(limiter.attempt(&k, late).is_err());
        // A success starts the account over.
        limiter.succeeded(&k);
        assert_eq!(limiter.attempt(&k, late), Ok(()));
        // A day without failures, and a key starts over.
        let next_day = late + FORGET_AFTER;
        for _ in 0..2 {
            assert_eq!(limiter.attempt(&k, next_day), Ok(()));
        }
    }

    #[test]
    fn a_success_gives_the_address_its_attempt_back() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        let keys = vec![
            ("account:a@example.com".to_string(), 5),
            ("address:10.0.0.1".to_string(), 2),
        ];
        for _ in 0..2 {
            assert_eq!(limiter.attempt(&keys, t0), Ok(()));
            limiter.succeeded(&keys);
        }
        assert_eq!(limiter.attempt(&keys, t0), Ok(()));
        assert_eq!(limiter.attempt(&keys, t0), Ok(()));
        assert_eq!(
            limiter.attempt(&keys, t0),
            Err(Span::from_secs(1)),
            "two failures from the address"
        );
    }

    #[test]
    fn the_limiter_stays_bounded_and_keeps_blocked_keys() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        let victim = key("account:victim@example.com", 1);
        assert_eq!(limiter.attempt(&victim, t0), Ok(()));
        for n in 0..(CAPACITY + 50) {
            let at = t0 + Span::from_micros(n as u64);
            let _ = limiter.attempt(&key(&format!("address:{n}"), 20), at);
        }
        assert!(limiter.len() <= CAPACITY);
        assert!(
            limiter
                .attempt(&victim, t0 + Span::from_millis(100))
                .is_err(),
            "a flood of other keys does not free a blocked one"
        );
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            address_key("2001:db8:1:2:bbbb::9".parse().unwrap())
        );
        assert_ne!(
            address_key("10.0.0.1".parse().unwrap()),
            address_key("10.0.0.2".parse().unwrap())
        );
    }

    #[test]
    fn ipv4_clients_of_an_ipv6_listener_are_told_apart() {
        let mapped = |a: &str| address_key(IpAddr::V6(a.parse().unwrap()));
        assert_eq!(mapped("::ffff:203.0.113.7"), "address:203.0.113.7");
        assert_ne!(mapped("::ffff:203.0.113.7"), mapped("::ffff:203.0.113.8"));
        assert_eq!(
            mapped("::ffff:203.0.113.7"),
            address_key("203.0.113.7".parse().unwrap())
        );
    }

    #[test]
    fn a_full_table_of_blocked_keys_refuses_new_ones() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for n in 0..CAPACITY {
            // One free failure: each key is blocked at once, for a second.
            assert_eq!(
                limiter.attempt(&key(&format!("address:{n}"), 1), t0),
                Ok(())
            );
        }
        let newcomer = key("account:new@example.com", 5);
        assert_eq!(
            limiter.attempt(&newcomer, t0 + Span::from_millis(400)),
            Err(Span::from_millis(600)),
            "not let through uncounted"
        );
        // Once the blocks end, room is made again.
        assert_eq!(limiter.attempt(&newcomer, t0 + Span::from_secs(2)), Ok(()));
    }

    #[test]
    fn a_locked_account_still_lets_in_an_address_that_has_not_been_failing() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        let account = ("account:ana@example.com".to_string(), ACCOUNT_FREE);
        let attacker = vec![
            account.clone(),
            ("address:198.51.100.9".into(), ADDRESS_FREE),
        ];
        for _ in 0..ACCOUNT_FREE {
            assert_eq!(limiter.attempt(&attacker, t0), Ok(()));
        }
        assert!(
            limiter.attempt(&attacker, t0).is_err(),
            "the lock holds for the attacker"
        );
        let owner = vec![
            account.clone(),
            ("address:203.0.113.7".into(), ADDRESS_FREE),
        ];
        assert_eq!(limiter.attempt(&owner, t0), Ok(()), "the owner may try");
        limiter.succeeded(&owner);
        assert_eq!(
            limiter.attempt(&owner, t0),
            Ok(()),
            "and the account starts over"
        );
        limiter.succeeded(&owner);
        // A fresh address gets one try only: its failure counts against it.
        let second = vec![account.clone(), ("address:192.0.2.1".into(), ADDRESS_FREE)];
        for _ in 0..ACCOUNT_FREE {
            assert_eq!(
                limiter.attempt(&attacker, t0 + Span::from_secs(3600)),
                Ok(())
            );
        }
        let later = t0 + Span::from_secs(3600);
        assert_eq!(limiter.attempt(&second, later), Ok(()));
        assert!(limiter.attempt(&second, later).is_err());
        // Without an address, there is nothing to vouch for the attempt.
        assert!(limiter
            .attempt(std::slice::from_ref(&account), later)
            .is_err());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; tributary_session=ses_abc; other=1"),
        );
        assert_eq!(session_token(&headers, COOKIE).as_deref(), Some("ses_abc"));
        assert_eq!(session_token(&headers, SECURE_COOKIE), None);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("tributary_session="),
        );
        assert_eq!(session_token(&headers, COOKIE), None);
        let set = cookie(Some("ses_abc"), false);
        let set = set.to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict"),
            "{set}"
        );
        assert!(!set.contains("Secure"));
        let cleared = cookie(None, true);
        let cleared = cleared.to_str().unwrap();
        assert!(
            cleared.starts_with("__Host-tributary_session=;"),
            "{cleared}"
        );
        assert!(cleared.contains("Max-Age=0; Secure"), "{cleared}");
    }
}
