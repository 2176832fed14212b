//! Pipelines (a source's topics streamed to a destination), the topics of a
//! project, and the metrics of the data plane that moves records through
//! them. The reference server simulates that data plane: every metrics
//! answer says so.

use crate::connectors::{ConnectorStatus, DesiredState};
use crate::{FieldError, ProjectId, SortDir};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest pipeline name, in characters.
pub const MAX_PIPELINE_NAME: usize = 100;
/// Most topics one pipeline streams.
pub const MAX_PIPELINE_TOPICS: usize = 200;
/// Longest search, in characters.
const MAX_SEARCH: usize = 100;

/// A source or destination as a pipeline or topic names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its connector's code (`postgresql`).
    pub connector: String,
    /// What it is doing now.
    pub status: ConnectorStatus,
}

/// Why a pipeline is Broken, and what fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineProblem {
    /// What went wrong, as the data plane reports it.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Whether the fix is on the source (`source`) or the destination
    /// (`destination`).
    pub on: crate::connectors::ConnectorKind,
    /// Since when.
    #[serde(with = "crate::time::rfc3339")]
    pub since: DateTime<Utc>,
}

/// A pipeline of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pipeline {
    /// Its id.
    pub id: String,
    /// The project it belongs to.
    pub project_id: ProjectId,
    /// Its name, unique in the project.
    pub name: String,
    /// Labels to find it by.
    pub tags: Vec<String>,
    /// Where its records come from.
    pub source: ConnectorRef,
    /// The source's topics it streams, by name.
    pub topics: Vec<String>,
    /// Where its records go.
    pub destination: ConnectorRef,
    /// Whether tables the source starts capturing later are snapshotted
    /// and added.
    pub snapshot_new_tables: bool,
    /// What its user wants it to do.
    pub desired_state: DesiredState,
    /// What it is doing.
    pub status: ConnectorStatus,
    /// When Broken: why, and what fixes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<PipelineProblem>,
    /// Records read from its topics and not yet written to the destination.
    pub lag: u64,
    /// How long a record takes from the source to the destination, in
    /// milliseconds, over the last minute; none while nothing flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// When it was created.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[serde(with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// The source of a new pipeline and the topics it streams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineSource {
    /// The source's id.
    pub id: String,
    /// Names of the source's topics, 1 to 200 (see
    /// `GET /api/projects/{id}/topics`).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub topics: Vec<String>,
}

/// The destination of a new pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineDestination {
    /// The destination's id.
    pub id: String,
}

/// `POST /api/projects/{id}/pipelines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePipeline {
    /// 1 to 100 characters, unique in the project.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// The source and which of its topics.
    pub source: PipelineSource,
    /// The destination.
    pub destination: PipelineDestination,
    /// Labels, as for connectors.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Snapshot and add tables the source starts capturing later.
    #[serde(default)]
    pub snapshot_new_tables: bool,
}

/// `PATCH /api/projects/{id}/pipelines/{pipeline_id}`: what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePipeline {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New labels, replacing the old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// The source's topics it streams, replacing the old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
    /// See [`CreatePipeline::snapshot_new_tables`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_new_tables: Option<bool>,
}

/// A pipeline name, trimmed, or why not.
pub fn validate_pipeline_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_PIPELINE_NAME {
        return Err(FieldError::new(
            "name",
            format!("A pipeline's name is 1 to {MAX_PIPELINE_NAME} characters."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            "name",
            "A pipeline's name cannot hold control characters.",
        ));
    }
    Ok(name.to_string())
}

/// The topic a source writes a table's changes to: the source's name made
/// safe for Kafka (lower case; anything but letters, digits, `.`, `_` and
/// `-` becomes `-`), a dot, and the table.
pub fn topic_name(source_name: &str, table: &str) -> String {
    let safe = |text: &str| -> String {
        text.trim()
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' | '.' | '_' | '-' => c,
                'A'..='Z' => c.to_ascii_lowercase(),
                _ => '-',
            })
            .collect()
    };
    format!("{}.{}", safe(source_name), safe(table))
}

