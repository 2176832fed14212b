//! Reference API server of the projects console.
//!
//! It serves the REST API under `/api` from an embedded SQLite database and,
//! when given the folder of the built console, the console itself on the
//! same port.

pub mod db;
pub mod http;
pub mod secrets;

use clap::Parser;
use db::Db;
use rusqlite::OptionalExtension;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

/// How the server is started. Every flag has an environment equivalent.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "api-server",
    version,
    about = "Reference API server of the projects console"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "CONSOLE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// SQLite database file; created, with its folder, on first start.
    #[arg(long, env = "CONSOLE_DATABASE", default_value = "data/console.sqlite3")]
    pub database: PathBuf,
    /// Folder of the built console (trunk's `dist/`) to serve beside the API.
    #[arg(long, env = "CONSOLE_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Write the demo organisation into the database if it was never seeded.
    #[arg(long, env = "CONSOLE_SEED_DEMO")]
    pub seed_demo: bool,
    /// Add this many generated projects on first start, to try the console
    /// with a large organisation (benchmarks, load tests).
    #[arg(long, env = "CONSOLE_GENERATE_PROJECTS", default_value_t = 0)]
    pub generate_projects: u32,
    /// Mark the session cookie `Secure`: set it when the console is served
    /// over HTTPS (directly or behind a proxy).
    #[arg(long, env = "CONSOLE_SECURE_COOKIE")]
    pub secure_cookie: bool,
    /// The server is behind a reverse proxy that adds the client's address
    /// to `X-Forwarded-For`: failed sign-ins are then counted per that
    /// address, not per the proxy's.
    #[arg(long, env = "CONSOLE_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// An operator's task instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Tasks for operators, run against the database and exiting.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Adds a console user, or changes the one with this email, and sets
    /// their roles. The password is read from the first line of standard
    /// input with --password-stdin (required for a new user).
    User(UserArgs),
}

/// `api-server user …`
#[derive(Debug, Clone, clap::Args)]
pub struct UserArgs {
    /// The user's email address.
    #[arg(long)]
    pub email: String,
    /// The name shown in the console (kept when omitted for an existing user).
    #[arg(long)]
    pub name: Option<String>,
    /// Read the password (at least 12 characters) from standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// Make the user Admin of every project.
    #[arg(long, conflicts_with = "no_organisation_admin")]
    pub organisation_admin: bool,
    /// Take away organisation admin.
    #[arg(long)]
    pub no_organisation_admin: bool,
    /// Make the user support staff, who provision requested projects.
    #[arg(long, conflicts_with = "no_support")]
    pub support: bool,
    /// Take away support.
    #[arg(long)]
    pub no_support: bool,
    /// A role on a project, as PROJECT_ID=admin|data_admin|read_only|none
    /// (none takes the access away). Repeat for several projects.
    #[arg(long = "role", value_name = "PROJECT_ID=ROLE")]
    pub roles: Vec<String>,
}

/// Shared state of the request handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Slows down repeated failed sign-ins.
    pub limiter: std::sync::Arc<http::limiter::Limiter>,
    /// Whether the session cookie is marked `Secure` (and `__Host-`).
    pub secure_cookie: bool,
    /// Whether client addresses come from `X-Forwarded-For`.
    pub behind_proxy: bool,
}

/// How often expired sessions and issued tokens are forgotten.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Opens the database (migrating and, if asked, seeding it) and builds the
/// application router.
pub async fn build(config: &Config) -> Result<axum::Router, Box<dyn std::error::Error>> {
    if let Some(parent) = config
        .database
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
    }
    let db = Db::open(&config.database).await.map_err(|e| {
        format!(
            "cannot open the database {}: {e}",
            config.database.display()
        )
    })?;
    if config.seed_demo {
        if db.call(db::seed::seed_demo).await? {
            tracing::info!("seeded the demo organisation");
        }
        seed_demo_users(&db).await?;
    }
    if config.generate_projects > 0 {
        let count = config.generate_projects;
        let added = db.call(move |conn| db::seed::generate(conn, count)).await?;
        if added > 0 {
            tracing::info!(added, "generated projects");
        }
    }
    if let Some(dir) = &config.static_dir {
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "{} has no index.html: build the console first",
                dir.display()
            )
            .into());
        }
    }
    db.prune_periodically(PRUNE_EVERY);
    let state = AppState {
        db,
        limiter: Default::default(),
        secure_cookie: config.secure_cookie,
        behind_proxy: config.behind_proxy,
    };
    Ok(http::router(state, config.static_dir.as_deref())?)
}

