//! One way to scope a request to a project: the [`ProjectScope`] extractor
//! parses the project id of the path, authenticates the caller (session or
//! bearer token), checks the role the handler needs and loads the project
//! once. A handler's signature says what it needs:
//! `scope: ProjectScope<ManageAccess>`.

use super::auth::{authenticate, Caller, Identity, Need};
use super::error::ApiError;
use super::session::ClientAddr;
use crate::db::activity::{ActorRef, Audit};
use crate::db::{projects, users};
use crate::AppState;
use api_types::{no_access_message, role_refusal, FieldError, Project, ProjectId};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::marker::PhantomData;

/// What a handler needs to be allowed, as a type: [`Read`],
/// [`ManageAccess`] or [`ManageProject`].
pub trait Requirement: Send + Sync + 'static {
    /// The need it stands for.
    const NEED: Need;
}

/// Reading the project and its resources: any role.
pub struct Read;
/// Creating, changing or deleting API tokens and Kafka users: Admin or
/// Data Admin.
pub struct ManageAccess;
/// Changing the project itself: Admin.
pub struct ManageProject;
/// Creating, changing or deleting sources and destinations: Admin or Data
/// Admin.
pub struct ManageConnectors;
/// Creating, changing or deleting pipelines and topics: Admin or Data
/// Admin.
pub struct ManagePipelines;

impl Requirement for Read {
    const NEED: Need = Need::Read;
}
impl Requirement for ManageAccess {
    const NEED: Need = Need::ManageAccess;
}
impl Requirement for ManageConnectors {
    const NEED: Need = Need::ManageConnectors;
}
impl Requirement for ManagePipelines {
    const NEED: Need = Need::ManagePipelines;
}
impl Requirement for ManageProject {
    const NEED: Need = Need::ManageProject;
}

/// The project id in the path, for the OpenAPI document.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProjectPath {
    /// The project id, a UUID such as 0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41
    #[allow(dead_code)]
    id: ProjectId,
}

/// A request allowed into the project of its path's `{id}`: the project,
/// read once, and who is calling with their roles on it.
pub struct ProjectScope<R: Requirement> {
    /// The project.
    pub project: Project,
    /// The caller and their roles on it.
    pub caller: Caller,
    /// The caller's IP address, when known.
    pub address: Option<std::net::IpAddr>,
    need: PhantomData<R>,
}

impl<R: Requirement> ProjectScope<R> {
    /// The project's id.
    pub fn id(&self) -> &ProjectId {
        &self.project.id
    }

    /// Who makes a change through this request, from where, now.
    pub fn audit(&self) -> Audit {
        Audit {
            actor: self.caller.actor.clone(),
            address: self.address.map(|a| a.to_string()),
            at: crate::clock::now(),
        }
    }
}

impl<R: Requirement> FromRequestParts<AppState> for ProjectScope<R> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let raw = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(params)| params.get("id").cloned())
            .unwrap_or_default();
        let id = ProjectId::parse(&raw).map_err(|e| FieldError::new("id", e.to_string()))?;
        let identity = authenticate(state, &parts.headers).await?;
        let (project, caller) = admit(state, identity, id, R::NEED).await?;
        let Ok(ClientAddr(address)) = ClientAddr::from_request_parts(parts, state).await;
        Ok(Self {
            project,
            caller,
            address,
            need: PhantomData,
        })
    }
}

/// Checks that `identity` may do what `need` says on project `id`, reading
/// the project (and, for a user, their role on it) in one call. A bearer
/// token of another project, a user who is not a member, or a role that
/// does not allow it gets a 403 that says which; an unknown project a 404.
pub(super) async fn admit(
    state: &AppState,
    identity: Identity,
    id: ProjectId,
    need: Need,
) -> Result<(Project, Caller), ApiError> {
    let (roles, via_token, viewer) = match identity {
        Identity::Token(issued) => {
            if issued.project_id != id.as_str() {
                return Err(ApiError::Forbidden(format!(
                    "This access token belongs to project {}; it cannot be used on project {id}.",
                    issued.project_id
                )));
            }
            if !need.allowed_by(&issued.roles) {
                let names: Vec<_> = issued.roles.iter().map(|r| r.name()).collect();
                return Err(ApiError::Forbidden(format!(
                    "This access token's roles ({}) do not allow it to {}.",
                    names.join(", "),
                    need.what()
                )));
            }
            (issued.roles, Some(issued.client_id), None)
        }
        Identity::User(viewer) => (Vec::new(), None, Some(viewer)),
    };
    let user_id = viewer.as_ref().map(|v| v.user_id.clone());
    let lookup = id.clone();
    let (project, role) = state
        .db
        .call(move |conn| {
            let project = projects::get(conn, &lookup)?;
            let role = match (&viewer, &project) {
                (Some(viewer), Some(_)) => users::role_on(conn, viewer, &lookup)?,
                _ => None,
            };
            Ok((project, role))
        })
        .await?;
    let project =
        project.ok_or_else(|| ApiError::NotFound(format!("No project has the id {id}.")))?;
    if let Some(client_id) = &via_token {
        let actor = ActorRef::Token(client_id.clone());
        return Ok((
            project,
            Caller {
                roles,
                via_token,
                actor,
            },
        ));
    }
    let actor = ActorRef::User(user_id.unwrap_or_default());
    let Some(role) = role else {
        return Err(ApiError::Forbidden(no_access_message(&project.name)));
    };
    if let Some(change) = need.change().filter(|c| !c.allowed_by(role)) {
        return Err(ApiError::Forbidden(role_refusal(
            &project.name,
            role,
            change,
        )));
    }
    Ok((
        project,
        Caller {
            roles: vec![role],
            via_token: None,
            actor,
        },
    ))
}
