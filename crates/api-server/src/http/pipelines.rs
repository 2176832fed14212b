//! `/api/projects/{id}/pipelines`: a project's pipelines, their simulated
//! metrics and logs; `/api/projects/{id}/topics`: its topics.

use super::auth::ensure_available;
use super::connectors::{each_id, item};
use super::error::{ApiError, JsonBody};
use super::responses::{BodyErrors, ProjectErrors};
use super::scope::{ManagePipelines, ProjectPath, ProjectScope, Read};
use crate::db::pipelines::{self as db, Changes, NewPipeline, Outcome, Series};
use crate::db::topics::{self, Origin};
use crate::AppState;
use api_types::connectors::{
    validate_tags, BulkRequest, BulkResponse, ConnectorKind, ConnectorStatus, DesiredState,
    MAX_BULK,
};
use api_types::pipelines::{
    topic_name, validate_pipeline_name, CreatePipeline, CreateTopic, LogLevel, Metrics,
    MetricsWindow, Pipeline, PipelineListQuery, PipelineLogs, Topic, TopicListQuery,
    UpdatePipeline, MAX_PIPELINE_TOPICS,
};
use api_types::{ErrorBody, FieldError, ListResponse, ProjectId};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::BTreeSet;

/// This resource's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list,
        create,
        read,
        update,
        remove,
        state_change,
        bulk,
        metrics,
        logs,
        topic_list,
        topic_create,
        topic_read,
        topic_remove,
        topic_metrics
    ),
    components(schemas(Action))
)]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/pipelines", get(list).post(create))
        .route("/projects/{id}/pipelines/bulk", post(bulk))
        .route(
            "/projects/{id}/pipelines/{pipeline_id}",
            get(read).patch(update).delete(remove),
        )
        .route(
            "/projects/{id}/pipelines/{pipeline_id}/metrics",
            get(metrics),
        )
        .route("/projects/{id}/pipelines/{pipeline_id}/logs", get(logs))
        .route(
            "/projects/{id}/pipelines/{pipeline_id}/{action}",
            post(state_change),
        )
        .route("/projects/{id}/topics", get(topic_list).post(topic_create))
        .route(
            "/projects/{id}/topics/{name}",
            get(topic_read).delete(topic_remove),
        )
        .route("/projects/{id}/topics/{name}/metrics", get(topic_metrics))
        .route("/test/clock", post(move_clock))
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::SMALL_BODY,
        ))
}

fn pipeline_id(text: &str) -> Result<String, ApiError> {
    ProjectId::parse(text)
        .map(|id| id.as_str().to_string())
        .map_err(|_| no_such(text))
}

fn no_such(id: &str) -> ApiError {
    ApiError::NotFound(format!("This project has no pipeline with the id {id}."))
}

fn name_taken(name: &str) -> ApiError {
    ApiError::Conflict {
        message: format!(
            "This project already has a pipeline named {name}; names may repeat in other projects."
        ),
        field: Some("name"),
    }
}

fn pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    Ok(pairs)
}

fn window(pairs: &[(String, String)]) -> Result<MetricsWindow, ApiError> {
    match pairs.iter().rev().find(|(k, _)| k == "window") {
        None => Ok(MetricsWindow::default()),
        Some((_, v)) => MetricsWindow::parse(v).ok_or_else(|| {
            ApiError::from(FieldError::new(
                "window",
                format!("window is 1h, 24h, 7d or 30d, not '{v}'"),
            ))
        }),
    }
}

/// The query of a pipelines list, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct Filters {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::page_size)]
    page_size: Option<u32>,
    /// `name` (default), `created_at`, `status`, `latency` or `lag`.
    #[param(pattern = "^(name|created_at|status|latency|lag)$")]
    sort: Option<String>,
    /// `asc` (default) or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    sort_dir: Option<String>,
    /// A case-insensitive part of the name; at most 100 characters.
    #[param(max_length = 100)]
    partial_name: Option<String>,
    /// Only this status.
    status: Option<ConnectorStatus>,
    /// Only pipelines from this source (its id).
    #[param(
        pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    source: Option<String>,
    /// Only pipelines to this destination (its id).
    #[param(
        pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    destination: Option<String>,
    /// Only pipelines with this tag.
    #[param(max_length = 40)]
    tag: Option<String>,
}

