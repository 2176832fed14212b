//! The `projects` table.

use super::users::{memberships, Viewer};
use super::DbError;
use crate::db::{Conn, OptionalExtension, Row};
use crate::params;
use api_types::{
    fold_name, Cloud, EnvironmentType, ListResponse, Project, ProjectId, ProjectListQuery,
    ProjectSort, ProjectState, ProjectSummary, RoleKey, SortDir,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

const COLUMNS: &str =
    "id, name, environment, state, cloud, region, kafka_bootstrap_servers, created_at";
/// What a project's row holds beyond [`COLUMNS`]: why it was paused.
const PAUSE_COLUMNS: &str = "pause_reason, pause_note, pause_by, pause_since, pause_until";

fn from_row(row: &Row<'_>) -> Result<Project, DbError> {
    let id: String = row.get(0)?;
    let state: String = row.get(3)?;
    let cloud: String = row.get(4)?;
    let created_ms: i64 = row.get(7)?;
    Ok(Project {
        id: ProjectId::parse(&id).map_err(|_| DbError::Corrupt(format!("project id {id:?}")))?,
        name: row.get(1)?,
        environment: EnvironmentType::from(row.get::<_, String>(2)?),
        state: ProjectState::parse(&state)
            .ok_or_else(|| DbError::Corrupt(format!("project {id} state {state:?}")))?,
        cloud: Cloud::parse(&cloud)
            .ok_or_else(|| DbError::Corrupt(format!("project {id} cloud {cloud:?}")))?,
        region: row.get(5)?,
        kafka_bootstrap_servers: row.get(6)?,
        created_at: DateTime::<Utc>::from_timestamp_millis(created_ms)
            .ok_or_else(|| DbError::Corrupt(format!("project {id} created_at {created_ms}")))?,
        pause: None,
    })
}

/// A project's row with its pause: [`COLUMNS`] then [`PAUSE_COLUMNS`].
fn with_pause(row: &Row<'_>) -> Result<Project, DbError> {
    let mut project = from_row(row)?;
    let reason: Option<String> = row.get(8)?;
    let time = |ms: i64| {
        DateTime::<Utc>::from_timestamp_millis(ms)
            .ok_or_else(|| DbError::Corrupt(format!("project {} pause time {ms}", project.id)))
    };
    project.pause = match reason {
        None => None,
        Some(reason) => Some(api_types::Pause {
            reason: api_types::PauseReason::parse(&reason).ok_or_else(|| {
                DbError::Corrupt(format!("project {} pause {reason:?}", project.id))
            })?,
            note: row.get(9)?,
            by: row.get::<_, Option<String>>(10)?.unwrap_or_default(),
            since: time(row.get::<_, Option<i64>>(11)?.unwrap_or_default())?,
            until: row.get::<_, Option<i64>>(12)?.map(time).transpose()?,
        }),
    };
    Ok(project)
}

/// Every project, as the list answers from it: kept in memory between
/// requests and read again only when the projects table has changed (a
/// trigger counts every change, whoever makes it). Search, filters and sorts
/// apply `ProjectListQuery::keeps` and `compare`, the rules the console
/// applies to the projects it holds, so both always agree.
pub struct Catalog {
    /// The `projects_version` this copy was read at.
    version: i64,
    /// Each project as its members see it.
    open: Vec<ProjectSummary>,
    /// Each project as someone who is not a member sees it: cloud, region
    /// and created date hidden.
    locked: Vec<ProjectSummary>,
    /// Each name folded as searches compare it.
    folded: Vec<String>,
    /// The positions of the projects in each sort, as members see them,
    /// computed when first asked.
    orders: Mutex<HashMap<(ProjectSort, SortDir), SortedOrder>>,
}

/// Positions of projects in a sort.
type SortedOrder = Arc<[u32]>;

impl Catalog {
    fn new(version: i64, projects: Vec<Project>) -> Self {
        let open: Vec<ProjectSummary> = projects
            .iter()
            .map(|p| ProjectSummary::of(p, Some(RoleKey::ReadOnly)))
            .collect();
        let locked = projects
            .iter()
            .map(|p| ProjectSummary::of(p, None))
            .collect();
        let folded = projects.iter().map(|p| fold_name(&p.name)).collect();
        Self {
            version,
            open,
            locked,
            folded,
            orders: Mutex::new(HashMap::new()),
        }
    }

    /// The projects' positions in a sort, as members see them.
    fn order(&self, sort: ProjectSort, dir: SortDir) -> SortedOrder {
        let kept = self
            .orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(sort, dir))
            .cloned();
        if let Some(order) = kept {
            return order;
        }
        // Sorted without holding the lock: requests for sorts already kept
        // do not wait for this one.
        let by = ProjectListQuery {
            sort,
            sort_dir: dir,
            ..ProjectListQuery::default()
        };
        let order: SortedOrder = by.sorted_positions(&self.open).into();
        self.orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((sort, dir), order.clone());
        order
    }

    /// One page of `query` for a viewer who is a member of the projects
    /// `role_of` gives a role for.
    fn page(
        &self,
        query: &ProjectListQuery,
        role_of: impl Fn(&ProjectId) -> Option<RoleKey>,
    ) -> ListResponse<ProjectSummary> {
        let roles: Vec<Option<RoleKey>> = self.open.iter().map(|p| role_of(&p.id)).collect();
        let order = self.order(query.sort, query.sort_dir);
        // Sorting by a value a locked project hides puts the locked ones
        // lowest, ordered by name: first going up, last going down. Other
        // sorts see the same values either way.
        let hidden = matches!(
            query.sort,
            ProjectSort::CreatedAt | ProjectSort::Cloud | ProjectSort::Region
        );
        let by_name = self.order(ProjectSort::Name, SortDir::Asc);
        let locked_first = || by_name.iter().filter(|&&i| roles[i as usize].is_none());
        let members = || {
            order
                .iter()
                .filter(|&&i| !hidden || roles[i as usize].is_some())
        };
        let sequence: Box<dyn Iterator<Item = &u32>> = match (hidden, query.sort_dir) {
            (false, _) => Box::new(order.iter()),
            (true, SortDir::Asc) => Box::new(locked_first().chain(members())),
            (true, SortDir::Desc) => Box::new(members().chain(locked_first())),
        };
        let needle = query.folded_name();
        let seen = |i: usize| {
            if roles[i].is_some() {
                &self.open[i]
            } else {
                &self.locked[i]
            }
        };
        let matching = sequence.map(|&i| i as usize).filter(|&i| {
            query.admits(roles[i]) && query.keeps(seen(i), &self.folded[i], needle.as_deref())
        });
        query.page_of(matching, |i| ProjectSummary {
            role: roles[i],
            ..seen(i).clone()
        })
    }
}

