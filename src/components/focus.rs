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

/// The control that has the focus inside the element `within` (a CSS
/// selector), said so that the same control can be found once that part of
/// the page is drawn again: its id, or else its accessible label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusKey {
    /// The control's id.
    Id(String),
    /// The control's `aria-label`.
    Label(String),
}

/// What has the focus inside `within`, if it is there and can be named.
pub fn focused_in(within: &str) -> Option<FocusKey> {
    let active = document().active_element()?;
    active.closest(within).ok().flatten()?;
    let id = active.id();
    if !id.is_empty() {
        return Some(FocusKey::Id(id));
    }
    active.get_attribute("aria-label").map(FocusKey::Label)
}

/// Once the view has drawn it (next frame), focuses the control `key`
/// names inside `within`, or, if it is gone, the element `fallback`.
pub fn refocus_later(within: &'static str, key: FocusKey, fallback: &'static str) {
    request_animation_frame(move || {
        let found = match &key {
            FocusKey::Id(id) => document()
                .get_element_by_id(id)
                .filter(|el| el.closest(within).ok().flatten().is_some()),
            FocusKey::Label(label) => document()
                .query_selector_all(&format!("{within} [aria-label]"))
                .ok()
                .and_then(|all| {
                    (0..all.length())
                        .filter_map(|i| all.item(i))
                        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                        .find(|el| el.get_attribute("aria-label").as_deref() == Some(label))
                }),
        };
        match found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            Some(el) => {
                let _ = el.focus();
            }
            None => focus_id(fallback),
        }
    });
}
