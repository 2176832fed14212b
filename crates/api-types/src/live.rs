//! Live updates: what the server's event stream (`GET /api/events`) tells
//! a console. An event says what changed, never the new values: the
//! console reads those again through the API, with the caller's rights.

use crate::ProjectId;
use serde::{Deserialize, Serialize};

/// What kind of thing changed, which says what a console reads again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiveTopic {
    /// A project's name or state, or a project provisioned: what the
    /// projects list and the top bar show. Sent to every member.
    Project,
    /// A project's sources, destinations, pipelines, topics, API tokens or
    /// Kafka users. Sent to whoever may read the project.
    Resources,
    /// Members and their roles. Sent to organisation admins, to the
    /// project's members and to the member it is about.
    Members,
    /// Project requests. Sent to their requester, support and
    /// organisation admins.
    Requests,
    /// Access requests. Sent to their requester, the project's Admins and
    /// organisation admins.
    Access,
    /// Events were missed and cannot be replayed: read everything again.
    Resync,
}

/// One change, as a stream sends it in an event's `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    /// What kind of thing changed.
    pub topic: LiveTopic,
    /// The project it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectId>,
    /// The change, as the activity log names it (`project.paused`); absent
    /// for `resync`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl LiveEvent {
    /// The event that tells a console to read everything again.
    pub fn resync() -> Self {
        Self {
            topic: LiveTopic::Resync,
            project: None,
            action: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reads_as_the_stream_sends_it() {
        let id = ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41").unwrap();
        let event = LiveEvent {
            topic: LiveTopic::Project,
            project: Some(id),
            action: Some("project.paused".into()),
        };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(
            json,
            r#"{"topic":"project","project":"0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41","action":"project.paused"}"#
        );
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), event);
        assert_eq!(
            serde_json::to_string(&LiveEvent::resync()).unwrap(),
            r#"{"topic":"resync"}"#
        );
    }
}
