//! `/api/connectors`: the catalog of connectors and their configuration
//! schemas; `/api/projects/{id}/sources` and `/api/projects/{id}/destinations`:
//! a project's connectors. Secrets are write-only: answers say which are
//! set, never their values.

use super::auth::{authenticate, ensure_available};
use super::error::{ApiError, JsonBody};
use super::responses::{BodyErrors, ProjectErrors, SignedInErrors};
use super::scope::{ManageConnectors, ProjectPath, ProjectScope, Read};
use crate::db::connectors::{self as db, Changes, NewConnector, Outcome};
use crate::AppState;
use api_types::connectors::{
    catalog, spec_of, validate_config, validate_connector_name, validate_tags, BulkItemResult,
    BulkRequest, BulkResponse, Connector, ConnectorExport, ConnectorKind, ConnectorListQuery,
    ConnectorSpec, ConnectorStatus, CreateConnector, DesiredState, ExportOrigin, ImportPlan,
    ImportRequest, UpdateConnector, MAX_BULK, MAX_IMPORT_BYTES, MAX_IMPORT_CONNECTORS,
};
use api_types::{ErrorBody, FieldError, ListResponse};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::BTreeSet;

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        connectors,
        list,
        create,
        read,
        update,
        remove,
        state_change,
        bulk,
        export,
        import
    ),
    components(schemas(Collection, StateAction))
)]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/connectors", get(connectors))
        .route("/projects/{id}/{kind}", get(list).post(create))
        .route("/projects/{id}/{kind}/bulk", post(bulk))
        .route(
            "/projects/{id}/{kind}/{connector_id}",
            get(read).patch(update).delete(remove),
        )
        .route(
            "/projects/{id}/{kind}/{connector_id}/{action}",
            post(state_change),
        )
        .route("/projects/{id}/connectors/export", get(export))
        .layer(axum::extract::DefaultBodyLimit::max(CONNECTOR_BODY))
        // Added after the limit above, with its own: a file is up to 1 MB,
        // which JSON escaping can double.
        .route(
            "/projects/{id}/connectors/import",
            post(import).layer(axum::extract::DefaultBodyLimit::max(IMPORT_BODY)),
        )
}

/// Largest body an import takes: the file's text escaped into JSON, and
/// the choices with their secrets.
const IMPORT_BODY: usize = 2 * MAX_IMPORT_BYTES + 512 * 1024;

/// Largest body a connector request takes: a configuration with a private
/// key fits.
const CONNECTOR_BODY: usize = 64 * 1024;

/// The collection in a path: `sources` or `destinations`.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// The project's sources.
    Sources,
    /// The project's destinations.
    Destinations,
}

fn collection(segment: &str) -> Result<ConnectorKind, ApiError> {
    match segment {
        "sources" => Ok(ConnectorKind::Source),
        "destinations" => Ok(ConnectorKind::Destination),
        _ => Err(ApiError::NotFound(
            "There is no API endpoint at this path.".into(),
        )),
    }
}

/// A connector id: the UUID the server gave it.
fn connector_id(text: &str, kind: ConnectorKind) -> Result<String, ApiError> {
    api_types::ProjectId::parse(text)
        .map(|id| id.as_str().to_string())
        .map_err(|_| no_such(kind, text))
}

fn no_such(kind: ConnectorKind, id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "This project has no {} with the id {id}.",
        kind.as_str()
    ))
}

fn name_taken(kind: ConnectorKind, name: &str) -> ApiError {
    ApiError::Conflict {
        message: format!(
            "This project already has a {} named {name}; names may repeat in other projects.",
            kind.as_str()
        ),
        field: Some("name"),
    }
}

/// The query of `GET /api/connectors`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Only sources or only destinations.
    kind: Option<ConnectorKind>,
}

/// `GET /api/connectors`
#[utoipa::path(
    get, path = "/api/connectors", tag = "connectors", summary = "The catalog of connectors, with each one's configuration schema",
    params(CatalogQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        SignedInErrors,
        (status = 200, description = "Sources first, then destinations, each with the settings its form shows", body = Vec<ConnectorSpec>),
        (status = 400, description = "`kind` is neither source nor destination", body = ErrorBody),
    )
)]
pub(crate) async fn connectors(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CatalogQuery>, QueryRejection>,
) -> Result<Json<Vec<ConnectorSpec>>, ApiError> {
    let Query(query) =
        query.map_err(|_| FieldError::new("kind", "kind is source or destination"))?;
    authenticate(&state, &headers).await?;
    Ok(Json(
        catalog()
            .iter()
            .filter(|c| query.kind.is_none_or(|k| k == c.kind))
            .cloned()
            .collect(),
    ))
}

