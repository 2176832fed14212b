//! `/projects/:id/topics`: the project's topics with their figures over
//! the last 24 hours, searched, grouped, sorted and paged in the URL, with
//! the dead-letter topics on demand and a form to create one by hand; and
//! `/projects/:id/topics/:name`: one topic, its settings and its charts.

use super::detail::Charts;
use super::latency;
use crate::api::{abort_on_cleanup, expect_api, latest_request, ApiError};
use crate::components::list::{
    list_state, sort_header, ListState, ListView, NoMatch, PageCounts, Pager, SearchBox, SortKey,
};
use crate::components::{focus_id, ConfirmDialog, ErrorView, UnavailableNotice};
use crate::format::{grouped, local_date_time};
use crate::routes::{self, ProjectPage};
use crate::state::{expect_notice, expect_open_project, permissions};
use api_types::connectors::ConnectorKind;
use api_types::pipelines::{
    CreateTopic, Topic, TopicGroup, TopicKind, TopicListQuery, TopicSort, TOPIC_PAGE_SIZES,
};
use api_types::{Change, ListResponse};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// How the list is shown: dead-letter topics or not, grouping, page size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicFilters {
    include_dlq: bool,
    group: TopicGroup,
    page_size: u32,
}

impl Default for TopicFilters {
    fn default() -> Self {
        Self {
            include_dlq: false,
            group: TopicGroup::None,
            page_size: 20,
        }
    }
}

impl SortKey for TopicSort {
    fn parse(value: &str) -> Option<Self> {
        TopicSort::parse(value)
    }

    fn as_str(self) -> &'static str {
        TopicSort::as_str(self)
    }
}

impl crate::components::list::Filters for TopicFilters {
    type Sort = TopicSort;

    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            include_dlq: get("dlq").is_some_and(|v| v == "1"),
            group: match get("group").as_deref() {
                Some("source") => TopicGroup::Source,
                Some("destination") => TopicGroup::Destination,
                _ => TopicGroup::None,
            },
            page_size: get("size")
                .and_then(|v| v.parse().ok())
                .filter(|n| TOPIC_PAGE_SIZES.contains(n))
                .unwrap_or(20),
        }
    }

    fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if self.include_dlq {
            pairs.push(("dlq", "1".into()));
        }
        if self.group != TopicGroup::None {
            pairs.push(("group", self.group.as_str().into()));
        }
        if self.page_size != 20 {
            pairs.push(("size", self.page_size.to_string()));
        }
    }

    /// These change how topics are shown, not which match.
    fn is_set(&self) -> bool {
        false
    }
}

type View = ListView<TopicFilters>;

fn api_query(view: &View) -> TopicListQuery {
    TopicListQuery {
        page: view.page,
        page_size: view.filters.page_size,
        sort: view.sort,
        sort_dir: view.dir,
        partial_name: view.search.trim().chars().take(100).collect(),
        include_dlq: view.filters.include_dlq,
        group: view.filters.group,
    }
}