/// `GET /api/projects/{id}/pipelines`
#[utoipa::path(
    get, path = "/api/projects/{id}/pipelines", tag = "pipelines", summary = "A page of the project's pipelines, with their status, lag and latency",
    description = "Lag and latency come from the simulated data plane, metered up to the current minute when read.",
    params(ProjectPath, Filters),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The list envelope of pipelines", body = ListResponse<Pipeline>),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Pipeline>>, ApiError> {
    let pairs = pairs(query)?;
    let query = PipelineListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let id = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    Ok(Json(
        state
            .db
            .call(move |conn| db::list(conn, &id, &query, now, dp_now))
            .await?,
    ))
}

/// The tables of `source` that `topics` name, or the first name that is
/// not one of its topics.
fn tables_of(
    source_name: &str,
    captured: &[String],
    topics: &[String],
) -> Result<Vec<String>, ApiError> {
    if topics.is_empty() || topics.len() > MAX_PIPELINE_TOPICS {
        return Err(ApiError::Invalid(FieldError::new(
            "source.topics",
            format!("Choose 1 to {MAX_PIPELINE_TOPICS} of the source's topics."),
        )));
    }
    let mut tables = Vec::new();
    let mut seen = BTreeSet::new();
    for topic in topics {
        let table = captured
            .iter()
            .find(|t| topic_name(source_name, t) == *topic)
            .ok_or_else(|| {
                ApiError::Invalid(FieldError::new(
                    "source.topics",
                    format!(
                        "{} is not a topic of {source_name} (its topics: {}).",
                        topic.chars().take(250).collect::<String>(),
                        captured
                            .iter()
                            .map(|t| topic_name(source_name, t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            })?;
        if seen.insert(table.clone()) {
            tables.push(table.clone());
        }
    }
    Ok(tables)
}

/// `POST /api/projects/{id}/pipelines`
#[utoipa::path(
    post, path = "/api/projects/{id}/pipelines", tag = "pipelines", summary = "Creates a pipeline from a source's topics to a destination",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = CreatePipeline,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 201, description = "The pipeline; Starting for a few seconds", body = Pipeline),
        (status = 409, description = "The name is taken in the project (`field` is name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    JsonBody(body): JsonBody<CreatePipeline>,
) -> Result<(StatusCode, Json<Pipeline>), ApiError> {
    let audit = scope.audit();
    let name = validate_pipeline_name(&body.name).map_err(ApiError::Invalid)?;
    let tags = validate_tags(&body.tags).map_err(ApiError::Invalid)?;
    ensure_available(&scope.project)?;
    let project = scope.project.id.clone();
    let (now, dp_now) = (audit.at, crate::clock::data_plane_now());
    let lookup = project.clone();
    let parts = state
        .db
        .call(move |conn| db::Parts::read(conn, &lookup, now))
        .await?;
    let endpoint = |field: &'static str, id: &str, kind: ConnectorKind| {
        parts
            .connector(id)
            .filter(|c| c.kind == kind)
            .ok_or_else(|| {
                ApiError::Invalid(FieldError::new(
                    field,
                    format!(
                        "This project has no {} with the id {}.",
                        kind.as_str(),
                        id.chars().take(40).collect::<String>()
                    ),
                ))
            })
    };
    let source = endpoint("source.id", &body.source.id, ConnectorKind::Source)?;
    let destination = endpoint(
        "destination.id",
        &body.destination.id,
        ConnectorKind::Destination,
    )?;
    let tables = tables_of(&source.name, &parts.tables(&source.id), &body.source.topics)?;
    let new = NewPipeline {
        id: crate::secrets::new_client_id()?,
        project,
        name: name.clone(),
        tags,
        source_id: source.id.clone(),
        tables,
        destination_id: destination.id.clone(),
        snapshot_new_tables: body.snapshot_new_tables,
        seed: i64::from_le_bytes(crate::secrets::random_bytes::<8>()?),
        desired: DesiredState::Active,
    };
    let outcome = state
        .db
        .call(move |conn| db::insert(conn, &new, Some(&audit), now, dp_now))
        .await?;
    match outcome {
        Outcome::Done(created) => {
            tracing::info!(id = %created.id, "pipeline created");
            Ok((StatusCode::CREATED, Json(created)))
        }
        Outcome::NameTaken => Err(name_taken(&name)),
        Outcome::Missing => Err(no_such("")),
    }
}

/// `GET /api/projects/{id}/pipelines/{pipeline_id}`
#[utoipa::path(
    get, path = "/api/projects/{id}/pipelines/{pipeline_id}", tag = "pipelines", summary = "One pipeline",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The pipeline; when Broken, `problem` says why and what fixes it", body = Pipeline),
    )
)]
pub(crate) async fn read(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<Pipeline>, ApiError> {
    let id = pipeline_id(&id)?;
    let project = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    let key = id.clone();
    state
        .db
        .call(move |conn| db::get(conn, &project, &key, now, dp_now))
        .await?
        .map(Json)
        .ok_or_else(|| no_such(&id))
}

/// `PATCH /api/projects/{id}/pipelines/{pipeline_id}`
#[utoipa::path(
    patch, path = "/api/projects/{id}/pipelines/{pipeline_id}", tag = "pipelines", summary = "Changes a pipeline's name, tags, topics or snapshot setting",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id")),
    security(("session" = []), ("bearer" = [])),
    request_body = UpdatePipeline,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The pipeline as it now is", body = Pipeline),
        (status = 409, description = "The name is taken (`field` is name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody<UpdatePipeline>,
) -> Result<Json<Pipeline>, ApiError> {
    let id = pipeline_id(&id)?;
    let audit = scope.audit();
    let name = body
        .name
        .as_deref()
        .map(validate_pipeline_name)
        .transpose()
        .map_err(ApiError::Invalid)?;
    let tags = body
        .tags
        .as_deref()
        .map(validate_tags)
        .transpose()
        .map_err(ApiError::Invalid)?;
    let project = scope.project.id.clone();
    let (now, dp_now) = (audit.at, crate::clock::data_plane_now());
    let (lookup, key) = (project.clone(), id.clone());
    let (current, parts) = state
        .db
        .call(move |conn| {
            let current = db::get(conn, &lookup, &key, now, dp_now)?;
            Ok((current, db::Parts::read(conn, &lookup, now)?))
        })
        .await?;
    let current = current.ok_or_else(|| no_such(&id))?;
    let tables = match &body.topics {
        None => None,
        Some(topics) => Some(
            tables_of(
                &current.source.name,
                &parts.tables(&current.source.id),
                topics,
            )
            .map_err(|e| match e {
                ApiError::Invalid(mut f) => {
                    f.field = "topics";
                    ApiError::Invalid(f)
                }
                other => other,
            })?,
        ),
    };
    ensure_available(&scope.project)?;
    let shown = name.clone().unwrap_or(current.name);
    let changes = Changes {
        name,
        tags,
        tables,
        snapshot_new_tables: body.snapshot_new_tables,
    };
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| db::update(conn, &project, &key, changes, &audit, dp_now))
        .await?;
    match outcome {
        Outcome::Done(updated) => Ok(Json(updated)),
        Outcome::NameTaken => Err(name_taken(&shown)),
        Outcome::Missing => Err(no_such(&id)),
    }
}

