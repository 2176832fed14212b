//! `/api/projects/{id}/client-credentials`: a project's API tokens. The
//! secret is in the answer to a create or a regenerate, and nowhere else.

use super::auth::{ensure_available, Caller};
use super::error::{ApiError, JsonBody};
use super::responses::{BodyErrors, ProjectErrors};
use super::scope::{ManageAccess, ProjectPath, ProjectScope, Read};
use crate::db;
use crate::secrets;
use crate::AppState;
use api_types::{
    ClientCredential, ClientCredentialWithSecret, CreateClientCredential, ErrorBody, Role, RoleKey,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(roles, list, create, remove, rotate))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(roles))
        .route("/projects/{id}/client-credentials", get(list).post(create))
        .route(
            "/projects/{id}/client-credentials/{client_id}",
            delete(remove),
        )
        .route(
            "/projects/{id}/client-credentials/{client_id}/rotate",
            post(rotate),
        )
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// `GET /api/roles`: the roles a token can carry.
#[utoipa::path(
    get, path = "/api/roles", tag = "api-tokens", summary = "The roles an API token can carry",
    responses((status = 200, description = "Every role, most powerful first", body = Vec<Role>))
)]
pub(crate) async fn roles() -> Json<Vec<Role>> {
    Json(RoleKey::ALL.into_iter().map(RoleKey::role).collect())
}

/// `GET /api/projects/{id}/client-credentials`
#[utoipa::path(
    get, path = "/api/projects/{id}/client-credentials", tag = "api-tokens", summary = "The project's API tokens, never their secrets",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The tokens, oldest first", body = Vec<ClientCredential>),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
) -> Result<Json<Vec<ClientCredential>>, ApiError> {
    let id = scope.project.id;
    let tokens = state
        .db
        .call(move |conn| db::credentials::list(conn, &id))
        .await?;
    Ok(Json(tokens))
}

/// `POST /api/projects/{id}/client-credentials` with `{"description",
/// "role_ids", "expires_at"?}`.
#[utoipa::path(
    post, path = "/api/projects/{id}/client-credentials", tag = "api-tokens", summary = "Creates an API token; the answer carries its secret, once",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = CreateClientCredential,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 201, description = "The token and its secret, shown this once", body = ClientCredentialWithSecret),
        (status = 422, description = "A value breaks a rule; `field` names it. With a bearer token, `expires_at` may not be later than that API token's own expiry (when omitted, it is that expiry)", body = ErrorBody),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    JsonBody(body): JsonBody<CreateClientCredential>,
) -> Result<(StatusCode, Json<ClientCredentialWithSecret>), ApiError> {
    let audit = scope.audit();
    let ProjectScope {
        project, caller, ..
    } = scope;
    let id = project.id.clone();
    let now = crate::clock::now();
    let mut new = body.validate(now).map_err(ApiError::Invalid)?;
    if !caller.may_grant(&new.roles) {
        return Err(escalation());
    }
    ensure_available(&project)?;
    if let Some(creator) = caller.via_token.clone() {
        // A token never outlives the token that made it: otherwise a leaked
        // access token of an expiring token could mint one that never
        // expires.
        let limit = state
            .db
            .call(move |conn| db::credentials::expiry_of(conn, &creator))
            .await?;
        if let Some(limit) = limit {
            match new.expires_at {
                None => new.expires_at = Some(limit),
                Some(at) if at > limit => {
                    return Err(ApiError::Invalid(api_types::FieldError::new(
                        "expires_at",
                        format!(
                            "A token created with an API token expires no later than that token, at {}.",
                            limit.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                        ),
                    )));
                }
                Some(_) => {}
            }
        }
    }
    // Kept at the precision the database keeps.
    new.expires_at = new
        .expires_at
        .and_then(|at| chrono::DateTime::from_timestamp_millis(at.timestamp_millis()));
    let secret = secrets::new_secret("cs_")?;
    let credential = ClientCredential {
        client_id: secrets::new_client_id()?,
        description: new.description,
        roles: new.roles.into_iter().map(RoleKey::role).collect(),
        project_id: id,
        created_at: now,
        last_used_at: None,
        expires_at: new.expires_at,
    };
    let stored = credential.clone();
    let hash = secrets::digest(&secret);
    state
        .db
        .call(move |conn| db::credentials::insert(conn, &stored, &hash, &audit))
        .await?;
    tracing::info!(client_id = %credential.client_id, project = %credential.project_id, "API token created");
    Ok((
        StatusCode::CREATED,
        Json(ClientCredentialWithSecret { credential, secret }),
    ))
}

