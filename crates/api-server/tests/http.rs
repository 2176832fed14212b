//! The API over real HTTP, against a real SQLite file in a temporary folder.

use api_server::db::seed::demo_projects;
use api_types::{ErrorBody, ErrorCode, Health, ListResponse, Project, ProjectSummary};
use common::{serve, test_config};
use reqwest::StatusCode;
use std::path::Path;

mod common;

struct TestServer {
    base: String,
    client: reqwest::Client,
    database: api_server::db::Location,
    _dir: tempfile::TempDir,
}

impl TestServer {
    async fn start() -> Self {
        Self::start_with(true, None).await
    }

    async fn start_with(seed: bool, static_dir: Option<&Path>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = api_server::Config {
            static_dir: static_dir.map(Path::to_path_buf),
            seed_demo: seed,
            ..test_config(dir.path())
        };
        if let api_server::db::Location::Sqlite(_) = config.database {
            // The file's folder is created on first start.
            config.database = dir.path().join("nested/console.sqlite3").into();
        }
        let (base, _task) = serve(&config).await;
        let client = common::admin(&config, &base).await;
        Self {
            base,
            client,
            database: config.database,
            _dir: dir,
        }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn list(&self, query: &str) -> ListResponse<ProjectSummary> {
        let res = self.get(&format!("/api/projects?{query}")).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        res.json().await.unwrap()
    }

    /// Asserts a 400 naming `field`, and returns the message.
    async fn bad_request(&self, path: &str, field: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/json",
            "{path}"
        );
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(body.error.code, ErrorCode::InvalidParameter, "{path}");
        assert_eq!(body.error.field.as_deref(), Some(field), "{path}");
        assert!(!body.error.message.is_empty());
        body.error.message
    }
}

fn names(list: &ListResponse<ProjectSummary>) -> Vec<String> {
    list.result.iter().map(|p| p.name.clone()).collect()
}

#[tokio::test]
async fn health_answers_ok() {
    let server = TestServer::start().await;
    let res = server.get("/api/health").await;
    assert_eq!(res.status(), StatusCode::OK);
    let health: Health = res.json().await.unwrap();
    assert_eq!(health.status, "ok");
}

#[tokio::test]
async fn lists_the_demo_organisation_sorted_by_name() {
    let server = TestServer::start().await;
    let list = server.list("").await;
    let mut expected: Vec<String> = demo_projects().into_iter().map(|p| p.name).collect();
    expected.sort_by_key(|n| n.to_lowercase());
    assert!(expected.len() >= 12);
    assert_eq!(names(&list), expected);
    assert_eq!(list.total, expected.len() as u64);
    assert_eq!((list.page, list.page_size, list.has_next), (1, 50, false));
    // Stored and served exactly as seeded, every column included.
    let prod = list
        .result
        .iter()
        .find(|p| p.name == "Production-US-East")
        .unwrap();
    let seeded = demo_projects()
        .into_iter()
        .find(|p| p.name == "Production-US-East")
        .unwrap();
    assert_eq!(
        prod,
        &ProjectSummary::of(&seeded, Some(api_types::RoleKey::Admin))
    );
}

#[tokio::test]
async fn the_demo_organisation_exercises_every_column() {
    use api_types::{Cloud, EnvironmentType, ProjectState};
    let all = TestServer::start().await.list("page_size=100").await.result;
    for env in [
        EnvironmentType::Production,
        EnvironmentType::Staging,
        EnvironmentType::Development,
    ] {
        assert!(all.iter().any(|p| p.environment == env), "{env}");
    }
    for state in [ProjectState::Available, ProjectState::Unavailable] {
        assert!(all.iter().any(|p| p.state == state), "{state}");
    }
    for cloud in Cloud::ALL {
        assert!(all.iter().any(|p| p.cloud == Some(cloud)), "{cloud}");
    }
    for region in ["us-west-2", "us-east-1", "eu-central-1", "ap-southeast-2"] {
        assert!(
            all.iter().any(|p| p.region.as_deref() == Some(region)),
            "{region}"
        );
    }
}

