//! `/api/project-requests`: asking for a new project, and support
//! provisioning or declining it.

use super::auth::console_user;
use super::error::{ApiError, JsonBody};
use super::responses::SignedInErrors;
use super::session::{audit_of, ClientAddr};
use crate::db::projects;
use crate::db::requests::{self, Closed, Provisioned};
use crate::db::users::Viewer;
use crate::{secrets, AppState};
use api_types::{
    DeclineProjectRequest, ErrorBody, FieldError, ListResponse, NewProjectRequest, ProjectRequest,
    QueuePart, QueueQuery, RequestState, RequestTiming,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, timing, queue, create, cancel, provision, decline))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/project-requests", get(list).post(create))
        .route("/project-requests/timing", get(timing))
        .route("/support/project-requests", get(queue))
        .route("/project-requests/{id}/cancel", post(cancel))
        .route("/project-requests/{id}/provision", post(provision))
        .route("/project-requests/{id}/decline", post(decline))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// The signed-in user; API tokens work within one project and cannot ask
/// for another.
async fn user(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ApiError> {
    console_user(
        state,
        headers,
        "An access token works within its own project: project requests are made signed in to the console.",
    )
    .await
}

/// Support staff, or a 403 that says who may do this.
async fn support(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ApiError> {
    let viewer = user(state, headers).await?;
    if !viewer.support {
        return Err(ApiError::Forbidden(
            "Only support can provision or decline a project request.".into(),
        ));
    }
    Ok(viewer)
}

fn no_such_request(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no project request {id}."))
}

fn already(state: RequestState) -> ApiError {
    ApiError::Conflict {
        message: format!(
            "This request was already {}; it cannot change again.",
            state.as_str()
        ),
        field: None,
    }
}

/// Most pending requests one user may have at once.
pub const MAX_PENDING_REQUESTS: usize = 10;

fn name_taken(name: &str) -> ApiError {
    ApiError::Conflict {
        message: format!("A project is already called {name}. Propose another name."),
        field: Some("name"),
    }
}

/// `GET /api/project-requests`
#[utoipa::path(
    get, path = "/api/project-requests", tag = "project-requests", summary = "The caller's own project requests, newest first (support's queue is /api/support/project-requests)",
    responses(
        SignedInErrors,
        (status = 200, description = "The requests", body = Vec<ProjectRequest>),
        (status = 403, description = "An access token cannot use this", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<ProjectRequest>>, ApiError> {
    let viewer = user(&state, &headers).await?;
    let list = state
        .db
        .call(move |conn| requests::list(conn, &viewer))
        .await?;
    Ok(Json(list))
}

/// How many of the latest provisioned requests the timing is taken from.
const TIMING_SAMPLE: i64 = 20;

/// `GET /api/project-requests/timing`
#[utoipa::path(
    get, path = "/api/project-requests/timing", tag = "project-requests", summary = "How long support took to provision the latest requests (at most 20), from filing to provisioning: their median and the longest",
    responses(
        SignedInErrors,
        (status = 200, description = "The figures; without a median when nothing was provisioned yet", body = RequestTiming),
        (status = 403, description = "An access token cannot use this", body = ErrorBody),
    )
)]
pub(crate) async fn timing(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<RequestTiming>, ApiError> {
    user(&state, &headers).await?;
    let seconds = state
        .db
        .call(|conn| requests::provisioning_seconds(conn, TIMING_SAMPLE))
        .await?;
    Ok(Json(RequestTiming::of(seconds)))
}

/// `GET /api/support/project-requests?state&page&page_size`
#[utoipa::path(
    get, path = "/api/support/project-requests", tag = "project-requests", summary = "Support's queue, a page at a time: the pending requests oldest first, or the settled ones most recently decided first",
    params(
        ("state" = Option<QueuePart>, Query, description = "pending (default) or settled"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 4294967295.0, description = "Page number, from 1"),
        ("page_size" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Items per page, 1 to 100; 50 by default"),
    ),
    responses(
        SignedInErrors,
        (status = 200, description = "One page of requests", body = ListResponse<ProjectRequest>),
        (status = 400, description = "A malformed query value; `field` names it", body = ErrorBody),
        (status = 403, description = "Only support sees the queue; an access token cannot use this", body = ErrorBody),
    )
)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<ProjectRequest>>, ApiError> {
    let viewer = user(&state, &headers).await?;
    if !viewer.support {
        return Err(ApiError::Forbidden(
            "Only support can see the queue of project requests.".into(),
        ));
    }
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let query = QueueQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let page = state
        .db
        .call(move |conn| requests::queue(conn, &query))
        .await?;
    Ok(Json(page))
}

/// `POST /api/project-requests`
#[utoipa::path(
    post, path = "/api/project-requests", tag = "project-requests", summary = "Asks support for a new project",
    request_body = NewProjectRequest,
    responses(
        SignedInErrors,
        (status = 201, description = "The request, pending", body = ProjectRequest),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 403, description = "An access token cannot use this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 409, description = "A project, or another pending request, already has the proposed name or one that looks the same (`field` is name; another user's request is not named); or the caller already has 10 pending requests", body = ErrorBody),
        (status = 422, description = "A value breaks a rule; `field` names the first one found", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewProjectRequest>,
) -> Result<(StatusCode, Json<ProjectRequest>), ApiError> {
    let viewer = user(&state, &headers).await?;
    let audit = audit_of(&viewer, address);
    let checked = body
        .validate()
        .map_err(|mut errors| ApiError::Invalid(errors.remove(0)))?;
    let id = secrets::new_client_id()?;
    let outcome = state
        .db
        .call(move |conn| {
            let tx = conn.write_tx()?;
            if projects::name_taken(&tx, &checked.name)? {
                return Ok(Err(name_taken(&checked.name)));
            }
            match requests::name_pending(&tx, &checked.name)? {
                Some(by) if by == viewer.user_id => {
                    return Ok(Err(ApiError::Conflict {
                        message: format!(
                            "Your pending request already proposes {}. Cancel it, or propose another name.",
                            checked.name
                        ),
                        field: Some("name"),
                    }));
                }
                // Someone else's request is theirs to know about: the
                // answer says only that the name cannot be had.
                Some(_) => {
                    return Ok(Err(ApiError::Conflict {
                        message: format!(
                            "The name {} is not available. Propose another name.",
                            checked.name
                        ),
                        field: Some("name"),
                    }));
                }
                None => {}
            }
            if requests::pending_of(&tx, &viewer.user_id)? >= MAX_PENDING_REQUESTS {
                return Ok(Err(ApiError::Conflict {
                    message: format!(
                        "You have {MAX_PENDING_REQUESTS} pending requests, the most one person may have. Wait for support to decide one, or cancel one."
                    ),
                    field: None,
                }));
            }
            let filed = requests::insert(&tx, &id, &viewer.user_id, &checked, &audit)?;
            tx.commit()?;
            Ok(Ok(filed))
        })
        .await?;
    let request = outcome?;
    tracing::info!(id = %request.id, "project requested");
    Ok((StatusCode::CREATED, Json(request)))
}

/// `POST /api/project-requests/{id}/cancel`
#[utoipa::path(
    post, path = "/api/project-requests/{id}/cancel", tag = "project-requests", summary = "Withdraws a pending request (its requester)",
    params(("id" = String, Path, description = "The request id")),
    responses(
        SignedInErrors,
        (status = 200, description = "The request, cancelled", body = ProjectRequest),
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
) -> Result<Json<ProjectRequest>, ApiError> {
    let viewer = user(&state, &headers).await?;
    let audit = audit_of(&viewer, address);
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| {
            // Someone else's request does not exist, as far as they know.
            let only_by = Some(viewer.user_id.as_str());
            requests::close(conn, &key, RequestState::Cancelled, None, only_by, &audit)
        })
        .await?;
    Ok(Json(closed(outcome, &id)?))
}

/// The request a close left, or the error saying why there is none.
fn closed(outcome: Closed, id: &str) -> Result<ProjectRequest, ApiError> {
    match outcome {
        Closed::Done(request) => Ok(*request),
        Closed::Missing => Err(no_such_request(id)),
        Closed::Settled(state) => Err(already(state)),
    }
}

/// `POST /api/project-requests/{id}/provision`
#[utoipa::path(
    post, path = "/api/project-requests/{id}/provision", tag = "project-requests", summary = "Creates the requested project, with its requester as Admin (support)",
    params(("id" = String, Path, description = "The request id")),
    responses(
        SignedInErrors,
        (status = 200, description = "The request, provisioned, with its project's id", body = ProjectRequest),
        (status = 403, description = "Only support may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "There is no such request", body = ErrorBody),
        (status = 409, description = "The request is no longer pending, or a project took its name meanwhile (`field` is name)", body = ErrorBody),
    )
)]
pub(crate) async fn provision(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ProjectRequest>, ApiError> {
    let audit = audit_of(&support(&state, &headers).await?, address);
    let project_id = secrets::new_project_id()?;
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| requests::provision(conn, &key, project_id, &audit))
        .await?;
    match outcome {
        Provisioned::Done(request, project) => {
            tracing::info!(request = %request.id, project = %project.id, "project provisioned");
            Ok(Json(*request))
        }
        Provisioned::Missing => Err(no_such_request(&id)),
        Provisioned::Settled(state) => Err(already(state)),
        Provisioned::NameTaken(name) => Err(name_taken(&name)),
    }
}

/// `POST /api/project-requests/{id}/decline` with `{"reason"}`.
#[utoipa::path(
    post, path = "/api/project-requests/{id}/decline", tag = "project-requests", summary = "Declines a request, saying why (support)",
    params(("id" = String, Path, description = "The request id")),
    request_body = DeclineProjectRequest,
    responses(
        SignedInErrors,
        (status = 200, description = "The request, declined", body = ProjectRequest),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (16 KiB)", body = ErrorBody),
        (status = 403, description = "Only support may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "There is no such request", body = ErrorBody),
        (status = 409, description = "The request is no longer pending", body = ErrorBody),
        (status = 422, description = "The reason is empty or too long (`field` is reason)", body = ErrorBody),
    )
)]
pub(crate) async fn decline(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<DeclineProjectRequest>,
) -> Result<Json<ProjectRequest>, ApiError> {
    let audit = audit_of(&support(&state, &headers).await?, address);
    let reason = body.validate().map_err(ApiError::Invalid)?;
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| {
            let declined = RequestState::Declined;
            requests::close(conn, &key, declined, Some(&reason), None, &audit)
        })
        .await?;
    let request = closed(outcome, &id)?;
    tracing::info!(request = %request.id, "project request declined");
    Ok(Json(request))
}
