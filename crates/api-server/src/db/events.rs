//! The `events` table: the outbox of live updates. A change's rows are
//! written in the change's own transaction (by [`super::activity::record`],
//! and when a session ends), so that a stream never announces a change
//! that did not happen nor misses one that did. Streams read the table,
//! whichever server instance wrote it.

use super::DbError;
use crate::db::Conn;
use crate::params;
use api_types::live::LiveTopic;
use api_types::{ActivityAction, RoleKey};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How long events are kept: a stream that reconnects with an older id is
/// told to read everything again.
pub const RETAIN_MS: i64 = 24 * 60 * 60 * 1000;

/// The internal topic of a session that ended (signed out, or every session
/// of a removed user): the user's streams check their own session.
pub const SESSION: &str = "session";

/// One row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbox {
    /// Its id, which streams send as the event's id.
    pub id: i64,
    /// `project`, `resources`, `members`, `requests`, `access` or
    /// `session`.
    pub topic: String,
    /// The project it is about.
    pub project: Option<String>,
    /// The user it is addressed to.
    pub user: Option<String>,
    /// The change, as the activity log names it.
    pub action: String,
}

impl Outbox {
    /// The topic as a console knows it; `None` for internal ones.
    pub fn live_topic(&self) -> Option<LiveTopic> {
        Some(match self.topic.as_str() {
            "project" => LiveTopic::Project,
            "resources" => LiveTopic::Resources,
            "members" => LiveTopic::Members,
            "requests" => LiveTopic::Requests,
            "access" => LiveTopic::Access,
            _ => return None,
        })
    }
}

fn topic_text(topic: LiveTopic) -> &'static str {
    match topic {
        LiveTopic::Project => "project",
        LiveTopic::Resources => "resources",
        LiveTopic::Members => "members",
        LiveTopic::Requests => "requests",
        LiveTopic::Access => "access",
        LiveTopic::Resync => "resync",
    }
}

/// The topics a change of `action` is announced under.
pub fn topics_of(action: ActivityAction) -> &'static [LiveTopic] {
    use ActivityAction as A;
    match action {
        A::ProjectRenamed | A::ProjectPaused | A::ProjectResumed => &[LiveTopic::Project],
        // A new project: in everyone's list, and its request is settled.
        A::RequestProvisioned => &[LiveTopic::Project, LiveTopic::Requests],
        A::RequestSubmitted | A::RequestCancelled | A::RequestDeclined => &[LiveTopic::Requests],
        A::TokenCreated
        | A::TokenRotated
        | A::TokenDeleted
        | A::KafkaUserCreated
        | A::KafkaUserUpdated
        | A::KafkaUserDeleted
        | A::ConnectorCreated
        | A::ConnectorUpdated
        | A::ConnectorStateChanged
        | A::ConnectorDeleted
        | A::PipelineCreated
        | A::PipelineUpdated
        | A::PipelineStateChanged
        | A::PipelineDeleted
        | A::TopicCreated
        | A::TopicDeleted => &[LiveTopic::Resources],
        A::MemberInvited
        | A::InvitationRenewed
        | A::MemberJoined
        | A::MemberUpdated
        | A::MemberRoleChanged
        | A::MemberRemoved => &[LiveTopic::Members],
        // A grant gives a role too.
        A::AccessGranted => &[LiveTopic::Access, LiveTopic::Members],
        A::AccessRequested | A::AccessDeclined | A::AccessCancelled => &[LiveTopic::Access],
    }
}

/// Writes the rows announcing `action` on `project`, addressed to `user`.
/// Call it inside the change's transaction.
pub fn publish(
    conn: &Conn,
    at: DateTime<Utc>,
    action: ActivityAction,
    project: Option<&str>,
    user: Option<&str>,
) -> Result<(), DbError> {
    for topic in topics_of(action) {
        insert(conn, at, topic_text(*topic), project, user, action.as_str())?;
    }
    Ok(())
}

/// Writes that a session of `user` ended.
pub fn session_ended(conn: &Conn, at: DateTime<Utc>, user: &str) -> Result<(), DbError> {
    insert(conn, at, SESSION, None, Some(user), "session.ended")
}

fn insert(
    conn: &Conn,
    at: DateTime<Utc>,
    topic: &str,
    project: Option<&str>,
    user: Option<&str>,
    action: &str,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO events (at, topic, project_id, user_id, action) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.timestamp_millis(), topic, project, user, action],
    )?;
    Ok(())
}

/// Up to `limit` rows after `id`, oldest first.
pub fn after(conn: &Conn, id: i64, limit: i64) -> Result<Vec<Outbox>, DbError> {
    conn.query_map(
        "SELECT id, topic, project_id, user_id, action FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
        params![id, limit],
        |row| {
            Ok(Outbox {
                id: row.get(0)?,
                topic: row.get(1)?,
                project: row.get(2)?,
                user: row.get(3)?,
                action: row.get(4)?,
            })
        },
    )
}

/// The ids after `id`, oldest first.
pub fn ids_after(conn: &Conn, id: i64) -> Result<Vec<i64>, DbError> {
    conn.query_map(
        "SELECT id FROM events WHERE id > ?1 ORDER BY id",
        params![id],
        |row| row.get(0),
    )
}

/// The oldest and the newest id kept, if any.
pub fn bounds(conn: &Conn) -> Result<Option<(i64, i64)>, DbError> {
    let (oldest, newest): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT MIN(id), MAX(id) FROM events", params![], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    Ok(oldest.zip(newest))
}

