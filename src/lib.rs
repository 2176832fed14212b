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

use components::lazy::ChunkPage;
use components::{LazyPage, Shell};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, NavigateOptions, ParamSegment, StaticSegment};
use pages::project::ToDetails;
use pages::{lazy, Home, NotFound, ProjectsPage};
use routes::{ProjectPage, SettingsTab};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    if use_context::<api::ApiClient>().is_none() {
        provide_context(api::ApiClient::default());
    }
    state::provide_session();
    state::project_index::provide_project_index();
    state::provide_current_project();
    state::provide_notice();
    state::live::provide_live();
    components::switcher::provide_switcher_open();
    view! {
        <Router>
            <SignedIn>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/projects") view=ProjectsPage/>
                    <Route path=path!("/projects/request") view=ChunkPage(lazy::request_form)/>
                    <Route path=path!("/support/requests") view=ChunkPage(lazy::support_queue)/>
                    <Route path=path!("/usage") view=ChunkPage(lazy::pipelines)/>
                    <Route path=path!("/api-reference") view=ChunkPage(lazy::api_reference)/>
                    <Route path=path!("/request-access/:id") view=ChunkPage(lazy::request_access)/>
                    <Route path=path!("/access-requests") view=ChunkPage(lazy::access_requests)/>
                    <Route path=path!("/organisation/members") view=ChunkPage(lazy::members)/>
                    <Route path=path!("/organisation/activity") view=ChunkPage(lazy::organisation_activity)/>
                    <ParentRoute path=path!("/projects/:id") view=ChunkPage(lazy::project_scope)>
                        <Route path=StaticSegment(ProjectPage::Dashboard.slug()) view=ChunkPage(lazy::dashboard)/>
                        <ParentRoute path=StaticSegment(ProjectPage::Settings.slug()) view=ChunkPage(lazy::settings)>
                            <Route path=StaticSegment(SettingsTab::Details.slug()) view=ChunkPage(lazy::details)/>
                            <Route path=StaticSegment(SettingsTab::Location.slug()) view=ChunkPage(lazy::location)/>
                            <Route path=StaticSegment(SettingsTab::Credentials.slug()) view=ChunkPage(lazy::credentials)/>
                            <Route path=StaticSegment(SettingsTab::KafkaAccess.slug()) view=ChunkPage(lazy::kafka_access)/>
                            <Route path=path!("") view=ToDetails/>
                        </ParentRoute>
                        <Route path=StaticSegment(ProjectPage::Activity.slug()) view=ChunkPage(lazy::project_activity)/>
                        <Route path=(StaticSegment(ProjectPage::Sources.slug()), StaticSegment("new")) view=ChunkPage(lazy::new_source)/>
                        <Route path=(StaticSegment(ProjectPage::Sources.slug()), StaticSegment("import")) view=ChunkPage(lazy::import_sources)/>
                        <Route path=(StaticSegment(ProjectPage::Sources.slug()), ParamSegment("connector_id")) view=ChunkPage(lazy::source)/>
                        <Route path=StaticSegment(ProjectPage::Sources.slug()) view=ChunkPage(lazy::sources)/>
                        <Route path=(StaticSegment(ProjectPage::Destinations.slug()), StaticSegment("new")) view=ChunkPage(lazy::new_destination)/>
                        <Route path=(StaticSegment(ProjectPage::Destinations.slug()), StaticSegment("import")) view=ChunkPage(lazy::import_destinations)/>
                        <Route path=(StaticSegment(ProjectPage::Destinations.slug()), ParamSegment("connector_id")) view=ChunkPage(lazy::destination)/>
                        <Route path=StaticSegment(ProjectPage::Destinations.slug()) view=ChunkPage(lazy::destinations)/>
                        <Route path=(StaticSegment(ProjectPage::Pipelines.slug()), StaticSegment("new")) view=ChunkPage(lazy::pipelines)/>
                        <Route path=(StaticSegment(ProjectPage::Pipelines.slug()), ParamSegment("pipeline_id")) view=ChunkPage(lazy::pipelines)/>
                        <Route path=StaticSegment(ProjectPage::Pipelines.slug()) view=ChunkPage(lazy::pipelines)/>
                        <Route path=(StaticSegment(ProjectPage::Topics.slug()), ParamSegment("name")) view=ChunkPage(lazy::pipelines)/>
                        <Route path=StaticSegment(ProjectPage::Topics.slug()) view=ChunkPage(lazy::pipelines)/>
                        <Route path=StaticSegment(ProjectPage::Usage.slug()) view=ChunkPage(lazy::pipelines)/>
                        <Route path=path!("") view=ToDashboard/>
                    </ParentRoute>
                </Routes>
            </Shell>
            </SignedIn>
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

/// What the console shows for the session and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    SignInPage,
    SetPasswordPage,
    Checking,
    Console,
    ToSignIn,
    Unreachable(String),
}

