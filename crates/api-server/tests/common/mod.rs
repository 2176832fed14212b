//! What the HTTP test files share: a configuration on a free port with a
//! database in a temporary folder, and the app served from it.

use std::path::Path;

/// A test configuration: any free port, a database in `dir`, nothing
/// seeded or served besides the API.
pub fn test_config(dir: &Path) -> api_server::Config {
    api_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: dir.join("console.sqlite3"),
        static_dir: None,
        seed_demo: false,
        generate_projects: 0,
    }
}

/// Builds and serves the app for `config`; returns its base URL and the
/// task serving it.
pub async fn serve(config: &api_server::Config) -> (String, tokio::task::JoinHandle<()>) {
    let app = api_server::build(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), task)
}
