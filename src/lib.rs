//! The projects console: a client-side rendered Leptos app.
//!
//! `api` is the typed fetch layer, `components` the shared view pieces,
//! `pages` one module per route area, and `routes` the href builders.

pub mod api;
pub mod components;
pub mod format;
pub mod pages;
pub mod routes;

use components::Shell;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, NavigateOptions};
use pages::{NotFound, ProjectsPage};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    if use_context::<api::ApiClient>().is_none() {
        provide_context(api::ApiClient::default());
    }
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomeRedirect/>
                    <Route path=path!("/projects") view=ProjectsPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

/// `/` forwards to the projects list, replacing the history entry so that
/// Back does not bounce.
#[component]
fn HomeRedirect() -> impl IntoView {
    view! {
        <Redirect
            path=routes::projects()
            options=NavigateOptions { replace: true, ..NavigateOptions::default() }
        />
    }
}
