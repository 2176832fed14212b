//! A project's topics: those its sources write (one per captured table),
//! the dead-letter topic of each destination, and those created by hand
//! (the `topics` table), with the data plane's figures.

use super::activity::{self, Audit, Event};
use super::pipelines::{reference, Parts, TopicFigures};
use super::{Conn, DbError};
use crate::params;
use api_types::connectors::ConnectorKind;
use api_types::pipelines::{
    dead_letter_topic, topic_name, CleanupPolicy, Topic, TopicGroup, TopicKind, TopicListQuery,
    TopicSettings, TopicSort,
};
use api_types::{ActivityAction, ListResponse, ProjectId, SortDir};
use chrono::{DateTime, Utc};

/// Where a topic's figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A source's table.
    Source {
        /// The source's id.
        source: String,
        /// The table.
        table: String,
    },
    /// A destination's dead letters.
    DeadLetter(String),
    /// Created by hand: no traffic.
    Manual,
}

fn manual(conn: &Conn, project: &ProjectId) -> Result<Vec<(String, TopicSettings)>, DbError> {
    conn.query_map(
        "SELECT name, num_partitions, replication_factor, cleanup_policy, retention_ms, \
         retention_bytes, max_message_bytes FROM topics WHERE project_id = ?1",
        params![project.as_str()],
        |row| {
            let policy: String = row.get(3)?;
            Ok((
                row.get(0)?,
                TopicSettings {
                    num_partitions: u32::try_from(row.get::<_, i64>(1)?).unwrap_or(1),
                    replication_factor: u32::try_from(row.get::<_, i64>(2)?).unwrap_or(1),
                    cleanup_policy: if policy == "compact" {
                        CleanupPolicy::Compact
                    } else {
                        CleanupPolicy::Delete
                    },
                    retention_ms: row.get(4)?,
                    retention_bytes: row.get(5)?,
                    max_message_bytes: u32::try_from(row.get::<_, i64>(6)?).unwrap_or(0),
                },
            ))
        },
    )
}

/// How many topics the project has, without its dead-letter topics: one
/// per table its sources capture, and those created by hand.
pub fn count(conn: &Conn, project: &ProjectId, parts: &Parts) -> Result<u32, DbError> {
    let derived: usize = parts
        .connectors()
        .filter(|c| c.kind == ConnectorKind::Source)
        .map(|c| parts.tables(&c.id).len())
        .sum();
    let manual: i64 = conn.query_row(
        "SELECT COUNT(*) FROM topics WHERE project_id = ?1",
        params![project.as_str()],
        |row| row.get(0),
    )?;
    Ok(u32::try_from(derived as i64 + manual).unwrap_or(u32::MAX))
}

