//! Connectors' configuration moved between projects: the export file
//! written from a project's connectors, and an import read back from such
//! a file, checked entry by entry and planned against the names the target
//! project already has. The database applies a plan in one transaction
//! (`db::connectors::import`).

use crate::db::connectors::NewConnector;
use crate::db::projects::name_key;
use api_types::connectors::{
    free_name, spec_of, validate_config, validate_connector_name, validate_tags, ConfigValue,
    Connector, ConnectorExport, ConnectorKind, ConnectorSpec, DesiredState, ExportOrigin,
    ExportedConnector, ImportAction, ImportChoice, ImportItem, ImportPlan, ImportProblem,
    EXPORT_FORMAT, EXPORT_VERSION, MAX_IMPORT_BYTES, MAX_IMPORT_CONNECTORS,
};
use api_types::{FieldError, ProjectId};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The file of `connectors` taken from `project` at `at`: sources first,
/// each kind by name; secrets left out and listed by key.
pub fn export(
    project: ExportOrigin,
    mut connectors: Vec<Connector>,
    at: DateTime<Utc>,
) -> ConnectorExport {
    connectors.sort_by(|a, b| {
        (a.kind, name_key(&a.name), &a.id).cmp(&(b.kind, name_key(&b.name), &b.id))
    });
    ConnectorExport {
        format: EXPORT_FORMAT.to_string(),
        version: EXPORT_VERSION,
        exported_at: at,
        project,
        connectors: connectors
            .into_iter()
            .map(|c| ExportedConnector {
                kind: c.kind,
                connector: c.connector,
                name: c.name,
                tags: c.tags,
                config: c.config,
                secrets: c.secrets_set,
            })
            .collect(),
    }
}

/// One connector of a file, as far as it could be read.
#[derive(Debug)]
pub struct Entry {
    index: u32,
    kind: Option<ConnectorKind>,
    connector: String,
    name: String,
    tags: Vec<String>,
    config: BTreeMap<String, ConfigValue>,
    /// Whether everything but the name was read without a problem.
    readable: bool,
}

/// A file read: where it came from, its entries and what is wrong in them.
#[derive(Debug)]
pub struct Parsed {
    from: ExportOrigin,
    exported_at: DateTime<Utc>,
    entries: Vec<Entry>,
    problems: Vec<ImportProblem>,
}

fn file_error(message: impl Into<String>) -> FieldError {
    FieldError::new("file", message)
}

/// Reads an export file. A file that is not one (not JSON, another
/// format or version, too large, too many connectors) is an error on
/// `file`; what is wrong inside an entry is a problem with its place.
pub fn parse(text: &str) -> Result<Parsed, FieldError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(file_error(format!(
            "The file is {} KB; an import reads at most {} KB. Export fewer connectors at a time.",
            text.len().div_ceil(1024),
            MAX_IMPORT_BYTES / 1024
        )));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        file_error(format!(
            "The file is not valid JSON (line {}, column {}). Choose the file an export wrote, unchanged.",
            e.line(),
            e.column()
        ))
    })?;
    let Some(object) = value.as_object() else {
        return Err(foreign());
    };
    if object.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(foreign());
    }
    match object.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(EXPORT_VERSION) => {}
        Some(v) if v > u64::from(EXPORT_VERSION) => {
            return Err(file_error(format!(
                "The file is version {v}, written by a newer console; this one reads version {EXPORT_VERSION}."
            )))
        }
        _ => {
            return Err(file_error(format!(
                "The file does not say a version this console reads (\"version\": {EXPORT_VERSION})."
            )))
        }
    }
    let from: ExportOrigin = object
        .get("project")
        .cloned()
        .and_then(|p| serde_json::from_value(p).ok())
        // The name is written in the activity log of each connector
        // imported: no longer than a project's name can be.
        .filter(|p: &ExportOrigin| {
            p.id.chars().count() <= 64
                && p.name.chars().count() <= api_types::MAX_PROJECT_NAME
                && !p.name.chars().any(char::is_control)
        })
        .ok_or_else(|| {
            file_error("The file does not say which project it came from (\"project\": {\"id\", \"name\"}, a name of at most 64 characters).")
        })?;
    let exported_at = object
        .get("exported_at")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            file_error("The file does not say when it was written (\"exported_at\").")
        })?;
    let Some(list) = object.get("connectors").and_then(Value::as_array) else {
        return Err(file_error(
            "The file has no list of connectors (\"connectors\": [...]).",
        ));
    };
    if list.is_empty() {
        return Err(file_error(
            "The file holds no connectors: there is nothing to import.",
        ));
    }
    if list.len() > MAX_IMPORT_CONNECTORS {
        return Err(file_error(format!(
            "The file holds {} connectors; an import takes at most {MAX_IMPORT_CONNECTORS}. Export fewer at a time.",
            list.len()
        )));
    }
    let mut problems = Vec::new();
    let entries = list
        .iter()
        .enumerate()
        .map(|(i, v)| entry(i as u32, v, &mut problems))
        .collect();
    Ok(Parsed {
        from,
        exported_at,
        entries,
        problems,
    })
}

