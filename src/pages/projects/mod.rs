//! `/projects`: the organisation's projects, searchable, filterable and
//! sortable, with the current project marked.

mod index;
mod query;
mod rows;
mod table;

pub use index::{
    expect_project_index, provide_project_index, ProjectIndex, ProjectIndexCache,
    MAX_LOCAL_PROJECTS,
};
pub use query::{ListView, PAGE_SIZE};
pub use table::{first_rows, rows_to_fill, ProjectTable};

use crate::api::{abort_on_cleanup, expect_api, latest_request, ApiError};
use crate::components::ErrorView;
use crate::format;
use crate::routes;
use crate::state::expect_current_project;
use api_types::{Cloud, EnvironmentType, ListResponse, ProjectSort, ProjectState, ProjectSummary};
use leptos::leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use query::encode_pairs;

/// How long typing must pause before the URL follows the search box. The
/// list follows every keystroke at once; writing a history entry for each
/// one would cost the browser more than drawing the rows.
const URL_SYNC_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

/// The view a page of rows was answered for, and that page.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownPage {
    /// The search, filters, sort and page the rows answer.
    pub view: ListView,
    /// The rows and counts.
    pub list: ListResponse<ProjectSummary>,
}

/// What the page body shows.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Loading,
    Loaded,
    Failed(ApiError),
}

