//! `/projects/:id/pipelines/new`: choose a source, tick its topics, choose
//! a destination, name it, and create it.

use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{focus_id, ErrorView, UnavailableNotice};
use crate::routes::{self, ProjectPage};
use crate::state::{expect_notice, expect_open_project, permissions};
use api_types::connectors::{validate_tags, Connector, ConnectorKind, ConnectorListQuery};
use api_types::pipelines::{
    validate_pipeline_name, CreatePipeline, PipelineDestination, PipelineSource, Topic, TopicKind,
    TopicListQuery, MAX_PIPELINE_NAME,
};
use api_types::Change;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeSet;

/// What the form needs: the project's sources, destinations and topics.
#[derive(Debug, Clone, Default)]
struct Choices {
    sources: Vec<Connector>,
    destinations: Vec<Connector>,
    topics: Vec<Topic>,
}

/// The form's fields, checked: the body to send, or the first field at
/// fault (in the form's order) and why.
pub fn check(
    name: &str,
    source: &str,
    topics: &BTreeSet<String>,
    destination: &str,
    tags: &str,
    snapshot_new_tables: bool,
) -> Result<CreatePipeline, (&'static str, String)> {
    // In the order the form shows them.
    if source.is_empty() {
        return Err(("source", "Choose the source to read from.".into()));
    }
    if topics.is_empty() {
        return Err(("topics", "Tick at least one of the source's topics.".into()));
    }
    if destination.is_empty() {
        return Err(("destination", "Choose the destination to write to.".into()));
    }
    let name = validate_pipeline_name(name).map_err(|e| ("name", e.message))?;
    let tags: Vec<String> = tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let tags = validate_tags(&tags).map_err(|e| ("tags", e.message))?;
    Ok(CreatePipeline {
        name,
        source: PipelineSource {
            id: source.to_string(),
            topics: topics.iter().cloned().collect(),
        },
        destination: PipelineDestination {
            id: destination.to_string(),
        },
        tags,
        snapshot_new_tables,
    })
}

/// The form field a server's error names (`source.topics` is the topics).
fn field_of(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "tags" => "tags",
        "source.id" => "source",
        "source.topics" => "topics",
        "destination.id" => "destination",
        _ => "",
    }
}

/// `/projects/:id/pipelines/new`.
#[component]
pub fn NewPipelinePage() -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let blocked = permissions::blocked(Change::Pipelines);
    let version = RwSignal::new(0u32);
    let load_id = id.clone();
    let choices = LocalResource::new(move || {
        version.track();
        let id = load_id.clone();
        let signal = abort_on_cleanup();
        async move {
            let query = ConnectorListQuery {
                page_size: 100,
                ..ConnectorListQuery::default()
            };
            let sources = api
                .list_connectors(&id, ConnectorKind::Source, &query, signal.as_ref())
                .await?
                .result;
            let destinations = api
                .list_connectors(&id, ConnectorKind::Destination, &query, signal.as_ref())
                .await?
                .result;
            let topics = api
                .list_topics(
                    &id,
                    &TopicListQuery {
                        page_size: 100,
                        ..TopicListQuery::default()
                    },
                    signal.as_ref(),
                )
                .await?
                .result;
            Ok::<_, ApiError>(Choices {
                sources,
                destinations,
                topics,
            })
        }
    });
    let list_href = routes::project_page(&id, ProjectPage::Pipelines);
    view! {
        <section class="page" aria-labelledby="new-pipeline-title" data-testid="new-pipeline">
            <p class="page__eyebrow">{project_name}" · "<A href=list_href>"Pipelines"</A></p>
            <h1 class="page__title" id="new-pipeline-title" tabindex="-1">"New pipeline"</h1>
            <UnavailableNotice/>
            {move || match blocked.get() {
                Some(reason) => view! { <p class="notice" data-testid="pipelines-blocked">{reason}</p> }.into_any(),
                None => view! {
                    <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the sources and destinations…"</p> }>
                        {move || Suspend::new(async move {
                            match choices.await {
                                Err(ApiError::Aborted) => ().into_any(),
                                Err(error) => view! { <ErrorView error=error on_retry=move || version.update(|v| *v += 1)/> }.into_any(),
                                Ok(choices) => view! { <Form choices=choices/> }.into_any(),
                            }
                        })}
                    </Transition>
                }.into_any(),
            }}
        </section>
    }
}

