//! Moving connectors' configuration between projects: the file an export
//! writes, and the import of such a file into another project, planned
//! first (a dry run) and then applied all or nothing.

use super::{ConfigValue, ConnectorKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an export file says it is, so that a foreign file is recognised.
pub const EXPORT_FORMAT: &str = "tributary.connectors";

/// The version of the file written today; an import reads this one.
pub const EXPORT_VERSION: u32 = 1;

/// The largest file an import reads.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// The most connectors one file may hold.
pub const MAX_IMPORT_CONNECTORS: usize = 500;

/// The project an export was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportOrigin {
    /// Its id.
    pub id: String,
    /// Its name when the file was written.
    pub name: String,
}

/// One connector in an export: what can be recreated elsewhere, and the
/// keys of the secrets that were left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedConnector {
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Its connector's code (`postgresql`).
    pub connector: String,
    /// Its name.
    pub name: String,
    /// Its labels.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Every setting that is not secret.
    pub config: BTreeMap<String, ConfigValue>,
    /// The keys of its secret settings that were set, left out of the file:
    /// they are typed again on import.
    #[serde(default)]
    pub secrets: Vec<String>,
}

/// `GET /api/projects/{id}/connectors/export`: the file itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorExport {
    /// Always `tributary.connectors`.
    pub format: String,
    /// The file's version (1).
    pub version: u32,
    /// When it was written.
    #[serde(with = "crate::time::rfc3339")]
    pub exported_at: DateTime<Utc>,
    /// The project it came from.
    pub project: ExportOrigin,
    /// The connectors, sources first, each kind by name.
    pub connectors: Vec<ExportedConnector>,
}

impl ConnectorExport {
    /// The file's name when it is saved: the project's name and the day.
    pub fn file_name(&self) -> String {
        export_file_name(
            &self.project.name,
            &self.exported_at.format("%Y-%m-%d").to_string(),
        )
    }
}

/// An export file's name: `<project>-connectors-<day>.json`, the project's
/// name in lower-case ASCII words joined by dashes.
pub fn export_file_name(project: &str, day: &str) -> String {
    let words: Vec<String> = project
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let project = if words.is_empty() {
        "project".to_string()
    } else {
        words.join("-")
    };
    format!("{project}-connectors-{day}.json")
}

/// What to do with one connector of the file, by its place in it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportChoice {
    /// Its place in the file's `connectors`, from 0.
    #[serde(deserialize_with = "crate::wire::whole_number")]
    pub index: u32,
    /// Leave it out.
    #[serde(default)]
    pub skip: bool,
    /// Create it under this name instead of the file's (to settle a
    /// conflict).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    /// Secrets typed now, by key; those left out are typed later, and the
    /// connector waits for them.
    #[serde(default)]
    pub secrets: BTreeMap<String, String>,
}

/// Never prints a secret.
impl std::fmt::Debug for ImportChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportChoice")
            .field("index", &self.index)
            .field("skip", &self.skip)
            .field("name", &self.name)
            .field("secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Never prints a secret.
impl std::fmt::Debug for ImportRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportRequest")
            .field("file_bytes", &self.file.len())
            .field("dry_run", &self.dry_run)
            .field("choices", &self.choices.len())
            .finish()
    }
}

/// `POST /api/projects/{id}/connectors/import`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRequest {
    /// The exported file's text, at most 1 MB.
    #[cfg_attr(feature = "openapi", schema(max_length = 1048576))]
    pub file: String,
    /// Only plan: say what would be done and change nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// What to do with connectors of the file; one left out is created
    /// under its own name, without secrets.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub choices: Vec<ImportChoice>,
}

/// What an import does with one connector of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// Created, Paused.
    Create,
    /// Left out, as chosen.
    Skip,
    /// Its name is taken in this project (or by another connector of the
    /// file): rename or skip it.
    Conflict,
    /// The file's entry is wrong (see `problems`).
    Invalid,
}

/// One connector of the file in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportItem {
    /// Its place in the file's `connectors`, from 0.
    pub index: u32,
    /// Source or destination (absent when the file's entry does not say a
    /// known one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConnectorKind>,
    /// Its connector's code, as the file says.
    pub connector: String,
    /// Its name in the file.
    pub name: String,
    /// The name it is (or would be) created under.
    pub new_name: String,
    /// What is done with it.
    pub action: ImportAction,
    /// For a conflict: a free name to rename it to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_name: Option<String>,
    /// The keys of the secret settings its connector takes, required first.
    pub secrets: Vec<String>,
    /// The required secrets not typed: until they are, it cannot start.
    pub secrets_missing: Vec<String>,
    /// Once applied: the new connector's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Something wrong in the file, with its place (`connectors[2].config.x`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The connector's place in the file, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// Where in the file, as a path (`connectors[2].config.database.port`).
    pub place: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// The answer to an import: the plan, and whether it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPlan {
    /// The project the file came from.
    pub from: ExportOrigin,
    /// When the file was written.
    #[serde(with = "crate::time::rfc3339")]
    pub exported_at: DateTime<Utc>,
    /// One per connector of the file, in its order.
    pub items: Vec<ImportItem>,
    /// What is wrong in the file: while any is left, nothing is imported.
    pub problems: Vec<ImportProblem>,
    /// Whether the connectors were created (false for a dry run).
    pub applied: bool,
}

impl ImportPlan {
    /// Whether applying it would create everything it lists: no problem
    /// and no conflict left.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
            && self
                .items
                .iter()
                .all(|i| matches!(i.action, ImportAction::Create | ImportAction::Skip))
    }

    /// How many connectors it creates.
    pub fn creates(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.action == ImportAction::Create)
            .count()
    }
}

/// A free name for `name` among `taken` (compared by `key`): `name-2`,
/// `name-3`, ... kept within 100 characters.
pub fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    for n in 2u32.. {
        let suffix = format!("-{n}");
        let stem: String = name
            .chars()
            .take(super::MAX_CONNECTOR_NAME.saturating_sub(suffix.len()))
            .collect();
        let candidate = format!("{}{suffix}", stem.trim_end());
        if !taken(&candidate) {
            return candidate;
        }
    }
    unreachable!("the names run out only after u32::MAX tries")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_name_counts_up_and_stays_within_the_limit() {
        let taken = ["orders-cdc", "orders-cdc-2"];
        assert_eq!(
            free_name("orders-cdc", |n| taken.contains(&n)),
            "orders-cdc-3"
        );
        let long = "x".repeat(100);
        let free = free_name(&long, |_| false);
        assert_eq!(free.chars().count(), 100);
        assert!(free.ends_with("-2"));
    }

    #[test]
    fn the_file_name_says_the_project_and_the_day() {
        let export = ConnectorExport {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            exported_at: DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            project: ExportOrigin {
                id: "x".into(),
                name: "Staging (US)".into(),
            },
            connectors: vec![],
        };
        assert_eq!(export.file_name(), "staging-us-connectors-2026-12-06.json");
    }

    #[test]
    fn a_request_never_prints_its_secrets() {
        let request = ImportRequest {
            file: "{}".into(),
            dry_run: true,
            choices: vec![ImportChoice {
                index: 0,
                secrets: [("database.password".to_string(), "hunter2".to_string())].into(),
                ..Default::default()
            }],
        };
        assert!(!format!("{request:?}").contains("hunter2"));
    }
}