/// `/projects/:id/topics`.
#[component]
pub fn TopicsPage() -> impl IntoView {
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
    } = list_state(routes::project_page(&id, ProjectPage::Topics), from_url);
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
                api.list_topics(&id, &api_query(&view), signal.as_ref())
                    .await
            }
        },
    );
    let creating = RwSignal::new(false);
    let set = move |change: fn(&mut TopicFilters, String), value: String| {
        let mut next = view_state.get_untracked();
        change(&mut next.filters, value);
        next.page = 1;
        go.run((next, false));
    };
    view! {
        <section class="page" aria-labelledby="topics-title" data-testid="topics">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name}</p>
                    <h1 class="page__title" id="topics-title" tabindex="-1">"Topics"</h1>
                    <p class="page__lead">"Each source writes a topic per table it captures; pipelines read them. Figures cover the last 24 hours."</p>
                </div>
                <div class="page__actions">
                    <button type="button" class="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
                    {move || match blocked.get() {
                        None => view! {
                            <button type="button" class="button button--primary" data-testid="new-topic" aria-expanded=move || creating.get().to_string() on:click=move |_| { creating.update(|c| *c = !*c); focus_id("topic-name"); }>"New topic"</button>
                        }.into_any(),
                        Some(reason) => view! { <p class="page__aside" data-testid="topics-blocked">{reason}</p> }.into_any(),
                    }}
                </div>
            </header>
            <UnavailableNotice/>
            {move || creating.get().then(|| view! { <CreateForm open=creating refresh=refresh/> })}
            <div class="toolbar" role="search">
                <SearchBox id="topic-search" label="Search by name" placeholder="e.g. orders" search=search on_search=on_search/>
                <label class="check toolbar__check">
                    <input
                        type="checkbox"
                        data-testid="include-dlq"
                        prop:checked=move || view_state.with(|v| v.filters.include_dlq)
                        on:change=move |ev| set(|f, v| f.include_dlq = v == "true", event_target_checked(&ev).to_string())
                    />
                    "Include dead-letter topics"
                </label>
                <div class="field">
                    <label class="field__label" for="topic-group">"Group by"</label>
                    <select
                        id="topic-group"
                        class="input"
                        prop:value=move || view_state.with(|v| v.filters.group.as_str())
                        on:change=move |ev| set(|f, v| f.group = match v.as_str() { "source" => TopicGroup::Source, "destination" => TopicGroup::Destination, _ => TopicGroup::None }, event_target_value(&ev))
                    >
                        <option value="none">"Nothing"</option>
                        <option value="source">"Source"</option>
                        <option value="destination">"Destination"</option>
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="topic-page-size">"Per page"</label>
                    <select
                        id="topic-page-size"
                        class="input"
                        prop:value=move || view_state.with(|v| v.filters.page_size.to_string())
                        on:change=move |ev| set(|f, v| f.page_size = v.parse().unwrap_or(20), event_target_value(&ev))
                    >
                        {TOPIC_PAGE_SIZES.into_iter().map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            {move || match answer.get() {
                None => view! { <p class="loading-line" role="status">"Loading the topics…"</p> }.into_any(),
                Some((_, Err(ApiError::Aborted))) => ().into_any(),
                Some((_, Err(error))) => view! { <ErrorView error=error on_retry=move || refresh.update(|n| *n += 1)/> }.into_any(),
                Some(((view, _), Ok(page))) => view! { <Rows page=page view=view view_state=view_state go=go/> }.into_any(),
            }}
            {super::simulated_note()}
        </section>
    }
}

/// Links to destinations, one after the other.
fn connector_links(
    id: &api_types::ProjectId,
    destinations: &[api_types::pipelines::ConnectorRef],
) -> impl IntoView {
    destinations
        .iter()
        .map(|d| {
            let (href, name) = (
                routes::connector(id, ConnectorKind::Destination, &d.id),
                d.name.clone(),
            );
            view! { <A href=href>{name}</A>" " }
        })
        .collect_view()
}

/// The name of the group a topic is in.
fn group_of(t: &Topic, group: TopicGroup) -> String {
    match group {
        TopicGroup::None => String::new(),
        TopicGroup::Source => t
            .source
            .as_ref()
            .map_or_else(|| "No source".into(), |s| format!("Source {}", s.name)),
        TopicGroup::Destination => t.destinations.first().map_or_else(
            || "No destination".into(),
            |d| format!("Destination {}", d.name),
        ),
    }
}

