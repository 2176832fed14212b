//! Any path the console does not know, with the way back.

use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Any path the console does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <section class="page page--narrow" data-testid="not-found">
            <h1 class="page__title">"Page not found"</h1>
            <p>
                "There is no page at " <code class="path">{move || path.get()}</code>
                ". The link may be mistyped, or the page may have moved."
            </p>
            <p><a class="button button--primary" href=routes::projects()>"Go to your projects"</a></p>
        </section>
    }
}
