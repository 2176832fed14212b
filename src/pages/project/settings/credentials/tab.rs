//! The API tab itself: the token list, the confirmation of a change to one
//! token, the secret just made and the form to create one.

use super::create::CreateToken;
use super::secret::SecretOnce;
use super::tokens::{needs_name, Pending, TokenTable};
use crate::api::{abort_on_cleanup, expect_api};
use crate::components::{focus_later, ConfirmDialog, ErrorView};
use crate::state::permissions;
use crate::state::{expect_open_project, open_project_id};
use api_types::ClientCredentialWithSecret;
use leptos::prelude::*;

/// The project's API tokens, the form to create one, and the secret just
/// made.
#[component]
pub fn CredentialsTab() -> impl IntoView {
    let api = expect_api();
    let id = open_project_id();
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new({
        let id = id.clone();
        move || {
            version.track();
            let id = id.clone();
            let signal = abort_on_cleanup();
            async move { api.list_credentials(&id, signal.as_ref()).await }
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
    let blocked = permissions::blocked(api_types::Change::Access);
    let role_locked = permissions::role_blocked(api_types::Change::Access);

    let production = expect_open_project();
    let confirm = {
        let id = id.clone();
        move |()| {
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
                    Pending::Delete(t) => api
                        .delete_credential(&id, &t.client_id)
                        .await
                        .map(|()| None),
                    Pending::Regenerate(t) => {
                        api.rotate_credential(&id, &t.client_id).await.map(Some)
                    }
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
                    " for a short-lived bearer token that works in this project only, within the token's role."
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
                    let type_to_confirm = needs_name(&what, production).then(|| token.description.clone());
                    view! {
                        <ConfirmDialog
                            title=format!("{verb} the token \u{201c}{}\u{201d}?", token.description)
                            action=format!("{verb} token")
                            type_to_confirm=type_to_confirm
                            testid="confirm-token"
                            on_confirm=Callback::new(confirm.clone())
                            on_cancel=Callback::new(move |()| { pending.set(None); focus_later("tokens-title"); })
                        >
                            "Client id " <code>{token.client_id.clone()}</code> ". " {warning}
                        </ConfirmDialog>
                    }
                })}
                <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading API tokens…"</p> }>
                    {move || Suspend::new(async move {
                        match tokens.await {
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
