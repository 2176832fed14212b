//! The form that creates or edits a Kafka user, and its password field.

use super::cidr::add_cidrs;
use super::{check_rows, renumber, AclEditor, AclRow, CidrInput};
use crate::api::{expect_api, ApiError};
use crate::components::{error_of, FieldErrors};
use crate::components::{focus_later, CopyButton, Field};
use crate::state::open_project_id;
use crate::state::permissions;
use api_types::{
    validate_password, validate_username, whitelist_entries, CreateKafkaUser, KafkaUser,
    UpdateKafkaUser,
};
use leptos::prelude::*;

/// A random password of 24 characters from the browser's secure random
/// source; `None` if the browser offers none.
fn generate_password() -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";
    let crypto = web_sys::window()?.crypto().ok()?;
    // 256 is not a multiple of the alphabet's 61 letters: drawing with a
    // modulo would favour some; values at or above 244 are drawn again.
    let mut out = String::new();
    while out.len() < 24 {
        let mut bytes = [0u8; 32];
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        for b in bytes.into_iter().filter(|b| *b < 244) {
            if out.len() < 24 {
                out.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    Some(out)
}

/// Create (no user) or edit (a user) form.
#[component]
pub fn UserForm(
    user: Option<KafkaUser>,
    /// Called when the form closes: with the user and the password just
    /// set, if one was, to show once.
    done: Callback<Option<(KafkaUser, String)>>,
) -> impl IntoView {
    let api = expect_api();
    let id = open_project_id();
    let editing = user.clone();
    let username = RwSignal::new(
        user.as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let ips: RwSignal<Vec<String>> = RwSignal::new(
        user.as_ref()
            .map(|u| {
                whitelist_entries(&u.whitelist_ips)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    );
    let acls = RwSignal::new(user.as_ref().map(|u| u.acls.clone()).unwrap_or_default());
    let acl_rows = RwSignal::new(Vec::<AclRow>::new());
    let ips_draft = RwSignal::new(String::new());
    let blocked = permissions::blocked(api_types::Change::Access);
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // A change to the allowed IPs answers their last error.
    Effect::new(move |first: Option<()>| {
        ips.track();
        if first.is_some() {
            errors.update(|e| e.retain(|(f, _)| f != "whitelist_ips"));
        }
    });
    let is_edit = editing.is_some();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let name = username.get_untracked();
        let pw = password.get_untracked();
        let found = check(
            &name,
            &pw,
            is_edit,
            ips,
            ips_draft,
            &acl_rows.get_untracked(),
        );
        let whitelist = ips.get_untracked().join(",");
        if !found.is_empty() {
            focus_field(&found[0].0);
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let id = id.clone();
        let acl_list = acls.get_untracked();
        let sent_password = pw.clone();
        leptos::task::spawn_local(async move {
            let result = if is_edit {
                let body = UpdateKafkaUser {
                    password: (!pw.is_empty()).then_some(pw),
                    whitelist_ips: Some(whitelist),
                    acls: Some(acl_list),
                };
                api.update_kafka_user(&id, &name, &body).await
            } else {
                let body = CreateKafkaUser {
                    username: name,
                    password: pw,
                    whitelist_ips: whitelist,
                    acls: acl_list,
                };
                api.create_kafka_user(&id, &body).await
            };
            saving.try_set(false);
            match result {
                Ok(user) => {
                    done.try_run((!sent_password.is_empty()).then_some((user, sent_password)));
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => {
                    focus_field(&field);
                    // The server counts ACLs one per operation; the
                    // editor, one per row.
                    let message = if field == "acls" {
                        acl_rows.with_untracked(|rows| renumber(&message, rows))
                    } else {
                        message
                    };
                    errors.try_set(vec![(field, message)]);
                }
                // A taken username; an UNAVAILABLE project is said as such.
                Err(ApiError::Conflict(message))
                    if !is_edit && blocked.with_untracked(Option::is_none) =>
                {
                    focus_field("username");
                    errors.try_set(vec![("username".into(), message)]);
                }
                Err(e) => {
                    failure.try_set(Some(e.sentence()));
                }
            }
        });
    };
    let title = match &editing {
        Some(u) => format!("Edit {}", u.username),
        None => "New Kafka user".to_string(),
    };
    view! {
        <form class="form form--panel" on:submit=on_submit novalidate data-testid="user-form" aria-labelledby="user-form-title">
            <h3 class="form__title" id="user-form-title">{title}</h3>
            <Field
                id="kafka-username"
                label="Username"
                hint=Signal::stored(if is_edit { "A username cannot change." } else { "3 to 24 characters: lowercase letters, digits and dashes. It cannot change later." }.to_string())
                error=Signal::derive(error_of(errors, "username"))
                alert=true
                let:aria
            >
                <input id=aria.id aria-invalid=aria.invalid aria-describedby=aria.described_by
                    class="input" type="text" autocomplete="off" spellcheck="false"
                    prop:value=move || username.get()
                    readonly=is_edit
                    on:input=move |ev| username.set(event_target_value(&ev))/>
            </Field>
            <PasswordField password=password is_edit=is_edit errors=errors/>
            <CidrInput entries=ips draft=ips_draft error=Signal::derive(error_of(errors, "whitelist_ips"))/>
            <AclEditor acls=acls rows_out=acl_rows error=Signal::derive(error_of(errors, "acls"))/>
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>{move || failure.get()}</p>
            <div class="form__actions">
                <button type="submit" class="button button--primary" prop:disabled=move || saving.get()>
                    {move || match (saving.get(), is_edit) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Create user",
                    }}
                </button>
                <button type="button" class="button" on:click=move |_| done.run(None)>"Cancel"</button>
            </div>
        </form>
    }
}

/// The errors of the fields as they stand, in the order of the form. An
/// entry still in the IP box counts: added if valid, refused if not, never
/// silently dropped.
fn check(
    name: &str,
    pw: &str,
    is_edit: bool,
    ips: RwSignal<Vec<String>>,
    ips_draft: RwSignal<String>,
    acls: &[AclRow],
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if !is_edit {
        if let Err(e) = validate_username(name) {
            found.push(("username".to_string(), e.message));
        }
    }
    if !is_edit || !pw.is_empty() {
        if let Err(e) = validate_password(pw) {
            found.push(("password".to_string(), e.message));
        }
    }
    let mut list = ips.get_untracked();
    match add_cidrs(&ips_draft.get_untracked(), &mut list) {
        Ok(_) => ips_draft.set(String::new()),
        Err((_, message)) => found.push(("whitelist_ips".to_string(), message)),
    }
    if list != ips.get_untracked() {
        ips.set(list);
    }
    let whitelist = ips.get_untracked().join(",");
    if let Err(e) = api_types::validate_whitelist(&whitelist) {
        found.push(("whitelist_ips".to_string(), e.message));
    }
    if let Err(message) = check_rows(acls) {
        found.push(("acls".to_string(), message));
    }
    found
}

/// The password, with buttons to show it and to generate one; a generated
/// password can be copied until the form is saved.
#[component]
fn PasswordField(
    /// The password typed or generated.
    password: RwSignal<String>,
    /// Editing keeps the current password when this is left empty.
    is_edit: bool,
    /// The form's field errors.
    errors: FieldErrors,
) -> impl IntoView {
    let show_password = RwSignal::new(false);
    view! {
        <div class="field">
            <label class="field__label" for="kafka-password">{if is_edit { "New password" } else { "Password" }}</label>
            <p class="field__hint" id="kafka-password-hint">
                {if is_edit { "Leave empty to keep the current one. 12 to 128 characters." } else { "12 to 128 characters. It is not shown again after you save." }}
            </p>
            <div class="input-row">
                <input id="kafka-password" class="input" autocomplete="new-password" spellcheck="false"
                    type=move || if show_password.get() { "text" } else { "password" }
                    aria-describedby="kafka-password-hint kafka-password-error"
                    aria-invalid=move || error_of(errors, "password")().is_some().to_string()
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                <button type="button" class="button" on:click=move |_| show_password.update(|s| *s = !*s)
                    aria-pressed=move || show_password.get().to_string()>
                    {move || if show_password.get() { "Hide" } else { "Show" }}
                </button>
                <button type="button" class="button" on:click=move |_| match generate_password() {
                    Some(generated) => {
                        password.set(generated);
                        show_password.set(true);
                        errors.update(|e| e.retain(|(f, _)| f != "password"));
                    }
                    None => errors.update(|e| e.push(("password".into(), "This browser cannot generate a secure password: type one.".into()))),
                }>
                    "Generate"
                </button>
            </div>
            {move || (show_password.get() && !password.with(String::is_empty)).then(|| view! {
                <p class="field__hint">
                    "Copy the password now: it cannot be read again after you save. "
                    <CopyButton text=password.get() what="password"/>
                </p>
            })}
            <p class="field__error" id="kafka-password-error" role="alert">{error_of(errors, "password")}</p>
        </div>
    }
}

/// Focuses the input of a field named as the API names it.
fn focus_field(field: &str) {
    match field {
        "username" => focus_later("kafka-username"),
        "password" => focus_later("kafka-password"),
        "whitelist_ips" => focus_later("kafka-ips"),
        _ => {}
    }
}
