//! Console sign-in: `POST /api/auth/login`, `POST /api/auth/logout` and
//! `GET /api/auth/me`. A session is a random token in an HttpOnly,
//! SameSite=Strict cookie, kept on the server as its SHA-256 hash; page
//! scripts never see it.

use super::error::{ApiError, JsonBody};
use super::limiter::{address_key, ACCOUNT_FREE, ADDRESS_FREE};
use super::responses::{InternalError, SignedInErrors};
use crate::db::activity::{ActorRef, Audit};
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
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

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

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(login, logout, me))]
pub(super) struct Doc;

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

/// The digest of the request's session token, by which the session is
/// stored, if it carries one.
pub(crate) fn session_digest(state: &AppState, headers: &HeaderMap) -> Option<Vec<u8>> {
    session_token(headers, cookie_name(state.secure_cookie)).map(|t| secrets::digest(&t))
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
        .call(move |conn| users::find_session(conn, &hash, crate::clock::now()))
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

/// A change made by `viewer` from `address`, now, for the activity log.
pub fn audit_of(viewer: &Viewer, address: Option<IpAddr>) -> Audit {
    Audit {
        actor: ActorRef::User(viewer.user_id.clone()),
        address: address.map(|a| a.to_string()),
        at: crate::clock::now(),
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
    responses(
        InternalError,
        (status = 200, description = "Signed in: the user and their roles; the session is in the Set-Cookie header", body = Me),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 401, description = "The email or the password is wrong (the answer does not say which)", body = ErrorBody),
        (status = 403, description = "The X-Console-Request header is missing, or the request came from another site", body = ErrorBody),
        (status = 422, description = "The email or the password is empty; `field` names it", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this account or address; Retry-After gives the seconds to wait", body = ErrorBody),
    )
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
    let (limiter, counted) = (state.limiter.clone(), keys.clone());
    let attempt = state
        .db
        .call(move |conn| limiter.attempt(conn, &counted, crate::clock::now()))
        .await?;
    if let Err(wait) = attempt {
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
    let limiter = state.limiter.clone();
    state
        .db
        .call(move |conn| limiter.succeeded(conn, &keys))
        .await?;
    start_session(&state, &headers, account.user.id.clone()).await
}

/// Starts a session for `user_id` (ending the one this browser had,
/// whoever's it was) and answers their profile with the cookie.
pub(crate) async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user_id: String,
) -> Result<Response, ApiError> {
    let token = secrets::new_secret("ses_")?;
    let hash = secrets::digest(&token);
    let now = crate::clock::now();
    // A new sign-in never leaves an earlier one usable behind it.
    let previous = session_token(headers, cookie_name(state.secure_cookie))
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
    responses(
        InternalError,
        (status = 204, description = "Signed out (also when there was no session)"),
        (status = 403, description = "The X-Console-Request header is missing, or the request came from another site", body = ErrorBody),
    )
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
    responses(
        SignedInErrors,
        (status = 200, description = "The user, whether they are an organisation admin, and their memberships", body = Me),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

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
