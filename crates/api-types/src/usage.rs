//! Usage: the bytes a project moved, inbound (from its sources into its
//! topics) and outbound (from its topics to its destinations), and the
//! billable volume: the larger of the two in each hour, added up. The
//! reference server's figures come from its simulated data plane.

use crate::{ProjectId, ProjectState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The span a usage answer covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UsageWindow {
    /// The last hour, minute by minute.
    #[serde(rename = "1h")]
    Hour,
    /// The last day, hour by hour.
    #[serde(rename = "1d")]
    Day,
    /// The last 7 days, hour by hour.
    #[serde(rename = "7d")]
    Week,
    /// The last 30 days, day by day.
    #[default]
    #[serde(rename = "30d")]
    Month,
    /// The last 90 days, day by day.
    #[serde(rename = "90d")]
    Quarter,
    /// The last 365 days, day by day.
    #[serde(rename = "365d")]
    Year,
}

impl UsageWindow {
    /// Every window, shortest first.
    pub const ALL: [Self; 6] = [
        Self::Hour,
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "1h",
            Self::Day => "1d",
            Self::Week => "7d",
            Self::Month => "30d",
            Self::Quarter => "90d",
            Self::Year => "365d",
        }
    }

    /// The URL's name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }

    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Hour => "last hour",
            Self::Day => "last day",
            Self::Week => "last 7 days",
            Self::Month => "last 30 days",
            Self::Quarter => "last 90 days",
            Self::Year => "last 365 days",
        }
    }

    /// How long it is, in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Self::Hour => 3_600,
            Self::Day => 86_400,
            Self::Week => 7 * 86_400,
            Self::Month => 30 * 86_400,
            Self::Quarter => 90 * 86_400,
            Self::Year => 365 * 86_400,
        }
    }

    /// The length of its buckets, in seconds: minutes, hours or days.
    pub fn step_seconds(self) -> i64 {
        match self {
            Self::Hour => 60,
            Self::Day | Self::Week => 3_600,
            Self::Month | Self::Quarter | Self::Year => 86_400,
        }
    }
}

/// Bytes moved, and what is billed for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageFigures {
    /// Bytes the sources wrote to the project's topics (each topic's
    /// records counted once, however many pipelines read them).
    pub inbound_bytes: u64,
    /// Bytes the pipelines wrote to destinations.
    pub outbound_bytes: u64,
    /// The larger of the two in each hour (or minute, for minute
    /// buckets), added up.
    pub billable_bytes: u64,
}

/// One bucket of a usage answer: the bucket starting at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageBucket {
    /// When it starts.
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Its figures.
    #[serde(flatten)]
    pub figures: UsageFigures,
}

/// A source's or destination's share of a window's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageShare {
    /// The connector's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Bytes in (a source) or out (a destination).
    pub bytes: u64,
}

/// `GET /api/projects/{id}/usage?window=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectUsage {
    /// Always true here: the reference server simulates the data plane.
    pub simulated: bool,
    /// The project.
    pub project_id: ProjectId,
    /// The window.
    pub window: UsageWindow,
    /// Seconds in a bucket.
    pub step_seconds: i64,
    /// The window's start.
    #[serde(with = "crate::time::rfc3339")]
    pub from: DateTime<Utc>,
    /// The window's end.
    #[serde(with = "crate::time::rfc3339")]
    pub to: DateTime<Utc>,
    /// Every bucket of the window, oldest first; they add up to `totals`.
    pub buckets: Vec<UsageBucket>,
    /// The window's figures.
    pub totals: UsageFigures,
    /// Inbound bytes by source, largest first.
    pub sources: Vec<UsageShare>,
    /// Outbound bytes by destination, largest first.
    pub destinations: Vec<UsageShare>,
}

/// One project's line in the organisation's usage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectUsageTotal {
    /// The project.
    pub project_id: ProjectId,
    /// Its name.
    pub name: String,
    /// Its state now.
    pub state: ProjectState,
    /// Its figures over the window; none for a project the caller has no
    /// role on (locked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<UsageFigures>,
}

/// `GET /api/usage?window=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationUsage {
    /// Always true here: the reference server simulates the data plane.
    pub simulated: bool,
    /// The window.
    pub window: UsageWindow,
    /// The window's start.
    #[serde(with = "crate::time::rfc3339")]
    pub from: DateTime<Utc>,
    /// The window's end.
    #[serde(with = "crate::time::rfc3339")]
    pub to: DateTime<Utc>,
    /// Every project of the organisation, by name.
    pub projects: Vec<ProjectUsageTotal>,
    /// The sum over the projects the caller may see.
    pub totals: UsageFigures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_go_to_the_url_and_back_and_fit_their_buckets() {
        for w in UsageWindow::ALL {
            assert_eq!(UsageWindow::parse(w.as_str()), Some(w));
            assert_eq!(w.seconds() % w.step_seconds(), 0);
            assert!(w.seconds() / w.step_seconds() <= 365);
        }
        assert_eq!(UsageWindow::parse("2d"), None);
    }
}
