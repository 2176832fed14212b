//! Connectors: a project's sources (databases whose changes are captured)
//! and destinations (where the changes are written), the catalog of
//! connectors with the schema of each one's configuration, and the rules a
//! configuration is checked by on both sides of the wire.

mod catalog;
mod config;
mod query;
mod transfer;

pub use catalog::{catalog, spec_of};
pub use config::{
    config_field, validate_config, validate_connector_name, validate_tags, CheckedConfig,
    ConfigError, ConfigValue, MASK, MAX_CONNECTOR_NAME, MAX_TAGS, MAX_TAG_LENGTH, MAX_TEXT_VALUE,
};
pub use query::{ConnectorListQuery, ConnectorSort};
pub use transfer::{
    export_file_name, free_name, ConnectorExport, ExportOrigin, ExportedConnector, ImportAction,
    ImportChoice, ImportItem, ImportPlan, ImportProblem, ImportRequest, EXPORT_FORMAT,
    EXPORT_VERSION, MAX_IMPORT_BYTES, MAX_IMPORT_CONNECTORS,
};

use crate::ProjectId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Text that is static in the server's catalog and owned once read from
/// the wire by the console.
pub type Text = Cow<'static, str>;

/// What a connector is to a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    /// A database whose changes are captured.
    Source,
    /// Where captured changes are written.
    Destination,
}

impl ConnectorKind {
    /// As on the wire and in paths' words: `source`, `destination`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Destination => "destination",
        }
    }

    /// The wire name back.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "source" => Some(Self::Source),
            "destination" => Some(Self::Destination),
            _ => None,
        }
    }

    /// The collection's path segment: `sources`, `destinations`.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Source => "sources",
            Self::Destination => "destinations",
        }
    }
}

/// How a setting is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Control {
    /// Free text.
    Text,
    /// A whole number, within `min` and `max` when given.
    Number,
    /// Secret text: written, never read back.
    Password,
    /// On or off.
    Toggle,
    /// One of `choices`.
    OneOf,
}

/// One setting of a connector's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PropertySpec {
    /// The key in `config`, in the platform's dot notation
    /// (`database.hostname.user.defined`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub key: Text,
    /// The label a form shows.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub display_name: Text,
    /// What it is for, in a sentence.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Text,
    /// How it is entered.
    pub control: Control,
    /// Whether a value must be given (or, for a secret, be set).
    pub required: bool,
    /// The value used when none is given, as text (`"5432"`, `"true"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub default: Option<Text>,
    /// For `one_of`: the values accepted.
    #[serde(default, skip_serializing_if = "<[Text]>::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub choices: Cow<'static, [Text]>,
    /// For `number`: the smallest and largest accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// See `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Write-only: answers say only whether it is set; it is encrypted at
    /// rest and left out of exports.
    pub secret: bool,
    /// The form's tab it belongs on (`Connection`, `Snapshot`, `Advanced`…).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tab: Text,
}

/// A connector of the catalog, with its configuration's schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorSpec {
    /// Its code (`postgresql`, `snowflake`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: Text,
    /// Its name as people know it.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub display_name: Text,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// What it connects to, in a sentence.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Text,
    /// Its settings, in the order a form shows them.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<PropertySpec>))]
    pub properties: Cow<'static, [PropertySpec]>,
}

impl ConnectorSpec {
    /// The setting with this key.
    pub fn property(&self, key: &str) -> Option<&PropertySpec> {
        self.properties.iter().find(|p| p.key == key)
    }

    /// The keys of its required secret settings for which `is_set` says
    /// no: what it waits for before it can start.
    pub fn missing_secrets(&self, is_set: impl Fn(&str) -> bool) -> Vec<String> {
        self.properties
            .iter()
            .filter(|p| p.secret && p.required && !is_set(&p.key))
            .map(|p| p.key.to_string())
            .collect()
    }

    /// The tabs of its form, in order of first appearance.
    pub fn tabs(&self) -> Vec<&str> {
        let mut tabs: Vec<&str> = Vec::new();
        for p in self.properties.iter() {
            if !tabs.contains(&p.tab.as_ref()) {
                tabs.push(&p.tab);
            }
        }
        tabs
    }
}

/// What the user wants a connector to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DesiredState {
    /// Capturing or writing.
    Active,
    /// Held: resumes where it left off.
    Paused,
    /// Stopped: resuming starts it again.
    Stopped,
}

impl DesiredState {
    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Paused => "Paused",
            Self::Stopped => "Stopped",
        }
    }

    /// The wire name back.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Active" => Some(Self::Active),
            "Paused" => Some(Self::Paused),
            "Stopped" => Some(Self::Stopped),
            _ => None,
        }
    }
}