#[tokio::test]
async fn pages_cover_the_list_without_overlap() {
    let server = TestServer::start().await;
    let all = names(&server.list("page_size=100").await);
    let mut seen = Vec::new();
    let mut page = 1;
    loop {
        let list = server.list(&format!("page_size=5&page={page}")).await;
        assert_eq!(list.page, page);
        assert_eq!(list.page_size, 5);
        assert_eq!(list.total, all.len() as u64);
        assert!(list.result.len() <= 5);
        seen.extend(names(&list));
        if !list.has_next {
            break;
        }
        page += 1;
    }
    assert_eq!(seen, all);
    assert_eq!(page, all.len().div_ceil(5) as u32);
    let beyond = server.list("page_size=5&page=99").await;
    assert!(beyond.result.is_empty());
    assert!(!beyond.has_next);
    assert_eq!(beyond.total, all.len() as u64);
}

#[tokio::test]
async fn sorts_by_every_documented_column_in_both_directions() {
    let server = TestServer::start().await;
    type Key = fn(&ProjectSummary) -> String;
    let keys: [(&str, Key); 6] = [
        ("name", |p| p.name.to_lowercase()),
        ("created_at", |p| p.created_at.unwrap().to_rfc3339()),
        ("state", |p| p.state.to_string()),
        ("environment", |p| p.environment.to_string()),
        ("cloud", |p| p.cloud.unwrap().to_string()),
        ("region", |p| p.region.clone().unwrap()),
    ];
    for (sort, key) in keys {
        for dir in ["asc", "desc"] {
            let list = server.list(&format!("sort={sort}&sort_dir={dir}")).await;
            let got: Vec<String> = list.result.iter().map(key).collect();
            let mut want = got.clone();
            want.sort();
            if dir == "desc" {
                want.reverse();
            }
            assert_eq!(got, want, "sort={sort}&sort_dir={dir}");
        }
    }
    // Ties fall back to the name, so the order is stable across requests.
    let by_state = server.list("sort=state").await;
    let available: Vec<&ProjectSummary> = by_state
        .result
        .iter()
        .take_while(|p| p.state.as_str() == "AVAILABLE")
        .collect();
    let mut sorted = available
        .iter()
        .map(|p| p.name.to_lowercase())
        .collect::<Vec<_>>();
    sorted.sort();
    assert_eq!(
        available
            .iter()
            .map(|p| p.name.to_lowercase())
            .collect::<Vec<_>>(),
        sorted
    );
}

#[tokio::test]
async fn partial_name_is_a_case_insensitive_substring() {
    let server = TestServer::start().await;
    for needle in ["prod", "PROD", "eu", "us-west", "Sandbox"] {
        let list = server
            .list(&format!("partial_name={needle}&page_size=100"))
            .await;
        let mut want: Vec<String> = demo_projects()
            .into_iter()
            .map(|p| p.name)
            .filter(|n| n.to_lowercase().contains(&needle.to_lowercase()))
            .collect();
        want.sort_by_key(|n| n.to_lowercase());
        assert!(!want.is_empty(), "{needle}");
        assert_eq!(names(&list), want, "{needle}");
        assert_eq!(list.total, want.len() as u64);
    }
    // Wildcards of SQL LIKE are plain characters here.
    assert_eq!(server.list("partial_name=%25").await.total, 0);
    assert_eq!(server.list("partial_name=_").await.total, 0);
    assert_eq!(server.list("partial_name=no-such-project").await.total, 0);
    // Blank means no filter.
    assert_eq!(
        server.list("partial_name=%20%20").await.total,
        demo_projects().len() as u64
    );
}

