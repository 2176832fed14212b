//! The `users`, `memberships` and `sessions` tables.

use super::activity::{self, Audit, Event};
use super::DbError;
use crate::db::{Conn, OptionalExtension};
use crate::params;
use api_types::ActivityAction;
use api_types::{Me, Membership, ProjectId, RoleKey, User};
use chrono::{DateTime, Utc};

/// Who is looking: a signed-in user, as the access checks need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The user's id.
    pub user_id: String,
    /// Admin on every project.
    pub organisation_admin: bool,
    /// Support staff: sees and settles every project request.
    pub support: bool,
}

/// A user with what signing in needs.
pub struct Account {
    /// The user.
    pub user: User,
    /// Their Argon2id password hash; never leaves the server.
    pub password_hash: String,
}

/// The user with this email (any case), with their password hash.
pub fn find_by_email(conn: &Conn, email: &str) -> Result<Option<Account>, DbError> {
    conn.query_row(
        "SELECT id, email, name, password_hash FROM users WHERE email_key = ?1",
        params![email_key(email)],
        |row| {
            Ok(Account {
                user: User {
                    id: row.get(0)?,
                    email: row.get(1)?,
                    name: row.get(2)?,
                },
                password_hash: row.get(3)?,
            })
        },
    )
    .optional()
}

/// An email as compared for uniqueness and sign-in: its ASCII letters
/// lowercased, as SQLite's `COLLATE NOCASE` compared emails before the
/// key existed (so no two existing users can share a key).
pub fn email_key(email: &str) -> String {
    email.to_ascii_lowercase()
}

/// Fills `email_key` for every user and moves the unique index onto it.
pub fn fill_email_keys(tx: &Conn) -> Result<(), DbError> {
    let rows: Vec<(String, String)> =
        tx.query_map("SELECT id, email FROM users", params![], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    for (id, email) in rows {
        tx.execute(
            "UPDATE users SET email_key = ?2 WHERE id = ?1",
            params![id, email_key(&email)],
        )?;
    }
    tx.execute_batch(
        "CREATE UNIQUE INDEX users_email_key_unique ON users (email_key);
         DROP INDEX users_email_unique;",
    )?;
    Ok(())
}

/// Adds the user, or updates the one with this email; returns their id.
pub fn upsert(
    conn: &Conn,
    new_id: &str,
    email: &str,
    name: &str,
    password_hash: &str,
    organisation_admin: bool,
    now: DateTime<Utc>,
) -> Result<String, DbError> {
    conn.execute(
        "INSERT INTO users (id, email, name, password_hash, organisation_admin, created_at, email_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (email_key) DO UPDATE SET
            name = excluded.name,
            password_hash = excluded.password_hash,
            organisation_admin = excluded.organisation_admin",
        params![
            new_id,
            email,
            name,
            password_hash,
            organisation_admin,
            now.timestamp_millis(),
            email_key(email)
        ],
    )?;
    conn.query_row(
        "SELECT id FROM users WHERE email_key = ?1",
        params![email_key(email)],
        |row| row.get(0),
    )
}

/// Gives the user `role` on the project, or takes their access away.
pub fn set_role(
    conn: &Conn,
    user_id: &str,
    project: &ProjectId,
    role: Option<RoleKey>,
) -> Result<(), DbError> {
    match role {
        Some(role) => conn.execute(
            "INSERT INTO memberships (user_id, project_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT (user_id, project_id) DO UPDATE SET role = excluded.role",
            params![user_id, project.as_str(), role.as_str()],
        )?,
        None => conn.execute(
            "DELETE FROM memberships WHERE user_id = ?1 AND project_id = ?2",
            params![user_id, project.as_str()],
        )?,
    };
    Ok(())
}

/// The signed-in user's profile and roles.
pub fn me(conn: &Conn, viewer: &Viewer) -> Result<Option<Me>, DbError> {
    let user = conn
        .query_row(
            "SELECT id, email, name FROM users WHERE id = ?1",
            params![&viewer.user_id],
            |row| {
                Ok(User {
                    id: row.get(0)?,
                    email: row.get(1)?,
                    name: row.get(2)?,
                })
            },
        )
        .optional()?;
    let Some(user) = user else {
        return Ok(None);
    };
    Ok(Some(Me {
        user,
        organisation_admin: viewer.organisation_admin,
        support: viewer.support,
        memberships: memberships(conn, &viewer.user_id)?,
    }))
}

/// The user's roles, one per project they are a member of, by project id.
pub fn memberships(conn: &Conn, user_id: &str) -> Result<Vec<Membership>, DbError> {
    conn.query_map(
        "SELECT project_id, role FROM memberships WHERE user_id = ?1 ORDER BY project_id",
        params![user_id],
        |row| {
            let (project, role): (String, String) = (row.get(0)?, row.get(1)?);
            Ok(Membership {
                project_id: ProjectId::parse(&project)
                    .map_err(|_| DbError::Corrupt(format!("membership project {project:?}")))?,
                role: parse_role(&role)?,
            })
        },
    )
}

/// The viewer's role on the project, if they have access to it.
pub fn role_on(
    conn: &Conn,
    viewer: &Viewer,
    project: &ProjectId,
) -> Result<Option<RoleKey>, DbError> {
    if viewer.organisation_admin {
        return Ok(Some(RoleKey::Admin));
    }
    let role: Option<String> = conn
        .query_row(
            "SELECT role FROM memberships WHERE user_id = ?1 AND project_id = ?2",
            params![viewer.user_id, project.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    role.as_deref().map(parse_role).transpose()
}

/// A stored role key.
pub fn parse_role(text: &str) -> Result<RoleKey, DbError> {
    RoleKey::parse(text).ok_or_else(|| DbError::Corrupt(format!("role {text:?}")))
}

/// Forgets up to `batch` sessions that expired more than a day ago (kept
/// that long so that a returning user is told their session expired);
/// the number forgotten.
pub fn prune_sessions(conn: &Conn, now: DateTime<Utc>, batch: usize) -> Result<usize, DbError> {
    let day = 24 * 60 * 60 * 1000;
    conn.execute(
        "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)",
        params![now.timestamp_millis() - day, batch as i64],
    )
}

/// Starts a session for the user.
pub fn create_session(
    conn: &Conn,
    token_hash: &[u8],
    user_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            token_hash,
            user_id,
            now.timestamp_millis(),
            expires_at.timestamp_millis()
        ],
    )?;
    Ok(())
}

/// What a session cookie turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionLookup {
    /// A live session of this user.
    Live(Viewer),
    /// A session that has expired.
    Expired,
    /// No such session (signed out, or never was).
    Unknown,
}

