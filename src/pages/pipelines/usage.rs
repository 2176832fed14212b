//! `/projects/:id/usage`: the bytes the project moved over a window kept in
//! the URL, what is billed for them, by bucket and by connector, with the
//! buckets as a CSV file.

use super::{bytes, Chart, Series, WindowPicker};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::list::{sort_header, SortKey};
use crate::components::{download_file, ErrorView};
use crate::format::{grouped, iso_timestamp};
use crate::routes::{self, ProjectPage};
use crate::state::expect_open_project;
use api_types::usage::{
    OrganisationUsage, ProjectUsage, ProjectUsageTotal, UsageShare, UsageWindow,
};
use api_types::{ProjectId, SortDir};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The buckets as CSV: one line per bucket, exact bytes.
pub fn usage_csv(usage: &ProjectUsage) -> String {
    let mut out = String::from("bucket_start,inbound_bytes,outbound_bytes,billable_bytes\n");
    for b in &usage.buckets {
        out.push_str(&format!(
            "{},{},{},{}\n",
            iso_timestamp(&b.at),
            b.figures.inbound_bytes,
            b.figures.outbound_bytes,
            b.figures.billable_bytes
        ));
    }
    out
}

/// `/projects/:id/usage`.
#[component]
pub fn UsagePage() -> impl IntoView {
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let window = window_in_url();
    let path = routes::project_page(&id, ProjectPage::Usage);
    view! {
        <section class="page" aria-labelledby="usage-title" data-testid="usage">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name.clone()}</p>
                    <h1 class="page__title" id="usage-title" tabindex="-1">"Usage"</h1>
                    <p class="page__lead">"Bytes this project moved, and what is billed: the larger of inbound and outbound bytes in each hour. Projects are billed on their own."</p>
                </div>
            </header>
            <WindowPicker
                path=path
                label="Usage window"
                choices=UsageWindow::ALL.iter().map(|w| (w.as_str(), w.label())).collect()
                default=UsageWindow::default().as_str()
                current=Signal::derive(move || window.get().as_str())
                testid="usage-window"
            />
            <UsageDetail id=id name=project_name window=window/>
            {super::simulated_note()}
        </section>
    }
}

/// The usage window the URL names (30 days when it names none it knows).
fn window_in_url() -> Memo<UsageWindow> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|q| q.get("window"))
            .as_deref()
            .and_then(UsageWindow::parse)
            .unwrap_or_default()
    })
}

