//! Asking before leaving a secret that is shown only once, and saving it
//! as a file.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The question asked before leaving.
fn question(what: &str) -> String {
    format!("You have not confirmed copying {what}. It is shown only once: leave anyway?")
}

thread_local! {
    /// What the guard in the page keeps, while one is there.
    static HELD: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Whether leaving the page may go on: yes without a guard in the page;
/// with one, as the user answers the same question a link would ask. For
/// what leaves without a link: a project picked in the quick switcher,
/// Sign out.
pub fn may_leave() -> bool {
    let Some(what) = HELD.with(std::cell::Cell::get) else {
        return true;
    };
    let leave = web_sys::window()
        .and_then(|w| w.confirm_with_message(&question(what)).ok())
        .unwrap_or(true);
    if leave {
        // Answered once: a reload that follows (signing out) asks no more.
        HELD.with(|held| held.set(None));
    }
    leave
}

/// The history state of the entries guards add, before each guard's own
/// mark.
const GUARD_STATE: &str = "tributary-leave-guard";

/// The history state of the current entry, when it is text.
fn entry_state(history: &web_sys::History) -> Option<String> {
    history.state().ok().and_then(|s| s.as_string())
}

/// While it is in the page, leaving asks first: a link clicked outside the
/// panel `inside` (the console's own navigation included) asks with the
/// browser's confirmation, and reloading or closing the tab gets the
/// browser's own question. The browser's Back cannot be refused, only
/// undone: the guard adds a history entry for the same page, so that Back
/// lands on the page itself and asks; staying adds it again, leaving goes
/// back once more. Put it in the panel that shows the secret.
#[component]
pub fn LeaveGuard(
    /// What would be lost, e.g. "the token's secret".
    what: &'static str,
    /// The id of the panel: its own links do not ask.
    inside: &'static str,
) -> impl IntoView {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(link)) = target.closest("a[href]") else {
            return;
        };
        if link.closest(&format!("#{inside}")).ok().flatten().is_some()
            || link.has_attribute("download")
        {
            return;
        }
        let leave = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question(what)).ok())
            .unwrap_or(true);
        if !leave {
            event.prevent_default();
            event.stop_immediate_propagation();
        }
    });
    let on_unload = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if HELD.with(std::cell::Cell::get).is_none() {
            return;
        }
        event.prevent_default();
        // Older browsers ask only when a return value is set.
        let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &question(what).into());
    });
    // This guard's own mark: an entry left by a guard before a reload is
    // another's, and is marked again rather than stacked upon.
    let mark = format!("{GUARD_STATE}:{}", js_sys::Date::now());
    let history = window.history().ok();
    if let Some(history) = &history {
        let stale = entry_state(history).is_some_and(|s| s.starts_with(GUARD_STATE));
        let _ = if stale {
            history.replace_state_with_url(&mark.as_str().into(), "", None)
        } else {
            history.push_state_with_url(&mark.as_str().into(), "", None)
        };
    }
    let own = mark.clone();
    let on_back = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        // Answered already (a link, Sign out): nothing more to ask.
        if HELD.with(std::cell::Cell::get).is_none() {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(history) = window.history() else {
            return;
        };
        if entry_state(&history).as_deref() == Some(own.as_str()) {
            // Forward onto the guard's entry again: nothing to ask.
            return;
        }
        if window.confirm_with_message(&question(what)).unwrap_or(true) {
            HELD.with(|held| held.set(None));
            let _ = history.back();
        } else {
            let _ = history.push_state_with_url(&own.as_str().into(), "", None);
        }
    });
    let _ = window.add_event_listener_with_callback("popstate", on_back.as_ref().unchecked_ref());
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        on_click.as_ref().unchecked_ref(),
        &options,
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
    HELD.with(|held| held.set(Some(what)));
    let held = send_wrapper::SendWrapper::new((window, on_click, on_unload, on_back, history));
    on_cleanup(move || {
        HELD.with(|held| held.set(None));
        let (window, on_click, on_unload, on_back, history) = &*held;
        let _ = window
            .remove_event_listener_with_callback("popstate", on_back.as_ref().unchecked_ref());
        // Dismissed where it was shown: the entry it added goes, so that
        // Back leaves the page at the first press.
        if let Some(history) = history
            .as_ref()
            .filter(|h| entry_state(h).as_deref() == Some(mark.as_str()))
        {
            let _ = history.back();
        }
        let _ = window.remove_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        let _ = window.remove_event_listener_with_callback(
            "beforeunload",
            on_unload.as_ref().unchecked_ref(),
        );
    });
}

/// Saves `text` (of MIME type `kind`) as a file called `name`, through a
/// link to a blob; whether the browser let it.
pub fn download_file(name: &str, kind: &str, text: &str) -> bool {
    save_file(name, kind, text).is_some()
}

fn save_file(name: &str, kind: &str, text: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window().and_then(|w| w.document())?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
