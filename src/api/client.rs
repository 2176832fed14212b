//! The one HTTP client of the console.

use super::ApiError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::{AbortController, AbortSignal};

/// Where the API lives, relative to the console's origin. The server serves
/// both; `trunk serve` proxies this path to it during development.
pub const API_BASE: &str = "/api";

/// The event the client fires on `window` when the API answers 401 to a
/// request made with a session: the session ended (expired, or signed out
/// in another tab), and the console sends the user to sign in again. Its
/// `detail` is the server's sentence saying which.
pub const SIGNED_OUT_EVENT: &str = "tributary:signed-out";

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
        let (status, body) = self.get_text(path, signal).await?;
        watch(path, decode(status, &body))
    }

    /// How many pending items the queue at `path` holds: the total of its
    /// first page of one, read without decoding the item itself.
    pub async fn total_of(&self, path: &str) -> Result<u64, ApiError> {
        #[derive(serde::Deserialize)]
        struct Total {
            total: u64,
        }
        let query = api_types::QueueQuery {
            page_size: 1,
            ..api_types::QueueQuery::default()
        };
        let path = format!("{path}?{}", query.to_query_string());
        self.get_json::<Total>(&path, None).await.map(|t| t.total)
    }

    /// The status and body of a `GET`: the part of [`Self::get_json`] that
    /// does not depend on the type, compiled once rather than per type.
    async fn get_text(
        &self,
        path: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<(u16, String), ApiError> {
        let url = self.url(path);
        if let Some(early) = take_prefetched(&url) {
            if let Some(answer) = early_answer(early).await {
                return Ok(answer);
            }
        }
        if let Some(early) = take_ahead(&url) {
            if let Some(answer) = early_answer(early).await {
                return Ok(answer);
            }
        }
        request_text(&url, signal)
            .await
            .map_err(|e| transport_error(e, signal))
    }

    /// Asks for `path` now, for a page that will read it in a moment (a
    /// project's dashboard, while the project itself loads): the first
    /// `GET` of it within [`AHEAD_LIFETIME_MS`] takes this answer rather
    /// than asking again. If this request fails, that `GET` asks afresh.
    pub fn ask_ahead(&self, path: &str) {
        use wasm_bindgen::JsValue;
        let url = self.url(path);
        let asked = url.clone();
        // Resolves as `index.html`'s early answers do: `{status, body}`.
        let answer = wasm_bindgen_futures::future_to_promise(async move {
            let (status, body) = request_text(&asked, None)
                .await
                .map_err(|_| JsValue::NULL)?;
            let answer = js_sys::Object::new();
            js_sys::Reflect::set(&answer, &"status".into(), &JsValue::from(status))?;
            js_sys::Reflect::set(&answer, &"body".into(), &JsValue::from_str(&body))?;
            Ok(answer.into())
        });
        let now = now_ms();
        AHEAD.with_borrow_mut(|ahead| {
            ahead.retain(|(u, at, _)| *u != url && now - at < AHEAD_LIFETIME_MS);
            ahead.push((url, now, answer));
        });
    }

    /// `GET` a file as text (a CSV export): its body, or the error the
    /// server answered.
    pub async fn get_file(&self, path: &str) -> Result<String, ApiError> {
        let (status, body) = self.get_text(path, None).await?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            watch(path, Err(ApiError::from_response(status, &body)))
        }
    }

    /// Sends a change (`POST`, `PUT`, `PATCH`, `DELETE`) with an optional
    /// JSON body and decodes the answer; an empty answer (204) decodes as
    /// `()`. Changes are not cancelled when a view goes away: once sent,
    /// their answer still updates what is kept.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let body = match body {
            Some(body) => {
                Some(serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?)
            }
            None => None,
        };
        let (status, text) = self.send_text(method, path, body).await?;
        watch(
            path,
            decode(status, if text.is_empty() { "null" } else { &text }),
        )
    }

    /// The status and body of a change: the part of [`Self::send`] that does
    /// not depend on the types.
    async fn send_text(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(u16, String), ApiError> {
        use gloo_net::http::RequestBuilder;
        let url = self.url(path);
        let builder = RequestBuilder::new(&url)
            .method(match method {
                Method::Post => gloo_net::http::Method::POST,
                Method::Put => gloo_net::http::Method::PUT,
                Method::Patch => gloo_net::http::Method::PATCH,
                Method::Delete => gloo_net::http::Method::DELETE,
            })
            .header("Accept", "application/json")
            .header(api_types::CONSOLE_REQUEST_HEADER, "1");
        let request = match body {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(json),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let response = request.send().await.map_err(|e| transport_error(e, None))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| transport_error(e, None))?;
        Ok((status, text))
    }
}

/// Passes `result` on, first telling the console when a 401 means that
/// the session ended. Signing in and asking who is signed in answer 401
/// as part of their job, so they are left out.
fn watch<T>(path: &str, result: Result<T, ApiError>) -> Result<T, ApiError> {
    if let Err(ApiError::Unauthorized(message)) = &result {
        if !path.starts_with("/auth/") {
            if let Some(window) = web_sys::window() {
                let init = web_sys::CustomEventInit::new();
                init.set_detail(&wasm_bindgen::JsValue::from_str(message));
                if let Ok(event) =
                    web_sys::CustomEvent::new_with_event_init_dict(SIGNED_OUT_EVENT, &init)
                {
                    let _ = window.dispatch_event(&event);
                }
            }
        }
    }
    result
}

