//! `/api-reference`: the server's API, read from its OpenAPI document and
//! listed by tag: each endpoint's method, path, summary, the statuses it
//! answers, an example of its body and of its answer (made from their
//! schemas), and a `curl` for the current project; searched as you type.

use crate::api::{abort_on_cleanup, expect_api};
use crate::components::list::SearchBox;
use crate::components::{CopyButton, ErrorView};
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
    /// An example of the JSON body it takes, when it takes one.
    pub body: Option<Value>,
    /// An example of its successful JSON answer, when it has one.
    pub answer: Option<Value>,
}

impl Endpoint {
    /// Whether it matches a search: every word in its method, path or
    /// summary, ignoring case.
    pub fn matches(&self, search: &str) -> bool {
        let text = format!("{} {} {}", self.method, self.path, self.summary).to_lowercase();
        search
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word))
    }

    /// A `curl` that calls it with an access token, the project's id (when
    /// one is given) in place of `{id}`, and the example body.
    pub fn curl(&self, origin: &str, project: Option<&str>) -> String {
        let path = match project {
            Some(id) => self.path.replace("{id}", id),
            None => self.path.clone(),
        };
        let mut out = format!("curl -X {} '{origin}{path}'", self.method);
        out.push_str(" \\\n  -H \"Authorization: Bearer $ACCESS_TOKEN\"");
        if let Some(body) = &self.body {
            let json = serde_json::to_string(body).unwrap_or_default();
            out.push_str(" \\\n  -H 'Content-Type: application/json'");
            out.push_str(&format!(" \\\n  -d '{}'", json.replace('\'', "'\\''")));
        }
        out
    }
}

/// The schema `schema` points to, once `$ref`s are followed.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..8 {
        let Some(path) = current["$ref"].as_str() else {
            break;
        };
        let mut target = doc;
        for part in path.trim_start_matches("#/").split('/') {
            target = &target[part];
        }
        current = target;
    }
    current
}

