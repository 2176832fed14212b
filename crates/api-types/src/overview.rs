//! A project's overview: what its dashboard shows at a glance. How many
//! resources it has, what needs attention, what it moved over the last day
//! and what this month has cost so far.

use crate::activity::ActivityEntry;
use crate::usage::{UsageBucket, UsageFigures};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A pipeline whose records take longer than this (milliseconds) from the
/// source to the destination is a warning.
pub const HIGH_LATENCY_MS: u64 = 60_000;

/// How many of each resource a project has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceCounts {
    /// Its sources.
    pub sources: u32,
    /// Its destinations.
    pub destinations: u32,
    /// Its pipelines.
    pub pipelines: u32,
    /// Its topics, without the dead-letter topics (as the topics list
    /// shows them by default).
    pub topics: u32,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthLevel {
    /// Something is broken: records are not flowing.
    Issue,
    /// Something flows, or will, but needs a look.
    Warning,
}

impl HealthLevel {
    /// The word a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::Issue => "Issue",
            Self::Warning => "Warning",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthSubject {
    /// A pipeline.
    Pipeline,
    /// A source.
    Source,
    /// A destination.
    Destination,
}

/// Something on the project that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthFinding {
    /// How serious it is.
    pub level: HealthLevel,
    /// What kind of resource it is about.
    pub subject: HealthSubject,
    /// That resource's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Since when, when known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    pub since: Option<DateTime<Utc>>,
}

/// The billable volume of the calendar month (UTC) so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthToDate {
    /// The month's first instant.
    #[serde(with = "crate::time::rfc3339")]
    pub from: DateTime<Utc>,
    /// The last metered minute.
    #[serde(with = "crate::time::rfc3339")]
    pub to: DateTime<Utc>,
    /// The figures from `from` to `to`, billed by the hour.
    #[serde(flatten)]
    pub figures: UsageFigures,
}

/// `GET /api/projects/{id}/overview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectOverview {
    /// Always true here: the reference server simulates the data plane.
    pub simulated: bool,
    /// How many of each resource the project has.
    pub counts: ResourceCounts,
    /// What needs attention: issues first, then warnings; empty when all
    /// is well.
    pub health: Vec<HealthFinding>,
    /// Inbound and outbound bytes over the last day, hour by hour, oldest
    /// first.
    pub throughput: Vec<UsageBucket>,
    /// This month's figures so far.
    pub month: MonthToDate,
    /// When records last moved: the start of the newest bucket (a minute,
    /// or an hour once older than a day) in which any were read or
    /// written; none if they never did.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    pub last_data_at: Option<DateTime<Utc>>,
    /// The project's newest activity entry, if it has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<ActivityEntry>,
}