/// A page of topics, or what to say when there are none.
#[component]
fn Rows(
    page: ListResponse<Topic>,
    view: View,
    view_state: Memo<View>,
    go: Callback<(View, bool)>,
) -> impl IntoView {
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    if page.total == 0 && view.is_narrowed() {
        return view! {
            <NoMatch
                things="topics"
                search=view.search.clone()
                on_clear=Callback::new(move |()| go.run((view_state.get_untracked().cleared(), false)))
                testid="topics-no-match"
            />
        }
        .into_any();
    }
    if page.total == 0 {
        return view! {
            <div class="empty" data-testid="topics-empty">
                <h2 class="empty__title">"No topics yet"</h2>
                <p>"A source writes a topic for each table it captures; add a source with tables, or create a topic by hand."</p>
            </div>
        }
        .into_any();
    }
    let counts = Memo::new({
        let page = page.clone();
        move |_| PageCounts::of(&page)
    });
    let summary = counts.get_untracked().summary("topic", "topics");
    let sort = Signal::derive(move || view_state.with(|v| Some((v.sort, v.dir))));
    let on_sort = Some(Callback::new(move |column: TopicSort| {
        go.run((view_state.get_untracked().sorted_by(column), false))
    }));
    let header = move |label, column| sort_header(label, column, sort, on_sort);
    let on_page =
        Callback::new(move |n: u32| go.run((view_state.get_untracked().on_page(n), false)));
    let group = view.filters.group;
    let mut last_group = None::<String>;
    let mut rows = Vec::new();
    for t in page.result {
        let g = group_of(&t, group);
        if group != TopicGroup::None && last_group.as_ref() != Some(&g) {
            rows.push(view! { <tr class="table__group"><th scope="rowgroup" colspan="9">{g.clone()}</th></tr> }.into_any());
            last_group = Some(g);
        }
        let dead = t.kind == TopicKind::DeadLetter;
        let source = t.source.clone().map(|s| {
            view! { <A href=routes::connector(&id, ConnectorKind::Source, &s.id)>{s.name}</A> }
        });
        let destinations = connector_links(&id, &t.destinations);
        let kind = match t.kind {
            TopicKind::Source => None,
            TopicKind::DeadLetter => Some("Dead letters"),
            TopicKind::Manual => Some("Created by hand"),
        };
        rows.push(
            view! {
                <tr data-testid="topic-row" data-kind=t.kind.as_str()>
                    <th scope="row">
                        <A href=routes::topic(&id, &t.name) attr:class="table__link"><code>{t.name.clone()}</code></A>
                        {kind.map(|k| view! { <span class="table__hint">{k}</span> })}
                    </th>
                    <td data-label="Source">{source.map(IntoAny::into_any).unwrap_or_else(|| "\u{2014}".into_any())}</td>
                    <td data-label="Destination">{destinations}</td>
                    <td class="table__number" data-label="Volume" title=format!("{} bytes", grouped(t.volume_bytes))>
                        {if dead { "\u{2014}".to_string() } else { super::bytes(t.volume_bytes) }}
                    </td>
                    <td class="table__number" data-label="Errors">{grouped(if dead { t.records } else { t.errors })}</td>
                    <td class="table__number" data-label="Written">{grouped(t.written)}</td>
                    <td class="table__number" data-label="Lag">{grouped(t.lag)}</td>
                    <td class="table__number" data-label="Latency">{latency(t.latency_ms)}</td>
                    <td data-label="Last message">{t.last_message_at.as_ref().map(local_date_time).unwrap_or_else(|| "\u{2014}".into())}</td>
                </tr>
            }
            .into_any(),
        );
    }
    view! {
        <p class="page__count" data-testid="topics-count">{summary}</p>
        <div class="table-wrap">
            <table class="table table--auto table--dense" data-testid="topics-table">
                <caption class="visually-hidden">"The project's topics"</caption>
                <thead>
                    <tr>
                        {header("Topic", TopicSort::Topic)}
                        {header("Source", TopicSort::Source)}
                        {header("Destination", TopicSort::Destination)}
                        {header("Volume", TopicSort::Volume)}
                        {header("Errors", TopicSort::Errors)}
                        {header("Written", TopicSort::Written)}
                        {header("Lag", TopicSort::Lag)}
                        {header("Latency", TopicSort::Latency)}
                        {header("Last message", TopicSort::LastMessage)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager counts=counts on_page=on_page/>
    }
    .into_any()
}

/// A whole number typed in a field, left out when empty.
fn number(text: &str, field: &'static str) -> Result<Option<i64>, (&'static str, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| (field, "Type a whole number.".to_string()))
}

