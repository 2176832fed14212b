//! Who is calling and what they may do: a signed-in console user (a
//! session cookie) with their role on each project, or a bearer access
//! token of an API token, which works only in its own project and within
//! its roles. Also the exchange of an API token's secret for a short-lived
//! access token, and its refresh.

use super::error::{ApiError, JsonBody};
use super::responses::InternalError;
use super::session;
use crate::db::activity::ActorRef;
use crate::db::credentials;
use crate::db::tokens::{self, Issuance, Issued, NewPair, Proof, TokenKind};
use crate::db::users::Viewer;
use crate::secrets;
use crate::AppState;
use api_types::{
    AccessToken, AccessTokenRequest, Change, ClientCredential, ErrorBody, Project, ProjectState,
    RefreshTokenRequest, RoleKey,
};
use axum::http::{header, HeaderMap};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};

/// How long an access token works.
pub const ACCESS_TTL: Duration = Duration::hours(1);
/// How long a refresh token works.
pub const REFRESH_TTL: Duration = Duration::hours(24);

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(exchange, refresh))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/access-token", post(exchange))
        .route("/auth/access-token/refresh", post(refresh))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// What a call needs to be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Reading the project and its resources.
    Read,
    /// Creating, changing or deleting API tokens and Kafka users.
    ManageAccess,
    /// Changing the project itself.
    ManageProject,
    /// Creating, changing or deleting sources and destinations.
    ManageConnectors,
    /// Creating, changing or deleting pipelines and topics.
    ManagePipelines,
}

impl Need {
    /// The change it is, if it is one.
    pub(crate) fn change(self) -> Option<Change> {
        match self {
            Need::Read => None,
            Need::ManageAccess => Some(Change::Access),
            Need::ManageConnectors => Some(Change::Connectors),
            Need::ManagePipelines => Some(Change::Pipelines),
            Need::ManageProject => Some(Change::Project),
        }
    }

    pub(crate) fn allowed_by(self, roles: &[RoleKey]) -> bool {
        roles
            .iter()
            .any(|r| self.change().is_none_or(|c| c.allowed_by(*r)))
    }

    pub(crate) fn what(self) -> &'static str {
        self.change().map_or("read this project", Change::what)
    }
}

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Identity {
    /// A signed-in console user.
    User(Viewer),
    /// An access token of an API token.
    Token(Issued),
}

/// A caller allowed into one project, with their roles on it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Their roles on the project, most powerful first.
    pub roles: Vec<RoleKey>,
    /// The client id of the API token whose access token made the call,
    /// if one did.
    pub via_token: Option<String>,
    /// Who they are, for the activity log.
    pub actor: ActorRef,
}

impl Caller {
    /// Whether the caller may hand out, regenerate or delete a token with
    /// these roles: never one more powerful than its own best role.
    pub fn may_grant(&self, roles: &[RoleKey]) -> bool {
        let best = self
            .roles
            .iter()
            .min()
            .copied()
            .unwrap_or(RoleKey::ReadOnly);
        best.may_grant(roles)
    }
}

/// The user signed in to the console who sent the request. An API token
/// works within its own project, so one gets a 403 saying `refusal`.
pub async fn console_user(
    state: &AppState,
    headers: &HeaderMap,
    refusal: &str,
) -> Result<Viewer, ApiError> {
    match authenticate(state, headers).await? {
        Identity::User(viewer) => Ok(viewer),
        Identity::Token(_) => Err(ApiError::Forbidden(refusal.to_string())),
    }
}

/// Who sent the request: its bearer token if it has an `Authorization`
/// header, otherwise its session cookie. A 401 says what is missing or no
/// longer valid.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Identity, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return session::viewer(state, headers).await.map(Identity::User);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "Send the access token as 'Authorization: Bearer <accessToken>'.".into(),
            )
        })?
        .to_string();
    let hash = secrets::digest(&token);
    let issued = state
        .db
        .call(move |conn| tokens::find_issued(conn, &hash, TokenKind::Access))
        .await?;
    Ok(Identity::Token(usable(
        issued,
        crate::clock::now(),
        "access token",
    )?))
}

