//! A project: its id, state, cloud and environment type, and the rules of
//! its name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A project: one isolated streaming stack (Kafka, Flink, connectors, topics,
/// pipelines) deployed in one cloud region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    /// Stable identifier, used in URLs and API calls.
    pub id: ProjectId,
    /// Display name, e.g. `Production-US-East`.
    pub name: String,
    /// The environment the project serves.
    pub environment: EnvironmentType,
    /// Whether the project's infrastructure is running.
    pub state: ProjectState,
    /// The cloud provider hosting the project.
    pub cloud: Cloud,
    /// The provider's region code, e.g. `us-west-2`.
    pub region: String,
    /// Comma-separated `host:port` list of the project's Kafka brokers.
    pub kafka_bootstrap_servers: String,
    /// When the project was provisioned.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// Why it is UNAVAILABLE, when it was paused through the API or the
    /// operator command; absent while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<Pause>,
}

/// Why a project was paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// Paused by one of its Admins.
    Paused,
    /// Under maintenance by support, until the window ends.
    Maintenance,
    /// Held by support over billing.
    BillingHold,
}

impl PauseReason {
    /// As on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paused => "paused",
            Self::Maintenance => "maintenance",
            Self::BillingHold => "billing_hold",
        }
    }

    /// From the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Paused, Self::Maintenance, Self::BillingHold]
            .into_iter()
            .find(|r| r.as_str() == text)
    }

    /// In words, for a heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Paused => "Paused by its Admin",
            Self::Maintenance => "Under maintenance",
            Self::BillingHold => "On billing hold",
        }
    }

    /// Whether only support may set it, and lift it.
    pub fn support_only(self) -> bool {
        self != Self::Paused
    }
}

/// How a project came to be UNAVAILABLE.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pause {
    /// Why.
    pub reason: PauseReason,
    /// What whoever paused it wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who paused it: their name then.
    pub by: String,
    /// Since when.
    #[serde(with = "crate::time::rfc3339")]
    pub since: DateTime<Utc>,
    /// For maintenance: when the window ends.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    pub until: Option<DateTime<Utc>>,
}

/// Longest note a pause keeps.
pub const MAX_PAUSE_NOTE: usize = 500;
/// Longest maintenance window, in days.
pub const MAX_MAINTENANCE_DAYS: i64 = 30;

/// `POST /api/projects/{id}/pause`: makes a running project UNAVAILABLE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseProject {
    /// Why: `paused` (a project Admin), `maintenance` or `billing_hold`
    /// (support).
    pub reason: PauseReason,
    /// Up to 500 characters that say why, shown on every page of the
    /// project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
    /// For maintenance, required: when the window ends, in RFC 3339
    /// (`2026-12-08T06:00:00Z`), later than now and within 30 days. Only
    /// maintenance has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub until: Option<String>,
    /// The project's name, exactly: the confirmation that this is the
    /// project meant.
    pub confirm: String,
}

/// `POST /api/projects/{id}/resume`: makes a paused project AVAILABLE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeProject {
    /// The project's name, exactly.
    pub confirm: String,
}

/// Checks that `confirm` names the project `name`.
pub fn check_confirmation(confirm: &str, name: &str) -> Result<(), crate::FieldError> {
    if confirm == name {
        Ok(())
    } else {
        Err(crate::FieldError::new(
            "confirm",
            format!("type the project's name, {name}, exactly to confirm"),
        ))
    }
}

/// A pause, checked: the note trimmed (none when empty) and the window's
/// end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPause {
    /// The note, trimmed; none when empty.
    pub note: Option<String>,
    /// When a maintenance window ends.
    pub until: Option<DateTime<Utc>>,
}

/// Checks a pause of the project `name` at `now`: its window (required
/// for maintenance, refused otherwise), its note and its confirmation.
pub fn validate_pause(
    body: &PauseProject,
    name: &str,
    now: DateTime<Utc>,
) -> Result<CheckedPause, crate::FieldError> {
    use crate::FieldError;
    let until = match body.until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    FieldError::new(
                        "until",
                        "write the window's end as a date and time such as 2026-12-08T06:00:00Z",
                    )
                })?,
        ),
    };
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    match (body.reason, until) {
        (PauseReason::Maintenance, None) => {
            return Err(FieldError::new(
                "until",
                "a maintenance window needs its end",
            ))
        }
        (PauseReason::Maintenance, Some(until)) if until <= now => {
            return Err(FieldError::new(
                "until",
                "the maintenance window must end in the future",
            ))
        }
        (PauseReason::Maintenance, Some(until))
            if until > now + chrono::Duration::days(MAX_MAINTENANCE_DAYS) =>
        {
            return Err(FieldError::new(
                "until",
                format!("a maintenance window lasts at most {MAX_MAINTENANCE_DAYS} days"),
            ))
        }
        (PauseReason::Paused | PauseReason::BillingHold, Some(_)) => {
            return Err(FieldError::new(
                "until",
                "only a maintenance window has an end",
            ))
        }
        _ => {}
    }
    if note.is_some_and(|n| n.chars().count() > MAX_PAUSE_NOTE) {
        return Err(FieldError::new(
            "note",
            format!("the note is at most {MAX_PAUSE_NOTE} characters"),
        ));
    }
    check_confirmation(&body.confirm, name)?;
    Ok(CheckedPause {
        note: note.map(str::to_string),
        until,
    })
}

