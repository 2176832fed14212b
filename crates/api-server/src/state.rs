//! What every request handler shares.

use crate::db::Db;
use crate::http;

/// Shared state of the request handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Slows down repeated failed sign-ins.
    pub limiter: std::sync::Arc<http::limiter::Limiter>,
    /// Seals and opens connector secrets.
    pub secret_box: std::sync::Arc<crate::secrets::SecretBox>,
    /// Whether the session cookie is marked `Secure` (and `__Host-`).
    pub secure_cookie: bool,
    /// Whether client addresses come from `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// Whether `POST /api/test/clock` may move the data plane's clock.
    pub test_clock: bool,
    /// The live-update streams of this instance.
    pub live: std::sync::Arc<http::events::Hub>,
}
