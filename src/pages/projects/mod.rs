//! `/projects`: the organisation's projects, searchable, filterable and
//! sortable, with the current project marked.

mod query;
mod table;

pub use query::{ListView, PAGE_SIZE};
pub use table::ProjectTable;

use crate::api::{expect_api, latest_request};
use crate::components::ErrorView;
use crate::format;
use crate::routes;
use crate::state::expect_current_project;
use api_types::{Cloud, EnvironmentType, ListResponse, Project, ProjectSort, ProjectState};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use query::encode_pairs;

/// The list page.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let api = expect_api();
    let query_map = use_query_map();
    let view_state = Memo::new(move |_| query_map.with(|q| ListView::from_query(|k| q.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |(next, replace): (ListView, bool)| {
        let pairs = next.to_pairs();
        let href = if pairs.is_empty() {
            routes::projects().to_string()
        } else {
            format!("{}?{}", routes::projects(), encode_pairs(&pairs))
        };
        navigate(
            &href,
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    });

    // Each change of view aborts the request in flight; only the answer for
    // the latest view is kept, and the previous one stays on screen until it
    // arrives, so typing never flickers and never shows a stale match.
    let refresh = RwSignal::new(0u32);
    let key = move || (view_state.get(), refresh.get());
    let answer = latest_request(key, move |(view, _), signal| async move {
        api.list_projects(&view.to_api_query(), signal.as_ref())
            .await
    });
    let reload = move || refresh.update(|n| *n += 1);
    let pending = move || answer.with(|a| a.as_ref().is_none_or(|(k, _)| *k != key()));
    let refreshing = move || pending() && answer.with(Option::is_some);

    view! {
        <section class="page" aria-labelledby="projects-title" aria-busy=move || pending().to_string()>
            <header class="page__header">
                <div>
                    <h1 class="page__title" id="projects-title">"Projects"</h1>
                    <p class="page__lead">
                        "Each project is an isolated streaming stack (Kafka, Flink, connectors, pipelines) in one cloud region. Open one to work in it."
                    </p>
                </div>
                <button type="button" class="button" on:click=move |_| reload() prop:disabled=pending>
                    {move || if refreshing() { "Refreshing…" } else { "Refresh" }}
                </button>
            </header>
            <Toolbar view_state=view_state go=go/>
            {move || {
                answer.with(|a| match a {
                    None => view! { <LoadingTable/> }.into_any(),
                    Some((_, Ok(list))) => {
                        view! { <ProjectList list=list.clone() view_state=view_state go=go/> }.into_any()
                    }
                    Some((_, Err(error))) => {
                        view! { <ErrorView error=error.clone() on_retry=reload/> }.into_any()
                    }
                })
            }}
        </section>
    }
}

/// The search box and the filters.
#[component]
fn Toolbar(view_state: Memo<ListView>, go: Callback<(ListView, bool)>) -> impl IntoView {
    // The box keeps what is typed; the URL follows it, and the box follows
    // the URL when it changes otherwise (back button, clear).
    let search = RwSignal::new(view_state.with_untracked(|v| v.search.clone()));
    Effect::new(move |_| {
        let from_url = view_state.with(|v| v.search.clone());
        if from_url != search.get_untracked() {
            search.set(from_url);
        }
    });
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        search.set(text.clone());
        let next = ListView {
            search: text,
            page: 1,
            ..view_state.get_untracked()
        };
        go.run((next, true));
    };
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
                prop:value=move || view_state.with(read).unwrap_or_default()
            >
                <option value="">{any}</option>
                {choices.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A loaded page of projects: the count, the table or an empty state, and
/// the pager.
#[component]
pub fn ProjectList(
    /// The page the server answered.
    list: ListResponse<Project>,
    /// What the list shows.
    view_state: Memo<ListView>,
    /// Moves the list to another view: `(view, replace_history_entry)`.
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    let narrowed = view_state.with_untracked(ListView::is_narrowed);
    if list.total == 0 && narrowed {
        let search = view_state.with_untracked(|v| v.search.trim().to_string());
        let what = if search.is_empty() {
            "No projects match these filters.".to_string()
        } else {
            format!("No projects match \u{201c}{search}\u{201d} with these filters.")
        };
        return view! {
            <div class="empty" data-testid="projects-no-match">
                <h2 class="empty__title">"Nothing matches"</h2>
                <p>{what}</p>
                <button
                    type="button"
                    class="button button--primary"
                    on:click=move |_| go.run((view_state.get_untracked().cleared(), false))
                >
                    "Clear search and filters"
                </button>
            </div>
        }
        .into_any();
    }
    if list.total == 0 {
        return view! {
            <div class="empty" data-testid="projects-empty">
                <h2 class="empty__title">"No projects yet"</h2>
                <p>
                    "Projects are provisioned by support. Once your first one is ready it appears here, and you can switch to it."
                </p>
            </div>
        }
        .into_any();
    }
    let current = expect_current_project();
    let pages = list.total.div_ceil(u64::from(list.page_size.max(1)));
    let page = list.page;
    let first = u64::from(page - 1) * u64::from(list.page_size) + 1;
    let last = first + list.result.len() as u64 - 1;
    let summary = if pages > 1 {
        format!(
            "Showing {first}\u{2013}{last} of {}",
            format::count(list.total, "project", "projects")
        )
    } else {
        format::count(list.total, "project", "projects")
    };
    let to_page = move |n: u32| {
        let mut next = view_state.get_untracked();
        next.page = n;
        go.run((next, false));
    };
    let pager = (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                <button type="button" class="button" prop:disabled=page <= 1 on:click=move |_| to_page(page - 1)>
                    "Previous"
                </button>
                <span class="pager__status">{format!("Page {page} of {pages}")}</span>
                <button type="button" class="button" prop:disabled=!list.has_next on:click=move |_| to_page(page + 1)>
                    "Next"
                </button>
            </nav>
        }
    });
    let sort = view_state.with_untracked(|v| (v.sort, v.dir));
    let on_sort = Callback::new(move |column: ProjectSort| {
        go.run((view_state.get_untracked().sorted_by(column), false));
    });
    view! {
        <p class="page__count" data-testid="projects-count" aria-live="polite">{summary}</p>
        <ProjectTable
            projects=list.result
            current=Signal::derive(move || current.id.get())
            sort=sort
            on_sort=on_sort
        />
        {pager}
    }
    .into_any()
}

/// Placeholder rows while the first page loads, announced to screen readers.
#[component]
fn LoadingTable() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite" data-testid="projects-loading">
            <span class="visually-hidden">"Loading projects…"</span>
            <div class="skeleton" aria-hidden="true">
                {(0..6).map(|_| view! { <div class="skeleton__row"></div> }).collect_view()}
            </div>
        </div>
    }
}