/// The dead-letter topic of a destination: where records it could not
/// write go.
pub fn dead_letter_topic(destination_id: &str) -> String {
    format!("destination_{destination_id}.streamkap.deadletterqueue")
}

/// What a pipelines list is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PipelineSort {
    /// By name (the default).
    #[default]
    Name,
    /// By creation time.
    CreatedAt,
    /// By status.
    Status,
    /// By latency.
    Latency,
    /// By lag.
    Lag,
}

impl PipelineSort {
    /// Every key, in the order the document lists them.
    pub const ALL: [Self; 5] = [
        Self::Name,
        Self::CreatedAt,
        Self::Status,
        Self::Latency,
        Self::Lag,
    ];

    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::Status => "status",
            Self::Latency => "latency",
            Self::Lag => "lag",
        }
    }

    /// The URL's name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

fn sort_dir(value: &str) -> Result<SortDir, FieldError> {
    match value {
        "asc" => Ok(SortDir::Asc),
        "desc" => Ok(SortDir::Desc),
        _ => Err(FieldError::new(
            "sort_dir",
            format!("sort_dir is asc or desc, not '{value}'"),
        )),
    }
}

fn search(value: &str) -> Result<String, FieldError> {
    let text = value.trim();
    if text.chars().count() > MAX_SEARCH {
        return Err(FieldError::new(
            "partial_name",
            format!("partial_name is at most {MAX_SEARCH} characters"),
        ));
    }
    Ok(text.to_string())
}

fn connector_id(key: &'static str, value: &str) -> Result<String, FieldError> {
    ProjectId::parse(value)
        .map(|id| id.as_str().to_string())
        .map_err(|_| FieldError::new(key, format!("{key} is a connector id, not '{value}'")))
}

/// `GET /api/projects/{id}/pipelines?page&page_size&sort&sort_dir&partial_name&status&source&destination&tag`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineListQuery {
    /// Page number, from 1.
    pub page: u32,
    /// Pipelines per page.
    pub page_size: u32,
    /// Sort key.
    pub sort: PipelineSort,
    /// Sort direction.
    pub sort_dir: SortDir,
    /// A case-insensitive part of the name.
    pub partial_name: String,
    /// Only this status.
    pub status: Option<ConnectorStatus>,
    /// Only pipelines from this source (its id).
    pub source: Option<String>,
    /// Only pipelines to this destination (its id).
    pub destination: Option<String>,
    /// Only pipelines with this tag.
    pub tag: Option<String>,
}

impl Default for PipelineListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: crate::DEFAULT_PAGE_SIZE,
            sort: PipelineSort::Name,
            sort_dir: SortDir::Asc,
            partial_name: String::new(),
            status: None,
            source: None,
            destination: None,
            tag: None,
        }
    }
}

impl PipelineListQuery {
    /// Reads the query from its URL pairs; unknown keys are ignored, a bad
    /// value is an error naming its parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = crate::list::parse_page(value)?,
                "page_size" => query.page_size = crate::list::parse_page_size(value)?,
                "sort" => {
                    query.sort = PipelineSort::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "sort",
                            format!(
                                "sort is name, created_at, status, latency or lag, not '{value}'"
                            ),
                        )
                    })?
                }
                "sort_dir" => query.sort_dir = sort_dir(value)?,
                "partial_name" => query.partial_name = search(value)?,
                "status" if !value.is_empty() => {
                    query.status = Some(ConnectorStatus::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "status",
                            format!(
                                "status is Active, Starting, Paused, Stopped or Broken, not '{value}'"
                            ),
                        )
                    })?)
                }
                "source" if !value.is_empty() => {
                    query.source = Some(connector_id("source", value)?)
                }
                "destination" if !value.is_empty() => {
                    query.destination = Some(connector_id("destination", value)?)
                }
                "tag" if !value.is_empty() => {
                    if value.chars().count() > crate::connectors::MAX_TAG_LENGTH {
                        return Err(FieldError::new(
                            "tag",
                            format!(
                                "tag is at most {} characters",
                                crate::connectors::MAX_TAG_LENGTH
                            ),
                        ));
                    }
                    query.tag = Some(value.to_string());
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query as URL pairs, defaults left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.page_size != crate::DEFAULT_PAGE_SIZE {
            parts.push(format!("page_size={}", self.page_size));
        }
        if self.sort != PipelineSort::Name {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.sort_dir != SortDir::Asc {
            parts.push("sort_dir=desc".to_string());
        }
        for (key, value) in [
            ("partial_name", Some(&self.partial_name)),
            ("source", self.source.as_ref()),
            ("destination", self.destination.as_ref()),
            ("tag", self.tag.as_ref()),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                parts.push(format!("{key}={}", crate::percent_encode(value)));
            }
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.as_str()));
        }
        parts.join("&")
    }

    /// Whether a search or filter is set.
    pub fn filtered(&self) -> bool {
        !self.partial_name.is_empty()
            || self.status.is_some()
            || self.source.is_some()
            || self.destination.is_some()
            || self.tag.is_some()
    }
}

