use api_types::{EnvironmentType, ProjectState};
use leptos::prelude::*;

/// A project's state as a badge: green for AVAILABLE, grey for UNAVAILABLE,
/// always with the word, so colour is never the only signal.
#[component]
pub fn StateBadge(state: ProjectState) -> impl IntoView {
    state_badge(state)
}

/// The state badge's markup, for views that draw many at once (the list's
/// rows) without a component each.
pub fn state_badge(state: ProjectState) -> impl IntoView {
    let (class, hint) = match state {
        ProjectState::Available => ("badge badge--state badge--available", "Running: connectors can be created and changed, pipelines process events"),
        ProjectState::Unavailable => ("badge badge--state badge--unavailable", "Paused or stopped: nothing can be created or changed, pipelines are not processing, no compute charges"),
    };
    view! {
        <span class=class title=hint data-testid="state-badge">
            <span class="badge__dot" aria-hidden="true"></span>
            {state.as_str()}
        </span>
    }
}

/// A project's environment type; production stands out.
#[component]
pub fn EnvironmentBadge(environment: EnvironmentType) -> impl IntoView {
    environment_badge(&environment)
}

/// The environment badge's markup, for views that draw many at once.
pub fn environment_badge(environment: &EnvironmentType) -> impl IntoView {
    let class = if environment.is_production() {
        "badge badge--env badge--production"
    } else {
        "badge badge--env"
    };
    view! { <span class=class data-testid="env-badge">{environment.as_str().to_string()}</span> }
}
