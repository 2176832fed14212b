//! `/projects/:id/sources/:connector_id` (and destinations): one connector,
//! its status and configuration (secrets only as set or not), the actions
//! its state allows, and its form to change it.

use super::form::{check, initial_values, show_error, ConfigFields, Errors, NameFields};
use super::{connector_mark, status_badge, words};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{
    focus_confirmation, ConfirmDialog, ErrorView, LocalDate, UnavailableNotice,
};
use crate::routes;
use crate::state::{expect_notice, expect_open_project, permissions};
use api_types::connectors::{
    BulkAction, ConfigValue, Connector, ConnectorKind, ConnectorSpec, ConnectorStatus,
    DesiredState, UpdateConnector, STARTING_SECONDS,
};
use api_types::Change;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeSet;

/// What the page shows besides the connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Viewing,
    Editing,
    Deleting,
}

/// The page of one connector of `kind`.
#[component]
pub fn ConnectorDetail(kind: ConnectorKind) -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let (one, _, title) = words(kind);
    let params = use_params_map();
    let connector_id =
        Memo::new(move |_| params.with(|p| p.get("connector_id")).unwrap_or_default());
    let version = RwSignal::new(0u32);
    let fetch_id = id.clone();
    let loaded = LocalResource::new(move || {
        version.track();
        let (project, cid) = (fetch_id.clone(), connector_id.get());
        let signal = abort_on_cleanup();
        async move {
            let connector = api
                .get_connector(&project, kind, &cid, signal.as_ref())
                .await?;
            let catalog = api.connector_catalog(Some(kind), signal.as_ref()).await?;
            let spec = catalog
                .into_iter()
                .find(|s| s.code == connector.connector.as_str());
            Ok::<_, ApiError>((connector, spec))
        }
    });
    let list_href = routes::connectors(&id, kind);
    let retry = move || version.update(|v| *v += 1);
    view! {
        <section class="page" aria-labelledby="connector-title" data-testid="connector-page">
            <p class="page__eyebrow">
                {project_name}" · "<A href=list_href.clone()>{title}</A>
            </p>
            <Transition fallback=move || view! { <p class="loading-line" role="status">{format!("Loading the {one}…")}</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(ApiError::NotFound(message)) => view! {
                            <h1 class="page__title" id="connector-title" tabindex="-1">{format!("No such {one}")}</h1>
                            <p class="notice notice--error" role="alert" data-testid="connector-missing">{message}</p>
                            <p><A href=routes::connectors(&super::open_project_id(), kind) attr:class="button">{format!("See this project's {}", title.to_lowercase())}</A></p>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=retry/> }.into_any(),
                        Ok((connector, spec)) => view! {
                            <Loaded kind=kind connector=connector spec=spec version=version/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The connector, loaded.
#[component]
fn Loaded(
    kind: ConnectorKind,
    connector: Connector,
    spec: Option<ConnectorSpec>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let project = expect_open_project();
    let id = project.with_untracked(|p| p.id.clone());
    let production = project.with_untracked(|p| p.environment.is_production());
    let (one, _, _) = words(kind);
    let blocked = permissions::blocked(Change::Connectors);
    let mode = RwSignal::new(Mode::Viewing);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // A connector starting is shown Active once it has started.
    if connector.connector_status == ConnectorStatus::Starting {
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || version.try_update(|v| *v += 1).unwrap_or(()),
            std::time::Duration::from_secs(STARTING_SECONDS as u64 + 1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    let display = spec
        .as_ref()
        .map(|s| s.display_name.to_string())
        .unwrap_or_else(|| connector.connector.clone());
    let cid = StoredValue::new(connector.id.clone());
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
                let answer = api
                    .connector_action(&id, kind, &cid.get_value(), action)
                    .await;
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
        let (id, navigate) = (id.clone(), navigate.clone());
        let name = connector.name.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (id, navigate, name) = (id.clone(), navigate.clone(), name.clone());
            leptos::task::spawn_local(async move {
                let answer = api.delete_connector(&id, kind, &cid.get_value()).await;
                busy.try_set(false);
                match answer {
                    Ok(()) | Err(ApiError::NotFound(_)) => {
                        notice.show(format!("{name} was deleted."));
                        navigate(&routes::connectors(&id, kind), Default::default());
                    }
                    Err(e) => {
                        mode.try_set(Mode::Viewing);
                        failure.try_set(Some(e.to_string()));
                    }
                }
            });
        }
    };
    let state_buttons = {
        let act = act.clone();
        let desired = connector.desired_state;
        let missing = !connector.secrets_missing.is_empty();
        move || {
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
                {(desired != DesiredState::Active && !missing).then(|| button("Resume", BulkAction::Resume, "resume"))}
                {(desired == DesiredState::Active).then(|| button("Pause", BulkAction::Pause, "pause"))}
                {(desired != DesiredState::Stopped).then(|| button("Stop", BulkAction::Stop, "stop"))}
                <button type="button" class="button" data-testid="edit" on:click=move |_| mode.set(Mode::Editing)>"Edit"</button>
                <button type="button" class="button button--danger" data-testid="delete" on:click=move |_| { mode.set(Mode::Deleting); focus_confirmation(production); }>"Delete"</button>
            }
            .into_any()
        }
    };
    let name = connector.name.clone();
    let confirm_name = production.then(|| connector.name.clone());
    let delete_title = format!("Delete the {one} \u{201c}{}\u{201d}?", connector.name);
    let shown = StoredValue::new(connector.clone());
    let spec = StoredValue::new(spec);
    view! {
        <header class="page__header">
            <div>
                <h1 class="page__title" id="connector-title" tabindex="-1">{name.clone()}</h1>
                <p class="page__badges">
                    {status_badge(connector.connector_status)}
                    <span class="connector-cell">{connector_mark(&connector.connector, &display)}{display.clone()}</span>
                </p>
            </div>
            <div class="page__actions">{state_buttons}</div>
        </header>
        <UnavailableNotice/>
        {(!connector.secrets_missing.is_empty()).then(|| view! {
            <p class="notice notice--error" role="alert" data-testid="secrets-missing">
                {format!("This {one} cannot start until its secrets are set: {}. Edit it to type them in.", connector.secrets_missing.join(", "))}
            </p>
        })}
        {connector.fault.clone().map(|fault| view! {
            <p class="notice notice--error" role="alert" data-testid="connector-fault">
                {format!("{fault} Edit this {one} and replace its secret to fix it; its pipelines then write what waited.")}
            </p>
        })}
        {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert" data-testid="action-failure">{m}</p> })}
        {move || (mode.get() == Mode::Deleting).then(|| {
            let delete = delete.clone();
            view! {
                <ConfirmDialog
                    title=delete_title.clone()
                    action=format!("Delete {one}")
                    type_to_confirm=confirm_name.clone()
                    testid="confirm-delete-connector"
                    on_confirm=Callback::new(move |()| delete())
                    on_cancel=Callback::new(move |()| mode.set(Mode::Viewing))
                >
                    "Its configuration and secrets are deleted, and what it captures or writes stops. This cannot be undone."
                </ConfirmDialog>
            }
        })}
        {move || match (mode.get(), spec.get_value()) {
            (Mode::Editing, Some(spec)) => view! {
                <EditForm kind=kind connector=shown.get_value() spec=spec mode=mode version=version/>
            }.into_any(),
            (_, spec) => view! { <Facts connector=shown.get_value() spec=spec/> }.into_any(),
        }}
    }
}

/// The connector's facts and configuration, by tab.
#[component]
fn Facts(connector: Connector, spec: Option<ConnectorSpec>) -> impl IntoView {
    let set: BTreeSet<String> = super::set_of(connector.secrets_set.iter().cloned());
    let sections = match &spec {
        Some(spec) => spec
            .tabs()
            .into_iter()
            .map(|tab| {
                let rows = spec
                    .properties
                    .iter()
                    .filter(|p| p.tab == tab)
                    .map(|p| {
                        let value = if p.secret {
                            if set.contains(p.key.as_ref()) { "Set".to_string() } else { "Not set".to_string() }
                        } else {
                            match connector.config.get(p.key.as_ref()) {
                                Some(ConfigValue::Flag(true)) => "On".into(),
                                Some(ConfigValue::Flag(false)) => "Off".into(),
                                Some(v) => v.as_text(),
                                None => "\u{2014}".into(),
                            }
                        };
                        view! {
                            <dt>{p.display_name.to_string()}</dt>
                            <dd data-key=p.key.to_string()>{value}</dd>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="card">
                        <h2 class="card__title">{tab.to_string()}</h2>
                        <dl class="facts">{rows}</dl>
                    </section>
                }
            })
            .collect_view()
            .into_any(),
        None => view! {
            <p class="notice">"This server no longer describes this connector: its settings are shown as they are stored."</p>
        }
        .into_any(),
    };
    view! {
        <div class="cards">
            <section class="card">
                <h2 class="card__title">"Overview"</h2>
                <dl class="facts">
                    <dt>"ID"</dt><dd><code>{connector.id.clone()}</code></dd>
                    <dt>"Desired state"</dt><dd>{connector.desired_state.as_str()}</dd>
                    <dt>"Topics"</dt><dd>{connector.topics}</dd>
                    <dt>"Tags"</dt><dd>{if connector.tags.is_empty() { "\u{2014}".to_string() } else { connector.tags.join(", ") }}</dd>
                    <dt>"Created on"</dt><dd><LocalDate at=connector.created_at/></dd>
                    <dt>"Changed on"</dt><dd><LocalDate at=connector.updated_at/></dd>
                </dl>
            </section>
            {sections}
        </div>
    }
}

/// The connector's form, to change its name, tags and settings.
#[component]
fn EditForm(
    kind: ConnectorKind,
    connector: Connector,
    spec: ConnectorSpec,
    mode: RwSignal<Mode>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let (one, _, _) = words(kind);
    let name = RwSignal::new(connector.name.clone());
    let tags = RwSignal::new(connector.tags.join(", "));
    let values = RwSignal::new(initial_values(&spec, Some(&connector.config)));
    let errors: Errors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let set: BTreeSet<String> = super::set_of(connector.secrets_set.iter().cloned());
    let secrets_set = connector.secrets_set.clone();
    let cid = connector.id.clone();
    let spec = StoredValue::new(spec);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let checked = spec.with_value(|spec| {
            check(
                spec,
                &name.get_untracked(),
                &tags.get_untracked(),
                &values.get_untracked(),
                &set,
            )
        });
        let done = match checked {
            Ok(done) => done,
            Err(error) => {
                spec.with_value(|spec| show_error(spec, errors, error));
                return;
            }
        };
        errors.set(Vec::new());
        busy.set(true);
        let body = UpdateConnector {
            name: Some(done.name),
            tags: Some(done.tags),
            config: Some(done.config),
        };
        let (id, cid) = (id.clone(), cid.clone());
        leptos::task::spawn_local(async move {
            let answer = api.update_connector(&id, kind, &cid, &body).await;
            busy.try_set(false);
            match answer {
                Ok(saved) => {
                    notice.show(format!("{} was saved.", saved.name));
                    mode.try_set(Mode::Viewing);
                    version.try_update(|v| *v += 1);
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => {
                    spec.with_value(|spec| show_error(spec, errors, (field, message)));
                }
                Err(ApiError::Conflict(message)) if message.contains("named") => {
                    spec.with_value(|spec| show_error(spec, errors, ("name".into(), message)));
                }
                Err(other) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    view! {
        <form class="form form--connector" on:submit=submit novalidate=true data-testid="connector-form">
            <h2 class="section-title">{format!("Edit the {one}")}</h2>
            <fieldset class="form-section">
                <legend class="form-section__title">"General"</legend>
                <NameFields name=name tags=tags errors=errors/>
            </fieldset>
            <ConfigFields spec=spec.get_value() values=values errors=errors secrets_set=secrets_set/>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get() data-testid="save-connector">
                    {move || if busy.get() { "Saving…" } else { "Save changes" }}
                </button>
                <button type="button" class="button" on:click=move |_| mode.set(Mode::Viewing)>"Cancel"</button>
            </div>
        </form>
    }
}