/// What a connector is doing now; it follows the desired state on its own
/// (a connector started or resumed is `Starting` for a few seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConnectorStatus {
    /// Running.
    Active,
    /// Starting up.
    Starting,
    /// Held by its user.
    Paused,
    /// Stopped by its user.
    Stopped,
    /// Cannot run until something is fixed (a secret it needs is not set).
    Broken,
}

impl ConnectorStatus {
    /// Every status, in the order filters offer them.
    pub const ALL: [Self; 5] = [
        Self::Active,
        Self::Starting,
        Self::Paused,
        Self::Stopped,
        Self::Broken,
    ];

    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Starting => "Starting",
            Self::Paused => "Paused",
            Self::Stopped => "Stopped",
            Self::Broken => "Broken",
        }
    }

    /// The wire name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// How long a started or resumed connector is `Starting`.
pub const STARTING_SECONDS: i64 = 5;

/// A connector of a project: its configuration without its secrets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connector {
    /// Its id.
    pub id: String,
    /// The project it belongs to.
    pub project_id: ProjectId,
    /// Source or destination.
    pub kind: ConnectorKind,
    /// Its connector's code (`postgresql`).
    pub connector: String,
    /// Its name, unique among the project's connectors of its kind.
    pub name: String,
    /// Labels to find it by.
    pub tags: Vec<String>,
    /// Every setting that is not secret, with the defaults filled in.
    pub config: BTreeMap<String, ConfigValue>,
    /// The keys of the secret settings that are set (never their values).
    pub secrets_set: Vec<String>,
    /// The keys of the required secret settings that are not set: it
    /// cannot start until they are (an imported connector arrives Paused
    /// with them missing).
    pub secrets_missing: Vec<String>,
    /// What its user wants it to do.
    pub desired_state: DesiredState,
    /// What it is doing.
    pub connector_status: ConnectorStatus,
    /// What the data plane reports as wrong with it (a destination
    /// rejecting its credentials): it is Broken until one of its secrets
    /// is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// For a source, the tables it captures, each into a topic of its own.
    pub topics: u32,
    /// When it was created.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[serde(with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/projects/{id}/sources` (or `destinations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateConnector {
    /// 1 to 100 characters, unique among the project's connectors of the kind.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// A connector code of the catalog, of the kind of the path.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,40}$"))]
    pub connector: String,
    /// Its settings, by key (see `GET /api/connectors`).
    pub config: BTreeMap<String, ConfigValue>,
    /// Labels, at most 20 of at most 40 characters: letters, digits and
    /// `- _ . : /`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub tags: Vec<String>,
    /// `Active` (default) starts it; `Paused` or `Stopped` creates it held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_state: Option<DesiredState>,
}

/// `PATCH /api/projects/{id}/sources/{connector_id}`: what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateConnector {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    /// New labels, replacing the old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Settings to change. A secret left out, empty or sent back as the
    /// mask keeps its value; every other setting left out goes back to its
    /// default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, ConfigValue>>,
}

/// What a bulk request does to each connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    /// Hold them.
    Pause,
    /// Start them again.
    Resume,
    /// Stop them.
    Stop,
    /// Delete them.
    Delete,
}

impl BulkAction {
    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::Stop => "stop",
            Self::Delete => "delete",
        }
    }

    /// The desired state it sets, `None` for delete.
    pub fn desired_state(self) -> Option<DesiredState> {
        match self {
            Self::Pause => Some(DesiredState::Paused),
            Self::Resume => Some(DesiredState::Active),
            Self::Stop => Some(DesiredState::Stopped),
            Self::Delete => None,
        }
    }
}

/// Most connectors one bulk request acts on.
pub const MAX_BULK: usize = 100;

/// `POST /api/projects/{id}/sources/bulk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRequest {
    /// What to do.
    pub action: BulkAction,
    /// The connectors' ids, 1 to 100.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub ids: Vec<String>,
}

/// What came of one connector of a bulk request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkItemResult {
    /// The connector's id.
    pub id: String,
    /// Whether it was done.
    pub success: bool,
    /// What was done, or why not.
    pub message: String,
}

/// The counts of a bulk request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkSummary {
    /// Connectors asked for.
    pub total: u32,
    /// Done.
    pub succeeded: u32,
    /// Not done.
    pub failed: u32,
}

/// The answer to a bulk request: per connector, and the counts. Some may
/// succeed while others fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResponse {
    /// One per id, in the order asked.
    pub results: Vec<BulkItemResult>,
    /// The counts.
    pub summary: BulkSummary,
}

impl BulkResponse {
    /// The answer made of `results`, counted.
    pub fn of(results: Vec<BulkItemResult>) -> Self {
        let succeeded = results.iter().filter(|r| r.success).count() as u32;
        let total = results.len() as u32;
        Self {
            summary: BulkSummary {
                total,
                succeeded,
                failed: total - succeeded,
            },
            results,
        }
    }
}
