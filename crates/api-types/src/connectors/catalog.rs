//! The catalog of change-data-capture connectors, with the schema of each
//! one's configuration. It is static data: the server answers it at
//! `GET /api/connectors` and checks configurations against it, and the
//! console builds its forms from it.
//!
//! The PostgreSQL source and the Snowflake destination use the platform's
//! own keys; the others take theirs from each system's connector
//! documentation (Debezium's for MySQL, MongoDB and SQL Server).

use super::{ConnectorKind, ConnectorSpec, Control, PropertySpec, Text};
use std::borrow::Cow;

/// Every connector of the catalog: sources first, then destinations, each
/// in the order a picker shows them.
pub fn catalog() -> &'static [ConnectorSpec] {
    &CATALOG
}

/// The connector with this code and kind.
pub fn spec_of(kind: ConnectorKind, code: &str) -> Option<&'static ConnectorSpec> {
    CATALOG.iter().find(|c| c.kind == kind && c.code == code)
}

static CATALOG: [ConnectorSpec; 10] = [
    source(
        "postgresql",
        "PostgreSQL",
        "Captures row changes from PostgreSQL databases through logical replication.",
        POSTGRESQL,
    ),
    source(
        "mysql",
        "MySQL",
        "Captures row changes from MySQL and MariaDB databases by reading the binary log.",
        MYSQL,
    ),
    source(
        "mongodb",
        "MongoDB",
        "Captures document changes from MongoDB replica sets and clusters through change streams.",
        MONGODB,
    ),
    source(
        "sqlserver",
        "SQL Server",
        "Captures row changes from Microsoft SQL Server databases through change data capture.",
        SQLSERVER,
    ),
    source(
        "dynamodb",
        "DynamoDB",
        "Captures item changes from Amazon DynamoDB tables through DynamoDB Streams.",
        DYNAMODB,
    ),
    destination(
        "snowflake",
        "Snowflake",
        "Writes changes into tables of a Snowflake data warehouse through Snowpipe Streaming.",
        SNOWFLAKE,
    ),
    destination(
        "bigquery",
        "BigQuery",
        "Writes changes into tables of a Google BigQuery dataset.",
        BIGQUERY,
    ),
    destination(
        "clickhouse",
        "ClickHouse",
        "Writes changes into tables of a ClickHouse database, self-hosted or on ClickHouse Cloud.",
        CLICKHOUSE,
    ),
    destination(
        "databricks",
        "Databricks",
        "Writes changes into Delta tables of a Databricks workspace through a SQL warehouse.",
        DATABRICKS,
    ),
    destination(
        "s3",
        "Amazon S3",
        "Writes changes as files into an Amazon S3 bucket.",
        S3,
    ),
];

// Tabs of the forms.
const CONNECTION: &str = "Connection";
const SNAPSHOT: &str = "Snapshot";
const ADVANCED: &str = "Advanced";
const SSH_TUNNEL: &str = "SSH tunnel";

/// A list of choices as `&'static [Text]`.
macro_rules! choices {
    ($($choice:literal),+ $(,)?) => {
        &[$(Cow::Borrowed($choice)),+]
    };
}

const YES_NO: &[Text] = choices!["Yes", "No"];
const BINARY_MODES: &[Text] = choices!["bytes", "base64", "base64-url-safe", "hex"];
const DECIMAL_MODES: &[Text] = choices!["precise", "double", "string"];
const INGESTION_MODES: &[Text] = choices!["upsert", "append"];
const SCHEMA_EVOLUTIONS: &[Text] = choices!["basic", "none"];
const AWS_REGIONS: &[Text] = choices![
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
];
/// Largest port number.
const PORT_MAX: i64 = 65535;

