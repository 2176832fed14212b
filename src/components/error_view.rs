//! How a failed load is shown: what went wrong, what to do, and a retry.

use crate::api::ApiError;
use leptos::prelude::*;

/// A failed load, explained: what went wrong, what to do, and a retry
/// button when trying again may help.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called by the retry button; without it no button is shown.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let retry = on_retry.filter(|_| error.is_retryable()).map(|cb| {
        view! {
            <button type="button" class="button button--primary" on:click=move |_| cb.run(())>
                "Try again"
            </button>
        }
    });
    view! {
        <section class="notice notice--error" role="alert" data-testid="error-view">
            <h2 class="notice__title">{error.title()}</h2>
            <p class="notice__text">{error.explanation()}</p>
            {retry}
        </section>
    }
}
