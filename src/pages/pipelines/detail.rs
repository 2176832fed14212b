//! `/projects/:id/pipelines/:pipeline_id`: one pipeline, what is wrong
//! with it and how to fix it, its actions, its charts over a window kept
//! in the URL, and its newest log entries by level.

use super::chart::records;
use super::{latency, Chart, Series, WindowPicker};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{
    focus_confirmation, ConfirmDialog, ErrorView, LocalDate, UnavailableNotice,
};
use crate::format::{grouped, local_date_time};
use crate::pages::connectors::status_badge;
use crate::routes::{self, ProjectPage};
use crate::state::{expect_notice, expect_open_project, permissions};
use api_types::connectors::{BulkAction, ConnectorKind, ConnectorStatus, DesiredState};
use api_types::pipelines::{LogLevel, Metrics, MetricsWindow, Pipeline};
use api_types::Change;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// `/projects/:id/pipelines/:pipeline_id`.
#[component]
pub fn PipelinePage() -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let params = use_params_map();
    let pipeline_id = Memo::new(move |_| params.with(|p| p.get("pipeline_id")).unwrap_or_default());
    let version = RwSignal::new(0u32);
    let fetch_id = id.clone();
    let loaded = LocalResource::new(move || {
        version.track();
        let (project, pid) = (fetch_id.clone(), pipeline_id.get());
        let signal = abort_on_cleanup();
        async move { api.get_pipeline(&project, &pid, signal.as_ref()).await }
    });
    let list_href = routes::project_page(&id, ProjectPage::Pipelines);
    let retry = move || version.update(|v| *v += 1);
    view! {
        <section class="page" aria-labelledby="pipeline-title" data-testid="pipeline-page">
            <p class="page__eyebrow">{project_name}" · "<A href=list_href.clone()>"Pipelines"</A></p>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the pipeline…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(ApiError::NotFound(message)) => view! {
                            <h1 class="page__title" id="pipeline-title" tabindex="-1">"No such pipeline"</h1>
                            <p class="notice notice--error" role="alert" data-testid="pipeline-missing">{message}</p>
                            <p><A href=routes::project_page(&crate::pages::connectors::open_project_id(), ProjectPage::Pipelines) attr:class="button">"See this project's pipelines"</A></p>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=retry/> }.into_any(),
                        Ok(pipeline) => view! { <Loaded pipeline=pipeline version=version/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The pipeline, loaded.
#[component]
fn Loaded(pipeline: Pipeline, version: RwSignal<u32>) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let project = expect_open_project();
    let id = project.with_untracked(|p| p.id.clone());
    let production = project.with_untracked(|p| p.environment.is_production());
    let blocked = permissions::blocked(Change::Pipelines);
    let busy = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let pid = StoredValue::new(pipeline.id.clone());
    // A pipeline starting is shown Active once it has started.
    if pipeline.status == ConnectorStatus::Starting {
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || version.try_update(|v| *v += 1).unwrap_or(()),
            std::time::Duration::from_secs(api_types::connectors::STARTING_SECONDS as u64 + 1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    let act = {
        let id = id.clone();
        move |action: BulkAction| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let answer = api.pipeline_action(&id, &pid.get_value(), action).await;
                busy.try_set(false);
                match answer {
                    Ok(_) => {
                        version.try_update(|v| *v += 1);
                    }
                    Err(e) => {
                        failure.try_set(Some(e.to_string()));
                    }
                }
            });
        }
    };
    let delete = {
        let id = id.clone();
        let name = pipeline.name.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (id, navigate, name) = (id.clone(), navigate.clone(), name.clone());
            leptos::task::spawn_local(async move {
                let answer = api.delete_pipeline(&id, &pid.get_value()).await;
                busy.try_set(false);
                match answer {
                    Ok(()) | Err(ApiError::NotFound(_)) => {
                        notice.show(format!("{name} was deleted."));
                        navigate(
                            &routes::project_page(&id, ProjectPage::Pipelines),
                            Default::default(),
                        );
                    }
                    Err(e) => {
                        deleting.try_set(false);
                        failure.try_set(Some(e.to_string()));
                    }
                }
            });
        }
    };
    let desired = pipeline.desired_state;
    let buttons = move || {
        if blocked.get().is_some() {
            return ().into_any();
        }
        let button = |label: &'static str, action: BulkAction, testid: &'static str| {
            let act = act.clone();
            view! {
                <button type="button" class="button" data-testid=testid disabled=move || busy.get() on:click=move |_| act(action)>{label}</button>
            }
        };
        view! {
            {(desired != DesiredState::Active).then(|| button("Resume", BulkAction::Resume, "resume"))}
            {(desired == DesiredState::Active).then(|| button("Pause", BulkAction::Pause, "pause"))}
            {(desired != DesiredState::Stopped).then(|| button("Stop", BulkAction::Stop, "stop"))}
            <button type="button" class="button" data-testid="edit" aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
            <button type="button" class="button button--danger" data-testid="delete" on:click=move |_| { deleting.set(true); focus_confirmation(production); }>"Delete"</button>
        }
        .into_any()
    };
    let destination_href =
        routes::connector(&id, ConnectorKind::Destination, &pipeline.destination.id);
    let source_href = routes::connector(&id, ConnectorKind::Source, &pipeline.source.id);
    let waiting_on = (pipeline.status != ConnectorStatus::Broken
        && desired == DesiredState::Active
        && matches!(
            pipeline.destination.status,
            ConnectorStatus::Paused | ConnectorStatus::Stopped
        ))
    .then(|| {
        format!(
            "{} is {}: records wait and the lag grows until it is resumed.",
            pipeline.destination.name,
            pipeline.destination.status.as_str().to_lowercase()
        )
    });
    let confirm_name = production.then(|| pipeline.name.clone());
    let shown = StoredValue::new(pipeline.clone());
    let delete_title = format!("Delete the pipeline \u{201c}{}\u{201d}?", pipeline.name);
    let topics = pipeline
        .topics
        .iter()
        .map(|t| {
            let (href, t) = (routes::topic(&id, t), t.clone());
            view! { <li><A href=href><code>{t}</code></A></li> }
        })
        .collect_view();
    view! {
        <header class="page__header">
            <div>
                <h1 class="page__title" id="pipeline-title" tabindex="-1">{pipeline.name.clone()}</h1>
                <p class="page__badges">
                    {status_badge(pipeline.status)}
                    <span>
                        <A href=source_href.clone()>{pipeline.source.name.clone()}</A>
                        " \u{2192} "
                        <A href=destination_href.clone()>{pipeline.destination.name.clone()}</A>
                    </span>
                </p>
            </div>
            <div class="page__actions">{buttons}</div>
        </header>
        <UnavailableNotice/>
        {pipeline.problem.clone().map(|problem| view! {
            <div class="notice notice--error" role="alert" data-testid="pipeline-problem">
                <p><strong>"Broken: "</strong>{problem.message}</p>
                <p>{problem.fix}" "
                    <A href=if problem.on == ConnectorKind::Destination { destination_href.clone() } else { source_href.clone() }>
                        {format!("Open the {}", problem.on.as_str())}
                    </A>
                </p>
                <p class="page__aside">"Since "{local_date_time(&problem.since)}"."</p>
            </div>
        })}
        {waiting_on.map(|text| view! { <p class="notice" role="status" data-testid="pipeline-waiting">{text}</p> })}
        {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert" data-testid="action-failure">{m}</p> })}
        {move || deleting.get().then(|| {
            let delete = delete.clone();
            view! {
                <ConfirmDialog
                    title=delete_title.clone()
                    action="Delete pipeline".to_string()
                    type_to_confirm=confirm_name.clone()
                    testid="confirm-delete-pipeline"
                    on_confirm=Callback::new(move |()| delete())
                    on_cancel=Callback::new(move |()| deleting.set(false))
                >
                    "It stops writing, and its figures and logs are deleted. Its source and destination stay. This cannot be undone."
                </ConfirmDialog>
            }
        })}
        {move || editing.get().then(|| view! { <EditForm pipeline=shown.get_value() editing=editing version=version/> })}
        <dl class="stats" data-testid="pipeline-facts">
            <div><dt>"Lag"</dt><dd data-testid="pipeline-lag">{format!("{} records", grouped(pipeline.lag))}</dd></div>
            <div><dt>"Latency"</dt><dd data-testid="pipeline-latency">{latency(pipeline.latency_ms)}</dd></div>
            <div><dt>"Snapshot new tables"</dt><dd>{if pipeline.snapshot_new_tables { "Yes" } else { "No" }}</dd></div>
            <div><dt>"Tags"</dt><dd>{if pipeline.tags.is_empty() { "None".to_string() } else { pipeline.tags.join(", ") }}</dd></div>
            <div><dt>"Created on"</dt><dd><LocalDate at=pipeline.created_at/></dd></div>
        </dl>
        <h2 class="section-title">{format!("Topics ({})", pipeline.topics.len())}</h2>
        <ul class="topic-list">{topics}</ul>
        <Charts of=format!("pipelines/{}", pipeline.id) path=routes::pipeline(&id, &pipeline.id) version=version/>
        <Logs version=version/>
        {super::simulated_note()}
    }
}

