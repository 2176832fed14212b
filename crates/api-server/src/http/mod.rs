//! The HTTP surface: the API under `/api`, one router per resource, and the
//! built console for every other path.

pub mod auth;
mod credentials;
pub mod error;
mod health;
mod kafka;
pub mod openapi;
mod projects;

use crate::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
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
        .merge(credentials::routes())
        .merge(kafka::routes())
        .merge(auth::routes())
        .merge(openapi::routes())
        .fallback(error::no_such_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);

    let mut app = Router::new().nest("/api", api);
    if let Some(dir) = static_dir {
        // Release builds ship .br and .gz copies of their assets: they are
        // sent as they are (the compression layer leaves an encoded answer
        // alone), and only the API is compressed on the fly.
        let index = ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        app = app.merge(
            Router::new()
                .fallback_service(files)
                .layer(middleware::from_fn(cache_policy)),
        );
    }
    app.layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(CompressionLayer::new())
    .layer(TraceLayer::new_for_http())
}

/// Trunk names each built asset after a hash of its content, so a browser
/// may keep those for good; `index.html` and any other file is checked again
/// on each visit, so that a new build is picked up at once.
async fn cache_policy(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    // A missing asset is answered with index.html, which must not stick.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let immutable = immutable && !is_html;
    if response.status().is_success() {
        let policy = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// `console-a78c726cb5710fc9_bg.wasm`: a name with a 16-hex-digit hash.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/console-a78c726cb5710fc9_bg.wasm"));
        assert!(is_hashed_asset("/console-a78c726cb5710fc9.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset(
            "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41"
        ));
        assert!(!is_hashed_asset("/console-a78c726cb5710fc.js"));
        assert!(!is_hashed_asset("/"));
    }
}
