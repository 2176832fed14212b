//! Copying to the clipboard with a spoken result, and a value masked until
//! it is shown on purpose.

use leptos::prelude::*;
use std::time::Duration;

/// What happened to the last copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Copies `text` to the clipboard and says so ("Copied"); when the browser
/// refuses, it says how to copy by hand instead.
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: String,
    /// What the button copies, for screen readers, e.g. "project ID".
    what: &'static str,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let on_click = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let copied = write_clipboard(&text).await;
            state.set(if copied {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            set_timeout(move || state.set(CopyState::Idle), Duration::from_secs(3));
        });
    };
    view! {
        <span class="copy">
            <button type="button" class="button button--small" on:click=on_click aria-label=format!("Copy {what}")>
                "Copy"
            </button>
            <span class="copy__status" role="status" aria-live="polite" data-testid="copy-status">
                {move || match state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied",
                    CopyState::Failed => "Copy was blocked: select the text (reveal it first if hidden) and press Ctrl+C",
                }}
            </span>
        </span>
    }
}

/// Writes `text` to the clipboard; false when the browser refuses.
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Pages served over plain HTTP (other than localhost) have no clipboard
    // at all: calling it would throw.
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A sensitive value, masked until the user reveals it, with a copy button
/// that works without revealing.
#[component]
pub fn MaskedValue(
    /// The value.
    #[prop(into)]
    value: String,
    /// What it is, e.g. "Kafka bootstrap servers".
    what: &'static str,
) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let shown = value.clone();
    view! {
        <span class="masked">
            <code class="masked__value" data-testid="masked-value">
                {move || if revealed.get() { shown.clone() } else { "\u{2022}".repeat(24) }}
            </code>
            <button
                type="button"
                class="button button--small"
                aria-pressed=move || revealed.get().to_string()
                aria-label=move || format!("{} {what}", if revealed.get() { "Hide" } else { "Reveal" })
                on:click=move |_| revealed.update(|r| *r = !*r)
            >
                {move || if revealed.get() { "Hide" } else { "Reveal" }}
            </button>
            <CopyButton text=value what=what/>
        </span>
    }
}
