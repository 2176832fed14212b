//! `/api/projects/{id}/kafka-access` and `/api/projects/{id}/kafka-users`:
//! how clients connect to the project's Kafka, and its Kafka users. A
//! password is hashed on arrival and never returned.

use super::auth::ensure_available;
use super::error::{ApiError, JsonBody};
use super::responses::{BodyErrors, ProjectErrors};
use super::scope::{ManageAccess, ProjectPath, ProjectScope, Read};
use crate::db::kafka;
use crate::secrets;
use crate::AppState;
use api_types::{
    validate_username, CreateKafkaUser, ErrorBody, KafkaAccess, KafkaUser, Project,
    UpdateKafkaUser, SASL_PORT, SSL_PORT,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(access, list, create, update, remove))]
pub(super) struct Doc;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/kafka-access", get(access))
        .route("/projects/{id}/kafka-users", get(list).post(create))
        .route(
            "/projects/{id}/kafka-users/{username}",
            put(update).delete(remove),
        )
        .layer(axum::extract::DefaultBodyLimit::max(
            super::error::KAFKA_USER_BODY,
        ))
}

/// The proxy endpoint of a project: beside its first broker.
fn proxy_endpoint(project: &Project) -> String {
    let first = project
        .kafka_bootstrap_servers
        .split(',')
        .next()
        .unwrap_or_default();
    let host = first.split(':').next().unwrap_or_default();
    let domain = host.split_once('.').map_or(host, |(_, rest)| rest);
    format!("proxy.{domain}:{SASL_PORT}")
}

/// `GET /api/projects/{id}/kafka-access`
#[utoipa::path(
    get, path = "/api/projects/{id}/kafka-access", tag = "kafka", summary = "How clients connect to the project's Kafka",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "Brokers, ports and protocol", body = KafkaAccess),
    )
)]
pub(crate) async fn access(
    ProjectScope { project, .. }: ProjectScope<Read>,
) -> Result<Json<KafkaAccess>, ApiError> {
    Ok(Json(KafkaAccess {
        kafka_proxy_endpoint: proxy_endpoint(&project),
        bootstrap_servers: project.kafka_bootstrap_servers,
        sasl_port: SASL_PORT,
        ssl_port: SSL_PORT,
        security_protocol: "SASL_SSL".into(),
        sasl_mechanism: "PLAIN".into(),
    }))
}

/// `GET /api/projects/{id}/kafka-users`
#[utoipa::path(
    get, path = "/api/projects/{id}/kafka-users", tag = "kafka", summary = "The project's Kafka users, never their passwords",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 200, description = "The users, by username", body = Vec<KafkaUser>),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ProjectScope { project, .. }: ProjectScope<Read>,
) -> Result<Json<Vec<KafkaUser>>, ApiError> {
    let id = project.id.clone();
    let proxy = proxy_endpoint(&project);
    let users = state
        .db
        .call(move |conn| kafka::list(conn, &id, &proxy))
        .await?;
    Ok(Json(users))
}

/// `POST /api/projects/{id}/kafka-users`
#[utoipa::path(
    post, path = "/api/projects/{id}/kafka-users", tag = "kafka", summary = "Creates a Kafka user",
    params(ProjectPath),
    security(("session" = []), ("bearer" = [])),
    request_body = CreateKafkaUser,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 201, description = "The user, without its password", body = KafkaUser),
        (status = 409, description = "The username is taken in this project (`field` is username), or the project is UNAVAILABLE", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    JsonBody(body): JsonBody<CreateKafkaUser>,
) -> Result<(StatusCode, Json<KafkaUser>), ApiError> {
    let audit = scope.audit();
    let project = scope.project;
    let id = project.id.clone();
    let (whitelist_ips, acls) = body.validate().map_err(ApiError::Invalid)?;
    ensure_available(&project)?;
    let user = KafkaUser {
        username: body.username,
        whitelist_ips,
        acls,
        kafka_proxy_endpoint: proxy_endpoint(&project),
        created_at: crate::clock::now(),
    };
    // A taken name is refused before the password is hashed, the costly
    // part; the insert below still decides a race between two creates.
    let (lookup, name) = (id.clone(), user.username.clone());
    let proxy = user.kafka_proxy_endpoint.clone();
    let taken = state
        .db
        .call(move |conn| Ok(kafka::get(conn, &lookup, &name, &proxy)?.is_some()))
        .await?;
    if taken {
        return Err(name_taken(&user.username));
    }
    let hash = hash_password(body.password).await?;
    let stored = user.clone();
    let inserted = state
        .db
        .call(move |conn| kafka::insert(conn, &id, &stored, &hash, &audit))
        .await?;
    if !inserted {
        return Err(name_taken(&user.username));
    }
    tracing::info!(username = %user.username, "Kafka user created");
    Ok((StatusCode::CREATED, Json(user)))
}