/// An example value of `schema`: its example or first choice where it
/// gives one, else a value of its type (a field's name says what a text
/// holds where the schema does not).
pub fn example(doc: &Value, schema: &Value, depth: u8) -> Value {
    let schema = resolve(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    if let Some(example) = schema.get("example").or_else(|| schema["examples"].get(0)) {
        return example.clone();
    }
    if let Some(first) = schema["enum"].get(0) {
        return first.clone();
    }
    for combined in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[combined].as_array() {
            let chosen = choices
                .iter()
                .find(|c| resolve(doc, c)["type"] != "null")
                .unwrap_or(&Value::Null);
            return example(doc, chosen, depth + 1);
        }
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = serde_json::Map::new();
        for part in parts {
            if let Value::Object(fields) = example(doc, part, depth + 1) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ => "",
    };
    match kind {
        "object" => {
            let mut fields = serde_json::Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    let value = match example(doc, property, depth + 1) {
                        Value::String(s) if s == "text" => Value::String(name.clone()),
                        other => other,
                    };
                    fields.insert(name.clone(), value);
                }
            }
            Value::Object(fields)
        }
        "array" => Value::Array(vec![example(doc, &schema["items"], depth + 1)]),
        "integer" | "number" => schema["minimum"].as_i64().unwrap_or(1).max(1).into(),
        "boolean" => Value::Bool(false),
        "string" => Value::String(
            match schema["format"].as_str() {
                Some("date-time") => "2026-01-01T00:00:00Z",
                Some("date") => "2026-01-01",
                Some("uuid") => "00000000-0000-4000-8000-000000000000",
                _ => "text",
            }
            .to_string(),
        ),
        _ => Value::Null,
    }
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
            let json_of = |content: &Value| {
                let schema = &content["content"]["application/json"]["schema"];
                (!schema.is_null()).then(|| example(doc, schema, 0))
            };
            let answer = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(code, _)| code.starts_with('2'))
                .find_map(|(_, r)| json_of(r));
            let endpoint = Endpoint {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_string(),
                responses,
                body: json_of(resolve(doc, &op["requestBody"])),
                answer,
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
    let search = RwSignal::new(String::new());
    let origin = window().location().origin().unwrap_or_default();
    let project = crate::state::expect_current_project()
        .id
        .get_untracked()
        .map(|id| id.as_str().to_string());
    let shown = move |e: &Endpoint| search.with(|q| e.matches(q));
    let total: usize = sections.iter().map(|s| s.endpoints.len()).sum();
    let all = StoredValue::new(sections.clone());
    let count = move || {
        all.with_value(|s| {
            s.iter()
                .flat_map(|s| s.endpoints.iter())
                .filter(|e| shown(e))
                .count()
        })
    };
    let sections = sections
        .into_iter()
        .map(|s| {
            let heading = format!("ref-{}", s.name);
            let labelled_by = heading.clone();
            let endpoints = StoredValue::new(s.endpoints.clone());
            let any_shown = move || endpoints.with_value(|e| e.iter().any(shown));
            view! {
                <section class="card reference" aria-labelledby=labelled_by data-testid="reference-section" hidden=move || !any_shown()>
                    <h2 class="card__title" id=heading>{s.name.clone()}</h2>
                    <p class="card__text">{s.description.clone()}</p>
                    <ul class="reference__list">
                        {s.endpoints.into_iter().map(|e| {
                            let curl = e.curl(&origin, project.as_deref());
                            let body = e.body.as_ref().map(|b| serde_json::to_string_pretty(b).unwrap_or_default());
                            let answer = e.answer.as_ref().map(|b| serde_json::to_string_pretty(b).unwrap_or_default());
                            let this = e.clone();
                            view! {
                            <li class="reference__endpoint" data-testid="reference-endpoint" hidden=move || !shown(&this)>
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
                                <details class="reference__responses" data-testid="reference-example">
                                    <summary>"Example"</summary>
                                    <div class="reference__example">
                                        <p class="reference__label">"curl" <CopyButton text=curl.clone() what="curl command"/></p>
                                        <pre class="reference__code" tabindex="0"><code>{curl}</code></pre>
                                        {body.map(|b| view! {
                                            <p class="reference__label">"Request body"</p>
                                            <pre class="reference__code" tabindex="0"><code>{b}</code></pre>
                                        })}
                                        {answer.map(|a| view! {
                                            <p class="reference__label">"Answer"</p>
                                            <pre class="reference__code" tabindex="0"><code>{a}</code></pre>
                                        })}
                                    </div>
                                </details>
                            </li>
                        }}).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="toolbar" role="search">
            <SearchBox
                id="reference-search"
                label="Search endpoints"
                placeholder="e.g. kafka users, POST, /rotate"
                search=search
                on_search=Callback::new(move |text| search.set(text))
            />
        </div>
        <p class="page__count" role="status" data-testid="reference-count">{move || {
            let n = count();
            if n == total { format!("{total} endpoints") }
            else if n == 0 { "No endpoint matches the search.".to_string() }
            else { format!("{n} of {total} endpoints") }
        }}</p>
        {sections}
    }
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

    #[test]
    fn examples_follow_the_schemas_and_the_curl_uses_the_project() {
        let doc = json!({
            "components": {"schemas": {
                "Rename": {"type": "object", "properties": {"name": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}},
                "Kind": {"type": "string", "enum": ["source", "destination"]},
                "Value": {"oneOf": [{"type": "boolean"}, {"type": "integer"}]},
            }},
            "paths": {"/api/projects/{id}": {"patch": {
                "tags": ["projects"], "summary": "Renames a project",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rename"}}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "value": {"$ref": "#/components/schemas/Value"},
                        "count": {"type": ["integer", "null"], "minimum": 0},
                    }}}}},
                    "404": {"description": "none"}
                }
            }}}
        });
        let e = &sections(&doc)[0].endpoints[0];
        assert_eq!(
            e.body,
            Some(json!({"name": "name", "at": "2026-01-01T00:00:00Z"}))
        );
        assert_eq!(
            e.answer,
            Some(json!({"kind": "source", "tags": ["text"], "value": false, "count": 1}))
        );
        let curl = e.curl("https://console.example.com", Some("0b6f"));
        assert!(
            curl.starts_with("curl -X PATCH 'https://console.example.com/api/projects/0b6f'"),
            "{curl}"
        );
        assert!(curl.contains("Authorization: Bearer $ACCESS_TOKEN"));
        assert!(
            curl.contains(r#"-d '{"at":"2026-01-01T00:00:00Z","name":"name"}'"#),
            "{curl}"
        );
        assert!(e.matches("rename PATCH"));
        assert!(e.matches("/API/projects"));
        assert!(!e.matches("kafka"));
        // A body with a quote stays one shell word.
        let mut quoted = e.clone();
        quoted.body = Some(json!({"name": "it's"}));
        assert!(quoted.curl("", None).contains(r#"-d '{"name":"it'\''s"}'"#));
    }
}
