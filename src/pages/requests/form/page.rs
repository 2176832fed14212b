//! The request page: the form's state, sending it, and its layout.

use super::fields::{field_id, Errors, Fields, FIELD_ORDER};
use super::sections::{
    AboutFields, EnvironmentField, PlaceFields, RequirementChoices, ThroughputFields,
};
use crate::api::{expect_api, ApiError};
use crate::components::focus_later;
use crate::routes;
use crate::state::expect_notice;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// The request form.
#[component]
pub fn RequestPage() -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let f = Fields::new();
    let errors = Errors::new();
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let show = move |mut found: Vec<(String, String)>| {
        found.sort_by_key(|(field, _)| FIELD_ORDER.iter().position(|f| f == field));
        if let Some((first, _)) = found.first() {
            focus_later(field_id(first, f.environment.get_untracked() == "other"));
        }
        errors.0.set(found);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        failure.set(None);
        let (request, mut found) = f.request();
        if let Err(more) = request.validate() {
            let numbers: Vec<&'static str> = found.iter().map(|e| e.field).collect();
            found.extend(more.into_iter().filter(|e| !numbers.contains(&e.field)));
        }
        if !found.is_empty() {
            show(
                found
                    .into_iter()
                    .map(|e| (e.field.to_string(), e.message))
                    .collect(),
            );
            return;
        }
        errors.0.set(Vec::new());
        sending.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api.create_request(&request).await {
                Ok(filed) => {
                    notice.show(format!(
                        "Request sent: support will provision {}. It is listed here as pending until then.",
                        filed.name
                    ));
                    navigate(routes::projects(), NavigateOptions::default());
                }
                Err(error) => {
                    sending.try_set(false);
                    match error {
                        ApiError::Validation {
                            field: Some(field),
                            message,
                        } => show(vec![(field, message)]),
                        ApiError::Conflict(message) => show(vec![("name".into(), message)]),
                        other => {
                            failure.try_set(Some(other.sentence()));
                            focus_later("request-failure");
                        }
                    }
                }
            }
        });
    };

    view! {
        <section class="page page--narrow" aria-labelledby="request-title">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"New project"</p>
                    <h1 class="page__title" id="request-title">"Request a project"</h1>
                    <p class="page__lead">
                        "Support provisions each project: its Kafka cluster, Flink, networking and monitoring. Tell them what you need; the request is listed on your projects page until it is done, and the project then appears there, with you as its Admin."
                    </p>
                </div>
            </header>
            <form class="form card" novalidate=true on:submit=on_submit data-testid="request-form">
                <p class="notice notice--error" id="request-failure" tabindex="-1" role="alert" hidden=move || failure.with(Option::is_none)>
                    {move || failure.get()}
                </p>
                <EnvironmentField f=f errors=errors/>
                <PlaceFields f=f errors=errors/>
                <ThroughputFields f=f errors=errors/>
                <RequirementChoices f=f errors=errors/>
                <AboutFields f=f errors=errors/>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" prop:disabled=sending>
                        {move || if sending.get() { "Sending…" } else { "Send request" }}
                    </button>
                    <a class="button" href=routes::projects()>"Cancel"</a>
                </div>
            </form>
        </section>
    }
}
