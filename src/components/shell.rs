use crate::routes;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;

/// Moves keyboard focus to the main area. The router would treat the link
/// as a navigation, so the jump is made here.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// The frame around every page: a skip link, the top bar with the product
/// and the organisation, the navigation, and the main area.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="topbar">
            <a class="topbar__brand" href=routes::home()>
                <span class="topbar__logo" aria-hidden="true"></span>
                <span class="topbar__product">"Tributary"</span>
            </a>
            <span class="topbar__divider" aria-hidden="true">"/"</span>
            <span class="topbar__org" title="Your organisation">"Demo organisation"</span>
            <span class="topbar__divider" aria-hidden="true">"/"</span>
            <nav class="topbar__context" aria-label="Current project">
                <A href=routes::projects() attr:class="topbar__context-link">"All projects"</A>
            </nav>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label="Main">
                <ul class="sidebar__list">
                    <li>
                        <A href=routes::projects() attr:class="sidebar__link">"Projects"</A>
                    </li>
                </ul>
            </nav>
            <main id="main" class="main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}