/// The catalog shared by every request of a server.
#[derive(Clone, Default)]
pub struct CatalogCache(Arc<CatalogSlot>);

#[derive(Default)]
struct CatalogSlot {
    kept: RwLock<Option<Arc<Catalog>>>,
    /// Held while the catalog is read again, so that the requests that
    /// arrive meanwhile wait for that one read instead of each making its own.
    reading: Mutex<()>,
}

impl CatalogCache {
    /// The catalog as the database holds it now.
    fn current(&self, conn: &mut Conn) -> Result<Arc<Catalog>, DbError> {
        let version = projects_version(conn)?;
        if let Some(kept) = self.kept_at(version) {
            return Ok(kept);
        }
        let _reading = self
            .0
            .reading
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Another request may have read it while this one waited.
        let version = projects_version(conn)?;
        if let Some(kept) = self.kept_at(version) {
            return Ok(kept);
        }
        // The projects and their version, read in one transaction, agree.
        let tx = conn.read_tx()?;
        let version = projects_version(&tx)?;
        let projects = tx.query_map(
            &format!("SELECT {COLUMNS} FROM projects"),
            params![],
            from_row,
        )?;
        tx.commit()?;
        let catalog = Arc::new(Catalog::new(version, projects));
        // Whatever was kept is replaced, even by a lower count (a database
        // restored from a backup): the count only says "changed".
        *self.0.kept.write().unwrap_or_else(PoisonError::into_inner) = Some(catalog.clone());
        Ok(catalog)
    }

    fn kept_at(&self, version: i64) -> Option<Arc<Catalog>> {
        self.0
            .kept
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|kept| kept.version == version)
            .cloned()
    }
}

fn projects_version(conn: &Conn) -> Result<i64, DbError> {
    conn.query_row(
        "SELECT n FROM projects_version WHERE id = 1",
        params![],
        |row| row.get(0),
    )
}

