//! `/projects/:id/sources` and `/destinations`: the project's connectors,
//! searched, filtered, sorted and paged through the shared list (all in the
//! URL), with rows selected for pausing, resuming, stopping or deleting
//! several at once.

use super::{connector_mark, display_name, status_badge, words};
use crate::api::{expect_api, latest_request, ApiError};
use crate::components::list::{
    list_state, sort_header, FilterSelect, ListState, ListView, NoMatch, PageCounts, Pager,
    SearchBox, SortKey,
};
use crate::components::{
    focus_confirmation, ConfirmDialog, ErrorView, LocalDate, UnavailableNotice,
};
use crate::routes;
use crate::state::{expect_open_project, permissions};
use api_types::connectors::{
    BulkAction, BulkResponse, Connector, ConnectorKind, ConnectorListQuery, ConnectorSort,
    ConnectorSpec, ConnectorStatus,
};
use api_types::{Change, ListResponse};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;

/// Rows per page.
const PAGE_SIZE: u32 = 25;

/// The list's filters: the connector and the status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectorFilters {
    connector: Option<String>,
    status: Option<ConnectorStatus>,
}

impl SortKey for ConnectorSort {
    fn parse(value: &str) -> Option<Self> {
        ConnectorSort::parse(value)
    }

    fn as_str(self) -> &'static str {
        ConnectorSort::as_str(self)
    }
}

impl crate::components::list::Filters for ConnectorFilters {
    type Sort = ConnectorSort;

    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            connector: get("connector").filter(|c| {
                c.len() <= 40
                    && c.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            }),
            status: get("status").and_then(|s| ConnectorStatus::parse(&s)),
        }
    }

    fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(c) = &self.connector {
            pairs.push(("connector", c.clone()));
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_string()));
        }
    }

    fn is_set(&self) -> bool {
        self.connector.is_some() || self.status.is_some()
    }
}

type View = ListView<ConnectorFilters>;

fn api_query(view: &View) -> ConnectorListQuery {
    ConnectorListQuery {
        page: view.page,
        page_size: PAGE_SIZE,
        sort: view.sort,
        sort_dir: view.dir,
        partial_name: view.search.trim().chars().take(100).collect(),
        connector: view.filters.connector.clone(),
        status: view.filters.status,
    }
}

