//! `/api/projects`: list and read projects.

use super::auth::{authenticate, ensure_available, Identity};
use super::error::{ApiError, JsonBody};
use super::responses::InternalError;
use super::responses::{BodyErrors, ProjectErrors};
use super::scope::{ManageProject, ProjectPath, ProjectScope, Read};
use super::session::ClientAddr;
use crate::db::activity::{ActorRef, Audit};
use crate::db::projects::{self, NewPause, Renamed, StateChanged};
use crate::AppState;
use api_types::{
    validate_project_name, Cloud, ErrorBody, FieldError, ListResponse, PauseProject, Project,
    ProjectId, ProjectListQuery, ProjectSort, ProjectState, ProjectSummary, RenameProject,
    ResumeProject, SortDir,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, read, rename, pause, resume))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(read).patch(rename))
        .route("/projects/{id}/pause", axum::routing::post(pause))
        .route("/projects/{id}/resume", axum::routing::post(resume))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

/// The query of `GET /api/projects`, for the document only: the handler
/// reads the pairs itself, so that a bad value is answered with its name.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ListParams {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::page_size)]
    page_size: Option<u32>,
    /// Sort column; name by default.
    sort: Option<ProjectSort>,
    /// asc (default) or desc.
    sort_dir: Option<SortDir>,
    #[param(schema_with = api_types::schema::partial_name)]
    partial_name: Option<String>,
    /// Only projects in this state.
    state: Option<ProjectState>,
    #[param(schema_with = api_types::schema::environment_filter)]
    environment: Option<String>,
    /// Only projects on this cloud.
    cloud: Option<Cloud>,
    /// `true`: only the projects the caller can open (is a member of).
    openable: Option<bool>,
}

/// `GET /api/projects?page&page_size&sort&sort_dir&partial_name`
#[utoipa::path(
    get, path = "/api/projects", tag = "projects", summary = "The organisation's projects, a page at a time; those the caller is not a member of are locked (id, name, environment and state only)",
    params(ListParams),
    responses(
        InternalError,
        (status = 200, description = "One page of projects", body = ListResponse<ProjectSummary>),
        (status = 400, description = "A malformed id, query value or body; `field` names it", body = ErrorBody),
        (status = 401, description = "Not signed in, the session has expired, or the bearer token is not valid; the message says which", body = ErrorBody),
        (status = 403, description = "A bearer token cannot list the organisation: it works within its own project", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<ProjectSummary>>, ApiError> {
    let viewer = match authenticate(&state, &headers).await? {
        Identity::User(viewer) => viewer,
        Identity::Token(issued) => {
            return Err(ApiError::Forbidden(format!(
                "An access token works within its own project: read it at /api/projects/{}.",
                issued.project_id
            )))
        }
    };
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let query = ProjectListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let catalog = state.db.catalog();
    let page = state
        .db
        .call(move |conn| projects::list(conn, &catalog, &query, &viewer))
        .await?;
    Ok(Json(page))
}

/// `GET /api/projects/{id}`
#[utoipa::path(
    get, path = "/api/projects/{id}", tag = "projects", summary = "One project",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The project", body = Project),
    )
)]
pub(crate) async fn read(scope: ProjectScope<Read>) -> Json<Project> {
    Json(scope.project)
}

/// `PATCH /api/projects/{id}` with `{"name"}`: renames the project. The name
/// is unique in the organisation regardless of case.
#[utoipa::path(
    patch, path = "/api/projects/{id}", tag = "projects", summary = "Renames a project (Admin)",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = RenameProject,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The renamed project", body = Project),
        (status = 409, description = "Another project has that name regardless of case (`field` is name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn rename(
    State(state): State<AppState>,
    scope: ProjectScope<ManageProject>,
    JsonBody(body): JsonBody<RenameProject>,
) -> Result<Json<Project>, ApiError> {
    let audit = scope.audit();
    let project = scope.project;
    let id = project.id.clone();
    let name = validate_project_name(&body.name).map_err(ApiError::Invalid)?;
    ensure_available(&project)?;
    let wanted = name.clone();
    let outcome = state
        .db
        .call(move |conn| projects::rename(conn, &id, &wanted, &audit))
        .await?;
    match outcome {
        Renamed::Done(project) => {
            tracing::info!(id = %project.id, "project renamed");
            Ok(Json(project))
        }
        Renamed::Taken => Err(ApiError::Conflict {
            message: format!("Another project is already called {name}. Choose another name."),
            field: Some("name"),
        }),
        Renamed::Missing => Err(ApiError::NotFound(format!(
            "No project has the id {}.",
            project.id
        ))),
    }
}