/// The span a chart covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MetricsWindow {
    /// The last hour, minute by minute.
    #[serde(rename = "1h")]
    Hour,
    /// The last 24 hours, in quarters of an hour.
    #[default]
    #[serde(rename = "24h")]
    Day,
    /// The last 7 days, hour by hour.
    #[serde(rename = "7d")]
    Week,
    /// The last 30 days, in 4-hour steps.
    #[serde(rename = "30d")]
    Month,
}

impl MetricsWindow {
    /// Every window, shortest first.
    pub const ALL: [Self; 4] = [Self::Hour, Self::Day, Self::Week, Self::Month];

    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "1h",
            Self::Day => "24h",
            Self::Week => "7d",
            Self::Month => "30d",
        }
    }

    /// The URL's name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }

    /// In words, for a chart's caption.
    pub fn label(self) -> &'static str {
        match self {
            Self::Hour => "last hour",
            Self::Day => "last 24 hours",
            Self::Week => "last 7 days",
            Self::Month => "last 30 days",
        }
    }

    /// How long it is, in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Self::Hour => 3_600,
            Self::Day => 86_400,
            Self::Week => 7 * 86_400,
            Self::Month => 30 * 86_400,
        }
    }

    /// The step between two points of its chart, in seconds.
    pub fn step_seconds(self) -> i64 {
        match self {
            Self::Hour => 60,
            Self::Day => 900,
            Self::Week => 3_600,
            Self::Month => 4 * 3_600,
        }
    }
}

/// The figures of one step of a chart (or of a whole window).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricFigures {
    /// Records read from the topics.
    pub records_in: u64,
    /// Records written to the destination.
    pub records_out: u64,
    /// Bytes read, exactly.
    pub bytes_in: u64,
    /// Bytes written, exactly.
    pub bytes_out: u64,
    /// Records that could not be written (sent to the dead-letter topic).
    pub errors: u64,
    /// Records waiting at the step's end.
    pub lag: u64,
    /// Average latency over the step, in milliseconds; none when nothing
    /// flowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
}

/// One point of a chart: the step starting at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricPoint {
    /// When the step starts.
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Its figures.
    #[serde(flatten)]
    pub figures: MetricFigures,
}

/// `GET …/pipelines/{pipeline_id}/metrics` and `…/topics/{name}/metrics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metrics {
    /// Always true here: the reference server simulates the data plane.
    pub simulated: bool,
    /// The window.
    pub window: MetricsWindow,
    /// Seconds between two points.
    pub step_seconds: i64,
    /// The window's start (the first point's).
    #[serde(with = "crate::time::rfc3339")]
    pub from: DateTime<Utc>,
    /// The window's end.
    #[serde(with = "crate::time::rfc3339")]
    pub to: DateTime<Utc>,
    /// One point per step, oldest first, every step present.
    pub points: Vec<MetricPoint>,
    /// The window's totals (lag as at its end, latency its average).
    pub totals: MetricFigures,
}

/// How serious a log entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// Something needs watching.
    Warn,
    /// Something happened.
    Info,
}

impl LogLevel {
    /// Every level, most serious first.
    pub const ALL: [Self; 3] = [Self::Error, Self::Warn, Self::Info];

    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warn => "warn",
            Self::Info => "info",
        }
    }

    /// The wire name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One entry of a pipeline's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// When.
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// How serious.
    pub level: LogLevel,
    /// What happened.
    pub message: String,
}

