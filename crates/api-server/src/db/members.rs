//! The organisation's members as organisation admins manage them: the
//! list, invitations and their set-password links, role changes and
//! removals. Every change is recorded in the activity log in its own
//! transaction.

use super::activity::{self, ActorRef, Audit, Event};
use super::users::{self, parse_role};
use super::DbError;
use crate::db::{Conn, OptionalExtension, Row};
use crate::params;
use api_types::{
    ActivityAction, CheckedInvite, ListResponse, Member, Membership, ProjectId, RoleChange, RoleKey,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

const COLUMNS: &str = "u.id, u.email, u.name, u.organisation_admin, u.support, u.invited, \
     u.created_at, (SELECT MAX(i.expires_at) FROM invitations i WHERE i.user_id = u.id)";

fn from_row(row: &Row<'_>) -> Result<Member, DbError> {
    let id: String = row.get(0)?;
    let time = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .ok_or_else(|| DbError::Corrupt(format!("user {id} time")))
    };
    let created: i64 = row.get(6)?;
    let expires: Option<i64> = row.get(7)?;
    let invited: bool = row.get(5)?;
    Ok(Member {
        email: row.get(1)?,
        name: row.get(2)?,
        organisation_admin: row.get(3)?,
        support: row.get(4)?,
        invited,
        invitation_expires_at: match expires.filter(|_| invited) {
            Some(ms) => Some(time(ms)?),
            None => None,
        },
        created_at: time(created)?,
        memberships: Vec::new(),
        id,
    })
}

/// Fills in each member's memberships.
fn with_memberships(conn: &Conn, members: &mut [Member]) -> Result<(), DbError> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        index.insert(m.id.clone(), i);
    }
    if members.len() == 1 {
        members[0].memberships = users::memberships(conn, &members[0].id)?;
        return Ok(());
    }
    let rows: Vec<(String, String, String)> = conn.query_map(
        "SELECT m.user_id, m.project_id, m.role FROM memberships m ORDER BY m.project_id",
        params![],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    for (user, project, role) in rows {
        let Some(&i) = index.get(&user) else { continue };
        members[i].memberships.push(Membership {
            project_id: ProjectId::parse(&project)
                .map_err(|_| DbError::Corrupt(format!("membership project {project:?}")))?,
            role: parse_role(&role)?,
        });
    }
    Ok(())
}

/// A page of the members whose name or email contains `search` (any
/// case), by name.
pub fn list(
    conn: &Conn,
    search: &str,
    page: u32,
    page_size: u32,
) -> Result<ListResponse<Member>, DbError> {
    let pattern = super::like_containing(&search.to_lowercase());
    let filter = "WHERE lower(u.name) LIKE ?1 ESCAPE '\\' OR lower(u.email) LIKE ?1 ESCAPE '\\'";
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM users u {filter}"),
        params![&pattern],
        |row| row.get(0),
    )?;
    let offset = super::offset_of(page, page_size);
    let mut result = conn.query_map(
        &format!(
            "SELECT {COLUMNS} FROM users u {filter} ORDER BY lower(u.name), u.email LIMIT {page_size} OFFSET {offset}"
        ),
        params![&pattern],
        from_row,
    )?;
    with_memberships(conn, &mut result)?;
    Ok(super::page_envelope(result, page, page_size, total))
}

/// The member with this id.
pub fn get(conn: &Conn, user_id: &str) -> Result<Option<Member>, DbError> {
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users u WHERE u.id = ?1"),
            params![user_id],
            |row| Ok(from_row(row)),
        )
        .optional()?
        .transpose()?;
    Ok(match found {
        Some(member) => {
            let mut one = [member];
            with_memberships(conn, &mut one)?;
            let [member] = one;
            Some(member)
        }
        None => None,
    })
}

/// What the activity log calls a member.
fn label(name: &str, email: &str) -> String {
    format!("{name} ({email})")
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}

fn role_name(role: Option<RoleKey>) -> String {
    role.map_or_else(|| "no access".to_string(), |r| r.name().to_string())
}

/// Sets each role that differs from the member's own, recording one entry
/// per project changed. `Err(id)` names a project that does not exist.
fn apply_roles(
    conn: &Conn,
    member: &Member,
    roles: &[RoleChange],
    audit: &Audit,
) -> Result<Result<(), ProjectId>, DbError> {
    for change in roles {
        if super::projects::get(conn, &change.project_id)?.is_none() {
            return Ok(Err(change.project_id.clone()));
        }
        let before = member
            .memberships
            .iter()
            .find(|m| m.project_id == change.project_id)
            .map(|m| m.role);
        if before == change.role {
            continue;
        }
        users::set_role(conn, &member.id, &change.project_id, change.role)?;
        activity::record(
            conn,
            audit,
            Event::on(ActivityAction::MemberRoleChanged, Some(&change.project_id))
                .about(member.id.clone())
                .target(label(&member.name, &member.email))
                .change(
                    "role",
                    Some(role_name(before)),
                    Some(role_name(change.role)),
                ),
        )?;
    }
    Ok(Ok(()))
}