/// The list of a project's connectors of `kind`.
#[component]
pub fn ConnectorList(kind: ConnectorKind) -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let (one, many, title) = words(kind);
    let blocked = permissions::blocked(Change::Connectors);
    let query_map = use_query_map();
    let from_url = Memo::new(move |_| query_map.with(|q| View::from_query(|k| q.get(k))));
    let ListState {
        search,
        view_state,
        go,
        on_search,
    } = list_state(routes::connectors(&id, kind), from_url);
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
                api.list_connectors(&id, kind, &api_query(&view), signal.as_ref())
                    .await
            }
        },
    );
    let catalog = super::catalog_resource(Some(kind));
    let catalog_list = Memo::new(move |_| catalog.get().and_then(|r| r.ok()).unwrap_or_default());
    let codes = Signal::derive(move || {
        catalog_list.with(|c| c.iter().map(|s| s.code.to_string()).collect::<Vec<_>>())
    });
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let outcome = RwSignal::new(None::<Result<BulkResponse, String>>);
    let new_href = routes::new_connector(&id, kind);
    let import_href = routes::import_connectors(&id, kind);
    let lead = match kind {
        ConnectorKind::Source => {
            "The databases whose changes this project captures, each table into a topic of its own."
        }
        ConnectorKind::Destination => "Where this project writes the changes its sources capture.",
    };
    view! {
        <section class="page" aria-labelledby="connectors-title" data-testid="connectors" data-kind=kind.as_str()>
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name}</p>
                    <h1 class="page__title" id="connectors-title" tabindex="-1">{title}</h1>
                    <p class="page__lead">{lead}</p>
                </div>
                <div class="page__actions">
                    <ExportButton kind=kind ids=Signal::derive(Vec::new) label="Export all"/>
                    {move || match blocked.get() {
                        None => view! {
                            <A href=import_href.clone() attr:class="button" attr:data-testid="import-connectors">"Import"</A>
                            <A href=new_href.clone() attr:class="button button--primary" attr:data-testid="new-connector">
                                {format!("New {one}")}
                            </A>
                        }.into_any(),
                        Some(reason) => view! { <p class="page__aside" data-testid="connectors-blocked">{reason}</p> }.into_any(),
                    }}
                </div>
            </header>
            <UnavailableNotice/>
            <div class="toolbar" role="search">
                <SearchBox
                    id="connector-search"
                    label="Search by name"
                    placeholder="e.g. orders"
                    search=search
                    on_search=on_search
                />
                <FilterSelect
                    id="filter-connector"
                    label="Connector"
                    any="Any connector"
                    choices=vec![]
                    more=codes
                    view_state=view_state
                    go=go
                    read=|f: &ConnectorFilters| f.connector.clone()
                    write=|f: &mut ConnectorFilters, v| f.connector = (!v.is_empty()).then(|| v.to_string())
                />
                <FilterSelect
                    id="filter-status"
                    label="Status"
                    any="Any status"
                    choices=ConnectorStatus::ALL.iter().map(|s| s.as_str()).collect()
                    view_state=view_state
                    go=go
                    read=|f: &ConnectorFilters| f.status.map(|s| s.as_str().to_string())
                    write=|f: &mut ConnectorFilters, v| f.status = ConnectorStatus::parse(v)
                />
            </div>
            {move || {
                let blocked_now = blocked.get().is_some();
                (!blocked_now && !selected.with(BTreeSet::is_empty)).then(|| view! {
                    <BulkBar kind=kind selected=selected refresh=refresh outcome=outcome/>
                })
            }}
            <BulkOutcome outcome=outcome/>
            {move || match answer.get() {
                None => view! { <p class="loading-line" role="status">{format!("Loading the {many}…")}</p> }.into_any(),
                Some((_, Err(ApiError::Aborted))) => ().into_any(),
                Some((_, Err(error))) => view! {
                    <ErrorView error=error on_retry=move || refresh.update(|n| *n += 1)/>
                }.into_any(),
                Some(((view, _), Ok(page))) => view! {
                    <Rows
                        kind=kind
                        page=page
                        view=view
                        view_state=view_state
                        go=go
                        catalog=catalog_list
                        selected=selected
                        selectable=blocked.get_untracked().is_none()
                    />
                }.into_any(),
            }}
        </section>
    }
}

