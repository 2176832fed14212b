//! The demo organisation, written once into a new database so that the
//! console has something real to show on a fresh machine.

use super::users;
use super::{projects, DbError};
use crate::db::{Conn, OptionalExtension};
use crate::params;
use api_types::{Cloud, EnvironmentType, Project, ProjectId, ProjectState, RoleKey};
use chrono::{DateTime, Utc};

const SEEDED_KEY: &str = "demo_seeded";
const GENERATED_KEY: &str = "generated_projects";
/// Recorded once the demo users are in; the support user came later, hence v2.
pub const USERS_SEEDED_KEY: &str = "demo_users_v2";

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "tributary-demo";

/// A user of the demo organisation.
pub struct DemoUser {
    /// Email address, to sign in with.
    pub email: &'static str,
    /// Name shown in the console.
    pub name: &'static str,
    /// What the user may do, in a few words.
    pub summary: &'static str,
    /// Admin on every project.
    pub organisation_admin: bool,
    /// Support staff: provisions requested projects.
    pub support: bool,
    /// The user's role on a demo project of this environment type.
    pub role_for: fn(&str) -> Option<RoleKey>,
}

/// The demo users: one for each way of seeing the organisation.
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        email: "admin@example.com",
        name: "Avery Admin",
        summary: "organisation admin: Admin on every project",
        organisation_admin: true,
        support: false,
        role_for: |_| Some(RoleKey::Admin),
    },
    DemoUser {
        email: "data-admin@example.com",
        name: "Dana Data",
        summary: "Data Admin on every project",
        organisation_admin: false,
        support: false,
        role_for: |_| Some(RoleKey::DataAdmin),
    },
    DemoUser {
        email: "read-only@example.com",
        name: "Riley Reader",
        summary: "Read Only on every project",
        organisation_admin: false,
        support: false,
        role_for: |_| Some(RoleKey::ReadOnly),
    },
    DemoUser {
        email: "developer@example.com",
        name: "Devon Developer",
        summary: "no access to production; Admin of development and QA, Data Admin of staging",
        organisation_admin: false,
        support: false,
        role_for: |environment| match environment {
            "production" => None,
            "staging" => Some(RoleKey::DataAdmin),
            _ => Some(RoleKey::Admin),
        },
    },
    DemoUser {
        email: "support@example.com",
        name: "Sam Support",
        summary: "support: provisions or declines requested projects",
        organisation_admin: false,
        support: true,
        role_for: |_| None,
    },
];

/// `(id, name, environment, state, cloud, region, created)`.
type DemoProject = (
    &'static str,
    &'static str,
    &'static str,
    ProjectState,
    Cloud,
    &'static str,
    &'static str,
);

