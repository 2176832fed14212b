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
}

/// Shared state of the request handlers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
}

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
    if config.seed_demo && db.call(db::seed::seed_demo).await? {
        tracing::info!("seeded the demo organisation");
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
    Ok(http::router(AppState { db }, config.static_dir.as_deref()))
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then finishes the
/// requests in flight and returns.
pub async fn serve(listener: TcpListener, app: axum::Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// The current time at the precision the database keeps (milliseconds), so
/// that an answer given at creation equals the same thing read back later.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let ms = chrono::Utc::now().timestamp_millis();
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