/// The answer `index.html` asked for before the console started, if it
/// asked for `url` (`window.__prefetched` maps URLs to answers). Each is
/// taken once, and only in the first seconds of the page: after that they
/// are all dropped, so that none is ever used late. Read with
/// [`early_answer`].
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::{JsCast, JsValue};
    let window = web_sys::window()?;
    let key = JsValue::from_str("__prefetched");
    let entries = js_sys::Reflect::get(&window, &key).ok()?;
    if entries.is_undefined() || entries.is_null() {
        return None;
    }
    let since_start = window.performance().map_or(f64::MAX, |p| p.now());
    if since_start > PREFETCH_LIFETIME_MS {
        let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
        return None;
    }
    let entry = js_sys::Reflect::get(&entries, &JsValue::from_str(url)).ok()?;
    if entry.is_undefined() || entry.is_null() {
        return None;
    }
    let _ =
        js_sys::Reflect::delete_property(entries.unchecked_ref::<js_sys::Object>(), &url.into());
    entry.dyn_into().ok()
}

/// The status and body an early answer (`{status, body}`, or a failure)
/// resolves to; `None` if its request failed (then the console asks again).
async fn early_answer(promise: js_sys::Promise) -> Option<(u16, String)> {
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let status = js_sys::Reflect::get(&answer, &"status".into())
        .ok()?
        .as_f64()?;
    let body = js_sys::Reflect::get(&answer, &"body".into())
        .ok()?
        .as_string()?;
    Some((status as u16, body))
}

/// The status and body of a `GET` of `url`.
async fn request_text(
    url: &str,
    signal: Option<&AbortSignal>,
) -> Result<(u16, String), gloo_net::Error> {
    let response = gloo_net::http::Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(signal)
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.text().await?))
}

/// How long after the page started an early answer may still be used.
const PREFETCH_LIFETIME_MS: f64 = 10_000.0;

thread_local! {
    /// The answers asked for ahead ([`ApiClient::ask_ahead`]): the URL,
    /// when it was asked for, and its `[status, body]` to come.
    static AHEAD: std::cell::RefCell<Vec<(String, f64, js_sys::Promise)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// How long an answer asked for ahead may be taken: a moment, so that none
/// is ever used late.
pub const AHEAD_LIFETIME_MS: f64 = 5_000.0;

/// The page's clock, in ms.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The answer asked for ahead for `url`, if it was asked for in the last
/// [`AHEAD_LIFETIME_MS`]; taken once. Every `GET` looks: with nothing asked
/// ahead, it reads no clock.
fn take_ahead(url: &str) -> Option<js_sys::Promise> {
    if AHEAD.with_borrow(Vec::is_empty) {
        return None;
    }
    let now = now_ms();
    AHEAD.with_borrow_mut(|ahead| {
        ahead.retain(|(_, at, _)| now - at < AHEAD_LIFETIME_MS);
        let at = ahead.iter().position(|(u, _, _)| u == url)?;
        Some(ahead.swap_remove(at).2)
    })
}

/// The methods of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Create or act.
    Post,
    /// Replace.
    Put,
    /// Change part.
    Patch,
    /// Remove.
    Delete,
}

/// A 2xx body decoded as `T`, or the error the status and body describe.
fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        serde_json::from_str(body).map_err(|e| ApiError::Decode(e.to_string()))
    } else {
        Err(ApiError::from_response(status, body))
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

/// Fetches again whenever `key` changes, aborting the request still in
/// flight, and keeps only the answer for the latest key. The signal holds
/// that key with its result, so a view can tell an answer for what is on
/// screen from one that is still coming.
pub fn latest_request<K, T, Fut>(
    key: impl Fn() -> K + 'static,
    fetch: impl Fn(K, Option<AbortSignal>) -> Fut + 'static,
) -> ReadSignal<Option<(K, Result<T, ApiError>)>>
where
    K: Clone + Send + Sync + 'static,
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let (result, set_result) = signal(None);
    let in_flight: StoredValue<Option<AbortController>, LocalStorage> =
        StoredValue::new_local(None);
    let sequence = StoredValue::new(0u64);
    Effect::new(move |_| {
        let k = key();
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let controller = AbortController::new().ok();
        let abort = controller.as_ref().map(AbortController::signal);
        in_flight.set_value(controller);
        let n = sequence.get_value() + 1;
        sequence.set_value(n);
        let answer = fetch(k.clone(), abort);
        leptos::task::spawn_local(async move {
            let r = answer.await;
            if sequence.try_get_value() == Some(n) && !matches!(r, Err(ApiError::Aborted)) {
                // Answered: nothing is left to abort (aborting costs the
                // browser an event, on every keystroke of a search).
                in_flight.try_set_value(None);
                set_result.try_set(Some((k, r)));
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some(controller)) = in_flight.try_get_value() {
            controller.abort();
        }
    });
    result
}