/// The query of a connectors list, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct Filters {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::page_size)]
    page_size: Option<u32>,
    /// `name` (default), `created_at` or `connector_status`.
    #[param(pattern = "^(name|created_at|connector_status)$")]
    sort: Option<String>,
    /// `asc` (default) or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    sort_dir: Option<String>,
    /// A case-insensitive part of the name; at most 100 characters.
    #[param(max_length = 100)]
    partial_name: Option<String>,
    /// Only this connector code (`postgresql`).
    #[param(pattern = "^[a-z0-9_]{0,40}$")]
    connector: Option<String>,
    /// Only this status.
    status: Option<ConnectorStatus>,
}

/// `GET /api/projects/{id}/{kind}`
#[utoipa::path(
    get, path = "/api/projects/{id}/{kind}", tag = "connectors", summary = "A page of the project's sources or destinations",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations"), Filters),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The list envelope of connectors, without their secrets", body = ListResponse<Connector>),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, kind)): Path<(String, String)>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Connector>>, ApiError> {
    let kind = collection(&kind)?;
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let query =
        ConnectorListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let id = scope.project.id.clone();
    let now = crate::clock::now();
    Ok(Json(
        state
            .db
            .call(move |conn| db::list(conn, &id, kind, &query, now))
            .await?,
    ))
}

/// `POST /api/projects/{id}/{kind}`
#[utoipa::path(
    post, path = "/api/projects/{id}/{kind}", tag = "connectors", summary = "Creates a source or destination",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations")),
    security(("session" = []), ("bearer" = [])),
    request_body = CreateConnector,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 201, description = "The connector, without its secrets; Starting when created Active", body = Connector),
        (status = 409, description = "The name is taken among the project's connectors of this kind (`field` is name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    Path((_, kind)): Path<(String, String)>,
    JsonBody(body): JsonBody<CreateConnector>,
) -> Result<(StatusCode, Json<Connector>), ApiError> {
    let kind = collection(&kind)?;
    let audit = scope.audit();
    let name = validate_connector_name(&body.name).map_err(ApiError::Invalid)?;
    let spec = spec_of(kind, &body.connector).ok_or_else(|| {
        ApiError::Invalid(FieldError::new(
            "connector",
            format!(
                "'{}' is not a {} connector of the catalog (see GET /api/connectors?kind={}).",
                body.connector,
                kind.as_str(),
                kind.as_str()
            ),
        ))
    })?;
    let tags = validate_tags(&body.tags).map_err(ApiError::Invalid)?;
    let checked =
        validate_config(spec, &body.config, &BTreeSet::new()).map_err(ApiError::InvalidConfig)?;
    ensure_available(&scope.project)?;
    let new = NewConnector {
        id: crate::secrets::new_client_id()?,
        project: scope.project.id.clone(),
        kind,
        code: spec.code.to_string(),
        name: name.clone(),
        tags,
        plain: checked.plain,
        secrets: checked.secrets,
        desired_state: body.desired_state.unwrap_or(DesiredState::Active),
    };
    let secret_box = state.secret_box.clone();
    let outcome = state
        .db
        .call(move |conn| db::insert(conn, &secret_box, &new, Some(&audit)))
        .await?;
    match outcome {
        Outcome::Done(created) => {
            tracing::info!(id = %created.id, connector = %created.connector, "connector created");
            Ok((StatusCode::CREATED, Json(created)))
        }
        Outcome::NameTaken => Err(name_taken(kind, &name)),
        Outcome::Missing | Outcome::Refused(_) => Err(no_such(kind, "")),
    }
}

/// `GET /api/projects/{id}/{kind}/{connector_id}`
#[utoipa::path(
    get, path = "/api/projects/{id}/{kind}/{connector_id}", tag = "connectors", summary = "One source or destination, without its secrets",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations"), ("connector_id" = String, Path, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description = "The connector's id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The connector", body = Connector),
    )
)]
pub(crate) async fn read(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    Path((_, kind, id)): Path<(String, String, String)>,
) -> Result<Json<Connector>, ApiError> {
    let kind = collection(&kind)?;
    let id = connector_id(&id, kind)?;
    let project = scope.project.id.clone();
    let now = crate::clock::now();
    let key = id.clone();
    state
        .db
        .call(move |conn| db::get(conn, &project, kind, &key, now))
        .await?
        .map(Json)
        .ok_or_else(|| no_such(kind, &id))
}