fn foreign() -> FieldError {
    file_error(format!(
        "This is not a connectors export of this console: it lacks \"format\": \"{EXPORT_FORMAT}\". Export the connectors from their project's sources or destinations page."
    ))
}

/// Reads one entry, noting each problem with its place.
fn entry(index: u32, value: &Value, problems: &mut Vec<ImportProblem>) -> Entry {
    let at = |field: &str| {
        if field.is_empty() {
            format!("connectors[{index}]")
        } else {
            format!("connectors[{index}].{field}")
        }
    };
    let mut problem = |place: String, message: String| {
        problems.push(ImportProblem {
            index: Some(index),
            place,
            message,
        })
    };
    let mut entry = Entry {
        index,
        kind: None,
        connector: String::new(),
        name: String::new(),
        tags: Vec::new(),
        config: BTreeMap::new(),
        readable: false,
    };
    let Some(object) = value.as_object() else {
        problem(
            at(""),
            "A connector is an object with kind, connector, name and config.".into(),
        );
        return entry;
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
    entry.name = text("name").unwrap_or_default();
    entry.connector = text("connector").unwrap_or_default();
    let mut readable = true;
    entry.kind = text("kind").as_deref().and_then(ConnectorKind::parse);
    let Some(kind) = entry.kind else {
        problem(
            at("kind"),
            "The kind is \"source\" or \"destination\".".into(),
        );
        return entry;
    };
    let Some(spec) = spec_of(kind, &entry.connector) else {
        problem(
            at("connector"),
            format!(
                "\"{}\" is not a {} connector this server knows.",
                entry.connector,
                kind.as_str()
            ),
        );
        return entry;
    };
    match object.get("tags") {
        None | Some(Value::Null) => {}
        Some(tags) => match serde_json::from_value::<Vec<String>>(tags.clone()) {
            Ok(tags) => match validate_tags(&tags) {
                Ok(tags) => entry.tags = tags,
                Err(e) => {
                    problem(at("tags"), e.message);
                    readable = false;
                }
            },
            Err(_) => {
                problem(at("tags"), "Tags are a list of text.".into());
                readable = false;
            }
        },
    }
    let config = object
        .get("config")
        .cloned()
        .map(serde_json::from_value::<BTreeMap<String, ConfigValue>>);
    match config {
        Some(Ok(config)) => {
            if let Some(secret) = config
                .keys()
                .find(|k| spec.property(k).is_some_and(|p| p.secret))
            {
                problem(
                    at(&format!("config.{secret}")),
                    format!(
                        "{} is a secret: an import never reads secrets from a file. Remove it and type it in when importing.",
                        spec.property(secret).map_or("It", |p| p.display_name.as_ref())
                    ),
                );
                readable = false;
            } else {
                // Secrets are not in the file: check the rest as if they
                // were set.
                let every_secret: BTreeSet<String> = spec
                    .properties
                    .iter()
                    .filter(|p| p.secret)
                    .map(|p| p.key.to_string())
                    .collect();
                match validate_config(spec, &config, &every_secret) {
                    Ok(checked) => entry.config = checked.plain,
                    Err(e) => {
                        problem(at(&format!("config.{}", e.key)), e.message);
                        readable = false;
                    }
                }
            }
        }
        _ => {
            problem(
                at("config"),
                "The configuration is an object of settings: text, whole numbers or true/false."
                    .into(),
            );
            readable = false;
        }
    }
    if let Some(listed) = object.get("secrets") {
        let keys = serde_json::from_value::<Vec<String>>(listed.clone()).unwrap_or_default();
        if let Some(message) = not_a_secret(spec, keys.iter()) {
            problem(at("secrets"), message);
            readable = false;
        }
    }
    entry.readable = readable;
    entry
}

/// What is wrong with the first of `keys` that names no secret setting of
/// `spec`.
fn not_a_secret<'a>(
    spec: &ConnectorSpec,
    mut keys: impl Iterator<Item = &'a String>,
) -> Option<String> {
    keys.find(|k| !spec.property(k).is_some_and(|p| p.secret))
        .map(|odd| {
            format!(
                "{} has no secret setting named \"{odd}\".",
                spec.display_name
            )
        })
}