/// `DELETE /api/projects/{id}/client-credentials/{client_id}`: the token and
/// every access token issued for it stop working. Allowed on an UNAVAILABLE
/// project too: revoking a leaked token must always be possible.
#[utoipa::path(
    delete, path = "/api/projects/{id}/client-credentials/{client_id}", tag = "api-tokens", summary = "Deletes an API token; what it issued stops working",
    params(ProjectPath, ("client_id" = String, Path, description = "The token's client id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 204, description = "Deleted"),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    Path((_, client_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = scope.audit();
    let ProjectScope {
        project, caller, ..
    } = scope;
    let id = project.id;
    check_grant(&state, &caller, &id, &client_id).await?;
    let key = client_id.clone();
    let removed = state
        .db
        .call(move |conn| db::credentials::delete(conn, &id, &key, &audit))
        .await?;
    if !removed {
        return Err(no_such_token(&client_id));
    }
    tracing::info!(%client_id, "API token deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/projects/{id}/client-credentials/{client_id}/rotate`: a new
/// secret, shown once; the old one and its access tokens stop working.
/// Allowed on an UNAVAILABLE project too, like a delete.
#[utoipa::path(
    post, path = "/api/projects/{id}/client-credentials/{client_id}/rotate", tag = "api-tokens", summary = "Gives an API token a new secret, shown once; the old one stops working",
    params(ProjectPath, ("client_id" = String, Path, description = "The token's client id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The token and its new secret, shown this once", body = ClientCredentialWithSecret),
    )
)]
pub(crate) async fn rotate(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    Path((_, client_id)): Path<(String, String)>,
) -> Result<Json<ClientCredentialWithSecret>, ApiError> {
    let audit = scope.audit();
    let ProjectScope {
        project, caller, ..
    } = scope;
    let id = project.id;
    check_grant(&state, &caller, &id, &client_id).await?;
    let secret = secrets::new_secret("cs_")?;
    let hash = secrets::digest(&secret);
    let key = client_id.clone();
    let rotated = state
        .db
        .call(move |conn| db::credentials::rotate(conn, &id, &key, &hash, &audit))
        .await?;
    let credential = rotated.ok_or_else(|| no_such_token(&client_id))?;
    tracing::info!(%client_id, "API token regenerated");
    Ok(Json(ClientCredentialWithSecret { credential, secret }))
}

/// A 403 unless the caller may act on a token with the roles `client_id` has.
async fn check_grant(
    state: &AppState,
    caller: &Caller,
    project: &api_types::ProjectId,
    client_id: &str,
) -> Result<(), ApiError> {
    let (project, key) = (project.clone(), client_id.to_string());
    let target = state
        .db
        .call(move |conn| db::credentials::get(conn, &project, &key))
        .await?
        .ok_or_else(|| no_such_token(client_id))?;
    let roles: Vec<RoleKey> = target.roles.iter().map(|r| r.key).collect();
    if caller.may_grant(&roles) {
        Ok(())
    } else {
        Err(escalation())
    }
}

fn escalation() -> ApiError {
    ApiError::Forbidden(
        "No one can create, regenerate or delete a token with a role above their own.".into(),
    )
}

fn no_such_token(client_id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "This project has no API token with the client id {client_id}."
    ))
}
