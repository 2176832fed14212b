//! `/projects/:id/sources/new` (and destinations): pick a connector of the
//! catalog, then fill in its form. The connector picked is in the URL
//! (`?connector=postgresql`), so that Back returns to the picker and a
//! reload keeps the choice.

use super::form::{check, initial_values, show_error, ConfigFields, Errors, NameFields};
use super::{connector_mark, words};
use crate::api::{expect_api, ApiError};
use crate::components::{ErrorView, UnavailableNotice};
use crate::routes;
use crate::state::{expect_notice, expect_open_project, permissions};
use api_types::connectors::{ConnectorKind, ConnectorSpec, CreateConnector};
use api_types::Change;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeSet;

/// The page that creates a connector of `kind`.
#[component]
pub fn NewConnector(kind: ConnectorKind) -> impl IntoView {
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let (one, _, title) = words(kind);
    let blocked = permissions::blocked(Change::Connectors);
    let catalog = super::catalog_resource(Some(kind));
    let query = use_query_map();
    let chosen = Memo::new(move |_| query.with(|q| q.get("connector")));
    let retry = move || catalog.refetch();
    let list_href = routes::connectors(&id, kind);
    view! {
        <section class="page page--narrow" aria-labelledby="new-connector-title" data-testid="new-connector-page">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name}" · "{title}</p>
                    <h1 class="page__title" id="new-connector-title" tabindex="-1">{format!("New {one}")}</h1>
                </div>
                <A href=list_href.clone() attr:class="button button--quiet">{format!("Back to {}", title.to_lowercase())}</A>
            </header>
            <UnavailableNotice/>
            {move || match blocked.get() {
                Some(reason) => view! { <p class="notice notice--error" role="alert" data-testid="new-connector-blocked">{reason}</p> }.into_any(),
                None => view! {
                    <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the connectors…"</p> }>
                        {move || Suspend::new(async move {
                            match catalog.await {
                                Err(ApiError::Aborted) => ().into_any(),
                                Err(error) => view! { <ErrorView error=error on_retry=retry/> }.into_any(),
                                Ok(specs) => {
                                    match chosen.get().and_then(|code| specs.iter().find(|s| s.code == code.as_str()).cloned()) {
                                        Some(spec) => view! { <CreateForm kind=kind spec=spec/> }.into_any(),
                                        None => view! { <Picker kind=kind specs=specs/> }.into_any(),
                                    }
                                }
                            }
                        })}
                    </Transition>
                }.into_any(),
            }}
        </section>
    }
}

/// The catalog's connectors of the kind, to pick one.
#[component]
fn Picker(kind: ConnectorKind, specs: Vec<ConnectorSpec>) -> impl IntoView {
    let (one, _, _) = words(kind);
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let base = routes::new_connector(&id, kind);
    view! {
        <h2 class="section-title" id="picker-title">{format!("Which {one}?")}</h2>
        <ul class="picker" aria-labelledby="picker-title" data-testid="connector-picker">
            {specs.into_iter().map(|spec| {
                let href = format!("{base}?connector={}", spec.code);
                let code = spec.code.to_string();
                view! {
                    <li>
                        <A href=href attr:class="picker__item" attr:data-code=code>
                            {connector_mark(&spec.code, &spec.display_name)}
                            <span class="picker__name">{spec.display_name.to_string()}</span>
                            <span class="picker__text">{spec.description.to_string()}</span>
                        </A>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The form of the connector picked.
#[component]
fn CreateForm(kind: ConnectorKind, spec: ConnectorSpec) -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    let (one, _, _) = words(kind);
    let name = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let values = RwSignal::new(initial_values(&spec, None));
    let errors: Errors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
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
                &BTreeSet::new(),
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
        let body = CreateConnector {
            name: done.name,
            connector: spec.with_value(|s| s.code.to_string()),
            config: done.config,
            tags: done.tags,
            desired_state: None,
        };
        let (id, navigate) = (id.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let answer = api.create_connector(&id, kind, &body).await;
            busy.try_set(false);
            match answer {
                Ok(created) => {
                    notice.show(format!("{} was created and is starting.", created.name));
                    navigate(
                        &routes::connector(&id, kind, &created.id),
                        Default::default(),
                    );
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
    let (code, display) = spec.with_value(|s| (s.code.to_string(), s.display_name.to_string()));
    view! {
        <form class="form form--connector" on:submit=submit novalidate=true data-testid="connector-form" data-code=code.clone()>
            <p class="form__lead">
                {connector_mark(&code, &display)}
                {format!("{display} {one}")}
                " · "
                <A href=routes::new_connector(&super::open_project_id(), kind)>"Choose another connector"</A>
            </p>
            <fieldset class="form-section">
                <legend class="form-section__title">"General"</legend>
                <NameFields name=name tags=tags errors=errors/>
            </fieldset>
            <ConfigFields spec=spec.get_value() values=values errors=errors/>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert" data-testid="form-failure">{m}</p> })}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get() data-testid="create-connector">
                    {move || if busy.get() { format!("Creating the {one}…") } else { format!("Create {one}") }}
                </button>
            </div>
        </form>
    }
}