const DEMO_PROJECTS: &[DemoProject] = {
    use Cloud::*;
    use ProjectState::*;
    &[
        (
            "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "Production-US-East",
            "production",
            Available,
            Aws,
            "us-east-1",
            "2024-02-12T15:04:11Z",
        ),
        (
            "1c7e2dab-3e5b-4a8c-9f24-6bad1e3f8a52",
            "Production-US-West",
            "production",
            Available,
            Aws,
            "us-west-2",
            "2024-03-02T09:41:27Z",
        ),
        (
            "2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63",
            "Production-EU",
            "production",
            Available,
            Aws,
            "eu-central-1",
            "2024-04-18T07:12:45Z",
        ),
        (
            "3e9a4fcd-5a7d-4cae-9b46-8dcf3a5bac74",
            "Production-APAC",
            "production",
            Available,
            Aws,
            "ap-southeast-2",
            "2024-06-05T23:30:02Z",
        ),
        (
            "4fab5ade-6b8e-4dbf-8c57-9ed04b6cbd85",
            "Production-DR-US-West",
            "production",
            Unavailable,
            Azure,
            "westus2",
            "2024-07-21T18:05:39Z",
        ),
        (
            "5abc6bef-7c9f-4ec0-9d68-afe15c7dce96",
            "Staging-US-East",
            "staging",
            Available,
            Aws,
            "us-east-1",
            "2024-02-14T11:20:00Z",
        ),
        (
            "6bcd7cf0-8da0-4fd1-8e79-b0f26d8edfa7",
            "Staging-EU",
            "staging",
            Unavailable,
            Azure,
            "westeurope",
            "2024-05-09T13:47:58Z",
        ),
        (
            "7cde8d01-9eb1-40e2-9f8a-c1037e9fe0b8",
            "Staging-APAC",
            "staging",
            Available,
            Gcp,
            "australia-southeast1",
            "2024-08-30T02:15:33Z",
        ),
        (
            "8def9e12-afc2-41f3-8a9b-d2148fa0f1c9",
            "Development-EU",
            "development",
            Available,
            Gcp,
            "europe-west3",
            "2024-01-08T10:00:00Z",
        ),
        (
            "9ef0af23-b0d3-4204-9bac-e3259ab102da",
            "Development-US-West",
            "development",
            Unavailable,
            Aws,
            "us-west-2",
            "2024-09-16T16:38:21Z",
        ),
        (
            "a0f1b034-c1e4-4315-8cbd-f436abc213eb",
            "Development-Analytics",
            "development",
            Available,
            Gcp,
            "us-central1",
            "2024-10-03T08:54:10Z",
        ),
        (
            "b102c145-d2f5-4426-9dce-0547bcd324fc",
            "Development-Sandbox",
            "development",
            Unavailable,
            Azure,
            "eastus",
            "2024-11-22T20:09:47Z",
        ),
        (
            "c213d256-e306-4537-8edf-1658cde4350d",
            "QA-Integration",
            "qa",
            Available,
            Aws,
            "eu-west-1",
            "2025-01-27T12:31:05Z",
        ),
        (
            "d324e367-f417-4648-9fe0-2769def5461e",
            "Production-Canada",
            "production",
            Available,
            Azure,
            "canadacentral",
            "2025-03-11T14:22:16Z",
        ),
    ]
};

/// The demo projects, as they are stored.
pub fn demo_projects() -> Vec<Project> {
    DEMO_PROJECTS
        .iter()
        .map(|&(id, name, env, state, cloud, region, created)| Project {
            id: ProjectId::parse(id).expect("demo ids are valid"),
            name: name.to_string(),
            environment: EnvironmentType::from(env),
            state,
            cloud,
            region: region.to_string(),
            kafka_bootstrap_servers: brokers(name, region),
            created_at: created
                .parse::<DateTime<Utc>>()
                .expect("demo dates are valid"),
            pause: None,
        })
        .collect()
}

