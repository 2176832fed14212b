//! `/projects/:id/pipelines`: the project's pipelines with their status,
//! latency and lag, searched, filtered, sorted and paged in the URL, with
//! rows selected for pausing, resuming, stopping or deleting several.

use super::latency;
use crate::api::{expect_api, latest_request, ApiError};
use crate::components::list::{
    list_state, sort_header, FilterSelect, ListState, ListView, NoMatch, PageCounts, Pager,
    SearchBox, SortKey,
};
use crate::components::{focus_confirmation, ConfirmDialog, ErrorView, UnavailableNotice};
use crate::format::grouped;
use crate::pages::connectors::{set_of, status_badge, BulkOutcome};
use crate::routes::{self, ProjectPage};
use crate::state::{expect_open_project, permissions};
use api_types::connectors::{
    BulkAction, BulkResponse, ConnectorKind, ConnectorListQuery, ConnectorStatus, DesiredState,
};
use api_types::pipelines::{Pipeline, PipelineListQuery, PipelineSort};
use api_types::{Change, ListResponse, ProjectId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;

/// Rows per page.
const PAGE_SIZE: u32 = 25;

/// The list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelineFilters {
    status: Option<ConnectorStatus>,
    source: Option<String>,
    destination: Option<String>,
    tag: Option<String>,
}

impl SortKey for PipelineSort {
    fn parse(value: &str) -> Option<Self> {
        PipelineSort::parse(value)
    }

    fn as_str(self) -> &'static str {
        PipelineSort::as_str(self)
    }
}

fn an_id(value: String) -> Option<String> {
    ProjectId::parse(&value)
        .ok()
        .map(|id| id.as_str().to_string())
}

impl crate::components::list::Filters for PipelineFilters {
    type Sort = PipelineSort;

    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            status: get("status").and_then(|s| ConnectorStatus::parse(&s)),
            source: get("source").and_then(an_id),
            destination: get("destination").and_then(an_id),
            tag: get("tag").filter(|t| t.chars().count() <= 40),
        }
    }

    fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_string()));
        }
        for (key, value) in [
            ("source", &self.source),
            ("destination", &self.destination),
            ("tag", &self.tag),
        ] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
    }

    fn is_set(&self) -> bool {
        self.status.is_some()
            || self.source.is_some()
            || self.destination.is_some()
            || self.tag.is_some()
    }
}

type View = ListView<PipelineFilters>;

fn api_query(view: &View) -> PipelineListQuery {
    PipelineListQuery {
        page: view.page,
        page_size: PAGE_SIZE,
        sort: view.sort,
        sort_dir: view.dir,
        partial_name: view.search.trim().chars().take(100).collect(),
        status: view.filters.status,
        source: view.filters.source.clone(),
        destination: view.filters.destination.clone(),
        tag: view.filters.tag.clone(),
    }
}