/// `DELETE /api/projects/{id}/pipelines/{pipeline_id}`
#[utoipa::path(
    delete, path = "/api/projects/{id}/pipelines/{pipeline_id}", tag = "pipelines", summary = "Deletes a pipeline and its figures",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 204, description = "Deleted"),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = pipeline_id(&id)?;
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let key = id.clone();
    let dp_now = crate::clock::data_plane_now();
    let removed = state
        .db
        .call(move |conn| db::delete(conn, &project, &key, &audit, dp_now))
        .await?;
    match removed {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(no_such(&id)),
    }
}

/// What a state change does: `pause`, `resume` or `stop`.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Hold it: what arrives waits.
    Pause,
    /// Start it again: what waited is written.
    Resume,
    /// Stop it.
    Stop,
}

/// `POST /api/projects/{id}/pipelines/{pipeline_id}/{action}`
#[utoipa::path(
    post, path = "/api/projects/{id}/pipelines/{pipeline_id}/{action}", tag = "pipelines", summary = "Pauses, resumes or stops a pipeline",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id"), ("action" = Action, Path, description = "pause, resume or stop")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The pipeline; a resumed one is Starting for a few seconds", body = Pipeline),
        (status = 409, description = "The project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn state_change(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    Path((_, id, action)): Path<(String, String, String)>,
) -> Result<Json<Pipeline>, ApiError> {
    let desired = match action.as_str() {
        "pause" => DesiredState::Paused,
        "resume" => DesiredState::Active,
        "stop" => DesiredState::Stopped,
        _ => {
            return Err(ApiError::NotFound(
                "There is no API endpoint at this path.".into(),
            ))
        }
    };
    let id = pipeline_id(&id)?;
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let key = id.clone();
    let dp_now = crate::clock::data_plane_now();
    match state
        .db
        .call(move |conn| db::set_state(conn, &project, &key, desired, &audit, dp_now))
        .await?
    {
        Outcome::Done(p) => Ok(Json(p)),
        Outcome::Missing | Outcome::NameTaken => Err(no_such(&id)),
    }
}