/// The token if it still works, or a 401 saying why not.
fn usable(issued: Option<Issued>, now: DateTime<Utc>, what: &str) -> Result<Issued, ApiError> {
    let Some(issued) = issued else {
        return Err(ApiError::Unauthorized(format!(
            "This {what} is not valid. Exchange the API token's secret for a new one."
        )));
    };
    if issued.revoked {
        return Err(ApiError::Unauthorized(format!(
            "This {what} was revoked: its API token was regenerated or deleted, or it was already used."
        )));
    }
    if issued.expires_at <= now {
        return Err(ApiError::Unauthorized(format!(
            "This {what} expired at {}. Get a new one.",
            issued
                .expires_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    Ok(issued)
}

/// A 401 once the API token itself has expired.
fn ensure_unexpired(credential: &ClientCredential, now: DateTime<Utc>) -> Result<(), ApiError> {
    if credential.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::Unauthorized(
            "This API token has expired. Create a new one.".into(),
        ));
    }
    Ok(())
}

/// Issues a new access and refresh token pair, never past the API token's
/// own expiry, if `proof` still holds when it is written (see
/// [`tokens::issue_pair`]).
async fn issue_pair(
    state: &AppState,
    proof: Proof,
    issued_for: (String, String, Vec<RoleKey>),
    credential_expires: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<AccessToken, ApiError> {
    let (client_id, project_id, roles) = issued_for;
    let access_token = secrets::new_secret("at_")?;
    let refresh_token = secrets::new_secret("rt_")?;
    let cap = |at: DateTime<Utc>| credential_expires.map_or(at, |limit| at.min(limit));
    let expires = cap(now + ACCESS_TTL);
    let pair = NewPair {
        client_id,
        project_id,
        roles,
        access_hash: secrets::digest(&access_token),
        access_expires: expires,
        refresh_hash: secrets::digest(&refresh_token),
        refresh_expires: cap(now + REFRESH_TTL),
        new_family: secrets::new_client_id()?,
    };
    let outcome = state
        .db
        .call(move |conn| tokens::issue_pair(conn, &proof, &pair, now))
        .await?;
    match outcome {
        Issuance::Issued => Ok(AccessToken {
            access_token,
            refresh_token,
            expires,
            expires_in: (expires - now).num_seconds().max(0) as u64,
        }),
        Issuance::Refused => Err(ApiError::Unauthorized(
            "This token was revoked: it was already used, or its API token was regenerated or deleted."
                .into(),
        )),
        Issuance::Reused => Err(reused()),
    }
}

/// The answer to a spent refresh token presented again.
fn reused() -> ApiError {
    ApiError::Unauthorized(
        "This refresh token was already used. Every token issued from it is now revoked: exchange the API token's secret again."
            .into(),
    )
}

/// `POST /api/auth/access-token` with `{"client_id", "secret"}`.
#[utoipa::path(
    post, path = "/api/auth/access-token", tag = "auth", summary = "Exchanges an API token's client id and secret for a bearer access token",
    request_body = AccessTokenRequest,
    responses((status = 200, description = "An access token for the token's project and roles, and a refresh token", body = AccessToken),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 401, description = "The client id or the secret is wrong, or the API token has expired", body = ErrorBody),
        InternalError,
    )
)]
pub(crate) async fn exchange(
    axum::extract::State(state): axum::extract::State<AppState>,
    JsonBody(body): JsonBody<AccessTokenRequest>,
) -> Result<Json<AccessToken>, ApiError> {
    let now = crate::clock::now();
    let client_id = body.client_id.trim().to_string();
    let lookup = client_id.clone();
    let found = state
        .db
        .call(move |conn| credentials::for_exchange(conn, &lookup))
        .await?;
    // One message for an unknown id and a wrong secret: neither tells an
    // attacker which ids exist.
    let refused = || ApiError::Unauthorized("The client id or the secret is wrong.".into());
    let Some((credential, stored)) = found else {
        return Err(refused());
    };
    if !secrets::matches(&body.secret, &stored) {
        return Err(refused());
    }
    ensure_unexpired(&credential, now)?;
    let roles = credential.roles.iter().map(|r| r.key).collect();
    let pair = issue_pair(
        &state,
        // The secret checked above must still be the token's when the pair
        // is written.
        Proof::Secret(stored),
        (client_id, credential.project_id.to_string(), roles),
        credential.expires_at,
        now,
    )
    .await
    .map_err(|e| match e {
        // Regenerated or deleted in the meantime: to the caller, the
        // secret is simply wrong now.
        ApiError::Unauthorized(_) => refused(),
        other => other,
    })?;
    Ok(Json(pair))
}

/// `POST /api/auth/access-token/refresh` with `{"refresh_token"}`. A refresh
/// token works once, and only while its API token exists and has not
/// expired; presented again, it revokes every token issued from it.
#[utoipa::path(
    post, path = "/api/auth/access-token/refresh", tag = "auth", summary = "Exchanges a refresh token, once, for a new pair",
    request_body = RefreshTokenRequest,
    responses((status = 200, description = "A new access and refresh token", body = AccessToken),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 401, description = "The refresh token is not valid, expired, or its API token was deleted or regenerated; or it was already used, and every token issued from it is now revoked", body = ErrorBody),
        InternalError,
    )
)]
pub(crate) async fn refresh(
    axum::extract::State(state): axum::extract::State<AppState>,
    JsonBody(body): JsonBody<RefreshTokenRequest>,
) -> Result<Json<AccessToken>, ApiError> {
    let now = crate::clock::now();
    let hash = secrets::digest(body.refresh_token.trim());
    let lookup = hash.clone();
    let issued = state
        .db
        .call(move |conn| tokens::find_issued(conn, &lookup, TokenKind::Refresh))
        .await?;
    if issued.as_ref().is_some_and(|i| i.spent) {
        // The usual sign of a stolen token: whoever holds the chain's
        // newest tokens loses them too.
        let spent = hash.clone();
        state
            .db
            .call(move |conn| tokens::reused(conn, &spent, now))
            .await?;
        tracing::warn!("a spent refresh token was presented again; its chain is revoked");
        return Err(reused());
    }
    let issued = usable(issued, now, "refresh token")?;
    let client_id = issued.client_id.clone();
    let credential = state
        .db
        .call(move |conn| credentials::for_exchange(conn, &client_id))
        .await?;
    let Some((credential, _)) = credential else {
        return Err(ApiError::Unauthorized(
            "This refresh token was revoked: its API token was deleted.".into(),
        ));
    };
    ensure_unexpired(&credential, now)?;
    let pair = issue_pair(
        &state,
        Proof::Refresh(hash),
        (issued.client_id, issued.project_id, issued.roles),
        credential.expires_at,
        now,
    )
    .await?;
    Ok(Json(pair))
}

/// A 409 when the project is UNAVAILABLE: nothing in it can change.
pub fn ensure_available(project: &Project) -> Result<(), ApiError> {
    if project.state == ProjectState::Unavailable {
        return Err(ApiError::Conflict {
            message: format!(
                "{} is UNAVAILABLE (paused or stopped): nothing in it can be created or changed until it is running again.",
                project.name
            ),
            field: None,
        });
    }
    Ok(())
}