/// What an import will do: the plan to show, and the connectors to create
/// when it is ready.
pub struct Planned {
    /// What is shown and answered.
    pub plan: ImportPlan,
    /// The connectors to create, with the plan item each one fills.
    pub creates: Vec<(usize, NewConnector)>,
}

/// The plan of `parsed` with `choices` into `project`, whose connectors'
/// name keys (by kind) are `taken`. Every imported connector arrives
/// Paused; one whose required secrets are not all typed waits for them.
pub fn plan(
    parsed: &Parsed,
    choices: &[ImportChoice],
    project: &ProjectId,
    taken: &BTreeSet<(ConnectorKind, String)>,
    mut new_id: impl FnMut() -> Result<String, crate::db::DbError>,
) -> Result<Planned, crate::db::DbError> {
    let by_index: BTreeMap<u32, &ImportChoice> = choices.iter().map(|c| (c.index, c)).collect();
    let mut problems = parsed.problems.clone();
    let mut used: BTreeSet<(ConnectorKind, String)> = BTreeSet::new();
    let mut items = Vec::new();
    let mut creates = Vec::new();
    for e in &parsed.entries {
        let choice = by_index.get(&e.index).copied();
        let spec = e.kind.and_then(|k| spec_of(k, &e.connector));
        let mut secrets: Vec<String> = Vec::new();
        if let Some(spec) = spec {
            let mut keys: Vec<_> = spec.properties.iter().filter(|p| p.secret).collect();
            keys.sort_by_key(|p| !p.required);
            secrets = keys.iter().map(|p| p.key.to_string()).collect();
        }
        let new_name = choice
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| e.name.clone());
        let mut item = ImportItem {
            index: e.index,
            kind: e.kind,
            connector: e.connector.clone(),
            name: e.name.clone(),
            new_name: new_name.trim().to_string(),
            action: ImportAction::Create,
            suggested_name: None,
            secrets_missing: Vec::new(),
            secrets,
            id: None,
        };
        let (Some(kind), Some(spec), true) = (e.kind, spec, e.readable) else {
            item.action = ImportAction::Invalid;
            items.push(item);
            continue;
        };
        if choice.is_some_and(|c| c.skip) {
            item.action = ImportAction::Skip;
            items.push(item);
            continue;
        }
        let place = |field: &str| format!("connectors[{}].{field}", e.index);
        let name = match validate_connector_name(&new_name) {
            Ok(name) => name,
            Err(err) => {
                problems.push(ImportProblem {
                    index: Some(e.index),
                    place: place("name"),
                    message: err.message,
                });
                item.action = ImportAction::Invalid;
                items.push(item);
                continue;
            }
        };
        // The secrets typed now, checked as a form's would be.
        let typed: BTreeMap<String, String> = choice
            .map(|c| c.secrets.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        if let Some(message) = not_a_secret(spec, typed.keys()) {
            problems.push(ImportProblem {
                index: Some(e.index),
                place: place("secrets"),
                message,
            });
            item.action = ImportAction::Invalid;
            items.push(item);
            continue;
        }
        let mut config = e.config.clone();
        config.extend(
            typed
                .iter()
                .map(|(k, v)| (k.clone(), ConfigValue::Text(v.clone()))),
        );
        let every_secret: BTreeSet<String> = item.secrets.iter().cloned().collect();
        let checked = match validate_config(spec, &config, &every_secret) {
            Ok(checked) => checked,
            Err(err) => {
                problems.push(ImportProblem {
                    index: Some(e.index),
                    place: place(&format!("secrets.{}", err.key)),
                    message: err.message,
                });
                item.action = ImportAction::Invalid;
                items.push(item);
                continue;
            }
        };
        item.secrets_missing = checked.missing_secrets(spec, &BTreeSet::new());
        item.new_name = name.clone();
        let key = (kind, name_key(&name));
        if taken.contains(&key) || used.contains(&key) {
            item.action = ImportAction::Conflict;
            item.suggested_name = Some(free_name(&name, |candidate| {
                let k = (kind, name_key(candidate));
                taken.contains(&k) || used.contains(&k)
            }));
            items.push(item);
            continue;
        }
        used.insert(key);
        creates.push((
            items.len(),
            NewConnector {
                id: new_id()?,
                project: project.clone(),
                kind,
                code: spec.code.to_string(),
                name,
                tags: e.tags.clone(),
                plain: checked.plain,
                secrets: checked.secrets,
                desired_state: DesiredState::Paused,
            },
        ));
        items.push(item);
    }
    Ok(Planned {
        plan: ImportPlan {
            from: parsed.from.clone(),
            exported_at: parsed.exported_at,
            items,
            problems,
            applied: false,
        },
        creates,
    })
}