/// `POST /api/projects/{id}/pipelines/bulk`
#[utoipa::path(
    post, path = "/api/projects/{id}/pipelines/bulk", tag = "pipelines", summary = "Pauses, resumes, stops or deletes several pipelines",
    description = "Each pipeline is acted on by itself: some may succeed while others fail, and the answer says which, with the counts.",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = BulkRequest,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "What came of each pipeline, in the order asked, and the counts", body = BulkResponse),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn bulk(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    JsonBody(body): JsonBody<BulkRequest>,
) -> Result<Json<BulkResponse>, ApiError> {
    if body.ids.is_empty() || body.ids.len() > MAX_BULK {
        return Err(ApiError::Invalid(FieldError::new(
            "ids",
            format!("Give 1 to {MAX_BULK} pipeline ids."),
        )));
    }
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let action = body.action;
    let ids = body.ids;
    let dp_now = crate::clock::data_plane_now();
    let results = state
        .db
        .call(move |conn| {
            each_id(ids, "pipeline", |id| {
                let missing = "This project has no pipeline with this id.";
                Ok(match action.desired_state() {
                    Some(desired) => {
                        match db::set_state(conn, &project, id, desired, &audit, dp_now)? {
                            Outcome::Done(p) => {
                                item(id, true, &format!("{} is {}.", p.name, p.status.as_str()))
                            }
                            Outcome::Missing | Outcome::NameTaken => item(id, false, missing),
                        }
                    }
                    None => match db::delete(conn, &project, id, &audit, dp_now)? {
                        Some(p) => item(id, true, &format!("{} was deleted.", p.name)),
                        None => item(id, false, missing),
                    },
                })
            })
        })
        .await?;
    tracing::info!(action = action.as_str(), "bulk pipeline change");
    Ok(Json(BulkResponse::of(results)))
}

/// The query of a chart, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct WindowQuery {
    /// `1h`, `24h` (default), `7d` or `30d`.
    window: Option<MetricsWindow>,
}

/// `GET /api/projects/{id}/pipelines/{pipeline_id}/metrics`
#[utoipa::path(
    get, path = "/api/projects/{id}/pipelines/{pipeline_id}/metrics", tag = "pipelines", summary = "A pipeline's records, bytes, errors, lag and latency over a window (simulated)",
    description = "The reference server simulates the data plane: `simulated` is always true. One point per step of the window (a minute for 1h, a quarter of an hour for 24h, an hour for 7d, four hours for 30d), every step present.",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id"), WindowQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The chart's points and totals", body = Metrics),
    )
)]
pub(crate) async fn metrics(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, id)): Path<(String, String)>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Metrics>, ApiError> {
    let window = window(&pairs(query)?)?;
    let id = pipeline_id(&id)?;
    let project = scope.project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let key = id.clone();
    let found = state
        .db
        .call(move |conn| {
            if !db::exists(conn, &project, &key)? {
                return Ok(None);
            }
            db::metrics(conn, &project, Series::Pipeline(&key), window, dp_now).map(Some)
        })
        .await?;
    found.map(Json).ok_or_else(|| no_such(&id))
}

