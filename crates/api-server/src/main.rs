use api_server::{Command, Config, UserArgs};
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
    let task = match &config.command {
        Some(Command::User(args)) => Some(user(&config, args).await),
        Some(Command::Project(args)) => Some(api_server::run_project_command(&config, args).await),
        Some(Command::PruneActivity(args)) => {
            Some(api_server::run_prune_activity(&config, args).await)
        }
        None => None,
    };
    if let Some(outcome) = task {
        match outcome {
            Ok(done) => println!("{done}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
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
        println!("\n  Projects console: http://{addr}/");
        if config.seed_demo {
            println!(
                "  Sign in with one of these demo users, password {}:",
                api_server::db::seed::DEMO_PASSWORD
            );
            for user in api_server::db::seed::DEMO_USERS {
                println!("    {:<24} {}", user.email, user.summary);
            }
        }
        println!(
            "  Ctrl-C stops the server; the data stays in {}\n",
            config.database
        );
    }
    api_server::serve(listener, app).await?;
    Ok(())
}

/// `api-server user …`: the password, if asked for, is the first line of
/// standard input, so that it stays out of the shell's history.
async fn user(config: &Config, args: &UserArgs) -> Result<String, Box<dyn std::error::Error>> {
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_string())
    } else {
        None
    };
    api_server::run_user_command(config, args, password).await
}
