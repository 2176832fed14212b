//! A Kafka user's password just set, shown once, with the client
//! configuration that uses it ready to paste.

use crate::components::{CopyButton, LeaveGuard};
use api_types::{KafkaUser, SASL_PORT};
use leptos::prelude::*;

/// `text` as a Java string's content inside double quotes (JAAS).
fn jaas_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` as one shell word: single-quoted, a quote inside written `'\''`.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `text` as a Python string literal (JSON's escaping reads the same).
fn python_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// Ready-to-paste client configurations for `username` with `password` on
/// `bootstrap` (SASL_SSL, PLAIN): `(what, text)`, Java properties first.
pub fn client_snippets(
    bootstrap: &str,
    username: &str,
    password: &str,
) -> [(&'static str, String); 3] {
    let java = format!(
        "bootstrap.servers={bootstrap}\n\
         security.protocol=SASL_SSL\n\
         sasl.mechanism=PLAIN\n\
         sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username={} password={};\n",
        jaas_quoted(username),
        jaas_quoted(password)
    );
    let python = format!(
        "# confluent-kafka (librdkafka)\n\
         config = {{\n    \
             \"bootstrap.servers\": {},\n    \
             \"security.protocol\": \"SASL_SSL\",\n    \
             \"sasl.mechanism\": \"PLAIN\",\n    \
             \"sasl.username\": {},\n    \
             \"sasl.password\": {},\n\
         }}\n",
        python_quoted(bootstrap),
        python_quoted(username),
        python_quoted(password)
    );
    let kcat = format!(
        "kcat -b {} -X security.protocol=SASL_SSL -X sasl.mechanism=PLAIN \\\n  -X sasl.username={} -X sasl.password={} -L\n",
        shell_quoted(bootstrap),
        shell_quoted(username),
        shell_quoted(password)
    );
    [
        ("Java (client.properties)", java),
        ("Python and librdkafka", python),
        ("kcat (lists the topics)", kcat),
    ]
}

/// The user and the password just set: shown once, with Copy, and the
/// client configurations that use them.
#[component]
pub fn KafkaPasswordOnce(
    user: KafkaUser,
    password: String,
    /// Whether the user was just created (or only given a new password).
    created: bool,
    bootstrap: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let how = if created {
        "created"
    } else {
        "has a new password"
    };
    let snippets = client_snippets(&bootstrap, &user.username, &password)
        .into_iter()
        .map(|(what, text)| {
            view! {
                <div class="snippet">
                    <p class="snippet__title">{what}</p>
                    <pre class="snippet__text" data-testid="client-snippet"><code>{text.clone()}</code></pre>
                    <CopyButton text=text what=what/>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="secret" role="region" aria-labelledby="kafka-secret-title" data-testid="kafka-secret-once" id="kafka-secret">
            <LeaveGuard what="the Kafka user's password" inside="kafka-secret"/>
            <h3 class="secret__title" id="kafka-secret-title" tabindex="-1">
                {format!("Kafka user \u{201c}{}\u{201d} {how}: copy its password now", user.username)}
            </h3>
            <p class="secret__warning">
                <strong>"This is the only time the password is shown."</strong>
                " Only its hash is kept. If you lose it, set a new one with Edit."
            </p>
            <dl class="facts">
                <dt>"Username"</dt>
                <dd class="facts__copyable">
                    <code>{user.username.clone()}</code>
                    <CopyButton text=user.username.clone() what="username"/>
                </dd>
                <dt>"Password"</dt>
                <dd class="facts__copyable">
                    <code data-testid="kafka-password-value">{password.clone()}</code>
                    <CopyButton text=password what="password"/>
                </dd>
            </dl>
            <h4 class="snippet__heading">{format!("Connect a client (SASL_SSL, PLAIN, port {SASL_PORT})")}</h4>
            {snippets}
            <button type="button" class="button" on:click=move |_| on_done.run(())>"I have copied it"</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::client_snippets;

    #[test]
    fn snippets_quote_what_they_are_given() {
        let [java, python, kcat] =
            client_snippets("b-1:9092,b-2:9092", "orders-app", "pa\"ss'w\\rd");
        assert!(java.1.contains("bootstrap.servers=b-1:9092,b-2:9092\n"));
        assert!(
            java.1
                .contains(r#"username="orders-app" password="pa\"ss'w\\rd";"#),
            "{}",
            java.1
        );
        assert!(
            python.1.contains(r#""sasl.password": "pa\"ss'w\\rd","#),
            "{}",
            python.1
        );
        assert!(
            kcat.1.contains(r#"-X sasl.password='pa"ss'\''w\rd' -L"#),
            "{}",
            kcat.1
        );
        for (_, text) in [java, python, kcat] {
            assert!(text.contains("SASL_SSL") && text.contains("PLAIN"));
        }
    }
}
