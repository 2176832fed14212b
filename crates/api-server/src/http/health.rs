//! `/api/health`: whether the server and its database answer.

use super::error::ApiError;
use crate::params;
use crate::AppState;
use api_types::{ErrorBody, Health};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(health))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[utoipa::path(
    get, path = "/api/health", tag = "health", summary = "Whether the server and its database answer",
    responses((status = 200, description = "The server works", body = Health), (status = 500, description = "An internal failure, logged by the server; never caused by bad input", body = ErrorBody))
)]
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state
        .db
        .call(|conn| {
            conn.query_row("SELECT CAST(1 AS BIGINT)", params![], |r| {
                r.get::<_, i64>(0)
            })
        })
        .await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