#[tokio::test]
async fn filters_by_state_environment_and_cloud() {
    let server = TestServer::start().await;
    let all = demo_projects();
    for (query, keep) in [
        (
            "state=UNAVAILABLE",
            &(|p: &Project| p.state.as_str() == "UNAVAILABLE") as &dyn Fn(&Project) -> bool,
        ),
        ("state=AVAILABLE", &|p: &Project| {
            p.state.as_str() == "AVAILABLE"
        }),
        ("environment=production", &|p: &Project| {
            p.environment.is_production()
        }),
        ("environment=qa", &|p: &Project| {
            p.environment.as_str() == "qa"
        }),
        ("cloud=GCP", &|p: &Project| p.cloud.as_str() == "GCP"),
        (
            "cloud=AWS&environment=production&partial_name=us",
            &|p: &Project| {
                p.cloud.as_str() == "AWS"
                    && p.environment.is_production()
                    && p.name.to_lowercase().contains("us")
            },
        ),
    ] {
        let mut want: Vec<String> = all
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.name.clone())
            .collect();
        want.sort_by_key(|n| n.to_lowercase());
        assert!(!want.is_empty(), "{query}");
        let list = server.list(&format!("{query}&page_size=100")).await;
        assert_eq!(names(&list), want, "{query}");
        assert_eq!(list.total, want.len() as u64, "{query}");
    }
    assert_eq!(server.list("environment=preview").await.total, 0);
}

#[tokio::test]
async fn reads_one_project_by_id_in_either_case() {
    let server = TestServer::start().await;
    let seeded = demo_projects().remove(0);
    let res = server.get(&format!("/api/projects/{}", seeded.id)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Project>().await.unwrap(), seeded);
    let upper = seeded.id.as_str().to_uppercase();
    let res = server.get(&format!("/api/projects/{upper}")).await;
    assert_eq!(res.json::<Project>().await.unwrap(), seeded);
}