/// The first choice that names no connector of the file, as an error.
pub fn check_choices(parsed: &Parsed, choices: &[ImportChoice]) -> Result<(), FieldError> {
    let count = parsed.entries.len() as u32;
    let mut seen = BTreeSet::new();
    for c in choices {
        if c.index >= count {
            return Err(FieldError::new(
                "choices",
                format!(
                    "A choice names connector {} of the file, which holds {count} (counted from 0).",
                    c.index
                ),
            ));
        }
        if !seen.insert(c.index) {
            return Err(FieldError::new(
                "choices",
                format!(
                    "Connector {} of the file has more than one choice.",
                    c.index
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROJECT: &str = "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";

    fn file(connectors: Value) -> String {
        json!({
            "format": EXPORT_FORMAT,
            "version": 1,
            "exported_at": "2026-12-06T10:00:00Z",
            "project": {"id": "8def9e12-afc2-41f3-8a9b-d2148fa0f1c9", "name": "Staging"},
            "connectors": connectors,
        })
        .to_string()
    }

    fn orders(name: &str) -> Value {
        json!({
            "kind": "source",
            "connector": "postgresql",
            "name": name,
            "tags": ["team:orders"],
            "config": {
                "database.hostname.user.defined": "db.example.com",
                "database.user": "capture",
                "database.dbname": "orders",
                "schema.include.list": "public",
                "table.include.list.user.defined": "public.orders"
            },
            "secrets": ["database.password"],
        })
    }

    fn ids() -> impl FnMut() -> Result<String, crate::db::DbError> {
        let mut n = 0;
        move || {
            n += 1;
            Ok(format!("id-{n}"))
        }
    }

    fn project() -> ProjectId {
        ProjectId::parse(PROJECT).unwrap()
    }

    #[test]
    fn a_file_that_is_not_an_export_is_refused_as_a_whole() {
        let cases = [
            ("{not json".to_string(), "not valid JSON (line 1"),
            ("[]".to_string(), "not a connectors export"),
            (
                json!({"format": "kafka-ui"}).to_string(),
                "not a connectors export",
            ),
            (
                file(json!([])).replace("\"version\":1", "\"version\":7"),
                "version 7",
            ),
            (file(json!([])), "no connectors"),
            (
                file(json!([orders("a")]))
                    .replace("\"Staging\"", &format!("\"{}\"", "S".repeat(65))),
                "which project it came from",
            ),
            (
                file(Value::Array(vec![orders("a"); MAX_IMPORT_CONNECTORS + 1])),
                "at most 500",
            ),
            ("x".repeat(MAX_IMPORT_BYTES + 1), "at most 1024 KB"),
        ];
        for (text, says) in cases {
            let err = parse(&text).unwrap_err();
            assert_eq!(err.field, "file");
            assert!(err.message.contains(says), "{says}: {}", err.message);
        }
    }

    #[test]
    fn each_problem_of_an_entry_has_its_place() {
        let mut unknown_key = orders("b");
        unknown_key["config"]["database.colour"] = json!("blue");
        let mut secret_in_file = orders("c");
        secret_in_file["config"]["database.password"] = json!("leaked");
        let mut bad_port = orders("d");
        bad_port["config"]["database.port.user.defined"] = json!("many");
        let parsed = parse(&file(json!([
            orders("a"),
            {"kind": "source", "connector": "oracle", "name": "x", "config": {}},
            unknown_key,
            secret_in_file,
            bad_port,
            {"kind": "sink"},
            "text",
        ])))
        .unwrap();
        let places: Vec<&str> = parsed.problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "connectors[1].connector",
                "connectors[2].config.database.colour",
                "connectors[3].config.database.password",
                "connectors[4].config.database.port.user.defined",
                "connectors[5].kind",
                "connectors[6]",
            ]
        );
        assert!(!format!("{:?}", parsed.problems).contains("leaked"));
        let planned = plan(&parsed, &[], &project(), &BTreeSet::new(), ids()).unwrap();
        let actions: Vec<ImportAction> = planned.plan.items.iter().map(|i| i.action).collect();
        assert_eq!(actions[0], ImportAction::Create);
        assert!(actions[1..].iter().all(|a| *a == ImportAction::Invalid));
        assert!(!planned.plan.is_ready());
    }

    #[test]
    fn conflicts_are_renamed_or_skipped_and_secrets_typed_or_left_for_later() {
        let parsed = parse(&file(json!([
            orders("orders-cdc"),
            orders("ORDERS-cdc"),
            orders("fresh")
        ])))
        .unwrap();
        let taken: BTreeSet<_> = [(ConnectorKind::Source, name_key("Orders-CDC"))].into();
        let first = plan(&parsed, &[], &project(), &taken, ids()).unwrap().plan;
        let actions: Vec<_> = first.items.iter().map(|i| i.action).collect();
        assert_eq!(
            actions,
            [
                ImportAction::Conflict,
                ImportAction::Conflict,
                ImportAction::Create
            ]
        );
        assert_eq!(
            first.items[0].suggested_name.as_deref(),
            Some("orders-cdc-2")
        );
        assert_eq!(first.items[2].secrets_missing, ["database.password"]);
        assert!(!first.is_ready());
        let choices = [
            ImportChoice {
                index: 0,
                name: Some("orders-cdc-2".into()),
                secrets: [("database.password".into(), "typed".into())].into(),
                ..Default::default()
            },
            ImportChoice {
                index: 1,
                skip: true,
                ..Default::default()
            },
        ];
        let planned = plan(&parsed, &choices, &project(), &taken, ids()).unwrap();
        assert!(planned.plan.is_ready(), "{:?}", planned.plan);
        assert_eq!(planned.plan.creates(), 2);
        assert!(planned.plan.items[0].secrets_missing.is_empty());
        let (at, first) = &planned.creates[0];
        assert_eq!(*at, 0);
        assert_eq!(first.name, "orders-cdc-2");
        assert_eq!(first.desired_state, DesiredState::Paused);
        assert_eq!(first.secrets["database.password"], "typed");
        // A rename onto another name of the file is a conflict too.
        let clash = [ImportChoice {
            index: 0,
            name: Some("fresh".into()),
            ..Default::default()
        }];
        let planned = plan(&parsed, &clash, &project(), &taken, ids()).unwrap();
        assert_eq!(planned.plan.items[2].action, ImportAction::Conflict);
    }

    #[test]
    fn choices_must_name_connectors_of_the_file() {
        let parsed = parse(&file(json!([orders("a")]))).unwrap();
        let far = ImportChoice {
            index: 3,
            ..Default::default()
        };
        assert_eq!(check_choices(&parsed, &[far]).unwrap_err().field, "choices");
        let twice = ImportChoice::default();
        assert!(check_choices(&parsed, &[twice.clone(), twice]).is_err());
    }
}
