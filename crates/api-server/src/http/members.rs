//! `/api/members`: the organisation's members, managed by organisation
//! admins signed in to the console (an API token works within one project
//! and cannot manage members). Also the set-password link of an invited
//! member: `POST /api/auth/invitation` and `POST /api/auth/set-password`.

use super::auth::console_user;
use super::error::{ApiError, JsonBody};
use super::responses::{InternalError, SignedInErrors};
use super::session::{audit_of, password_slots, start_session, ClientAddr};
use crate::db::members::{self, Link, MemberChange, NewInvite, Outcome};
use crate::db::users::Viewer;
use crate::{secrets, AppState};
use api_types::{
    validate_user_password, ErrorBody, FieldError, Invitation, InvitationInfo, InvitationToken,
    InviteMember, ListResponse, Me, Member, SetPassword, UpdateMember, INVITATION_HOURS,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};

/// This resource's part of the OpenAPI document: the paths [`routes`]
/// serves.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, invite, read, update, remove, renew, invitation, set_password))]
pub(super) struct Doc;

/// A body of up to 1000 role changes.
const MEMBERS_BODY: usize = 128 * 1024;

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/members", get(list).post(invite))
        .route("/members/{user_id}", get(read).patch(update).delete(remove))
        .route("/members/{user_id}/invitation", post(renew))
        .route("/auth/invitation", post(invitation))
        .route("/auth/set-password", post(set_password))
        .layer(axum::extract::DefaultBodyLimit::max(MEMBERS_BODY))
}

/// An organisation admin signed in to the console, or a 403 that says who
/// may do this.
async fn organisation_admin(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ApiError> {
    let viewer = console_user(
        state,
        headers,
        "An access token works within its own project: members are managed signed in to the console.",
    )
    .await?;
    if !viewer.organisation_admin {
        return Err(ApiError::Forbidden(
            "Only an organisation admin can see and manage the organisation's members.".into(),
        ));
    }
    Ok(viewer)
}

/// The query of `GET /api/members`, for the document only.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ListParams {
    #[param(schema_with = api_types::schema::page)]
    page: Option<u32>,
    #[param(schema_with = api_types::schema::page_size)]
    page_size: Option<u32>,
    /// A case-insensitive part of the name or email; at most 100 characters.
    #[param(max_length = 100)]
    search: Option<String>,
}

/// `GET /api/members?page&page_size&search`
#[utoipa::path(
    get, path = "/api/members", tag = "members", summary = "The organisation's members with their roles, by name (organisation admins)",
    params(ListParams),
    responses(
        SignedInErrors,
        (status = 200, description = "One page of members", body = ListResponse<Member>),
        (status = 400, description = "A malformed query value; `field` names it", body = ErrorBody),
        (status = 403, description = "Only an organisation admin signed in to the console may do this", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ListResponse<Member>>, ApiError> {
    organisation_admin(&state, &headers).await?;
    let Query(pairs) = query
        .map_err(|_| FieldError::new("query", "the query string is not valid URL-encoded UTF-8"))?;
    let (mut page, mut page_size, mut search) = (1, api_types::DEFAULT_PAGE_SIZE, String::new());
    for (key, value) in &pairs {
        match key.as_str() {
            "page" => page = api_types::parse_page(value)?,
            "page_size" => page_size = api_types::parse_page_size(value)?,
            "search" => {
                if value.trim().chars().count() > 100 {
                    return Err(
                        FieldError::new("search", "search is at most 100 characters").into(),
                    );
                }
                search = value.trim().to_string();
            }
            _ => {}
        }
    }
    let found = state
        .db
        .call(move |conn| members::list(conn, &search, page, page_size))
        .await?;
    Ok(Json(found))
}

/// The user id in the path, for the document.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct MemberPath {
    /// The member's id.
    user_id: String,
}

/// `GET /api/members/{user_id}`
#[utoipa::path(
    get, path = "/api/members/{user_id}", tag = "members", summary = "One member with their roles (organisation admins)",
    params(MemberPath),
    responses(
        SignedInErrors,
        (status = 200, description = "The member", body = Member),
        (status = 403, description = "Only an organisation admin signed in to the console may do this", body = ErrorBody),
        (status = 404, description = "No member has this id", body = ErrorBody),
    )
)]
pub(crate) async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Result<Json<Member>, ApiError> {
    organisation_admin(&state, &headers).await?;
    let key = user_id.clone();
    let found = state.db.call(move |conn| members::get(conn, &key)).await?;
    found.map(Json).ok_or_else(|| no_such_member(&user_id))
}

/// A new set-password token, its hash, its expiry and the console's path
/// that carries it.
fn new_link() -> Result<(String, Vec<u8>, chrono::DateTime<chrono::Utc>), ApiError> {
    let token = secrets::new_secret("inv_")?;
    let hash = secrets::digest(&token).to_vec();
    let expires = crate::clock::now() + chrono::Duration::hours(INVITATION_HOURS);
    // Kept at the precision the database keeps.
    let expires =
        chrono::DateTime::from_timestamp_millis(expires.timestamp_millis()).unwrap_or(expires);
    Ok((format!("/set-password#token={token}"), hash, expires))
}