/// How many entries of each level a log holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogCounts {
    /// Errors.
    pub error: u64,
    /// Warnings.
    pub warn: u64,
    /// Information.
    pub info: u64,
}

/// `GET …/pipelines/{pipeline_id}/logs`: the most recent entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineLogs {
    /// Always true here: the entries come from the simulated data plane.
    pub simulated: bool,
    /// Entries of each level in the whole log.
    pub counts: LogCounts,
    /// The newest entries (of the level asked for), newest first, at most 100.
    pub entries: Vec<LogEntry>,
}

/// What made a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    /// A source writes a captured table's changes to it.
    Source,
    /// A destination's dead-letter topic: records it could not write.
    DeadLetter,
    /// Created by hand.
    Manual,
}

impl TopicKind {
    /// Its name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::DeadLetter => "dead_letter",
            Self::Manual => "manual",
        }
    }
}

/// How Kafka cleans a topic up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CleanupPolicy {
    /// Old records are deleted after the retention.
    #[default]
    Delete,
    /// Only the latest record of each key is kept.
    Compact,
}

impl CleanupPolicy {
    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delete => "delete",
            Self::Compact => "compact",
        }
    }
}

/// A topic's Kafka settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicSettings {
    /// Partitions, 1 to 1000.
    pub num_partitions: u32,
    /// Copies of each partition, 1 to 3 (the project's cluster has 3
    /// brokers).
    pub replication_factor: u32,
    /// Delete or compact.
    pub cleanup_policy: CleanupPolicy,
    /// How long records are kept, in milliseconds; -1 keeps them forever.
    pub retention_ms: i64,
    /// How many bytes a partition keeps; -1 for no limit.
    pub retention_bytes: i64,
    /// Largest record, in bytes.
    pub max_message_bytes: u32,
}

impl Default for TopicSettings {
    fn default() -> Self {
        Self {
            num_partitions: 3,
            replication_factor: 3,
            cleanup_policy: CleanupPolicy::Delete,
            retention_ms: 7 * 86_400_000,
            retention_bytes: -1,
            max_message_bytes: 1_048_588,
        }
    }
}

/// A topic of a project with its figures over the last 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    /// Its name, unique in the project (names may repeat in other projects).
    pub name: String,
    /// What made it.
    pub kind: TopicKind,
    /// The source that writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ConnectorRef>,
    /// The destinations it is written to (by pipelines), or whose dead
    /// letters it holds.
    pub destinations: Vec<ConnectorRef>,
    /// The pipelines that read it, by name.
    pub pipelines: Vec<String>,
    /// Its Kafka settings.
    pub settings: TopicSettings,
    /// Bytes written to it over the last 24 hours.
    pub volume_bytes: u64,
    /// Records written to it over the last 24 hours.
    pub records: u64,
    /// Records that failed over the last 24 hours.
    pub errors: u64,
    /// Records read from it and written on over the last 24 hours.
    pub written: u64,
    /// Records waiting to be written now (its slowest pipeline's).
    pub lag: u64,
    /// Latency over the last minute, in milliseconds (its slowest
    /// pipeline's); none while nothing flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// When its last record arrived.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    pub last_message_at: Option<DateTime<Utc>>,
}

/// `POST /api/projects/{id}/topics`: a topic created by hand. Settings left
/// out take Kafka's usual values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTopic {
    /// 1 to 249 characters: letters, digits, `.`, `_` and `-`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9._-]{1,249}$"))]
    pub topic_name: String,
    /// 1 to 1000; 3 when left out.
    #[serde(default)]
    pub num_partitions: Option<i64>,
    /// 1 to 3; 3 when left out.
    #[serde(default)]
    pub replication_factor: Option<i64>,
    /// `delete` (default) or `compact`.
    #[serde(default)]
    pub cleanup_policy: Option<String>,
    /// -1 (forever) or 60000 (a minute) to 315360000000 (ten years); a week
    /// when left out.
    #[serde(default)]
    pub retention_ms: Option<i64>,
    /// -1 (no limit, the default) or at least 1048576 (1 MiB).
    #[serde(default)]
    pub retention_bytes: Option<i64>,
    /// 1024 to 8388608 (8 MiB); 1048588 when left out.
    #[serde(default)]
    pub max_message_bytes: Option<i64>,
}