/// Three brokers on the SASL port, named after the project and its region.
pub(crate) fn brokers(name: &str, region: &str) -> String {
    // A host name takes ASCII letters, digits and dashes only.
    let mut slug = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = match slug.trim_end_matches('-') {
        "" => "project",
        trimmed => trimmed,
    };
    (1..=3)
        .map(|n| format!("b-{n}.{slug}.{region}.kafka.tributary.example:9092"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The value of a one-off fact about this database, if recorded.
fn setting(conn: &Conn, key: &str) -> Result<Option<String>, DbError> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )
    .optional()
}

/// Writes the demo organisation unless this database was seeded before.
/// Returns whether it wrote anything.
pub fn seed_demo(conn: &mut Conn) -> Result<bool, DbError> {
    let tx = conn.write_tx()?;
    if setting(&tx, SEEDED_KEY)?.is_some() {
        return Ok(false);
    }
    for project in demo_projects() {
        projects::insert(&tx, &project)?;
    }
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![SEEDED_KEY, &Utc::now().to_rfc3339()],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Writes the demo users, each with its `(id, password hash)` from
/// `prepared` (in the order of [`DEMO_USERS`]), and their roles on the demo
/// projects, unless this database has them already. Returns whether it
/// wrote anything.
pub fn seed_demo_users(conn: &mut Conn, prepared: &[(String, String)]) -> Result<bool, DbError> {
    let tx = conn.write_tx()?;
    if setting(&tx, USERS_SEEDED_KEY)?.is_some() {
        return Ok(false);
    }
    let now = crate::clock::now();
    for (user, (id, hash)) in DEMO_USERS.iter().zip(prepared) {
        // An account an operator made with a demo address is left alone.
        if users::find_by_email(&tx, user.email)?.is_some() {
            continue;
        }
        let id = users::upsert(
            &tx,
            id,
            user.email,
            user.name,
            hash,
            user.organisation_admin,
            now,
        )?;
        if user.support {
            users::set_support(&tx, &id, true)?;
        }
        if user.organisation_admin {
            continue;
        }
        for &(project, _, environment, ..) in DEMO_PROJECTS {
            let project = ProjectId::parse(project).expect("demo ids are valid");
            if projects::get(&tx, &project)?.is_some() {
                users::set_role(&tx, &id, &project, (user.role_for)(environment))?;
            }
        }
    }
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![USERS_SEEDED_KEY, &Utc::now().to_rfc3339()],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Adds `count` generated projects, for load tests and benchmarks of large
/// organisations, unless this database already has generated ones. Names
/// follow the documented style with a number, e.g. `Staging-EU-Central-00042`.
pub fn generate(conn: &mut Conn, count: u32) -> Result<u32, DbError> {
    const ENVIRONMENTS: [&str; 4] = ["production", "staging", "development", "qa"];
    const REGIONS: [(Cloud, &str, &str); 9] = [
        (Cloud::Aws, "us-east-1", "US-East"),
        (Cloud::Aws, "us-west-2", "US-West"),
        (Cloud::Aws, "eu-central-1", "EU-Central"),
        (Cloud::Aws, "ap-southeast-2", "APAC"),
        (Cloud::Azure, "westeurope", "EU-West"),
        (Cloud::Azure, "eastus", "US-East"),
        (Cloud::Gcp, "europe-west3", "EU-Central"),
        (Cloud::Gcp, "us-central1", "US-Central"),
        (Cloud::Gcp, "australia-southeast1", "APAC"),
    ];
    let tx = conn.write_tx()?;
    if setting(&tx, GENERATED_KEY)?.is_some() {
        return Ok(0);
    }
    let start = DateTime::<Utc>::from_timestamp(1_672_531_200, 0).expect("a valid instant");
    // A fixed linear congruential sequence: the same organisation every time.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for n in 1..=count {
        let env = ENVIRONMENTS[next() % ENVIRONMENTS.len()];
        let (cloud, region, place) = REGIONS[next() % REGIONS.len()];
        let mut label = env.to_string();
        label[..1].make_ascii_uppercase();
        if env == "qa" {
            label = "QA".into();
        }
        let name = format!("{label}-{place}-{n:05}");
        let project = Project {
            id: ProjectId::parse(&format!("{n:08x}-0000-4000-8000-{:012x}", next()))
                .expect("generated ids are valid"),
            kafka_bootstrap_servers: brokers(&name, region),
            name,
            environment: EnvironmentType::from(env),
            state: if next() % 5 == 0 {
                ProjectState::Unavailable
            } else {
                ProjectState::Available
            },
            cloud,
            region: region.to_string(),
            created_at: start + chrono::Duration::minutes(i64::from(n) * 37),
            pause: None,
        };
        projects::insert(&tx, &project)?;
    }
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![GENERATED_KEY, &count.to_string()],
    )?;
    tx.commit()?;
    Ok(count)
}

const CONNECTORS_SEEDED_KEY: &str = "demo_connectors_seeded";

/// `(project id, kind, connector code, name, desired state, settings)`:
/// the demo organisation's connectors. Production captures orders from
/// PostgreSQL into Snowflake; staging and development differ from it, so
/// that switching project visibly changes the page.
type DemoConnector = (
    &'static str,
    api_types::connectors::ConnectorKind,
    &'static str,
    &'static str,
    api_types::connectors::DesiredState,
    &'static [(&'static str, &'static str)],
);

const DEMO_CONNECTORS: &[DemoConnector] = {
    use api_types::connectors::ConnectorKind::{Destination, Source};
    use api_types::connectors::DesiredState::{Active, Paused, Stopped};
    const PROD_US: &str = "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";
    const PROD_EU: &str = "2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63";
    const STAGING_US: &str = "5abc6bef-7c9f-4ec0-9d68-afe15c7dce96";
    const STAGING_EU: &str = "6bcd7cf0-8da0-4fd1-8e79-b0f26d8edfa7";
    const DEV_EU: &str = "8def9e12-afc2-41f3-8a9b-d2148fa0f1c9";
    const ORDERS: &[(&str, &str)] = &[
        (
            "database.hostname.user.defined",
            "orders-db.internal.example.com",
        ),
        ("database.user", "cdc_capture"),
        ("database.dbname", "orders"),
        ("schema.include.list", "public"),
        (
            "table.include.list.user.defined",
            "public.orders,public.order_items,public.customers",
        ),
    ];
    const SNOWFLAKE: &[(&str, &str)] = &[
        (
            "snowflake.url.name",
            "acme-analytics.snowflakecomputing.com",
        ),
        ("snowflake.user.name", "STREAMKAP_USER"),
        ("snowflake.database.name", "ANALYTICS"),
        ("snowflake.schema.name", "ORDERS"),
    ];
    &[
        (
            PROD_US,
            Source,
            "postgresql",
            "orders-postgres",
            Active,
            ORDERS,
        ),
        (PROD_US, Source, "mysql", "inventory-mysql", Active, &[]),
        (
            PROD_US,
            Destination,
            "snowflake",
            "analytics-snowflake",
            Active,
            SNOWFLAKE,
        ),
        (PROD_US, Destination, "s3", "orders-archive-s3", Paused, &[]),
        (
            PROD_EU,
            Source,
            "postgresql",
            "orders-postgres-eu",
            Active,
            ORDERS,
        ),
        (PROD_EU, Source, "mongodb", "events-mongodb", Active, &[]),
        (
            PROD_EU,
            Destination,
            "bigquery",
            "warehouse-bigquery",
            Active,
            &[],
        ),
        (
            STAGING_US,
            Source,
            "postgresql",
            "orders-postgres",
            Active,
            ORDERS,
        ),
        (
            STAGING_US,
            Destination,
            "snowflake",
            "analytics-snowflake-staging",
            Stopped,
            SNOWFLAKE,
        ),
        (
            STAGING_EU,
            Source,
            "postgresql",
            "orders-postgres",
            Paused,
            ORDERS,
        ),
        (DEV_EU, Source, "mongodb", "dev-events-mongodb", Paused, &[]),
        (
            DEV_EU,
            Destination,
            "clickhouse",
            "dev-clickhouse",
            Active,
            &[],
        ),
    ]
};

/// A plausible configuration of `spec`: the settings given, and for every
/// other required one a value its control takes.
fn demo_config(
    spec: &api_types::connectors::ConnectorSpec,
    given: &[(&str, &str)],
) -> std::collections::BTreeMap<String, api_types::connectors::ConfigValue> {
    use api_types::connectors::{ConfigValue, Control};
    let mut config = std::collections::BTreeMap::new();
    for p in spec.properties.iter() {
        let key = p.key.as_ref();
        if let Some((_, value)) = given.iter().find(|(k, _)| *k == key) {
            config.insert(key.to_string(), ConfigValue::Text(value.to_string()));
            continue;
        }
        if !p.required {
            continue;
        }
        let value = match p.control {
            Control::Password => format!("demo-{}", key.replace('.', "-")),
            Control::Number => p
                .default
                .as_deref()
                .map(str::to_string)
                .or(p.min.map(|n| n.to_string()))
                .unwrap_or_else(|| "1".into()),
            Control::Toggle => p.default.as_deref().unwrap_or("false").to_string(),
            Control::OneOf => p
                .default
                .as_deref()
                .or(p.choices.first().map(|c| c.as_ref()))
                .unwrap_or_default()
                .to_string(),
            Control::Text if key.contains("host") || key.contains("url") => {
                format!("{}.internal.example.com", spec.code)
            }
            Control::Text if key.contains("include.list") => "app.orders,app.customers".into(),
            Control::Text => "demo".into(),
        };
        config.insert(key.to_string(), ConfigValue::Text(value));
    }
    config
}

/// Writes the demo organisation's connectors unless they were written
/// before (or the demo projects are not there); their secrets sealed with
/// `secret_box`. Returns whether it wrote anything.
pub fn seed_demo_connectors(
    conn: &mut Conn,
    secret_box: &crate::secrets::SecretBox,
) -> Result<bool, DbError> {
    use api_types::connectors::{spec_of, validate_config};
    if setting(conn, CONNECTORS_SEEDED_KEY)?.is_some() || setting(conn, SEEDED_KEY)?.is_none() {
        return Ok(false);
    }
    for (project, kind, code, name, desired, given) in DEMO_CONNECTORS {
        let project = ProjectId::parse(project).expect("a demo project id");
        if projects::get(conn, &project)?.is_none() {
            continue;
        }
        let spec = spec_of(*kind, code)
            .ok_or_else(|| DbError::Corrupt(format!("the catalog has no {code}")))?;
        let checked = validate_config(spec, &demo_config(spec, given), &Default::default())
            .map_err(|e| DbError::Corrupt(format!("demo connector {name}: {e}")))?;
        let new = super::connectors::NewConnector {
            id: crate::secrets::new_client_id().map_err(|e| DbError::Corrupt(e.to_string()))?,
            project,
            kind: *kind,
            code: code.to_string(),
            name: name.to_string(),
            tags: vec![format!(
                "team:{}",
                if *code == "postgresql" {
                    "orders"
                } else {
                    "data"
                }
            )],
            plain: checked.plain,
            secrets: checked.secrets,
            desired_state: *desired,
        };
        super::connectors::insert(conn, secret_box, &new, None)?;
    }
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![CONNECTORS_SEEDED_KEY, &Utc::now().to_rfc3339()],
    )?;
    Ok(true)
}

