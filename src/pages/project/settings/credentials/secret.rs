//! A token secret just made, shown once.

use crate::components::CopyButton;
use api_types::ClientCredentialWithSecret;
use leptos::prelude::*;

/// A secret just created or regenerated: shown once, with a copy button.
#[component]
pub fn SecretOnce(
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
