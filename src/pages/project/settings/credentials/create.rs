//! The form to create an API token.

use crate::api::{expect_api, ApiError};
use crate::components::{error_of, FieldErrors};
use crate::components::{focus_later, Field};
use crate::format;
use crate::state::open_project_id;
use crate::state::permissions;
use api_types::{
    ClientCredentialWithSecret, CreateClientCredential, RoleKey, MAX_TOKEN_DESCRIPTION,
};
use leptos::prelude::*;

/// How long a new token works.
const EXPIRIES: [(&str, &str, Option<i64>); 4] = [
    ("30", "In 30 days", Some(30)),
    ("90", "In 90 days", Some(90)),
    ("365", "In 1 year", Some(365)),
    ("never", "Never expires", None),
];

/// A new token's expiry unless another is chosen: a leaked token then stops
/// working by itself.
const DEFAULT_EXPIRY: &str = "90";

/// Creating a token: a button that opens the form, which closes again once
/// the token is made (its secret is shown above) or on Cancel.
#[component]
pub fn CreateToken(
    blocked: Memo<Option<String>>,
    on_created: Callback<ClientCredentialWithSecret>,
) -> impl IntoView {
    let api = expect_api();
    let id = open_project_id();
    let open = RwSignal::new(false);
    let description = RwSignal::new(String::new());
    let role = RwSignal::new(None::<RoleKey>);
    let expiry = RwSignal::new(DEFAULT_EXPIRY.to_string());
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let now = format::now();
        let days = EXPIRIES
            .iter()
            .find(|(v, _, _)| *v == expiry.get_untracked())
            .and_then(|(_, _, d)| *d);
        let body = CreateClientCredential {
            description: description.get_untracked(),
            role_ids: role
                .get_untracked()
                .map(|r| r.as_str().to_string())
                .into_iter()
                .collect(),
            expires_at: days.map(|d| now + chrono::Duration::days(d)),
        };
        // Every field is checked here first, by the same rules as the
        // server, so that all the field errors show at once.
        let mut found = Vec::new();
        if let Err(e) = api_types::validate_token_description(&body.description) {
            found.push((e.field.to_string(), e.message));
        }
        if body.role_ids.is_empty() {
            found.push((
                "role_ids".to_string(),
                "Choose the token's role.".to_string(),
            ));
        } else if let Err(e) = api_types::validate_token_roles(&body.role_ids) {
            found.push((e.field.to_string(), e.message));
        }
        if !found.is_empty() {
            focus_field(&found[0].0);
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match api.create_credential(&id, &body).await {
                Ok(token) => {
                    description.try_set(String::new());
                    role.try_set(None);
                    expiry.try_set(DEFAULT_EXPIRY.into());
                    open.try_set(false);
                    on_created.try_run(token);
                    focus_later("secret-title");
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => {
                    focus_field(&field);
                    errors.try_set(vec![(field, message)]);
                }
                Err(e) => {
                    failure.try_set(Some(e.sentence()));
                }
            }
            saving.try_set(false);
        });
    };
    let count = move || description.with(|d| d.trim().chars().count());
    let never = move || expiry.with(|e| e == "never");
    let cancel = move |_| {
        open.set(false);
        errors.set(Vec::new());
        failure.set(None);
        focus_later("open-create-token");
    };
    view! {
        <section class="card" aria-labelledby="create-token-title">
            <h2 class="card__title" id="create-token-title">"Create a token"</h2>
            <Show when=move || !open.get()>
                <p class="card__text">"A token has one role, and by default it stops working after 90 days."</p>
                <button
                    type="button"
                    class="button button--primary"
                    id="open-create-token"
                    prop:disabled=move || blocked.with(Option::is_some)
                    on:click=move |_| {
                        open.set(true);
                        focus_later("token-description");
                    }
                >
                    "Create token"
                </button>
            </Show>
            <Show when=move || open.get()>
            <form class="form" on:submit=on_submit.clone() novalidate data-testid="create-token">
                <Field
                    id="token-description"
                    label="Description"
                    hint=Signal::derive(move || format!("What the token is for, e.g. CI deploys. {} of {MAX_TOKEN_DESCRIPTION} characters.", count()))
                    error=Signal::derive(error_of(errors, "description"))
                    alert=true
                    let:aria
                >
                    <input
                        id=aria.id
                        aria-invalid=aria.invalid
                        aria-describedby=aria.described_by
                        class="input"
                        type="text"
                        autocomplete="off"
                        prop:value=move || description.get()
                        prop:disabled=move || blocked.with(Option::is_some)
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </Field>
                <RoleChoice role=role blocked=blocked error=Signal::derive(error_of(errors, "role_ids"))/>
                <div class="field">
                    <label class="field__label" for="token-expiry">"Expires"</label>
                    <select
                        id="token-expiry"
                        class="input"
                        aria-describedby="token-expiry-note token-expiry-error"
                        prop:value=move || expiry.get()
                        prop:disabled=move || blocked.with(Option::is_some)
                        on:change=move |ev| expiry.set(event_target_value(&ev))
                    >
                        {EXPIRIES.iter().map(|(v, label, _)| view! { <option value=*v>{*label}</option> }).collect_view()}
                    </select>
                    <p class="field__hint field__hint--warning" id="token-expiry-note" data-testid="never-warning" hidden=move || !never()>
                        "A token that never expires keeps working until someone deletes it, even if it leaks. Choose an expiry unless you regenerate the token on a schedule of your own."
                    </p>
                    <p class="field__error" id="token-expiry-error" role="alert">{error_of(errors, "expires_at")}</p>
                </div>
                <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                    {move || failure.get()}
                </p>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" prop:disabled=move || saving.get() || blocked.with(Option::is_some)>
                        {move || if saving.get() { "Creating…" } else { "Create token" }}
                    </button>
                    <button type="button" class="button" on:click=cancel>"Cancel"</button>
                </div>
            </form>
            </Show>
            {move || blocked.get().map(|reason| view! { <p class="form__reason" data-testid="blocked-reason">{reason}</p> })}
        </section>
    }
}

