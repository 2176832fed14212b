//! The activity log: who changed what, when, from where, on which
//! project, with the fields that changed; and the query of a page of it.

use crate::{FieldError, ProjectId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What was done. The wire spelling is `resource.verb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityAction {
    /// A project was renamed.
    #[serde(rename = "project.renamed")]
    ProjectRenamed,
    /// A project was paused (by its Admin, for maintenance or on billing
    /// hold): UNAVAILABLE.
    #[serde(rename = "project.paused")]
    ProjectPaused,
    /// A paused project was resumed: AVAILABLE.
    #[serde(rename = "project.resumed")]
    ProjectResumed,
    /// An API token was created.
    #[serde(rename = "token.created")]
    TokenCreated,
    /// An API token was given a new secret.
    #[serde(rename = "token.rotated")]
    TokenRotated,
    /// An API token was deleted.
    #[serde(rename = "token.deleted")]
    TokenDeleted,
    /// A Kafka user was created.
    #[serde(rename = "kafka_user.created")]
    KafkaUserCreated,
    /// A Kafka user's IPs, ACLs or password changed.
    #[serde(rename = "kafka_user.updated")]
    KafkaUserUpdated,
    /// A Kafka user was deleted.
    #[serde(rename = "kafka_user.deleted")]
    KafkaUserDeleted,
    /// A project was requested.
    #[serde(rename = "request.submitted")]
    RequestSubmitted,
    /// Its requester cancelled a request.
    #[serde(rename = "request.cancelled")]
    RequestCancelled,
    /// Support declined a request.
    #[serde(rename = "request.declined")]
    RequestDeclined,
    /// Support provisioned a requested project.
    #[serde(rename = "request.provisioned")]
    RequestProvisioned,
    /// Someone was invited to the organisation.
    #[serde(rename = "member.invited")]
    MemberInvited,
    /// A member's name or organisation flags changed.
    #[serde(rename = "member.updated")]
    MemberUpdated,
    /// A member's role on a project changed.
    #[serde(rename = "member.role_changed")]
    MemberRoleChanged,
    /// A member was removed from the organisation.
    #[serde(rename = "member.removed")]
    MemberRemoved,
    /// An invited member was given a new set-password link.
    #[serde(rename = "member.invitation_renewed")]
    InvitationRenewed,
    /// An invited member set their password.
    #[serde(rename = "member.joined")]
    MemberJoined,
    /// A source or destination was created.
    #[serde(rename = "connector.created")]
    ConnectorCreated,
    /// A connector's name, tags or configuration changed.
    #[serde(rename = "connector.updated")]
    ConnectorUpdated,
    /// A connector was paused, resumed or stopped.
    #[serde(rename = "connector.state_changed")]
    ConnectorStateChanged,
    /// A connector was deleted.
    #[serde(rename = "connector.deleted")]
    ConnectorDeleted,
    /// Someone asked for access to a project.
    #[serde(rename = "access.requested")]
    AccessRequested,
    /// An access request was granted.
    #[serde(rename = "access.granted")]
    AccessGranted,
    /// An access request was declined.
    #[serde(rename = "access.declined")]
    AccessDeclined,
    /// Its requester withdrew an access request.
    #[serde(rename = "access.cancelled")]
    AccessCancelled,
    /// A pipeline was created.
    #[serde(rename = "pipeline.created")]
    PipelineCreated,
    /// A pipeline's name, tags or topics changed.
    #[serde(rename = "pipeline.updated")]
    PipelineUpdated,
    /// A pipeline was paused, resumed or stopped.
    #[serde(rename = "pipeline.state_changed")]
    PipelineStateChanged,
    /// A pipeline was deleted.
    #[serde(rename = "pipeline.deleted")]
    PipelineDeleted,
    /// A topic was created by hand.
    #[serde(rename = "topic.created")]
    TopicCreated,
    /// A topic created by hand was deleted.
    #[serde(rename = "topic.deleted")]
    TopicDeleted,
}

impl ActivityAction {
    /// Every action, in the order the console offers them.
    pub const ALL: [ActivityAction; 33] = [
        Self::ProjectRenamed,
        Self::ProjectPaused,
        Self::ProjectResumed,
        Self::TokenCreated,
        Self::TokenRotated,
        Self::TokenDeleted,
        Self::KafkaUserCreated,
        Self::KafkaUserUpdated,
        Self::KafkaUserDeleted,
        Self::RequestSubmitted,
        Self::RequestCancelled,
        Self::RequestDeclined,
        Self::RequestProvisioned,
        Self::MemberInvited,
        Self::InvitationRenewed,
        Self::MemberJoined,
        Self::MemberUpdated,
        Self::MemberRoleChanged,
        Self::MemberRemoved,
        Self::ConnectorCreated,
        Self::ConnectorUpdated,
        Self::ConnectorStateChanged,
        Self::ConnectorDeleted,
        Self::AccessRequested,
        Self::AccessGranted,
        Self::AccessDeclined,
        Self::AccessCancelled,
        Self::PipelineCreated,
        Self::PipelineUpdated,
        Self::PipelineStateChanged,
        Self::PipelineDeleted,
        Self::TopicCreated,
        Self::TopicDeleted,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProjectRenamed => "project.renamed",
            Self::ProjectPaused => "project.paused",
            Self::ProjectResumed => "project.resumed",
            Self::TokenCreated => "token.created",
            Self::TokenRotated => "token.rotated",
            Self::TokenDeleted => "token.deleted",
            Self::KafkaUserCreated => "kafka_user.created",
            Self::KafkaUserUpdated => "kafka_user.updated",
            Self::KafkaUserDeleted => "kafka_user.deleted",
            Self::RequestSubmitted => "request.submitted",
            Self::RequestCancelled => "request.cancelled",
            Self::RequestDeclined => "request.declined",
            Self::RequestProvisioned => "request.provisioned",
            Self::MemberInvited => "member.invited",
            Self::InvitationRenewed => "member.invitation_renewed",
            Self::MemberJoined => "member.joined",
            Self::MemberUpdated => "member.updated",
            Self::MemberRoleChanged => "member.role_changed",
            Self::MemberRemoved => "member.removed",
            Self::ConnectorCreated => "connector.created",
            Self::ConnectorUpdated => "connector.updated",
            Self::ConnectorStateChanged => "connector.state_changed",
            Self::ConnectorDeleted => "connector.deleted",
            Self::AccessRequested => "access.requested",
            Self::AccessGranted => "access.granted",
            Self::AccessDeclined => "access.declined",
            Self::AccessCancelled => "access.cancelled",
            Self::PipelineCreated => "pipeline.created",
            Self::PipelineUpdated => "pipeline.updated",
            Self::PipelineStateChanged => "pipeline.state_changed",
            Self::PipelineDeleted => "pipeline.deleted",
            Self::TopicCreated => "topic.created",
            Self::TopicDeleted => "topic.deleted",
        }
    }

    /// The action with this wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// In words, for a person.
    pub fn label(self) -> &'static str {
        match self {
            Self::ProjectRenamed => "Project renamed",
            Self::ProjectPaused => "Project paused",
            Self::ProjectResumed => "Project resumed",
            Self::TokenCreated => "API token created",
            Self::TokenRotated => "API token regenerated",
            Self::TokenDeleted => "API token deleted",
            Self::KafkaUserCreated => "Kafka user created",
            Self::KafkaUserUpdated => "Kafka user changed",
            Self::KafkaUserDeleted => "Kafka user deleted",
            Self::RequestSubmitted => "Project requested",
            Self::RequestCancelled => "Request cancelled",
            Self::RequestDeclined => "Request declined",
            Self::RequestProvisioned => "Project provisioned",
            Self::MemberInvited => "Member invited",
            Self::InvitationRenewed => "Invitation link renewed",
            Self::MemberJoined => "Member set their password",
            Self::MemberUpdated => "Member changed",
            Self::MemberRoleChanged => "Role changed",
            Self::MemberRemoved => "Member removed",
            Self::ConnectorCreated => "Connector created",
            Self::ConnectorUpdated => "Connector changed",
            Self::ConnectorStateChanged => "Connector paused, resumed or stopped",
            Self::ConnectorDeleted => "Connector deleted",
            Self::AccessRequested => "Access requested",
            Self::AccessGranted => "Access granted",
            Self::AccessDeclined => "Access request declined",
            Self::AccessCancelled => "Access request withdrawn",
            Self::PipelineCreated => "Pipeline created",
            Self::PipelineUpdated => "Pipeline changed",
            Self::PipelineStateChanged => "Pipeline paused, resumed or stopped",
            Self::PipelineDeleted => "Pipeline deleted",
            Self::TopicCreated => "Topic created",
            Self::TopicDeleted => "Topic deleted",
        }
    }
}

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A signed-in console user.
    User,
    /// An API token, through an access token.
    Token,
    /// The server's operator command.
    Operator,
}

/// Who did it, as they were known when they did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    /// A user, an API token or the operator.
    pub kind: ActorKind,
    /// The user's id or the token's client id; absent for the operator.
    pub id: Option<String>,
    /// The user's name, the token's description, or "Operator".
    pub name: String,
    /// The user's email or the token's client id.
    pub detail: Option<String>,
}

/// One field that changed. Secrets and passwords are never given: a
/// changed password is a change of `password` with neither value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Its value before, when it had one and it may be shown.
    pub from: Option<String>,
    /// Its value after, when it has one and it may be shown.
    pub to: Option<String>,
}

impl FieldChange {
    /// A change of `field` from `from` to `to`.
    pub fn new(field: &str, from: Option<String>, to: Option<String>) -> Self {
        Self {
            field: field.to_string(),
            from,
            to,
        }
    }
}

/// The project a change was made on, by its name then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityProject {
    /// Its id.
    pub id: ProjectId,
    /// Its name when the change was made.
    pub name: String,
}

/// One entry of the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEntry {
    /// Its number: later entries have larger ones.
    pub id: i64,
    /// When.
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: Actor,
    /// From which IP address, when known.
    pub address: Option<String>,
    /// What.
    pub action: ActivityAction,
    /// On which project; absent for a change to the organisation.
    pub project: Option<ActivityProject>,
    /// What it was done to: the token, Kafka user, member or request, in
    /// words.
    pub target: Option<String>,
    /// The fields that changed.
    pub changes: Vec<FieldChange>,
}

/// Longest actor search accepted.
pub const MAX_ACTOR_SEARCH: usize = 100;

/// `GET …/activity?page&page_size&actor&action&from&to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityQuery {
    /// Page number, from 1.
    pub page: u32,
    /// Entries per page.
    pub page_size: u32,
    /// A case-insensitive part of the actor's name, email, description or
    /// client id.
    pub actor: String,
    /// Only this action.
    pub action: Option<ActivityAction>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
}

impl Default for ActivityQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: crate::DEFAULT_PAGE_SIZE,
            actor: String::new(),
            action: None,
            from: None,
            to: None,
        }
    }
}

