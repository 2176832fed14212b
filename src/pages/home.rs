//! `/`: the console's entry point, which reopens the last project.

use crate::routes;
use crate::state::storage::{self, Stored};
use crate::state::{expect_current_project, expect_notice};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `/`: opens the project the user switched to last, or the list (support's
/// queue for support users). A
/// remembered value that cannot be read leads to the list with a notice;
/// whether the project still exists and is accessible is found out by its
/// page, which falls back to the list the same way (see `ProjectScope`).
#[component]
pub fn Home() -> impl IntoView {
    let navigate = use_navigate();
    let replace = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    let session = crate::state::expect_session();
    let support = session.me().is_some_and(|me| me.support);
    match storage::load_last_project(&session.user_key()) {
        // Support works from its queue, unless it switched to a project.
        Stored::Missing if support => navigate(routes::support_requests(), replace),
        Stored::Missing => navigate(routes::projects(), replace),
        Stored::Corrupt => {
            expect_notice().show(
                "The project you used last could not be restored. Choose a project to continue.",
            );
            navigate(routes::projects(), replace);
        }
        Stored::Value(id) => {
            expect_current_project().restoring.set(Some(id.clone()));
            navigate(&routes::project_dashboard(&id), replace);
        }
    }
    view! { <p class="loading-line" role="status">"Opening your last project…"</p> }
}
