//! The Details tab: name, id, environment, created date, and renaming.

use crate::api::{expect_api, ApiError};
use crate::components::{
    focus_confirmation, focus_later, has_focus_in, ConfirmDialog, CopyButton, Field, LocalDate,
};
use crate::state::expect_open_project;
use crate::state::{expect_current_project, permissions};
use api_types::{
    validate_project_name, PauseProject, PauseReason, ProjectState, RoleKey, MAX_PAUSE_NOTE,
    MAX_PROJECT_NAME,
};
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
            <PauseCard/>
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

/// Pausing the project (its Admins, with a note) and resuming it (when
/// its Admin paused it; support lifts maintenance and billing holds). Both
/// ask first, naming the project; pausing a production project asks for
/// its name to be typed.
#[component]
fn PauseCard() -> impl IntoView {
    let api = expect_api();
    let open = expect_open_project();
    let current = expect_current_project();
    let role = permissions::own_role();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let note_error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let running = Memo::new(move |_| open.with(|p| p.state == ProjectState::Available));
    let admin = Memo::new(move |_| role.get() == Some(RoleKey::Admin));
    // Whether the user may resume it: its Admin paused it.
    let resumable = Memo::new(move |_| {
        admin.get()
            && open.with(|p| {
                p.pause
                    .as_ref()
                    .is_some_and(|p| p.reason == PauseReason::Paused)
            })
    });
    let ask = move |_| {
        if busy.get_untracked() {
            return;
        }
        let typed = note.get_untracked();
        if typed.trim().chars().count() > MAX_PAUSE_NOTE {
            note_error.set(Some(format!(
                "The note is at most {MAX_PAUSE_NOTE} characters."
            )));
            return;
        }
        note_error.set(None);
        error.set(None);
        status.set(None);
        asking.set(true);
        let production = open.with_untracked(|p| p.environment.is_production());
        focus_confirmation(production && running.get_untracked());
    };
    let on_confirm = Callback::new(move |()| {
        asking.set(false);
        busy.set(true);
        let (id, name) = open.with_untracked(|p| (p.id.clone(), p.name.clone()));
        let pausing = running.get_untracked();
        let typed = note.get_untracked();
        leptos::task::spawn_local(async move {
            let result = if pausing {
                let body = PauseProject {
                    reason: PauseReason::Paused,
                    note: Some(typed).filter(|n| !n.trim().is_empty()),
                    until: None,
                    confirm: name,
                };
                api.pause_project(&id, &body).await
            } else {
                api.resume_project(&id, &name).await
            };
            match result {
                Ok(project) => {
                    status.try_set(Some(if pausing {
                        format!("{} is paused.", project.name)
                    } else {
                        format!("{} is running again.", project.name)
                    }));
                    note.try_set(String::new());
                    current.changed(project);
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) if field == "note" => {
                    note_error.try_set(Some(message));
                }
                Err(e) => {
                    error.try_set(Some(e.sentence()));
                }
            }
            busy.try_set(false);
        });
    });
    let on_cancel = Callback::new(move |()| asking.set(false));
    // The project paused or resumed elsewhere (support, another Admin, a
    // second tab) while the question was open: the question no longer
    // applies, so it goes, and the card says why; nothing was sent.
    Effect::new(move |was: Option<bool>| {
        let now = running.get();
        if was.is_some_and(|was| was != now) && asking.get_untracked() {
            // Focus stays where the user is, unless it was in the question.
            let in_question = has_focus_in("[data-testid=pause-confirm]");
            asking.set(false);
            let name = open.with_untracked(|p| p.name.clone());
            status.set(Some(if now {
                format!("{name} was resumed meanwhile, elsewhere; nothing was sent.")
            } else {
                format!("{name} was paused meanwhile, elsewhere; nothing was sent.")
            }));
            if in_question {
                focus_later("pause-title");
            }
        }
        now
    });
    let dialog = move || {
        asking.get().then(|| {
            let (name, production) = open.with(|p| (p.name.clone(), p.environment.is_production()));
            let pausing = running.get_untracked();
            let (title, action, text) = if pausing {
                (
                    format!("Pause {name}?"),
                    "Pause project".to_string(),
                    "Its pipelines and connectors stop processing records, nothing in it can be created or changed, and nothing is billed until it is resumed. Records that arrive at its sources meanwhile wait there.",
                )
            } else {
                (
                    format!("Resume {name}?"),
                    "Resume project".to_string(),
                    "Its pipelines and connectors start again where they stopped, and it is billed again.",
                )
            };
            view! {
                <ConfirmDialog
                    title=title
                    action=action
                    type_to_confirm=(pausing && production).then_some(name)
                    testid="pause-confirm"
                    on_confirm=on_confirm
                    on_cancel=on_cancel
                >
                    <p>{text}</p>
                </ConfirmDialog>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="pause-title" data-testid="pause-card">
            <h2 class="card__title" id="pause-title" tabindex="-1">{move || if running.get() { "Pause the project" } else { "Resume the project" }}</h2>
            {move || {
                if running.get() {
                    if !admin.get() {
                        return view! { <p class="card__text" data-testid="pause-blocked">"Only the project's Admins can pause it."</p> }.into_any();
                    }
                    view! {
                        <p class="card__text">"Pausing makes it UNAVAILABLE: its pipelines stop, nothing in it can change and nothing is billed, until one of its Admins resumes it. The note is shown on every page of the project meanwhile."</p>
                        <Field
                            id="pause-note"
                            label="Note (optional)"
                            hint=Signal::stored(format!("Why it is paused, up to {MAX_PAUSE_NOTE} characters."))
                            error=note_error.into()
                            alert=true
                            error_testid="pause-note-error"
                            let:aria
                        >
                            <textarea
                                id=aria.id
                                aria-invalid=aria.invalid
                                aria-describedby=aria.described_by
                                class="input"
                                rows="2"
                                prop:value=move || note.get()
                                on:input=move |ev| {
                                    note_error.set(None);
                                    note.set(event_target_value(&ev));
                                }
                            ></textarea>
                        </Field>
                        <div class="form__actions">
                            <button type="button" class="button button--danger" data-testid="pause-project" prop:disabled=move || busy.get() on:click=ask>
                                {move || if busy.get() { "Pausing…" } else { "Pause project…" }}
                            </button>
                        </div>
                    }
                    .into_any()
                } else if resumable.get() {
                    view! {
                        <p class="card__text">"It starts again where it stopped."</p>
                        <div class="form__actions">
                            <button type="button" class="button button--primary" data-testid="resume-project" prop:disabled=move || busy.get() on:click=ask>
                                {move || if busy.get() { "Resuming…" } else { "Resume project…" }}
                            </button>
                        </div>
                    }
                    .into_any()
                } else {
                    let why = open.with(|p| match p.pause.as_ref().map(|p| p.reason) {
                        Some(PauseReason::Paused) => "Only the project's Admins can resume it.",
                        Some(PauseReason::Maintenance) => "Support resumes it when the maintenance window ends.",
                        Some(PauseReason::BillingHold) => "Support resumes it once the billing hold is settled.",
                        None => "Only support can bring it back.",
                    });
                    view! { <p class="card__text" data-testid="pause-blocked">{why}</p> }.into_any()
                }
            }}
            {dialog}
            <p class="form__status" role="status" data-testid="pause-status">{move || status.get()}</p>
            {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert" data-testid="pause-error">{e}</p> })}
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
