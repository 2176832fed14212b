//! The projects console: a client-side rendered Leptos app.
//!
//! `api` is the typed fetch layer, `state` the global state and what it
//! remembers, `components` the shared view pieces, `pages` one module per
//! route area, and `routes` the href builders.

pub mod api;
pub mod components;
pub mod format;
pub mod pages;
pub mod routes;
pub mod state;

use components::switcher::SwitcherOpen;
use components::Shell;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, NavigateOptions};
use pages::project::{ApiTab, DetailsTab, KafkaAccessTab, LocationTab, SettingsPage, ToDetails};
use pages::{ApiReference, DashboardPage, Home, NotFound, ProjectScope, ProjectsPage};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    if use_context::<api::ApiClient>().is_none() {
        provide_context(api::ApiClient::default());
    }
    state::provide_current_project();
    state::provide_notice();
    pages::projects::provide_project_index();
    provide_context(SwitcherOpen(RwSignal::new(false)));
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/projects") view=ProjectsPage/>
                    <Route path=path!("/api-reference") view=ApiReference/>
                    <ParentRoute path=path!("/projects/:id") view=ProjectScope>
                        <Route path=path!("dashboard") view=DashboardPage/>
                        <ParentRoute path=path!("settings") view=SettingsPage>
                            <Route path=path!("details") view=DetailsTab/>
                            <Route path=path!("location") view=LocationTab/>
                            <Route path=path!("api") view=ApiTab/>
                            <Route path=path!("kafka-access") view=KafkaAccessTab/>
                            <Route path=path!("") view=ToDetails/>
                        </ParentRoute>
                        <Route path=path!("") view=ToDashboard/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}

/// `/projects/:id` opens the project's dashboard.
#[component]
fn ToDashboard() -> impl IntoView {
    let id = leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id"));
    let target = id
        .and_then(|raw| api_types::ProjectId::parse(&raw).ok())
        .map(|id| routes::project_dashboard(&id))
        .unwrap_or_else(|| routes::projects().to_string());
    view! { <Redirect path=target options=NavigateOptions { replace: true, ..NavigateOptions::default() }/> }
}
