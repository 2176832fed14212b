//! Reference API server of the projects console.
//!
//! It serves the REST API under `/api` from an embedded SQLite database (or
//! a PostgreSQL database that several instances share) and,
//! when given the folder of the built console, the console itself on the
//! same port.

pub mod clock;
pub mod dataplane;
pub mod db;
pub mod http;
mod operator;
pub mod secrets;
mod state;
pub mod transfer;

pub use operator::{run_project_command, run_prune_activity, run_user_command};
pub use state::AppState;

use axum::serve::ListenerExt;
use clap::Parser;
use db::Db;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

/// How the server is started. Every flag has an environment equivalent.
/// Not `Debug`: it holds the key connector secrets are sealed with.
#[derive(Clone, Parser)]
#[command(
    name = "api-server",
    version,
    about = "Reference API server of the projects console"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "CONSOLE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Where the data is kept: an SQLite file (created, with its folder, on
    /// first start) or a PostgreSQL database given by its URL,
    /// `postgres://user:password@host:port/name`, which several server
    /// instances can share.
    #[arg(long, env = "CONSOLE_DATABASE", default_value = "data/console.sqlite3")]
    pub database: db::Location,
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
    /// The key that encrypts connector secrets at rest: 64 hex digits.
    /// Without it, an SQLite server keeps a key in `secrets.key` beside its
    /// database file (created, readable by its owner only, on first
    /// start), and instances sharing a PostgreSQL database share a key kept
    /// in it. Keep a copy: secrets sealed with a lost key cannot be read.
    #[arg(long, env = "CONSOLE_SECRETS_KEY", hide_env_values = true)]
    pub secrets_key: Option<String>,
    /// Mark the session cookie `Secure`: set it when the console is served
    /// over HTTPS (directly or behind a proxy).
    #[arg(long, env = "CONSOLE_SECURE_COOKIE")]
    pub secure_cookie: bool,
    /// The server is behind a reverse proxy that adds the client's address
    /// to `X-Forwarded-For`: failed sign-ins are then counted per that
    /// address, not per the proxy's.
    #[arg(long, env = "CONSOLE_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Let end-to-end tests move the simulated data plane's clock forward
    /// (`POST /api/test/clock`). Never for a real deployment.
    #[arg(long, env = "CONSOLE_TEST_CLOCK", hide = true)]
    pub test_clock: bool,
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
    /// Deletes the activity log's entries older than a retention period.
    PruneActivity(PruneArgs),
    /// Pauses or resumes a project, as support can: for scripts.
    Project(ProjectArgs),
}

/// `api-server project …`
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ProjectAction,
}

/// `api-server project pause|resume …`
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ProjectAction {
    /// Pauses a running project: UNAVAILABLE, with the reason shown on
    /// every page of it.
    Pause {
        /// The project's id.
        #[arg(long)]
        id: String,
        /// paused, maintenance (needs --until) or billing_hold.
        #[arg(long, value_parser = ["paused", "maintenance", "billing_hold"])]
        reason: String,
        /// Why, in up to 500 characters.
        #[arg(long)]
        note: Option<String>,
        /// When a maintenance window ends (RFC 3339, such as
        /// 2026-12-08T06:00:00Z).
        #[arg(long)]
        until: Option<String>,
    },
    /// Resumes a paused project: AVAILABLE.
    Resume {
        /// The project's id.
        #[arg(long)]
        id: String,
    },
}

/// `api-server prune-activity …`
#[derive(Debug, Clone, clap::Args)]
pub struct PruneArgs {
    /// Keep the entries of this many days (counted back from now); delete
    /// the older ones.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub older_than_days: u32,
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

/// How often expired sessions and issued tokens are forgotten.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// The key that seals connector secrets: the configured one; or, for an
/// SQLite database, the one in `secrets.key` beside its file (created on
/// first start, readable by its owner only); or, for PostgreSQL, the one
/// every instance sharing the database finds in it.
async fn secrets_key(
    config: &Config,
    db: &Db,
) -> Result<secrets::SecretBox, Box<dyn std::error::Error>> {
    let hex = match (&config.secrets_key, &config.database) {
        (Some(hex), _) => hex.clone(),
        (None, db::Location::Sqlite(path)) => key_file(&path.with_file_name("secrets.key"))?,
        (None, db::Location::Postgres(_)) => {
            let candidate = secrets::SecretBox::new_key_hex()?;
            db.call(move |conn| db::connectors::shared_key(conn, &candidate))
                .await?
        }
    };
    let key = secrets::SecretBox::key_from_hex(&hex)
        .map_err(|e| format!("the key for connector secrets is not usable: {e}"))?;
    Ok(secrets::SecretBox::new(&key))
}

/// The key kept in `path`, made there if the file does not exist yet.
fn key_file(path: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            let hex = secrets::SecretBox::new_key_hex()?;
            file.write_all(hex.as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "made the key for connector secrets: keep a copy with the database's backups");
            Ok(hex)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?)
        }
        Err(e) => Err(format!("cannot create {}: {e}", path.display()).into()),
    }
}

/// Opens the database (migrating and, if asked, seeding it) and builds the
/// application router.
pub async fn build(config: &Config) -> Result<axum::Router, Box<dyn std::error::Error>> {
    if let db::Location::Sqlite(path) = &config.database {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
        }
    }
    let db = Db::open(config.database.clone())
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database))?;
    if config.seed_demo {
        if db.call(db::seed::seed_demo).await? {
            tracing::info!("seeded the demo organisation");
        }
        operator::seed_demo_users(&db).await?;
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
    let secret_box = std::sync::Arc::new(secrets_key(config, &db).await?);
    if config.seed_demo {
        let sealing = secret_box.clone();
        if db
            .call(move |conn| db::seed::seed_demo_connectors(conn, &sealing))
            .await?
        {
            tracing::info!("seeded the demo connectors");
        }
        let now = clock::data_plane_now();
        if db
            .call(move |conn| db::seed::seed_demo_pipelines(conn, now))
            .await?
        {
            tracing::info!("seeded the demo pipelines");
        }
    }
    let state = AppState {
        db,
        secret_box,
        limiter: Default::default(),
        secure_cookie: config.secure_cookie,
        behind_proxy: config.behind_proxy,
        test_clock: config.test_clock,
        live: Default::default(),
    };
    Ok(http::router(state, config.static_dir.as_deref())?)
}

/// `listener`, with every connection it accepts set to send each write at
/// once (`TCP_NODELAY`). Without it, a small write that follows another on
/// a kept-alive connection (a file's body after its headers) waits until
/// the browser acknowledges the first, which it may delay by up to 40 ms: a
/// page chunk fetched on a connection already used waited that long, and
/// opening a page whose chunks were not loaded yet took several times as
/// long.
pub fn sending_at_once(
    listener: TcpListener,
) -> axum::serve::TapIo<TcpListener, fn(&mut tokio::net::TcpStream)> {
    listener.tap_io(send_at_once)
}

fn send_at_once(stream: &mut tokio::net::TcpStream) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::warn!(%error, "could not set TCP_NODELAY on a connection");
    }
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then finishes the
/// requests in flight and returns.
pub async fn serve(listener: TcpListener, app: axum::Router) -> std::io::Result<()> {
    // The handlers are in place before the first request is answered: a
    // signal sent as soon as the server answers still stops it cleanly,
    // rather than ending the process outright.
    let signal = shutdown_signal();
    // Event streams never finish by themselves: they are ended, so that
    // the requests in flight can finish and the server stop.
    let shutdown = async move {
        signal.await;
        http::events::close_streams();
    };
    let listener = sending_at_once(listener);
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
