//! `/api/projects/{id}/usage` and `/api/usage`: bytes moved and billable
//! volume, from the simulated data plane's stored buckets.

use super::auth::console_user;
use super::error::ApiError;
use super::responses::{ProjectErrors, SignedInErrors};
use super::scope::{ProjectPath, ProjectScope, Read};
use crate::db::usage as db;
use crate::AppState;
use api_types::overview::ProjectOverview;
use api_types::usage::{OrganisationUsage, ProjectUsage, UsageWindow};
use api_types::{ErrorBody, FieldError};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};

/// This resource's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(project, organisation, overview))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/usage", get(project))
        .route("/usage", get(organisation))
        .route("/projects/{id}/overview", get(overview))
}

/// The query of a usage answer.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct WindowQuery {
    /// `1h` (minute buckets), `1d` or `7d` (hour buckets), `30d` (default),
    /// `90d` or `365d` (day buckets).
    window: Option<UsageWindow>,
}

fn window(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<UsageWindow, ApiError> {
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    match pairs.iter().rev().find(|(k, _)| k == "window") {
        None => Ok(UsageWindow::default()),
        Some((_, v)) => UsageWindow::parse(v).ok_or_else(|| {
            ApiError::from(FieldError::new(
                "window",
                format!("window is 1h, 1d, 7d, 30d, 90d or 365d, not '{v}'"),
            ))
        }),
    }
}

/// `GET /api/projects/{id}/usage`
#[utoipa::path(
    get, path = "/api/projects/{id}/usage", tag = "usage", summary = "A project's inbound, outbound and billable bytes over a window, by bucket and by connector (simulated)",
    description = "Billable volume is the larger of inbound and outbound bytes in each hour (each minute, for the one-hour window), added up; the buckets add up to the totals. An UNAVAILABLE project accrues nothing while it is unavailable.",
    params(ProjectPath, WindowQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The window's buckets, totals and breakdown", body = ProjectUsage),
    )
)]
pub(crate) async fn project(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ProjectUsage>, ApiError> {
    let window = window(query)?;
    let id = scope.project.id.clone();
    let now = crate::clock::data_plane_now();
    Ok(Json(
        state
            .db
            .call(move |conn| db::project(conn, &id, window, now))
            .await?,
    ))
}

/// `GET /api/usage`
#[utoipa::path(
    get, path = "/api/usage", tag = "usage", summary = "The organisation's usage: one total per project (none for a project the caller has no role on)",
    params(WindowQuery),
    responses(
        SignedInErrors,
        (status = 200, description = "Every project, by name, with its totals when the caller may see them", body = OrganisationUsage),
        (status = 400, description = "`window` is not one of the windows", body = ErrorBody),
        (status = 403, description = "An API token asked: it belongs to one project", body = ErrorBody),
    )
)]
pub(crate) async fn organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<OrganisationUsage>, ApiError> {
    let window = window(query)?;
    let viewer = console_user(
        &state,
        &headers,
        "An API token belongs to one project: ask for that project's usage at /api/projects/{id}/usage.",
    )
    .await?;
    let now = crate::clock::data_plane_now();
    Ok(Json(
        state
            .db
            .call(move |conn| db::organisation(conn, &viewer, window, now))
            .await?,
    ))
}

/// `GET /api/projects/{id}/overview`
#[utoipa::path(
    get, path = "/api/projects/{id}/overview", tag = "projects", summary = "What a project's dashboard shows: its resources' counts, what needs attention, the last day's throughput and the month's billable volume so far (simulated)",
    description = "Health lists Broken connectors and pipelines as issues, and as warnings paused destinations that records wait for and pipelines whose latency is over a minute; it is empty when all is well. Anyone with a role on the project may read it, an UNAVAILABLE project's too.",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The project's overview", body = ProjectOverview),
    )
)]
pub(crate) async fn overview(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
) -> Result<Json<ProjectOverview>, ApiError> {
    let id = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    Ok(Json(
        state
            .db
            .call(move |conn| crate::db::overview::overview(conn, &id, now, dp_now))
            .await?,
    ))
}