/// How many organisation admins can sign in.
fn active_admins(conn: &Conn) -> Result<i64, DbError> {
    conn.query_row(
        "SELECT COUNT(*) FROM users WHERE organisation_admin AND NOT invited",
        params![],
        |row| row.get(0),
    )
}

/// What came of a change to the members.
#[derive(Debug)]
pub enum Outcome {
    /// Done: the member as they now are (absent after a removal).
    Done(Option<Box<Member>>),
    /// No member has this id.
    Missing,
    /// Another user has this email.
    EmailTaken,
    /// No project has this id.
    UnknownProject(ProjectId),
    /// It would leave the organisation without an admin who can sign in.
    LastAdmin,
    /// The member has already set their password.
    NotInvited,
}

/// A new invitation: who and what.
pub struct NewInvite<'a> {
    /// The id the user gets.
    pub id: &'a str,
    /// Email and name, checked.
    pub who: &'a CheckedInvite,
    /// Organisation admin.
    pub organisation_admin: bool,
    /// Support staff.
    pub support: bool,
    /// Roles on projects.
    pub roles: &'a [RoleChange],
    /// The hash of the set-password link's token.
    pub token_hash: &'a [u8],
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// Adds an invited user (who cannot sign in until they set a password
/// through their link) with their roles, all or nothing.
pub fn invite(conn: &mut Conn, new: &NewInvite<'_>, audit: &Audit) -> Result<Outcome, DbError> {
    let tx = conn.write_tx()?;
    if users::find_by_email(&tx, &new.who.email)?.is_some() {
        return Ok(Outcome::EmailTaken);
    }
    tx.execute(
        "INSERT INTO users (id, email, name, password_hash, organisation_admin, support, invited, created_at, email_key)
         VALUES (?1, ?2, ?3, '', ?4, ?5, TRUE, ?6, ?7)",
        params![
            new.id,
            new.who.email,
            new.who.name,
            new.organisation_admin,
            new.support,
            audit.at.timestamp_millis(),
            users::email_key(&new.who.email)
        ],
    )?;
    tx.execute(
        "INSERT INTO invitations (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![new.token_hash, new.id, new.expires_at.timestamp_millis()],
    )?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::MemberInvited, None)
            .about(new.id.to_string())
            .target(label(&new.who.name, &new.who.email))
            .change("email", None, Some(new.who.email.clone()))
            .change("name", None, Some(new.who.name.clone()))
            .change(
                "organisation_admin",
                None,
                Some(yes_no(new.organisation_admin)),
            )
            .change("support", None, Some(yes_no(new.support))),
    )?;
    let member =
        get(&tx, new.id)?.ok_or_else(|| DbError::Corrupt("invited user vanished".into()))?;
    if let Err(project) = apply_roles(&tx, &member, new.roles, audit)? {
        return Ok(Outcome::UnknownProject(project));
    }
    let member = get(&tx, new.id)?;
    tx.commit()?;
    Ok(Outcome::Done(member.map(Box::new)))
}

/// A change to a member.
#[derive(Debug, Default)]
pub struct MemberChange {
    /// A new name.
    pub name: Option<String>,
    /// Organisation admin, or not.
    pub organisation_admin: Option<bool>,
    /// Support, or not.
    pub support: Option<bool>,
    /// Roles to set.
    pub roles: Vec<RoleChange>,
}

/// Changes a member's name, flags and roles, all or nothing.
pub fn update(
    conn: &mut Conn,
    user_id: &str,
    change: &MemberChange,
    audit: &Audit,
) -> Result<Outcome, DbError> {
    let tx = conn.write_tx()?;
    let Some(member) = get(&tx, user_id)? else {
        return Ok(Outcome::Missing);
    };
    let admin = change
        .organisation_admin
        .unwrap_or(member.organisation_admin);
    if member.organisation_admin && !admin && !member.invited && active_admins(&tx)? <= 1 {
        return Ok(Outcome::LastAdmin);
    }
    let name = change.name.clone().unwrap_or_else(|| member.name.clone());
    let support = change.support.unwrap_or(member.support);
    tx.execute(
        "UPDATE users SET name = ?2, organisation_admin = ?3, support = ?4 WHERE id = ?1",
        params![user_id, name, admin, support],
    )?;
    let event = Event::on(ActivityAction::MemberUpdated, None)
        .about(user_id)
        .target(label(&name, &member.email))
        .change("name", Some(member.name.clone()), Some(name.clone()))
        .change(
            "organisation_admin",
            Some(yes_no(member.organisation_admin)),
            Some(yes_no(admin)),
        )
        .change(
            "support",
            Some(yes_no(member.support)),
            Some(yes_no(support)),
        );
    if !event.changes.is_empty() {
        activity::record(&tx, audit, event)?;
    }
    let renamed = Member { name, ..member };
    if let Err(project) = apply_roles(&tx, &renamed, &change.roles, audit)? {
        return Ok(Outcome::UnknownProject(project));
    }
    let member = get(&tx, user_id)?;
    tx.commit()?;
    Ok(Outcome::Done(member.map(Box::new)))
}

