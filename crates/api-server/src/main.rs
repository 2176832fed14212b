use api_server::Config;
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    if let Err(e) = run(config).await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let app = api_server::build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    if config.static_dir.is_some() {
        println!("\n  Projects console: http://{addr}/\n  (no sign-in yet: the demo organisation opens directly)\n  Ctrl-C stops the server; the data stays in {}\n", config.database.display());
    }
    api_server::serve(listener, app).await?;
    Ok(())
}