/// `PATCH /api/projects/{id}/{kind}/{connector_id}`
#[utoipa::path(
    patch, path = "/api/projects/{id}/{kind}/{connector_id}", tag = "connectors", summary = "Changes a connector's name, tags or configuration",
    description = "With `config`, the settings given replace the configuration: a setting left out takes its default, except a secret, which keeps its value when left out, empty or sent back as the mask `••••••••`.",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations"), ("connector_id" = String, Path, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description = "The connector's id")),
    security(("session" = []), ("bearer" = [])),
    request_body = UpdateConnector,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The connector as it now is", body = Connector),
        (status = 409, description = "The name is taken (`field` is name), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    Path((_, kind, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody<UpdateConnector>,
) -> Result<Json<Connector>, ApiError> {
    let kind = collection(&kind)?;
    let id = connector_id(&id, kind)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let name = body
        .name
        .as_deref()
        .map(validate_connector_name)
        .transpose()
        .map_err(ApiError::Invalid)?;
    let tags = body
        .tags
        .as_deref()
        .map(validate_tags)
        .transpose()
        .map_err(ApiError::Invalid)?;
    let now = crate::clock::now();
    let (lookup, key) = (project.clone(), id.clone());
    let current = state
        .db
        .call(move |conn| db::get(conn, &lookup, kind, &key, now))
        .await?
        .ok_or_else(|| no_such(kind, &id))?;
    let config = match &body.config {
        None => None,
        Some(config) => {
            let spec = spec_of(kind, &current.connector).ok_or_else(|| ApiError::Conflict {
                message: format!(
                    "{} uses a connector this server no longer knows ({}).",
                    current.name, current.connector
                ),
                field: None,
            })?;
            let set: BTreeSet<String> = current.secrets_set.iter().cloned().collect();
            let checked = validate_config(spec, config, &set).map_err(ApiError::InvalidConfig)?;
            Some((checked.plain, checked.secrets))
        }
    };
    ensure_available(&scope.project)?;
    let shown = name.clone().unwrap_or(current.name);
    let changes = Changes { name, tags, config };
    let secret_box = state.secret_box.clone();
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| db::update(conn, &secret_box, &project, kind, &key, changes, &audit))
        .await?;
    match outcome {
        Outcome::Done(updated) => Ok(Json(updated)),
        Outcome::NameTaken => Err(name_taken(kind, &shown)),
        Outcome::Missing | Outcome::Refused(_) => Err(no_such(kind, &id)),
    }
}

/// `DELETE /api/projects/{id}/{kind}/{connector_id}`
#[utoipa::path(
    delete, path = "/api/projects/{id}/{kind}/{connector_id}", tag = "connectors", summary = "Deletes a connector",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations"), ("connector_id" = String, Path, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description = "The connector's id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 204, description = "Deleted"),
        (status = 409, description = "A pipeline uses the connector (the message names it), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    Path((_, kind, id)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let kind = collection(&kind)?;
    let id = connector_id(&id, kind)?;
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let key = id.clone();
    let removed = state
        .db
        .call(move |conn| db::delete(conn, &project, kind, &key, &audit))
        .await?;
    match removed {
        Outcome::Done(_) => Ok(StatusCode::NO_CONTENT),
        Outcome::Refused(message) => Err(ApiError::Conflict {
            message,
            field: None,
        }),
        Outcome::Missing | Outcome::NameTaken => Err(no_such(kind, &id)),
    }
}

/// What a state change does: `pause`, `resume` or `stop`.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StateAction {
    /// Hold it.
    Pause,
    /// Start it again.
    Resume,
    /// Stop it.
    Stop,
}

/// `POST /api/projects/{id}/{kind}/{connector_id}/{action}`
#[utoipa::path(
    post, path = "/api/projects/{id}/{kind}/{connector_id}/{action}", tag = "connectors", summary = "Pauses, resumes or stops a connector",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations"), ("connector_id" = String, Path, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description = "The connector's id"), ("action" = StateAction, Path, description = "pause, resume or stop")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The connector; a resumed one is Starting for a few seconds", body = Connector),
        (status = 409, description = "The project is UNAVAILABLE, or the connector cannot start until its required secrets are set", body = ErrorBody),
    )
)]
pub(crate) async fn state_change(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    Path((_, kind, id, action)): Path<(String, String, String, String)>,
) -> Result<Json<Connector>, ApiError> {
    let kind = collection(&kind)?;
    let id = connector_id(&id, kind)?;
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
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let key = id.clone();
    let outcome = state
        .db
        .call(move |conn| db::set_state(conn, &project, kind, &key, desired, &audit))
        .await?;
    match outcome {
        Outcome::Done(c) => Ok(Json(c)),
        Outcome::Refused(message) => Err(ApiError::Conflict {
            message,
            field: None,
        }),
        Outcome::Missing | Outcome::NameTaken => Err(no_such(kind, &id)),
    }
}