/// `POST /api/members` with `{"email", "name", "organisation_admin"?,
/// "support"?, "roles"?}`.
#[utoipa::path(
    post, path = "/api/members", tag = "members", summary = "Invites someone: makes their account and a single-use set-password link, shown once (organisation admins). No email is sent",
    request_body = InviteMember,
    responses(
        SignedInErrors,
        (status = 201, description = "The member and their set-password link, shown this once", body = Invitation),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 403, description = "Only an organisation admin signed in to the console may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 409, description = "Someone already has this email (`field` is email)", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (128 KiB)", body = ErrorBody),
        (status = 422, description = "A value breaks a rule, or a role names a project that does not exist; `field` names it", body = ErrorBody),
    )
)]
pub(crate) async fn invite(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(body): JsonBody<InviteMember>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    let viewer = organisation_admin(&state, &headers).await?;
    let who = body
        .validate()
        .map_err(|mut errors| ApiError::Invalid(errors.remove(0)))?;
    let audit = audit_of(&viewer, address);
    let (path, hash, expires_at) = new_link()?;
    let id = secrets::new_client_id()?;
    let email = who.email.clone();
    let outcome = state
        .db
        .call(move |conn| {
            members::invite(
                conn,
                &NewInvite {
                    id: &id,
                    who: &who,
                    organisation_admin: body.organisation_admin,
                    support: body.support,
                    roles: &body.roles,
                    token_hash: &hash,
                    expires_at,
                },
                &audit,
            )
        })
        .await?;
    let member = done(outcome, "")?.ok_or_else(|| no_such_member(&email))?;
    tracing::info!(member = %member.id, "member invited");
    Ok((
        StatusCode::CREATED,
        Json(Invitation {
            member,
            set_password_path: path,
            expires_at,
        }),
    ))
}

/// The member an outcome left, or the error saying why there is none.
fn done(outcome: Outcome, user_id: &str) -> Result<Option<Member>, ApiError> {
    match outcome {
        Outcome::Done(member) => Ok(member.map(|m| *m)),
        Outcome::Missing => Err(no_such_member(user_id)),
        Outcome::EmailTaken => Err(ApiError::Conflict {
            message: "Someone in the organisation already has this email.".into(),
            field: Some("email"),
        }),
        Outcome::UnknownProject(id) => Err(ApiError::Invalid(FieldError::new(
            "roles",
            format!("No project has the id {id}."),
        ))),
        Outcome::LastAdmin => Err(ApiError::Conflict {
            message: "This is the organisation's last admin who can sign in: make someone else an organisation admin first.".into(),
            field: None,
        }),
        Outcome::NotInvited => Err(ApiError::Conflict {
            message: "This member has already set their password; they sign in as usual.".into(),
            field: None,
        }),
    }
}

fn no_such_member(user_id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "The organisation has no member with the id {user_id}."
    ))
}

