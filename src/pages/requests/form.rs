//! `/projects/request`: asking support for a new project.

use crate::api::{expect_api, ApiError};
use crate::components::{focus_later, Field};
use crate::routes;
use crate::state::expect_notice;
use api_types::{
    regions_of, Cloud, FieldError, NewProjectRequest, Requirement, ThroughputUnit,
    MAX_REQUEST_NOTES,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// The form's fields as typed. Kept for the page's life, so that nothing
/// typed is lost to an error or a failed submit.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    environment: RwSignal<String>,
    other_environment: RwSignal<String>,
    cloud: RwSignal<String>,
    region: RwSignal<String>,
    throughput: RwSignal<String>,
    unit: RwSignal<String>,
    connectors: RwSignal<String>,
    requirements: RwSignal<Vec<Requirement>>,
    notes: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            environment: RwSignal::new("production".into()),
            other_environment: RwSignal::new(String::new()),
            cloud: RwSignal::new(String::new()),
            region: RwSignal::new(String::new()),
            throughput: RwSignal::new(String::new()),
            unit: RwSignal::new(ThroughputUnit::EventsPerSecond.as_str().into()),
            connectors: RwSignal::new("1".into()),
            requirements: RwSignal::new(Vec::new()),
            notes: RwSignal::new(String::new()),
        }
    }

    /// The environment type chosen, or the one named under "Other".
    fn environment_untracked(&self) -> String {
        match self.environment.get_untracked().as_str() {
            "other" => self.other_environment.get_untracked(),
            chosen => chosen.to_string(),
        }
    }

    /// The request the fields make, with the errors of numbers that are
    /// not numbers (the shared rules check the rest).
    fn request(&self) -> (NewProjectRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |field: &'static str, example: u32, text: String| -> u64 {
            match text.trim().parse::<u64>() {
                Ok(n) => n,
                Err(_) => {
                    errors.push(FieldError::new(
                        field,
                        format!("Give a whole number, e.g. {example}."),
                    ));
                    0
                }
            }
        };
        let throughput = number("throughput", 5000, self.throughput.get_untracked());
        let connectors = number("connectors", 8, self.connectors.get_untracked());
        let environment = self.environment_untracked();
        let request = NewProjectRequest {
            name: self.name.get_untracked(),
            environment,
            cloud: self.cloud.get_untracked(),
            region: self.region.get_untracked(),
            throughput,
            throughput_unit: self.unit.get_untracked(),
            connectors: u32::try_from(connectors).unwrap_or(u32::MAX),
            requirements: self
                .requirements
                .get_untracked()
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            notes: self.notes.get_untracked(),
        };
        (request, errors)
    }
}

/// The order of the fields on the page, for focusing the first error.
const FIELD_ORDER: [&str; 9] = [
    "environment",
    "cloud",
    "region",
    "throughput",
    "throughput_unit",
    "connectors",
    "requirements",
    "notes",
    "name",
];

fn field_id(field: &str, other_environment: bool) -> String {
    match field {
        "requirements" => "request-requirement-vpc-peering".to_string(),
        "environment" if other_environment => "request-other-environment".to_string(),
        other => format!("request-{}", other.replace('_', "-")),
    }
}

/// A tip when a proposed name does not start with its environment type,
/// as the naming advice has it ("Production-US-East").
pub fn naming_tip(name: &str, environment: &str) -> Option<String> {
    let name = name.trim();
    let environment = environment.trim();
    if name.is_empty() || environment.is_empty() {
        return None;
    }
    if name.to_lowercase().starts_with(&environment.to_lowercase()) {
        return None;
    }
    // "QA" as people write it; longer names capitalised: "Staging".
    let mut label = environment.to_lowercase();
    if label.chars().count() <= 3 {
        label = label.to_uppercase();
    } else if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Some(format!(
        "Tip: names that start with the environment type, such as {label}-EU-Central, say at a glance where you are."
    ))
}