/// One page of the projects matching `query` as `viewer` sees them (locked
/// where they have no role), with the total over all pages.
pub fn list(
    conn: &mut Conn,
    catalog: &CatalogCache,
    query: &ProjectListQuery,
    viewer: &Viewer,
) -> Result<ListResponse<ProjectSummary>, DbError> {
    let catalog = catalog.current(conn)?;
    if viewer.organisation_admin {
        return Ok(catalog.page(query, |_| Some(RoleKey::Admin)));
    }
    let roles: HashMap<ProjectId, RoleKey> = memberships(conn, &viewer.user_id)?
        .into_iter()
        .map(|m| (m.project_id, m.role))
        .collect();
    Ok(catalog.page(query, |id| roles.get(id).copied()))
}

/// The project with this id, if any.
pub fn get(conn: &Conn, id: &ProjectId) -> Result<Option<Project>, DbError> {
    conn.query_row(
        &format!("SELECT {COLUMNS}, {PAUSE_COLUMNS} FROM projects WHERE id = ?1"),
        params![id.as_str()],
        |row| Ok(with_pause(row)),
    )
    .optional()?
    .transpose()
}

/// Inserts a project.
pub fn insert(conn: &Conn, p: &Project) -> Result<(), DbError> {
    conn.execute(
        &format!(
            "INSERT INTO projects ({COLUMNS}, name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            p.id.as_str(),
            p.name,
            p.environment.as_str(),
            p.state.as_str(),
            p.cloud.as_str(),
            p.region,
            p.kafka_bootstrap_servers,
            p.created_at.timestamp_millis(),
            name_key(&p.name),
        ],
    )?;
    Ok(())
}

/// A name as compared for uniqueness: compatibility-normalised (NFKC) and
/// lowercased beyond ASCII, so that names a person cannot tell apart
/// ("Été" and "ÉTÉ", a precomposed and a combining accent, full-width and
/// plain letters) cannot both exist.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lowered: String = name.nfkc().flat_map(char::to_lowercase).collect();
    // Lowercasing can leave text that normalises further (e.g. a capital
    // with a combining mark); normalising again makes the key stable.
    lowered.nfkc().collect()
}

/// Fills `name_key` for every project and makes it unique. Projects whose
/// names already collide (possible before the key existed) keep their
/// names: the oldest keeps the plain key, and the others a key made unique
/// by their id, so that no new project can take any of these names.
pub fn fill_name_keys(tx: &Conn) -> Result<(), DbError> {
    let rows: Vec<(String, String)> = tx.query_map(
        "SELECT id, name FROM projects ORDER BY created_at, id",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut seen = std::collections::HashSet::new();
    for (id, name) in rows {
        let mut key = name_key(&name);
        if !seen.insert(key.clone()) {
            tracing::warn!(%id, %name, "a project's name looks like an older project's");
            key = format!("{key}\u{0}{id}");
        }
        tx.execute(
            "UPDATE projects SET name_key = ?2 WHERE id = ?1",
            params![id, key],
        )?;
    }
    tx.execute_batch("CREATE UNIQUE INDEX projects_name_key_unique ON projects (name_key)")?;
    Ok(())
}

/// What came of a rename.
#[derive(Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // made once per rename: boxing buys nothing
pub enum Renamed {
    /// Done; the project as it now is.
    Done(Project),
    /// Another project has that name (regardless of case).
    Taken,
    /// No project has this id.
    Missing,
}

/// Renames a project, with its entry in the activity log.
pub fn rename(
    conn: &mut Conn,
    id: &ProjectId,
    name: &str,
    audit: &super::activity::Audit,
) -> Result<Renamed, DbError> {
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, id)? else {
        return Ok(Renamed::Missing);
    };
    let result = tx.execute(
        "UPDATE projects SET name = ?2, name_key = ?3 WHERE id = ?1",
        params![id.as_str(), name, name_key(name)],
    );
    match result {
        Ok(0) => return Ok(Renamed::Missing),
        Ok(_) => {}
        Err(e)
            if super::violates(&e, "projects.name_key") || super::violates(&e, "projects.name") =>
        {
            return Ok(Renamed::Taken)
        }
        Err(e) => return Err(e),
    }
    let Some(after) = get(&tx, id)? else {
        return Ok(Renamed::Missing);
    };
    if before.name != after.name {
        super::activity::record(
            &tx,
            audit,
            super::activity::Event::on(api_types::ActivityAction::ProjectRenamed, Some(id)).change(
                "name",
                Some(before.name),
                Some(after.name.clone()),
            ),
        )?;
    }
    tx.commit()?;
    Ok(Renamed::Done(after))
}