/// The query of a log, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct LogQuery {
    /// Only entries of this level.
    level: Option<LogLevel>,
}

/// `GET /api/projects/{id}/pipelines/{pipeline_id}/logs`
#[utoipa::path(
    get, path = "/api/projects/{id}/pipelines/{pipeline_id}/logs", tag = "pipelines", summary = "A pipeline's newest log entries and the count of each level (simulated)",
    params(ProjectPath, ("pipeline_id" = String, Path, description = "The pipeline's id"), LogQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The newest entries, newest first, and the counts", body = PipelineLogs),
    )
)]
pub(crate) async fn logs(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, id)): Path<(String, String)>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<PipelineLogs>, ApiError> {
    let pairs = pairs(query)?;
    let level = match pairs.iter().rev().find(|(k, _)| k == "level") {
        None => None,
        Some((_, v)) if v.is_empty() => None,
        Some((_, v)) => Some(LogLevel::parse(v).ok_or_else(|| {
            ApiError::from(FieldError::new(
                "level",
                format!("level is error, warn or info, not '{v}'"),
            ))
        })?),
    };
    let id = pipeline_id(&id)?;
    let project = scope.project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let key = id.clone();
    let found = state
        .db
        .call(move |conn| {
            if !db::exists(conn, &project, &key)? {
                return Ok(None);
            }
            db::logs(conn, &project, &key, level, dp_now).map(Some)
        })
        .await?;
    found.map(Json).ok_or_else(|| no_such(&id))
}

/// The query of a topics list, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct TopicFilters {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::topic_page_size)]
    page_size: Option<u32>,
    /// `topic` (default), `source`, `destination`, `volume`, `errors`,
    /// `written`, `lag`, `latency` or `last_message`.
    #[param(
        pattern = "^(topic|source|destination|volume|errors|written|lag|latency|last_message)$"
    )]
    sort: Option<String>,
    /// `asc` (default) or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    sort_dir: Option<String>,
    /// A case-insensitive part of the name; at most 100 characters.
    #[param(max_length = 100)]
    partial_name: Option<String>,
    /// List the destinations' dead-letter topics too.
    include_dlq: Option<bool>,
    /// `none` (default), `source` or `destination`: groups come first.
    #[param(pattern = "^(none|source|destination)$")]
    group: Option<String>,
}

/// `GET /api/projects/{id}/topics`
#[utoipa::path(
    get, path = "/api/projects/{id}/topics", tag = "topics", summary = "A page of the project's topics, with their figures over the last 24 hours (simulated)",
    params(ProjectPath, TopicFilters),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The list envelope of topics", body = ListResponse<Topic>),
    )
)]
pub(crate) async fn topic_list(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Topic>>, ApiError> {
    let pairs = pairs(query)?;
    let query = TopicListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let id = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    Ok(Json(
        state
            .db
            .call(move |conn| topics::list(conn, &id, &query, now, dp_now))
            .await?,
    ))
}

fn no_topic(name: &str) -> ApiError {
    ApiError::NotFound(format!(
        "This project has no topic named {}.",
        name.chars().take(250).collect::<String>()
    ))
}

/// `POST /api/projects/{id}/topics`
#[utoipa::path(
    post, path = "/api/projects/{id}/topics", tag = "topics", summary = "Creates a topic by hand",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = CreateTopic,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 201, description = "The topic", body = Topic),
        (status = 409, description = "The project has a topic of that name (`field` is topic_name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn topic_create(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    JsonBody(body): JsonBody<CreateTopic>,
) -> Result<(StatusCode, Json<Topic>), ApiError> {
    let (name, settings) = body.validate().map_err(ApiError::Invalid)?;
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let key = name.clone();
    match state
        .db
        .call(move |conn| topics::create(conn, &project, &key, settings, &audit, dp_now))
        .await?
    {
        topics::Outcome::Done(t) => Ok((StatusCode::CREATED, Json(*t))),
        topics::Outcome::NameTaken => Err(ApiError::Conflict {
            message: format!(
                "This project already has a topic named {name}; names may repeat in other projects."
            ),
            field: Some("topic_name"),
        }),
        topics::Outcome::Missing | topics::Outcome::Refused(_) => Err(no_topic(&name)),
    }
}