const POSTGRESQL: &[PropertySpec] = &[
    text(
        "database.hostname.user.defined",
        "Hostname",
        "The database server's host name or IP address.",
        CONNECTION,
    )
    .required(),
    text(
        "database.user",
        "Username",
        "The database user the connector signs in as; it needs the replication privilege.",
        CONNECTION,
    )
    .required(),
    password(
        "database.password",
        "Password",
        "The database user's password.",
        CONNECTION,
    )
    .required(),
    text(
        "database.dbname",
        "Database",
        "The database whose changes are captured.",
        CONNECTION,
    )
    .required(),
    text(
        "schema.include.list",
        "Schemas",
        "The schemas to capture, separated by commas (public,sales).",
        CONNECTION,
    )
    .required(),
    text(
        "table.include.list.user.defined",
        "Tables",
        "The tables to capture as schema.table, separated by commas (public.orders,sales.items).",
        CONNECTION,
    )
    .required(),
    number(
        "database.port.user.defined",
        "Port",
        "The port the database server listens on.",
        CONNECTION,
        (1, PORT_MAX),
        "5432",
    ),
    one_of(
        "database.sslmode",
        "SSL mode",
        "Whether the connection to the database is encrypted.",
        CONNECTION,
        choices!["require", "disable"],
        "require",
    ),
    text_or(
        "slot.name",
        "Replication slot",
        "The logical replication slot the connector reads changes from.",
        CONNECTION,
        "streamkap_pgoutput_slot",
    ),
    text_or(
        "publication.name",
        "Publication",
        "The publication that lists the captured tables.",
        CONNECTION,
        "streamkap_pub",
    ),
    toggle(
        "heartbeat.enabled",
        "Heartbeats",
        "Writes heartbeats so the replication slot advances while the captured tables are quiet.",
        CONNECTION,
        true,
    ),
    one_of(
        "snapshot.read.only.user.defined",
        "Read-only snapshots",
        "Takes snapshots without writing to the database, for read replicas.",
        SNAPSHOT,
        YES_NO,
        "No",
    ),
    number(
        "streamkap.snapshot.parallelism",
        "Snapshot parallelism",
        "How many tables a snapshot reads at once.",
        SNAPSHOT,
        (1, 16),
        "1",
    ),
    binary_handling(),
    toggle(
        "ssh.enabled",
        "SSH tunnel",
        "Connects to the database through an SSH bastion host.",
        SSH_TUNNEL,
        false,
    ),
    text(
        "ssh.host",
        "SSH host",
        "The bastion host's public host name or IP address.",
        SSH_TUNNEL,
    ),
    number(
        "ssh.port",
        "SSH port",
        "The port the bastion host's SSH server listens on.",
        SSH_TUNNEL,
        (1, PORT_MAX),
        "22",
    ),
    text_or(
        "ssh.user",
        "SSH user",
        "The user the connector signs in to the bastion host as.",
        SSH_TUNNEL,
        "streamkap",
    ),
];

const MYSQL: &[PropertySpec] = &[
    text(
        "database.hostname",
        "Hostname",
        "The database server's host name or IP address.",
        CONNECTION,
    )
    .required(),
    text(
        "database.user",
        "Username",
        "The database user the connector signs in as; it needs the replication privileges.",
        CONNECTION,
    )
    .required(),
    password(
        "database.password",
        "Password",
        "The database user's password.",
        CONNECTION,
    )
    .required(),
    text(
        "database.include.list",
        "Databases",
        "The databases to capture, separated by commas (shop,billing).",
        CONNECTION,
    )
    .required(),
    text(
        "table.include.list",
        "Tables",
        "The tables to capture as database.table, separated by commas (shop.orders,shop.items).",
        CONNECTION,
    )
    .required(),
    number(
        "database.port",
        "Port",
        "The port the database server listens on.",
        CONNECTION,
        (1, PORT_MAX),
        "3306",
    ),
    one_of(
        "database.ssl.mode",
        "SSL mode",
        "Whether the connection is encrypted, and how the server's certificate is checked.",
        CONNECTION,
        choices![
            "disabled",
            "preferred",
            "required",
            "verify_ca",
            "verify_identity"
        ],
        "preferred",
    ),
    number(
        "database.server.id",
        "Server ID",
        "The replica ID the connector reads the binary log as, unique in the MySQL cluster.",
        CONNECTION,
        (1, 4_294_967_295),
        "184054",
    ),
    one_of(
        "snapshot.mode",
        "Snapshot mode",
        "Whether the existing rows are read before changes are streamed.",
        SNAPSHOT,
        choices![
            "initial",
            "initial_only",
            "no_data",
            "when_needed",
            "always"
        ],
        "initial",
    ),
    one_of(
        "snapshot.locking.mode",
        "Snapshot locking",
        "How long a snapshot holds the global read lock.",
        SNAPSHOT,
        choices!["minimal", "extended", "none"],
        "minimal",
    ),
    snapshot_fetch_size(),
    decimal_handling(),
    binary_handling(),
    heartbeat_interval(),
];

