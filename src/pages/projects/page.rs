//! The list page: the header, the requests, the toolbar and the list, with
//! the request for each view and the whole organisation loaded behind it.

use super::list::{ProjectList, ShownPage};
use super::toolbar::Toolbar;
use super::{ListView, PAGE_SIZE};
use crate::api::{abort_on_cleanup, expect_api, latest_request, ApiError};
use crate::components::lazy::LazyPage;
use crate::components::list::{list_state, ListState, LoadingRows};
use crate::components::ErrorView;
use crate::routes;
use crate::state::live::expect_live;
use crate::state::project_index::{self as index, expect_project_index};
use api_types::ListResponse;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
    let ListState {
        search,
        view_state,
        go,
        on_search,
    } = list_state(routes::projects(), from_url);

    // Each change of view aborts the request in flight; only the answer for
    // the latest view is kept, and the previous rows stay on screen until it
    // arrives, so typing never flickers and never shows a stale match. Once
    // the whole organisation is loaded, the answer comes from memory.
    let index = expect_project_index();
    let refresh = RwSignal::new(0u32);
    // A project renamed, paused, provisioned or given to the user elsewhere:
    // the list asks again, without a "Refreshing…" of its own.
    let changed = expect_live().projects;
    let key = move || (view_state.get(), refresh.get(), changed.get());
    let answer = latest_request(key, move |(view, ..), signal| {
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
    let loading_for = StoredValue::new(None::<(u32, u32)>);
    Effect::new(move |_| {
        let generation = (refresh.get(), changed.get());
        let shown = answer.with(|a| matches!(a, Some((_, Ok(_)))));
        if !shown || loading_for.get_value() == Some(generation) || index.fresh().is_some() {
            return;
        }
        loading_for.set_value(Some(generation));
        let signal = load_signal.clone();
        leptos::task::spawn_local(async move {
            if let Ok(Some(loaded)) = index::load(api, signal).await {
                let now = refresh.try_get_untracked().zip(changed.try_get_untracked());
                if now == Some(generation) {
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
                .is_some_and(|((view, n, _), _)| *n != asked && view_state.with(|v| v == view))
        })
    });
    let phase = Memo::new(move |_| {
        answer.with(|a| match a {
            None => Phase::Loading,
            Some((_, Ok(_))) => Phase::Loaded,
            Some((_, Err(error))) => Phase::Failed(error.clone()),
        })
    });
    // Once the first rows (or why there are none) are on screen, what can
    // wait is fetched.
    let started = expect_live().started;
    Effect::new(move |_| {
        if phase.with(|p| *p != Phase::Loading) && !started.get_untracked() {
            started.set(true);
        }
    });
    // The last page answered. Equal answers do not notify, and a new one
    // only touches the rows that changed.
    let shown = Memo::new(move |previous: Option<&ShownPage>| {
        answer.with(|a| match a {
            Some(((view, ..), Ok(list))) => ShownPage {
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

    provide_context(super::Provisioning::new(Callback::new(move |()| reload())));
    // The requests section's code arrives only for someone who has filed a
    // request: whether the list of them is empty is read without decoding
    // it (a failure shows the section, which says what went wrong).
    let has_requests = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let any = api
            .get_file("/project-requests")
            .await
            .map_or(true, |body| body.trim() != "[]");
        has_requests.try_set(any);
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
                    <a class="button button--primary" href=routes::project_request()>"Request a project"</a>
                    <button type="button" class="button" on:click=move |_| reload() prop:disabled=refreshing>
                        {move || if refreshing.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                </div>
            </header>
            <LazyPage load=crate::pages::lazy::my_requests quiet=true when=has_requests/>
            <Toolbar view_state=view_state search=search on_search=on_search go=go/>
            {move || match phase.get() {
                Phase::Loading => view! { <LoadingRows label="Loading projects…" testid="projects-loading"/> }.into_any(),
                Phase::Loaded => {
                    view! { <ProjectList shown=shown view_state=view_state go=go/> }.into_any()
                }
                Phase::Failed(error) => view! { <ErrorView error=error on_retry=reload/> }.into_any(),
            }}
        </section>
    }
}
