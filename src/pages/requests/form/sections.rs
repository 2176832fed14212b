//! The sections of the request form: where the project runs, how much it
//! carries, what it needs, and what it is called.

use super::fields::{naming_tip, Errors, Fields};
use crate::components::Field;
use crate::pages::requests::region_label;
use api_types::{regions_of, Cloud, Requirement, ThroughputUnit, MAX_REQUEST_NOTES};
use leptos::prelude::*;

/// The environment type: one of the usual ones, or one named under "Other".
#[component]
pub fn EnvironmentField(f: Fields, errors: Errors) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for="request-environment">"Environment type"</label>
            <select
                id="request-environment"
                class="input"
                aria-invalid=errors.invalid("environment")
                aria-describedby="request-environment-error"
                prop:value=move || f.environment.get()
                on:change=move |ev| { f.environment.set(event_target_value(&ev)); errors.clear("environment"); }
            >
                <option value="" disabled=true>"Choose the environment type"</option>
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
                    aria-invalid=errors.invalid("environment")
                    aria-describedby="request-environment-error"
                    prop:value=move || f.other_environment.get()
                    on:input=move |ev| { f.other_environment.set(event_target_value(&ev)); errors.clear("environment"); }
                />
            </Show>
            <p class="field__error" id="request-environment-error">{errors.of("environment")}</p>
        </div>
    }
}

/// The cloud and its region; a region of another cloud is dropped when the
/// cloud changes.
#[component]
pub fn PlaceFields(f: Fields, errors: Errors) -> impl IntoView {
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
    view! {
        <div class="field-row">
            <Field
                id="request-cloud"
                label="Cloud provider"
                error=errors.signal("cloud")
                let:aria
            >
                <select
                    id=aria.id
                    aria-invalid=aria.invalid
                    aria-describedby=aria.described_by
                    class="input"
                    prop:value=move || f.cloud.get()
                    on:change=move |ev| { f.cloud.set(event_target_value(&ev)); errors.clear("cloud"); }
                >
                    <option value="">"Choose a cloud"</option>
                    {Cloud::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{c.as_str()}</option> }).collect_view()}
                </select>
            </Field>
            <Field
                id="request-region"
                label="Region"
                error=errors.signal("region")
                let:aria
            >
                <select
                    id=aria.id
                    aria-invalid=aria.invalid
                    aria-describedby=aria.described_by
                    class="input"
                    prop:disabled=move || cloud.get().is_none()
                    prop:value=move || f.region.get()
                    on:change=move |ev| { f.region.set(event_target_value(&ev)); errors.clear("region"); }
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
                                            let label = region_label(c, code);
                                            view! { <option value=code selected=move || f.region.get() == code>{label}</option> }
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
            </Field>
        </div>
    }
}

/// The expected throughput: peak volume, its unit, and the connectors.
#[component]
pub fn ThroughputFields(f: Fields, errors: Errors) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend class="field__label">"Expected throughput"</legend>
            <div class="field-row">
                <Field
                    id="request-throughput"
                    label="Peak volume"
                    error=errors.signal("throughput")
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
                        on:input=move |ev| { f.throughput.set(event_target_value(&ev)); errors.clear("throughput"); }
                    />
                </Field>
                <Field
                    id="request-throughput-unit"
                    label="Unit"
                    error=errors.signal("throughput_unit")
                    quiet=true
                    let:aria
                >
                    <select
                        id=aria.id
                        aria-invalid=aria.invalid
                        aria-describedby=aria.described_by
                        class="input"
                        prop:value=move || f.unit.get()
                        on:change=move |ev| { f.unit.set(event_target_value(&ev)); errors.clear("throughput_unit"); }
                    >
                        {ThroughputUnit::ALL.into_iter().map(|u| view! { <option value=u.as_str()>{u.label()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field
                    id="request-connectors"
                    label="Connectors"
                    error=errors.signal("connectors")
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
                        on:input=move |ev| { f.connectors.set(event_target_value(&ev)); errors.clear("connectors"); }
                    />
                </Field>
            </div>
        </fieldset>
    }
}

/// The special requirements, one checkbox each.
#[component]
pub fn RequirementChoices(f: Fields, errors: Errors) -> impl IntoView {
    view! {
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
            <p class="field__error" id="request-requirements-error">{errors.of("requirements")}</p>
        </fieldset>
    }
}

/// The notes for support and the proposed name, with the naming tip.
#[component]
pub fn AboutFields(f: Fields, errors: Errors) -> impl IntoView {
    let notes_count = move || f.notes.with(|n| n.trim().chars().count());
    // The naming advice, checked as the user types: a tip, never an error.
    let name_tip = move || {
        f.environment.track();
        f.other_environment.track();
        let environment = f.environment_untracked();
        naming_tip(&f.name.get(), &environment)
    };

    view! {
        <Field
            id="request-notes"
            label="Anything else support should know"
            hint=Signal::derive(move || format!("Networks to peer with, compliance needs, timing. {} of {MAX_REQUEST_NOTES} characters.", notes_count()))
            error=errors.signal("notes")
            let:aria
        >
            <textarea
                id=aria.id
                aria-invalid=aria.invalid
                aria-describedby=aria.described_by
                class="input"
                rows="4"
                prop:value=move || f.notes.get()
                on:input=move |ev| { f.notes.set(event_target_value(&ev)); errors.clear("notes"); }
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
                aria-invalid=errors.invalid("name")
                aria-describedby="request-name-hint request-name-error"
                prop:value=move || f.name.get()
                on:input=move |ev| { f.name.set(event_target_value(&ev)); errors.clear("name"); }
            />
            <p class="field__hint" data-testid="request-name-tip">{name_tip}</p>
            <p class="field__error" id="request-name-error">{errors.of("name")}</p>
        </div>
    }
}
