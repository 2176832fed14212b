//! The search box and the filters above the list.

use super::ListView;
use crate::components::list::{FilterSelect, SearchBox};
use crate::state::project_index::expect_project_index;
use api_types::{Cloud, EnvironmentType, ProjectState};
use leptos::prelude::*;

/// The search box and the filters.
#[component]
pub fn Toolbar(
    view_state: Memo<ListView>,
    /// What is typed in the search box.
    search: RwSignal<String>,
    /// Called with the search box's text on each keystroke.
    on_search: Callback<String>,
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    // The usual three, then the other types the organisation uses (once it
    // is loaded), and the one a link names even before that. The
    // organisation's are a memo: a keystroke in the search box changes the
    // view, and must not scan the organisation again (the select keeps
    // its options unless the list changes).
    let index = expect_project_index();
    let in_use = Memo::new(move |_| index.other_environments());
    let other_environments = Signal::derive(move || {
        let mut types = in_use.get();
        view_state.with(|v| {
            if let Some(EnvironmentType::Other(named)) = &v.filters.environment {
                if !types.contains(named) {
                    types.push(named.clone());
                }
            }
        });
        types
    });
    // Only someone with locked projects has a use for it.
    let locked_ones = crate::state::expect_session()
        .me()
        .is_some_and(|me| !me.organisation_admin);
    let openable = move |ev: leptos::ev::Event| {
        let mut next = view_state.get_untracked();
        next.filters.openable = event_target_checked(&ev);
        next.page = 1;
        go.run((next, false));
    };
    view! {
        <div class="toolbar" role="search">
            <SearchBox
                id="project-search"
                label="Search by name"
                placeholder="e.g. Production-US-East"
                search=search
                on_search=on_search
            />
            <FilterSelect
                id="filter-state"
                label="State"
                any="Any state"
                choices=vec![ProjectState::Available.as_str(), ProjectState::Unavailable.as_str()]
                view_state=view_state
                go=go
                read=|f| f.state.map(|s| s.as_str().to_string())
                write=|f, value| f.state = ProjectState::parse(value)
            />
            <FilterSelect
                id="filter-env"
                label="Environment"
                any="Any environment"
                choices=vec!["production", "staging", "development"]
                more=other_environments
                view_state=view_state
                go=go
                read=|f| f.environment.as_ref().map(|e| e.as_str().to_string())
                write=|f, value| f.environment = (!value.is_empty()).then(|| EnvironmentType::from(value))
            />
            <FilterSelect
                id="filter-cloud"
                label="Cloud"
                any="Any cloud"
                choices=Cloud::ALL.iter().map(|c| c.as_str()).collect()
                view_state=view_state
                go=go
                read=|f| f.cloud.map(|c| c.as_str().to_string())
                write=|f, value| f.cloud = Cloud::parse(value)
            />
            {locked_ones.then(|| view! {
                <label class="check toolbar__check">
                    <input
                        type="checkbox"
                        class="check__box"
                        prop:checked=move || view_state.with(|v| v.filters.openable)
                        on:change=openable
                        data-testid="filter-openable"
                    />
                    " Only projects I can open"
                </label>
            })}
        </div>
    }
}