/// Who asks to pause or resume a project, and the project: support staff
/// may act on any project; anyone else needs to be its Admin (a user, or
/// an API token with the Admin role).
async fn pauser(
    state: &AppState,
    headers: &HeaderMap,
    raw_id: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(Project, Audit, bool), ApiError> {
    let id = ProjectId::parse(raw_id).map_err(|e| FieldError::new("id", e.to_string()))?;
    let identity = authenticate(state, headers).await?;
    let (project, actor, support) = match identity {
        Identity::User(viewer) if viewer.support => {
            let lookup = id.clone();
            let project = state
                .db
                .call(move |conn| projects::get(conn, &lookup))
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("No project has the id {id}.")))?;
            (project, ActorRef::User(viewer.user_id), true)
        }
        identity => {
            let (project, caller) =
                super::scope::admit(state, identity, id, super::auth::Need::ManageProject).await?;
            (project, caller.actor, false)
        }
    };
    let audit = Audit {
        actor,
        address: address.map(|a| a.to_string()),
        at: crate::clock::now(),
    };
    Ok((project, audit, support))
}

/// Answers a pause or resume that was carried out, or was not needed.
fn changed(outcome: StateChanged, id: &ProjectId) -> Result<Json<Project>, ApiError> {
    match outcome {
        StateChanged::Done(project) => {
            tracing::info!(id = %project.id, state = project.state.as_str(), "project state changed");
            Ok(Json(project))
        }
        StateChanged::Already(project) => Err(ApiError::Conflict {
            message: match project.state {
                ProjectState::Unavailable => format!(
                    "{} is already UNAVAILABLE: resume it before pausing it again.",
                    project.name
                ),
                ProjectState::Available => format!("{} is already running.", project.name),
            },
            field: None,
        }),
        StateChanged::Missing => Err(ApiError::NotFound(format!("No project has the id {id}."))),
    }
}

/// `POST /api/projects/{id}/pause`
#[utoipa::path(
    post, path = "/api/projects/{id}/pause", tag = "projects", summary = "Pauses a running project, with a reason: UNAVAILABLE until resumed",
    description = "`paused` is for the project's Admins (with a note); `maintenance` (with the window's end) and `billing_hold` are for support. `confirm` must be the project's name. While paused nothing in the project can be changed, its pipelines do not process records and nothing is billed; every answer about the project says why, since when, by whom and, for maintenance, until when.",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = PauseProject,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The paused project", body = Project),
        (status = 409, description = "The project is already UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn pause(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<PauseProject>,
) -> Result<Json<Project>, ApiError> {
    let (project, audit, support) = pauser(&state, &headers, &raw, address).await?;
    if body.reason.support_only() && !support {
        return Err(ApiError::Forbidden(format!(
            "Only support can put a project {}; ask support, or pause it yourself with the reason paused.",
            match body.reason {
                api_types::PauseReason::Maintenance => "under maintenance",
                _ => "on billing hold",
            }
        )));
    }
    let checked =
        api_types::validate_pause(&body, &project.name, audit.at).map_err(ApiError::Invalid)?;
    let new = NewPause {
        reason: body.reason,
        note: checked.note,
        until: checked.until,
    };
    let id = project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let outcome = state
        .db
        .call(move |conn| projects::set_pause(conn, &id, Some(&new), &audit, dp_now))
        .await?;
    changed(outcome, &project.id)
}

/// `POST /api/projects/{id}/resume`
#[utoipa::path(
    post, path = "/api/projects/{id}/resume", tag = "projects", summary = "Resumes a paused project: AVAILABLE again",
    description = "A project its Admin paused may be resumed by its Admins or support; one under maintenance, on billing hold, or made UNAVAILABLE some other way, by support only. `confirm` must be the project's name.",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = ResumeProject,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The running project", body = Project),
        (status = 409, description = "The project is already running", body = ErrorBody),
    )
)]
pub(crate) async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(raw): axum::extract::Path<String>,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<ResumeProject>,
) -> Result<Json<Project>, ApiError> {
    let (project, audit, support) = pauser(&state, &headers, &raw, address).await?;
    let admins_may = project
        .pause
        .as_ref()
        .is_some_and(|p| !p.reason.support_only());
    if project.state == ProjectState::Unavailable && !admins_may && !support {
        let why = project
            .pause
            .as_ref()
            .map_or("was made UNAVAILABLE by support", |p| match p.reason {
                api_types::PauseReason::Maintenance => "is under maintenance",
                _ => "is on billing hold",
            });
        return Err(ApiError::Forbidden(format!(
            "{} {why}: only support can resume it.",
            project.name
        )));
    }
    api_types::check_confirmation(&body.confirm, &project.name).map_err(ApiError::Invalid)?;
    let id = project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let outcome = state
        .db
        .call(move |conn| projects::set_pause(conn, &id, None, &audit, dp_now))
        .await?;
    changed(outcome, &project.id)
}
