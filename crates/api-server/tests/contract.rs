//! The OpenAPI document states every rule the server enforces on what it
//! is sent, and no other: a request the document calls valid is accepted,
//! and one it calls invalid is refused with a status the document lists.
//!
//! Each case is judged twice: by the served document's own schema (with a
//! small validator for the keywords the document uses) and by the server.
//! The values are the boundaries of each rule (at a limit and one past it,
//! padded with whitespace that trimming removes, each kind of forbidden
//! character), so that a rule changed on one side only fails a case.

use regex::Regex;
use reqwest::Method;
use serde_json::{json, Value};

mod common;
use common::PROD_US;

/// The parts of JSON Schema the document uses to state rules. `format` is
/// an annotation in JSON Schema 2020-12, and is not checked.
struct Schemas<'a> {
    doc: &'a Value,
}

impl Schemas<'_> {
    fn resolve<'v>(&'v self, schema: &'v Value) -> &'v Value {
        match schema["$ref"].as_str() {
            Some(r) => {
                let name = r.trim_start_matches("#/components/schemas/");
                self.resolve(&self.doc["components"]["schemas"][name])
            }
            None => schema,
        }
    }

    fn valid(&self, schema: &Value, value: &Value) -> bool {
        let schema = self.resolve(schema);
        let all = |key: &str| schema[key].as_array().map(|v| v.iter());
        if let Some(mut parts) = all("allOf") {
            if !parts.all(|s| self.valid(s, value)) {
                return false;
            }
        }
        if let Some(mut parts) = all("anyOf") {
            if !parts.any(|s| self.valid(s, value)) {
                return false;
            }
        }
        if let Some(parts) = all("oneOf") {
            if parts.filter(|s| self.valid(s, value)).count() != 1 {
                return false;
            }
        }
        if let Some(options) = schema["enum"].as_array() {
            if !options.contains(value) {
                return false;
            }
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.as_f64().is_some_and(|x| x.fract() == 0.0) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let typed = types.is_empty()
            || types.contains(&kind)
            || (kind == "integer" && types.contains(&"number"));
        if !typed {
            return false;
        }
        match value {
            Value::String(text) => {
                let length = text.chars().count() as u64;
                let within =
                    |key: &str, ok: &dyn Fn(u64) -> bool| schema[key].as_u64().is_none_or(ok);
                within("minLength", &|n| length >= n)
                    && within("maxLength", &|n| length <= n)
                    && schema["pattern"]
                        .as_str()
                        .is_none_or(|p| Regex::new(p).unwrap().is_match(text))
            }
            Value::Number(n) => {
                let x = n.as_f64().unwrap();
                schema["minimum"].as_f64().is_none_or(|m| x >= m)
                    && schema["maximum"].as_f64().is_none_or(|m| x <= m)
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                schema["minItems"].as_u64().is_none_or(|m| n >= m)
                    && schema["maxItems"].as_u64().is_none_or(|m| n <= m)
                    && items
                        .iter()
                        .all(|item| schema.get("items").is_none_or(|s| self.valid(s, item)))
            }
            Value::Object(fields) => {
                let required = schema["required"].as_array().into_iter().flatten();
                required
                    .filter_map(Value::as_str)
                    .all(|name| fields.contains_key(name))
                    && fields.iter().all(|(name, field)| {
                        schema["properties"]
                            .get(name)
                            .is_none_or(|s| self.valid(s, field))
                    })
            }
            _ => true,
        }
    }
}

/// `base` with the field at `pointer` set to `value` (or removed, for
/// `None`).
fn with(base: &Value, pointer: &str, value: Option<Value>) -> Value {
    let mut body = base.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = body.pointer_mut(parent).unwrap();
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(list), Some(v)) => list[key.parse::<usize>().unwrap()] = v,
        _ => unreachable!(),
    }
    body
}

