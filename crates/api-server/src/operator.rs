//! Operators' tasks run against the database outside of any request: the
//! `api-server user` command, and the demo users of `--seed-demo`.

use crate::db::users::UserChange;
use crate::db::OptionalExtension;
use crate::db::{self, Db};
use crate::params;
use crate::{secrets, Config, ProjectAction, ProjectArgs, PruneArgs, UserArgs};

/// Adds the demo users unless the database has them.
pub(crate) async fn seed_demo_users(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
    let seeded = db
        .call(|conn| {
            Ok(conn
                .query_row(
                    "SELECT 1 FROM settings WHERE key = ?1",
                    params![db::seed::USERS_SEEDED_KEY],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })
        .await?;
    if seeded {
        return Ok(());
    }
    let mut prepared = Vec::new();
    for _ in db::seed::DEMO_USERS {
        prepared.push((
            secrets::new_client_id()?,
            secrets::hash_password(db::seed::DEMO_PASSWORD)?,
        ));
    }
    if db
        .call(move |conn| db::seed::seed_demo_users(conn, &prepared))
        .await?
    {
        tracing::info!("seeded the demo users");
    }
    Ok(())
}

/// Runs `api-server user …`: adds or changes a user and their roles; the
/// line to print, or what is wrong.
pub async fn run_user_command(
    config: &Config,
    args: &UserArgs,
    password: Option<String>,
) -> Result<String, Box<dyn std::error::Error>> {
    use api_types::{validate_email, validate_user_password, ProjectId, RoleKey};
    let email = validate_email(&args.email).map_err(|e| e.message)?;
    if let Some(p) = &password {
        validate_user_password(p).map_err(|e| format!("password: {}", e.message))?;
    }
    let mut roles = Vec::new();
    for spec in &args.roles {
        let (id, role) = spec
            .split_once('=')
            .ok_or_else(|| format!("--role {spec}: write PROJECT_ID=ROLE"))?;
        let id = ProjectId::parse(id.trim()).map_err(|e| format!("--role {spec}: {e}"))?;
        let role = match role.trim() {
            "none" => None,
            other => Some(RoleKey::parse(other).ok_or_else(|| {
                format!("--role {spec}: the role is admin, data_admin, read_only or none")
            })?),
        };
        roles.push((id, role));
    }
    let db = Db::open(config.database.clone()).await?;
    let hash = password
        .as_deref()
        .map(secrets::hash_password)
        .transpose()?;
    // A flag and its negation: set, taken away, or kept as it is.
    let either = |on: bool, off: bool| (on || off).then_some(on);
    let change = UserChange {
        email,
        name: args.name.clone(),
        password_hash: hash,
        new_id: secrets::new_client_id()?,
        organisation_admin: either(args.organisation_admin, args.no_organisation_admin),
        support: either(args.support, args.no_support),
        roles,
        now: crate::clock::now(),
    };
    let outcome = db
        .call(move |conn| db::users::apply_change(conn, &change))
        .await?;
    Ok(outcome?)
}

/// Runs `api-server prune-activity --older-than-days N`: the line to
/// print.
pub async fn run_prune_activity(
    config: &Config,
    args: &PruneArgs,
) -> Result<String, Box<dyn std::error::Error>> {
    let db = Db::open(config.database.clone()).await?;
    let days = args.older_than_days;
    let before = crate::clock::now() - chrono::Duration::days(i64::from(days));
    let removed = db
        .call(move |conn| db::activity::prune(conn, before))
        .await?;
    Ok(format!(
        "deleted {removed} activity entr{} older than {days} day{}",
        if removed == 1 { "y" } else { "ies" },
        if days == 1 { "" } else { "s" }
    ))
}

/// Runs `api-server project pause|resume …`: the line to print, or what
/// is wrong. The operator needs no confirmation: the id names the project.
pub async fn run_project_command(
    config: &Config,
    args: &ProjectArgs,
) -> Result<String, Box<dyn std::error::Error>> {
    use crate::db::projects::{NewPause, StateChanged};
    use api_types::{PauseProject, PauseReason, ProjectId};
    let raw = match &args.action {
        ProjectAction::Pause { id, .. } | ProjectAction::Resume { id } => id,
    };
    let id = ProjectId::parse(raw).map_err(|e| format!("--id: {e}"))?;
    let db = Db::open(config.database.clone()).await?;
    let lookup = id.clone();
    let project = db
        .call(move |conn| db::projects::get(conn, &lookup))
        .await?
        .ok_or_else(|| format!("no project has the id {id}"))?;
    let audit = db::activity::Audit::operator();
    let pause = match &args.action {
        ProjectAction::Resume { .. } => None,
        ProjectAction::Pause {
            reason,
            note,
            until,
            ..
        } => {
            let body = PauseProject {
                reason: PauseReason::parse(reason).ok_or_else(|| format!("--reason {reason}"))?,
                note: note.clone(),
                until: until.clone(),
                confirm: project.name.clone(),
            };
            let checked = api_types::validate_pause(&body, &project.name, audit.at)
                .map_err(|e| format!("--{}: {}", e.field, e.message))?;
            Some(NewPause {
                reason: body.reason,
                note: checked.note,
                until: checked.until,
            })
        }
    };
    let dp_now = crate::clock::data_plane_now();
    let wanted = pause.clone();
    let outcome = db
        .call(move |conn| db::projects::set_pause(conn, &id, wanted.as_ref(), &audit, dp_now))
        .await?;
    match outcome {
        StateChanged::Done(p) => Ok(match p.pause {
            Some(pause) => format!(
                "paused {} ({}{})",
                p.name,
                pause.reason.as_str(),
                pause
                    .until
                    .map(|u| format!(" until {}", u.to_rfc3339()))
                    .unwrap_or_default()
            ),
            None => format!("resumed {}", p.name),
        }),
        StateChanged::Already(p) => {
            Err(format!("{} is already {}", p.name, p.state.as_str()).into())
        }
        StateChanged::Missing => Err("the project is gone".into()),
    }
}