/// The form, with the project's connectors and topics loaded.
#[component]
fn Form(choices: Choices) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    if choices.sources.is_empty() || choices.destinations.is_empty() {
        let missing = if choices.sources.is_empty() {
            ConnectorKind::Source
        } else {
            ConnectorKind::Destination
        };
        return view! {
            <div class="empty" data-testid="pipeline-needs">
                <h2 class="empty__title">{format!("This project has no {} yet", missing.as_str())}</h2>
                <p>"A pipeline reads a source's topics and writes them to a destination: create both first."</p>
                <div class="empty__actions">
                    <A href=routes::new_connector(&id, missing) attr:class="button button--primary">{format!("New {}", missing.as_str())}</A>
                </div>
            </div>
        }
        .into_any();
    }
    let name = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let destination = RwSignal::new(String::new());
    let ticked = RwSignal::new(BTreeSet::<String>::new());
    let snapshot = RwSignal::new(true);
    let error = RwSignal::new(None::<(&'static str, String)>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let topics = StoredValue::new(choices.topics);
    let of_source = Memo::new(move |_| {
        let chosen = source.get();
        topics.with_value(|all| {
            all.iter()
                .filter(|t| {
                    t.kind == TopicKind::Source && t.source.as_ref().is_some_and(|s| s.id == chosen)
                })
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        })
    });
    // Choosing a source ticks all of its topics, as most pipelines stream
    // a source whole.
    Effect::new(move |_| {
        let names = of_source.get();
        ticked.set(crate::pages::connectors::set_of(names));
    });
    let error_of =
        move |field: &'static str| move || error.get().filter(|(f, _)| *f == field).map(|(_, m)| m);
    let clear = move |field: &'static str| {
        if error.with_untracked(|e| e.as_ref().is_some_and(|(f, _)| *f == field)) {
            error.set(None);
        }
    };
    let show = move |field: &'static str, message: String| {
        error.set(Some((field, message)));
        focus_id(&format!("pipeline-{field}"));
    };
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            failure.set(None);
            let body = match check(
                &name.get_untracked(),
                &source.get_untracked(),
                &ticked.get_untracked(),
                &destination.get_untracked(),
                &tags.get_untracked(),
                snapshot.get_untracked(),
            ) {
                Ok(body) => body,
                Err((field, message)) => {
                    show(field, message);
                    return;
                }
            };
            error.set(None);
            busy.set(true);
            let (id, navigate) = (id.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                let answer = api.create_pipeline(&id, &body).await;
                busy.try_set(false);
                match answer {
                    Ok(created) => {
                        name.try_set(String::new());
                        source.try_set(String::new());
                        destination.try_set(String::new());
                        notice.show(format!("{} was created and is starting.", created.name));
                        navigate(&routes::pipeline(&id, &created.id), Default::default());
                    }
                    Err(ApiError::Validation {
                        field: Some(field),
                        message,
                    }) if !field_of(&field).is_empty() => show(field_of(&field), message),
                    Err(ApiError::Conflict(message)) if message.contains("named") => {
                        show("name", message)
                    }
                    Err(other) => {
                        failure.try_set(Some(other.to_string()));
                    }
                }
            });
        }
    };
    let option = |c: &Connector| {
        let status = c.connector_status.as_str();
        view! { <option value=c.id.clone()>{format!("{} ({}, {status})", c.name, c.connector)}</option> }
    };
    let sources = choices.sources.iter().map(option).collect_view();
    let destinations = choices.destinations.iter().map(option).collect_view();
    view! {
        <form class="form" on:submit=submit novalidate=true data-testid="pipeline-form">
            <fieldset class="form-section">
                <legend class="form-section-title">"Read from"</legend>
                <div class="field">
                    <label class="field__label" for="pipeline-source">"Source"</label>
                    <select
                        id="pipeline-source"
                        class="input"
                        aria-describedby="pipeline-source-error"
                        aria-invalid=move || error_of("source")().is_some().to_string()
                        on:change=move |ev| { source.set(event_target_value(&ev)); clear("source"); clear("topics"); }
                        prop:value=move || source.get()
                    >
                        <option value="">"Choose a source"</option>
                        {sources}
                    </select>
                    <p class="field__error" id="pipeline-source-error" data-testid="error-source">{error_of("source")}</p>
                </div>
                <fieldset class="field" aria-describedby="pipeline-topics-error">
                    <legend class="field__label" id="pipeline-topics" tabindex="-1">"Topics"</legend>
                    {move || {
                        let names = of_source.get();
                        if source.get().is_empty() {
                            return view! { <p class="field__hint">"Choose a source to see its topics: one per table it captures."</p> }.into_any();
                        }
                        if names.is_empty() {
                            return view! { <p class="field__hint">"This source captures no table yet: add tables to its configuration first."</p> }.into_any();
                        }
                        view! {
                            <ul class="checks" data-testid="topic-choices">
                                {names.into_iter().map(|t| {
                                    let (check, flip) = (t.clone(), t.clone());
                                    view! {
                                        <li>
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    prop:checked=move || ticked.with(|s| s.contains(&check))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        ticked.update(|s| { if on { s.insert(flip.clone()); } else { s.remove(&flip); } });
                                                        clear("topics");
                                                    }
                                                />
                                                <code>{t}</code>
                                            </label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <p class="field__error" id="pipeline-topics-error" data-testid="error-topics">{error_of("topics")}</p>
                </fieldset>
            </fieldset>
            <fieldset class="form-section">
                <legend class="form-section-title">"Write to"</legend>
                <div class="field">
                    <label class="field__label" for="pipeline-destination">"Destination"</label>
                    <select
                        id="pipeline-destination"
                        class="input"
                        aria-describedby="pipeline-destination-error"
                        aria-invalid=move || error_of("destination")().is_some().to_string()
                        on:change=move |ev| { destination.set(event_target_value(&ev)); clear("destination"); }
                        prop:value=move || destination.get()
                    >
                        <option value="">"Choose a destination"</option>
                        {destinations}
                    </select>
                    <p class="field__error" id="pipeline-destination-error" data-testid="error-destination">{error_of("destination")}</p>
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend class="form-section-title">"General"</legend>
                <div class="field">
                    <label class="field__label" for="pipeline-name">"Name"</label>
                    <p class="field__hint" id="pipeline-name-hint">{format!("Up to {MAX_PIPELINE_NAME} characters; unique in this project.")}</p>
                    <input
                        id="pipeline-name"
                        class="input"
                        type="text"
                        autocomplete="off"
                        maxlength=MAX_PIPELINE_NAME.to_string()
                        aria-describedby="pipeline-name-hint pipeline-name-error"
                        aria-invalid=move || error_of("name")().is_some().to_string()
                        prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); clear("name"); }
                    />
                    <p class="field__error" id="pipeline-name-error" data-testid="error-name">{error_of("name")}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="pipeline-tags">"Tags " <span class="field__optional">"(optional)"</span></label>
                    <p class="field__hint" id="pipeline-tags-hint">"Separated by commas, e.g. team:orders, prod."</p>
                    <input
                        id="pipeline-tags"
                        class="input"
                        type="text"
                        autocomplete="off"
                        aria-describedby="pipeline-tags-hint pipeline-tags-error"
                        aria-invalid=move || error_of("tags")().is_some().to_string()
                        prop:value=move || tags.get()
                        on:input=move |ev| { tags.set(event_target_value(&ev)); clear("tags"); }
                    />
                    <p class="field__error" id="pipeline-tags-error">{error_of("tags")}</p>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || snapshot.get() on:change=move |ev| snapshot.set(event_target_checked(&ev))/>
                    "Snapshot and add tables the source starts capturing later"
                </label>
            </fieldset>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert" data-testid="form-failure">{m}</p> })}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get() data-testid="create-pipeline">
                    {move || if busy.get() { "Creating the pipeline…" } else { "Create pipeline" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_the_first_field_at_fault() {
        let one = crate::pages::connectors::set_of(["s.public.orders".to_string()]);
        let none = BTreeSet::new();
        let field = |r: Result<CreatePipeline, (&'static str, String)>| r.unwrap_err().0;
        assert_eq!(field(check(" ", "s", &one, "d", "", true)), "name");
        assert_eq!(field(check("p", "", &one, "d", "", true)), "source");
        assert_eq!(field(check("p", "s", &none, "d", "", true)), "topics");
        assert_eq!(field(check("p", "s", &one, "", "", true)), "destination");
        assert_eq!(field(check("p", "s", &one, "d", "a b", true)), "tags");
        let body = check(" orders ", "s", &one, "d", "team:a, prod", false).unwrap();
        assert_eq!(body.name, "orders");
        assert_eq!(body.source.topics, ["s.public.orders"]);
        assert_eq!(body.tags, ["team:a", "prod"]);
        assert!(!body.snapshot_new_tables);
        assert_eq!(field_of("source.topics"), "topics");
        assert_eq!(field_of("config"), "");
    }
}