/// The session with this token hash.
pub fn find_session(
    conn: &Conn,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<SessionLookup, DbError> {
    Ok(match session_of(conn, token_hash)? {
        None => SessionLookup::Unknown,
        Some((_, expires)) if expires <= now.timestamp_millis() => SessionLookup::Expired,
        Some((viewer, _)) => SessionLookup::Live(viewer),
    })
}

/// The user of the session `token_hash` and when it expires (milliseconds
/// since the epoch), expired or not.
pub fn session_of(conn: &Conn, token_hash: &[u8]) -> Result<Option<(Viewer, i64)>, DbError> {
    conn.query_row(
        "SELECT s.user_id, u.organisation_admin, u.support, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1",
        params![token_hash],
        |row| {
            Ok((
                Viewer {
                    user_id: row.get(0)?,
                    organisation_admin: row.get(1)?,
                    support: row.get(2)?,
                },
                row.get(3)?,
            ))
        },
    )
    .optional()
}

/// Ends every session of the user.
pub fn end_sessions(conn: &Conn, user_id: &str) -> Result<(), DbError> {
    if conn.execute("DELETE FROM sessions WHERE user_id = ?1", params![user_id])? > 0 {
        super::events::session_ended(conn, crate::clock::now(), user_id)?;
    }
    Ok(())
}

/// Ends a session; its live-update streams end with it.
pub fn delete_session(conn: &Conn, token_hash: &[u8]) -> Result<(), DbError> {
    let user: Option<String> = conn
        .query_row(
            "DELETE FROM sessions WHERE token_hash = ?1 RETURNING user_id",
            params![token_hash],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(user) = user {
        super::events::session_ended(conn, crate::clock::now(), &user)?;
    }
    Ok(())
}

/// The user with this id as the access checks see them.
pub fn viewer_of(conn: &Conn, user_id: &str) -> Result<Viewer, DbError> {
    let (organisation_admin, support) = conn.query_row(
        "SELECT organisation_admin, support FROM users WHERE id = ?1",
        params![user_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(Viewer {
        user_id: user_id.to_string(),
        organisation_admin,
        support,
    })
}

/// Makes the user support staff, or not.
pub fn set_support(conn: &Conn, user_id: &str, support: bool) -> Result<(), DbError> {
    conn.execute(
        "UPDATE users SET support = ?2 WHERE id = ?1",
        params![user_id, support],
    )?;
    Ok(())
}

/// What `api-server user` asks for: a user to add, or to change by email.
#[derive(Debug)]
pub struct UserChange {
    /// The user's email address, checked.
    pub email: String,
    /// A new name, or none to keep it.
    pub name: Option<String>,
    /// The new password's hash, or none to keep the password.
    pub password_hash: Option<String>,
    /// The id a new user gets.
    pub new_id: String,
    /// Make (or stop making) the user an organisation admin, or leave it.
    pub organisation_admin: Option<bool>,
    /// Make (or stop making) the user support staff, or leave it.
    pub support: Option<bool>,
    /// Roles to set on projects; `None` takes the access away.
    pub roles: Vec<(ProjectId, Option<RoleKey>)>,
    /// When it happens.
    pub now: DateTime<Utc>,
}

/// Applies a [`UserChange`] in one transaction: the line to print, or
/// (as `Ok(Err(..))`) what is wrong with the change, and nothing written.
pub fn apply_change(
    conn: &mut Conn,
    change: &UserChange,
) -> Result<Result<String, String>, DbError> {
    // The write lock is taken up front: a deferred transaction that reads
    // first cannot upgrade while the server writes, and would fail as busy
    // instead of waiting its turn.
    let tx = conn.write_tx()?;
    let existing = find_by_email(&tx, &change.email)?;
    let (id, old_name, old_hash, old_org) = match &existing {
        Some(a) => {
            let viewer = viewer_of(&tx, &a.user.id)?;
            (
                a.user.id.clone(),
                a.user.name.clone(),
                Some(a.password_hash.clone()),
                viewer.organisation_admin,
            )
        }
        None => (change.new_id.clone(), String::new(), None, false),
    };
    let Some(hash) = change.password_hash.clone().or(old_hash) else {
        return Ok(Err(
            "a new user needs a password: pass --password-stdin".to_string()
        ));
    };
    let name = change.name.clone().unwrap_or_else(|| old_name.clone());
    if name.trim().is_empty() {
        return Ok(Err(
            "a user needs a name: pass --name with some text".to_string()
        ));
    }
    let organisation_admin = change.organisation_admin.unwrap_or(old_org);
    let id = upsert(
        &tx,
        &id,
        &change.email,
        name.trim(),
        &hash,
        organisation_admin,
        change.now,
    )?;
    let old_support = existing.is_some() && viewer_of(&tx, &id)?.support;
    if let Some(support) = change.support {
        set_support(&tx, &id, support)?;
    }
    if change.password_hash.is_some() {
        // An invited user given a password this way can sign in: their
        // link is of no more use.
        tx.execute(
            "UPDATE users SET invited = FALSE WHERE id = ?1",
            params![&id],
        )?;
        tx.execute("DELETE FROM invitations WHERE user_id = ?1", params![&id])?;
    }
    if existing.is_some() && change.password_hash.is_some() {
        // Whoever knew the old password is signed out everywhere.
        end_sessions(&tx, &id)?;
    }
    let audit = Audit::operator();
    let who = format!("{} ({})", name.trim(), change.email);
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let support = change.support.unwrap_or(old_support);
    let mut event = Event::on(
        if existing.is_some() {
            ActivityAction::MemberUpdated
        } else {
            ActivityAction::MemberInvited
        },
        None,
    )
    .about(id.clone())
    .target(who.clone());
    if existing.is_some() {
        event = event
            .change(
                "name",
                Some(old_name.clone()),
                Some(name.trim().to_string()),
            )
            .change(
                "organisation_admin",
                Some(yes_no(old_org)),
                Some(yes_no(organisation_admin)),
            )
            .change("support", Some(yes_no(old_support)), Some(yes_no(support)));
        if change.password_hash.is_some() {
            event = event.change("password", None, None);
        }
    } else {
        event = event
            .change("email", None, Some(change.email.clone()))
            .change("name", None, Some(name.trim().to_string()))
            .change("organisation_admin", None, Some(yes_no(organisation_admin)))
            .change("support", None, Some(yes_no(support)));
    }
    if !event.changes.is_empty() {
        activity::record(&tx, &audit, event)?;
    }
    let before = memberships(&tx, &id)?;
    for (project, role) in &change.roles {
        if super::projects::get(&tx, project)?.is_none() {
            return Ok(Err(format!("no project has the id {project}")));
        }
        let was = before
            .iter()
            .find(|m| &m.project_id == project)
            .map(|m| m.role);
        set_role(&tx, &id, project, *role)?;
        if was != *role {
            let named = |r: Option<RoleKey>| r.map_or("no access", RoleKey::name).to_string();
            activity::record(
                &tx,
                &audit,
                Event::on(ActivityAction::MemberRoleChanged, Some(project))
                    .about(id.clone())
                    .target(who.clone())
                    .change("role", Some(named(was)), Some(named(*role))),
            )?;
        }
    }
    tx.commit()?;
    Ok(Ok(format!(
        "{} {}{}, with {} role change(s)",
        if existing.is_some() {
            "updated"
        } else {
            "added"
        },
        change.email,
        if organisation_admin {
            " (organisation admin)"
        } else {
            ""
        },
        change.roles.len()
    )))
}