/// Every topic of the project with its origin, its figures metered first.
pub fn all(
    conn: &mut Conn,
    project: &ProjectId,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Vec<(Topic, Origin)>, DbError> {
    let TopicFigures {
        topics: figures,
        dead_letters,
        pipelines,
    } = super::pipelines::topic_figures(conn, project, now, dp_now)?;
    let parts = Parts::read(conn, project, now)?;
    let manual = manual(conn, project)?;
    let mut out = Vec::new();
    let mut connectors: Vec<_> = parts.connectors().collect();
    connectors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    for c in &connectors {
        match c.kind {
            ConnectorKind::Source => {
                for table in parts.tables(&c.id) {
                    let readers: Vec<_> = pipelines
                        .iter()
                        .filter(|p| {
                            p.source.id == c.id && p.topics.contains(&topic_name(&c.name, &table))
                        })
                        .collect();
                    let mut destinations: Vec<_> =
                        readers.iter().map(|p| p.destination.clone()).collect();
                    destinations.sort_by(|a, b| a.name.cmp(&b.name));
                    destinations.dedup_by(|a, b| a.id == b.id);
                    let f = figures
                        .get(&(c.id.clone(), table.clone()))
                        .cloned()
                        .unwrap_or_default();
                    out.push((
                        Topic {
                            name: topic_name(&c.name, &table),
                            kind: TopicKind::Source,
                            source: Some(reference(c)),
                            destinations,
                            pipelines: readers.iter().map(|p| p.name.clone()).collect(),
                            settings: TopicSettings::default(),
                            volume_bytes: f.day.bytes_in,
                            records: f.day.records_in,
                            errors: f.day.errors,
                            written: f.day.records_out,
                            lag: f.lag,
                            latency_ms: f.latency_ms,
                            last_message_at: f.last_message_at,
                        },
                        Origin::Source {
                            source: c.id.clone(),
                            table,
                        },
                    ));
                }
            }
            ConnectorKind::Destination => {
                let (errors, last) = dead_letters.get(&c.id).cloned().unwrap_or_default();
                out.push((
                    Topic {
                        name: dead_letter_topic(&c.id),
                        kind: TopicKind::DeadLetter,
                        source: None,
                        destinations: vec![reference(c)],
                        pipelines: pipelines
                            .iter()
                            .filter(|p| p.destination.id == c.id)
                            .map(|p| p.name.clone())
                            .collect(),
                        settings: TopicSettings {
                            num_partitions: 1,
                            ..TopicSettings::default()
                        },
                        volume_bytes: 0,
                        records: errors,
                        errors: 0,
                        written: 0,
                        lag: 0,
                        latency_ms: None,
                        last_message_at: last,
                    },
                    Origin::DeadLetter(c.id.clone()),
                ));
            }
        }
    }
    for (name, settings) in manual {
        out.push((
            Topic {
                name,
                kind: TopicKind::Manual,
                source: None,
                destinations: Vec::new(),
                pipelines: Vec::new(),
                settings,
                volume_bytes: 0,
                records: 0,
                errors: 0,
                written: 0,
                lag: 0,
                latency_ms: None,
                last_message_at: None,
            },
            Origin::Manual,
        ));
    }
    Ok(out)
}

fn group_key(t: &Topic, group: TopicGroup) -> String {
    match group {
        TopicGroup::None => String::new(),
        TopicGroup::Source => t
            .source
            .as_ref()
            .map(|s| s.name.to_lowercase())
            .unwrap_or_else(|| "\u{10ffff}".into()),
        TopicGroup::Destination => t
            .destinations
            .first()
            .map(|d| d.name.to_lowercase())
            .unwrap_or_else(|| "\u{10ffff}".into()),
    }
}

/// One page of the project's topics that match `query`.
pub fn list(
    conn: &mut Conn,
    project: &ProjectId,
    query: &TopicListQuery,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<ListResponse<Topic>, DbError> {
    let search = query.partial_name.to_lowercase();
    let mut items: Vec<Topic> = all(conn, project, now, dp_now)?
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| query.include_dlq || t.kind != TopicKind::DeadLetter)
        .filter(|t| search.is_empty() || t.name.to_lowercase().contains(&search))
        .collect();
    items.sort_by(|a, b| {
        let by = match query.sort {
            TopicSort::Topic => std::cmp::Ordering::Equal,
            TopicSort::Source => {
                group_key(a, TopicGroup::Source).cmp(&group_key(b, TopicGroup::Source))
            }
            TopicSort::Destination => {
                group_key(a, TopicGroup::Destination).cmp(&group_key(b, TopicGroup::Destination))
            }
            TopicSort::Volume => a.volume_bytes.cmp(&b.volume_bytes),
            TopicSort::Errors => a.errors.cmp(&b.errors),
            TopicSort::Written => a.written.cmp(&b.written),
            TopicSort::Lag => a.lag.cmp(&b.lag),
            TopicSort::Latency => a.latency_ms.cmp(&b.latency_ms),
            TopicSort::LastMessage => a.last_message_at.cmp(&b.last_message_at),
        }
        .then_with(|| a.name.cmp(&b.name));
        let by = if query.sort_dir == SortDir::Desc {
            by.reverse()
        } else {
            by
        };
        // Groups come first, in name order, whatever the sort.
        group_key(a, query.group)
            .cmp(&group_key(b, query.group))
            .then(by)
    });
    let total = items.len() as i64;
    let offset =
        usize::try_from(super::offset_of(query.page, query.page_size)).unwrap_or(usize::MAX);
    let page = items
        .into_iter()
        .skip(offset)
        .take(query.page_size as usize)
        .collect();
    Ok(super::page_envelope(
        page,
        query.page,
        query.page_size,
        total,
    ))
}

/// The topic with this name and where its figures come from.
pub fn get(
    conn: &mut Conn,
    project: &ProjectId,
    name: &str,
    now: DateTime<Utc>,
    dp_now: DateTime<Utc>,
) -> Result<Option<(Topic, Origin)>, DbError> {
    Ok(all(conn, project, now, dp_now)?
        .into_iter()
        .find(|(t, _)| t.name == name))
}

/// What came of creating or deleting a topic.
#[derive(Debug)]
pub enum Outcome {
    /// Done.
    Done(Box<Topic>),
    /// The project has a topic of that name already.
    NameTaken,
    /// No topic created by hand has that name.
    Missing,
    /// The topic is not one created by hand: refused, for the reason given.
    Refused(String),
}

/// Creates a topic by hand, unless the project has one of that name
/// (a source's, a dead-letter topic or another created by hand).
pub fn create(
    conn: &mut Conn,
    project: &ProjectId,
    name: &str,
    settings: TopicSettings,
    audit: &Audit,
    dp_now: DateTime<Utc>,
) -> Result<Outcome, DbError> {
    if all(conn, project, audit.at, dp_now)?
        .iter()
        .any(|(t, _)| t.name == name)
    {
        return Ok(Outcome::NameTaken);
    }
    let tx = conn.write_tx()?;
    let inserted = tx.execute(
        "INSERT INTO topics (project_id, name, num_partitions, replication_factor, cleanup_policy, \
         retention_ms, retention_bytes, max_message_bytes, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            project.as_str(),
            name,
            i64::from(settings.num_partitions),
            i64::from(settings.replication_factor),
            settings.cleanup_policy.as_str(),
            settings.retention_ms,
            settings.retention_bytes,
            i64::from(settings.max_message_bytes),
            audit.at.timestamp_millis()
        ],
    );
    match inserted {
        Err(e) if super::violates(&e, "topics.name") => return Ok(Outcome::NameTaken),
        other => other?,
    };
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::TopicCreated, Some(project))
            .target(format!("topic {name}"))
            .change("topic_name", None, Some(name.to_string()))
            .change(
                "num_partitions",
                None,
                Some(settings.num_partitions.to_string()),
            )
            .change(
                "cleanup_policy",
                None,
                Some(settings.cleanup_policy.as_str().to_string()),
            ),
    )?;
    tx.commit()?;
    Ok(Outcome::Done(Box::new(Topic {
        name: name.to_string(),
        kind: TopicKind::Manual,
        source: None,
        destinations: Vec::new(),
        pipelines: Vec::new(),
        settings,
        volume_bytes: 0,
        records: 0,
        errors: 0,
        written: 0,
        lag: 0,
        latency_ms: None,
        last_message_at: None,
    })))
}

/// Deletes a topic created by hand. A source's topic or a dead-letter
/// topic goes with its connector, and is refused here.
pub fn delete(
    conn: &mut Conn,
    project: &ProjectId,
    name: &str,
    audit: &Audit,
    dp_now: DateTime<Utc>,
) -> Result<Outcome, DbError> {
    let Some((topic, origin)) = get(conn, project, name, audit.at, dp_now)? else {
        return Ok(Outcome::Missing);
    };
    if origin != Origin::Manual {
        return Ok(Outcome::Refused(format!(
            "{name} belongs to {}: it goes when that connector is deleted.",
            topic
                .source
                .as_ref()
                .or(topic.destinations.first())
                .map_or("a connector", |c| c.name.as_str())
        )));
    }
    let tx = conn.write_tx()?;
    tx.execute(
        "DELETE FROM topics WHERE project_id = ?1 AND name = ?2",
        params![project.as_str(), name],
    )?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::TopicDeleted, Some(project))
            .target(format!("topic {name}"))
            .change("topic_name", Some(name.to_string()), None),
    )?;
    tx.commit()?;
    Ok(Outcome::Done(Box::new(topic)))
}