/// Forgets the events older than [`RETAIN_MS`]; how many.
pub fn prune(conn: &Conn, now: DateTime<Utc>) -> Result<usize, DbError> {
    conn.execute(
        "DELETE FROM events WHERE at < ?1",
        params![now.timestamp_millis() - RETAIN_MS],
    )
}

/// Who a stream serves, as its events are filtered: read when it opens
/// and again when an event is addressed to them (their roles or flags may
/// have changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watcher {
    /// The user's id.
    pub user_id: String,
    /// Admin on every project.
    pub organisation_admin: bool,
    /// Support staff.
    pub support: bool,
    /// Their role on each project they are a member of.
    pub roles: HashMap<String, RoleKey>,
    /// When their session expires (milliseconds since the epoch).
    pub expires_at: i64,
}

/// The user of the live session `token_hash` with their roles, or `None`
/// if it ended or expired.
pub fn watcher(
    conn: &Conn,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<Watcher>, DbError> {
    let Some((viewer, expires_at)) = super::users::session_of(conn, token_hash)? else {
        return Ok(None);
    };
    let super::users::Viewer {
        user_id,
        organisation_admin,
        support,
    } = viewer;
    if expires_at <= now.timestamp_millis() {
        return Ok(None);
    }
    let roles = conn
        .query_map(
            "SELECT project_id, role FROM memberships WHERE user_id = ?1",
            params![user_id],
            |row| {
                let project: String = row.get(0)?;
                let role: String = row.get(1)?;
                Ok((project, super::users::parse_role(&role)?))
            },
        )?
        .into_iter()
        .collect();
    Ok(Some(Watcher {
        user_id,
        organisation_admin,
        support,
        roles,
        expires_at,
    }))
}

impl Watcher {
    /// Whether the event may be sent to this user: nothing about a project
    /// they cannot see, nor anyone else's requests.
    pub fn may_see(&self, row: &Outbox) -> bool {
        let mine = row.user.as_deref() == Some(self.user_id.as_str());
        let role = row.project.as_deref().and_then(|p| self.roles.get(p));
        match row.live_topic() {
            // Every member sees every project's name and state.
            Some(LiveTopic::Project) => true,
            Some(LiveTopic::Resources) => self.organisation_admin || role.is_some(),
            Some(LiveTopic::Members) => self.organisation_admin || mine || role.is_some(),
            Some(LiveTopic::Requests) => self.organisation_admin || self.support || mine,
            Some(LiveTopic::Access) => {
                self.organisation_admin || mine || role == Some(&RoleKey::Admin)
            }
            Some(LiveTopic::Resync) | None => false,
        }
    }

    /// Whether the event is addressed to this user (their roles, flags or
    /// sessions may have changed).
    pub fn addressed(&self, row: &Outbox) -> bool {
        row.user.as_deref() == Some(self.user_id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(topic: &str, project: Option<&str>, user: Option<&str>) -> Outbox {
        Outbox {
            id: 1,
            topic: topic.into(),
            project: project.map(str::to_string),
            user: user.map(str::to_string),
            action: "x".into(),
        }
    }

    fn watcher(admin: bool, support: bool, roles: &[(&str, RoleKey)]) -> Watcher {
        Watcher {
            user_id: "me".into(),
            organisation_admin: admin,
            support,
            roles: roles.iter().map(|(p, r)| (p.to_string(), *r)).collect(),
            expires_at: i64::MAX,
        }
    }

    #[test]
    fn a_stream_sees_only_what_its_user_may_see() {
        let reader = watcher(false, false, &[("a", RoleKey::ReadOnly)]);
        let admin_of_a = watcher(false, false, &[("a", RoleKey::Admin)]);
        let organisation = watcher(true, false, &[]);
        let support = watcher(false, true, &[]);
        let stranger = watcher(false, false, &[]);

        // Names and states: everyone.
        for w in [&reader, &organisation, &support, &stranger] {
            assert!(w.may_see(&row("project", Some("b"), None)));
        }
        // A project's resources: its members and organisation admins.
        assert!(reader.may_see(&row("resources", Some("a"), None)));
        assert!(!reader.may_see(&row("resources", Some("b"), None)));
        assert!(organisation.may_see(&row("resources", Some("b"), None)));
        assert!(!support.may_see(&row("resources", Some("a"), None)));
        assert!(!stranger.may_see(&row("resources", Some("a"), None)));
        // Someone else's request: support and organisation admins only.
        assert!(!reader.may_see(&row("requests", None, Some("other"))));
        assert!(reader.may_see(&row("requests", None, Some("me"))));
        assert!(support.may_see(&row("requests", None, Some("other"))));
        // Access requests: the requester and the project's Admins.
        assert!(!reader.may_see(&row("access", Some("a"), Some("other"))));
        assert!(admin_of_a.may_see(&row("access", Some("a"), Some("other"))));
        assert!(stranger.may_see(&row("access", Some("a"), Some("me"))));
        // Roles: the member concerned, the project's members.
        assert!(stranger.may_see(&row("members", Some("a"), Some("me"))));
        assert!(!stranger.may_see(&row("members", Some("a"), Some("other"))));
        assert!(reader.may_see(&row("members", Some("a"), Some("other"))));
        assert!(!reader.may_see(&row("members", None, Some("other"))));
        // Internal rows go to nobody.
        assert!(!organisation.may_see(&row("session", None, Some("me"))));
    }

    #[test]
    fn every_action_is_announced() {
        for action in ActivityAction::ALL {
            assert!(!topics_of(action).is_empty(), "{action:?}");
            assert!(!topics_of(action).contains(&LiveTopic::Resync));
        }
    }
}
