//! The activity log, read-only: a project's entries for its members
//! (`/api/projects/{id}/activity`), the whole organisation's for
//! organisation admins (`/api/activity`), each as pages or as a CSV file.
//! Nothing here writes: entries are made by the changes themselves.

use super::auth::{authenticate, Identity};
use super::error::ApiError;
use super::responses::{ProjectErrors, SignedInErrors};
use super::scope::{ProjectPath, ProjectScope, Read};
use crate::db::activity::{self, Scope};
use crate::AppState;
use api_types::{
    ActivityAction, ActivityEntry, ActivityQuery, ErrorBody, FieldError, ListResponse,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(project_page, project_export, organisation_page, organisation_export))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/activity", get(project_page))
        .route("/projects/{id}/activity/export", get(project_export))
        .route("/activity", get(organisation_page))
        .route("/activity/export", get(organisation_export))
}

/// The query of an activity page, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct Filters {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::page_size)]
    page_size: Option<u32>,
    /// A case-insensitive part of the actor's name, email, token
    /// description or client id; at most 100 characters.
    #[param(max_length = 100)]
    actor: Option<String>,
    /// Only this action.
    action: Option<ActivityAction>,
    /// From this day (UTC), inclusive: YYYY-MM-DD.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Up to this day (UTC), inclusive: YYYY-MM-DD. Before `from`, nothing
    /// matches.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
}

fn read_query(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<ActivityQuery, ApiError> {
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    Ok(ActivityQuery::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// An organisation admin signed in to the console, or a 403.
async fn organisation_admin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match authenticate(state, headers).await? {
        Identity::User(viewer) if viewer.organisation_admin => Ok(()),
        Identity::User(_) => Err(ApiError::Forbidden(
            "Only an organisation admin can read the whole organisation's activity; each project's is on its own page."
                .into(),
        )),
        Identity::Token(issued) => Err(ApiError::Forbidden(format!(
            "An access token works within its own project: read its activity at /api/projects/{}/activity.",
            issued.project_id
        ))),
    }
}

async fn page(
    state: &AppState,
    scope: Scope,
    query: ActivityQuery,
) -> Result<Json<ListResponse<ActivityEntry>>, ApiError> {
    Ok(Json(
        state
            .db
            .call(move |conn| activity::list(conn, &scope, &query))
            .await?,
    ))
}

/// The CSV file of every entry matching the query, newest first.
async fn export(
    state: &AppState,
    scope: Scope,
    query: ActivityQuery,
    name: &str,
) -> Result<Response, ApiError> {
    let (entries, more) = state
        .db
        .call(move |conn| activity::export(conn, &scope, &query))
        .await?;
    let mut body = String::from(api_types::CSV_HEADER);
    body.push_str("\r\n");
    for entry in &entries {
        body.push_str(&api_types::csv_line(entry));
        body.push_str("\r\n");
    }
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if more {
        headers.insert(
            "x-truncated",
            HeaderValue::from_static("the newest 10000 entries"),
        );
    }
    Ok(response)
}

/// `GET /api/projects/{id}/activity`
#[utoipa::path(
    get, path = "/api/projects/{id}/activity", tag = "activity", summary = "The project's activity log, newest first (any role)",
    params(ProjectPath, Filters),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "One page of entries", body = ListResponse<ActivityEntry>),
    )
)]
pub(crate) async fn project_page(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<ActivityEntry>>, ApiError> {
    let query = read_query(query)?;
    page(&state, Scope::Project(scope.project.id), query).await
}

/// `GET /api/projects/{id}/activity/export`
#[utoipa::path(
    get, path = "/api/projects/{id}/activity/export", tag = "activity", summary = "The project's activity log as a CSV file: every entry matching the filters, newest first, up to 10000 (any role)",
    params(ProjectPath, Filters),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The CSV file; an X-Truncated header says when more entries matched than it holds", body = String, content_type = "text/csv"),
    )
)]
pub(crate) async fn project_export(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = read_query(query)?;
    let name = format!("activity-{}.csv", scope.project.id);
    export(&state, Scope::Project(scope.project.id), query, &name).await
}

/// `GET /api/activity`
#[utoipa::path(
    get, path = "/api/activity", tag = "activity", summary = "The whole organisation's activity log, newest first (organisation admins)",
    params(Filters),
    responses(
        SignedInErrors,
        (status = 200, description = "One page of entries", body = ListResponse<ActivityEntry>),
        (status = 400, description = "A malformed query value; `field` names it", body = ErrorBody),
        (status = 403, description = "Only an organisation admin signed in to the console may do this", body = ErrorBody),
    )
)]
pub(crate) async fn organisation_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<ActivityEntry>>, ApiError> {
    organisation_admin(&state, &headers).await?;
    let query = read_query(query)?;
    page(&state, Scope::Organisation, query).await
}

/// `GET /api/activity/export`
#[utoipa::path(
    get, path = "/api/activity/export", tag = "activity", summary = "The whole organisation's activity log as a CSV file, up to 10000 entries (organisation admins)",
    params(Filters),
    responses(
        SignedInErrors,
        (status = 200, description = "The CSV file; an X-Truncated header says when more entries matched than it holds", body = String, content_type = "text/csv"),
        (status = 400, description = "A malformed query value; `field` names it", body = ErrorBody),
        (status = 403, description = "Only an organisation admin signed in to the console may do this", body = ErrorBody),
    )
)]
pub(crate) async fn organisation_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    organisation_admin(&state, &headers).await?;
    let query = read_query(query)?;
    export(&state, Scope::Organisation, query, "activity.csv").await
}