/// Text probes around a limit of `max` characters: at it and past it,
/// padded with whitespace that trimming removes, and with each kind of
/// character a rule may treat apart.
fn text_probes(max: usize) -> Vec<Value> {
    let mut probes: Vec<String> = vec![
        String::new(),
        " ".into(),
        "a".into(),
        "ab".into(),
        "a".repeat(max),
        "a".repeat(max + 1),
        format!(" \t{}\n\u{3000}", "a".repeat(max)),
        format!(" {} ", "a".repeat(max - 1)),
        "é".repeat(max),
        "é".repeat(max + 1),
        "a\u{200B}b".into(),
        "a\u{202E}b".into(),
        "a\u{FEFF}b".into(),
        "a\u{2066}b\u{2069}".into(),
        "a\u{7}b".into(),
        "a\u{0}b".into(),
        "a\u{85}b".into(),
        "a\tb".into(),
        "a\nb".into(),
        "a\rb".into(),
        "a\u{A0}b".into(),
        "\u{A0}a\u{85}".into(),
        "\u{FEFF}a".into(),
        "a b".into(),
        "日本 production".into(),
        "😀".into(),
        "ab-".into(),
        "-ab".into(),
        "QA-2".into(),
        "\u{212A}a".into(),
        "a*b".into(),
        "*".into(),
    ];
    probes.dedup();
    probes.into_iter().map(Value::from).collect()
}