const PIPELINES_SEEDED_KEY: &str = "demo_pipelines_seeded";

/// `(project id, name, source name, destination name, desired state)`:
/// the demo organisation's pipelines, each streaming every topic of its
/// source. Production in the US writes orders to Snowflake and archives
/// them to S3 (whose destination was paused two hours ago, so its lag
/// grows); production in the EU writes to BigQuery, which began rejecting
/// its credentials three hours ago (Broken until the key is replaced).
const DEMO_PIPELINES: &[(&str, &str, &str, &str, api_types::connectors::DesiredState)] = {
    use api_types::connectors::DesiredState::{Active, Stopped};
    &[
        (
            "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "orders-to-snowflake",
            "orders-postgres",
            "analytics-snowflake",
            Active,
        ),
        (
            "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "orders-archive",
            "orders-postgres",
            "orders-archive-s3",
            Active,
        ),
        (
            "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41",
            "inventory-to-snowflake",
            "inventory-mysql",
            "analytics-snowflake",
            Active,
        ),
        (
            "2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63",
            "orders-eu-to-bigquery",
            "orders-postgres-eu",
            "warehouse-bigquery",
            Active,
        ),
        (
            "5abc6bef-7c9f-4ec0-9d68-afe15c7dce96",
            "orders-to-snowflake-staging",
            "orders-postgres",
            "analytics-snowflake-staging",
            Stopped,
        ),
        (
            "8def9e12-afc2-41f3-8a9b-d2148fa0f1c9",
            "dev-events-to-clickhouse",
            "dev-events-mongodb",
            "dev-clickhouse",
            Active,
        ),
    ]
};

