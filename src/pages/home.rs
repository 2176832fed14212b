use crate::api::{expect_api, ApiError};
use crate::routes;
use crate::state::expect_notice;
use crate::state::storage::{self, Stored, DEFAULT_USER};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `/`: opens the project the user switched to last, or the list. A
/// remembered project that cannot be read, no longer exists or is no longer
/// accessible leads to the list with a notice that says so.
#[component]
pub fn Home() -> impl IntoView {
    let navigate = use_navigate();
    let notice = expect_notice();
    let api = expect_api();
    let replace = || NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    match storage::load_last_project(DEFAULT_USER) {
        Stored::Missing => navigate(routes::projects(), replace()),
        Stored::Corrupt => {
            notice.show(
                "The project you used last could not be restored. Choose a project to continue.",
            );
            navigate(routes::projects(), replace());
        }
        Stored::Value(id) => leptos::task::spawn_local(async move {
            match api.get_project(&id, None).await {
                Err(ApiError::NotFound(_)) | Err(ApiError::Forbidden(_)) => {
                    storage::forget_project(DEFAULT_USER, &id);
                    notice.show(format!(
                        "The project you used last ({id}) no longer exists, or you no longer have access to it. Choose a project to continue."
                    ));
                    navigate(routes::projects(), replace());
                }
                // Anything else, including an unreachable server, is for the
                // project's own page to explain and retry.
                _ => navigate(&routes::project_dashboard(&id), replace()),
            }
        }),
    }
    view! { <p class="loading-line" role="status">"Opening your last project…"</p> }
}
