//! `/projects/:id/dashboard`: the project's home. What needs attention
//! first, then how many of each resource it has, what it moved over the
//! last day and this month's billable volume, then its details.

use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{
    CopyButton, EnvironmentBadge, ErrorView, LocalDate, MaskedValue, StateBadge, UnavailableNotice,
};
use crate::format::{ago, grouped, now};
use crate::pages::pipelines::{bytes, lines};
use crate::routes::{self, ProjectPage, SettingsTab};
use crate::state::expect_open_project;
use crate::state::live::project_changes;
use api_types::connectors::ConnectorKind;
use api_types::live::LiveTopic;
use api_types::overview::{HealthFinding, HealthLevel, HealthSubject, ProjectOverview};
use api_types::ProjectId;
use leptos::prelude::*;

/// `/projects/:id/dashboard`: the project's overview.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let open = expect_open_project();
    let project = open.get_untracked();
    let api = expect_api();
    let version = RwSignal::new(0u32);
    let fetch_id = project.id.clone();
    // Read again when the project or its resources change elsewhere.
    let changed = project_changes(&project.id, &[LiveTopic::Project, LiveTopic::Resources]);
    let overview = LocalResource::new(move || {
        version.track();
        changed.get();
        let id = fetch_id.clone();
        let signal = abort_on_cleanup();
        async move { api.project_overview(&id, signal.as_ref()).await }
    });
    let id = project.id.clone();
    view! {
        <section class="page" aria-labelledby="dashboard-title" data-testid="dashboard" data-project-id=project.id.to_string()>
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Project dashboard"</p>
                    <h1 class="page__title" id="dashboard-title">{move || open.with(|p| p.name.clone())}</h1>
                    <p class="page__badges">
                        <EnvironmentBadge environment=project.environment.clone()/>
                        {move || view! { <StateBadge state=open.with(|p| p.state)/> }}
                    </p>
                </div>
            </header>
            <UnavailableNotice/>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the project's health and figures…"</p> }>
                {move || {
                    let id = id.clone();
                    Suspend::new(async move {
                        match overview.await {
                            Err(ApiError::Aborted) => ().into_any(),
                            Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                            Ok(o) => view! { <Overview id=id overview=o/> }.into_any(),
                        }
                    })
                }}
            </Transition>
            <div class="cards">
                <section class="card" aria-labelledby="overview-title">
                    <h2 class="card__title" id="overview-title">"Overview"</h2>
                    <dl class="facts">
                        <dt>"Project ID"</dt>
                        <dd class="facts__copyable">
                            <code data-testid="project-id">{project.id.to_string()}</code>
                            <CopyButton text=project.id.to_string() what="project ID"/>
                        </dd>
                        <dt>"Environment"</dt>
                        <dd>{project.environment.as_str().to_string()}</dd>
                        <dt>"State"</dt>
                        <dd>{move || open.with(|p| p.state.as_str())}</dd>
                        <dt>"Cloud"</dt>
                        <dd>{project.cloud.as_str()}</dd>
                        <dt>"Region"</dt>
                        <dd>
                            <code>{project.region.clone()}</code>
                            {crate::format::region_place(project.cloud, &project.region).map(|place| view! { <span class="region__place">{place}</span> })}
                        </dd>
                        <dt>"Created on"</dt>
                        <dd><LocalDate at=project.created_at/></dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="kafka-title">
                    <h2 class="card__title" id="kafka-title">"Kafka bootstrap servers"</h2>
                    <p class="card__text">
                        "Treat this as sensitive. Clients connect on port 9092 with SASL_SSL and a Kafka user; Kafka Access in the settings has the rest."
                    </p>
                    <MaskedValue value=project.kafka_bootstrap_servers.clone() what="Kafka bootstrap servers"/>
                </section>
                <nav class="card" aria-labelledby="settings-links-title">
                    <h2 class="card__title" id="settings-links-title">"Settings"</h2>
                    <ul class="link-list">
                        {SettingsTab::ALL
                            .into_iter()
                            .map(|tab| {
                                let what = match tab {
                                    SettingsTab::Details => "Name, ID and environment; rename",
                                    SettingsTab::Location => "Cloud provider and region",
                                    SettingsTab::Credentials => "API tokens",
                                    SettingsTab::KafkaAccess => "Broker connection and Kafka users",
                                };
                                view! {
                                    <li>
                                        <a href=routes::project_settings(&project.id, tab)>{tab.label()}</a>
                                        <span class="link-list__hint">{what}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </section>
    }
}

/// The loaded overview: health, counts, throughput and the month.
#[component]
fn Overview(id: ProjectId, overview: ProjectOverview) -> impl IntoView {
    let c = overview.counts;
    let count = |label: &'static str, n: u32, href: String, testid: &'static str| {
        view! {
            <li>
                <a class="counts__link" href=href data-testid=testid>
                    <span class="counts__number">{grouped(u64::from(n))}</span>
                    <span class="counts__label">{label}</span>
                </a>
            </li>
        }
    };
    let month = overview.month;
    let month_name = month_name(&month.from);
    let usage = routes::project_page(&id, ProjectPage::Usage);
    let last = last_activity(&id, &overview);
    let unavailable =
        expect_open_project().with_untracked(|p| p.state == api_types::ProjectState::Unavailable);
    view! {
        <section class="card health" aria-labelledby="health-title" data-testid="health">
            <h2 class="card__title" id="health-title">"Health"</h2>
            {health(&id, overview.health, unavailable)}
        </section>
        <nav aria-label="Resources">
            <ul class="counts" data-testid="counts">
                {count("Sources", c.sources, routes::connectors(&id, ConnectorKind::Source), "count-sources")}
                {count("Destinations", c.destinations, routes::connectors(&id, ConnectorKind::Destination), "count-destinations")}
                {count("Pipelines", c.pipelines, routes::project_page(&id, ProjectPage::Pipelines), "count-pipelines")}
                {count("Topics", c.topics, routes::project_page(&id, ProjectPage::Topics), "count-topics")}
            </ul>
        </nav>
        <div class="cards cards--wide">
            <section class="dashboard__chart" aria-label="Throughput">
                {throughput(&overview.throughput)}
            </section>
            <section class="card" aria-labelledby="month-title">
                <h2 class="card__title" id="month-title">{format!("Billable in {month_name} so far")}</h2>
                <p class="month__figure" data-testid="month-billable" title=format!("{} bytes", grouped(month.figures.billable_bytes))>
                    {bytes(month.figures.billable_bytes)}
                </p>
                <p class="card__text">
                    {format!(
                        "{} in, {} out since the 1st (UTC). Each hour bills the larger of the two.",
                        bytes(month.figures.inbound_bytes),
                        bytes(month.figures.outbound_bytes)
                    )}
                </p>
                <a href=usage>"Usage and billing details"</a>
            </section>
            {last}
        </div>
        {overview.simulated.then(crate::pages::pipelines::simulated_note)}
    }
}

/// The month of `at` by name, in UTC.
fn month_name(at: &chrono::DateTime<chrono::Utc>) -> &'static str {
    use chrono::Datelike;
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[at.month0() as usize % 12]
}

/// Where a finding's link goes.
fn finding_href(id: &ProjectId, f: &HealthFinding) -> String {
    match f.subject {
        HealthSubject::Pipeline => routes::pipeline(id, &f.id),
        HealthSubject::Source => routes::connector(id, ConnectorKind::Source, &f.id),
        HealthSubject::Destination => routes::connector(id, ConnectorKind::Destination, &f.id),
    }
}

/// The findings, issues first; or the all-clear (or, for an UNAVAILABLE
/// project, that nothing runs).
fn health(id: &ProjectId, findings: Vec<HealthFinding>, unavailable: bool) -> impl IntoView {
    if findings.is_empty() && unavailable {
        return view! {
            <p class="health__clear" data-testid="health-idle">
                <span class="badge badge--unavailable">"Not running"</span>
                " Nothing runs while the project is UNAVAILABLE, so nothing can break, and nothing is billed. Its last activity is below."
            </p>
        }
        .into_any();
    }
    if findings.is_empty() {
        return view! {
            <p class="health__clear" data-testid="health-clear">
                <span class="badge badge--active">"All clear"</span>
                " No Broken pipeline or connector, no paused destination with records waiting, no pipeline slower than a minute."
            </p>
        }
        .into_any();
    }
    let issues = findings
        .iter()
        .filter(|f| f.level == HealthLevel::Issue)
        .count();
    let warnings = findings.len() - issues;
    let summary = [
        (issues > 0).then(|| crate::format::count(issues as u64, "issue", "issues")),
        (warnings > 0).then(|| crate::format::count(warnings as u64, "warning", "warnings")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" and ");
    let at = now();
    let items = findings
        .into_iter()
        .map(|f| {
            let (class, badge) = match f.level {
                HealthLevel::Issue => ("health__item health__item--issue", "badge badge--broken"),
                HealthLevel::Warning => {
                    ("health__item health__item--warning", "badge badge--warning")
                }
            };
            let what = match f.subject {
                HealthSubject::Pipeline => "Pipeline",
                HealthSubject::Source => "Source",
                HealthSubject::Destination => "Destination",
            };
            let since = f.since.map(|s| format!(" Began {}.", ago(&s, &at)));
            view! {
                <li class=class data-testid="health-finding">
                    <span class=badge>{f.level.label()}</span>
                    <span class="health__what">
                        {what} " " <a href=finding_href(id, &f)>{f.name.clone()}</a>
                    </span>
                    <span class="health__message">{f.message.clone()}{since}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="card__text" data-testid="health-summary">
            {format!("{summary} {}.", if issues + warnings == 1 { "needs attention" } else { "need attention" })}
        </p>
        <ul class="health__list">{items}</ul>
    }
    .into_any()
}

/// When the project last changed and last moved records: for an
/// UNAVAILABLE one, when it was last in use.
fn last_activity(id: &ProjectId, overview: &ProjectOverview) -> impl IntoView {
    let at = now();
    let change = match &overview.last_activity {
        Some(entry) => format!(
            "{} by {}, {}.",
            entry.action.label(),
            entry.actor.name,
            ago(&entry.at, &at)
        ),
        None => "No change is on record.".to_string(),
    };
    let data = match overview.last_data_at {
        Some(when) => format!("Records last moved {}.", ago(&when, &at)),
        None => "No records have moved.".to_string(),
    };
    view! {
        <section class="card" aria-labelledby="last-activity-title" data-testid="last-activity">
            <h2 class="card__title" id="last-activity-title">"Last activity"</h2>
            <p class="card__text">{change} " " {data}</p>
            <a href=routes::project_page(id, ProjectPage::Activity)>"The project's activity log"</a>
        </section>
    }
}

/// The last day's bytes in and out, hour by hour, as a small chart: the
/// inbound line solid, the outbound one dashed, and a sentence that says
/// what it shows (the usage page has every number).
fn throughput(buckets: &[api_types::usage::UsageBucket]) -> impl IntoView {
    let inbound: Vec<Option<u64>> = buckets
        .iter()
        .map(|b| Some(b.figures.inbound_bytes))
        .collect();
    let outbound: Vec<Option<u64>> = buckets
        .iter()
        .map(|b| Some(b.figures.outbound_bytes))
        .collect();
    let total = |v: &[Option<u64>]| v.iter().flatten().sum::<u64>();
    let peak = |v: &[Option<u64>]| v.iter().flatten().copied().max().unwrap_or(0);
    let top = peak(&inbound).max(peak(&outbound));
    let summary = if top == 0 {
        "Nothing moved in the last 24 hours.".to_string()
    } else {
        format!(
            "Over the last 24 hours: {} in, {} out; the busiest hour moved {} in and {} out.",
            bytes(total(&inbound)),
            bytes(total(&outbound)),
            bytes(peak(&inbound)),
            bytes(peak(&outbound))
        )
    };
    let drawn = [inbound, outbound]
        .iter()
        .enumerate()
        .flat_map(|(n, values)| {
            lines(values, top).into_iter().map(move |points| {
                view! {
                    <polyline
                        class=format!("chart__line chart__line--{n}")
                        points=points
                        fill="none"
                        vector-effect="non-scaling-stroke"
                    />
                }
            })
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-throughput">
            <figcaption class="chart__caption">
                <span class="chart__title">"Throughput, last 24 hours"</span>
                <span class="chart__summary" data-testid="chart-summary">{summary.clone()}</span>
            </figcaption>
            <ul class="chart__legend">
                <li><span class="chart__key chart__key--0" aria-hidden="true"></span>"Inbound"</li>
                <li><span class="chart__key chart__key--1" aria-hidden="true"></span>"Outbound"</li>
            </ul>
            <div class="chart__frame">
                <span class="chart__top" aria-hidden="true">{bytes(top)}</span>
                <svg class="chart__svg" viewBox="0 0 600 150" preserveAspectRatio="none" role="img" aria-label=summary>
                    <line class="chart__base" x1="0" y1="150" x2="600" y2="150" vector-effect="non-scaling-stroke"/>
                    {drawn}
                </svg>
                <span class="chart__bottom" aria-hidden="true">"0"</span>
            </div>
            <div class="chart__times" aria-hidden="true"><span>"24 hours ago"</span><span>"Now"</span></div>
        </figure>
    }
}