const MONGODB: &[PropertySpec] = &[
    password(
        "mongodb.connection.string",
        "Connection string",
        "The mongodb:// or mongodb+srv:// connection string, with the user and password.",
        CONNECTION,
    )
    .required(),
    text(
        "database.include.list",
        "Databases",
        "The databases to capture, separated by commas (shop,billing).",
        CONNECTION,
    )
    .required(),
    text(
        "collection.include.list",
        "Collections",
        "The collections to capture as database.collection, separated by commas (shop.orders).",
        CONNECTION,
    )
    .required(),
    toggle(
        "mongodb.ssl.enabled",
        "TLS",
        "Encrypts the connection to MongoDB with TLS.",
        CONNECTION,
        true,
    ),
    one_of(
        "capture.mode",
        "Capture mode",
        "Whether an update carries the whole document, and the document before the change.",
        CONNECTION,
        choices![
            "change_streams_update_full",
            "change_streams",
            "change_streams_update_full_with_pre_image",
            "change_streams_with_pre_image",
        ],
        "change_streams_update_full",
    ),
    one_of(
        "snapshot.mode",
        "Snapshot mode",
        "Whether the existing documents are read before changes are streamed.",
        SNAPSHOT,
        choices!["initial", "initial_only", "no_data", "when_needed"],
        "initial",
    ),
    number(
        "snapshot.max.threads",
        "Snapshot threads",
        "How many collections a snapshot reads at once.",
        SNAPSHOT,
        (1, 16),
        "1",
    ),
    snapshot_fetch_size(),
    text(
        "field.exclude.list",
        "Excluded fields",
        "Fields left out of the documents as database.collection.field, separated by commas.",
        ADVANCED,
    ),
    heartbeat_interval(),
];

const SQLSERVER: &[PropertySpec] = &[
    text(
        "database.hostname",
        "Hostname",
        "The database server's host name or IP address.",
        CONNECTION,
    )
    .required(),
    text(
        "database.user",
        "Username",
        "The database user the connector signs in as; it reads the change tables.",
        CONNECTION,
    )
    .required(),
    password(
        "database.password",
        "Password",
        "The database user's password.",
        CONNECTION,
    )
    .required(),
    text(
        "database.names",
        "Databases",
        "The databases to capture, separated by commas; change data capture is enabled on each.",
        CONNECTION,
    )
    .required(),
    text(
        "table.include.list",
        "Tables",
        "The tables to capture as schema.table, separated by commas (dbo.orders,dbo.items).",
        CONNECTION,
    )
    .required(),
    number(
        "database.port",
        "Port",
        "The port the database server listens on.",
        CONNECTION,
        (1, PORT_MAX),
        "1433",
    ),
    toggle(
        "database.encrypt",
        "Encrypt",
        "Encrypts the connection to the database with TLS.",
        CONNECTION,
        true,
    ),
    one_of(
        "snapshot.mode",
        "Snapshot mode",
        "Whether the existing rows are read before changes are streamed.",
        SNAPSHOT,
        choices!["initial", "initial_only", "no_data", "when_needed"],
        "initial",
    ),
    one_of(
        "snapshot.isolation.mode",
        "Snapshot isolation",
        "The transaction isolation a snapshot reads at, and so which locks it takes.",
        SNAPSHOT,
        choices![
            "read_uncommitted",
            "read_committed",
            "repeatable_read",
            "snapshot",
            "exclusive",
        ],
        "repeatable_read",
    ),
    snapshot_fetch_size(),
    decimal_handling(),
    binary_handling(),
    heartbeat_interval(),
];