/// A pause to make.
#[derive(Debug, Clone)]
pub struct NewPause {
    /// Why.
    pub reason: api_types::PauseReason,
    /// The note, trimmed, if any.
    pub note: Option<String>,
    /// The end of a maintenance window.
    pub until: Option<DateTime<Utc>>,
}

/// What came of pausing or resuming a project.
#[derive(Debug)]
pub enum StateChanged {
    /// Done: the project now.
    Done(Project),
    /// It was already in the state asked for: the project as it is.
    Already(Project),
    /// No such project.
    Missing,
}

/// Pauses the project (with `Some`) or resumes it (`None`), as `audit`
/// says, with an entry in its activity log. Its data plane is metered up
/// to `dp_now` first, inside the same transaction, so that the minutes
/// before count as running and none after do while it is paused.
pub fn set_pause(
    conn: &mut Conn,
    id: &ProjectId,
    pause: Option<&NewPause>,
    audit: &super::activity::Audit,
    dp_now: DateTime<Utc>,
) -> Result<StateChanged, DbError> {
    use super::activity::{record, resolve, Event};
    use api_types::ActivityAction;
    let tx = conn.write_tx()?;
    let Some(before) = get(&tx, id)? else {
        return Ok(StateChanged::Missing);
    };
    let wanted = if pause.is_some() {
        ProjectState::Unavailable
    } else {
        ProjectState::Available
    };
    if before.state == wanted {
        return Ok(StateChanged::Already(before));
    }
    super::pipelines::meter(&tx, id, dp_now)?;
    let event = match pause {
        Some(p) => {
            let (_, _, by, _) = resolve(&tx, &audit.actor)?;
            tx.execute(
                "UPDATE projects SET state = 'UNAVAILABLE', pause_reason = ?2, pause_note = ?3, \
                 pause_by = ?4, pause_since = ?5, pause_until = ?6 WHERE id = ?1",
                params![
                    id.as_str(),
                    p.reason.as_str(),
                    p.note.clone(),
                    by,
                    audit.at.timestamp_millis(),
                    p.until.map(|u| u.timestamp_millis())
                ],
            )?;
            let mut event = Event::on(ActivityAction::ProjectPaused, Some(id))
                .change(
                    "state",
                    Some("AVAILABLE".into()),
                    Some("UNAVAILABLE".into()),
                )
                .change("reason", None, Some(p.reason.as_str().into()));
            if let Some(note) = &p.note {
                event = event.change("note", None, Some(note.clone()));
            }
            if let Some(until) = p.until {
                event = event.change("until", None, Some(until.to_rfc3339()));
            }
            event
        }
        None => {
            tx.execute(
                "UPDATE projects SET state = 'AVAILABLE', pause_reason = NULL, pause_note = NULL, \
                 pause_by = NULL, pause_since = NULL, pause_until = NULL WHERE id = ?1",
                params![id.as_str()],
            )?;
            let event = Event::on(ActivityAction::ProjectResumed, Some(id)).change(
                "state",
                Some("UNAVAILABLE".into()),
                Some("AVAILABLE".into()),
            );
            match &before.pause {
                Some(p) => event.change("reason", Some(p.reason.as_str().into()), None),
                None => event,
            }
        }
    };
    record(&tx, audit, event)?;
    let Some(after) = get(&tx, id)? else {
        return Ok(StateChanged::Missing);
    };
    tx.commit()?;
    Ok(StateChanged::Done(after))
}