/// `/projects/:id/pipelines`.
#[component]
pub fn PipelinesPage() -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let blocked = permissions::blocked(Change::Pipelines);
    let query_map = use_query_map();
    let from_url = Memo::new(move |_| query_map.with(|q| View::from_query(|k| q.get(k))));
    let ListState {
        search,
        view_state,
        go,
        on_search,
    } = list_state(routes::project_page(&id, ProjectPage::Pipelines), from_url);
    let refresh = RwSignal::new(0u32);
    crate::state::live::refresh_on(
        crate::state::live::project_changes(&id, &[api_types::live::LiveTopic::Resources]),
        refresh,
    );
    let list_id = id.clone();
    let answer = latest_request(
        move || (view_state.get(), refresh.get()),
        move |(view, _), signal| {
            let id = list_id.clone();
            async move {
                api.list_pipelines(&id, &api_query(&view), signal.as_ref())
                    .await
            }
        },
    );
    // The project's connectors, for the source and destination filters.
    let connectors_id = id.clone();
    let connectors = LocalResource::new(move || {
        let id = connectors_id.clone();
        let signal = crate::api::abort_on_cleanup();
        async move {
            let query = ConnectorListQuery {
                page_size: 100,
                ..ConnectorListQuery::default()
            };
            let sources = api
                .list_connectors(&id, ConnectorKind::Source, &query, signal.as_ref())
                .await?;
            let destinations = api
                .list_connectors(&id, ConnectorKind::Destination, &query, signal.as_ref())
                .await?;
            let pairs = |page: ListResponse<api_types::connectors::Connector>| {
                page.result
                    .into_iter()
                    .map(|c| (c.id, c.name))
                    .collect::<Vec<_>>()
            };
            Ok::<_, ApiError>((pairs(sources), pairs(destinations)))
        }
    });
    let choices = Memo::new(move |_| connectors.get().and_then(Result::ok).unwrap_or_default());
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let outcome = RwSignal::new(None::<Result<BulkResponse, String>>);
    let new_href = routes::new_pipeline(&id);
    view! {
        <section class="page" aria-labelledby="pipelines-title" data-testid="pipelines">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name}</p>
                    <h1 class="page__title" id="pipelines-title" tabindex="-1">"Pipelines"</h1>
                    <p class="page__lead">"Each pipeline streams topics of a source to a destination."</p>
                </div>
                <div class="page__actions">
                    <button type="button" class="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
                    {move || match blocked.get() {
                        None => view! {
                            <A href=new_href.clone() attr:class="button button--primary" attr:data-testid="new-pipeline">"New pipeline"</A>
                        }.into_any(),
                        Some(reason) => view! { <p class="page__aside" data-testid="pipelines-blocked">{reason}</p> }.into_any(),
                    }}
                </div>
            </header>
            <UnavailableNotice/>
            <div class="toolbar" role="search">
                <SearchBox
                    id="pipeline-search"
                    label="Search by name"
                    placeholder="e.g. orders"
                    search=search
                    on_search=on_search
                />
                <FilterSelect
                    id="filter-status"
                    label="Status"
                    any="Any status"
                    choices=ConnectorStatus::ALL.iter().map(|s| s.as_str()).collect()
                    view_state=view_state
                    go=go
                    read=|f: &PipelineFilters| f.status.map(|s| s.as_str().to_string())
                    write=|f: &mut PipelineFilters, v| f.status = ConnectorStatus::parse(v)
                />
                <ConnectorFilter
                    id="filter-source"
                    label="Source"
                    any="Any source"
                    choices=Signal::derive(move || choices.get().0)
                    view_state=view_state
                    go=go
                    destination=false
                />
                <ConnectorFilter
                    id="filter-destination"
                    label="Destination"
                    any="Any destination"
                    choices=Signal::derive(move || choices.get().1)
                    view_state=view_state
                    go=go
                    destination=true
                />
                {move || view_state.with(|v| v.filters.tag.clone()).map(|tag| view! {
                    <p class="toolbar__chip" data-testid="tag-filter">
                        {format!("Tag: {tag}")}
                        <button type="button" class="button button--quiet" on:click=move |_| {
                            let mut next = view_state.get_untracked();
                            next.filters.tag = None;
                            next.page = 1;
                            go.run((next, false));
                        }>"Remove"</button>
                    </p>
                })}
            </div>
            {move || {
                (blocked.get().is_none() && !selected.with(BTreeSet::is_empty)).then(|| view! {
                    <BulkBar selected=selected refresh=refresh outcome=outcome/>
                })
            }}
            <BulkOutcome outcome=outcome/>
            {move || match answer.get() {
                None => view! { <p class="loading-line" role="status">"Loading the pipelines…"</p> }.into_any(),
                Some((_, Err(ApiError::Aborted))) => ().into_any(),
                Some((_, Err(error))) => view! {
                    <ErrorView error=error on_retry=move || refresh.update(|n| *n += 1)/>
                }.into_any(),
                Some(((view, _), Ok(page))) => view! {
                    <Rows
                        page=page
                        view=view
                        view_state=view_state
                        go=go
                        selected=selected
                        refresh=refresh
                        selectable=blocked.get_untracked().is_none()
                    />
                }.into_any(),
            }}
            {super::simulated_note()}
        </section>
    }
}

