use api_types::{EnvironmentType, ProjectState};
use leptos::prelude::*;

/// A project's state as a badge: green for AVAILABLE, grey for UNAVAILABLE,
/// always with the word, so colour is never the only signal.
#[component]
pub fn StateBadge(state: ProjectState) -> impl IntoView {
    let (modifier, hint) = match state {
        ProjectState::Available => ("available", "Running: connectors can be created and changed, pipelines process events"),
        ProjectState::Unavailable => ("unavailable", "Paused or stopped: nothing can be created or changed, pipelines are not processing, no compute charges"),
    };
    view! {
        <span class=format!("badge badge--state badge--{modifier}") title=hint data-testid="state-badge">
            <span class="badge__dot" aria-hidden="true"></span>
            {state.as_str()}
        </span>
    }
}

/// A project's environment type; production stands out.
#[component]
pub fn EnvironmentBadge(environment: EnvironmentType) -> impl IntoView {
    let class = if environment.is_production() {
        "badge badge--env badge--production"
    } else {
        "badge badge--env"
    };
    view! { <span class=class data-testid="env-badge">{environment.as_str().to_string()}</span> }
}