/// What the demo's BigQuery destination reports.
pub const DEMO_FAULT: &str = "BigQuery rejected the service account key of warehouse-bigquery: invalid_grant (the key was revoked or has expired).";

/// Writes the demo organisation's pipelines, created two weeks before
/// `now` (the data plane's clock) and metered up to it, unless they were
/// written before (or the demo connectors are not there). Returns whether
/// it wrote anything.
pub fn seed_demo_pipelines(conn: &mut Conn, now: DateTime<Utc>) -> Result<bool, DbError> {
    use super::pipelines::{self, NewPipeline, Parts};
    if setting(conn, PIPELINES_SEEDED_KEY)?.is_some()
        || setting(conn, CONNECTORS_SEEDED_KEY)?.is_none()
    {
        return Ok(false);
    }
    let created = now - chrono::Duration::days(14);
    let find = |parts: &Parts, name: &str| {
        parts
            .connectors()
            .find(|c| c.name == name)
            .map(|c| c.id.clone())
    };
    let mut projects: Vec<ProjectId> = Vec::new();
    let mut archive = None;
    let mut warehouse = None;
    for (n, (project, name, source, destination, desired)) in DEMO_PIPELINES.iter().enumerate() {
        let project = ProjectId::parse(project).expect("a demo project id");
        let parts = Parts::read(conn, &project, created)?;
        let (Some(source_id), Some(destination_id)) =
            (find(&parts, source), find(&parts, destination))
        else {
            continue;
        };
        if *destination == "orders-archive-s3" {
            archive = Some(destination_id.clone());
        }
        if *destination == "warehouse-bigquery" {
            warehouse = Some((project.clone(), destination_id.clone()));
        }
        // The archive ran until two hours ago.
        conn.execute(
            "UPDATE connectors SET desired_state = 'Active' WHERE id = ?1 AND connector = 's3'",
            params![destination_id],
        )?;
        let new = NewPipeline {
            id: crate::secrets::new_client_id().map_err(|e| DbError::Corrupt(e.to_string()))?,
            project: project.clone(),
            name: name.to_string(),
            tags: vec!["team:data".into()],
            tables: parts.tables(&source_id),
            source_id,
            destination_id,
            snapshot_new_tables: true,
            seed: 0x5eed_0000 + n as i64,
            desired: *desired,
        };
        pipelines::insert(conn, &new, None, created, created)?;
        if !projects.contains(&project) {
            projects.push(project);
        }
    }
    let meter_all = |conn: &mut Conn, at: DateTime<Utc>| -> Result<(), DbError> {
        let tx = conn.write_tx()?;
        for project in &projects {
            pipelines::meter(&tx, project, at)?;
        }
        tx.commit()
    };
    meter_all(conn, now - chrono::Duration::hours(3))?;
    if let Some((_, id)) = &warehouse {
        conn.execute(
            "UPDATE connectors SET fault = ?2, fault_since = ?3 WHERE id = ?1",
            params![
                id,
                DEMO_FAULT,
                (now - chrono::Duration::hours(3)).timestamp_millis()
            ],
        )?;
    }
    meter_all(conn, now - chrono::Duration::hours(2))?;
    if let Some(id) = &archive {
        conn.execute(
            "UPDATE connectors SET desired_state = 'Paused', updated_at = ?2 WHERE id = ?1",
            params![id, (now - chrono::Duration::hours(2)).timestamp_millis()],
        )?;
    }
    meter_all(conn, now)?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![PIPELINES_SEEDED_KEY, &Utc::now().to_rfc3339()],
    )?;
    Ok(true)
}
