//! The HTTP surface: the API under `/api`, one router per resource, and the
//! built console for every other path.

pub mod error;
mod health;
mod projects;

use crate::AppState;
use axum::http::{header, HeaderValue};
use axum::Router;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole application. With `static_dir`, the built console is served
/// from it and any path that is neither an API endpoint nor a file answers
/// the console's `index.html`, so that deep links can be reloaded.
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let api = Router::new()
        .merge(health::routes())
        .merge(projects::routes())
        .fallback(error::no_such_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);

    let mut app = Router::new().nest("/api", api);
    if let Some(dir) = static_dir {
        let index = ServeFile::new(dir.join("index.html"));
        app = app.fallback_service(ServeDir::new(dir).fallback(index));
    }
    app.layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(CompressionLayer::new())
    .layer(TraceLayer::new_for_http())
}
