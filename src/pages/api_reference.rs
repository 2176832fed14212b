//! `/api-reference`: the server's API, read from its OpenAPI document and
//! listed by tag: each endpoint's method, path, summary, and the statuses
//! it answers.

use crate::api::{abort_on_cleanup, expect_api};
use crate::components::ErrorView;
use leptos::prelude::*;
use serde_json::Value;

/// One endpoint of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// `GET`, `POST`, …
    pub method: String,
    /// `/api/projects/{id}`.
    pub path: String,
    /// One line on what it does.
    pub summary: String,
    /// The statuses it answers, with what each means.
    pub responses: Vec<(String, String)>,
}

/// A tag and its endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The tag's name.
    pub name: String,
    /// The tag's description.
    pub description: String,
    /// Its endpoints, in document order.
    pub endpoints: Vec<Endpoint>,
}

/// Groups an OpenAPI document's operations by tag, in the order of its
/// `tags` list; operations of a tag not in the list come last.
pub fn sections(doc: &Value) -> Vec<Section> {
    let mut sections: Vec<Section> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| Section {
            name: t["name"].as_str().unwrap_or_default().to_string(),
            description: t["description"].as_str().unwrap_or_default().to_string(),
            endpoints: Vec::new(),
        })
        .collect();
    let Some(paths) = doc["paths"].as_object() else {
        return sections;
    };
    for (path, operations) in paths {
        let Some(operations) = operations.as_object() else {
            continue;
        };
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = operations.get(method) else {
                continue;
            };
            let tag = op["tags"][0].as_str().unwrap_or("other").to_string();
            let mut responses: Vec<(String, String)> = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(code, r)| {
                    (
                        code.clone(),
                        r["description"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            responses.sort();
            let endpoint = Endpoint {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_string(),
                responses,
            };
            match sections.iter_mut().find(|s| s.name == tag) {
                Some(section) => section.endpoints.push(endpoint),
                None => sections.push(Section {
                    name: tag,
                    description: String::new(),
                    endpoints: vec![endpoint],
                }),
            }
        }
    }
    sections.retain(|s| !s.endpoints.is_empty());
    sections
}

/// The API reference page.
#[component]
pub fn ApiReference() -> impl IntoView {
    let api = expect_api();
    let doc = LocalResource::new(move || {
        let signal = abort_on_cleanup();
        async move {
            api.get_json::<Value>("/openapi.json", signal.as_ref())
                .await
        }
    });
    view! {
        <section class="page" aria-labelledby="reference-title" data-testid="api-reference">
            <header class="page__header">
                <div>
                    <h1 class="page__title" id="reference-title">"API reference"</h1>
                    <p class="page__lead">
                        "Every endpoint of the API, by area. Call a project's endpoints with "
                        <code>"Authorization: Bearer <accessToken>"</code>
                        ", from an API token of that project. The machine-readable document is "
                        <a href="/api/openapi.json" rel="external">"/api/openapi.json"</a>
                        " (OpenAPI 3.1), for generated clients and API tools."
                    </p>
                </div>
            </header>
            <Suspense fallback=|| view! { <p class="loading-line" role="status">"Loading the API reference…"</p> }>
                {move || Suspend::new(async move {
                    match doc.await {
                        Ok(doc) => view! { <Sections sections=sections(&doc)/> }.into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || doc.refetch()/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Sections(sections: Vec<Section>) -> impl IntoView {
    if sections.is_empty() {
        return view! { <p class="empty-line">"The server's API document lists no endpoint."</p> }
            .into_any();
    }
    sections
        .into_iter()
        .map(|s| {
            let heading = format!("ref-{}", s.name);
            let labelled_by = heading.clone();
            view! {
                <section class="card reference" aria-labelledby=labelled_by data-testid="reference-section">
                    <h2 class="card__title" id=heading>{s.name.clone()}</h2>
                    <p class="card__text">{s.description.clone()}</p>
                    <ul class="reference__list">
                        {s.endpoints.into_iter().map(|e| view! {
                            <li class="reference__endpoint" data-testid="reference-endpoint">
                                <p class="reference__line">
                                    <span class=format!("method method--{}", e.method.to_ascii_lowercase())>{e.method.clone()}</span>
                                    " "
                                    <code class="reference__path">{e.path.clone()}</code>
                                </p>
                                <p class="reference__summary">{e.summary.clone()}</p>
                                <details class="reference__responses">
                                    <summary>{format!("Responses: {}", e.responses.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", "))}</summary>
                                    <dl class="facts">
                                        {e.responses.into_iter().map(|(code, what)| view! { <dt><code>{code}</code></dt><dd>{what}</dd> }).collect_view()}
                                    </dl>
                                </details>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_are_grouped_by_tag_in_the_documents_order() {
        let doc = json!({
            "tags": [{"name": "projects", "description": "P"}, {"name": "kafka", "description": "K"}, {"name": "unused"}],
            "paths": {
                "/api/projects/{id}/kafka-users": {"get": {"tags": ["kafka"], "summary": "Users", "responses": {"200": {"description": "ok"}}}},
                "/api/projects": {"get": {"tags": ["projects"], "summary": "List", "responses": {"400": {"description": "bad"}, "200": {"description": "ok"}}}},
                "/api/projects/{id}": {"patch": {"tags": ["projects"], "summary": "Rename", "responses": {}}, "get": {"tags": ["projects"], "summary": "One", "responses": {}}},
                "/api/odd": {"get": {"summary": "Untagged", "responses": {}}}
            }
        });
        let s = sections(&doc);
        let names: Vec<_> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["projects", "kafka", "other"]);
        let ops: Vec<_> = s[0]
            .endpoints
            .iter()
            .map(|e| format!("{} {}", e.method, e.path))
            .collect();
        assert_eq!(
            ops,
            [
                "GET /api/projects",
                "GET /api/projects/{id}",
                "PATCH /api/projects/{id}"
            ]
        );
        assert_eq!(
            s[0].endpoints[0].responses[0],
            ("200".to_string(), "ok".to_string())
        );
        assert!(sections(&json!({})).is_empty());
    }
}