/// A day as `YYYY-MM-DD`. Read and written by hand: chrono's format
/// machinery would weigh on the console's bundle for this one shape.
pub fn day_text(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

fn parse_day(field: &'static str, value: &str) -> Result<Option<NaiveDate>, FieldError> {
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = value.split('-');
    let day = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None) => match (number(y, 4), number(m, 2), number(d, 2)) {
            (Some(y), Some(m), Some(d)) => i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
            _ => None,
        },
        _ => None,
    };
    day.map(Some).ok_or_else(|| {
        FieldError::new(
            field,
            format!("{field} is a day such as 2026-03-01, not '{value}'"),
        )
    })
}

impl ActivityQuery {
    /// Reads the query's pairs; an unknown key is ignored, a bad value is
    /// an error naming it.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = crate::list::parse_page(value)?,
                "page_size" => query.page_size = crate::list::parse_page_size(value)?,
                "actor" => {
                    let actor = value.trim();
                    if actor.chars().count() > MAX_ACTOR_SEARCH {
                        return Err(FieldError::new(
                            "actor",
                            format!("actor is at most {MAX_ACTOR_SEARCH} characters"),
                        ));
                    }
                    query.actor = actor.to_string();
                }
                "action" => {
                    query.action = Some(ActivityAction::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "action",
                            format!("'{value}' is not an action of the activity log"),
                        )
                    })?)
                }
                "from" => query.from = parse_day("from", value)?,
                "to" => query.to = parse_day("to", value)?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string that asks for it, without the `?`; what is at its
    /// default is left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.page_size != crate::DEFAULT_PAGE_SIZE {
            parts.push(format!("page_size={}", self.page_size));
        }
        if !self.actor.is_empty() {
            parts.push(format!("actor={}", crate::percent_encode(&self.actor)));
        }
        if let Some(action) = self.action {
            parts.push(format!("action={}", action.as_str()));
        }
        if let Some(from) = self.from {
            parts.push(format!("from={}", day_text(from)));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={}", day_text(to)));
        }
        parts.join("&")
    }

    /// Whether the range ends before it starts (and so holds nothing).
    pub fn reversed(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        !self.actor.is_empty() || self.action.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// A CSV field, quoted when it needs to be; a text that a spreadsheet
/// would read as a formula is prefixed with an apostrophe.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The header of the activity log's CSV export.
pub const CSV_HEADER: &str =
    "time,actor,actor_kind,actor_detail,address,action,project,target,changes";

/// One entry as a line of the CSV export, without its line end.
pub fn csv_line(entry: &ActivityEntry) -> String {
    let changes: Vec<String> = entry
        .changes
        .iter()
        .map(|c| match (&c.from, &c.to) {
            (Some(from), Some(to)) => format!("{}: {from} → {to}", c.field),
            (None, Some(to)) => format!("{}: {to}", c.field),
            (Some(from), None) => format!("{}: {from} → (none)", c.field),
            (None, None) => format!("{}: changed", c.field),
        })
        .collect();
    let kind = match entry.actor.kind {
        ActorKind::User => "user",
        ActorKind::Token => "token",
        ActorKind::Operator => "operator",
    };
    [
        entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        entry.actor.name.clone(),
        kind.to_string(),
        entry.actor.detail.clone().unwrap_or_default(),
        entry.address.clone().unwrap_or_default(),
        entry.action.as_str().to_string(),
        entry
            .project
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        entry.target.clone().unwrap_or_default(),
        changes.join("; "),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_through_their_spelling() {
        for action in ActivityAction::ALL {
            assert_eq!(ActivityAction::parse(action.as_str()), Some(action));
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
        }
        assert_eq!(ActivityAction::parse("project.deleted"), None);
    }

    #[test]
    fn a_query_is_read_and_written_back() {
        let q = ActivityQuery::from_pairs([
            ("page", "2"),
            ("actor", " Ana Lee "),
            ("action", "token.created"),
            ("from", "2026-01-02"),
            ("to", "2026-01-31"),
        ])
        .unwrap();
        assert_eq!(q.actor, "Ana Lee");
        assert_eq!(q.action, Some(ActivityAction::TokenCreated));
        assert_eq!(
            q.to_query_string(),
            "page=2&actor=Ana%20Lee&action=token.created&from=2026-01-02&to=2026-01-31"
        );
        assert!(q.filtered());
        assert_eq!(
            ActivityQuery::from_pairs([("to", "2026-13-01")])
                .unwrap_err()
                .field,
            "to"
        );
        assert!(
            ActivityQuery::from_pairs([("from", "2026-02-01"), ("to", "2026-01-01")])
                .unwrap()
                .reversed()
        );
        assert_eq!(
            ActivityQuery::from_pairs([("action", "drop")])
                .unwrap_err()
                .field,
            "action"
        );
        assert!(ActivityQuery::from_pairs([("from", "")]).is_err());
        for bad in [
            "2026-1-01",
            "2026-02-30",
            "+2026-01-01",
            "2026-01-01-",
            "0000-00-00",
            "２０２６-01-01",
        ] {
            assert!(ActivityQuery::from_pairs([("from", bad)]).is_err(), "{bad}");
        }
        assert_eq!(
            ActivityQuery::from_pairs([("from", "0001-01-01")])
                .unwrap()
                .from
                .map(day_text)
                .as_deref(),
            Some("0001-01-01")
        );
        assert!(!ActivityQuery::from_pairs([("page", "3")])
            .unwrap()
            .filtered());
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
    }
}
