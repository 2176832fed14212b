//! The search box and the filters above the list.

use super::ListView;
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
    let on_search = move |ev: leptos::ev::Event| on_search.run(event_target_value(&ev));
    view! {
        <div class="toolbar" role="search">
            <div class="field field--grow">
                <label class="field__label" for="project-search">"Search by name"</label>
                <input
                    id="project-search"
                    class="input"
                    type="search"
                    placeholder="e.g. Production-US-East"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || search.get()
                    on:input=on_search
                />
            </div>
            <FilterSelect
                id="filter-state"
                label="State"
                any="Any state"
                choices=vec![ProjectState::Available.as_str(), ProjectState::Unavailable.as_str()]
                view_state=view_state
                go=go
                read=|v| v.state.map(|s| s.as_str().to_string())
                write=|v, value| v.state = ProjectState::parse(value)
            />
            <FilterSelect
                id="filter-env"
                label="Environment"
                any="Any environment"
                choices=vec!["production", "staging", "development"]
                view_state=view_state
                go=go
                read=|v| v.environment.as_ref().map(|e| e.as_str().to_string())
                write=|v, value| v.environment = (!value.is_empty()).then(|| EnvironmentType::from(value))
            />
            <FilterSelect
                id="filter-cloud"
                label="Cloud"
                any="Any cloud"
                choices=Cloud::ALL.iter().map(|c| c.as_str()).collect()
                view_state=view_state
                go=go
                read=|v| v.cloud.map(|c| c.as_str().to_string())
                write=|v, value| v.cloud = Cloud::parse(value)
            />
        </div>
    }
}

/// One filter of the list. Choosing a value goes back to page 1, as a new
/// history entry so that Back undoes it.
#[component]
fn FilterSelect(
    /// The element id, for the label.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The text of the empty choice, which removes the filter.
    any: &'static str,
    /// The values offered, shown as they are sent.
    choices: Vec<&'static str>,
    /// What the list shows.
    view_state: Memo<ListView>,
    /// Moves the list to another view.
    go: Callback<(ListView, bool)>,
    /// The filter's value in a view, if set.
    read: fn(&ListView) -> Option<String>,
    /// Sets the filter in a view; an empty value clears it.
    write: fn(&mut ListView, &str),
) -> impl IntoView {
    // Setting a select's value costs the browser a lookup: only on change.
    let value = Memo::new(move |_| view_state.with(read).unwrap_or_default());
    let on_change = move |ev: leptos::ev::Event| {
        let mut next = view_state.get_untracked();
        write(&mut next, &event_target_value(&ev));
        next.page = 1;
        go.run((next, false));
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select
                id=id
                class="input"
                on:change=on_change
                prop:value=value
            >
                <option value="">{any}</option>
                {choices.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
            </select>
        </div>
    }
}