/// Adds the demo users unless the database has them.
async fn seed_demo_users(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
    let seeded = db
        .call(|conn| {
            Ok(conn
                .query_row(
                    "SELECT 1 FROM settings WHERE key = ?1",
                    [db::seed::USERS_SEEDED_KEY],
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

/// Runs `api-server user …`: adds or changes a user and their roles.
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
    let db = Db::open(&config.database).await?;
    let hash = password
        .as_deref()
        .map(secrets::hash_password)
        .transpose()?;
    let password_given = hash.is_some();
    let args_support = (args.support, args.no_support);
    let new_id = secrets::new_client_id()?;
    let (name, org) = (
        args.name.clone(),
        (args.organisation_admin, args.no_organisation_admin),
    );
    let outcome = db
        .call(move |conn| {
            // The write lock is taken up front: a deferred transaction that
            // reads first cannot upgrade while the server writes, and would
            // fail as busy instead of waiting its turn.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let existing = db::users::find_by_email(&tx, &email)?;
            let (id, old_name, old_hash, old_org) = match &existing {
                Some(a) => {
                    let viewer = db::users::viewer_of(&tx, &a.user.id)?;
                    (
                        a.user.id.clone(),
                        a.user.name.clone(),
                        Some(a.password_hash.clone()),
                        viewer.organisation_admin,
                    )
                }
                None => (new_id, String::new(), None, false),
            };
            let Some(hash) = hash.or(old_hash) else {
                return Ok(Err(
                    "a new user needs a password: pass --password-stdin".to_string()
                ));
            };
            let name = name.unwrap_or(old_name);
            if name.trim().is_empty() {
                return Ok(Err(
                    "a user needs a name: pass --name with some text".to_string()
                ));
            }
            let organisation_admin = match org {
                (true, _) => true,
                (_, true) => false,
                _ => old_org,
            };
            let id = db::users::upsert(
                &tx,
                &id,
                &email,
                name.trim(),
                &hash,
                organisation_admin,
                now(),
            )?;
            if args_support.0 || args_support.1 {
                db::users::set_support(&tx, &id, args_support.0)?;
            }
            if existing.is_some() && password_given {
                // Whoever knew the old password is signed out everywhere.
                db::users::end_sessions(&tx, &id)?;
            }
            for (project, role) in &roles {
                if db::projects::get(&tx, project)?.is_none() {
                    return Ok(Err(format!("no project has the id {project}")));
                }
                db::users::set_role(&tx, &id, project, *role)?;
            }
            tx.commit()?;
            Ok(Ok(format!(
                "{} {email}{}, with {} role change(s)",
                if existing.is_some() {
                    "updated"
                } else {
                    "added"
                },
                if organisation_admin {
                    " (organisation admin)"
                } else {
                    ""
                },
                roles.len()
            )))
        })
        .await?;
    Ok(outcome?)
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then finishes the
/// requests in flight and returns.
pub async fn serve(listener: TcpListener, app: axum::Router) -> std::io::Result<()> {
    // The handlers are in place before the first request is answered: a
    // signal sent as soon as the server answers still stops it cleanly,
    // rather than ending the process outright.
    let shutdown = shutdown_signal();
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Installs the Ctrl-C and SIGTERM handlers now, and resolves on either.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let listen = |kind: SignalKind, name: &'static str| {
        let handler = signal(kind);
        async move {
            match handler {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for {name}");
                    std::future::pending::<()>().await;
                }
            }
        }
    };
    let ctrl_c = listen(SignalKind::interrupt(), "Ctrl-C");
    let terminate = listen(SignalKind::terminate(), "SIGTERM");
    async move {
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
        tracing::info!("shutting down");
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}

/// The current time at the precision the database keeps (milliseconds), so
/// that an answer given at creation equals the same thing read back later.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let ms = chrono::Utc::now().timestamp_millis();
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