/// A project identifier: a lowercase hyphenated UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProjectId(String);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ProjectId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::project_id().into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ProjectId {}

/// The text given as a project id is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidProjectId;

impl fmt::Display for InvalidProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a project id is a UUID such as 7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a59")
    }
}

impl std::error::Error for InvalidProjectId {}

impl ProjectId {
    /// Parses a project id, accepting upper or lower case hex digits and
    /// normalising to lower case.
    pub fn parse(text: &str) -> Result<Self, InvalidProjectId> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 {
            return Err(InvalidProjectId);
        }
        for (i, b) in bytes.iter().enumerate() {
            let ok = match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            };
            if !ok {
                return Err(InvalidProjectId);
            }
        }
        Ok(Self(text.to_ascii_lowercase()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProjectId {
    type Error = InvalidProjectId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ProjectId> for String {
    fn from(id: ProjectId) -> Self {
        id.0
    }
}

/// Whether a project's infrastructure is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectState {
    /// Everything runs; connectors can be created and changed; pipelines process events.
    Available,
    /// Paused or stopped: nothing can be created or changed, pipelines do not
    /// process, no compute is charged; data may be kept.
    Unavailable,
}

crate::wire::deserialize_by_parse!(ProjectState, "one of AVAILABLE, UNAVAILABLE");

impl ProjectState {
    /// The wire spelling, also shown on the state badge.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "AVAILABLE",
            Self::Unavailable => "UNAVAILABLE",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "AVAILABLE" => Some(Self::Available),
            "UNAVAILABLE" => Some(Self::Unavailable),
            _ => None,
        }
    }
}

impl fmt::Display for ProjectState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The cloud provider hosting a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Cloud {
    /// Amazon Web Services.
    #[serde(rename = "AWS")]
    Aws,
    /// Microsoft Azure.
    #[serde(rename = "Azure")]
    Azure,
    /// Google Cloud Platform.
    #[serde(rename = "GCP")]
    Gcp,
}

crate::wire::deserialize_by_parse!(Cloud, "one of AWS, Azure, GCP");

impl Cloud {
    /// Every provider, in display order.
    pub const ALL: [Cloud; 3] = [Cloud::Aws, Cloud::Azure, Cloud::Gcp];

    /// The wire spelling, also the display label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::Azure => "Azure",
            Self::Gcp => "GCP",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for EnvironmentType {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "The environment type: production, staging or development, or any other name of up to 32 characters.",
            ))
            .examples(["production"])
            .max_length(Some(32))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for EnvironmentType {}

/// The environment a project serves. The three usual ones have names of
/// their own; anything else a customer asked for is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum EnvironmentType {
    /// Live pipelines; stands out everywhere in the console.
    Production,
    /// Mirrors production for integration tests.
    Staging,
    /// For trying out schema changes, connectors and transforms.
    Development,
    /// Another environment, by its lowercase name (e.g. `qa`).
    Other(String),
}

impl EnvironmentType {
    /// The wire spelling: lowercase.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Production => "production",
            Self::Staging => "staging",
            Self::Development => "development",
            Self::Other(name) => name,
        }
    }

    /// Whether this is a production environment, which the console makes stand out.
    pub fn is_production(&self) -> bool {
        matches!(self, Self::Production)
    }
}

impl From<String> for EnvironmentType {
    fn from(text: String) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "production" => Self::Production,
            "staging" => Self::Staging,
            "development" => Self::Development,
            other => Self::Other(other.to_string()),
        }
    }
}

impl From<&str> for EnvironmentType {
    fn from(text: &str) -> Self {
        Self::from(text.to_string())
    }
}

impl From<EnvironmentType> for String {
    fn from(env: EnvironmentType) -> Self {
        env.as_str().to_string()
    }
}

impl fmt::Display for EnvironmentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest project name, in characters.
pub const MAX_PROJECT_NAME: usize = 64;

/// `PATCH /api/projects/{id}`: rename a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenameProject {
    /// 1-64 characters, unique in the organisation regardless of case.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::project_name))]
    pub name: String,
}

