//! The `projects` table.

use super::users::{parse_role, Viewer};
use super::DbError;
use api_types::{
    Cloud, EnvironmentType, ListResponse, Project, ProjectId, ProjectListQuery, ProjectSort,
    ProjectState, ProjectSummary, SortDir,
};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "id, name, environment, state, cloud, region, kafka_bootstrap_servers, created_at";

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
    })
}

fn order_by(sort: ProjectSort, dir: SortDir) -> String {
    // A locked project's hidden values sort as NULL: the lowest, as the
    // console's in-memory sort has them.
    let column = match sort {
        ProjectSort::Name => "name COLLATE NOCASE",
        ProjectSort::CreatedAt => "(CASE WHEN role IS NOT NULL THEN created_at END)",
        ProjectSort::State => "state",
        ProjectSort::Environment => "environment",
        ProjectSort::Cloud => "(CASE WHEN role IS NOT NULL THEN cloud END)",
        ProjectSort::Region => "(CASE WHEN role IS NOT NULL THEN region END)",
    };
    let dir = match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    // Ties are broken by name then id so that pages never overlap or skip.
    format!("{column} {dir}, name COLLATE NOCASE ASC, id ASC")
}

/// One page of the projects matching `query` as `viewer` sees them (locked
/// where they have no role), with the total over all pages.
pub fn list(
    conn: &mut Connection,
    query: &ProjectListQuery,
    viewer: &Viewer,
) -> Result<ListResponse<ProjectSummary>, DbError> {
    // Each project with the viewer's role on it, NULL when locked.
    let visible = format!(
        "(SELECT {COLUMNS}, CASE WHEN ?7 THEN 'admin' ELSE m.role END AS role \
         FROM projects p LEFT JOIN memberships m ON m.project_id = p.id AND m.user_id = ?8)"
    );
    // instr() on lower() is a plain substring test: no LIKE wildcards to
    // escape. A locked project's cloud is hidden, so no cloud filter keeps it.
    let filter = "(?1 IS NULL OR instr(lower(name), lower(?1)) > 0) \
        AND (?2 IS NULL OR state = ?2) \
        AND (?3 IS NULL OR environment = ?3) \
        AND (?4 IS NULL OR (cloud = ?4 AND role IS NOT NULL))";
    let name = query.partial_name.as_deref();
    let state = query.state.map(|s| s.as_str());
    let environment = query.environment.as_ref().map(|e| e.as_str());
    let cloud = query.cloud.map(|c| c.as_str());
    let offset = (u64::from(query.page) - 1) * u64::from(query.page_size);
    let values = params![
        name,
        state,
        environment,
        cloud,
        query.page_size,
        offset as i64,
        viewer.organisation_admin,
        viewer.user_id,
    ];
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM {visible} WHERE {filter}"),
        values,
        |row| row.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, role FROM {visible} WHERE {filter} ORDER BY {} LIMIT ?5 OFFSET ?6",
        order_by(query.sort, query.sort_dir)
    ))?;
    let mut rows = stmt.query(values)?;
    let mut result = Vec::new();
    while let Some(row) = rows.next()? {
        let project = from_row(row)?;
        let role: Option<String> = row.get(8)?;
        let role = role.as_deref().map(parse_role).transpose()?;
        result.push(ProjectSummary::of(&project, role));
    }
    let total = total.max(0) as u64;
    Ok(ListResponse {
        has_next: offset + (result.len() as u64) < total,
        result,
        page: query.page,
        page_size: query.page_size,
        total,
    })
}

/// The project with this id, if any.
pub fn get(conn: &Connection, id: &ProjectId) -> Result<Option<Project>, DbError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"),
        [id.as_str()],
        |row| Ok(from_row(row)),
    )
    .optional()?
    .transpose()
}

/// Inserts a project.
pub fn insert(conn: &Connection, p: &Project) -> Result<(), DbError> {
    conn.execute(
        &format!("INSERT INTO projects ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            p.id.as_str(),
            p.name,
            p.environment.as_str(),
            p.state.as_str(),
            p.cloud.as_str(),
            p.region,
            p.kafka_bootstrap_servers,
            p.created_at.timestamp_millis(),
        ],
    )?;
    Ok(())
}

/// What came of a rename.
#[derive(Debug, PartialEq, Eq)]
pub enum Renamed {
    /// Done; the project as it now is.
    Done(Project),
    /// Another project has that name (regardless of case).
    Taken,
    /// No project has this id.
    Missing,
}

/// Renames a project.
pub fn rename(conn: &mut Connection, id: &ProjectId, name: &str) -> Result<Renamed, DbError> {
    let result = conn.execute(
        "UPDATE projects SET name = ?2 WHERE id = ?1",
        params![id.as_str(), name],
    );
    match result {
        Ok(0) => Ok(Renamed::Missing),
        Ok(_) => Ok(get(conn, id)?.map_or(Renamed::Missing, Renamed::Done)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(Renamed::Taken)
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether a project already has this name, regardless of case.
pub fn name_taken(conn: &Connection, name: &str) -> Result<bool, DbError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM projects WHERE name = ?1 COLLATE NOCASE",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
