//! The Details tab: name, id, environment, created date, and renaming.

use crate::api::{expect_api, ApiError};
use crate::components::{CopyButton, Field, LocalDate};
use crate::state::expect_open_project;
use crate::state::{expect_current_project, permissions};
use api_types::{validate_project_name, MAX_PROJECT_NAME};
use leptos::prelude::*;

/// The project's details, and a form to rename it.
#[component]
pub fn DetailsTab() -> impl IntoView {
    let open = expect_open_project();
    let project = open.get_untracked();
    view! {
        <div class="stack">
            <section class="card" aria-labelledby="details-title">
                <h2 class="card__title" id="details-title">"Details"</h2>
                <dl class="facts">
                    <dt>"Project name"</dt>
                    <dd data-testid="details-name">{move || open.with(|p| p.name.clone())}</dd>
                    <dt>"Project ID"</dt>
                    <dd class="facts__copyable">
                        <code data-testid="project-id">{project.id.to_string()}</code>
                        <CopyButton text=project.id.to_string() what="project ID"/>
                    </dd>
                    <dt>"Environment type"</dt>
                    <dd>{project.environment.as_str().to_string()}</dd>
                    <dt>"Created on"</dt>
                    <dd><LocalDate at=project.created_at/></dd>
                </dl>
            </section>
            <RenameForm/>
        </div>
    }
}

/// What is wrong with `typed` while it is being typed: only its length, once
/// it is over the limit (an empty box is said on submit, not while typing).
fn live_error(typed: &str) -> Option<String> {
    if typed.trim().chars().count() > MAX_PROJECT_NAME {
        validate_project_name(typed).err().map(|e| e.message)
    } else {
        None
    }
}

/// Renames the project: 1-64 characters, unique in the organisation. The
/// list and the top bar follow without a reload.
#[component]
fn RenameForm() -> impl IntoView {
    let api = expect_api();
    let open = expect_open_project();
    let current = expect_current_project();
    let name = RwSignal::new(open.with_untracked(|p| p.name.clone()));
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let blocked = permissions::blocked(api_types::Change::Project);
    let cannot = move || blocked.with(Option::is_some);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        status.set(None);
        let wanted = match validate_project_name(&name.get_untracked()) {
            Ok(wanted) => wanted,
            Err(e) => {
                error.set(Some(e.message));
                return;
            }
        };
        let (id, old) = open.with_untracked(|p| (p.id.clone(), p.name.clone()));
        if wanted == old {
            error.set(None);
            status.set(Some("The name is unchanged.".into()));
            return;
        }
        error.set(None);
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api.rename_project(&id, &wanted).await {
                Ok(project) => {
                    name.try_set(project.name.clone());
                    status.try_set(Some(format!("Renamed to {}.", project.name)));
                    current.changed(project);
                }
                Err(ApiError::Validation { message, .. } | ApiError::Conflict(message)) => {
                    error.try_set(Some(message));
                }
                Err(other) => {
                    error.try_set(Some(other.sentence()));
                }
            }
            saving.try_set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="rename-title">
            <h2 class="card__title" id="rename-title">"Rename"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <Field
                    id="project-name"
                    label="Project name"
                    hint=Signal::stored(format!("1 to {MAX_PROJECT_NAME} characters, unique in your organisation, e.g. Production-US-East."))
                    error=error.into()
                    alert=true
                    error_testid="project-name-error"
                    let:aria
                >
                    <input
                        id=aria.id
                        aria-invalid=aria.invalid
                        aria-describedby=aria.described_by
                        class="input"
                        type="text"
                        maxlength=MAX_PROJECT_NAME * 2
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || name.get()
                        prop:disabled=cannot
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            // An error about the last value (a name taken) goes with
                            // it; a name too long is said as soon as it is.
                            error.set(live_error(&typed));
                            status.set(None);
                            name.set(typed);
                        }
                    />
                </Field>
                <div class="form__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        prop:disabled=move || saving.get() || cannot()
                    >
                        {move || if saving.get() { "Saving…" } else { "Save name" }}
                    </button>
                    <p class="form__status" role="status" data-testid="rename-status">{move || status.get()}</p>
                </div>
                {move || blocked.get().map(|reason| view! { <p class="form__reason" data-testid="blocked-reason">{reason}</p> })}
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::live_error;
    use api_types::MAX_PROJECT_NAME;

    #[test]
    fn only_a_name_over_the_limit_is_flagged_while_typing() {
        assert_eq!(live_error(""), None);
        assert_eq!(live_error(&"a".repeat(MAX_PROJECT_NAME)), None);
        let long = live_error(&"a".repeat(MAX_PROJECT_NAME + 1)).expect("flagged");
        assert!(long.contains(&MAX_PROJECT_NAME.to_string()), "{long}");
    }
}
