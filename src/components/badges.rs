//! Badges that always carry a word: a project's state and its environment,
//! and the lock shown beside what the user cannot open.

use api_types::{EnvironmentType, ProjectState};
use leptos::prelude::*;

/// A project's state as a badge: green for AVAILABLE, grey for UNAVAILABLE,
/// always with the word, so colour is never the only signal.
#[component]
pub fn StateBadge(state: ProjectState) -> impl IntoView {
    state_badge(state)
}

/// The state badge's markup, without a component of its own. The projects
/// table draws the same markup from its row templates.
pub fn state_badge(state: ProjectState) -> impl IntoView {
    let (class, hint) = state_badge_look(state);
    view! {
        <span class=class title=hint data-testid="state-badge">
            <span class="badge__dot" aria-hidden="true"></span>
            {state.as_str()}
        </span>
    }
}

/// The state badge's classes and its hint (the `title`).
pub fn state_badge_look(state: ProjectState) -> (&'static str, &'static str) {
    match state {
        ProjectState::Available => ("badge badge--state badge--available", "Running: connectors can be created and changed, pipelines process events"),
        ProjectState::Unavailable => ("badge badge--state badge--unavailable", "Paused or stopped: nothing can be created or changed, pipelines are not processing, no compute charges"),
    }
}

/// A project's environment type; production stands out.
#[component]
pub fn EnvironmentBadge(environment: EnvironmentType) -> impl IntoView {
    environment_badge(&environment)
}

/// The environment badge's markup, without a component of its own. The
/// projects table draws the same markup from its row templates.
pub fn environment_badge(environment: &EnvironmentType) -> impl IntoView {
    let class = environment_badge_class(environment);
    view! { <span class=class data-testid="env-badge">{environment.as_str().to_string()}</span> }
}

/// The environment badge's classes.
pub fn environment_badge_class(environment: &EnvironmentType) -> &'static str {
    if environment.is_production() {
        "badge badge--env badge--production"
    } else {
        "badge badge--env"
    }
}

/// The padlock's outline, in a 16 by 16 box.
pub const LOCK_PATH: &str = "M4 7V5a4 4 0 0 1 8 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm2 0h4V5a2 2 0 0 0-4 0v2z";

/// A padlock, for projects the user cannot open; always beside words that
/// say so.
pub fn lock_icon() -> impl IntoView {
    view! {
        <svg class="lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path fill="currentColor" d=LOCK_PATH/>
        </svg>
    }
}