const DYNAMODB: &[PropertySpec] = &[
    aws_region(),
    aws_access_key_id(),
    aws_secret_key(),
    text(
        "table.include.list",
        "Tables",
        "The tables to capture, separated by commas; DynamoDB Streams is enabled on each.",
        CONNECTION,
    )
    .required(),
    text(
        "aws.role.arn",
        "Role ARN",
        "An IAM role the connector assumes to read the tables, if the access key's user cannot.",
        CONNECTION,
    ),
    one_of(
        "snapshot.mode",
        "Snapshot mode",
        "Whether the existing items are exported before changes are streamed.",
        SNAPSHOT,
        choices!["initial", "no_data"],
        "initial",
    ),
    text(
        "dynamodb.export.s3.bucket",
        "Export bucket",
        "The S3 bucket a snapshot exports the tables to, in the tables' region.",
        SNAPSHOT,
    ),
    text_or(
        "dynamodb.export.s3.prefix",
        "Export prefix",
        "The path in the export bucket the exports are written under.",
        SNAPSHOT,
        "streamkap/exports",
    ),
    number(
        "snapshot.max.threads",
        "Snapshot threads",
        "How many tables a snapshot exports at once.",
        SNAPSHOT,
        (1, 16),
        "1",
    ),
    number(
        "dynamodb.streams.poll.interval.ms",
        "Poll interval (ms)",
        "How long the connector waits between reads of a quiet stream, in milliseconds.",
        ADVANCED,
        (100, 60_000),
        "1000",
    ),
    number(
        "dynamodb.streams.batch.size",
        "Batch size",
        "The most records one read of a stream returns.",
        ADVANCED,
        (1, 1000),
        "1000",
    ),
];

const SNOWFLAKE: &[PropertySpec] = &[
    text(
        "snowflake.url.name",
        "Account URL",
        "The account's URL (https://<account>.snowflakecomputing.com).",
        CONNECTION,
    )
    .required(),
    text(
        "snowflake.user.name",
        "User",
        "The Snowflake user the connector signs in as, with key-pair authentication.",
        CONNECTION,
    )
    .required(),
    password(
        "snowflake.private.key",
        "Private key",
        "The user's private key, in PEM form.",
        CONNECTION,
    )
    .required(),
    text(
        "snowflake.database.name",
        "Database",
        "The database the tables are written in.",
        CONNECTION,
    )
    .required(),
    text(
        "snowflake.schema.name",
        "Schema",
        "The schema the tables are written in.",
        CONNECTION,
    )
    .required(),
    password(
        "snowflake.private.key.passphrase",
        "Key passphrase",
        "The passphrase the private key is encrypted with, if it is.",
        CONNECTION,
    ),
    text_or(
        "sfwarehouse",
        "Warehouse",
        "The virtual warehouse that runs the connector's queries.",
        CONNECTION,
        "STREAMKAP_WH",
    ),
    text_or(
        "snowflake.role.name",
        "Role",
        "The role the connector acts as; it owns the tables it creates.",
        CONNECTION,
        "STREAMKAP_ROLE",
    ),
    ingestion_mode(),
    hard_delete(),
    schema_evolution(),
    toggle(
        "create.schema.auto",
        "Create schema",
        "Creates the schema if it does not exist.",
        ADVANCED,
        true,
    ),
];

const BIGQUERY: &[PropertySpec] = &[
    text(
        "bigquery.project.id",
        "Project",
        "The ID of the Google Cloud project the dataset belongs to.",
        CONNECTION,
    )
    .required(),
    text(
        "bigquery.dataset",
        "Dataset",
        "The dataset the tables are written in.",
        CONNECTION,
    )
    .required(),
    password(
        "bigquery.service.account.key",
        "Service account key",
        "The JSON key of a service account that can write to the dataset.",
        CONNECTION,
    )
    .required(),
    one_of(
        "bigquery.location",
        "Location",
        "Where the dataset is, or is created.",
        CONNECTION,
        choices![
            "US",
            "EU",
            "us-central1",
            "us-east1",
            "europe-west1",
            "asia-northeast1",
        ],
        "US",
    ),
    ingestion_mode(),
    hard_delete(),
    schema_evolution(),
];

