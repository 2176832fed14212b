//! `/projects/:id/usage`: the bytes the project moved over a window kept in
//! the URL, what is billed for them, by bucket and by connector, with the
//! buckets as a CSV file.

use super::{bytes, Chart, Series, WindowPicker};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{download_file, ErrorView};
use crate::format::{grouped, iso_timestamp};
use crate::routes::{self, ProjectPage};
use crate::state::expect_open_project;
use api_types::usage::{ProjectUsage, UsageShare, UsageWindow};
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
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let query = use_query_map();
    let window = Memo::new(move |_| {
        query
            .with(|q| q.get("window"))
            .as_deref()
            .and_then(UsageWindow::parse)
            .unwrap_or_default()
    });
    let version = RwSignal::new(0u32);
    let fetch_id = id.clone();
    let usage = LocalResource::new(move || {
        version.track();
        let (id, window) = (fetch_id.clone(), window.get());
        let signal = abort_on_cleanup();
        async move { api.project_usage(&id, window, signal.as_ref()).await }
    });
    let path = routes::project_page(&id, ProjectPage::Usage);
    view! {
        <section class="page" aria-labelledby="usage-title" data-testid="usage">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name}</p>
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
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the usage…"</p> }>
                {move || Suspend::new(async move {
                    match usage.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                        Ok(u) => view! { <Loaded usage=u/> }.into_any(),
                    }
                })}
            </Transition>
            {super::simulated_note()}
        </section>
    }
}

/// A window's usage, loaded.
#[component]
fn Loaded(usage: ProjectUsage) -> impl IntoView {
    let name = expect_open_project().with_untracked(|p| p.name.clone());
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
}