/// Longest topic name Kafka accepts.
pub const MAX_TOPIC_NAME: usize = 249;

/// A topic name as Kafka accepts it, or why not.
pub fn validate_topic_name(name: &str) -> Result<String, FieldError> {
    let field = "topic_name";
    if name.is_empty() || name.len() > MAX_TOPIC_NAME {
        return Err(FieldError::new(
            field,
            format!("A topic's name is 1 to {MAX_TOPIC_NAME} characters."),
        ));
    }
    if name == "." || name == ".." {
        return Err(FieldError::new(field, "A topic cannot be named . or .."));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(FieldError::new(
            field,
            format!(
                "A topic's name holds only letters, digits, '.', '_' and '-', not '{}'.",
                bad.escape_default()
            ),
        ));
    }
    Ok(name.to_string())
}

fn ranged(
    field: &'static str,
    value: Option<i64>,
    default: i64,
    min: i64,
    max: i64,
) -> Result<i64, FieldError> {
    match value {
        None => Ok(default),
        Some(v) if (min..=max).contains(&v) => Ok(v),
        Some(v) => Err(FieldError::new(
            field,
            format!("{field} is from {min} to {max}, not {v}."),
        )),
    }
}

impl CreateTopic {
    /// The name and settings, each checked, or the first field that is wrong.
    pub fn validate(&self) -> Result<(String, TopicSettings), FieldError> {
        let name = validate_topic_name(&self.topic_name)?;
        let defaults = TopicSettings::default();
        let num_partitions = ranged(
            "num_partitions",
            self.num_partitions,
            defaults.num_partitions.into(),
            1,
            1000,
        )?;
        let replication_factor = ranged(
            "replication_factor",
            self.replication_factor,
            defaults.replication_factor.into(),
            1,
            3,
        )?;
        let cleanup_policy = match self.cleanup_policy.as_deref() {
            None | Some("delete") => CleanupPolicy::Delete,
            Some("compact") => CleanupPolicy::Compact,
            Some(other) => {
                return Err(FieldError::new(
                    "cleanup_policy",
                    format!("cleanup_policy is delete or compact, not '{other}'."),
                ))
            }
        };
        let retention_ms = match self.retention_ms {
            Some(-1) => -1,
            other => ranged(
                "retention_ms",
                other,
                defaults.retention_ms,
                60_000,
                315_360_000_000,
            )
            .map_err(|_| {
                FieldError::new(
                    "retention_ms",
                    "retention_ms is -1 (keep forever) or from 60000 (a minute) to 315360000000 (ten years).",
                )
            })?,
        };
        let retention_bytes = match self.retention_bytes {
            Some(-1) | None => -1,
            Some(v) if v >= 1_048_576 => v,
            Some(v) => {
                return Err(FieldError::new(
                    "retention_bytes",
                    format!(
                        "retention_bytes is -1 (no limit) or at least 1048576 (1 MiB), not {v}."
                    ),
                ))
            }
        };
        let max_message_bytes = ranged(
            "max_message_bytes",
            self.max_message_bytes,
            defaults.max_message_bytes.into(),
            1024,
            8_388_608,
        )?;
        Ok((
            name,
            TopicSettings {
                num_partitions: num_partitions as u32,
                replication_factor: replication_factor as u32,
                cleanup_policy,
                retention_ms,
                retention_bytes,
                max_message_bytes: max_message_bytes as u32,
            },
        ))
    }
}

/// What a topics list is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TopicSort {
    /// By name (the default).
    #[default]
    Topic,
    /// By source name.
    Source,
    /// By destination name.
    Destination,
    /// By bytes over 24 hours.
    Volume,
    /// By errors over 24 hours.
    Errors,
    /// By records written over 24 hours.
    Written,
    /// By lag.
    Lag,
    /// By latency.
    Latency,
    /// By the last record's time.
    LastMessage,
}

