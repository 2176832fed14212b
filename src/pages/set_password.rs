//! `/set-password#token=…`: an invited member sets their password through
//! the link an organisation admin sent them, once, and is signed in. The
//! token is in the fragment, which browsers never send to a server.

use crate::api::{expect_api, ApiError};
use crate::components::{focus_later, Field};
use api_types::{validate_user_password, InvitationInfo, MIN_USER_PASSWORD};
use leptos::prelude::*;

/// The token of a set-password link's fragment (`#token=…`), if it has one.
pub fn token_of(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 200)
        .map(str::to_string)
}

/// The page.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let api = expect_api();
    let token = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| token_of(&h));
    let for_lookup = token.clone();
    let info = LocalResource::new(move || {
        let token = for_lookup.clone();
        async move {
            match token {
                Some(token) => api.invitation_info(&token).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let token = StoredValue::new(token);
    view! {
        <main id="main" class="signin" tabindex="-1">
            <section class="signin__card card" aria-labelledby="set-password-title" data-testid="set-password">
                <p class="signin__brand">
                    <span class="topbar__logo" aria-hidden="true"></span>
                    <span class="topbar__product">"Tributary"</span>
                </p>
                <h1 class="page__title" id="set-password-title">"Set your password"</h1>
                <Suspense fallback=|| view! { <p class="loading-line" role="status">"Checking your link…"</p> }>
                    {move || Suspend::new(async move {
                        match info.await {
                            Ok(Some(info)) => view! { <PasswordForm info=info token=token.get_value().unwrap_or_default()/> }.into_any(),
                            Ok(None) => view! {
                                <p class="notice notice--error" role="alert" data-testid="link-problem">
                                    "This page needs the whole link from your invitation, with the part after the #. Open the link again, or ask an organisation admin for a new one."
                                </p>
                            }.into_any(),
                            Err(error) => {
                                let text = match &error {
                                    ApiError::NotFound(message) => message.clone(),
                                    other => other.sentence(),
                                };
                                view! {
                                    <p class="notice notice--error" role="alert" data-testid="link-problem">{text}</p>
                                    <p><a class="button" href=crate::routes::sign_in()>"Go to sign-in"</a></p>
                                }.into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

/// The new password, typed twice.
#[component]
fn PasswordForm(info: InvitationInfo, token: String) -> impl IntoView {
    let api = expect_api();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let again_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let shown = RwSignal::new(false);
    let token = StoredValue::new(token);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        password_error.set(None);
        again_error.set(None);
        let typed = password.get_untracked();
        if let Err(e) = validate_user_password(&typed) {
            password_error.set(Some(e.message));
            focus_later("new-password");
            return;
        }
        if again.get_untracked() != typed {
            again_error.set(Some(
                "The two passwords differ. Type the same one twice.".into(),
            ));
            focus_later("new-password-again");
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.set_password(&token.get_value(), &typed).await {
                // Signed in: the console starts afresh as this user.
                Ok(_) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().replace(crate::routes::home());
                    }
                }
                Err(ApiError::Validation { message, .. }) => {
                    busy.set(false);
                    password_error.set(Some(message));
                    focus_later("new-password");
                }
                Err(ApiError::NotFound(message)) => {
                    busy.set(false);
                    form_error.set(Some(message));
                }
                Err(e) => {
                    busy.set(false);
                    form_error.set(Some(e.sentence()));
                }
            }
        });
    };
    view! {
        <p class="signin__help">
            {format!("For {} ({}). The link works once, until {}.", info.name, info.email, crate::format::local_date_time(&info.expires_at))}
        </p>
        <form class="form" novalidate=true on:submit=submit data-testid="set-password-form">
            <input type="email" name="username" autocomplete="username" value=info.email.clone() hidden=true readonly=true/>
            <Field
                id="new-password"
                label="New password"
                hint=Signal::stored(format!("At least {MIN_USER_PASSWORD} characters; a few words you will remember are fine."))
                error=password_error.into()
                let:aria
            >
                <div class="input-row">
                    <input
                        id=aria.id
                        aria-invalid=aria.invalid
                        aria-describedby=aria.described_by
                        class="input"
                        type=move || if shown.get() { "text" } else { "password" }
                        autocomplete="new-password"
                        autocapitalize="off"
                        spellcheck="false"
                        prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <button
                        type="button"
                        class="button signin__show"
                        aria-controls="new-password"
                        aria-pressed=move || shown.get().to_string()
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        {move || if shown.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
            </Field>
            <Field id="new-password-again" label="The same password again" error=again_error.into() let:aria>
                <input
                    id=aria.id
                    aria-invalid=aria.invalid
                    aria-describedby=aria.described_by
                    class="input"
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    autocapitalize="off"
                    spellcheck="false"
                    prop:value=again
                    on:input=move |ev| again.set(event_target_value(&ev))
                />
            </Field>
            <p class="notice notice--error" role="alert" data-testid="set-password-error" hidden=move || form_error.with(Option::is_none)>{form_error}</p>
            <button type="submit" class="button button--primary" prop:disabled=busy>
                {move || if busy.get() { "Setting your password…" } else { "Set password and sign in" }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::token_of;

    #[test]
    fn the_token_is_read_from_the_fragment() {
        assert_eq!(token_of("#token=inv_abc").as_deref(), Some("inv_abc"));
        assert_eq!(token_of("#x=1&token=inv_abc").as_deref(), Some("inv_abc"));
        assert_eq!(token_of("#token="), None);
        assert_eq!(token_of(""), None);
        assert_eq!(token_of(&format!("#token={}", "a".repeat(201))), None);
    }
}
