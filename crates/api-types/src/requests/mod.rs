//! Requests for new projects. Projects are not created self-serve: a user
//! files a request, and support provisions the infrastructure (or declines,
//! saying why). A request is pending until one of those happens, or until
//! its requester cancels it; then it never changes again.

mod new;
mod queue;

pub use new::{
    validate_environment, CheckedRequest, NewProjectRequest, MAX_CONNECTORS, MAX_ENVIRONMENT_NAME,
};
pub use queue::{QueuePart, QueueQuery};

use crate::{Cloud, EnvironmentType, FieldError, ProjectId, User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest free text of a request or of a decline, in characters.
pub const MAX_REQUEST_NOTES: usize = 1000;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for support.
    Pending,
    /// Withdrawn by its requester.
    Cancelled,
    /// Support created the project.
    Provisioned,
    /// Support declined it, with a reason.
    Declined,
}

crate::wire::deserialize_by_parse!(
    RequestState,
    "one of pending, provisioned, declined, cancelled"
);

impl RequestState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Cancelled => "cancelled",
            Self::Provisioned => "provisioned",
            Self::Declined => "declined",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Cancelled,
            Self::Provisioned,
            Self::Declined,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// The state as shown on its badge.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Cancelled => "CANCELLED",
            Self::Provisioned => "PROVISIONED",
            Self::Declined => "DECLINED",
        }
    }
}

/// How expected throughput is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThroughputUnit {
    /// Change events per second.
    EventsPerSecond,
    /// Megabytes per second.
    MbPerSecond,
}

crate::wire::deserialize_by_parse!(ThroughputUnit, "one of events_per_second, mb_per_second");

impl ThroughputUnit {
    /// Both units.
    pub const ALL: [ThroughputUnit; 2] = [Self::EventsPerSecond, Self::MbPerSecond];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EventsPerSecond => "events_per_second",
            Self::MbPerSecond => "mb_per_second",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == text)
    }

    /// The unit as shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::EventsPerSecond => "events per second",
            Self::MbPerSecond => "MB per second",
        }
    }

    /// The largest throughput a request may state in this unit.
    pub fn max(self) -> u64 {
        match self {
            Self::EventsPerSecond => 10_000_000,
            Self::MbPerSecond => 10_000,
        }
    }
}

/// A special requirement of a new project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// VPC peering with the customer's network.
    VpcPeering,
    /// A private link endpoint.
    PrivateLink,
    /// Compliance needs (described in the notes).
    Compliance,
}

crate::wire::deserialize_by_parse!(Requirement, "one of vpc_peering, private_link, compliance");

impl Requirement {
    /// Every requirement, in the order shown.
    pub const ALL: [Requirement; 3] = [Self::VpcPeering, Self::PrivateLink, Self::Compliance];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VpcPeering => "vpc_peering",
            Self::PrivateLink => "private_link",
            Self::Compliance => "compliance",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The requirement in a line of facts about a request.
    pub fn short(self) -> &'static str {
        match self {
            Self::VpcPeering => "VPC peering",
            Self::PrivateLink => "private link",
            Self::Compliance => "compliance needs",
        }
    }

    /// The requirement as shown beside its checkbox.
    pub fn label(self) -> &'static str {
        match self {
            Self::VpcPeering => "VPC peering",
            Self::PrivateLink => "Private link",
            Self::Compliance => "Compliance needs (describe them below)",
        }
    }
}

/// A request for a new project, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRequest {
    /// Identifier.
    pub id: String,
    /// Proposed project name.
    pub name: String,
    /// Environment type.
    pub environment: EnvironmentType,
    /// Cloud.
    pub cloud: Cloud,
    /// Region code.
    pub region: String,
    /// Expected throughput.
    pub throughput: u64,
    /// Its unit.
    pub throughput_unit: ThroughputUnit,
    /// Connectors planned.
    pub connectors: u32,
    /// Special requirements.
    pub requirements: Vec<Requirement>,
    /// Free text for support.
    pub notes: String,
    /// Where it stands.
    pub state: RequestState,
    /// Who asked.
    pub requested_by: User,
    /// When.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When support (or the requester) settled it.
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Why support declined it.
    pub decline_reason: Option<String>,
    /// The project provisioned for it.
    pub project_id: Option<ProjectId>,
}

/// `GET /api/project-requests/timing`: how long support took to provision
/// the latest requests, from filing to provisioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestTiming {
    /// How many provisioned requests the figures are taken from (the
    /// latest, at most 20).
    pub provisioned: u32,
    /// The median time they took, in seconds; absent when none was
    /// provisioned yet.
    #[serde(default)]
    pub median_seconds: Option<u64>,
    /// The longest of them, in seconds.
    #[serde(default)]
    pub longest_seconds: Option<u64>,
}

impl RequestTiming {
    /// The figures of these durations, in seconds.
    pub fn of(mut seconds: Vec<u64>) -> Self {
        seconds.sort_unstable();
        let n = seconds.len();
        let median = match n {
            0 => None,
            _ if n % 2 == 1 => Some(seconds[n / 2]),
            _ => Some((seconds[n / 2 - 1] + seconds[n / 2]) / 2),
        };
        Self {
            provisioned: u32::try_from(n).unwrap_or(u32::MAX),
            median_seconds: median,
            longest_seconds: seconds.last().copied(),
        }
    }
}

/// `POST /api/project-requests/{id}/decline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineProjectRequest {
    /// Why, for the requester: required, at most 1000 characters.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::decline_reason))]
    pub reason: String,
}

impl DeclineProjectRequest {
    /// The trimmed reason, or the error naming `reason`.
    pub fn validate(&self) -> Result<String, FieldError> {
        let reason = validate_notes("reason", &self.reason)?;
        if reason.is_empty() {
            return Err(FieldError::new(
                "reason",
                "Say why, so that the requester knows what to change.",
            ));
        }
        Ok(reason)
    }
}

/// Checks free text: at most 1000 characters, trimmed.
pub fn validate_notes(field: &'static str, text: &str) -> Result<String, FieldError> {
    let trimmed = text.trim();
    let length = trimmed.chars().count();
    if length > MAX_REQUEST_NOTES {
        return Err(FieldError::new(
            field,
            format!("Use at most {MAX_REQUEST_NOTES} characters ({length} now)."),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new(field, "Remove the control characters."));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_provisioning_times() {
        assert_eq!(
            RequestTiming::of(vec![]),
            RequestTiming {
                provisioned: 0,
                median_seconds: None,
                longest_seconds: None
            }
        );
        let odd = RequestTiming::of(vec![600, 60, 7200]);
        assert_eq!(
            (odd.median_seconds, odd.longest_seconds),
            (Some(600), Some(7200))
        );
        assert_eq!(
            RequestTiming::of(vec![100, 300, 200, 400]).median_seconds,
            Some(250)
        );
    }

    #[test]
    fn a_decline_needs_a_reason() {
        assert_eq!(
            DeclineProjectRequest {
                reason: "  ".into()
            }
            .validate()
            .unwrap_err()
            .field,
            "reason"
        );
        assert_eq!(
            DeclineProjectRequest {
                reason: " Region full. ".into()
            }
            .validate()
            .unwrap(),
            "Region full."
        );
        for s in [
            RequestState::Pending,
            RequestState::Cancelled,
            RequestState::Provisioned,
            RequestState::Declined,
        ] {
            assert_eq!(RequestState::parse(s.as_str()), Some(s));
        }
    }
}