/// The list page.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let api = expect_api();
    let query_map = use_query_map();
    let from_url = Memo::new(move |_| query_map.with(|q| ListView::from_query(|k| q.get(k))));
    let navigate = use_navigate();
    let write_url = move |next: &ListView, replace: bool| {
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
    };

    // The search box's text is the truth for the search; the URL catches up
    // once typing pauses. `written` is the search last put in the URL, so
    // that only a change made elsewhere (Back, a link) moves the box.
    let search = RwSignal::new(from_url.with_untracked(|v| v.search.clone()));
    let written = StoredValue::new(search.get_untracked());
    let url_sync = StoredValue::new(None::<TimeoutHandle>);
    let cancel_url_sync = move || {
        if let Some(handle) = url_sync.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_url_sync);
    Effect::new(move |_| {
        let in_url = from_url.with(|v| v.search.clone());
        if in_url != written.get_value() {
            cancel_url_sync();
            written.set_value(in_url.clone());
            search.set(in_url);
        }
    });
    let view_state = Memo::new(move |_| {
        let mut view = from_url.get();
        search.with(|typed| {
            if view.search != *typed {
                view.search.clone_from(typed);
                view.page = 1;
            }
        });
        view
    });
    let go = Callback::new({
        let write_url = write_url.clone();
        move |(next, replace): (ListView, bool)| {
            cancel_url_sync();
            written.set_value(next.search.clone());
            search.set(next.search.clone());
            write_url(&next, replace);
        }
    });
    let on_search = Callback::new(move |text: String| {
        search.set(text);
        cancel_url_sync();
        let write_url = write_url.clone();
        let handle = set_timeout_with_handle(
            move || {
                url_sync.set_value(None);
                let next = view_state.get_untracked();
                written.set_value(next.search.clone());
                write_url(&next, true);
            },
            URL_SYNC_DELAY,
        );
        url_sync.set_value(handle.ok());
    });

    // Each change of view aborts the request in flight; only the answer for
    // the latest view is kept, and the previous rows stay on screen until it
    // arrives, so typing never flickers and never shows a stale match. Once
    // the whole organisation is loaded, the answer comes from memory.
    let index = expect_project_index();
    let refresh = RwSignal::new(0u32);
    let key = move || (view_state.get(), refresh.get());
    let answer = latest_request(key, move |(view, _), signal| {
        let query = view.to_api_query();
        let local = index.fresh().map(|index| index.query(&query));
        async move {
            match local {
                Some(page) => Ok(page),
                None => api.list_projects(&query, signal.as_ref()).await,
            }
        }
    });
    let reload = move || {
        index.invalidate();
        refresh.update(|n| *n += 1);
    };

    // The whole organisation loads in the background once the first rows
    // are on screen, again after a refresh, and when the one held is stale.
    let load_signal = abort_on_cleanup();
    let loading_for = StoredValue::new(None::<u32>);
    Effect::new(move |_| {
        let generation = refresh.get();
        let shown = answer.with(|a| matches!(a, Some((_, Ok(_)))));
        if !shown || loading_for.get_value() == Some(generation) || index.fresh().is_some() {
            return;
        }
        loading_for.set_value(Some(generation));
        let signal = load_signal.clone();
        leptos::task::spawn_local(async move {
            if let Ok(Some(loaded)) = index::load(api, signal).await {
                if refresh.try_get_untracked() == Some(generation) {
                    index.set(loaded);
                }
            }
        });
    });
    let pending = move || answer.with(|a| a.as_ref().is_none_or(|(k, _)| *k != key()));
    // "Refreshing…" only for a refresh asked for: while typing, the rows
    // simply follow, and the button does not flicker on each keystroke.
    let refreshing = Memo::new(move |_| {
        let asked = refresh.get();
        answer.with(|a| {
            a.as_ref()
                .is_some_and(|((view, n), _)| *n != asked && view_state.with(|v| v == view))
        })
    });
    let phase = Memo::new(move |_| {
        answer.with(|a| match a {
            None => Phase::Loading,
            Some((_, Ok(_))) => Phase::Loaded,
            Some((_, Err(error))) => Phase::Failed(error.clone()),
        })
    });
    // The last page answered. Equal answers do not notify, and a new one
    // only touches the rows that changed.
    let shown = Memo::new(move |previous: Option<&ShownPage>| {
        answer.with(|a| match a {
            Some(((view, _), Ok(list))) => ShownPage {
                view: view.clone(),
                list: list.clone(),
            },
            _ => previous.cloned().unwrap_or_else(|| ShownPage {
                view: ListView::default(),
                list: ListResponse {
                    result: Vec::new(),
                    page: 1,
                    page_size: PAGE_SIZE,
                    total: 0,
                    has_next: false,
                },
            }),
        })
    });

    view! {
        <section
            class="page"
            aria-labelledby="projects-title"
            aria-busy=move || pending().to_string()
            data-answers=move || if index.is_loaded() { "memory" } else { "server" }
        >
            <header class="page__header">
                <div>
                    <h1 class="page__title" id="projects-title">"Projects"</h1>
                    <p class="page__lead">
                        "Each project is an isolated streaming stack (Kafka, Flink, connectors, pipelines) in one cloud region. Open one to work in it."
                    </p>
                </div>
                <div class="page__actions">
                    <a class="button button--primary" href=crate::routes::project_request()>"Request a project"</a>
                    <button type="button" class="button" on:click=move |_| reload() prop:disabled=refreshing>
                        {move || if refreshing.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                </div>
            </header>
            <crate::pages::requests::MyRequests on_provisioned=Callback::new(move |()| reload())/>
            <Toolbar view_state=view_state search=search on_search=on_search go=go/>
            {move || match phase.get() {
                Phase::Loading => view! { <LoadingTable/> }.into_any(),
                Phase::Loaded => {
                    view! { <ProjectList shown=shown view_state=view_state go=go/> }.into_any()
                }
                Phase::Failed(error) => view! { <ErrorView error=error on_retry=reload/> }.into_any(),
            }}
        </section>
    }
}

/// The search box and the filters.
#[component]
fn Toolbar(
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

/// What a loaded page amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing matches the search or filters.
    NoMatch,
    /// The organisation has no project at all.
    Empty,
    /// Rows to show.
    Rows,
}

