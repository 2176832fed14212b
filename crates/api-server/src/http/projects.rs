//! `/api/projects`: list and read projects.

use super::auth::{authenticate, ensure_available, Identity};
use super::error::{ApiError, JsonBody};
use super::responses::InternalError;
use super::responses::{BodyErrors, ProjectErrors};
use super::scope::{ManageProject, ProjectPath, ProjectScope, Read};
use crate::db::projects::{self, Renamed};
use crate::AppState;
use api_types::{
    validate_project_name, Cloud, ErrorBody, FieldError, ListResponse, Project, ProjectListQuery,
    ProjectSort, ProjectState, ProjectSummary, RenameProject, SortDir,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, read, rename))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(read).patch(rename))
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