const CLICKHOUSE: &[PropertySpec] = &[
    text(
        "clickhouse.hostname",
        "Hostname",
        "The ClickHouse server's host name.",
        CONNECTION,
    )
    .required(),
    text(
        "clickhouse.user",
        "User",
        "The user the connector signs in as.",
        CONNECTION,
    )
    .required(),
    password(
        "clickhouse.password",
        "Password",
        "The user's password.",
        CONNECTION,
    )
    .required(),
    text(
        "clickhouse.database",
        "Database",
        "The database the tables are written in.",
        CONNECTION,
    )
    .required(),
    number(
        "clickhouse.port",
        "Port",
        "The port of the server's HTTP interface.",
        CONNECTION,
        (1, PORT_MAX),
        "8443",
    ),
    toggle(
        "clickhouse.ssl",
        "SSL",
        "Encrypts the connection to the server with TLS.",
        CONNECTION,
        true,
    ),
    ingestion_mode(),
    hard_delete(),
    schema_evolution(),
];

const DATABRICKS: &[PropertySpec] = &[
    text(
        "databricks.server.hostname",
        "Server hostname",
        "The workspace's host name (adb-1234567890123456.7.azuredatabricks.net).",
        CONNECTION,
    )
    .required(),
    text(
        "databricks.http.path",
        "HTTP path",
        "The HTTP path of the SQL warehouse that writes the tables (/sql/1.0/warehouses/…).",
        CONNECTION,
    )
    .required(),
    password(
        "databricks.token",
        "Access token",
        "A personal access token of a user or service principal that can write to the schema.",
        CONNECTION,
    )
    .required(),
    text(
        "databricks.catalog",
        "Catalog",
        "The Unity Catalog catalog the tables are written in.",
        CONNECTION,
    )
    .required(),
    text(
        "databricks.schema",
        "Schema",
        "The schema the tables are written in.",
        CONNECTION,
    )
    .required(),
    ingestion_mode(),
    hard_delete(),
    schema_evolution(),
];

const S3: &[PropertySpec] = &[
    aws_region(),
    text(
        "s3.bucket.name",
        "Bucket",
        "The bucket the files are written to.",
        CONNECTION,
    )
    .required(),
    aws_access_key_id(),
    aws_secret_key(),
    text(
        "s3.prefix",
        "Prefix",
        "The path in the bucket the files are written under.",
        CONNECTION,
    ),
    one_of(
        "format",
        "Format",
        "The format of the files.",
        ADVANCED,
        choices!["json", "parquet", "avro", "csv"],
        "parquet",
    ),
    one_of(
        "compression",
        "Compression",
        "How the files are compressed.",
        ADVANCED,
        choices!["none", "gzip", "snappy", "zstd"],
        "gzip",
    ),
    number(
        "flush.size",
        "Records per file",
        "How many records a file holds at most.",
        ADVANCED,
        (1, 1_000_000),
        "10000",
    ),
];

// Settings several connectors share.

const fn binary_handling() -> PropertySpec {
    one_of(
        "binary.handling.mode",
        "Binary values",
        "How binary column values are written.",
        ADVANCED,
        BINARY_MODES,
        "bytes",
    )
}

const fn decimal_handling() -> PropertySpec {
    one_of(
        "decimal.handling.mode",
        "Decimal values",
        "How DECIMAL and NUMERIC values are written: exactly, as floating point or as text.",
        ADVANCED,
        DECIMAL_MODES,
        "precise",
    )
}

const fn heartbeat_interval() -> PropertySpec {
    number(
        "heartbeat.interval.ms",
        "Heartbeat interval (ms)",
        "How often a heartbeat is written while the tables are quiet, in ms; 0 for never.",
        ADVANCED,
        (0, 3_600_000),
        "0",
    )
}