/// A filter by source or destination: the value is the connector's id,
/// the option shows its name.
#[component]
fn ConnectorFilter(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    choices: Signal<Vec<(String, String)>>,
    view_state: Memo<View>,
    go: Callback<(View, bool)>,
    destination: bool,
) -> impl IntoView {
    let value = Memo::new(move |_| {
        view_state
            .with(|v| {
                if destination {
                    v.filters.destination.clone()
                } else {
                    v.filters.source.clone()
                }
            })
            .unwrap_or_default()
    });
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        let chosen = (!chosen.is_empty()).then_some(chosen);
        let mut next = view_state.get_untracked();
        if destination {
            next.filters.destination = chosen;
        } else {
            next.filters.source = chosen;
        }
        next.page = 1;
        go.run((next, false));
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="input" on:change=on_change prop:value=value>
                <option value="">{any}</option>
                {move || choices.get().into_iter().map(|(value_id, name)| {
                    let selected = value.get_untracked() == value_id;
                    view! { <option value=value_id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A page of rows, or what to say when there are none.
#[component]
fn Rows(
    page: ListResponse<Pipeline>,
    view: View,
    view_state: Memo<View>,
    go: Callback<(View, bool)>,
    selected: RwSignal<BTreeSet<String>>,
    refresh: RwSignal<u32>,
    selectable: bool,
) -> impl IntoView {
    let api = expect_api();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    if page.total == 0 && view.is_narrowed() {
        return view! {
            <NoMatch
                things="pipelines"
                search=view.search.clone()
                on_clear=Callback::new(move |()| go.run((view_state.get_untracked().cleared(), false)))
                testid="pipelines-no-match"
            />
        }
        .into_any();
    }
    if page.total == 0 {
        return view! {
            <div class="empty" data-testid="pipelines-empty">
                <h2 class="empty__title">"No pipelines yet"</h2>
                <p>"A pipeline reads the topics a source writes (one per captured table) and writes their records to a destination, continuously."</p>
                <p>"Create one once the project has a source and a destination."</p>
                {permissions::blocked(Change::Pipelines).get_untracked().is_none().then(|| view! {
                    <div class="empty__actions">
                        <A href=routes::new_pipeline(&id) attr:class="button button--primary">"New pipeline"</A>
                    </div>
                })}
            </div>
        }
        .into_any();
    }
    let counts = Memo::new({
        let page = page.clone();
        move |_| PageCounts::of(&page)
    });
    let summary = counts.get_untracked().summary("pipeline", "pipelines");
    let sort = Signal::derive(move || view_state.with(|v| Some((v.sort, v.dir))));
    let on_sort = Some(Callback::new(move |column: PipelineSort| {
        go.run((view_state.get_untracked().sorted_by(column), false))
    }));
    let header = move |label, column| sort_header(label, column, sort, on_sort);
    let on_page =
        Callback::new(move |n: u32| go.run((view_state.get_untracked().on_page(n), false)));
    let ids: Vec<String> = page.result.iter().map(|p| p.id.clone()).collect();
    let all_ids = ids.clone();
    let all_selected =
        move || selected.with(|s| !all_ids.is_empty() && all_ids.iter().all(|id| s.contains(id)));
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        selected.update(|s| {
            for id in &ids {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(id);
                }
            }
        });
    };
    let busy = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let rows = page
        .result
        .into_iter()
        .map(|p| {
            let href = routes::pipeline(&id, &p.id);
            let (row_id, check_id, act_id) = (p.id.clone(), p.id.clone(), p.id.clone());
            let label = format!("Select {}", p.name);
            let tags = p
                .tags
                .iter()
                .map(|t| {
                    let mut next = view.clone();
                    next.filters.tag = Some(t.clone());
                    next.page = 1;
                    let href = next.href(&routes::project_page(&id, ProjectPage::Pipelines));
                    let t = t.clone();
                    view! { <A href=href attr:class="tag">{t}</A> }
                })
                .collect_view();
            let destination_state = (p.destination.status != ConnectorStatus::Active
                && p.destination.status != ConnectorStatus::Starting)
                .then(|| format!(" ({})", p.destination.status.as_str()));
            let (action, verb) = if p.desired_state == DesiredState::Active {
                (BulkAction::Pause, "Pause")
            } else {
                (BulkAction::Resume, "Resume")
            };
            let name = p.name.clone();
            let project = id.clone();
            let act = move |_| {
                if busy.get_untracked().is_some() {
                    return;
                }
                busy.set(Some(act_id.clone()));
                failure.set(None);
                let (project, pid, name) = (project.clone(), act_id.clone(), name.clone());
                leptos::task::spawn_local(async move {
                    let answer = api.pipeline_action(&project, &pid, action).await;
                    busy.try_set(None);
                    match answer {
                        Ok(_) => {
                            refresh.try_update(|n| *n += 1);
                        }
                        Err(e) => {
                            failure.try_set(Some(format!("{name}: {e}")));
                        }
                    }
                });
            };
            let busy_id = p.id.clone();
            let (shown_name, source_name, destination_name) =
                (p.name.clone(), p.source.name.clone(), p.destination.name.clone());
            let verb_label = format!("{verb} {}", p.name);
            view! {
                <tr data-testid="pipeline-row">
                    {selectable.then(|| view! {
                        <td class="table__check">
                            <input
                                type="checkbox"
                                aria-label=label
                                prop:checked=move || selected.with(|s| s.contains(&check_id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| {
                                        if on { s.insert(row_id.clone()); } else { s.remove(&row_id); }
                                    });
                                }
                            />
                        </td>
                    })}
                    <th scope="row"><A href=href attr:class="table__link">{shown_name}</A></th>
                    <td data-label="Tags"><span class="tags">{tags}</span></td>
                    <td data-label="Status">
                        {status_badge(p.status)}
                        {p.problem.as_ref().map(|problem| {
                            // The gist in the row; the whole of it on the pipeline's page.
                            let gist = problem.message.split(": ").next().unwrap_or_default().to_string();
                            view! { <span class="table__hint" title=problem.message.clone()>{gist}</span> }
                        })}
                    </td>
                    <td class="table__number" data-label="Latency" data-testid="pipeline-latency">{latency(p.latency_ms)}</td>
                    <td class="table__number" data-label="Lag" data-testid="pipeline-lag">{grouped(p.lag)}</td>
                    <td class="table__number" data-label="Topics">{p.topics.len()}</td>
                    <td data-label="Source"><A href=routes::connector(&id, ConnectorKind::Source, &p.source.id)>{source_name}</A></td>
                    <td data-label="Destination">
                        <A href=routes::connector(&id, ConnectorKind::Destination, &p.destination.id)>{destination_name}</A>
                        {destination_state}
                    </td>
                    <td data-label="Actions">
                        {selectable.then(|| view! {
                            <button
                                type="button"
                                class="button button--small"
                                aria-label=verb_label.clone()
                                disabled=move || busy.get().is_some_and(|b| b == busy_id)
                                on:click=act
                            >{verb}</button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="page__count" data-testid="pipelines-count">{summary}</p>
        {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
        <div class="table-wrap">
            <table class="table table--auto table--dense" data-testid="pipelines-table">
                <caption class="visually-hidden">"The project's pipelines"</caption>
                <thead>
                    <tr>
                        {selectable.then(|| view! {
                            <th scope="col" class="table__check">
                                <input
                                    type="checkbox"
                                    aria-label="Select every pipeline on this page"
                                    prop:checked=all_selected
                                    on:change=toggle_all
                                />
                            </th>
                        })}
                        {header("Name", PipelineSort::Name)}
                        <th scope="col">"Tags"</th>
                        {header("Status", PipelineSort::Status)}
                        {header("Latency", PipelineSort::Latency)}
                        {header("Lag", PipelineSort::Lag)}
                        <th scope="col">"Topics"</th>
                        <th scope="col">"Source"</th>
                        <th scope="col">"Destination"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager counts=counts on_page=on_page/>
    }
    .into_any()
}

/// What can be done to the selected rows.
#[component]
fn BulkBar(
    selected: RwSignal<BTreeSet<String>>,
    refresh: RwSignal<u32>,
    outcome: RwSignal<Option<Result<BulkResponse, String>>>,
) -> impl IntoView {
    let api = expect_api();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let run = move |action: BulkAction| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let ids: Vec<String> = selected.get_untracked().into_iter().collect();
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let answer = api.bulk_pipelines(&id, action, ids).await;
            busy.try_set(false);
            confirming.try_set(false);
            match answer {
                Ok(done) => {
                    // What failed stays selected, to try again.
                    selected.try_set(set_of(
                        done.results
                            .iter()
                            .filter(|r| !r.success)
                            .map(|r| r.id.clone()),
                    ));
                    outcome.try_set(Some(Ok(done)));
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    outcome.try_set(Some(Err(e.to_string())));
                }
            }
        });
    };
    let count = move || selected.with(BTreeSet::len);
    let run_delete = run.clone();
    let button = move |label: &'static str, action: BulkAction| {
        let run = run.clone();
        view! {
            <button type="button" class="button" disabled=move || busy.get() on:click=move |_| run(action)>{label}</button>
        }
    };
    let many = move || {
        if count() == 1 {
            "pipeline"
        } else {
            "pipelines"
        }
    };
    view! {
        <div class="bulk-bar" role="region" aria-label="Selected pipelines" data-testid="bulk-bar">
            <p class="bulk-bar__count">{move || format!("{} {} selected", count(), many())}</p>
            {button("Pause", BulkAction::Pause)}
            {button("Resume", BulkAction::Resume)}
            {button("Stop", BulkAction::Stop)}
            <button type="button" class="button button--danger" disabled=move || busy.get() on:click=move |_| { confirming.set(true); focus_confirmation(false); }>"Delete"</button>
            <button type="button" class="button button--quiet" on:click=move |_| { selected.set(BTreeSet::new()); outcome.set(None); }>"Clear selection"</button>
        </div>
        {move || confirming.get().then(|| {
            let run_delete = run_delete.clone();
            view! {
                <ConfirmDialog
                    title=format!("Delete {} {}?", count(), many())
                    action=format!("Delete {}", many())
                    type_to_confirm=None
                    testid="confirm-bulk-delete"
                    on_confirm=Callback::new(move |()| run_delete(BulkAction::Delete))
                    on_cancel=Callback::new(move |()| confirming.set(false))
                >
                    "They stop writing, and their figures and logs are deleted. Their sources and destinations stay. This cannot be undone."
                </ConfirmDialog>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_view_becomes_the_api_query() {
        let source = "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";
        let view = View::from_query(|k| match k {
            "q" => Some("orders".into()),
            "status" => Some("Broken".into()),
            "source" => Some(source.into()),
            "tag" => Some("team:data".into()),
            "sort" => Some("lag".into()),
            "dir" => Some("desc".into()),
            _ => None,
        });
        let q = api_query(&view);
        assert_eq!(q.partial_name, "orders");
        assert_eq!(q.status, Some(ConnectorStatus::Broken));
        assert_eq!(q.source.as_deref(), Some(source));
        assert_eq!(q.tag.as_deref(), Some("team:data"));
        assert_eq!(
            (q.sort, q.sort_dir),
            (PipelineSort::Lag, api_types::SortDir::Desc)
        );
        // A hand-edited URL falls back, never breaks the page.
        let odd = View::from_query(|k| match k {
            "status" => Some("Running".into()),
            "source" => Some("<script>".into()),
            "sort" => Some("volume".into()),
            _ => None,
        });
        assert_eq!(
            api_query(&odd),
            PipelineListQuery {
                page_size: PAGE_SIZE,
                ..Default::default()
            }
        );
    }
}
