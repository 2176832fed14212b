//! `/projects/:id/…`: the pages of one project. The id in the URL is the
//! truth for the tab; the project is loaded once here, into the current
//! project, and the pages below read it with `expect_open_project`.

mod dashboard;
mod settings;

pub use dashboard::DashboardPage;
pub use settings::{
    AclEditor, CidrInput, CredentialsTab, DetailsTab, KafkaAccessTab, LocationTab, SettingsPage,
    ToDetails,
};

use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::ErrorView;
use crate::routes;
use crate::state::{expect_current_project, expect_notice, lost_project_message};
use api_types::ProjectId;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;

/// The parent route of every project page. Each project id gets a view of
/// its own: switching disposes the old one, which aborts its requests, so
/// nothing of the old project can reach the new one's pages.
#[component]
pub fn ProjectScope() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .map(|raw| ProjectId::parse(&raw).map_err(|_| raw))
    });
    move || match id.get() {
        Some(Ok(id)) => view! { <ProjectLoader id=id/> }.into_any(),
        Some(Err(raw)) => view! { <MissingProject id=raw well_formed=false/> }.into_any(),
        None => view! { <MissingProject id=String::new() well_formed=false/> }.into_any(),
    }
}

#[component]
fn ProjectLoader(id: ProjectId) -> impl IntoView {
    let api = expect_api();
    let current = expect_current_project();
    current.begin_switch(&id);
    let requested = id.clone();
    let project = LocalResource::new(move || {
        let id = requested.clone();
        current.reload.track();
        let signal = abort_on_cleanup();
        async move {
            let loaded = api.get_project(&id, signal.as_ref()).await;
            // Only ever this project's data: an answer about another one is
            // treated as not having arrived.
            match loaded {
                Ok(p) if p.id != id => Err(ApiError::Aborted),
                other => other,
            }
        }
    });
    // Opened on its dashboard (from the list, the switcher or its
    // address), the project's overview is asked for along with the
    // project rather than once the project has loaded.
    if use_location().pathname.get_untracked() == routes::project_dashboard(&id) {
        api.ask_ahead_overview(&id);
    }
    let notice = expect_notice();
    let navigate = use_navigate();
    let id_for_view = id.clone();
    view! {
        <Suspense fallback=|| view! { <p class="loading-line" role="status">"Opening project…"</p> }>
            {move || {
                let id = id_for_view.clone();
                let navigate = navigate.clone();
                Suspend::new(async move {
                    let result = project.await;
                    // Until it loads or is found gone, the remembered
                    // project stays marked, so that a retry after a network
                    // error still falls back to the list.
                    let restoring = current.restoring.get_untracked().as_ref() == Some(&id);
                    match result {
                        Ok(p) => {
                            current.loaded(p.clone());
                            provide_context(current.open(p));
                            view! { <Outlet/> }.into_any()
                        }
                        Err(error @ (ApiError::NotFound(_) | ApiError::Forbidden(_))) if restoring => {
                            current.failed(&id);
                            if let Some(message) = lost_project_message(&error, &id) {
                                notice.show(message);
                            }
                            navigate(
                                routes::projects(),
                                NavigateOptions { replace: true, ..NavigateOptions::default() },
                            );
                            ().into_any()
                        }
                        Err(ApiError::Forbidden(message)) => {
                            current.failed(&id);
                            view! { <NoAccess message=message id=id.clone()/> }.into_any()
                        }
                        Err(ApiError::NotFound(_)) => {
                            current.failed(&id);
                            view! { <MissingProject id=id.to_string() well_formed=true/> }.into_any()
                        }
                        Err(error) => {
                            // The top bar says the project did not open,
                            // rather than that it is still opening.
                            if error != ApiError::Aborted {
                                current.load_failed(&id, error.sentence());
                            }
                            let retry = move || {
                                current.begin_switch(&id);
                                project.refetch();
                            };
                            view! { <ErrorView error=error on_retry=retry/> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// A project the user may not open: the server's reason (which names the
/// project and whom to ask), and the way back to the list.
#[component]
fn NoAccess(message: String, id: ProjectId) -> impl IntoView {
    view! {
        <section class="page page--narrow" data-testid="project-no-access">
            <h1 class="page__title">"No access to this project"</h1>
            <p class="notice notice--error" role="alert">{message}</p>
            <p class="form__actions">
                <a class="button button--primary" href=routes::request_access(&id)>"Request access"</a>
                <a class="button" href=routes::projects()>"Go to your projects"</a>
            </p>
        </section>
    }
}

/// A project id that leads nowhere, with the way back to the list.
#[component]
fn MissingProject(
    /// The id, or the text given as one.
    id: String,
    /// Whether the text is a well-formed id (of a project that does not exist).
    well_formed: bool,
) -> impl IntoView {
    let reason = if well_formed {
        view! { "No project has the id " <code>{id}</code> ". It may have been removed, or the link may be mistyped." }
            .into_any()
    } else {
        view! { <code>{id}</code> " is not a project id. Project ids look like 0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41." }
            .into_any()
    };
    view! {
        <section class="page page--narrow" data-testid="project-missing">
            <h1 class="page__title">"Project not found"</h1>
            <p>{reason}</p>
            <p><a class="button button--primary" href=routes::projects()>"Go to your projects"</a></p>
        </section>
    }
}