const fn snapshot_fetch_size() -> PropertySpec {
    number(
        "snapshot.fetch.size",
        "Snapshot fetch size",
        "How many rows a snapshot reads at a time.",
        SNAPSHOT,
        (100, 100_000),
        "2000",
    )
}

const fn aws_region() -> PropertySpec {
    one_of(
        "aws.region",
        "Region",
        "The AWS region the resources are in.",
        CONNECTION,
        AWS_REGIONS,
        "us-east-1",
    )
    .required()
}

const fn aws_access_key_id() -> PropertySpec {
    text(
        "aws.access.key.id",
        "Access key ID",
        "The ID of an access key of an IAM user with the permissions the connector needs.",
        CONNECTION,
    )
    .required()
}

const fn aws_secret_key() -> PropertySpec {
    password(
        "aws.secret.key",
        "Secret access key",
        "The access key's secret.",
        CONNECTION,
    )
    .required()
}

const fn ingestion_mode() -> PropertySpec {
    one_of(
        "ingestion.mode",
        "Ingestion mode",
        "Whether a change updates its row in place or is appended as a row of its own.",
        ADVANCED,
        INGESTION_MODES,
        "upsert",
    )
}

const fn hard_delete() -> PropertySpec {
    toggle(
        "hard.delete",
        "Hard deletes",
        "Deletes the row a deleted record was written to, instead of marking it deleted.",
        ADVANCED,
        false,
    )
}

const fn schema_evolution() -> PropertySpec {
    one_of(
        "schema.evolution",
        "Schema evolution",
        "Whether columns new in the source are added to the tables.",
        ADVANCED,
        SCHEMA_EVOLUTIONS,
        "basic",
    )
}

// The builders. A const fn cannot drop the `Cow` a field held, so each
// value is built whole: only `required`, `min` and `max` are set after.

const fn source(
    code: &'static str,
    name: &'static str,
    about: &'static str,
    properties: &'static [PropertySpec],
) -> ConnectorSpec {
    connector(ConnectorKind::Source, code, name, about, properties)
}

const fn destination(
    code: &'static str,
    name: &'static str,
    about: &'static str,
    properties: &'static [PropertySpec],
) -> ConnectorSpec {
    connector(ConnectorKind::Destination, code, name, about, properties)
}

const fn connector(
    kind: ConnectorKind,
    code: &'static str,
    name: &'static str,
    about: &'static str,
    properties: &'static [PropertySpec],
) -> ConnectorSpec {
    ConnectorSpec {
        code: Cow::Borrowed(code),
        display_name: Cow::Borrowed(name),
        kind,
        description: Cow::Borrowed(about),
        properties: Cow::Borrowed(properties),
    }
}

/// A setting that is not required, secret if it is a password.
const fn spec(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
    control: Control,
    default: Option<&'static str>,
    choices: &'static [Text],
) -> PropertySpec {
    PropertySpec {
        key: Cow::Borrowed(key),
        display_name: Cow::Borrowed(name),
        description: Cow::Borrowed(about),
        control,
        required: false,
        default: match default {
            Some(d) => Some(Cow::Borrowed(d)),
            None => None,
        },
        choices: Cow::Borrowed(choices),
        min: None,
        max: None,
        secret: matches!(control, Control::Password),
        tab: Cow::Borrowed(tab),
    }
}

/// Free text.
const fn text(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
) -> PropertySpec {
    spec(key, name, about, tab, Control::Text, None, &[])
}

/// Free text with a default.
const fn text_or(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
    default: &'static str,
) -> PropertySpec {
    spec(key, name, about, tab, Control::Text, Some(default), &[])
}

/// A secret: written, never read back.
const fn password(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
) -> PropertySpec {
    spec(key, name, about, tab, Control::Password, None, &[])
}

/// A whole number from `min` to `max`.
const fn number(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
    (min, max): (i64, i64),
    default: &'static str,
) -> PropertySpec {
    let mut p = spec(key, name, about, tab, Control::Number, Some(default), &[]);
    p.min = Some(min);
    p.max = Some(max);
    p
}