/// The role a new token gets, one radio button each: one role per token,
/// since a token acts with the rights of its role and a second one adds
/// nothing but confusion. Roles above the user's own are disabled, with the
/// reason.
#[component]
fn RoleChoice(
    /// The role chosen.
    role: RwSignal<Option<RoleKey>>,
    /// Why tokens cannot be made now, if they cannot.
    blocked: Memo<Option<String>>,
    /// The error of the role, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let own = permissions::own_role();
    let above_own = move |r: RoleKey| !own.get().is_some_and(|o| o.may_grant(&[r]));
    view! {
        <fieldset class="field" aria-describedby="token-roles-error">
            <legend class="field__label">"Role"</legend>
            {RoleKey::ALL
                .into_iter()
                .map(|r| {
                    let input_id = format!("token-role-{}", r.as_str());
                    let above_id = format!("{input_id}-above");
                    let above_ref = above_id.clone();
                    view! {
                        <div class="check">
                            <input
                                type="radio"
                                name="token-role"
                                id=input_id.clone()
                                class="check__box"
                                prop:checked=move || role.get() == Some(r)
                                prop:disabled=move || blocked.with(Option::is_some) || above_own(r)
                                aria-describedby=move || above_own(r).then(|| above_ref.clone())
                                on:change=move |ev| {
                                    if event_target_checked(&ev) {
                                        role.set(Some(r));
                                    }
                                }
                            />
                            <label for=input_id class="check__label">
                                <span class="check__name">{r.name()}</span>
                                <span class="check__hint">{r.description()}</span>
                                {move || above_own(r).then(|| view! {
                                    <span class="check__hint" id=above_id.clone()>"Above your own role: only an Admin can give it."</span>
                                })}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
            <p class="field__error" id="token-roles-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Focuses the input of a field named as the API names it.
fn focus_field(field: &str) {
    match field {
        "description" => focus_later("token-description"),
        "role_ids" => focus_later("token-role-admin"),
        "expires_at" => focus_later("token-expiry"),
        _ => {}
    }
}