/// The create form's fields as the API's body, or the field at fault.
pub fn topic_body(fields: &[String; 7]) -> Result<CreateTopic, (&'static str, String)> {
    let body = CreateTopic {
        topic_name: fields[0].trim().to_string(),
        num_partitions: number(&fields[1], "num_partitions")?,
        replication_factor: number(&fields[2], "replication_factor")?,
        cleanup_policy: Some(fields[3].clone()).filter(|p| !p.is_empty()),
        retention_ms: number(&fields[4], "retention_ms")?,
        retention_bytes: number(&fields[5], "retention_bytes")?,
        max_message_bytes: number(&fields[6], "max_message_bytes")?,
    };
    body.validate().map_err(|e| {
        let field = FIELDS
            .iter()
            .find(|(f, ..)| *f == e.field)
            .map_or("topic_name", |(f, ..)| f);
        (field, e.message)
    })?;
    Ok(body)
}

/// The create form's fields: (API field, label, hint).
const FIELDS: [(&str, &str, &str); 7] = [
    (
        "topic_name",
        "Name",
        "Letters, digits, '.', '_' and '-'; up to 249 characters, unique in this project.",
    ),
    (
        "num_partitions",
        "Partitions",
        "1 to 1000; 3 when left empty.",
    ),
    (
        "replication_factor",
        "Replication factor",
        "1 to 3; 3 when left empty.",
    ),
    (
        "cleanup_policy",
        "Cleanup policy",
        "Delete old records, or keep the latest of each key.",
    ),
    (
        "retention_ms",
        "Retention (ms)",
        "-1 keeps records forever; a week (604800000) when left empty.",
    ),
    (
        "retention_bytes",
        "Retention (bytes per partition)",
        "-1 for no limit (the default), or at least 1048576.",
    ),
    (
        "max_message_bytes",
        "Largest record (bytes)",
        "1024 to 8388608; 1048588 when left empty.",
    ),
];