/// `POST /api/projects/{id}/{kind}/bulk`
#[utoipa::path(
    post, path = "/api/projects/{id}/{kind}/bulk", tag = "connectors", summary = "Pauses, resumes, stops or deletes several connectors",
    description = "Each connector is acted on by itself: some may succeed while others fail, and the answer says which, with the counts.",
    params(ProjectPath, ("kind" = Collection, Path, description = "sources or destinations")),
    security(("session" = []), ("bearer" = [])),
    request_body = BulkRequest,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "What came of each connector, in the order asked, and the counts", body = BulkResponse),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn bulk(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    Path((_, kind)): Path<(String, String)>,
    JsonBody(body): JsonBody<BulkRequest>,
) -> Result<Json<BulkResponse>, ApiError> {
    let kind = collection(&kind)?;
    if body.ids.is_empty() || body.ids.len() > MAX_BULK {
        return Err(ApiError::Invalid(FieldError::new(
            "ids",
            format!("Give 1 to {MAX_BULK} connector ids."),
        )));
    }
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let action = body.action;
    let ids = body.ids;
    let results = state
        .db
        .call(move |conn| {
            each_id(ids, "connector", |id| {
                let missing = format!("This project has no {} with this id.", kind.as_str());
                Ok(match action.desired_state() {
                    Some(desired) => {
                        match db::set_state(conn, &project, kind, id, desired, &audit)? {
                            Outcome::Done(c) => item(
                                id,
                                true,
                                &format!("{} is {}.", c.name, c.connector_status.as_str()),
                            ),
                            Outcome::Refused(why) => item(id, false, &why),
                            Outcome::Missing | Outcome::NameTaken => item(id, false, &missing),
                        }
                    }
                    None => match db::delete(conn, &project, kind, id, &audit)? {
                        Outcome::Done(c) => item(id, true, &format!("{} was deleted.", c.name)),
                        Outcome::Refused(why) => item(id, false, &why),
                        Outcome::Missing | Outcome::NameTaken => item(id, false, &missing),
                    },
                })
            })
        })
        .await?;
    tracing::info!(action = action.as_str(), "bulk connector change");
    Ok(Json(BulkResponse::of(results)))
}

/// Acts on each id of a bulk request by itself, in the order asked: an id
/// asked for twice is acted on once, text that is no id (`what` names the
/// kind of thing) is refused without acting.
pub(super) fn each_id(
    ids: Vec<String>,
    what: &str,
    mut act: impl FnMut(&str) -> Result<BulkItemResult, crate::db::DbError>,
) -> Result<Vec<BulkItemResult>, crate::db::DbError> {
    let mut results = Vec::with_capacity(ids.len());
    let mut seen = BTreeSet::new();
    for raw in ids {
        let done = match api_types::ProjectId::parse(&raw) {
            Ok(id) if seen.insert(id.as_str().to_string()) => act(id.as_str())?,
            Ok(_) => item(&raw, false, "Asked for twice; acted on once."),
            Err(_) => item(&raw, false, &format!("Not a {what} id.")),
        };
        results.push(done);
    }
    Ok(results)
}

/// What came of one item of a bulk request.
pub(super) fn item(id: &str, success: bool, message: &str) -> BulkItemResult {
    BulkItemResult {
        id: id.to_string(),
        success,
        message: message.to_string(),
    }
}

/// The query of an export.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only sources or only destinations.
    kind: Option<ConnectorKind>,
    /// Only these connectors: their ids, separated by commas (at most 500).
    #[param(
        max_length = 18499,
        pattern = r"^\s*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*)?(,\s*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*)?)*$"
    )]
    ids: Option<String>,
}

