//! The one HTTP client of the console.

use super::ApiError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use web_sys::{AbortController, AbortSignal};

/// Where the API lives, relative to the console's origin. The server serves
/// both; `trunk serve` proxies this path to it during development.
pub const API_BASE: &str = "/api";

/// The API client: holds the base URL. Cheap to copy; provided once by the
/// app and read with [`expect_api`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiClient {
    base: &'static str,
}

impl Default for ApiClient {
    fn default() -> Self {
        Self::new(API_BASE)
    }
}

impl ApiClient {
    /// A client for the API at `base` (no trailing slash).
    pub const fn new(base: &'static str) -> Self {
        Self { base }
    }

    /// The full URL of an API path such as `/projects`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` a JSON resource. `signal` cancels the request; see
    /// [`abort_on_cleanup`].
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let response = gloo_net::http::Request::get(&self.url(path))
            .header("Accept", "application/json")
            .abort_signal(signal)
            .send()
            .await
            .map_err(|e| transport_error(e, signal))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| transport_error(e, signal))?;
        if (200..300).contains(&status) {
            serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
        } else {
            Err(ApiError::from_response(status, &body))
        }
    }
}

fn transport_error(error: gloo_net::Error, signal: Option<&AbortSignal>) -> ApiError {
    if signal.is_some_and(AbortSignal::aborted) {
        ApiError::Aborted
    } else {
        ApiError::Network(error.to_string())
    }
}

/// The client provided by the app, or the default one.
pub fn expect_api() -> ApiClient {
    use_context::<ApiClient>().unwrap_or_default()
}

/// An abort signal that fires when the current reactive owner is cleaned
/// up: when the view that made the request goes away, or when the resource
/// that made it runs again. Call it in the synchronous part of a resource's
/// fetcher and pass the signal to the request.
pub fn abort_on_cleanup() -> Option<AbortSignal> {
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}
