//! A token secret just made, shown once.

use crate::components::{download_file, CopyButton, LeaveGuard};
use api_types::ClientCredentialWithSecret;
use leptos::prelude::*;

/// The `curl` that exchanges the token's secret (from the environment)
/// for an access token.
pub fn exchange_curl(origin: &str, client_id: &str) -> String {
    format!(
        "curl -X POST '{origin}/api/auth/access-token' \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"client_id\": \"{client_id}\", \"secret\": \"'\"$TRIBUTARY_SECRET\"'\"}}'\n"
    )
}

/// A secret just created or regenerated: shown once, with a copy button.
#[component]
pub fn SecretOnce(
    how: String,
    token: ClientCredentialWithSecret,
    on_done: impl Fn() + 'static,
) -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let curl = exchange_curl(&origin, &token.credential.client_id);
    let file = serde_json::json!({
        "client_id": token.credential.client_id,
        "secret": token.secret,
        "description": token.credential.description,
        "project_id": token.credential.project_id.to_string(),
        "token_url": format!("{origin}/api/auth/access-token"),
    })
    .to_string();
    let file_name = format!("tributary-token-{}.json", token.credential.client_id);
    let saved = RwSignal::new(None::<&'static str>);
    let save = move |_| {
        saved.set(Some(
            if download_file(&file_name, "application/json", &file) {
                "Saved. Keep the file where only you can read it."
            } else {
                "The browser did not let the file be saved; copy the secret instead."
            },
        ));
    };
    view! {
        <div class="secret" role="region" aria-labelledby="secret-title" data-testid="secret-once" id="token-secret">
            <LeaveGuard what="the token's secret" inside="token-secret"/>
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
            <p class="snippet__title">"Exchange it for an access token (the secret read from TRIBUTARY_SECRET):"</p>
            <pre class="snippet__text" data-testid="exchange-curl"><code>{curl.clone()}</code></pre>
            <div class="form__actions">
                <CopyButton text=curl what="curl command"/>
                <button type="button" class="button button--small" on:click=save data-testid="secret-download">"Download as a file"</button>
            </div>
            <p class="form__status" role="status">{move || saved.get()}</p>
            <button type="button" class="button" on:click=move |_| on_done()>"I have copied it"</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_exchange_reads_the_secret_from_the_environment() {
        let curl = super::exchange_curl("https://console.example", "c-1");
        assert!(curl.starts_with("curl -X POST 'https://console.example/api/auth/access-token'"));
        assert!(
            curl.contains(r#"-d '{"client_id": "c-1", "secret": "'"$TRIBUTARY_SECRET"'"}'"#),
            "{curl}"
        );
    }
}
