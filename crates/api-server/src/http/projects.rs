//! `/api/projects`: list and read projects.

use super::auth::{
    authenticate, authorize, ensure_available, load_project, project_id, Caller, Need,
};
use super::error::{ApiError, JsonBody};
use crate::db::projects::{self, Renamed};
use crate::AppState;
use api_types::{
    validate_project_name, FieldError, ListResponse, Project, ProjectId, ProjectListQuery,
    RenameProject,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(read).patch(rename))
}

/// `GET /api/projects?page&page_size&sort&sort_dir&partial_name`
async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Project>>, ApiError> {
    if let Caller::Token(issued) = authenticate(&state, &headers).await? {
        return Err(ApiError::Forbidden(format!(
            "An access token works within its own project: read it at /api/projects/{}.",
            issued.project_id
        )));
    }
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let query = ProjectListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let page = state
        .db
        .call(move |conn| projects::list(conn, &query))
        .await?;
    Ok(Json(page))
}

/// `GET /api/projects/{id}`
async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Project>, ApiError> {
    let id = ProjectId::parse(&id).map_err(|e| FieldError::new("id", e.to_string()))?;
    authorize(&state, &headers, &id, Need::Read).await?;
    let lookup = id.clone();
    match state
        .db
        .call(move |conn| projects::get(conn, &lookup))
        .await?
    {
        Some(project) => Ok(Json(project)),
        None => Err(ApiError::NotFound(format!("No project has the id {id}."))),
    }
}

/// `PATCH /api/projects/{id}` with `{"name"}`: renames the project. The name
/// is unique in the organisation regardless of case.
async fn rename(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RenameProject>,
) -> Result<Json<Project>, ApiError> {
    let id = project_id(&id)?;
    authorize(&state, &headers, &id, Need::ManageProject).await?;
    let project = load_project(&state, &id).await?;
    let name = validate_project_name(&body.name).map_err(ApiError::Invalid)?;
    ensure_available(&project)?;
    let wanted = name.clone();
    let outcome = state
        .db
        .call(move |conn| projects::rename(conn, &id, &wanted))
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
