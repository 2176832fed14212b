//! `/sign-in`: email and password. The session lives in an HttpOnly cookie
//! that page scripts never see; after signing in, the console opens where
//! the user was going.

use crate::api::{expect_api, ApiError};
use crate::components::{focus_later, Field};
use crate::state::{expect_session, SessionState};
use api_types::SignIn;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where to go after signing in: a path of this console from the `next`
/// query, or `/`. Anything that could lead to another site is ignored.
pub fn safe_next(raw: Option<&str>) -> String {
    match raw {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with(crate::routes::sign_in())
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => String::from("/"),
    }
}

/// Loads `path` as a new page: everything kept in memory for the previous
/// user goes with the old page.
fn load_page(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let api = expect_api();
    let session = expect_session();
    let query = use_query_map();
    let next = Memo::new(move |_| query.with(|q| safe_next(q.get("next").as_deref())));
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let shown = RwSignal::new(false);

    // Already signed in (a bookmark, or Back): go on.
    Effect::new(move |_| {
        if matches!(session.0.get(), SessionState::SignedIn(_)) && !busy.get_untracked() {
            load_page(&next.get_untracked());
        }
    });
    let ended = move || match session.0.get() {
        SessionState::SignedOut(Some(message)) => Some(view! {
            <p class="notice notice--info" role="status" data-testid="session-ended">{message}</p>
        }),
        _ => None,
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        email_error.set(None);
        password_error.set(None);
        let form = SignIn {
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        if let Err(e) = form.validate() {
            let (slot, id) = if e.field == "email" {
                (email_error, "sign-in-email")
            } else {
                (password_error, "sign-in-password")
            };
            slot.set(Some(e.message));
            focus_later(id);
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.sign_in(&form).await {
                // The cookie must have stuck before leaving: otherwise the
                // next page would come straight back here without a word.
                Ok(_) => match api.me().await {
                    Ok(_) => load_page(&next.get_untracked()),
                    Err(error) => {
                        busy.set(false);
                        form_error.set(Some(match error {
                            ApiError::Unauthorized(_) => "You were signed in, but this browser did not keep the session cookie. Allow cookies for this site; if the console is served over plain HTTP, the server must run without --secure-cookie.".to_string(),
                            other => other.sentence(),
                        }));
                    }
                },
                Err(error) => {
                    busy.set(false);
                    match error {
                        ApiError::Validation {
                            field: Some(field),
                            message,
                        } if field == "email" || field == "password" => {
                            let slot = if field == "email" {
                                email_error
                            } else {
                                password_error
                            };
                            slot.set(Some(message));
                        }
                        ApiError::Unauthorized(message) => {
                            form_error.set(Some(message));
                            focus_later("sign-in-password");
                        }
                        ApiError::Server {
                            status: 429,
                            message,
                        } => form_error.set(Some(message)),
                        other => form_error.set(Some(other.sentence())),
                    }
                }
            }
        });
    };

    view! {
        <main id="main" class="signin" tabindex="-1">
            <section class="signin__card card" aria-labelledby="sign-in-title">
                <p class="signin__brand">
                    <span class="topbar__logo" aria-hidden="true"></span>
                    <span class="topbar__product">"Tributary"</span>
                </p>
                <h1 class="page__title" id="sign-in-title">"Sign in to the projects console"</h1>
                {ended}
                <form class="form" novalidate=true on:submit=on_submit data-testid="sign-in-form">
                    <Field id="sign-in-email" label="Email" error=email_error.into() let:aria>
                        <input
                            id=aria.id
                            aria-invalid=aria.invalid
                            aria-describedby=aria.described_by
                            class="input"
                            type="email"
                            name="email"
                            autocomplete="username"
                            required=true
                            prop:value=email
                            on:input=move |ev| email.set(event_target_value(&ev))
                        />
                    </Field>
                    <Field id="sign-in-password" label="Password" error=password_error.into() let:aria>
                        <div class="input-row">
                            <input
                                id=aria.id
                                aria-invalid=aria.invalid
                                aria-describedby=aria.described_by
                                class="input"
                                type=move || if shown.get() { "text" } else { "password" }
                                name="password"
                                autocomplete="current-password"
                                autocapitalize="off"
                                spellcheck="false"
                                required=true
                                prop:value=password
                                on:input=move |ev| password.set(event_target_value(&ev))
                            />
                            <button
                                type="button"
                                class="button signin__show"
                                aria-controls="sign-in-password"
                                aria-pressed=move || shown.get().to_string()
                                on:click=move |_| shown.update(|s| *s = !*s)
                            >
                                {move || if shown.get() { "Hide" } else { "Show" }}
                            </button>
                        </div>
                    </Field>
                    <p class="notice notice--error" role="alert" data-testid="sign-in-error" hidden=move || form_error.with(Option::is_none)>{form_error}</p>
                    <button type="submit" class="button button--primary" prop:disabled=busy>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
                <p class="signin__help" data-testid="forgot-password">
                    "Forgot your password? Ask whoever runs this console’s server to set a new one with "
                    <code>"api-server user --email … --password-stdin"</code>
                    ". It signs you out everywhere else."
                </p>
            </section>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_console_are_followed() {
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/projects?q=prod")), "/projects?q=prod");
        assert_eq!(
            safe_next(Some(
                "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41/settings/api"
            )),
            "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41/settings/api"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "projects",
            "/sign-in?next=/x",
            "/x\n",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
    }
}