/// On or off.
const fn toggle(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
    default: bool,
) -> PropertySpec {
    let default = Some(if default { "true" } else { "false" });
    spec(key, name, about, tab, Control::Toggle, default, &[])
}

/// One of `choices`.
const fn one_of(
    key: &'static str,
    name: &'static str,
    about: &'static str,
    tab: &'static str,
    choices: &'static [Text],
    default: &'static str,
) -> PropertySpec {
    let default = Some(default);
    spec(key, name, about, tab, Control::OneOf, default, choices)
}

impl PropertySpec {
    /// The same setting, required.
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::{validate_config, ConfigValue};
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn kinds() -> [ConnectorKind; 2] {
        [ConnectorKind::Source, ConnectorKind::Destination]
    }

    #[test]
    fn sources_come_first_then_destinations() {
        let kinds: Vec<ConnectorKind> = catalog().iter().map(|c| c.kind).collect();
        let sources = kinds
            .iter()
            .filter(|k| **k == ConnectorKind::Source)
            .count();
        assert_eq!(sources, 5);
        assert_eq!(kinds.len(), 10);
        assert!(kinds[..sources].iter().all(|k| *k == ConnectorKind::Source));
        assert!(kinds[sources..]
            .iter()
            .all(|k| *k == ConnectorKind::Destination));
        let codes: Vec<&str> = catalog().iter().map(|c| c.code.as_ref()).collect();
        assert_eq!(
            codes,
            [
                "postgresql",
                "mysql",
                "mongodb",
                "sqlserver",
                "dynamodb",
                "snowflake",
                "bigquery",
                "clickhouse",
                "databricks",
                "s3"
            ]
        );
    }

    #[test]
    fn codes_are_unique_per_kind_and_keys_per_connector() {
        for kind in kinds() {
            let mut codes = BTreeSet::new();
            for c in catalog().iter().filter(|c| c.kind == kind) {
                assert!(codes.insert(c.code.as_ref()), "{} twice", c.code);
            }
        }
        for c in catalog() {
            let mut keys = BTreeSet::new();
            for p in c.properties.iter() {
                assert!(keys.insert(p.key.as_ref()), "{}: {} twice", c.code, p.key);
            }
        }
    }

    #[test]
    fn every_connector_has_enough_settings_and_a_required_secret() {
        for c in catalog() {
            let least = match c.kind {
                ConnectorKind::Source => 8,
                ConnectorKind::Destination => 6,
            };
            assert!(c.properties.len() >= least, "{}", c.code);
            assert!(!c.description.is_empty() && !c.display_name.is_empty());
            if c.kind == ConnectorKind::Source {
                assert!(c.tabs().len() >= 2, "{}: {:?}", c.code, c.tabs());
            }
            assert!(
                c.properties.iter().any(|p| p.secret && p.required),
                "{} has no required secret",
                c.code
            );
        }
    }

    #[test]
    fn required_settings_come_first_in_each_tab() {
        for c in catalog() {
            for tab in c.tabs() {
                let required: Vec<bool> = c
                    .properties
                    .iter()
                    .filter(|p| p.tab == tab)
                    .map(|p| p.required)
                    .collect();
                assert!(
                    required.windows(2).all(|w| w[0] || !w[1]),
                    "{}: tab {tab}",
                    c.code
                );
            }
        }
    }

