//! The API tab: the project's API tokens. A new or regenerated secret is
//! shown once, with a copy button; afterwards only the client id is shown.

use super::{error_of, FieldErrors};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{focus_later, CopyButton, ErrorView, Field};
use crate::format;
use crate::pages::project::ScopedProject;
use api_types::{
    ClientCredential, ClientCredentialWithSecret, CreateClientCredential, RoleKey,
    MAX_TOKEN_DESCRIPTION,
};
use leptos::prelude::*;

/// A change asked for on one token, waiting for confirmation.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Delete(ClientCredential),
    Regenerate(ClientCredential),
}

/// The project's API tokens, the form to create one, and the secret just
/// made.
#[component]
pub fn ApiTab() -> impl IntoView {
    let api = expect_api();
    let scoped = expect_context::<ScopedProject>().0;
    let id = scoped.with_untracked(|p| p.id.clone());
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new({
        let id = id.clone();
        move || {
            version.track();
            let id = id.clone();
            let signal = abort_on_cleanup();
            async move { api.list_tokens(&id, signal.as_ref()).await }
        }
    });
    let reload = move || {
        version.try_update(|v| *v += 1);
    };
    let revealed = RwSignal::new(None::<(String, ClientCredentialWithSecret)>);
    let pending = RwSignal::new(None::<Pending>);
    let action_error = RwSignal::new(None::<String>);
    // One change at a time: a second click cannot race the first.
    let busy = RwSignal::new(false);
    let blocked = super::blocked(api_types::Change::Access);
    let role_locked = super::role_blocked(api_types::Change::Access);

    let confirm = {
        let id = id.clone();
        move |_| {
            let Some(what) = pending.get_untracked() else {
                return;
            };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            pending.set(None);
            action_error.set(None);
            focus_later("tokens-title");
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let result = match &what {
                    Pending::Delete(t) => api.delete_token(&id, &t.client_id).await.map(|()| None),
                    Pending::Regenerate(t) => api.rotate_token(&id, &t.client_id).await.map(Some),
                };
                match result {
                    Ok(Some(secret)) => {
                        revealed.try_set(Some(("regenerated".into(), secret)));
                        focus_later("secret-title");
                    }
                    Ok(None) => {
                        // A deleted token's secret is of no use: it goes too.
                        if let Pending::Delete(t) = &what {
                            revealed.try_update(|r| {
                                if r.as_ref()
                                    .is_some_and(|(_, s)| s.credential.client_id == t.client_id)
                                {
                                    *r = None;
                                }
                            });
                        }
                    }
                    Err(e) => {
                        action_error.try_set(Some(e.sentence()));
                    }
                }
                busy.try_set(false);
                reload();
            });
        }
    };

    view! {
        <div class="stack">
            <section class="card" aria-labelledby="tokens-title">
                <div class="card__header">
                    <h2 class="card__title" id="tokens-title" tabindex="-1">"API tokens"</h2>
                    <a class="card__link" href=crate::routes::api_reference()>"API reference"</a>
                </div>
                <p class="card__text">
                    "A token is a client id and a secret. Exchange them at "
                    <code>"POST /api/auth/access-token"</code>
                    " for a short-lived bearer token that works in this project only, within the token's roles."
                </p>
                {move || revealed.get().map(|(how, token)| view! {
                    <SecretOnce how=how token=token on_done=move || { revealed.set(None); focus_later("tokens-title"); }/>
                })}
                <p class="notice notice--error" role="alert" hidden=move || action_error.with(Option::is_none)>
                    {move || action_error.get()}
                </p>
                {move || pending.get().map(|what| {
                    let (verb, token, warning) = match &what {
                        Pending::Delete(t) => ("Delete", t.clone(), "Apps using it stop working at once. This cannot be undone."),
                        Pending::Regenerate(t) => ("Regenerate", t.clone(), "The current secret and its access tokens stop working at once; the new secret is shown once."),
                    };
                    view! {
                        <div
                            class="confirm"
                            role="alertdialog"
                            aria-labelledby="confirm-title"
                            aria-describedby="confirm-text"
                            data-testid="confirm-token"
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Escape" {
                                    pending.set(None);
                                    focus_later("tokens-title");
                                }
                            }
                        >
                            <p class="confirm__title" id="confirm-title">
                                {format!("{verb} the token \u{201c}{}\u{201d}?", token.description)}
                            </p>
                            <p class="confirm__text" id="confirm-text">
                                "Client id " <code>{token.client_id.clone()}</code> ". " {warning}
                            </p>
                            <div class="form__actions">
                                <button type="button" class="button button--danger" id="confirm-token-action" on:click=confirm.clone()>
                                    {format!("{verb} token")}
                                </button>
                                <button type="button" class="button" on:click=move |_| { pending.set(None); focus_later("tokens-title"); }>"Cancel"</button>
                            </div>
                        </div>
                    }
                })}
                <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading API tokens…"</p> }>
                    {move || Suspend::new(async move {
                        match tokens.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="empty-line" data-testid="tokens-empty">"This project has no API tokens yet."</p>
                            }.into_any(),
                            Ok(list) => view! { <TokenTable tokens=list pending=pending busy=busy locked=role_locked/> }.into_any(),
                            Err(error) => view! { <ErrorView error=error on_retry=move || reload()/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <CreateToken
                blocked=blocked
                on_created=Callback::new(move |token: ClientCredentialWithSecret| {
                    revealed.set(Some(("created".into(), token)));
                    reload();
                })
            />
        </div>
    }
}

/// The tokens, with their actions.
#[component]
fn TokenTable(
    tokens: Vec<ClientCredential>,
    pending: RwSignal<Option<Pending>>,
    busy: RwSignal<bool>,
    /// Why the user's role cannot regenerate or delete tokens, if it cannot.
    locked: Memo<Option<String>>,
) -> impl IntoView {
    let own = super::own_role();
    let ask = move |what: Pending| {
        pending.set(Some(what));
        focus_later("confirm-token-action");
    };
    let now = format::now();
    let rows = tokens
        .into_iter()
        .map(|t| {
            let roles = t
                .roles
                .iter()
                .map(|r| r.name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let expired = t.expires_at.is_some_and(|at| at <= now);
            let expires = match t.expires_at {
                None => "Never".to_string(),
                Some(at) if expired => format!("Expired {}", format::local_date(&at)),
                Some(at) => format::local_date(&at),
            };
            let last_used = t
                .last_used_at
                .map_or("Never".to_string(), |at| format::local_date(&at));
            let (for_delete, for_rotate) = (t.clone(), t.clone());
            let keys: Vec<RoleKey> = t.roles.iter().map(|r| r.key).collect();
            let above = !own.get_untracked().is_some_and(|o| o.may_grant(&keys));
            view! {
                <tr data-testid="token-row">
                    <th scope="row" class="table__name">{t.description.clone()}</th>
                    <td data-label="Client ID">
                        <code class="token__id">{t.client_id.clone()}</code>
                        " "
                        <CopyButton text=t.client_id.clone() what="client ID"/>
                    </td>
                    <td data-label="Roles">{roles}</td>
                    <td data-label="Created">{format::local_date(&t.created_at)}</td>
                    <td data-label="Last used">{last_used}</td>
                    <td data-label="Expires" class:token--expired=expired>{expires}</td>
                    <td data-label="Actions" class="table__actions">
                        {above.then(|| view! { <span class="form__reason" data-testid="token-above-role">"Above your own role"</span> " " })}
                        <button
                            type="button"
                            class="button button--small"
                            aria-label=format!("Regenerate the secret of {}", t.description)
                            prop:disabled=move || busy.get() || locked.with(Option::is_some) || above
                            on:click=move |_| ask(Pending::Regenerate(for_rotate.clone()))
                        >
                            "Regenerate"
                        </button>
                        <button
                            type="button"
                            class="button button--small button--danger"
                            aria-label=format!("Delete {}", t.description)
                            prop:disabled=move || busy.get() || locked.with(Option::is_some) || above
                            on:click=move |_| ask(Pending::Delete(for_delete.clone()))
                        >
                            "Delete"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table table--auto" data-testid="tokens-table">
                <caption class="visually-hidden">"API tokens of this project"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Client ID"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A secret just created or regenerated: shown once, with a copy button.
#[component]
fn SecretOnce(
    how: String,
    token: ClientCredentialWithSecret,
    on_done: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="secret" role="region" aria-labelledby="secret-title" data-testid="secret-once">
            <h3 class="secret__title" id="secret-title" tabindex="-1">
                {format!("Token \u{201c}{}\u{201d} {how}: copy its secret now", token.credential.description)}
            </h3>
            <p class="secret__warning">
                <strong>"This is the only time the secret is shown."</strong>
                " It is not stored anywhere we can read it back. If you lose it, regenerate it or create a new token."
            </p>
            <dl class="facts">
                <dt>"Client ID"</dt>
                <dd class="facts__copyable">
                    <code>{token.credential.client_id.clone()}</code>
                    <CopyButton text=token.credential.client_id.clone() what="client ID"/>
                </dd>
                <dt>"Secret"</dt>
                <dd class="facts__copyable">
                    <code data-testid="secret-value">{token.secret.clone()}</code>
                    <CopyButton text=token.secret.clone() what="secret"/>
                </dd>
            </dl>
            <button type="button" class="button" on:click=move |_| on_done()>"I have copied it"</button>
        </div>
    }
}

/// How long a new token works.
const EXPIRIES: [(&str, &str, Option<i64>); 4] = [
    ("never", "Never expires", None),
    ("30", "In 30 days", Some(30)),
    ("90", "In 90 days", Some(90)),
    ("365", "In 1 year", Some(365)),
];

/// The form to create a token.
#[component]
fn CreateToken(
    blocked: Memo<Option<String>>,
    on_created: Callback<ClientCredentialWithSecret>,
) -> impl IntoView {
    let api = expect_api();
    let id = expect_context::<ScopedProject>()
        .0
        .with_untracked(|p| p.id.clone());
    let description = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<RoleKey>::new());
    let expiry = RwSignal::new("never".to_string());
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let own = super::own_role();
    let above_own = move |role: RoleKey| !own.get().is_some_and(|o| o.may_grant(&[role]));
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
            role_ids: roles
                .get_untracked()
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            expires_at: days.map(|d| now + chrono::Duration::days(d)),
        };
        // Every field is checked here first, by the same rules as the
        // server, so that all the field errors show at once.
        let mut found = Vec::new();
        if let Err(e) = api_types::validate_token_description(&body.description) {
            found.push((e.field.to_string(), e.message));
        }
        if let Err(e) = api_types::validate_token_roles(&body.role_ids) {
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
            match api.create_token(&id, &body).await {
                Ok(token) => {
                    description.try_set(String::new());
                    roles.try_set(Vec::new());
                    expiry.try_set("never".into());
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
    view! {
        <section class="card" aria-labelledby="create-token-title">
            <h2 class="card__title" id="create-token-title">"Create a token"</h2>
            <form class="form" on:submit=on_submit novalidate data-testid="create-token">
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
                <fieldset class="field" aria-describedby="token-roles-error">
                    <legend class="field__label">"Roles"</legend>
                    {RoleKey::ALL
                        .into_iter()
                        .map(|role| {
                            let input_id = format!("token-role-{}", role.as_str());
                            let above_id = format!("{input_id}-above");
                            let above_ref = above_id.clone();
                            view! {
                                <div class="check">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        class="check__box"
                                        prop:checked=move || roles.with(|r| r.contains(&role))
                                        prop:disabled=move || blocked.with(Option::is_some) || above_own(role)
                                        aria-describedby=move || above_own(role).then(|| above_ref.clone())
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            roles.update(|r| {
                                                r.retain(|x| *x != role);
                                                if on {
                                                    r.push(role);
                                                }
                                            });
                                        }
                                    />
                                    <label for=input_id class="check__label">
                                        <span class="check__name">{role.name()}</span>
                                        <span class="check__hint">{role.description()}</span>
                                        {move || above_own(role).then(|| view! {
                                            <span class="check__hint" id=above_id.clone()>"Above your own role: only an Admin can give it."</span>
                                        })}
                                    </label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p class="field__error" id="token-roles-error" role="alert">{error_of(errors, "role_ids")}</p>
                </fieldset>
                <div class="field">
                    <label class="field__label" for="token-expiry">"Expires"</label>
                    <select
                        id="token-expiry"
                        class="input"
                        aria-describedby="token-expiry-error"
                        prop:value=move || expiry.get()
                        prop:disabled=move || blocked.with(Option::is_some)
                        on:change=move |ev| expiry.set(event_target_value(&ev))
                    >
                        {EXPIRIES.iter().map(|(v, label, _)| view! { <option value=*v>{*label}</option> }).collect_view()}
                    </select>
                    <p class="field__error" id="token-expiry-error" role="alert">{error_of(errors, "expires_at")}</p>
                </div>
                <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                    {move || failure.get()}
                </p>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" prop:disabled=move || saving.get() || blocked.with(Option::is_some)>
                        {move || if saving.get() { "Creating…" } else { "Create token" }}
                    </button>
                </div>
                {move || blocked.get().map(|reason| view! { <p class="form__reason" data-testid="blocked-reason">{reason}</p> })}
            </form>
        </section>
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