#[tokio::test]
async fn an_unknown_project_is_a_404_with_the_error_body() {
    let server = TestServer::start().await;
    let res = server
        .get("/api/projects/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: ErrorBody = res.json().await.unwrap();
    assert_eq!(body.error.code, ErrorCode::NotFound);
    assert!(body
        .error
        .message
        .contains("00000000-0000-4000-8000-000000000000"));
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field() {
    let server = TestServer::start().await;
    for (path, field) in [
        ("/api/projects?page_size=0", "page_size"),
        ("/api/projects?page_size=101", "page_size"),
        ("/api/projects?page_size=ten", "page_size"),
        ("/api/projects?page_size=", "page_size"),
        ("/api/projects?page=0", "page"),
        ("/api/projects?page=-3", "page"),
        ("/api/projects?page=99999999999", "page"),
        ("/api/projects?sort=password", "sort"),
        ("/api/projects?sort=name;DROP%20TABLE%20projects", "sort"),
        ("/api/projects?sort_dir=sideways", "sort_dir"),
        ("/api/projects?state=paused", "state"),
        ("/api/projects?cloud=IBM", "cloud"),
        ("/api/projects?environment=Prod%20Env", "environment"),
        ("/api/projects/42", "id"),
        ("/api/projects/not-a-project-id", "id"),
        ("/api/projects/%27%20OR%201=1", "id"),
    ] {
        server.bad_request(path, field).await;
    }
    let message = server.bad_request("/api/projects?sort=bogus", "sort").await;
    assert!(
        message.contains("created_at"),
        "lists what is accepted: {message}"
    );
    server
        .bad_request(
            &format!("/api/projects?partial_name={}", "x".repeat(101)),
            "partial_name",
        )
        .await;
    // The table survived the attempts above.
    assert_eq!(server.list("").await.total, demo_projects().len() as u64);
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json() {
    let server = TestServer::start().await;
    let res = server.get("/api/nothing-here").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.json::<ErrorBody>().await.unwrap().error.code,
        ErrorCode::NotFound
    );
    let res = server
        .client
        .delete(format!("{}/api/projects", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.json::<ErrorBody>().await.is_ok());
}

#[tokio::test]
async fn without_seeding_the_list_is_empty() {
    let server = TestServer::start_with(false, None).await;
    let list = server.list("").await;
    assert_eq!(list.total, 0);
    assert!(list.result.is_empty());
    assert!(!list.has_next);
}

#[tokio::test]
async fn data_survives_a_restart_and_seeding_happens_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        seed_demo: true,
        ..test_config(dir.path())
    };
    for run in 0..3 {
        let (base, server) = serve(&config).await;
        let client = common::admin(&config, &base).await;
        let list: ListResponse<ProjectSummary> = client
            .get(format!("{base}/api/projects?sort=created_at"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.total, demo_projects().len() as u64, "seeded once");
        // What the last run wrote is still there; then this run writes.
        let oldest = &list.result[0];
        if run > 0 {
            assert_eq!(oldest.name, format!("Renamed-{}", run - 1));
        }
        let res = client
            .patch(format!("{base}/api/projects/{}", oldest.id))
            .json(&serde_json::json!({ "name": format!("Renamed-{run}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        server.abort();
    }
}

/// A built console in a temporary folder: a plain `index.html`, and `files`.
fn console_site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let index: (&str, &[u8]) = ("index.html", b"<!doctype html><title>console</title>");
    for (name, body) in std::iter::once(&index).chain(files) {
        std::fs::write(site.path().join(name), body).unwrap();
    }
    site
}

#[tokio::test]
async fn serves_the_console_and_its_deep_links() {
    let site = console_site(&[("app.js", b"console.log(1)")]);
    let server = TestServer::start_with(true, Some(site.path())).await;
    for path in [
        "/",
        "/projects",
        "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41/settings/api",
    ] {
        let res = server.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.text().await.unwrap().contains("<title>console</title>"),
            "{path}"
        );
    }
    assert_eq!(
        server.get("/app.js").await.text().await.unwrap(),
        "console.log(1)"
    );
    // The API keeps answering JSON, never the console's page.
    assert_eq!(
        server.get("/api/nothing-here").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn sends_precompressed_assets_and_lets_hashed_ones_be_cached() {
    let site = console_site(&[
        ("console-a78c726cb5710fc9.js", b"console.log(1)"),
        ("console-a78c726cb5710fc9.js.br", b"brotli bytes"),
        ("console-a78c726cb5710fc9.js.gz", b"gzip bytes"),
    ]);
    let server = TestServer::start_with(true, Some(site.path())).await;
    let fetch = |path: &'static str, encoding: &'static str| {
        server
            .client
            .get(format!("{}{path}", server.base))
            .header("accept-encoding", encoding)
            .send()
    };

    let res = fetch("/console-a78c726cb5710fc9.js", "gzip, br")
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.text().await.unwrap(), "brotli bytes");
    let res = fetch("/console-a78c726cb5710fc9.js", "gzip").await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.text().await.unwrap(), "gzip bytes");
    let res = fetch("/console-a78c726cb5710fc9.js", "identity")
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.text().await.unwrap(), "console.log(1)");

    // The page itself, and a deep link, are fetched again on every visit
    // and never stored; a missing asset answers the page, which must not be
    // kept either.
    for path in ["/", "/projects", "/console-0000000000000000.js"] {
        let res = fetch(path, "identity").await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    // The API is never cached.
    let res = fetch("/api/health", "identity").await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn refuses_a_static_dir_without_the_built_console() {
    let empty = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        static_dir: Some(empty.path().to_path_buf()),
        ..test_config(dir.path())
    };
    let Err(err) = api_server::build(&config).await else {
        panic!("a static dir without index.html must be refused");
    };
    assert!(err.to_string().contains("index.html"), "{err}");
}

#[tokio::test]
async fn generates_a_large_organisation_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        generate_projects: 500,
        ..test_config(dir.path())
    };
    for _ in 0..2 {
        let (base, server) = serve(&config).await;
        let client = common::admin(&config, &base).await;
        let get = |q: &str| client.get(format!("{base}/api/projects?{q}")).send();
        let list: ListResponse<ProjectSummary> =
            get("page_size=100").await.unwrap().json().await.unwrap();
        assert_eq!(list.total, 500);
        assert!(list.has_next);
        let last: ListResponse<ProjectSummary> = get("page_size=100&page=5")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(last.result.len(), 100);
        assert!(!last.has_next);
        let found: ListResponse<ProjectSummary> = get("partial_name=00042")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        assert!(found.result[0].name.ends_with("-00042"));
        server.abort();
    }
}

/// The console filters and sorts a fully loaded organisation itself; its
/// rules (`ProjectListQuery::keeps` and `compare`) must give exactly the
/// server's pages.
#[tokio::test]
async fn the_shared_list_rules_give_the_servers_pages() {
    use api_types::{ProjectListQuery, ProjectSort, SortDir};
    let dir = tempfile::tempdir().unwrap();
    let config = api_server::Config {
        seed_demo: true,
        generate_projects: 300,
        ..test_config(dir.path())
    };
    let (base, server) = serve(&config).await;
    let client = common::admin(&config, &base).await;
    let get = |query: &ProjectListQuery| {
        let url = format!("{base}/api/projects?{}", query.to_query_string());
        let client = client.clone();
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<ListResponse<ProjectSummary>>().await.unwrap()
        }
    };
    let mut all = Vec::new();
    for page in 1.. {
        let list = get(&ProjectListQuery {
            page,
            page_size: 100,
            ..ProjectListQuery::default()
        })
        .await;
        all.extend(list.result);
        if !list.has_next {
            break;
        }
    }
    assert_eq!(all.len(), 314);

    let searches = [None, Some("PROD"), Some("eu"), Some("-0004"), Some("zzz")];
    let mut checked = 0;
    for sort in ProjectSort::ALL {
        for sort_dir in [SortDir::Asc, SortDir::Desc] {
            for (i, search) in searches.iter().enumerate() {
                let query = ProjectListQuery {
                    page: 1 + (i as u32 % 3),
                    page_size: 40,
                    sort,
                    sort_dir,
                    partial_name: search.map(str::to_string),
                    state: (i == 2).then_some(api_types::ProjectState::Available),
                    environment: (i == 1).then_some(api_types::EnvironmentType::Production),
                    cloud: (i == 3).then_some(api_types::Cloud::Aws),
                    openable: i == 4,
                };
                let needle = query.folded_name();
                let mut expected: Vec<&ProjectSummary> = all
                    .iter()
                    .filter(|p| {
                        query.admits(p.role)
                            && query.keeps(p, &p.name.to_ascii_lowercase(), needle.as_deref())
                    })
                    .collect();
                expected.sort_by(|a, b| query.compare(a, b));
                let total = expected.len() as u64;
                let page: Vec<_> = expected
                    .into_iter()
                    .skip(((query.page - 1) * query.page_size) as usize)
                    .take(query.page_size as usize)
                    .map(|p| p.id.clone())
                    .collect();
                let answer = get(&query).await;
                assert_eq!(answer.total, total, "{query:?}");
                let ids: Vec<_> = answer.result.into_iter().map(|p| p.id).collect();
                assert_eq!(ids, page, "{query:?}");
                checked += ids.len();
            }
        }
    }
    assert!(checked > 1000, "the queries must return rows: {checked}");
    server.abort();
}

/// The list is answered from a copy kept in memory; a change made to the
/// database by anyone, here another connection as another process would
/// make it, shows in the next answer.
#[tokio::test]
async fn the_list_follows_changes_made_outside_the_server() {
    let server = TestServer::start().await;
    let before = server.list("page_size=100").await;
    let renamed = before.result.last().unwrap().clone();
    let removed = before.result[0].clone();

    let (renamed_id, removed_id) = (renamed.id.to_string(), removed.id.to_string());
    common::sql(&server.database, move |conn| {
        conn.execute(
            "UPDATE projects SET name = 'Aardvark-Renamed' WHERE id = ?1",
            api_server::params![renamed_id],
        )
        .unwrap();
        conn.execute(
            "DELETE FROM projects WHERE id = ?1",
            api_server::params![removed_id],
        )
        .unwrap();
    });

    let after = server.list("page_size=100").await;
    assert_eq!(after.total, before.total - 1);
    assert_eq!(after.result[0].name, "Aardvark-Renamed");
    assert_eq!(after.result[0].id, renamed.id);
    assert!(after.result.iter().all(|p| p.id != removed.id));
    let found = server.list("partial_name=aardvark").await;
    assert_eq!(found.total, 1);
}

#[tokio::test]
async fn the_page_hints_what_the_console_asks_first() {
    let site = console_site(&[("app-a78c726cb5710fc9.js", b"1")]);
    let server = TestServer::start_with(true, Some(site.path())).await;
    let me = "</api/auth/me>; rel=preload; as=fetch; crossorigin";
    let list = "</api/projects?page=1&page_size=50&sort=name&sort_dir=asc>; rel=preload; as=fetch; crossorigin";
    let link = |res: &reqwest::Response| {
        res.headers()
            .get("link")
            .map(|v| v.to_str().unwrap().to_string())
    };

    // The list opened as it is by default also gets its first page early.
    let res = server.get("/projects").await;
    assert_eq!(
        link(&res).as_deref(),
        Some(format!("{me}, {list}").as_str())
    );
    // Any other page, and the list with a query of its own, only who is
    // signed in.
    for path in [
        "/",
        "/projects?q=prod",
        "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41/dashboard",
        "/sign-in",
    ] {
        assert_eq!(link(&server.get(path).await).as_deref(), Some(me), "{path}");
    }
    // Neither assets nor the API carry hints.
    for path in ["/app-a78c726cb5710fc9.js", "/api/health"] {
        assert_eq!(link(&server.get(path).await), None, "{path}");
    }
}

#[tokio::test]
async fn only_the_projects_a_member_can_open_are_listed_when_asked() {
    let (base, _config, _dir) = common::serve_demo().await;
    let developer = common::signed_in(
        &base,
        "developer@example.com",
        api_server::db::seed::DEMO_PASSWORD,
    )
    .await;
    let list = |query: &'static str| {
        let (developer, base) = (developer.clone(), base.clone());
        async move {
            let res = developer
                .get(format!("{base}/api/projects?page_size=100{query}"))
                .send()
                .await
                .unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    let (_, all) = list("").await;
    let all: ListResponse<ProjectSummary> = serde_json::from_str(&all).unwrap();
    let (_, open) = list("&openable=true").await;
    let open: ListResponse<ProjectSummary> = serde_json::from_str(&open).unwrap();
    assert!(
        all.result.iter().any(|p| p.locked()),
        "the developer has locked projects"
    );
    assert!(open.total > 0 && open.result.iter().all(|p| !p.locked()));
    assert_eq!(
        open.total as usize,
        all.result.iter().filter(|p| !p.locked()).count()
    );
    let (status, body) = list("&openable=yes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("openable"));
}

/// Every connection the server accepts sends each write at once: a file's
/// body does not wait for the browser to acknowledge its headers, which on
/// a kept-alive connection it may delay by 40 ms.
#[tokio::test]
async fn connections_send_each_write_at_once() {
    use axum::serve::Listener;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut listener = api_server::sending_at_once(listener);
    let addr = listener.local_addr().unwrap();
    let (client, (accepted, _)) =
        tokio::join!(tokio::net::TcpStream::connect(addr), listener.accept());
    client.unwrap();
    assert!(accepted.nodelay().unwrap());
}