/// `PATCH /api/members/{user_id}` with `{"name"?, "organisation_admin"?,
/// "support"?, "roles"?}`.
#[utoipa::path(
    patch, path = "/api/members/{user_id}", tag = "members", summary = "Changes a member's name, organisation flags or roles on projects; what is left out stays (organisation admins)",
    params(MemberPath),
    request_body = UpdateMember,
    responses(
        SignedInErrors,
        (status = 200, description = "The member as they now are", body = Member),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 403, description = "Only an organisation admin signed in to the console may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "No member has this id", body = ErrorBody),
        (status = 409, description = "It would take organisation admin away from the last organisation admin who can sign in", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (128 KiB)", body = ErrorBody),
        (status = 422, description = "A value breaks a rule, or a role names a project that does not exist; `field` names it", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    JsonBody(body): JsonBody<UpdateMember>,
) -> Result<Json<Member>, ApiError> {
    let viewer = organisation_admin(&state, &headers).await?;
    let name = body.validate().map_err(ApiError::Invalid)?;
    let audit = audit_of(&viewer, address);
    let change = MemberChange {
        name,
        organisation_admin: body.organisation_admin,
        support: body.support,
        roles: body.roles,
    };
    let key = user_id.clone();
    let outcome = state
        .db
        .call(move |conn| members::update(conn, &key, &change, &audit))
        .await?;
    let member = done(outcome, &user_id)?.ok_or_else(|| no_such_member(&user_id))?;
    tracing::info!(member = %member.id, "member changed");
    Ok(Json(member))
}

/// `DELETE /api/members/{user_id}`
#[utoipa::path(
    delete, path = "/api/members/{user_id}", tag = "members", summary = "Removes a member: their sessions end at once (organisation admins)",
    params(MemberPath),
    responses(
        SignedInErrors,
        (status = 204, description = "Removed"),
        (status = 403, description = "Only an organisation admin signed in to the console may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "No member has this id", body = ErrorBody),
        (status = 409, description = "This is the last organisation admin who can sign in", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let viewer = organisation_admin(&state, &headers).await?;
    let audit = audit_of(&viewer, address);
    let key = user_id.clone();
    let outcome = state
        .db
        .call(move |conn| members::remove(conn, &key, &audit))
        .await?;
    done(outcome, &user_id)?;
    tracing::info!(member = %user_id, "member removed");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/members/{user_id}/invitation`
#[utoipa::path(
    post, path = "/api/members/{user_id}/invitation", tag = "members", summary = "Gives an invited member a new set-password link, shown once; the old link stops working (organisation admins)",
    params(MemberPath),
    responses(
        SignedInErrors,
        (status = 200, description = "The member and their new link", body = Invitation),
        (status = 403, description = "Only an organisation admin signed in to the console may do this, or the X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "No member has this id", body = ErrorBody),
        (status = 409, description = "The member has already set their password", body = ErrorBody),
    )
)]
pub(crate) async fn renew(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Result<Json<Invitation>, ApiError> {
    let viewer = organisation_admin(&state, &headers).await?;
    let audit = audit_of(&viewer, address);
    let (path, hash, expires_at) = new_link()?;
    let key = user_id.clone();
    let outcome = state
        .db
        .call(move |conn| members::renew_invitation(conn, &key, &hash, expires_at, &audit))
        .await?;
    let member = done(outcome, &user_id)?.ok_or_else(|| no_such_member(&user_id))?;
    Ok(Json(Invitation {
        member,
        set_password_path: path,
        expires_at,
    }))
}

/// The 410-like answer of a link that cannot be used, as a 404 that says
/// why.
fn unusable(link: &Link) -> ApiError {
    match link {
        Link::Expired => ApiError::NotFound(
            "This link has expired. Ask an organisation admin for a new one.".into(),
        ),
        _ => ApiError::NotFound(
            "This link does not work: it was already used, or a newer one was made. Ask an organisation admin for a new one, or sign in if you have set your password.".into(),
        ),
    }
}

/// `POST /api/auth/invitation` with `{"token"}`.
#[utoipa::path(
    post, path = "/api/auth/invitation", tag = "auth", summary = "Whom a set-password link is for, if it still works",
    request_body = InvitationToken,
    responses(
        InternalError,
        (status = 200, description = "The invited member's email and name, and when the link stops working", body = InvitationInfo),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 403, description = "The X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "The link has expired, was used, or was replaced; the message says which", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (128 KiB)", body = ErrorBody),
    )
)]
pub(crate) async fn invitation(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<InvitationToken>,
) -> Result<Json<InvitationInfo>, ApiError> {
    let hash = secrets::digest(body.token.trim());
    let link = state
        .db
        .call(move |conn| members::find_link(conn, &hash, crate::clock::now()))
        .await?;
    match link {
        Link::Valid(_, email, name, expires_at) => Ok(Json(InvitationInfo {
            email,
            name,
            expires_at,
        })),
        other => Err(unusable(&other)),
    }
}

/// `POST /api/auth/set-password` with `{"token", "password"}`.
#[utoipa::path(
    post, path = "/api/auth/set-password", tag = "auth", summary = "Sets an invited member's password through their link, once, and signs them in",
    request_body = SetPassword,
    responses(
        InternalError,
        (status = 200, description = "Signed in: the user and their roles; the session is in the Set-Cookie header", body = Me),
        (status = 400, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 403, description = "The X-Console-Request header is missing", body = ErrorBody),
        (status = 404, description = "The link has expired, was used, or was replaced; the message says which", body = ErrorBody),
        (status = 413, description = "The body is larger than this endpoint accepts (128 KiB)", body = ErrorBody),
        (status = 422, description = "The password is shorter than 12 characters (`field` is password)", body = ErrorBody),
    )
)]
pub(crate) async fn set_password(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SetPassword>,
) -> Result<Response, ApiError> {
    validate_user_password(&body.password).map_err(ApiError::Invalid)?;
    let hash = secrets::digest(body.token.trim());
    // A link that does not work is refused before the costly hash.
    let lookup = hash.clone();
    let link = state
        .db
        .call(move |conn| members::find_link(conn, &lookup, crate::clock::now()))
        .await?;
    if !matches!(link, Link::Valid(..)) {
        return Err(unusable(&link));
    }
    let password = body.password;
    let password_hash = {
        let _slot = password_slots().acquire().await.ok();
        tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(crate::db::DbError::from)??
    };
    let address = address.map(|a| a.to_string());
    let accepted = state
        .db
        .call(move |conn| {
            members::accept(conn, &hash, &password_hash, address, crate::clock::now())
        })
        .await?;
    match accepted {
        Ok(user_id) => {
            tracing::info!(user = %user_id, "invited member set their password");
            start_session(&state, &headers, user_id).await
        }
        Err(link) => Err(unusable(&link)),
    }
}