/// A loaded page of projects: the count, the table or an empty state, and
/// the pager. Each new answer updates what changed in place.
#[component]
pub fn ProjectList(
    /// The page the server answered, and the view it answers.
    #[prop(into)]
    shown: Signal<ShownPage>,
    /// What the list is asked to show now (the search box may be ahead).
    view_state: Memo<ListView>,
    /// Moves the list to another view: `(view, replace_history_entry)`.
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    let outcome = Memo::new(move |_| {
        shown.with(|s| match s.list.total {
            0 if s.view.is_narrowed() => Outcome::NoMatch,
            0 => Outcome::Empty,
            _ => Outcome::Rows,
        })
    });
    move || {
        match outcome.get() {
        Outcome::NoMatch => {
            let what = move || {
                let search = shown.with(|s| s.view.search.trim().to_string());
                if search.is_empty() {
                    "No projects match these filters.".to_string()
                } else {
                    format!("No projects match \u{201c}{search}\u{201d} with these filters.")
                }
            };
            view! {
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
            .into_any()
        }
        Outcome::Empty => view! {
            <div class="empty" data-testid="projects-empty">
                <h2 class="empty__title">"No projects yet"</h2>
                <p>
                    "Projects are provisioned by support. Once your first one is ready it appears here, and you can switch to it."
                </p>
            </div>
        }
        .into_any(),
        Outcome::Rows => view! { <ProjectRows shown=shown view_state=view_state go=go/> }.into_any(),
    }
    }
}

/// The count, the table and the pager of a non-empty page.
#[component]
fn ProjectRows(
    shown: Signal<ShownPage>,
    view_state: Memo<ListView>,
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    let current = expect_current_project();
    let counts = Memo::new(move |_| {
        shown.with(|s| {
            let list = &s.list;
            let pages = list.total.div_ceil(u64::from(list.page_size.max(1)));
            let first = u64::from(list.page.saturating_sub(1)) * u64::from(list.page_size) + 1;
            let last = first + (list.result.len() as u64).saturating_sub(1);
            (list.page, pages, first, last, list.total, list.has_next)
        })
    });
    let summary = move || {
        let (_, pages, first, last, total, _) = counts.get();
        if pages > 1 {
            format!(
                "Showing {}\u{2013}{} of {}",
                format::grouped(first),
                format::grouped(last),
                format::count(total, "project", "projects")
            )
        } else {
            format::count(total, "project", "projects")
        }
    };
    let to_page = move |n: u32| {
        let mut next = view_state.get_untracked();
        next.page = n;
        go.run((next, false));
    };
    // The pager is built once while there is more than one page; each
    // keystroke of a search only updates its text and buttons.
    let paged = Memo::new(move |_| counts.with(|c| c.1 > 1));
    let page = move || counts.with(|c| c.0);
    let pager = move || {
        paged.get().then(|| {
            view! {
                <nav class="pager" aria-label="Pages">
                    <button type="button" class="button" prop:disabled=move || page() <= 1 on:click=move |_| to_page(page().saturating_sub(1).max(1))>
                        "Previous"
                    </button>
                    <span class="pager__status">{move || counts.with(|c| format!("Page {} of {}", c.0, c.1))}</span>
                    <button type="button" class="button" prop:disabled=move || !counts.with(|c| c.5) on:click=move |_| to_page(page() + 1)>
                        "Next"
                    </button>
                </nav>
            }
        })
    };
    let sort = Signal::derive(move || shown.with(|s| Some((s.view.sort, s.view.dir))));
    let on_sort = Callback::new(move |column: ProjectSort| {
        go.run((view_state.get_untracked().sorted_by(column), false));
    });
    // One copy of the rows per answer, read by reference after that.
    let projects = Memo::new(move |_| shown.with(|s| s.list.result.clone()));
    view! {
        <p class="page__count" data-testid="projects-count" aria-live="polite">{summary}</p>
        <ProjectTable
            projects=projects
            current=Signal::derive(move || current.id.get())
            sort=sort
            on_sort=on_sort
        />
        {pager}
    }
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