/// A page of rows, or what to say when there are none.
#[component]
fn Rows(
    kind: ConnectorKind,
    page: ListResponse<Connector>,
    view: View,
    view_state: Memo<View>,
    go: Callback<(View, bool)>,
    catalog: Memo<Vec<ConnectorSpec>>,
    selected: RwSignal<BTreeSet<String>>,
    selectable: bool,
) -> impl IntoView {
    let project = expect_open_project();
    let id = project.with_untracked(|p| p.id.clone());
    let (one, many, _) = words(kind);
    if page.total == 0 && view.is_narrowed() {
        return view! {
            <NoMatch
                things=many
                search=view.search.clone()
                on_clear=Callback::new(move |()| go.run((view_state.get_untracked().cleared(), false)))
                testid="connectors-no-match"
            />
        }
        .into_any();
    }
    if page.total == 0 {
        let (what, next) = match kind {
            ConnectorKind::Source => (
                "A source is a database whose changes this project captures: each change to a table it includes becomes an event in that table's topic.",
                "Create one to start capturing, or import the configuration exported from another project.",
            ),
            ConnectorKind::Destination => (
                "A destination is where this project writes the changes its sources capture: a warehouse, a lake or object storage.",
                "Create one to start writing the captured changes somewhere, or import the configuration exported from another project.",
            ),
        };
        return view! {
            <div class="empty" data-testid="connectors-empty">
                <h2 class="empty__title">{format!("No {many} yet")}</h2>
                <p>{what}</p>
                <p>{next}</p>
                {permissions::blocked(Change::Connectors).get_untracked().is_none().then(|| view! {
                    <div class="empty__actions">
                        <A href=routes::new_connector(&id, kind) attr:class="button button--primary">{format!("New {one}")}</A>
                        <A href=routes::import_connectors(&id, kind) attr:class="button" attr:data-testid="empty-import">"Import from a file"</A>
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
    let summary = counts.get_untracked().summary(one, many);
    let sort = Signal::derive(move || view_state.with(|v| Some((v.sort, v.dir))));
    let on_sort = Some(Callback::new(move |column: ConnectorSort| {
        go.run((view_state.get_untracked().sorted_by(column), false))
    }));
    let header = move |label, column| sort_header(label, column, sort, on_sort);
    let on_page =
        Callback::new(move |n: u32| go.run((view_state.get_untracked().on_page(n), false)));
    let ids: Vec<String> = page.result.iter().map(|c| c.id.clone()).collect();
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
    let rows = page
        .result
        .into_iter()
        .map(|c| {
            let name = catalog.with_untracked(|cat| display_name(cat, &c.connector));
            let href = routes::connector(&id, kind, &c.id);
            let row_id = c.id.clone();
            let check_id = c.id.clone();
            let label = format!("Select {}", c.name);
            view! {
                <tr data-testid="connector-row">
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
                    <th scope="row"><A href=href attr:class="table__link">{c.name.clone()}</A></th>
                    <td data-label="Connector"><span class="connector-cell">{connector_mark(&c.connector, &name)}{name}</span></td>
                    <td data-label="Status">{status_badge(c.connector_status)}</td>
                    <td class="table__number" data-label="Topics">{c.topics}</td>
                    <td data-label="Tags">{c.tags.join(", ")}</td>
                    <td data-label="Created on"><LocalDate at=c.created_at/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="page__count" data-testid="connectors-count">{summary}</p>
        <div class="table-wrap">
            <table class="table table--auto" data-testid="connectors-table">
                <caption class="visually-hidden">{format!("The project's {many}")}</caption>
                <thead>
                    <tr>
                        {selectable.then(|| view! {
                            <th scope="col" class="table__check">
                                <input
                                    type="checkbox"
                                    aria-label=format!("Select every {one} on this page")
                                    prop:checked=all_selected
                                    on:change=toggle_all
                                />
                            </th>
                        })}
                        {header("Name", ConnectorSort::Name)}
                        <th scope="col">"Connector"</th>
                        {header("Status", ConnectorSort::ConnectorStatus)}
                        <th scope="col">"Topics"</th>
                        <th scope="col">"Tags"</th>
                        {header("Created on", ConnectorSort::CreatedAt)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager counts=counts on_page=on_page/>
    }
    .into_any()
}

/// What can be done to the selected rows, and what came of it.
#[component]
fn BulkBar(
    kind: ConnectorKind,
    selected: RwSignal<BTreeSet<String>>,
    refresh: RwSignal<u32>,
    outcome: RwSignal<Option<Result<BulkResponse, String>>>,
) -> impl IntoView {
    let api = expect_api();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let (one, many, _) = words(kind);
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
            let answer = api.bulk_connectors(&id, kind, action, ids).await;
            busy.try_set(false);
            confirming.try_set(false);
            match answer {
                Ok(done) => {
                    let failed: BTreeSet<String> = super::set_of(
                        done.results
                            .iter()
                            .filter(|r| !r.success)
                            .map(|r| r.id.clone()),
                    );
                    // What failed stays selected, to try again.
                    selected.try_set(failed);
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
    view! {
        <div class="bulk-bar" role="region" aria-label=format!("Selected {many}") data-testid="bulk-bar">
            <p class="bulk-bar__count">{move || {
                let n = count();
                format!("{n} {} selected", if n == 1 { one } else { many })
            }}</p>
            {button("Pause", BulkAction::Pause)}
            {button("Resume", BulkAction::Resume)}
            {button("Stop", BulkAction::Stop)}
            <ExportButton kind=kind ids=Signal::derive(move || selected.get().into_iter().collect()) label="Export"/>
            <button type="button" class="button button--danger" disabled=move || busy.get() on:click=move |_| { confirming.set(true); focus_confirmation(false); }>"Delete"</button>
            <button type="button" class="button button--quiet" on:click=move |_| { selected.set(BTreeSet::new()); outcome.set(None); }>"Clear selection"</button>
        </div>
        {move || confirming.get().then(|| {
            let run_delete = run_delete.clone();
            view! {
                <ConfirmDialog
                    title=format!("Delete {} {}?", count(), if count() == 1 { one } else { many })
                    action=format!("Delete {}", if count() == 1 { one } else { many })
                    type_to_confirm=None
                    testid="confirm-bulk-delete"
                    on_confirm=Callback::new(move |()| run_delete(BulkAction::Delete))
                    on_cancel=Callback::new(move |()| confirming.set(false))
                >
                    "Their configuration and secrets are deleted. This cannot be undone."
                </ConfirmDialog>
            }
        })}
    }
}

/// Saves the export file of the connectors of `kind` in `ids` (all of
/// them when empty).
#[component]
fn ExportButton(
    kind: ConnectorKind,
    ids: Signal<Vec<String>>,
    label: &'static str,
) -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let export = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let (id, name) = (id.clone(), name.clone());
        let ids = ids.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = api.export_connectors(&id, kind, &ids).await;
            busy.try_set(false);
            match answer {
                Ok(text) => {
                    let day: String = String::from(js_sys::Date::new_0().to_iso_string())
                        .chars()
                        .take(10)
                        .collect();
                    let file = api_types::connectors::export_file_name(&name, &day);
                    if !crate::components::download_file(&file, "application/json", &text) {
                        failure.try_set(Some("The browser did not save the file.".into()));
                    }
                }
                Err(e) => {
                    failure.try_set(Some(format!("The export failed: {e}")));
                }
            }
        });
    };
    view! {
        <button type="button" class="button" disabled=move || busy.get() on:click=export data-testid="export-connectors">
            {move || if busy.get() { "Exporting…" } else { label }}
        </button>
        {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
    }
}

/// What came of the last action on selected rows (connectors' or
/// pipelines').
#[component]
pub fn BulkOutcome(outcome: RwSignal<Option<Result<BulkResponse, String>>>) -> impl IntoView {
    view! {
        {move || outcome.get().map(|o| match o {
            Ok(done) => {
                let failures: Vec<_> = done.results.iter().filter(|r| !r.success).cloned().collect();
                let class = if failures.is_empty() { "notice notice--success" } else { "notice notice--error" };
                view! {
                    <div class=class role="status" data-testid="bulk-outcome">
                        <p>{format!("{} of {} done.", done.summary.succeeded, done.summary.total)}</p>
                        {(!failures.is_empty()).then(|| view! {
                            <ul class="bulk-bar__failures">
                                {failures.into_iter().map(|f| view! { <li>{f.message}</li> }).collect_view()}
                            </ul>
                        })}
                    </div>
                }.into_any()
            }
            Err(message) => view! { <p class="notice notice--error" role="alert">{message}</p> }.into_any(),
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_view_becomes_the_api_query() {
        let view = View::from_query(|k| match k {
            "q" => Some("orders".into()),
            "status" => Some("Paused".into()),
            "connector" => Some("postgresql".into()),
            "sort" => Some("created_at".into()),
            "dir" => Some("desc".into()),
            "page" => Some("2".into()),
            _ => None,
        });
        let q = api_query(&view);
        assert_eq!(q.partial_name, "orders");
        assert_eq!(q.status, Some(ConnectorStatus::Paused));
        assert_eq!(q.connector.as_deref(), Some("postgresql"));
        assert_eq!(q.sort, ConnectorSort::CreatedAt);
        assert_eq!(q.sort_dir, api_types::SortDir::Desc);
        assert_eq!(q.page, 2);
        // A hand-edited URL falls back, never breaks the page.
        let odd = View::from_query(|k| match k {
            "status" => Some("Running".into()),
            "connector" => Some("<script>".into()),
            "sort" => Some("latency".into()),
            _ => None,
        });
        assert_eq!(
            api_query(&odd),
            ConnectorListQuery {
                page_size: PAGE_SIZE,
                ..Default::default()
            }
        );
    }
}
