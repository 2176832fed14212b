//! Access to a project one is not a member of: whom to ask, asking, and
//! a project's Admins or the organisation admins granting or declining.

use super::auth::console_user;
use super::error::{ApiError, JsonBody};
use super::responses::SignedInErrors;
use super::scope::ProjectPath;
use super::session::{audit_of, ClientAddr};
use crate::db::access::{self, Decided, Decision, Filed};
use crate::db::projects;
use crate::db::users::Viewer;
use crate::{secrets, AppState};
use api_types::{
    AccessRequest, DeclineAccess, ErrorBody, FieldError, GrantAccess, ListResponse,
    NewAccessRequest, ProjectAccess, ProjectId, QueuePart, QueueQuery,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(access_of, request, queue, grant, decline, cancel))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/access", get(access_of))
        .route("/projects/{id}/access-requests", post(request))
        .route("/access-requests", get(queue))
        .route("/access-requests/{id}/grant", post(grant))
        .route("/access-requests/{id}/decline", post(decline))
        .route("/access-requests/{id}/cancel", post(cancel))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// The signed-in user: an API token already works in its one project.
async fn user(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ApiError> {
    console_user(
        state,
        headers,
        "An access token works within its own project: access to projects is asked for signed in to the console.",
    )
    .await
}

/// The project id of a path, or the error naming it.
fn project_id(raw: &str) -> Result<ProjectId, ApiError> {
    Ok(ProjectId::parse(raw).map_err(|e| FieldError::new("id", e.to_string()))?)
}

fn no_such_project(id: &ProjectId) -> ApiError {
    ApiError::NotFound(format!("No project has the id {id}."))
}

fn no_such_request(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no access request {id}."))
}

/// `GET /api/projects/{id}/access`
#[utoipa::path(
    get, path = "/api/projects/{id}/access", tag = "access", summary = "The caller's role on a project, who can grant access to it, and the caller's latest access request (any signed-in member, with or without a role)",
    params(ProjectPath),
    responses(
        SignedInErrors,
        (status = 200, description = "Access to the project", body = ProjectAccess),
        (status = 400, description = "The id is not a project id", body = ErrorBody),
        (status = 403, description = "An access token cannot use this", body = ErrorBody),
        (status = 404, description = "No project has this id", body = ErrorBody),
    )
)]
pub(crate) async fn access_of(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ProjectAccess>, ApiError> {
    let id = project_id(&id)?;
    let viewer = user(&state, &headers).await?;
    let key = id.clone();
    let access = state
        .db
        .call(move |conn| match projects::get(conn, &key)? {
            Some(project) => access::access_of(conn, &viewer, &project).map(Some),
            None => Ok(None),
        })
        .await?;
    Ok(Json(access.ok_or_else(|| no_such_project(&id))?))
}

/// `POST /api/projects/{id}/access-requests`
#[utoipa::path(
    post, path = "/api/projects/{id}/access-requests", tag = "access", summary = "Asks the project's Admins and the organisation admins for a role on it",
    params(ProjectPath),
    request_body = NewAccessRequest,
    responses(
        SignedInErrors,
        (status = 201, description = "The request, pending", body = AccessRequest),
        (status = 400, description = "The id is not a project id, or the body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 403, description = "An access token cannot use this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "No project has this id", body = ErrorBody),
        (status = 409, description = "The caller already has a role on the project, or already asked and is waiting", body = ErrorBody),
        (status = 422, description = "The note is too long or holds control characters (`field` is note)", body = ErrorBody),
    )
)]
pub(crate) async fn request(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<NewAccessRequest>,
) -> Result<(StatusCode, Json<AccessRequest>), ApiError> {
    let id = project_id(&id)?;
    let viewer = user(&state, &headers).await?;
    let note = body.validate().map_err(ApiError::Invalid)?;
    let audit = audit_of(&viewer, address);
    let request_id = secrets::new_client_id()?;
    let key = id.clone();
    let role = body.role;
    let outcome = state
        .db
        .call(move |conn| {
            let Some(project) = projects::get(conn, &key)? else {
                return Ok(None);
            };
            access::insert(conn, &request_id, &viewer, &key, role, &note, &audit)
                .map(|filed| Some((filed, project.name)))
        })
        .await?;
    let Some((filed, name)) = outcome else {
        return Err(no_such_project(&id));
    };
    match filed {
        Filed::Done(request) => {
            tracing::info!(id = %request.id, project = %id, "access requested");
            Ok((StatusCode::CREATED, Json(*request)))
        }
        Filed::Member(role) => Err(ApiError::Conflict {
            message: format!("You already have access to {name}, as {}.", role.name()),
            field: None,
        }),
        Filed::Pending(request) => Err(ApiError::Conflict {
            message: format!(
                "You already asked for access to {name} (as {}) and are waiting for an answer. Cancel that request to ask for another role.",
                request.role.name()
            ),
            field: None,
        }),
    }
}