/// `PUT /api/projects/{id}/kafka-users/{username}`
#[utoipa::path(
    put, path = "/api/projects/{id}/kafka-users/{username}", tag = "kafka", summary = "Changes a Kafka user's password, allowed IPs or ACLs; fields left out are kept",
    params(ProjectPath, ("username" = String, Path, pattern = "^[a-z0-9-]{3,24}$", description = "The username, which cannot change")),
    security(("session" = []), ("bearer" = [])),
    request_body = UpdateKafkaUser,
    responses(
        ProjectErrors,
        BodyErrors,
        (status = 200, description = "The user, without its password", body = KafkaUser),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    Path((_, username)): Path<(String, String)>,
    JsonBody(body): JsonBody<UpdateKafkaUser>,
) -> Result<Json<KafkaUser>, ApiError> {
    let audit = scope.audit();
    let project = scope.project;
    let id = project.id.clone();
    validate_username(&username).map_err(|_| no_such_user(&username))?;
    let (whitelist_ips, acls) = body.validate().map_err(ApiError::Invalid)?;
    ensure_available(&project)?;
    let hash = match body.password {
        Some(password) => Some(hash_password(password).await?),
        None => None,
    };
    let proxy = proxy_endpoint(&project);
    let key = username.clone();
    let updated = state
        .db
        .call(move |conn| {
            kafka::update(
                conn,
                &id,
                &key,
                whitelist_ips.as_deref(),
                acls.as_deref(),
                hash.as_deref(),
                &proxy,
                &audit,
            )
        })
        .await?;
    let user = updated.ok_or_else(|| no_such_user(&username))?;
    tracing::info!(%username, "Kafka user updated");
    Ok(Json(user))
}

/// `DELETE /api/projects/{id}/kafka-users/{username}`
#[utoipa::path(
    delete, path = "/api/projects/{id}/kafka-users/{username}", tag = "kafka", summary = "Deletes a Kafka user",
    params(ProjectPath, ("username" = String, Path, pattern = "^[a-z0-9-]{3,24}$", description = "The username")),
    security(("session" = []), ("bearer" = [])),
    responses(
        ProjectErrors,
        (status = 204, description = "Deleted"),
        (status = 409, description = "The project is UNAVAILABLE: nothing in it can change", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    scope: ProjectScope<ManageAccess>,
    Path((_, username)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = scope.audit();
    let project = scope.project;
    let id = project.id.clone();
    ensure_available(&project)?;
    let key = username.clone();
    let removed = state
        .db
        .call(move |conn| kafka::delete(conn, &id, &key, &audit))
        .await?;
    if !removed {
        return Err(no_such_user(&username));
    }
    tracing::info!(%username, "Kafka user deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Hashes a Kafka user's password off the async runtime, within the same
/// bound on concurrent hashes as sign-ins.
async fn hash_password(password: String) -> Result<String, ApiError> {
    // The semaphore is never closed; were it, the hash would go ahead.
    let _slot = super::session::password_slots().acquire().await.ok();
    Ok(
        tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(crate::db::DbError::from)??,
    )
}

fn name_taken(username: &str) -> ApiError {
    ApiError::Conflict {
        message: format!("This project already has a Kafka user named {username}."),
        field: Some("username"),
    }
}

fn no_such_user(username: &str) -> ApiError {
    ApiError::NotFound(format!("This project has no Kafka user named {username}."))
}