/// One operation's request body and the fields to probe in it.
struct Operation {
    method: Method,
    template: &'static str,
    path: String,
    base: Value,
    fields: Vec<(&'static str, Vec<Value>)>,
}

#[tokio::test]
async fn every_rule_the_server_enforces_is_in_the_document() {
    let (base_url, config, _dir) = common::serve_demo().await;
    let doc: Value = reqwest::get(format!("{base_url}/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = Schemas { doc: &doc };
    let admin = common::admin(&config, &base_url).await;

    let acl = json!({"resource": "TOPIC", "topic_name": "orders",
        "resource_pattern_type": "LITERAL", "operation": "READ"});
    let acls = |n: usize| Value::from(vec![acl.clone(); n]);
    let cidrs = |n: usize| -> Value {
        (0..n)
            .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
            .collect::<Vec<_>>()
            .join(",")
            .into()
    };
    let whitelists: Vec<Value> = [
        "",
        " ",
        "10.0.0.0/8",
        " 10.0.0.0/8 , ,2001:db8::/32,",
        "10.0.0.1",
        "10.0.0.0/33",
        "10.0.0.0/+08",
        "010.0.0.0/8",
        "256.0.0.0/8",
        "::/0",
        "::ffff:10.0.0.1/128",
        "1::1.2.3.4/96",
        "1:2:3:4:5:6:7::/128",
        "1:2:3:4:5:6:7:8:9/128",
        "fe80::1%1/64",
        "2001:db8::/129",
        "10.0.0.0/8\u{3000}",
        "10.0.0.0/8;10.0.0.0/8",
    ]
    .into_iter()
    .map(Value::from)
    .chain([
        format!(
            "{}1.2.3.4/32",
            " ".repeat(api_types::MAX_WHITELIST_LENGTH - 10)
        )
        .into(),
        format!(
            "{}1.2.3.4/32",
            " ".repeat(api_types::MAX_WHITELIST_LENGTH - 9)
        )
        .into(),
        cidrs(80),
    ])
    .collect();
    let acl_lists = vec![
        acls(0),
        acls(api_types::MAX_ACLS),
        acls(api_types::MAX_ACLS + 1),
        json!([{"resource": "GROUP", "topic_name": "billing", "resource_pattern_type": "LITERAL", "operation": "WRITE"}]),
        json!([{"resource": "GROUP", "topic_name": "billing", "resource_pattern_type": "PREFIXED", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "*", "resource_pattern_type": "PREFIXED", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "*", "resource_pattern_type": "LITERAL", "operation": "ALL"}]),
        json!([{"resource": "TOPIC", "topic_name": "", "resource_pattern_type": "LITERAL", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "a".repeat(api_types::MAX_ACL_NAME), "resource_pattern_type": "LITERAL", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "a".repeat(api_types::MAX_ACL_NAME + 1), "resource_pattern_type": "LITERAL", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "a b", "resource_pattern_type": "LITERAL", "operation": "READ"}]),
        json!([{"resource": "TOPIC", "topic_name": "orders", "resource_pattern_type": "LITERAL", "operation": "FLY"}]),
    ];
    let passwords = |min: usize, max: usize| -> Vec<Value> {
        vec![
            "x".repeat(min - 1).into(),
            "x".repeat(min).into(),
            "x".repeat(max).into(),
            "x".repeat(max + 1).into(),
            " ".repeat(min).into(),
        ]
    };
    let (pw_min, pw_max) = (
        *api_types::PASSWORD_LENGTH.start(),
        *api_types::PASSWORD_LENGTH.end(),
    );
    let usernames: Vec<Value> = ["ab", "abc", "orders-1", "Orders", "a_b", "abc ", "ördrs"]
        .into_iter()
        .map(Value::from)
        .chain([
            "a".repeat(*api_types::USERNAME_LENGTH.end()).into(),
            "a".repeat(*api_types::USERNAME_LENGTH.end() + 1).into(),
        ])
        .collect();
    let whole = |values: &[i64]| -> Vec<Value> { values.iter().map(|v| json!(v)).collect() };
    let regions: Vec<Value> = ["us-east-1", " westeurope ", "us-central1", "", "mars-1"]
        .into_iter()
        .map(Value::from)
        .collect();
    let words = |words: &[&str]| -> Vec<Value> { words.iter().map(|w| json!(w)).collect() };

    let request = json!({"name": "Contract-Request", "environment": "staging", "cloud": "AWS",
        "region": "us-east-2", "throughput": 10, "throughput_unit": "mb_per_second", "connectors": 2});
    let p = format!("/api/projects/{PROD_US}");
    let operations = vec![
        Operation {
            method: Method::PATCH,
            template: "/api/projects/{id}",
            path: p.clone(),
            base: json!({"name": "Contract-Rename"}),
            fields: vec![("/name", text_probes(api_types::MAX_PROJECT_NAME))],
        },
        Operation {
            method: Method::POST,
            template: "/api/projects/{id}/client-credentials",
            path: format!("{p}/client-credentials"),
            base: json!({"description": "contract", "role_ids": ["read_only"]}),
            fields: vec![
                (
                    "/description",
                    text_probes(api_types::MAX_TOKEN_DESCRIPTION),
                ),
                (
                    "/role_ids",
                    vec![
                        json!([]),
                        json!(["admin", "admin"]),
                        json!(["owner"]),
                        json!([" admin"]),
                    ],
                ),
                (
                    "/expires_at",
                    vec![
                        Value::Null,
                        json!("2099-01-01T00:00:00Z"),
                        json!("2099-01-01T00:00:00.5+02:00"),
                        json!(""),
                        json!("tomorrow"),
                        json!("2099-13-01T00:00:00Z"),
                    ],
                ),
            ],
        },
        Operation {
            method: Method::POST,
            template: "/api/projects/{id}/kafka-users",
            path: format!("{p}/kafka-users"),
            base: json!({"username": "contract", "password": "a-long-password"}),
            fields: vec![
                ("/username", usernames),
                ("/password", passwords(pw_min, pw_max)),
                ("/whitelist_ips", whitelists.clone()),
                ("/acls", acl_lists.clone()),
            ],
        },
        Operation {
            method: Method::PUT,
            template: "/api/projects/{id}/kafka-users/{username}",
            path: format!("{p}/kafka-users/orders-consumer"),
            base: json!({}),
            fields: vec![
                (
                    "/password",
                    [vec![Value::Null], passwords(pw_min, pw_max)].concat(),
                ),
                ("/whitelist_ips", [vec![Value::Null], whitelists].concat()),
                ("/acls", [vec![Value::Null], acl_lists].concat()),
            ],
        },
        Operation {
            method: Method::POST,
            template: "/api/project-requests",
            path: "/api/project-requests".into(),
            base: request.clone(),
            fields: vec![
                ("/name", text_probes(api_types::MAX_PROJECT_NAME)),
                ("/environment", text_probes(api_types::MAX_ENVIRONMENT_NAME)),
                ("/cloud", words(&["AWS", " GCP\t", "aws", "IBM", ""])),
                ("/region", regions),
                (
                    "/throughput",
                    [
                        whole(&[0, 1, 10_000, 10_001, -1]),
                        vec![json!(5.0), json!(2.5)],
                    ]
                    .concat(),
                ),
                (
                    "/throughput_unit",
                    words(&["events_per_second", " mb_per_second", "rows"]),
                ),
                (
                    "/connectors",
                    whole(&[
                        0,
                        api_types::MAX_CONNECTORS as i64,
                        api_types::MAX_CONNECTORS as i64 + 1,
                        -1,
                    ]),
                ),
                (
                    "/requirements",
                    vec![
                        json!([]),
                        json!(["compliance"]),
                        json!(["vpc_peering", " private_link"]),
                        json!(["moon"]),
                    ],
                ),
                ("/notes", text_probes(api_types::MAX_REQUEST_NOTES)),
            ],
        },
        Operation {
            method: Method::POST,
            template: "/api/auth/login",
            path: "/api/auth/login".into(),
            base: json!({"email": "nobody@example.com", "password": "wrong password"}),
            fields: vec![
                (
                    "/email",
                    words(&[
                        "a@b.c",
                        " Ana@Example.COM ",
                        "",
                        "ana",
                        "@example.com",
                        "ana@",
                        "ana@example",
                        "a b@example.com",
                        "ana@.com",
                        "ana@example.com.",
                        "a@b@c.d",
                        "ana@exa\u{7}mple.com",
                    ])
                    .into_iter()
                    .chain([
                        format!("{}@example.com", "a".repeat(api_types::MAX_EMAIL - 12)).into(),
                        format!("{}@example.com", "a".repeat(api_types::MAX_EMAIL - 11)).into(),
                    ])
                    .collect(),
                ),
                ("/password", words(&["", " ", "x"])),
            ],
        },
    ];

    let mut checked = 0;
    for op in &operations {
        let documented = &doc["paths"][op.template][op.method.as_str().to_lowercase()];
        let schema = &documented["requestBody"]["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{} {} has no body schema",
            op.method,
            op.template
        );
        assert!(
            schemas.valid(schema, &op.base),
            "{} {}: the base body",
            op.method,
            op.template
        );
        for (pointer, values) in &op.fields {
            for value in values {
                let body = with(&op.base, pointer, Some(value.clone()));
                let valid = schemas.valid(schema, &body);
                let client = if op.template.starts_with("/api/auth/login") {
                    reqwest::Client::new()
                } else {
                    admin.clone()
                };
                let res = client
                    .request(op.method.clone(), format!("{base_url}{}", op.path))
                    .header("x-console-request", "1")
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let text = res.text().await.unwrap();
                let refused = matches!(status.as_u16(), 400 | 422);
                assert!(
                    documented["responses"][status.as_str()].is_object(),
                    "{} {} answered {status}, which it does not document",
                    op.method,
                    op.template
                );
                assert_eq!(
                    !valid,
                    refused,
                    "{} {} with {pointer} = {value}: the document calls it {}, the server answered {status}: {text}",
                    op.method,
                    op.template,
                    if valid { "valid" } else { "invalid" }
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked} cases");
}
