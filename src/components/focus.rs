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
/// the page is drawn again: its id, or else its name (its `aria-label`, or
/// its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusKey {
    /// The control's id.
    Id(String),
    /// The control's name.
    Name(String),
}

/// A control's name: its `aria-label`, or else its text.
fn name_of(el: &web_sys::Element) -> Option<String> {
    el.get_attribute("aria-label")
        .or_else(|| el.text_content())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// The element that has the focus, if it is inside `within`.
fn active_in(within: &str) -> Option<web_sys::Element> {
    let active = document().active_element()?;
    active.closest(within).ok().flatten()?;
    Some(active)
}

/// Whether the focus is inside `within` (a CSS selector).
pub fn has_focus_in(within: &str) -> bool {
    active_in(within).is_some()
}

/// What has the focus inside `within`, if it is there and can be named.
pub fn focused_in(within: &str) -> Option<FocusKey> {
    let active = active_in(within)?;
    let id = active.id();
    if !id.is_empty() {
        return Some(FocusKey::Id(id));
    }
    name_of(&active).map(FocusKey::Name)
}

/// Once the view has drawn it (next frame), focuses the control `key`
/// names inside `within`, or, if it is gone, the element `fallback`.
pub fn refocus_later(within: &'static str, key: FocusKey, fallback: &'static str) {
    request_animation_frame(move || {
        let found = match &key {
            FocusKey::Id(id) => document()
                .get_element_by_id(id)
                .filter(|el| el.closest(within).ok().flatten().is_some()),
            FocusKey::Name(name) => document()
                .query_selector_all(&format!(
                    "{within} button, {within} a[href], {within} select, {within} [tabindex]"
                ))
                .ok()
                .and_then(|all| {
                    (0..all.length())
                        .filter_map(|i| all.item(i))
                        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                        .find(|el| name_of(el).as_deref() == Some(name))
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

/// Keeps the focus on the same control when a part of the page is drawn
/// anew: [`KeepFocus::note`] before asking for the new content,
/// [`KeepFocus::restore`] as it is drawn. A control that is gone leaves the
/// focus to `fallback`; focus outside the part is left alone.
#[derive(Clone, Copy)]
pub struct KeepFocus {
    within: &'static str,
    fallback: &'static str,
    noted: StoredValue<Option<FocusKey>>,
}

impl KeepFocus {
    /// For the part `within` (a CSS selector), with the element `fallback`.
    pub fn new(within: &'static str, fallback: &'static str) -> Self {
        Self {
            within,
            fallback,
            noted: StoredValue::new(None),
        }
    }

    /// Notes which control has the focus, before the part is drawn anew.
    pub fn note(self) {
        self.noted.set_value(focused_in(self.within));
    }

    /// Gives the noted control the focus again, once, after the drawing.
    pub fn restore(self) {
        if let Some(key) = self.noted.try_update_value(Option::take).flatten() {
            refocus_later(self.within, key, self.fallback);
        }
    }
}