    #[test]
    fn every_setting_fits_its_control_and_every_default_is_accepted() {
        for c in catalog() {
            for p in c.properties.iter() {
                let at = format!("{}: {}", c.code, p.key);
                assert!(
                    !p.display_name.is_empty() && !p.description.is_empty(),
                    "{at}"
                );
                assert_eq!(p.secret, p.control == Control::Password, "{at}");
                assert_eq!(p.control == Control::OneOf, !p.choices.is_empty(), "{at}");
                assert_eq!(p.control == Control::Number, p.min.is_some(), "{at}");
                assert_eq!(p.control == Control::Number, p.max.is_some(), "{at}");
                if p.secret {
                    assert!(p.default.is_none(), "{at}: a secret has no default");
                }
                match p.control {
                    Control::Number => {
                        let (min, max) = (p.min.unwrap(), p.max.unwrap());
                        assert!(min <= max, "{at}");
                        let d: i64 = p.default.as_deref().unwrap().parse().expect(&at);
                        assert!((min..=max).contains(&d), "{at}: {d}");
                    }
                    Control::Toggle => {
                        let d = p.default.as_deref().unwrap();
                        assert!(d == "true" || d == "false", "{at}: {d}");
                    }
                    Control::OneOf => {
                        let d = p.default.as_deref().unwrap();
                        assert!(p.choices.iter().any(|c| c == d), "{at}: {d}");
                    }
                    Control::Text | Control::Password => {}
                }
            }
        }
    }

    #[test]
    fn spec_of_finds_each_by_kind_and_code_only() {
        for c in catalog() {
            assert_eq!(spec_of(c.kind, &c.code), Some(c));
            let other = match c.kind {
                ConnectorKind::Source => ConnectorKind::Destination,
                ConnectorKind::Destination => ConnectorKind::Source,
            };
            assert_eq!(spec_of(other, &c.code), None);
        }
        assert_eq!(spec_of(ConnectorKind::Source, "oracle"), None);
        assert_eq!(spec_of(ConnectorKind::Source, "PostgreSQL"), None);
    }

    #[test]
    fn the_required_settings_alone_make_a_valid_configuration() {
        for c in catalog() {
            let config: BTreeMap<String, ConfigValue> = c
                .properties
                .iter()
                .filter(|p| p.required)
                .map(|p| {
                    let value = match p.control {
                        Control::Text => ConfigValue::Text("db.example.com".into()),
                        Control::Password => ConfigValue::Text("x".into()),
                        Control::Number => ConfigValue::Number(p.min.unwrap()),
                        Control::Toggle => ConfigValue::Flag(true),
                        Control::OneOf => ConfigValue::Text(p.choices[0].to_string()),
                    };
                    (p.key.to_string(), value)
                })
                .collect();
            let checked = validate_config(c, &config, &BTreeSet::new())
                .unwrap_or_else(|e| panic!("{}: {e}", c.code));
            assert!(checked.missing_secrets(c, &BTreeSet::new()).is_empty());
            // Every setting that is not secret has a value, given or default,
            // except optional text without a default.
            for p in c.properties.iter().filter(|p| !p.secret) {
                let valued = p.required || p.default.is_some();
                assert_eq!(
                    checked.plain.contains_key(p.key.as_ref()),
                    valued,
                    "{}",
                    p.key
                );
            }
        }
    }

    #[test]
    fn the_platforms_own_keys_are_kept() {
        let pg = spec_of(ConnectorKind::Source, "postgresql").unwrap();
        let required: Vec<&str> = pg
            .properties
            .iter()
            .filter(|p| p.required)
            .map(|p| p.key.as_ref())
            .collect();
        assert_eq!(
            required,
            [
                "database.hostname.user.defined",
                "database.user",
                "database.password",
                "database.dbname",
                "schema.include.list",
                "table.include.list.user.defined"
            ]
        );
        assert_eq!(
            pg.tabs(),
            ["Connection", "Snapshot", "Advanced", "SSH tunnel"]
        );
        let port = pg.property("database.port.user.defined").unwrap();
        assert_eq!((port.min, port.max), (Some(1), Some(65535)));
        let sf = spec_of(ConnectorKind::Destination, "snowflake").unwrap();
        let passphrase = sf.property("snowflake.private.key.passphrase").unwrap();
        assert!(passphrase.secret && !passphrase.required);
        assert!(sf.property("snowflake.private.key").unwrap().required);
        assert_eq!(
            sf.property("sfwarehouse").unwrap().default.as_deref(),
            Some("STREAMKAP_WH")
        );
    }

    #[test]
    fn the_catalog_survives_the_wire() {
        let json = serde_json::to_string(catalog()).unwrap();
        let back: Vec<ConnectorSpec> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, catalog());
    }
}