/// The form that changes a pipeline's name, tags, topics and snapshot
/// setting.
#[component]
fn EditForm(pipeline: Pipeline, editing: RwSignal<bool>, version: RwSignal<u32>) -> impl IntoView {
    use api_types::pipelines::{validate_pipeline_name, TopicKind, TopicListQuery, UpdatePipeline};
    let api = expect_api();
    let notice = expect_notice();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let source_id = pipeline.source.id.clone();
    let load_id = id.clone();
    let choices = LocalResource::new(move || {
        let (id, source_id) = (load_id.clone(), source_id.clone());
        let signal = abort_on_cleanup();
        async move {
            let query = TopicListQuery {
                page_size: 100,
                ..TopicListQuery::default()
            };
            let page = api.list_topics(&id, &query, signal.as_ref()).await?;
            Ok::<_, ApiError>(
                page.result
                    .into_iter()
                    .filter(|t| {
                        t.kind == TopicKind::Source
                            && t.source.as_ref().is_some_and(|s| s.id == source_id)
                    })
                    .map(|t| t.name)
                    .collect::<Vec<_>>(),
            )
        }
    });
    let name = RwSignal::new(pipeline.name.clone());
    let tags = RwSignal::new(pipeline.tags.join(", "));
    let ticked = RwSignal::new(crate::pages::connectors::set_of(pipeline.topics.clone()));
    let snapshot = RwSignal::new(pipeline.snapshot_new_tables);
    let error = RwSignal::new(None::<(&'static str, String)>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let pid = pipeline.id.clone();
    let show = move |field: &'static str, message: String| {
        error.set(Some((field, message)));
        crate::components::focus_id(&format!("edit-{field}"));
    };
    let error_of =
        move |field: &'static str| move || error.get().filter(|(f, _)| *f == field).map(|(_, m)| m);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let checked_name = match validate_pipeline_name(&name.get_untracked()) {
            Ok(n) => n,
            Err(e) => return show("name", e.message),
        };
        let tag_list: Vec<String> = tags
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let checked_tags = match api_types::connectors::validate_tags(&tag_list) {
            Ok(t) => t,
            Err(e) => return show("tags", e.message),
        };
        let topics: Vec<String> = ticked.get_untracked().into_iter().collect();
        if topics.is_empty() {
            return show("topics", "Tick at least one of the source's topics.".into());
        }
        error.set(None);
        busy.set(true);
        let body = UpdatePipeline {
            name: Some(checked_name),
            tags: Some(checked_tags),
            topics: Some(topics),
            snapshot_new_tables: Some(snapshot.get_untracked()),
        };
        let (id, pid) = (id.clone(), pid.clone());
        leptos::task::spawn_local(async move {
            let answer = api.update_pipeline(&id, &pid, &body).await;
            busy.try_set(false);
            match answer {
                Ok(saved) => {
                    notice.show(format!("{} was saved.", saved.name));
                    editing.try_set(false);
                    version.try_update(|v| *v += 1);
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => match field.as_str() {
                    "name" => show("name", message),
                    "tags" => show("tags", message),
                    "topics" => show("topics", message),
                    _ => {
                        failure.try_set(Some(message));
                    }
                },
                Err(ApiError::Conflict(message)) if message.contains("named") => {
                    show("name", message)
                }
                Err(other) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    view! {
        <form class="form form--panel" on:submit=submit novalidate=true data-testid="pipeline-edit" aria-labelledby="edit-title">
            <h2 class="section-title" id="edit-title">"Edit the pipeline"</h2>
            <div class="field">
                <label class="field__label" for="edit-name">"Name"</label>
                <input id="edit-name" class="input" type="text" autocomplete="off"
                    aria-describedby="edit-name-error"
                    aria-invalid=move || error_of("name")().is_some().to_string()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="field__error" id="edit-name-error" data-testid="edit-error-name">{error_of("name")}</p>
            </div>
            <div class="field">
                <label class="field__label" for="edit-tags">"Tags " <span class="field__optional">"(optional)"</span></label>
                <input id="edit-tags" class="input" type="text" autocomplete="off"
                    aria-describedby="edit-tags-error"
                    aria-invalid=move || error_of("tags")().is_some().to_string()
                    prop:value=move || tags.get()
                    on:input=move |ev| tags.set(event_target_value(&ev))/>
                <p class="field__error" id="edit-tags-error">{error_of("tags")}</p>
            </div>
            <fieldset class="field" aria-describedby="edit-topics-error">
                <legend class="field__label" id="edit-topics" tabindex="-1">"Topics"</legend>
                <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the source's topics…"</p> }>
                    {move || Suspend::new(async move {
                        match choices.await {
                            Err(ApiError::Aborted) => ().into_any(),
                            Err(error) => view! { <ErrorView error=error/> }.into_any(),
                            Ok(names) => view! {
                                <ul class="checks">
                                    {names.into_iter().map(|t| {
                                        let (check, flip) = (t.clone(), t.clone());
                                        view! {
                                            <li><label class="check">
                                                <input type="checkbox"
                                                    prop:checked=move || ticked.with(|s| s.contains(&check))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        ticked.update(|s| { if on { s.insert(flip.clone()); } else { s.remove(&flip); } });
                                                    }/>
                                                <code>{t}</code>
                                            </label></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    })}
                </Transition>
                <p class="field__error" id="edit-topics-error" data-testid="edit-error-topics">{error_of("topics")}</p>
            </fieldset>
            <label class="check">
                <input type="checkbox" prop:checked=move || snapshot.get() on:change=move |ev| snapshot.set(event_target_checked(&ev))/>
                "Snapshot and add tables the source starts capturing later"
            </label>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get() data-testid="save-pipeline">
                    {move || if busy.get() { "Saving…" } else { "Save changes" }}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

/// The charts of a pipeline or a topic (`of` is `pipelines/{id}` or
/// `topics/{name}`) over the window in the URL.
#[component]
pub fn Charts(of: String, path: String, version: RwSignal<u32>) -> impl IntoView {
    let api = expect_api();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let query = use_query_map();
    let window = Memo::new(move |_| super::window_of(query.with(|q| q.get("window"))));
    let of = StoredValue::new(of);
    let metrics = LocalResource::new(move || {
        version.track();
        let (id, window) = (id.clone(), window.get());
        let signal = abort_on_cleanup();
        async move {
            api.metrics(&id, &of.get_value(), window, signal.as_ref())
                .await
        }
    });
    view! {
        <section class="charts" aria-labelledby="charts-title" data-testid="charts">
            <div class="charts__header">
                <h2 class="section-title" id="charts-title">"Throughput, lag and latency"</h2>
                <WindowPicker
                    path=path
                    label="Chart window"
                    choices=MetricsWindow::ALL.iter().map(|w| (w.as_str(), w.label())).collect()
                    default=MetricsWindow::default().as_str()
                    current=Signal::derive(move || window.get().as_str())
                    testid="window-picker"
                />
            </div>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the charts…"</p> }>
                {move || Suspend::new(async move {
                    match metrics.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                        Ok(m) => charts_of(m).into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The four charts of a window's figures.
fn charts_of(m: Metrics) -> impl IntoView {
    let times: Vec<_> = m.points.iter().map(|p| p.at).collect();
    let values = |f: fn(&api_types::pipelines::MetricFigures) -> Option<u64>| {
        m.points.iter().map(|p| f(&p.figures)).collect::<Vec<_>>()
    };
    let over = m.window.label();
    let t = m.totals;
    view! {
        <div class="charts__grid">
            <Chart
                title="Records"
                summary=format!("Over the {over}: {} records in, {} written ({} in, {} out).", grouped(t.records_in), grouped(t.records_out), super::bytes(t.bytes_in), super::bytes(t.bytes_out))
                times=times.clone()
                series=vec![
                    Series { label: "In", values: values(|f| Some(f.records_in)) },
                    Series { label: "Written", values: values(|f| Some(f.records_out)) },
                ]
                format=records
                testid="chart-records"
            />
            <Chart
                title="Lag"
                summary=format!("{} records wait now.", grouped(t.lag))
                times=times.clone()
                series=vec![Series { label: "Lag", values: values(|f| Some(f.lag)) }]
                format=records
                testid="chart-lag"
            />
            <Chart
                title="Latency"
                summary=format!("Average over the {over}: {}.", latency(t.latency_ms))
                times=times.clone()
                series=vec![Series { label: "Latency", values: values(|f| f.latency_ms) }]
                format=|ms| latency(Some(ms))
                testid="chart-latency"
            />
            <Chart
                title="Errors"
                summary=format!("{} records failed over the {over}.", grouped(t.errors))
                times=times
                series=vec![Series { label: "Errors", values: values(|f| Some(f.errors)) }]
                format=records
                testid="chart-errors"
            />
        </div>
    }
}

/// The pipeline's newest log entries, by level.
#[component]
fn Logs(version: RwSignal<u32>) -> impl IntoView {
    let api = expect_api();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let params = use_params_map();
    let level = RwSignal::new(None::<LogLevel>);
    let logs = LocalResource::new(move || {
        version.track();
        let (id, level) = (id.clone(), level.get());
        let pid = params
            .with_untracked(|p| p.get("pipeline_id"))
            .unwrap_or_default();
        let signal = abort_on_cleanup();
        async move { api.pipeline_logs(&id, &pid, level, signal.as_ref()).await }
    });
    let counts = RwSignal::new(None::<api_types::pipelines::LogCounts>);
    let choice = move |label: &'static str, value: Option<LogLevel>| {
        let count = move || {
            counts.get().map(|c| match value {
                None => c.error + c.warn + c.info,
                Some(LogLevel::Error) => c.error,
                Some(LogLevel::Warn) => c.warn,
                Some(LogLevel::Info) => c.info,
            })
        };
        view! {
            <button
                type="button"
                class="button button--small"
                aria-pressed=move || (level.get() == value).to_string()
                on:click=move |_| level.set(value)
            >
                {label}{move || count().map(|n| format!(" ({n})"))}
            </button>
        }
    };
    view! {
        <section class="logs" aria-labelledby="logs-title" data-testid="logs">
            <div class="charts__header">
                <h2 class="section-title" id="logs-title">"Recent log entries"</h2>
                <div class="logs__levels" role="group" aria-label="Show entries of">
                    {choice("All", None)}
                    {choice("Errors", Some(LogLevel::Error))}
                    {choice("Warnings", Some(LogLevel::Warn))}
                    {choice("Info", Some(LogLevel::Info))}
                </div>
            </div>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the log…"</p> }>
                {move || Suspend::new(async move {
                    match logs.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error/> }.into_any(),
                        Ok(found) => {
                            counts.set(Some(found.counts));
                            if found.entries.is_empty() {
                                return view! { <p class="page__aside">"No entries of this level."</p> }.into_any();
                            }
                            view! {
                                <ol class="log" data-testid="log-entries">
                                    {found.entries.into_iter().map(|e| {
                                        let class = format!("log__level log__level--{}", e.level.as_str());
                                        view! {
                                            <li class="log__entry">
                                                <time class="log__time" datetime=crate::format::iso_timestamp(&e.at)>{local_date_time(&e.at)}</time>
                                                <span class=class>{e.level.as_str()}</span>
                                                <span class="log__message">{e.message}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
