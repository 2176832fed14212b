//! The HTTP surface: the API under `/api`, one router per resource, and the
//! built console for every other path.

mod access;
mod activity;
pub mod auth;
mod connectors;
mod credentials;
pub mod error;
pub mod events;
mod health;
mod kafka;
pub mod limiter;
mod members;
pub mod openapi;
mod pipelines;
mod projects;
mod requests;
mod responses;
pub mod scope;
pub mod session;
mod usage;

use crate::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use sha2::Digest;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// One area of the API: its routes, relative to `/api`, and its part of
/// the OpenAPI document.
pub(crate) struct Resource {
    routes: fn() -> Router<AppState>,
    doc: fn() -> utoipa::openapi::OpenApi,
}

/// A [`Resource`] for each module named: its `routes` and its `Doc`.
macro_rules! resources {
    ($($module:ident),* $(,)?) => {
        &[$(Resource {
            routes: $module::routes,
            doc: <$module::Doc as utoipa::OpenApi>::openapi,
        }),*]
    };
}

/// Every area of the API. A new one is added here, once: the router serves
/// its routes and the document describes them.
pub(crate) const RESOURCES: &[Resource] = resources![
    health,
    projects,
    credentials,
    kafka,
    auth,
    session,
    requests,
    members,
    activity,
    connectors,
    access,
    pipelines,
    usage,
    events,
];

/// The whole application. With `static_dir`, the built console is served
/// from it and any path that is neither an API endpoint nor a file answers
/// the console's `index.html`, so that deep links can be reloaded. Fails if
/// that `index.html` cannot be read.
pub fn router(state: AppState, static_dir: Option<&Path>) -> std::io::Result<Router> {
    let secure = state.secure_cookie;
    let api = RESOURCES
        .iter()
        .fold(Router::new(), |api, resource| {
            api.merge((resource.routes)())
        })
        .merge(openapi::routes())
        .fallback(error::no_such_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn(session::require_console_header))
        // Outside the console-header check, so that its refusals get these
        // headers too: no answer of the API is stored, and none may load
        // anything (the console's own policy is for its page).
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_POLICY),
        ))
        .with_state(state);

    let mut app = Router::new().nest("/api", api);
    let mut policy = String::from(API_POLICY);
    if let Some(dir) = static_dir {
        policy = console_policy(&std::fs::read_to_string(dir.join("index.html"))?);
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
    let policy = HeaderValue::from_str(&policy)
        .map_err(|e| std::io::Error::other(format!("content security policy: {e}")))?;
    // The API sets its own policy; every other answer gets the console's.
    app = app.layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        policy,
    ));
    if secure {
        // Served over HTTPS: the browser keeps to it for a year.
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    let headers = [
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    Ok(app
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http()))
}

/// The content security policy of API answers: nothing may load, nothing
/// may frame them.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The content security policy of the console: its own scripts, styles,
/// images and WebAssembly, the inline scripts of `index.html` by hash, and
/// nothing from any other origin. It may not be framed.
fn console_policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|script| {
            format!(
                " 'sha256-{}'",
                base64(&sha2::Sha256::digest(script.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` element without a `src` in `html`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        if attributes.contains("src=") {
            return None;
        }
        Some(rest.split_once("</script>")?.0)
    })
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Trunk names each built asset after a hash of its content, so a browser
/// may keep those for good; `index.html` and any other file is checked again
/// on each visit, so that a new build is picked up at once. The page also
/// carries the hints of what it will ask the API first.
async fn cache_policy(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let opens_list = opens_the_list(request.uri());
    let mut response = next.run(request).await;
    // A missing asset is answered with index.html, which must not stick.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let immutable = immutable && !is_html;
    if response.status().is_success() {
        // The page itself is never stored, so that Back after signing out
        // cannot bring a signed-in page back from the browser's cache.
        let policy = if immutable {
            "public, max-age=31536000, immutable"
        } else if is_html {
            "no-store"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        if let Some(early) = is_html.then(|| early_answers(opens_list)).flatten() {
            response.headers_mut().insert(header::LINK, early);
        }
    }
    response
}

/// Who is signed in: every page of the console asks first.
const WHO_IS_SIGNED_IN: &str = "/api/auth/me";

/// The first page of the projects list, as the console asks for it when
/// opened at `/projects` without a query.
const FIRST_LIST_PAGE: &str = "/api/projects?page=1&page_size=50&sort=name&sort_dir=asc";

/// Whether the page at `uri` is the projects list as opened by default,
/// the one case in which the console asks for [`FIRST_LIST_PAGE`] early.
fn opens_the_list(uri: &axum::http::Uri) -> bool {
    uri.path() == "/projects" && uri.query().is_none()
}

/// Preload hints for what the console's page asks for first (the list's
/// first page too when it `opens_list`). The browser sends these requests
/// as soon as the page's headers arrive, while it is still setting the
/// page up, and the script at the top of `index.html`, which asks for the
/// same URLs, takes their answers.
fn early_answers(opens_list: bool) -> Option<HeaderValue> {
    let link = std::iter::once(WHO_IS_SIGNED_IN)
        .chain(opens_list.then_some(FIRST_LIST_PAGE))
        .map(|url| format!("<{url}>; rel=preload; as=fetch; crossorigin"))
        .collect::<Vec<_>>()
        .join(", ");
    HeaderValue::try_from(link).ok()
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
    use super::{
        base64, console_policy, early_answers, inline_scripts, is_hashed_asset, opens_the_list,
        FIRST_LIST_PAGE, WHO_IS_SIGNED_IN,
    };

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else() {
        let html = "<head><script>let a = 1;</script><script type=\"module\">import x;</script>\
            <script src=\"/x.js\"></script></head>";
        let scripts: Vec<_> = inline_scripts(html).collect();
        assert_eq!(scripts, ["let a = 1;", "import x;"]);
        let policy = console_policy(html);
        assert_eq!(policy.matches("'sha256-").count(), 2, "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

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

    /// The hints are only worth sending if the console's page asks for the
    /// very same URLs: the browser hands a preloaded answer only to a
    /// request for its URL (and with its credentials mode, which the
    /// end-to-end tests check by counting the requests).
    #[test]
    fn the_console_page_asks_for_what_is_hinted() {
        let index = include_str!("../../../../index.html");
        let script = inline_scripts(index).next().expect("the early script");
        let hints = early_answers(opens_the_list(&"/projects".parse().unwrap())).unwrap();
        let hints = hints.to_str().unwrap();
        for url in [WHO_IS_SIGNED_IN, FIRST_LIST_PAGE] {
            assert!(script.contains(&format!("'{url}'")), "{url}");
            assert!(hints.contains(&format!("<{url}>")), "{url}");
        }
    }
}