impl TopicSort {
    /// Every key.
    pub const ALL: [Self; 9] = [
        Self::Topic,
        Self::Source,
        Self::Destination,
        Self::Volume,
        Self::Errors,
        Self::Written,
        Self::Lag,
        Self::Latency,
        Self::LastMessage,
    ];

    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Topic => "topic",
            Self::Source => "source",
            Self::Destination => "destination",
            Self::Volume => "volume",
            Self::Errors => "errors",
            Self::Written => "written",
            Self::Lag => "lag",
            Self::Latency => "latency",
            Self::LastMessage => "last_message",
        }
    }

    /// The URL's name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a topics list is grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TopicGroup {
    /// Not grouped.
    #[default]
    None,
    /// By source, then by the sort.
    Source,
    /// By (first) destination, then by the sort.
    Destination,
}

impl TopicGroup {
    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Source => "source",
            Self::Destination => "destination",
        }
    }
}

/// Page sizes a topics list offers.
pub const TOPIC_PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// `GET /api/projects/{id}/topics?page&page_size&sort&sort_dir&partial_name&include_dlq&group`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicListQuery {
    /// Page number, from 1.
    pub page: u32,
    /// 10, 20 (default), 50 or 100.
    pub page_size: u32,
    /// Sort key.
    pub sort: TopicSort,
    /// Sort direction.
    pub sort_dir: SortDir,
    /// A case-insensitive part of the name.
    pub partial_name: String,
    /// Whether dead-letter topics are listed.
    pub include_dlq: bool,
    /// Grouping.
    pub group: TopicGroup,
}

impl Default for TopicListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            sort: TopicSort::Topic,
            sort_dir: SortDir::Asc,
            partial_name: String::new(),
            include_dlq: false,
            group: TopicGroup::None,
        }
    }
}

