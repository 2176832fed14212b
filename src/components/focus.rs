//! Moving the keyboard focus to an element by its id.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// Focuses the element `id` now, if it is in the page and can take focus.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Focuses the element `id` once the view has drawn it (next frame).
pub fn focus_later(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_id(&id));
}
