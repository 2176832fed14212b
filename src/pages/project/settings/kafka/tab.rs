//! The tab itself: the connection card and the users card.

use super::users::KafkaUsers;
use crate::api::{abort_on_cleanup, expect_api};
use crate::components::{ErrorView, MaskedValue};
use crate::state::open_project_id;
use leptos::prelude::*;

/// The connection card and the users card.
#[component]
pub fn KafkaAccessTab() -> impl IntoView {
    let api = expect_api();
    let id = open_project_id();
    let access = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            let signal = abort_on_cleanup();
            async move { api.kafka_access(&id, signal.as_ref()).await }
        }
    });
    view! {
        <div class="stack">
            <section class="card" aria-labelledby="connection-title">
                <h2 class="card__title" id="connection-title">"Connection"</h2>
                <Suspense fallback=|| view! { <p class="loading-line" role="status">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match access.await {
                            Ok(a) => view! {
                                <p class="card__text" data-testid="connection-summary">
                                    "Clients connect with " <code>{a.security_protocol.clone()}</code>
                                    " (TLS, then a Kafka user's username and password, mechanism "
                                    <code>{a.sasl_mechanism.clone()}</code> ") on port "
                                    <code>{a.sasl_port}</code>
                                    ": every broker below and the proxy endpoint listen on it."
                                </p>
                                <dl class="facts">
                                    <dt>"Bootstrap servers"</dt>
                                    <dd><MaskedValue value=a.bootstrap_servers.clone() what="Kafka bootstrap servers"/></dd>
                                    <dt>"Proxy endpoint"</dt>
                                    <dd><MaskedValue value=a.kafka_proxy_endpoint.clone() what="Kafka proxy endpoint"/></dd>
                                    <dt>"Security protocol"</dt>
                                    <dd><code>{a.security_protocol.clone()}</code></dd>
                                    <dt>"SASL mechanism"</dt>
                                    <dd><code>{a.sasl_mechanism.clone()}</code></dd>
                                    <dt>"Port"</dt>
                                    <dd>
                                        <code>{a.sasl_port}</code>" for "<code>{a.security_protocol.clone()}</code>
                                        ", as above. Port "<code>{a.ssl_port}</code>
                                        " takes SSL connections that sign in with a client certificate instead; the console does not issue those."
                                    </dd>
                                </dl>
                                <p class="card__text">
                                    "Treat every address here as sensitive: each is masked until revealed. Clients sign in with a Kafka user below; use the proxy endpoint from outside the project's cloud network."
                                </p>
                            }.into_any(),
                            Err(error) => view! { <ErrorView error=error on_retry=move || access.refetch()/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <KafkaUsers/>
        </div>
    }
}