/// Shows its children only to a signed-in user. It asks the server who is
/// signed in once; a page opened while signed out, or a session that ends
/// mid-use (any 401), leads to the sign-in page, which comes back here.
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    use leptos_router::hooks::{use_location, use_navigate};
    use state::SessionState;
    let session = state::expect_session();
    let api = api::expect_api();
    let ask = move || {
        session.0.set(SessionState::Checking);
        leptos::task::spawn_local(async move {
            let state = match api.me().await {
                Ok(me) => SessionState::SignedIn(me),
                Err(api::ApiError::Unauthorized(_)) => SessionState::SignedOut(None),
                Err(e) => SessionState::Unreachable(e.sentence()),
            };
            session.0.set(state);
        });
    };
    ask();
    let ended = window_event_listener_untyped(api::SIGNED_OUT_EVENT, move |event| {
        if matches!(session.0.get_untracked(), SessionState::SignedIn(_)) {
            // The server's sentence says whether it expired or was ended.
            let said = event
                .dyn_ref::<web_sys::CustomEvent>()
                .and_then(|e| e.detail().as_string())
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| "Your session has ended. Sign in again to continue.".into());
            session.0.set(SessionState::SignedOut(Some(said)));
        }
    });
    on_cleanup(move || ended.remove());
    let location = use_location();
    let on_sign_in = Memo::new(move |_| location.pathname.with(|p| p == routes::sign_in()));
    let on_set_password =
        Memo::new(move |_| location.pathname.with(|p| p == routes::set_password()));
    let gate = Memo::new(move |_| {
        if on_sign_in.get() {
            return Gate::SignInPage;
        }
        // An invited member has no session yet; someone signed in who
        // opens a link is signed in as its member once it is used.
        if on_set_password.get() {
            return Gate::SetPasswordPage;
        }
        match session.0.get() {
            SessionState::Checking => Gate::Checking,
            SessionState::SignedIn(_) => Gate::Console,
            SessionState::SignedOut(_) => Gate::ToSignIn,
            SessionState::Unreachable(message) => Gate::Unreachable(message),
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if gate.get() == Gate::ToSignIn {
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                location.pathname.get_untracked()
            } else {
                format!("{}?{search}", location.pathname.get_untracked())
            };
            let target = format!(
                "{}?next={}",
                routes::sign_in(),
                String::from(js_sys::encode_uri_component(&here))
            );
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
    move || {
        match gate.get() {
        Gate::SignInPage => view! { <LazyPage load=lazy::sign_in/> }.into_any(),
        Gate::SetPasswordPage => view! { <LazyPage load=lazy::set_password/> }.into_any(),
        Gate::Console => children().into_any(),
        Gate::Checking | Gate::ToSignIn => view! {
            <main id="main" class="signin" tabindex="-1">
                <p class="loading-line" role="status">"Opening the console…"</p>
            </main>
        }
        .into_any(),
        Gate::Unreachable(message) => view! {
            <main id="main" class="signin" tabindex="-1">
                <section class="notice notice--error signin__card" role="alert" data-testid="console-unreachable">
                    <p class="notice__title">"The console cannot reach its server"</p>
                    <p class="notice__text">{message}</p>
                    <button type="button" class="button" on:click=move |_| ask()>"Try again"</button>
                </section>
            </main>
        }
        .into_any(),
    }
    }
}