/// Checks a project name (1-64 characters, one line) and returns it trimmed.
/// Uniqueness is checked by the server.
pub fn validate_project_name(name: &str) -> Result<String, crate::FieldError> {
    let trimmed = name.trim();
    let length = trimmed.chars().count();
    if length == 0 {
        return Err(crate::FieldError::new("name", "Give the project a name."));
    }
    if length > MAX_PROJECT_NAME {
        return Err(crate::FieldError::new(
            "name",
            format!("Use at most {MAX_PROJECT_NAME} characters ({length} now)."),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(crate::FieldError::new(
            "name",
            "Use a single line without control characters.",
        ));
    }
    if trimmed.chars().any(is_invisible) {
        return Err(crate::FieldError::new(
            "name",
            "Remove the invisible characters (zero-width spaces or joiners, or text-direction marks): they make one name look like another.",
        ));
    }
    Ok(trimmed.to_string())
}

/// Characters a name may not hold because they cannot be seen: zero-width
/// spaces and joiners (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+180E) and
/// the marks that reorder text (U+200E, U+200F, U+061C, U+202A-U+202E,
/// U+2066-U+2069). Two names differing only by them look the same, and a
/// reordering mark can make a name display as another.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{061C}'
            | '\u{180E}'
    )
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_have_1_to_64_characters_on_one_line() {
        assert_eq!(
            validate_project_name("  Production-EU ").unwrap(),
            "Production-EU"
        );
        assert!(validate_project_name(&"é".repeat(64)).is_ok());
        assert_eq!(validate_project_name(" ").unwrap_err().field, "name");
        assert!(validate_project_name(&"x".repeat(65))
            .unwrap_err()
            .message
            .contains("65"));
        assert!(validate_project_name("a\nb").is_err());
    }

    #[test]
    fn names_hold_no_invisible_characters() {
        for bad in [
            "prod\u{200B}uction",
            "\u{202E}noitcudorp",
            "prod\u{2066}x\u{2069}",
            "prod\u{FEFF}",
            "pro\u{200D}d",
        ] {
            let e = validate_project_name(bad).unwrap_err();
            assert_eq!(e.field, "name");
            assert!(e.message.contains("invisible"), "{bad:?}: {}", e.message);
        }
        assert!(validate_project_name("Été-production").is_ok());
        assert!(validate_project_name("日本 production").is_ok());
    }

    #[test]
    fn a_pause_needs_the_exact_name_a_window_only_for_maintenance_and_a_short_note() {
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 5, 0, 0).unwrap();
        let body = |reason, until: Option<&str>, note: Option<&str>, confirm: &str| PauseProject {
            reason,
            note: note.map(str::to_string),
            until: until.map(str::to_string),
            confirm: confirm.into(),
        };
        let field = |b: PauseProject| validate_pause(&b, "Production-EU", now).unwrap_err().field;
        let ok = validate_pause(
            &body(
                PauseReason::Paused,
                None,
                Some("  Migrating  "),
                "Production-EU",
            ),
            "Production-EU",
            now,
        )
        .unwrap();
        assert_eq!(ok.note.as_deref(), Some("Migrating"));
        assert_eq!(ok.until, None);
        assert_eq!(
            field(body(PauseReason::Paused, None, None, "production-eu")),
            "confirm"
        );
        assert_eq!(
            field(body(PauseReason::Maintenance, None, None, "Production-EU")),
            "until"
        );
        assert_eq!(
            field(body(
                PauseReason::Maintenance,
                Some(""),
                None,
                "Production-EU"
            )),
            "until"
        );
        assert_eq!(
            field(body(
                PauseReason::Maintenance,
                Some("tomorrow"),
                None,
                "Production-EU"
            )),
            "until"
        );
        assert_eq!(
            field(body(
                PauseReason::Maintenance,
                Some("2026-12-07T04:59:00Z"),
                None,
                "Production-EU"
            )),
            "until"
        );
        assert_eq!(
            field(body(
                PauseReason::Maintenance,
                Some("2027-01-07T05:00:01Z"),
                None,
                "Production-EU"
            )),
            "until"
        );
        assert_eq!(
            field(body(
                PauseReason::BillingHold,
                Some("2026-12-08T05:00:00Z"),
                None,
                "Production-EU"
            )),
            "until"
        );
        let long = "x".repeat(MAX_PAUSE_NOTE + 1);
        assert_eq!(
            field(body(
                PauseReason::Paused,
                None,
                Some(&long),
                "Production-EU"
            )),
            "note"
        );
        let window = validate_pause(
            &body(
                PauseReason::Maintenance,
                Some("2026-12-07T08:00:00+01:00"),
                Some("   "),
                "Production-EU",
            ),
            "Production-EU",
            now,
        )
        .unwrap();
        assert_eq!(
            window.until,
            Some(Utc.with_ymd_and_hms(2026, 12, 7, 7, 0, 0).unwrap())
        );
        assert_eq!(window.note, None);
        for r in [
            PauseReason::Paused,
            PauseReason::Maintenance,
            PauseReason::BillingHold,
        ] {
            assert_eq!(PauseReason::parse(r.as_str()), Some(r));
        }
    }
}