/// The form that creates a topic by hand.
#[component]
fn CreateForm(open: RwSignal<bool>, refresh: RwSignal<u32>) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let values: [RwSignal<String>; 7] = std::array::from_fn(|i| {
        RwSignal::new(if i == 3 {
            "delete".into()
        } else {
            String::new()
        })
    });
    let error = RwSignal::new(None::<(&'static str, String)>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let show = move |field: &'static str, message: String| {
        error.set(Some((field, message)));
        focus_id(&format!("topic-{}", field.replace('_', "-")));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let fields = values.map(|v| v.get_untracked());
        let body = match topic_body(&fields) {
            Ok(body) => body,
            Err((field, message)) => return show(field, message),
        };
        error.set(None);
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let answer = api.create_topic(&id, &body).await;
            busy.try_set(false);
            match answer {
                Ok(created) => {
                    notice.show(format!("The topic {} was created.", created.name));
                    open.try_set(false);
                    refresh.try_update(|n| *n += 1);
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => {
                    let field = FIELDS
                        .iter()
                        .find(|(f, ..)| *f == field)
                        .map_or("topic_name", |(f, ..)| f);
                    show(field, message);
                }
                Err(ApiError::Conflict(message)) if message.contains("named") => {
                    show("topic_name", message)
                }
                Err(other) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    let fields = FIELDS
        .into_iter()
        .enumerate()
        .map(|(i, (field, label, hint))| {
            let control = format!("topic-{}", field.replace('_', "-"));
            let (hint_id, error_id) = (format!("{control}-hint"), format!("{control}-error"));
            let value = values[i];
            let err = move || error.get().filter(|(f, _)| *f == field).map(|(_, m)| m);
            let input = if field == "cleanup_policy" {
                view! {
                    <select id=control.clone() class="input" aria-describedby=format!("{hint_id} {error_id}") prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="delete">"Delete"</option>
                        <option value="compact">"Compact"</option>
                    </select>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=control.clone()
                        class="input"
                        type="text"
                        inputmode=if i == 0 { "text" } else { "numeric" }
                        autocomplete="off"
                        aria-describedby=format!("{hint_id} {error_id}")
                        aria-invalid=move || err().is_some().to_string()
                        prop:value=move || value.get()
                        on:input=move |ev| { value.set(event_target_value(&ev)); if error.with_untracked(|e| e.as_ref().is_some_and(|(f, _)| *f == field)) { error.set(None); } }
                    />
                }
                .into_any()
            };
            view! {
                <div class="field">
                    <label class="field__label" for=control.clone()>{label}</label>
                    <p class="field__hint" id=hint_id.clone()>{hint}</p>
                    {input}
                    <p class="field__error" id=error_id data-testid=format!("error-{field}")>{err}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="form form--panel" on:submit=submit novalidate=true data-testid="topic-form" aria-labelledby="topic-form-title">
            <h2 class="section-title" id="topic-form-title">"New topic"</h2>
            <div class="form__grid">{fields}</div>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get() data-testid="create-topic">
                    {move || if busy.get() { "Creating the topic…" } else { "Create topic" }}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

/// `/projects/:id/topics/:name`.
#[component]
pub fn TopicPage() -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let params = use_params_map();
    let name = Memo::new(move |_| params.with(|p| p.get("name")).unwrap_or_default());
    let version = RwSignal::new(0u32);
    let fetch_id = id.clone();
    let loaded = LocalResource::new(move || {
        version.track();
        let (project, name) = (fetch_id.clone(), name.get());
        let signal = abort_on_cleanup();
        async move { api.get_topic(&project, &name, signal.as_ref()).await }
    });
    let list_href = routes::project_page(&id, ProjectPage::Topics);
    view! {
        <section class="page" aria-labelledby="topic-title" data-testid="topic-page">
            <p class="page__eyebrow">{project_name}" · "<A href=list_href>"Topics"</A></p>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the topic…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(ApiError::NotFound(message)) => view! {
                            <h1 class="page__title" id="topic-title" tabindex="-1">"No such topic"</h1>
                            <p class="notice notice--error" role="alert" data-testid="topic-missing">{message}</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                        Ok(topic) => view! { <TopicLoaded topic=topic version=version/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A topic, loaded.
#[component]
fn TopicLoaded(topic: Topic, version: RwSignal<u32>) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let blocked = permissions::blocked(Change::Pipelines);
    let deleting = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let s = topic.settings;
    let retention = if s.retention_ms < 0 {
        "Forever".to_string()
    } else {
        latency(Some(s.retention_ms as u64))
    };
    let retention_bytes = if s.retention_bytes < 0 {
        "No limit".to_string()
    } else {
        super::bytes(s.retention_bytes as u64)
    };
    let kind = match topic.kind {
        TopicKind::Source => "Written by a source",
        TopicKind::DeadLetter => "Dead letters of a destination",
        TopicKind::Manual => "Created by hand",
    };
    let manual = topic.kind == TopicKind::Manual;
    let name = topic.name.clone();
    let delete = {
        let id = id.clone();
        move || {
            let (id, name, navigate) = (id.clone(), name.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                match api.delete_topic(&id, &name).await {
                    Ok(()) | Err(ApiError::NotFound(_)) => {
                        notice.show(format!("The topic {name} was deleted."));
                        navigate(
                            &routes::project_page(&id, ProjectPage::Topics),
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
    let source = topic.source.clone().map(|s| {
        view! { <A href=routes::connector(&id, ConnectorKind::Source, &s.id)>{s.name}</A> }
    });
    let destinations = connector_links(&id, &topic.destinations);
    view! {
        <header class="page__header">
            <div>
                <h1 class="page__title page__title--code" id="topic-title" tabindex="-1"><code>{topic.name.clone()}</code></h1>
                <p class="page__badges"><span class="badge">{kind}</span></p>
            </div>
            <div class="page__actions">
                {move || (manual && blocked.get().is_none()).then(|| view! {
                    <button type="button" class="button button--danger" data-testid="delete-topic" on:click=move |_| { deleting.set(true); crate::components::focus_confirmation(false); }>"Delete"</button>
                })}
            </div>
        </header>
        <UnavailableNotice/>
        {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
        {move || deleting.get().then(|| {
            let delete = delete.clone();
            view! {
                <ConfirmDialog
                    title="Delete this topic?".to_string()
                    action="Delete topic".to_string()
                    type_to_confirm=None
                    testid="confirm-delete-topic"
                    on_confirm=Callback::new(move |()| delete())
                    on_cancel=Callback::new(move |()| deleting.set(false))
                >
                    "Its records are deleted with it. This cannot be undone."
                </ConfirmDialog>
            }
        })}
        <dl class="stats" data-testid="topic-facts">
            <div><dt>"Source"</dt><dd>{source.map(IntoAny::into_any).unwrap_or_else(|| "\u{2014}".into_any())}</dd></div>
            <div><dt>"Destinations"</dt><dd>{destinations}</dd></div>
            <div><dt>"Read by"</dt><dd>{if topic.pipelines.is_empty() { "No pipeline".to_string() } else { topic.pipelines.join(", ") }}</dd></div>
            <div><dt>"Records (24 hours)"</dt><dd>{grouped(topic.records)}</dd></div>
            <div><dt>"Lag"</dt><dd>{grouped(topic.lag)}</dd></div>
            <div><dt>"Last message"</dt><dd>{topic.last_message_at.as_ref().map(local_date_time).unwrap_or_else(|| "None yet".into())}</dd></div>
        </dl>
        <h2 class="section-title">"Settings"</h2>
        <dl class="stats" data-testid="topic-settings">
            <div><dt>"Partitions"</dt><dd>{s.num_partitions}</dd></div>
            <div><dt>"Replication factor"</dt><dd>{s.replication_factor}</dd></div>
            <div><dt>"Cleanup policy"</dt><dd>{s.cleanup_policy.as_str()}</dd></div>
            <div><dt>"Retention"</dt><dd>{retention}</dd></div>
            <div><dt>"Retention per partition"</dt><dd>{retention_bytes}</dd></div>
            <div><dt>"Largest record"</dt><dd>{super::bytes(u64::from(s.max_message_bytes))}</dd></div>
        </dl>
        <Charts of=format!("topics/{}", api_types::percent_encode(&topic.name)) path=routes::topic(&id, &topic.name) version=version/>
        {super::simulated_note()}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_topic_form_checks_each_field() {
        let mut fields: [String; 7] = Default::default();
        fields[0] = "audit.events".into();
        fields[3] = "delete".into();
        let body = topic_body(&fields).unwrap();
        assert_eq!(body.topic_name, "audit.events");
        assert_eq!(body.num_partitions, None);
        let at_fault = |i: usize, value: &str| {
            let mut f = fields.clone();
            f[i] = value.into();
            topic_body(&f).unwrap_err().0
        };
        assert_eq!(at_fault(0, "a b"), "topic_name");
        assert_eq!(at_fault(1, "many"), "num_partitions");
        assert_eq!(at_fault(1, "0"), "num_partitions");
        assert_eq!(at_fault(2, "9"), "replication_factor");
        assert_eq!(at_fault(4, "5"), "retention_ms");
        assert_eq!(at_fault(5, "5"), "retention_bytes");
        assert_eq!(at_fault(6, "5"), "max_message_bytes");
    }

    #[test]
    fn display_options_in_the_url_fall_back_when_odd() {
        let view = View::from_query(|k| match k {
            "dlq" => Some("1".into()),
            "group" => Some("destination".into()),
            "size" => Some("50".into()),
            "sort" => Some("last_message".into()),
            _ => None,
        });
        let q = api_query(&view);
        assert!(q.include_dlq);
        assert_eq!(
            (q.group, q.page_size, q.sort),
            (TopicGroup::Destination, 50, TopicSort::LastMessage)
        );
        let odd = View::from_query(|k| match k {
            "size" => Some("25".into()),
            "group" => Some("transform".into()),
            _ => None,
        });
        assert_eq!(api_query(&odd), TopicListQuery::default());
    }
}