impl TopicListQuery {
    /// Reads the query from its URL pairs; unknown keys are ignored, a bad
    /// value is an error naming its parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = crate::list::parse_page(value)?,
                "page_size" => {
                    query.page_size = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| TOPIC_PAGE_SIZES.contains(n))
                        .ok_or_else(|| {
                            FieldError::new(
                                "page_size",
                                format!("page_size is 10, 20, 50 or 100, not '{value}'"),
                            )
                        })?
                }
                "sort" => {
                    query.sort = TopicSort::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "sort",
                            format!("sort is topic, source, destination, volume, errors, written, lag, latency or last_message, not '{value}'"),
                        )
                    })?
                }
                "sort_dir" => query.sort_dir = sort_dir(value)?,
                "partial_name" => query.partial_name = search(value)?,
                "include_dlq" => {
                    query.include_dlq = match value {
                        "true" | "1" => true,
                        "false" | "0" | "" => false,
                        _ => {
                            return Err(FieldError::new(
                                "include_dlq",
                                format!("include_dlq is true or false, not '{value}'"),
                            ))
                        }
                    }
                }
                "group" => {
                    query.group = match value {
                        "" | "none" => TopicGroup::None,
                        "source" => TopicGroup::Source,
                        "destination" => TopicGroup::Destination,
                        _ => {
                            return Err(FieldError::new(
                                "group",
                                format!("group is none, source or destination, not '{value}'"),
                            ))
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query as URL pairs, defaults left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.page_size != 20 {
            parts.push(format!("page_size={}", self.page_size));
        }
        if self.sort != TopicSort::Topic {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.sort_dir != SortDir::Asc {
            parts.push("sort_dir=desc".to_string());
        }
        if !self.partial_name.is_empty() {
            parts.push(format!(
                "partial_name={}",
                crate::percent_encode(&self.partial_name)
            ));
        }
        if self.include_dlq {
            parts.push("include_dlq=true".to_string());
        }
        if self.group != TopicGroup::None {
            parts.push(format!("group={}", self.group.as_str()));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_kind_names_itself_as_on_the_wire() {
        for kind in [TopicKind::Source, TopicKind::DeadLetter, TopicKind::Manual] {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        text.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.replace("%20", " "))
            })
            .collect()
    }

    #[test]
    fn a_pipeline_query_goes_to_the_url_and_back() {
        let query = PipelineListQuery {
            page: 3,
            page_size: 20,
            sort: PipelineSort::Lag,
            sort_dir: SortDir::Desc,
            partial_name: "orders eu".into(),
            status: Some(ConnectorStatus::Broken),
            source: Some("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41".into()),
            destination: None,
            tag: Some("team:orders".into()),
        };
        let pairs = pairs(&query.to_query_string().replace("%3A", ":"));
        let back =
            PipelineListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap();
        assert_eq!(back, query);
        assert_eq!(PipelineListQuery::default().to_query_string(), "");
        for (key, value) in [
            ("sort", "volume"),
            ("sort_dir", "up"),
            ("status", "Running"),
            ("source", "orders"),
            ("destination", "1"),
            ("page_size", "500"),
        ] {
            assert_eq!(
                PipelineListQuery::from_pairs([(key, value)])
                    .unwrap_err()
                    .field,
                key
            );
        }
    }

    #[test]
    fn a_topic_query_goes_to_the_url_and_back() {
        let query = TopicListQuery {
            page: 2,
            page_size: 50,
            sort: TopicSort::LastMessage,
            sort_dir: SortDir::Desc,
            partial_name: "orders".into(),
            include_dlq: true,
            group: TopicGroup::Destination,
        };
        let pairs = pairs(&query.to_query_string());
        let back = TopicListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap();
        assert_eq!(back, query);
        for (key, value) in [
            ("page_size", "25"),
            ("sort", "name"),
            ("include_dlq", "yes"),
            ("group", "transform"),
        ] {
            assert_eq!(
                TopicListQuery::from_pairs([(key, value)])
                    .unwrap_err()
                    .field,
                key
            );
        }
    }

    #[test]
    fn topic_names_come_from_the_source_and_table() {
        assert_eq!(
            topic_name("Orders Postgres", "public.orders"),
            "orders-postgres.public.orders"
        );
        assert_eq!(
            dead_letter_topic("abc"),
            "destination_abc.streamkap.deadletterqueue"
        );
        assert!(validate_topic_name(&topic_name("a/b: c", "x y")).is_ok());
    }

    #[test]
    fn every_topic_setting_is_checked_with_its_field() {
        let good = CreateTopic {
            topic_name: "audit.events".into(),
            num_partitions: None,
            replication_factor: None,
            cleanup_policy: None,
            retention_ms: None,
            retention_bytes: None,
            max_message_bytes: None,
        };
        let (name, settings) = good.validate().unwrap();
        assert_eq!(name, "audit.events");
        assert_eq!(settings, TopicSettings::default());
        let field = |change: fn(&mut CreateTopic)| {
            let mut body = good.clone();
            change(&mut body);
            body.validate().unwrap_err().field
        };
        assert_eq!(field(|b| b.topic_name = String::new()), "topic_name");
        assert_eq!(field(|b| b.topic_name = "..".into()), "topic_name");
        assert_eq!(field(|b| b.topic_name = "a b".into()), "topic_name");
        assert_eq!(field(|b| b.topic_name = "x".repeat(250)), "topic_name");
        assert_eq!(field(|b| b.num_partitions = Some(0)), "num_partitions");
        assert_eq!(field(|b| b.num_partitions = Some(1001)), "num_partitions");
        assert_eq!(
            field(|b| b.replication_factor = Some(4)),
            "replication_factor"
        );
        assert_eq!(
            field(|b| b.cleanup_policy = Some("gc".into())),
            "cleanup_policy"
        );
        assert_eq!(field(|b| b.retention_ms = Some(59_999)), "retention_ms");
        assert_eq!(field(|b| b.retention_ms = Some(-2)), "retention_ms");
        assert_eq!(field(|b| b.retention_bytes = Some(1000)), "retention_bytes");
        assert_eq!(
            field(|b| b.max_message_bytes = Some(100)),
            "max_message_bytes"
        );
        let mut forever = good.clone();
        forever.retention_ms = Some(-1);
        forever.cleanup_policy = Some("compact".into());
        let (_, s) = forever.validate().unwrap();
        assert_eq!(
            (s.retention_ms, s.cleanup_policy),
            (-1, CleanupPolicy::Compact)
        );
    }
}