/// `GET /api/access-requests?state&page&page_size`
#[utoipa::path(
    get, path = "/api/access-requests", tag = "access", summary = "The access requests the caller may decide, a page at a time: on the projects they are Admin of, or on every project for an organisation admin. Pending ones oldest first, or the settled ones most recently decided first",
    params(
        ("state" = Option<QueuePart>, Query, description = "pending (default) or settled"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 4294967295.0, description = "Page number, from 1"),
        ("page_size" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Items per page, 1 to 100; 50 by default"),
    ),
    responses(
        SignedInErrors,
        (status = 200, description = "One page of requests (empty for someone who may decide none)", body = ListResponse<AccessRequest>),
        (status = 400, description = "A malformed query value; `field` names it", body = ErrorBody),
        (status = 403, description = "An access token cannot use this", body = ErrorBody),
    )
)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<AccessRequest>>, ApiError> {
    let viewer = user(&state, &headers).await?;
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let query = QueueQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let page = state
        .db
        .call(move |conn| access::queue(conn, &viewer, &query))
        .await?;
    Ok(Json(page))
}

/// Carries out `decision` on request `id` for the caller.
async fn settle(
    state: &AppState,
    headers: &HeaderMap,
    address: Option<std::net::IpAddr>,
    id: String,
    decision: Decision,
) -> Result<Json<AccessRequest>, ApiError> {
    let viewer = user(state, headers).await?;
    let audit = audit_of(&viewer, address);
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| access::decide(conn, &key, &viewer, &decision, &audit))
        .await?;
    match outcome {
        Decided::Done(request) => {
            tracing::info!(id = %request.id, state = request.state.as_str(), "access request settled");
            Ok(Json(*request))
        }
        Decided::Missing => Err(no_such_request(&id)),
        Decided::NotAllowed(request) => Err(ApiError::Forbidden(format!(
            "Only an Admin of {} or an organisation admin can answer this request.",
            request.project_name
        ))),
        Decided::Settled(state) => Err(ApiError::Conflict {
            message: format!(
                "This request was already {}; it cannot change again.",
                state.as_str()
            ),
            field: None,
        }),
    }
}

/// `POST /api/access-requests/{id}/grant` with `{"role"}`.
#[utoipa::path(
    post, path = "/api/access-requests/{id}/grant", tag = "access", summary = "Gives the requester a role on the project at once: the one asked for, or `role` (an Admin of the project, or an organisation admin)",
    params(("id" = String, Path, description = "The request id")),
    request_body = GrantAccess,
    responses(
        SignedInErrors,
        (status = 200, description = "The request, granted", body = AccessRequest),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 403, description = "Only the project's Admins and organisation admins may answer; an access token cannot use this; or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "There is no such request among those the caller may see", body = ErrorBody),
        (status = 409, description = "The request is no longer pending", body = ErrorBody),
    )
)]
pub(crate) async fn grant(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<GrantAccess>,
) -> Result<Json<AccessRequest>, ApiError> {
    settle(&state, &headers, address, id, Decision::Grant(body.role)).await
}

/// `POST /api/access-requests/{id}/decline` with `{"reason"}`.
#[utoipa::path(
    post, path = "/api/access-requests/{id}/decline", tag = "access", summary = "Declines a request, perhaps saying why (an Admin of the project, or an organisation admin)",
    params(("id" = String, Path, description = "The request id")),
    request_body = DeclineAccess,
    responses(
        SignedInErrors,
        (status = 200, description = "The request, declined", body = AccessRequest),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 403, description = "Only the project's Admins and organisation admins may answer; an access token cannot use this; or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "There is no such request among those the caller may see", body = ErrorBody),
        (status = 409, description = "The request is no longer pending", body = ErrorBody),
        (status = 422, description = "The reason is too long or holds control characters (`field` is reason)", body = ErrorBody),
    )
)]
pub(crate) async fn decline(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<DeclineAccess>,
) -> Result<Json<AccessRequest>, ApiError> {
    let reason = body.validate().map_err(ApiError::Invalid)?;
    settle(&state, &headers, address, id, Decision::Decline(reason)).await
}

/// `POST /api/access-requests/{id}/cancel`
#[utoipa::path(
    post, path = "/api/access-requests/{id}/cancel", tag = "access", summary = "Withdraws a pending access request (its requester)",
    params(("id" = String, Path, description = "The request id")),
    responses(
        SignedInErrors,
        (status = 200, description = "The request, cancelled", body = AccessRequest),
        (status = 403, description = "An access token cannot use this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "There is no such request among the caller's", body = ErrorBody),
        (status = 409, description = "The request is no longer pending", body = ErrorBody),
    )
)]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<AccessRequest>, ApiError> {
    settle(&state, &headers, address, id, Decision::Cancel).await
}