/// Removes a member: their sessions end at once, their roles go. The last
/// organisation admin who can sign in cannot be removed.
pub fn remove(conn: &mut Conn, user_id: &str, audit: &Audit) -> Result<Outcome, DbError> {
    let tx = conn.write_tx()?;
    let Some(member) = get(&tx, user_id)? else {
        return Ok(Outcome::Missing);
    };
    if member.organisation_admin && !member.invited && active_admins(&tx)? <= 1 {
        return Ok(Outcome::LastAdmin);
    }
    // Recorded before the user goes, so that a member who removes
    // themselves is still named.
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::MemberRemoved, None)
            .about(user_id)
            .target(label(&member.name, &member.email)),
    )?;
    for m in &member.memberships {
        activity::record(
            &tx,
            audit,
            Event::on(ActivityAction::MemberRoleChanged, Some(&m.project_id))
                .about(user_id)
                .target(label(&member.name, &member.email))
                .change("role", Some(role_name(Some(m.role))), Some(role_name(None))),
        )?;
    }
    // Sessions, memberships and invitations go with the user.
    tx.execute("DELETE FROM users WHERE id = ?1", params![user_id])?;
    // Requests they filed stay, by their id; they cannot sign in again.
    tx.commit()?;
    Ok(Outcome::Done(None))
}

/// Gives an invited member a new set-password link; the old one stops
/// working.
pub fn renew_invitation(
    conn: &mut Conn,
    user_id: &str,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
    audit: &Audit,
) -> Result<Outcome, DbError> {
    let tx = conn.write_tx()?;
    let Some(member) = get(&tx, user_id)? else {
        return Ok(Outcome::Missing);
    };
    if !member.invited {
        return Ok(Outcome::NotInvited);
    }
    tx.execute(
        "DELETE FROM invitations WHERE user_id = ?1",
        params![user_id],
    )?;
    tx.execute(
        "INSERT INTO invitations (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![token_hash, user_id, expires_at.timestamp_millis()],
    )?;
    activity::record(
        &tx,
        audit,
        Event::on(ActivityAction::InvitationRenewed, None)
            .about(user_id)
            .target(label(&member.name, &member.email)),
    )?;
    let member = get(&tx, user_id)?;
    tx.commit()?;
    Ok(Outcome::Done(member.map(Box::new)))
}

/// What a set-password link's token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A working link of this user: id, email, name, expiry.
    Valid(String, String, String, DateTime<Utc>),
    /// A link that has expired.
    Expired,
    /// No such link: never was, already used, or renewed since.
    Unknown,
}

/// The invitation with this token hash.
pub fn find_link(conn: &Conn, token_hash: &[u8], now: DateTime<Utc>) -> Result<Link, DbError> {
    let found: Option<(String, String, String, i64)> = conn
        .query_row(
            "SELECT u.id, u.email, u.name, i.expires_at FROM invitations i JOIN users u ON u.id = i.user_id
             WHERE i.token_hash = ?1 AND u.invited",
            params![token_hash],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    Ok(match found {
        None => Link::Unknown,
        Some((.., expires)) if expires <= now.timestamp_millis() => Link::Expired,
        Some((id, email, name, expires)) => Link::Valid(
            id,
            email,
            name,
            DateTime::from_timestamp_millis(expires)
                .ok_or_else(|| DbError::Corrupt("invitation expiry".into()))?,
        ),
    })
}

/// Sets the password of the link's user and uses the link up, in one
/// transaction; the user's id, or what is wrong with the link.
pub fn accept(
    conn: &mut Conn,
    token_hash: &[u8],
    password_hash: &str,
    address: Option<String>,
    now: DateTime<Utc>,
) -> Result<Result<String, Link>, DbError> {
    let tx = conn.write_tx()?;
    let link = find_link(&tx, token_hash, now)?;
    let Link::Valid(user_id, ..) = link else {
        return Ok(Err(link));
    };
    tx.execute(
        "UPDATE users SET password_hash = ?2, invited = FALSE WHERE id = ?1",
        params![user_id, password_hash],
    )?;
    tx.execute(
        "DELETE FROM invitations WHERE user_id = ?1",
        params![&user_id],
    )?;
    let audit = Audit {
        actor: ActorRef::User(user_id.clone()),
        address,
        at: now,
    };
    activity::record(
        &tx,
        &audit,
        Event::on(ActivityAction::MemberJoined, None).about(user_id.clone()),
    )?;
    tx.commit()?;
    Ok(Ok(user_id))
}
