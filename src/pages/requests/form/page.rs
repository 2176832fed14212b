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

    // How long the latest requests took, from the server's history.
    let timing = LocalResource::new(move || async move { api.request_timing().await });
    view! {
        <section class="page page--narrow" aria-labelledby="request-title">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"New project"</p>
                    <h1 class="page__title" id="request-title">"Request a project"</h1>
                    <p class="page__lead">
                        "Support provisions each project: its Kafka cluster, Flink, networking and monitoring. Tell them what you need; the request is listed on your projects page until it is done, and the project then appears there, with you as its Admin."
                    </p>
                    <p class="page__lead" data-testid="request-wait">
                        {move || timing.get().map(|t| wait_sentence(t.ok()))}
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

/// A duration in words, rounded as people say it: "under a minute",
/// "25 minutes", "about 3 hours", "about 2 days".
pub fn duration_words(seconds: u64) -> String {
    let minutes = seconds / 60;
    let hours = (seconds + 1800) / 3600;
    let days = (seconds + 43_200) / 86_400;
    match seconds {
        0..60 => "under a minute".to_string(),
        60..3600 => crate::format::count(minutes, "minute", "minutes"),
        3600..86_400 => format!("about {}", crate::format::count(hours, "hour", "hours")),
        _ => format!("about {}", crate::format::count(days, "day", "days")),
    }
}

/// What the form says about how long provisioning takes, from the
/// server's figures (`None` when it could not say).
pub fn wait_sentence(timing: Option<api_types::RequestTiming>) -> String {
    match timing {
        Some(api_types::RequestTiming {
            provisioned,
            median_seconds: Some(median),
            longest_seconds,
        }) => {
            let longest = longest_seconds
                .filter(|l| *l > median)
                .map(|l| format!("; the longest took {}", duration_words(l)))
                .unwrap_or_default();
            format!(
                "Lately support has provisioned requests in {} (the middle of the last {}{longest}). The projects page shows yours as PROVISIONING until then.",
                duration_words(median),
                crate::format::count(u64::from(provisioned), "request", "requests"),
            )
        }
        Some(_) => "No request has been provisioned here yet, so there is no typical wait to go by: support takes requests in the order they arrive. The projects page shows yours as PROVISIONING until it is done.".to_string(),
        None => "Support takes requests in the order they arrive; the projects page shows yours as PROVISIONING until it is done.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::RequestTiming;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration_words(0), "under a minute");
        assert_eq!(duration_words(59), "under a minute");
        assert_eq!(duration_words(60), "1 minute");
        assert_eq!(duration_words(25 * 60), "25 minutes");
        assert_eq!(duration_words(3600), "about 1 hour");
        assert_eq!(duration_words(2 * 3600 + 40 * 60), "about 3 hours");
        assert_eq!(duration_words(86_400 * 2 + 3600), "about 2 days");
    }

    #[test]
    fn the_wait_is_said_from_the_figures_or_not_at_all() {
        let said = wait_sentence(Some(RequestTiming::of(vec![600, 7200, 86_400])));
        assert!(said.contains("in about 2 hours (the middle of the last 3 requests; the longest took about 1 day)"), "{said}");
        let none = wait_sentence(Some(RequestTiming::of(vec![])));
        assert!(
            none.starts_with("No request has been provisioned here yet"),
            "{none}"
        );
        assert!(!wait_sentence(None).contains("Lately"));
    }
}