/// `GET /api/projects/{id}/connectors/export`
#[utoipa::path(
    get, path = "/api/projects/{id}/connectors/export", tag = "connectors", summary = "Exports connectors' configuration as a file to import into another project",
    description = "The file holds each connector's kind, connector, name, tags and settings, and which project it came from. Secrets are never in it: each connector lists the keys of its secrets, to type again on import.",
    params(ProjectPath, ExportQuery),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The export file (sent as an attachment)", body = ConnectorExport),
        (status = 400, description = "`kind` or `ids` is malformed", body = ErrorBody),
    )
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    scope: ProjectScope<Read>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::BadRequest(FieldError::new(
            "kind",
            "kind is source or destination; ids are connector ids separated by commas",
        ))
    })?;
    let mut ids = Vec::new();
    for raw in query.ids.as_deref().unwrap_or_default().split(',') {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let id = api_types::ProjectId::parse(raw).map_err(|_| {
            ApiError::BadRequest(FieldError::new(
                "ids",
                format!(
                    "'{}' is not a connector id.",
                    raw.chars().take(40).collect::<String>()
                ),
            ))
        })?;
        ids.push(id.as_str().to_string());
    }
    if ids.len() > MAX_IMPORT_CONNECTORS {
        return Err(ApiError::BadRequest(FieldError::new(
            "ids",
            format!("Export at most {MAX_IMPORT_CONNECTORS} connectors at a time."),
        )));
    }
    let project = scope.project.id.clone();
    let now = crate::clock::now();
    let kind = query.kind;
    let found = state
        .db
        .call(move |conn| db::for_export(conn, &project, kind, &ids, now))
        .await?;
    let connectors = found.map_err(|id| {
        ApiError::NotFound(format!("This project has no connector with the id {id}."))
    })?;
    let file = crate::transfer::export(
        ExportOrigin {
            id: scope.project.id.as_str().to_string(),
            name: scope.project.name.clone(),
        },
        connectors,
        now,
    );
    let disposition = format!("attachment; filename=\"{}\"", file.file_name());
    Ok((
        [(axum::http::header::CONTENT_DISPOSITION, disposition)],
        Json(file),
    ))
}

/// `POST /api/projects/{id}/connectors/import`
#[utoipa::path(
    post, path = "/api/projects/{id}/connectors/import", tag = "connectors", summary = "Imports connectors from an export file: a dry run plans, the apply creates all or nothing",
    description = "Send the file's text with `dry_run` to get the plan: what would be created, names taken in this project (rename or skip them with `choices`), the secrets each connector needs, and problems with their place in the file. Without `dry_run` the plan is applied in one transaction: every connector is created, Paused, with a new id, or none is. A connector whose required secrets are not typed waits for them before it can be resumed.",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = ImportRequest,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The plan; `applied` says whether the connectors were created", body = ImportPlan),
        (status = 409, description = "Applying: a name is taken and neither renamed nor skipped; or the project is UNAVAILABLE. Nothing was created", body = ErrorBody),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    scope: ProjectScope<ManageConnectors>,
    JsonBody(body): JsonBody<ImportRequest>,
) -> Result<Json<ImportPlan>, ApiError> {
    let parsed = crate::transfer::parse(&body.file).map_err(ApiError::Invalid)?;
    crate::transfer::check_choices(&parsed, &body.choices).map_err(ApiError::Invalid)?;
    ensure_available(&scope.project)?;
    let audit = scope.audit();
    let project = scope.project.id.clone();
    let secret_box = state.secret_box.clone();
    let apply = !body.dry_run;
    let choices = body.choices;
    let target = project.clone();
    let plan = state
        .db
        .call(move |conn| {
            db::import(conn, &secret_box, &project, apply, &audit, |taken| {
                crate::transfer::plan(&parsed, &choices, &target, taken, || {
                    crate::secrets::new_client_id()
                        .map_err(|e| crate::db::DbError::Corrupt(e.to_string()))
                })
            })
        })
        .await?;
    if apply && !plan.applied {
        if !plan.problems.is_empty() {
            let first = &plan.problems[0];
            return Err(ApiError::Invalid(FieldError::new(
                "file",
                format!(
                    "Nothing was imported: the file has {} problem{} ({}: {}).",
                    plan.problems.len(),
                    if plan.problems.len() == 1 { "" } else { "s" },
                    first.place,
                    first.message
                ),
            )));
        }
        let conflicts: Vec<&str> = plan
            .items
            .iter()
            .filter(|i| i.action == api_types::connectors::ImportAction::Conflict)
            .map(|i| i.new_name.as_str())
            .collect();
        return Err(ApiError::Conflict {
            message: format!(
                "Nothing was imported: this project already has connectors named {}. Rename or skip them.",
                conflicts.join(", ")
            ),
            field: Some("choices"),
        });
    }
    if plan.applied {
        tracing::info!(created = plan.creates(), from = %plan.from.id, "connectors imported");
    }
    Ok(Json(plan))
}
