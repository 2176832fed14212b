//! The notice an UNAVAILABLE project's pages show above their content.

use crate::state::expect_open_project;
use api_types::ProjectState;
use leptos::prelude::*;

/// Says, while the open project is UNAVAILABLE, what that means: the same
/// words on every page, then what still works on this one.
#[component]
pub fn UnavailableNotice(
    /// What can still be done on this page, if anything.
    #[prop(optional)]
    still: Option<&'static str>,
) -> impl IntoView {
    let project = expect_open_project();
    move || {
        project
            .with(|p| p.state == ProjectState::Unavailable)
            .then(|| {
                view! {
                    <div class="notice notice--paused" role="note" data-testid="unavailable-notice">
                        <h2 class="notice__title">"This project is UNAVAILABLE"</h2>
                        <p class="notice__text">
                            "Its infrastructure is paused or stopped: nothing can be created or changed, pipelines are not processing events, and no compute is charged. Its data may be kept. Contact support to bring it back."
                        </p>
                        {still.map(|text| view! { <p class="notice__text">{text}</p> })}
                    </div>
                }
            })
    }
}
