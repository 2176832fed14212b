//! `/api/projects`: list and read projects.

use super::error::ApiError;
use crate::db::projects;
use crate::AppState;
use api_types::{FieldError, ListResponse, Project, ProjectId, ProjectListQuery};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(read))
}

/// `GET /api/projects?page&page_size&sort&sort_dir&partial_name`
async fn list(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Project>>, ApiError> {
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
    Path(id): Path<String>,
) -> Result<Json<Project>, ApiError> {
    let id = ProjectId::parse(&id).map_err(|e| FieldError::new("id", e.to_string()))?;
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