/// The request form.
#[component]
pub fn RequestPage() -> impl IntoView {
    let api = expect_api();
    let notice = expect_notice();
    let navigate = use_navigate();
    let f = Fields::new();
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|(k, _)| k == field).map(|(_, m)| m.clone()))
    };
    let invalid = move |field: &'static str| move || error_of(field)().is_some().to_string();
    // A field's error goes once the field is changed.
    let clear = move |field: &'static str| {
        if errors.with_untracked(|e| e.iter().any(|(k, _)| k == field)) {
            errors.update(|e| e.retain(|(k, _)| k != field));
        }
    };
    let show = move |mut found: Vec<(String, String)>| {
        found.sort_by_key(|(field, _)| FIELD_ORDER.iter().position(|f| f == field));
        if let Some((first, _)) = found.first() {
            focus_later(field_id(first, f.environment.get_untracked() == "other"));
        }
        errors.set(found);
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
        errors.set(Vec::new());
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

    // A cloud's regions; a region of another cloud is dropped on a change.
    let cloud = Memo::new(move |_| Cloud::parse(&f.cloud.get()));
    Effect::new(move |_| {
        let chosen = cloud.get();
        let region = f.region.get_untracked();
        if !region.is_empty()
            && !chosen.is_some_and(|c| regions_of(c).any(|(code, _)| code == region))
        {
            f.region.set(String::new());
        }
    });
    let notes_count = move || f.notes.with(|n| n.trim().chars().count());
    // The naming advice, checked as the user types: a tip, never an error.
    let name_tip = move || {
        f.environment.track();
        f.other_environment.track();
        let environment = f.environment_untracked();
        naming_tip(&f.name.get(), &environment)
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
                <div class="field">
                    <label class="field__label" for="request-environment">"Environment type"</label>
                    <select
                        id="request-environment"
                        class="input"
                        aria-invalid=invalid("environment")
                        aria-describedby="request-environment-error"
                        prop:value=move || f.environment.get()
                        on:change=move |ev| { f.environment.set(event_target_value(&ev)); clear("environment"); }
                    >
                        <option value="production">"Production"</option>
                        <option value="staging">"Staging"</option>
                        <option value="development">"Development"</option>
                        <option value="other">"Other…"</option>
                    </select>
                    <Show when=move || f.environment.get() == "other">
                        <label class="field__label" for="request-other-environment">"Name of the environment type"</label>
                        <input
                            id="request-other-environment"
                            class="input"
                            type="text"
                            placeholder="e.g. qa"
                            aria-invalid=invalid("environment")
                            aria-describedby="request-environment-error"
                            prop:value=move || f.other_environment.get()
                            on:input=move |ev| { f.other_environment.set(event_target_value(&ev)); clear("environment"); }
                        />
                    </Show>
                    <p class="field__error" id="request-environment-error">{error_of("environment")}</p>
                </div>
                <div class="field-row">
                    <Field
                        id="request-cloud"
                        label="Cloud provider"
                        error=Signal::derive(error_of("cloud"))
                        let:aria
                    >
                        <select
                            id=aria.id
                            aria-invalid=aria.invalid
                            aria-describedby=aria.described_by
                            class="input"
                            prop:value=move || f.cloud.get()
                            on:change=move |ev| { f.cloud.set(event_target_value(&ev)); clear("cloud"); }
                        >
                            <option value="">"Choose a cloud"</option>
                            {Cloud::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{c.as_str()}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field
                        id="request-region"
                        label="Region"
                        error=Signal::derive(error_of("region"))
                        let:aria
                    >
                        <select
                            id=aria.id
                            aria-invalid=aria.invalid
                            aria-describedby=aria.described_by
                            class="input"
                            prop:disabled=move || cloud.get().is_none()
                            prop:value=move || f.region.get()
                            on:change=move |ev| { f.region.set(event_target_value(&ev)); clear("region"); }
                        >
                            <option value="">
                                {move || if cloud.get().is_some() { "Choose a region" } else { "Choose a cloud first" }}
                            </option>
                            {move || {
                                cloud
                                    .get()
                                    .map(|c| {
                                        regions_of(c)
                                            .map(|(code, _)| {
                                                {
                                                    let label = super::region_label(c, code);
                                                    view! { <option value=code selected=move || f.region.get() == code>{label}</option> }
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </select>
                    </Field>
                </div>
                <fieldset class="field">
                    <legend class="field__label">"Expected throughput"</legend>
                    <div class="field-row">
                        <Field
                            id="request-throughput"
                            label="Peak volume"
                            error=Signal::derive(error_of("throughput"))
                            quiet=true
                            let:aria
                        >
                            <input
                                id=aria.id
                                aria-invalid=aria.invalid
                                aria-describedby=aria.described_by
                                class="input"
                                type="text"
                                inputmode="numeric"
                                placeholder="e.g. 5000"
                                prop:value=move || f.throughput.get()
                                on:input=move |ev| { f.throughput.set(event_target_value(&ev)); clear("throughput"); }
                            />
                        </Field>
                        <Field
                            id="request-throughput-unit"
                            label="Unit"
                            error=Signal::derive(error_of("throughput_unit"))
                            quiet=true
                            let:aria
                        >
                            <select
                                id=aria.id
                                aria-invalid=aria.invalid
                                aria-describedby=aria.described_by
                                class="input"
                                prop:value=move || f.unit.get()
                                on:change=move |ev| { f.unit.set(event_target_value(&ev)); clear("throughput_unit"); }
                            >
                                {ThroughputUnit::ALL.into_iter().map(|u| view! { <option value=u.as_str()>{u.label()}</option> }).collect_view()}
                            </select>
                        </Field>
                        <Field
                            id="request-connectors"
                            label="Connectors"
                            error=Signal::derive(error_of("connectors"))
                            quiet=true
                            let:aria
                        >
                            <input
                                id=aria.id
                                aria-invalid=aria.invalid
                                aria-describedby=aria.described_by
                                class="input"
                                type="text"
                                inputmode="numeric"
                                prop:value=move || f.connectors.get()
                                on:input=move |ev| { f.connectors.set(event_target_value(&ev)); clear("connectors"); }
                            />
                        </Field>
                    </div>
                </fieldset>
                <fieldset class="field" aria-describedby="request-requirements-error">
                    <legend class="field__label">"Special requirements"</legend>
                    {Requirement::ALL
                        .into_iter()
                        .map(|r| {
                            let id = format!("request-requirement-{}", r.as_str().replace('_', "-"));
                            view! {
                                <div class="check">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        class="check__box"
                                        prop:checked=move || f.requirements.with(|list| list.contains(&r))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            f.requirements.update(|list| {
                                                list.retain(|x| *x != r);
                                                if on {
                                                    list.push(r);
                                                }
                                            });
                                        }
                                    />
                                    <label for=id class="check__label"><span class="check__name">{r.label()}</span></label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p class="field__error" id="request-requirements-error">{error_of("requirements")}</p>
                </fieldset>
                <Field
                    id="request-notes"
                    label="Anything else support should know"
                    hint=Signal::derive(move || format!("Networks to peer with, compliance needs, timing. {} of {MAX_REQUEST_NOTES} characters.", notes_count()))
                    error=Signal::derive(error_of("notes"))
                    let:aria
                >
                    <textarea
                        id=aria.id
                        aria-invalid=aria.invalid
                        aria-describedby=aria.described_by
                        class="input"
                        rows="4"
                        prop:value=move || f.notes.get()
                        on:input=move |ev| { f.notes.set(event_target_value(&ev)); clear("notes"); }
                    ></textarea>
                </Field>
                <div class="field">
                    <label class="field__label" for="request-name">"Proposed project name"</label>
                    <p class="field__hint" id="request-name-hint">
                        "Environment, then place, e.g. Production-US-East or Development-EU: names that say where you are at a glance."
                    </p>
                    <input
                        id="request-name"
                        class="input"
                        type="text"
                        autocomplete="off"
                        aria-invalid=invalid("name")
                        aria-describedby="request-name-hint request-name-error"
                        prop:value=move || f.name.get()
                        on:input=move |ev| { f.name.set(event_target_value(&ev)); clear("name"); }
                    />
                    <p class="field__hint" data-testid="request-name-tip">{name_tip}</p>
                    <p class="field__error" id="request-name-error">{error_of("name")}</p>
                </div>
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

#[cfg(test)]
mod tests {
    use super::naming_tip;

    #[test]
    fn a_name_that_does_not_start_with_its_environment_gets_a_tip() {
        assert_eq!(naming_tip("Production-US-East", "production"), None);
        assert_eq!(naming_tip("qa-load", "qa"), None);
        assert_eq!(naming_tip("", "production"), None);
        let tip = naming_tip("Team Kafka", "staging").unwrap();
        assert!(tip.contains("Staging-EU-Central"), "{tip}");
        assert!(naming_tip("Load", "qa").unwrap().contains("QA-EU-Central"));
    }
}