/// One project's usage over the window: loaded afresh for each project
/// (a new project never shows the last one's figures while it loads).
#[component]
fn UsageDetail(id: ProjectId, name: String, window: Memo<UsageWindow>) -> impl IntoView {
    let api = expect_api();
    let version = RwSignal::new(0u32);
    let usage = LocalResource::new(move || {
        version.track();
        let (id, window) = (id.clone(), window.get());
        let signal = abort_on_cleanup();
        async move { api.project_usage(&id, window, signal.as_ref()).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the usage…"</p> }>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    match usage.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                        Ok(u) => view! { <Loaded usage=u name=name/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// A window's usage, loaded.
#[component]
fn Loaded(usage: ProjectUsage, name: String) -> impl IntoView {
    let t = usage.totals;
    let over = usage.window.label();
    let times: Vec<_> = usage.buckets.iter().map(|b| b.at).collect();
    let series = |f: fn(&api_types::usage::UsageFigures) -> u64| {
        usage
            .buckets
            .iter()
            .map(|b| Some(f(&b.figures)))
            .collect::<Vec<_>>()
    };
    let csv = StoredValue::new(usage_csv(&usage));
    let file = format!(
        "{}-usage-{}.csv",
        name.to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        usage.window.as_str()
    );
    let saved = RwSignal::new(None::<bool>);
    let stat = |label: &'static str, value: u64, testid: &'static str| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd data-testid=testid title=format!("{} bytes", grouped(value))>{bytes(value)}</dd>
            </div>
        }
    };
    view! {
        <dl class="stats" data-testid="usage-totals">
            {stat("Billable", t.billable_bytes, "usage-billable")}
            {stat("Inbound", t.inbound_bytes, "usage-inbound")}
            {stat("Outbound", t.outbound_bytes, "usage-outbound")}
        </dl>
        <Chart
            title="Billable volume"
            summary=format!("Over the {over}: {} billable ({} bytes), {} in, {} out.", bytes(t.billable_bytes), grouped(t.billable_bytes), bytes(t.inbound_bytes), bytes(t.outbound_bytes))
            times=times
            series=vec![
                Series { label: "Billable", values: series(|f| f.billable_bytes) },
                Series { label: "Outbound", values: series(|f| f.outbound_bytes) },
            ]
            format=bytes
            testid="chart-usage"
        />
        <p class="form__actions">
            <button type="button" class="button" data-testid="usage-csv" on:click=move |_| {
                saved.set(Some(download_file(&file, "text/csv", &csv.get_value())));
            }>"Download CSV"</button>
            {move || (saved.get() == Some(false)).then(|| view! { <span class="notice notice--error" role="alert">"The browser did not save the file."</span> })}
        </p>
        <div class="usage__shares">
            {shares("By source", "inbound", usage.sources)}
            {shares("By destination", "outbound", usage.destinations)}
        </div>
    }
}

/// A column the organisation's usage sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UsageSort {
    /// The project's name.
    #[default]
    Name,
    /// Billable bytes.
    Billable,
    /// Inbound bytes.
    Inbound,
    /// Outbound bytes.
    Outbound,
}

impl SortKey for UsageSort {
    fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "name" => Self::Name,
            "billable" => Self::Billable,
            "inbound" => Self::Inbound,
            "outbound" => Self::Outbound,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Billable => "billable",
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

/// The organisation's projects in the order `sort` and `dir` ask for:
/// projects without figures (no role on them) last, whatever the order.
pub fn sorted_usage(
    mut rows: Vec<ProjectUsageTotal>,
    sort: UsageSort,
    dir: SortDir,
) -> Vec<ProjectUsageTotal> {
    let figure = |r: &ProjectUsageTotal| {
        r.totals.map(|t| match sort {
            UsageSort::Name | UsageSort::Billable => t.billable_bytes,
            UsageSort::Inbound => t.inbound_bytes,
            UsageSort::Outbound => t.outbound_bytes,
        })
    };
    rows.sort_by(|a, b| {
        let name = a.name.to_lowercase().cmp(&b.name.to_lowercase());
        let by = match sort {
            UsageSort::Name => name,
            _ => figure(a).cmp(&figure(b)),
        };
        let by = if dir == SortDir::Desc {
            by.reverse()
        } else {
            by
        };
        // Ties (and projects without figures) go by name, A to Z.
        a.totals
            .is_none()
            .cmp(&b.totals.is_none())
            .then(by)
            .then(name)
            .then_with(|| a.project_id.as_str().cmp(b.project_id.as_str()))
    });
    rows
}

/// `/usage`: every project's figures over a window, sortable, and one
/// project's detail below, chosen with a picker; all of it in the URL
/// (`?window=7d&sort=billable&dir=desc&project=…`).
#[component]
pub fn OrganisationUsagePage() -> impl IntoView {
    let api = expect_api();
    let query = use_query_map();
    let window = window_in_url();
    let sort = Memo::new(move |_| {
        query.with(|q| {
            let sort = q
                .get("sort")
                .as_deref()
                .and_then(UsageSort::parse)
                .unwrap_or_default();
            let dir = match q.get("dir").as_deref() {
                Some("desc") => SortDir::Desc,
                Some("asc") => SortDir::Asc,
                _ if sort == UsageSort::Name => SortDir::Asc,
                _ => SortDir::Desc,
            };
            (sort, dir)
        })
    });
    let chosen_in_url = Memo::new(move |_| {
        query
            .with(|q| q.get("project"))
            .and_then(|p| ProjectId::parse(&p).ok())
    });
    let navigate = leptos_router::hooks::use_navigate();
    // To the URL with some of its values changed.
    let go = Callback::new(move |changes: Vec<(&'static str, String)>| {
        let mut pairs: Vec<(&str, String)> = query.with_untracked(|q| {
            ["window", "sort", "dir", "project"]
                .into_iter()
                .filter(|k| changes.iter().all(|(c, _)| c != k))
                .filter_map(|k| q.get(k).map(|v| (k, v)))
                .collect()
        });
        pairs.extend(changes.into_iter().filter(|(_, value)| !value.is_empty()));
        let text = crate::components::list::encode_pairs(&pairs);
        let href = if text.is_empty() {
            routes::usage().to_string()
        } else {
            format!("{}?{text}", routes::usage())
        };
        navigate(&href, Default::default());
    });
    let version = RwSignal::new(0u32);
    let all = LocalResource::new(move || {
        version.track();
        let window = window.get();
        let signal = abort_on_cleanup();
        async move { api.organisation_usage(window, signal.as_ref()).await }
    });
    let on_sort = Callback::new(move |column: UsageSort| {
        let (now, dir) = sort.get_untracked();
        let dir = match (now == column, dir) {
            (true, SortDir::Asc) => "desc",
            (true, SortDir::Desc) => "asc",
            (false, _) if column == UsageSort::Name => "asc",
            (false, _) => "desc",
        };
        go.run(vec![
            ("sort", column.as_str().to_string()),
            ("dir", dir.to_string()),
        ]);
    });
    let remembered = StoredValue::new(crate::state::expect_current_project().id.get_untracked());
    let window_query = Signal::derive(move || {
        query.with(|q| {
            ["sort", "dir", "project"]
                .into_iter()
                .filter_map(|k| {
                    q.get(k)
                        .map(|v| format!("{k}={}", api_types::percent_encode(&v)))
                })
                .collect::<Vec<_>>()
                .join("&")
        })
    });
    view! {
        <section class="page" aria-labelledby="org-usage-title" data-testid="organisation-usage">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Organisation"</p>
                    <h1 class="page__title" id="org-usage-title" tabindex="-1">"Usage"</h1>
                    <p class="page__lead">"What each project moved and is billed for: the larger of inbound and outbound bytes in each hour. Projects are billed on their own; projects you have no role on are listed without figures."</p>
                </div>
            </header>
            <WindowPicker
                path=routes::usage().to_string()
                label="Usage window"
                choices=UsageWindow::ALL.iter().map(|w| (w.as_str(), w.label())).collect()
                default=UsageWindow::default().as_str()
                current=Signal::derive(move || window.get().as_str())
                testid="usage-window"
                query=window_query
            />
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the organisation's usage…"</p> }>
                {move || Suspend::new(async move {
                    match all.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                        Ok(org) => {
                            // Offered: the projects with figures, by name; shown
                            // first: the one the URL names, else the project
                            // last opened, else the one billed most.
                            let visible: Vec<(ProjectId, String)> = org
                                .projects
                                .iter()
                                .filter(|p| p.totals.is_some())
                                .map(|p| (p.project_id.clone(), p.name.clone()))
                                .collect();
                            let largest = sorted_usage(org.projects.clone(), UsageSort::Billable, SortDir::Desc)
                                .into_iter()
                                .find(|p| p.totals.is_some())
                                .map(|p| (p.project_id, p.name));
                            let chosen = {
                                let visible = visible.clone();
                                Memo::new(move |_| {
                                    let wanted = chosen_in_url.get().or_else(|| remembered.get_value());
                                    wanted
                                        .and_then(|id| visible.iter().find(|(v, _)| *v == id).cloned())
                                        .or_else(|| largest.clone())
                                })
                            };
                            view! {
                                <ProjectsTable org=org sort=sort on_sort=on_sort/>
                                {(!visible.is_empty()).then(|| {
                                    let options = visible
                                        .iter()
                                        .map(|(id, name)| {
                                            let value = id.to_string();
                                            let selected = chosen.with_untracked(|c| c.as_ref().is_some_and(|(c, _)| c == id));
                                            view! { <option value=value selected=selected>{name.clone()}</option> }
                                        })
                                        .collect_view();
                                    view! {
                                        <section class="usage__detail" aria-labelledby="usage-detail-title">
                                            <h2 class="section__title" id="usage-detail-title">"One project's usage"</h2>
                                            <div class="field">
                                                <label class="field__label" for="usage-project">"Project"</label>
                                                <select
                                                    id="usage-project"
                                                    class="input input--auto"
                                                    data-testid="usage-project"
                                                    prop:value=move || chosen.with(|c| c.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default())
                                                    on:change=move |ev| go.run(vec![("project", event_target_value(&ev))])
                                                >
                                                    {options}
                                                </select>
                                            </div>
                                            {move || chosen.get().map(|(id, name)| view! {
                                                <p class="usage__open">
                                                    <a href=routes::project_page(&id, ProjectPage::Usage)>{format!("Open {name}'s usage page")}</a>
                                                </p>
                                                <UsageDetail id=id name=name window=window/>
                                            })}
                                        </section>
                                    }
                                })}
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
            {super::simulated_note()}
        </section>
    }
}

/// The projects' figures, sortable by column, with the total of those
/// shown.
#[component]
fn ProjectsTable(
    org: OrganisationUsage,
    sort: Memo<(UsageSort, SortDir)>,
    on_sort: Callback<UsageSort>,
) -> impl IntoView {
    let projects = org.projects;
    let totals = org.totals;
    let rows = move || {
        let (column, dir) = sort.get();
        sorted_usage(projects.clone(), column, dir)
            .into_iter()
            .map(|p| {
                let cells = match p.totals {
                    Some(t) => view! {
                        <th scope="row"><a href=routes::project_page(&p.project_id, ProjectPage::Usage)>{p.name.clone()}</a></th>
                        <td data-label="State">{p.state.as_str()}</td>
                        <td data-label="Billable" title=format!("{} bytes", grouped(t.billable_bytes))>{bytes(t.billable_bytes)}</td>
                        <td data-label="Inbound" title=format!("{} bytes", grouped(t.inbound_bytes))>{bytes(t.inbound_bytes)}</td>
                        <td data-label="Outbound" title=format!("{} bytes", grouped(t.outbound_bytes))>{bytes(t.outbound_bytes)}</td>
                    }
                    .into_any(),
                    None => view! {
                        <th scope="row">{p.name.clone()}</th>
                        <td data-label="State">{p.state.as_str()}</td>
                        <td colspan="3">
                            <span class="badge badge--locked">"No access"</span>
                            " "
                            <a href=routes::request_access(&p.project_id)>"Request access"</a>
                        </td>
                    }
                    .into_any(),
                };
                view! { <tr data-testid="usage-row">{cells}</tr> }
            })
            .collect_view()
    };
    let current = Signal::derive(move || Some(sort.get()));
    let header = move |label, column| sort_header(label, column, current, Some(on_sort));
    view! {
        <div class="table-wrap">
            <table class="table table--usage" data-testid="usage-projects">
                <caption class="visually-hidden">"Usage by project"</caption>
                <thead>
                    <tr>
                        {header("Project", UsageSort::Name)}
                        <th scope="col">"State"</th>
                        {header("Billable", UsageSort::Billable)}
                        {header("Inbound", UsageSort::Inbound)}
                        {header("Outbound", UsageSort::Outbound)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr data-testid="usage-total">
                        <th scope="row" colspan="2">"Total of the projects shown"</th>
                        <td data-label="Billable" title=format!("{} bytes", grouped(totals.billable_bytes))>{bytes(totals.billable_bytes)}</td>
                        <td data-label="Inbound">{bytes(totals.inbound_bytes)}</td>
                        <td data-label="Outbound">{bytes(totals.outbound_bytes)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// A table of connectors' shares of the window's bytes.
fn shares(title: &'static str, what: &'static str, rows: Vec<UsageShare>) -> impl IntoView {
    let body = if rows.is_empty() {
        view! { <tr><td colspan="3">"Nothing moved in this window."</td></tr> }.into_any()
    } else {
        rows.into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row">{r.name}</th>
                        <td class="table__number">{bytes(r.bytes)}</td>
                        <td class="table__number">{grouped(r.bytes)}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="table-wrap">
            <table class="table table--auto table--dense" data-testid="usage-shares">
                <caption class="usage__caption">{title}</caption>
                <thead><tr><th scope="col">"Connector"</th><th scope="col">{format!("Bytes {what}")}</th><th scope="col">"Exact bytes"</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::usage::{UsageBucket, UsageFigures};
    use chrono::TimeZone;

    #[test]
    fn the_csv_has_a_line_per_bucket_with_the_api_s_exact_bytes() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let figures = |i: u64| UsageFigures {
            inbound_bytes: 1_000_001 * i,
            outbound_bytes: 999_999 * i,
            billable_bytes: 1_000_001 * i,
        };
        let usage = ProjectUsage {
            simulated: true,
            project_id: api_types::ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41")
                .unwrap(),
            window: UsageWindow::Day,
            step_seconds: 3600,
            from: at,
            to: at + chrono::Duration::hours(2),
            buckets: (0..2)
                .map(|i| UsageBucket {
                    at: at + chrono::Duration::hours(i),
                    figures: figures(i as u64 + 1),
                })
                .collect(),
            totals: UsageFigures::default(),
            sources: Vec::new(),
            destinations: Vec::new(),
        };
        assert_eq!(
            usage_csv(&usage),
            "bucket_start,inbound_bytes,outbound_bytes,billable_bytes\n\
             2026-12-01T00:00:00Z,1000001,999999,1000001\n\
             2026-12-01T01:00:00Z,2000002,1999998,2000002\n"
        );
    }

    #[test]
    fn the_organisation_s_projects_sort_by_any_column_with_locked_ones_last() {
        use api_types::ProjectState;
        let row = |n: u8, name: &str, billable: Option<u64>| ProjectUsageTotal {
            project_id: ProjectId::parse(&format!("00000000-0000-4000-8000-00000000000{n}"))
                .unwrap(),
            name: name.into(),
            state: ProjectState::Available,
            totals: billable.map(|b| UsageFigures {
                inbound_bytes: 10 - b,
                outbound_bytes: b,
                billable_bytes: b,
            }),
        };
        let rows = vec![
            row(1, "beta", Some(5)),
            row(2, "Alpha", None),
            row(3, "gamma", Some(5)),
            row(4, "delta", Some(9)),
        ];
        let names = |sort, dir| -> Vec<String> {
            sorted_usage(rows.clone(), sort, dir)
                .into_iter()
                .map(|r| r.name)
                .collect()
        };
        assert_eq!(
            names(UsageSort::Name, SortDir::Asc),
            ["beta", "delta", "gamma", "Alpha"]
        );
        assert_eq!(
            names(UsageSort::Name, SortDir::Desc),
            ["gamma", "delta", "beta", "Alpha"]
        );
        // Ties stay A to Z whichever way the figures go.
        assert_eq!(
            names(UsageSort::Billable, SortDir::Desc),
            ["delta", "beta", "gamma", "Alpha"]
        );
        assert_eq!(
            names(UsageSort::Billable, SortDir::Asc),
            ["beta", "gamma", "delta", "Alpha"]
        );
        assert_eq!(
            names(UsageSort::Inbound, SortDir::Desc),
            ["beta", "gamma", "delta", "Alpha"]
        );
        for sort in [
            UsageSort::Name,
            UsageSort::Billable,
            UsageSort::Inbound,
            UsageSort::Outbound,
        ] {
            assert_eq!(UsageSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(UsageSort::parse("size"), None);
    }
}