/// Whether a project already has this name, or one that looks the same
/// (see [`name_key`]).
pub fn name_taken(conn: &Conn, name: &str) -> Result<bool, DbError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM projects WHERE name_key = ?1",
            params![name_key(name)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Projects with repeated names in other cases, equal dates, clouds and
    /// regions, so that ties decide much of the order.
    fn projects() -> Vec<Project> {
        let clouds = [Cloud::Aws, Cloud::Azure, Cloud::Gcp];
        (0..120u32)
            .map(|n| Project {
                id: ProjectId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap(),
                name: if n % 7 == 0 {
                    format!("team-{:02}", n % 13)
                } else {
                    format!("Team-{n:03}")
                },
                environment: EnvironmentType::from(
                    ["production", "staging", "development"][n as usize % 3],
                ),
                state: if n % 4 == 0 {
                    ProjectState::Unavailable
                } else {
                    ProjectState::Available
                },
                cloud: clouds[n as usize % 3],
                region: format!("region-{}", n % 5),
                kafka_bootstrap_servers: String::new(),
                created_at: Utc
                    .timestamp_opt(1_700_000_000 + i64::from(n % 9), 0)
                    .unwrap(),
                pause: None,
            })
            .collect()
    }

    /// Which role a viewer has on a project.
    type RoleOf = dyn Fn(&ProjectId) -> Option<RoleKey>;

    /// The page by the rules alone: every project as the viewer sees it,
    /// filtered, sorted and cut.
    fn expected(
        projects: &[Project],
        query: &ProjectListQuery,
        role_of: &RoleOf,
    ) -> (u64, Vec<ProjectSummary>) {
        let needle = query.folded_name();
        let mut seen: Vec<ProjectSummary> = projects
            .iter()
            .map(|p| ProjectSummary::of(p, role_of(&p.id)))
            .filter(|p| {
                query.admits(p.role) && query.keeps(p, &fold_name(&p.name), needle.as_deref())
            })
            .collect();
        seen.sort_by(|a, b| query.compare(a, b));
        let total = seen.len() as u64;
        let page = seen
            .into_iter()
            .skip(((query.page - 1) * query.page_size) as usize)
            .take(query.page_size as usize)
            .collect();
        (total, page)
    }

    /// The list is only as fresh as this counter. A later migration that
    /// rebuilds the projects table (create, copy, drop, rename) drops its
    /// triggers with it, and must create them again.
    #[test]
    fn after_every_migration_each_change_to_projects_moves_the_counter() {
        let mut conn = Conn::open(&crate::db::Location::Sqlite(":memory:".into())).unwrap();
        crate::db::migrations::apply(&mut conn).unwrap();
        let triggers: Vec<String> = conn
            .query_map(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'projects' ORDER BY name",
                params![],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            triggers,
            [
                "projects_version_on_delete",
                "projects_version_on_insert",
                "projects_version_on_update"
            ]
        );
        let project = &projects()[0];
        let mut seen = vec![projects_version(&conn).unwrap()];
        insert(&conn, project).unwrap();
        seen.push(projects_version(&conn).unwrap());
        rename(
            &mut conn,
            &project.id,
            "Renamed",
            &crate::db::activity::Audit::operator(),
        )
        .unwrap();
        seen.push(projects_version(&conn).unwrap());
        conn.execute("DELETE FROM projects", params![]).unwrap();
        seen.push(projects_version(&conn).unwrap());
        assert!(seen.windows(2).all(|w| w[1] > w[0]), "{seen:?}");
    }

    /// Some sorts also try "only projects I can open" on the first query.
    fn also_openable(sort: ProjectSort) -> bool {
        matches!(sort, ProjectSort::Name | ProjectSort::Region)
    }

    #[test]
    fn pages_follow_the_shared_rules_for_members_and_locked_projects() {
        let projects = projects();
        let catalog = Catalog::new(1, projects.clone());
        let member_of = |id: &ProjectId| {
            let n: u32 = id.as_str()[24..].parse().unwrap();
            match n % 3 {
                0 => None,
                1 => Some(RoleKey::Admin),
                _ => Some(RoleKey::ReadOnly),
            }
        };
        let everyone = |_: &ProjectId| Some(RoleKey::Admin);
        let nobody = |_: &ProjectId| None;
        let viewers: [&RoleOf; 3] = [&member_of, &everyone, &nobody];
        let mut rows = 0;
        for viewer in viewers {
            for sort in ProjectSort::ALL {
                for sort_dir in [SortDir::Asc, SortDir::Desc] {
                    for i in 0..5u32 {
                        let query = ProjectListQuery {
                            page: 1 + i % 3,
                            page_size: 25,
                            sort,
                            sort_dir,
                            partial_name: [None, Some("TEAM-0"), Some("1"), None, Some("zz")]
                                [i as usize]
                                .map(str::to_string),
                            state: (i == 2).then_some(ProjectState::Available),
                            environment: (i == 1).then(|| EnvironmentType::from("staging")),
                            cloud: (i == 3).then_some(Cloud::Azure),
                            openable: i == 4 || (i == 0 && also_openable(sort)),
                        };
                        let (total, page) = expected(&projects, &query, viewer);
                        let answer = catalog.page(&query, viewer);
                        assert_eq!(answer.total, total, "{query:?}");
                        assert_eq!(answer.result, page, "{query:?}");
                        assert_eq!(
                            answer.has_next,
                            u64::from((query.page - 1) * query.page_size) + (page.len() as u64)
                                < total
                        );
                        rows += page.len();
                    }
                }
            }
        }
        assert!(rows > 1000, "the queries must return rows: {rows}");
    }
}