/// `GET /api/projects/{id}/topics/{name}`
#[utoipa::path(
    get, path = "/api/projects/{id}/topics/{name}", tag = "topics", summary = "One topic, its settings and figures",
    params(ProjectPath, ("name" = String, Path, description = "The topic's name")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The topic", body = Topic),
    )
)]
pub(crate) async fn topic_read(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, name)): Path<(String, String)>,
) -> Result<Json<Topic>, ApiError> {
    let project = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    let key = name.clone();
    state
        .db
        .call(move |conn| topics::get(conn, &project, &key, now, dp_now))
        .await?
        .map(|(t, _)| Json(t))
        .ok_or_else(|| no_topic(&name))
}

/// `DELETE /api/projects/{id}/topics/{name}`
#[utoipa::path(
    delete, path = "/api/projects/{id}/topics/{name}", tag = "topics", summary = "Deletes a topic created by hand",
    params(ProjectPath, ("name" = String, Path, description = "The topic's name")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 204, description = "Deleted"),
        (status = 409, description = "The topic belongs to a source or destination, or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn topic_remove(
    State(state): State<AppState>,
    scope: ProjectScope<ManagePipelines>,
    Path((_, name)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let dp_now = crate::clock::data_plane_now();
    let key = name.clone();
    match state
        .db
        .call(move |conn| topics::delete(conn, &project, &key, &audit, dp_now))
        .await?
    {
        topics::Outcome::Done(_) => Ok(StatusCode::NO_CONTENT),
        topics::Outcome::Refused(message) => Err(ApiError::Conflict {
            message,
            field: None,
        }),
        topics::Outcome::Missing | topics::Outcome::NameTaken => Err(no_topic(&name)),
    }
}

/// `GET /api/projects/{id}/topics/{name}/metrics`
#[utoipa::path(
    get, path = "/api/projects/{id}/topics/{name}/metrics", tag = "topics", summary = "A topic's records, bytes, errors, lag and latency over a window (simulated)",
    description = "For a source's topic: what arrived (once, however many pipelines read it), what its pipelines wrote, their errors, the largest lag. For a dead-letter topic: the records that arrived in it. A topic created by hand has no traffic.",
    params(ProjectPath, ("name" = String, Path, description = "The topic's name"), WindowQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The chart's points and totals", body = Metrics),
    )
)]
pub(crate) async fn topic_metrics(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, name)): Path<(String, String)>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Metrics>, ApiError> {
    let window = window(&pairs(query)?)?;
    let project = scope.project.id.clone();
    let (now, dp_now) = (crate::clock::now(), crate::clock::data_plane_now());
    let key = name.clone();
    let found = state
        .db
        .call(move |conn| {
            let Some((_, origin)) = topics::get(conn, &project, &key, now, dp_now)? else {
                return Ok(None);
            };
            let series = match &origin {
                Origin::Source { source, table } => Series::Topic { source, table },
                Origin::DeadLetter(destination) => Series::DeadLetter(destination),
                // No pipeline reads it: an empty chart of the window.
                Origin::Manual => Series::Pipeline(""),
            };
            db::metrics(conn, &project, series, window, dp_now).map(Some)
        })
        .await?;
    found.map(Json).ok_or_else(|| no_topic(&name))
}

/// `POST /api/test/clock` with `{"advance_seconds": n}`.
#[derive(Debug, serde::Deserialize)]
pub struct MoveClock {
    advance_seconds: i64,
}

/// Moves the simulated data plane's clock forward, for end-to-end tests:
/// only a server started with `--test-clock` answers; for every other it
/// is no endpoint at all (and it is left out of the API document).
async fn move_clock(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<MoveClock>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !state.test_clock {
        return Err(ApiError::NotFound(
            "There is no API endpoint at this path.".into(),
        ));
    }
    if !(1..=30 * 86_400).contains(&body.advance_seconds) {
        return Err(ApiError::Invalid(FieldError::new(
            "advance_seconds",
            "advance_seconds is from 1 to 2592000 (30 days).",
        )));
    }
    let offset = crate::clock::move_data_plane(chrono::Duration::seconds(body.advance_seconds));
    Ok(Json(
        serde_json::json!({ "offset_seconds": offset.num_seconds() }),
    ))
}
