//! The OpenAPI schemas of request fields whose rules a plain type cannot
//! state: each is built from the constants and character sets the
//! validation functions use, so that a request the document calls valid is
//! accepted, and one it calls invalid is refused.
//!
//! Several fields are trimmed before they are checked (`str::trim`, which
//! removes Unicode whitespace). Their patterns allow that whitespace around
//! the value and count the length without it; a plain `maxLength` would
//! call a padded value invalid that the server accepts.
//!
//! Patterns use only what ECMA-262, Rust's `regex` and Python's `re` read
//! alike: `\uXXXX` escapes and explicit classes, never `\s` or `.`, whose
//! meaning differs between them.

use crate::{
    regions_of, Cloud, Requirement, RoleKey, ThroughputUnit, MAX_ACLS, MAX_ACL_NAME,
    MAX_CONNECTORS, MAX_EMAIL, MAX_ENVIRONMENT_NAME, MAX_PROJECT_NAME, MAX_REQUEST_NOTES,
    MAX_TOKEN_DESCRIPTION, MAX_WHITELIST_LENGTH, PASSWORD_LENGTH, USERNAME_LENGTH,
};
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema,
    SchemaFormat, Type,
};
use utoipa::openapi::RefOr;

/// What `str::trim` removes: the characters with Unicode's White_Space
/// property, as the body of a regex class.
pub const TRIMMED: &str =
    r"\t\n\u000B\f\r\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// `char::is_control`: the C0 and C1 control characters.
pub const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// [`crate::is_invisible`]: zero-width and text-direction characters.
pub const INVISIBLE: &str =
    r"\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF";
/// Control characters but tab and line feed, which free text may hold.
const CONTROL_BUT_TAB_AND_NEWLINE: &str = r"\u0000-\u0008\u000B-\u001F\u007F-\u009F";

/// A text of 1 to `max` characters whose first and last are `edge` and the
/// others `inner`.
fn run(edge: &str, inner: &str, max: usize) -> String {
    format!("{edge}(?:{inner}{{0,{}}}{edge})?", max - 2)
}

/// `body`, with any whitespace around it that trimming removes.
fn padded(body: &str) -> String {
    format!("^[{TRIMMED}]*(?:{body})[{TRIMMED}]*$")
}

/// One of `words`, exactly, with any whitespace around it.
fn padded_word<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    padded(&words.into_iter().collect::<Vec<_>>().join("|"))
}

fn text(description: &str, pattern: String) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
}

/// The pattern of a project name: 1-64 characters once trimmed, without
/// control or invisible characters.
pub fn project_name_pattern() -> String {
    let edge = format!("[^{CONTROL}{INVISIBLE}{TRIMMED}]");
    let inner = format!("[^{CONTROL}{INVISIBLE}]");
    padded(&run(&edge, &inner, MAX_PROJECT_NAME))
}

/// A project name, as given in a rename or a request.
pub fn project_name() -> Schema {
    text(
        &format!("1 to {MAX_PROJECT_NAME} characters once the whitespace around them is trimmed, unique in the organisation regardless of case; no control characters, and no zero-width or text-direction characters (U+061C, U+180E, U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF)."),
        project_name_pattern(),
    )
    .examples(["Production-US-East"])
    .into()
}

/// An API token's description.
pub fn token_description() -> Schema {
    let edge = format!("[^{CONTROL}{TRIMMED}]");
    let inner = format!("[^{CONTROL}]");
    text(
        &format!("What the token is for: 1 to {MAX_TOKEN_DESCRIPTION} characters once trimmed, on one line (no control characters)."),
        padded(&run(&edge, &inner, MAX_TOKEN_DESCRIPTION)),
    )
    .examples(["CI deploys"])
    .into()
}

/// Free text of up to 1000 characters once trimmed; tabs and line breaks
/// are allowed inside it, other control characters nowhere.
fn free_text(required: bool) -> String {
    let edge = format!("[^{CONTROL}{TRIMMED}]");
    let inner = format!("[^{CONTROL_BUT_TAB_AND_NEWLINE}]");
    let body = run(&edge, &inner, MAX_REQUEST_NOTES);
    padded(&if required {
        body
    } else {
        format!("(?:{body})?")
    })
}

/// A project request's notes.
pub fn request_notes() -> Schema {
    text(
        &format!("Anything else support should know: at most {MAX_REQUEST_NOTES} characters once trimmed; tabs and line breaks but no other control characters. Required (not blank) when `requirements` has compliance."),
        free_text(false),
    )
    .into()
}

/// Why support declined a request.
pub fn decline_reason() -> Schema {
    text(
        &format!("Why, for the requester: 1 to {MAX_REQUEST_NOTES} characters once trimmed; tabs and line breaks but no other control characters."),
        free_text(true),
    )
    .into()
}

/// The environment type of a project request.
pub fn environment_name() -> Schema {
    // Upper case is folded to lower case before the check, by Unicode's
    // rules: the Kelvin sign (U+212A) becomes a plain k.
    let edge = r"[a-zA-Z0-9\u212A]";
    let inner = r"[a-zA-Z0-9\u212A-]";
    text(
        &format!("production, staging, development, or another type: 2 to {MAX_ENVIRONMENT_NAME} letters, digits or dashes, not starting or ending with a dash, once trimmed; upper case is folded to lower case."),
        padded(&format!("{edge}{inner}{{0,{}}}{edge}", MAX_ENVIRONMENT_NAME - 2)),
    )
    .examples(["production", "staging", "development", "qa"])
    .into()
}

/// A cloud's wire spelling, as a request gives it.
pub fn cloud_name() -> Schema {
    text(
        "AWS, Azure or GCP (whitespace around it is trimmed).",
        padded_word(Cloud::ALL.map(Cloud::as_str)),
    )
    .examples(["AWS"])
    .into()
}

/// A region code of any cloud; [`new_project_request_rules`] ties it to
/// its cloud.
pub fn region_code() -> Schema {
    text(
        "A region code of the chosen cloud (whitespace around it is trimmed), e.g. us-east-1 for AWS, westeurope for Azure, us-central1 for GCP.",
        padded_word(Cloud::ALL.into_iter().flat_map(|c| regions_of(c).map(|(code, _)| code))),
    )
    .examples(["us-east-1"])
    .into()
}

/// A throughput unit's wire spelling, as a request gives it.
pub fn throughput_unit() -> Schema {
    text(
        "events_per_second or mb_per_second (whitespace around it is trimmed).",
        padded_word(ThroughputUnit::ALL.map(ThroughputUnit::as_str)),
    )
    .examples(["events_per_second"])
    .into()
}

/// The expected throughput; [`new_project_request_rules`] bounds it by unit.
pub fn throughput() -> Schema {
    let most = ThroughputUnit::ALL
        .map(ThroughputUnit::max)
        .into_iter()
        .max();
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(
            "A whole number from 1 to 10,000,000 events per second or 10,000 MB per second.",
        ))
        .minimum(Some(1))
        .maximum(most)
        .into()
}

/// The connectors planned.
pub fn connectors() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some(format!("Connectors planned, 0 to {MAX_CONNECTORS}.")))
        .minimum(Some(0))
        .maximum(Some(MAX_CONNECTORS))
        .into()
}

/// The special requirements of a request.
pub fn requirements() -> Schema {
    ArrayBuilder::new()
        .items(text(
            "vpc_peering, private_link or compliance (whitespace around it is trimmed); repeats count once.",
            padded_word(Requirement::ALL.map(Requirement::as_str)),
        ))
        .description(Some("Special requirements."))
        .into()
}

/// The rules of a project request that tie one field to another: the
/// region belongs to the cloud, the throughput is within its unit's range,
/// and compliance needs are described in the notes.
pub fn new_project_request_rules() -> Vec<Schema> {
    let clouds = Cloud::ALL.into_iter().map(|cloud| -> Schema {
        ObjectBuilder::new()
            .property("cloud", text(cloud.as_str(), padded_word([cloud.as_str()])))
            .property(
                "region",
                text(
                    &format!("A region of {}", cloud.as_str()),
                    padded_word(regions_of(cloud).map(|(code, _)| code)),
                ),
            )
            .into()
    });
    let units = ThroughputUnit::ALL.into_iter().map(|unit| -> Schema {
        ObjectBuilder::new()
            .property(
                "throughput_unit",
                text(unit.as_str(), padded_word([unit.as_str()])),
            )
            .property(
                "throughput",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(unit.max())),
            )
            .into()
    });
    let others: Vec<&str> = Requirement::ALL
        .into_iter()
        .filter(|r| *r != Requirement::Compliance)
        .map(Requirement::as_str)
        .collect();
    let compliance = AnyOfBuilder::new()
        .item(ObjectBuilder::new().property(
            "requirements",
            ArrayBuilder::new().items(text("Not compliance", padded_word(others))),
        ))
        .item(
            ObjectBuilder::new()
                .property("notes", text("Not blank", format!("[^{TRIMMED}]")))
                .required("notes"),
        )
        .description(Some(
            "With compliance among the requirements, the notes say which.",
        ));
    let one_of = |items: Vec<Schema>, description: &str| {
        items
            .into_iter()
            .fold(OneOfBuilder::new(), OneOfBuilder::item)
            .description(Some(description))
    };
    vec![
        one_of(clouds.collect(), "The region is one of the cloud's.").into(),
        one_of(
            units.collect(),
            "The throughput is within its unit's range.",
        )
        .into(),
        compliance.into(),
    ]
}

/// A Kafka username.
pub fn kafka_username() -> Schema {
    text(
        &format!(
            "{} to {} lowercase letters, digits and dashes; fixed at creation.",
            USERNAME_LENGTH.start(),
            USERNAME_LENGTH.end()
        ),
        kafka_username_pattern(),
    )
    .examples(["orders-consumer"])
    .into()
}

/// The pattern of a Kafka username.
pub fn kafka_username_pattern() -> String {
    format!(
        "^[a-z0-9-]{{{},{}}}$",
        USERNAME_LENGTH.start(),
        USERNAME_LENGTH.end()
    )
}

/// A Kafka user's password.
pub fn kafka_password(nullable: bool) -> Schema {
    let kind = if nullable {
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        Type::String.into()
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .description(Some(format!(
            "{} to {} characters; never returned.{}",
            PASSWORD_LENGTH.start(),
            PASSWORD_LENGTH.end(),
            if nullable {
                " Left out or null, the current one is kept."
            } else {
                ""
            }
        )))
        .min_length(Some(*PASSWORD_LENGTH.start()))
        .max_length(Some(*PASSWORD_LENGTH.end()))
        .into()
}

/// A new Kafka user's password.
pub fn kafka_password_required() -> Schema {
    kafka_password(false)
}

/// A changed Kafka user's password, or null to keep it.
pub fn kafka_password_optional() -> Schema {
    kafka_password(true)
}

/// One CIDR of IPv4 or IPv6, as [`crate::validate_cidr`] reads it: the
/// prefix length is a number (a `+` or leading zeros allowed) up to 32 or
/// 128.
pub fn cidr_pattern() -> String {
    let octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    let v4 = format!(r"{octet}(?:\.{octet}){{3}}");
    let h = "[0-9A-Fa-f]{1,4}";
    // Eight groups, or fewer with one `::` standing for at least one
    // group of zeros; the last two groups may be written as IPv4.
    let v6 = [
        format!("(?:{h}:){{7}}{h}"),
        format!("(?:{h}:){{6}}{v4}"),
        format!("(?:{h}:){{1,7}}:"),
        format!("(?:{h}:){{1,6}}:{h}"),
        format!("(?:{h}:){{1,5}}(?::{h}){{1,2}}"),
        format!("(?:{h}:){{1,4}}(?::{h}){{1,3}}"),
        format!("(?:{h}:){{1,3}}(?::{h}){{1,4}}"),
        format!("(?:{h}:){{1,2}}(?::{h}){{1,5}}"),
        format!("{h}:(?::{h}){{1,6}}"),
        format!(":(?:(?::{h}){{1,7}}|:)"),
        format!("(?:{h}:){{1,5}}:{v4}"),
        format!("(?:{h}:){{1,4}}:{h}:{v4}"),
        format!("(?:{h}:){{1,3}}(?::{h}){{1,2}}:{v4}"),
        format!("(?:{h}:){{1,2}}(?::{h}){{1,3}}:{v4}"),
        format!("{h}:(?::{h}){{1,4}}:{v4}"),
        format!("::(?:{h}:){{0,5}}{v4}"),
    ]
    .join("|");
    let bits4 = r"\+?0*(?:3[0-2]|[12]?[0-9])";
    let bits6 = r"\+?0*(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])";
    format!("(?:{v4}/{bits4}|(?:{v6})/{bits6})")
}

/// A Kafka user's allowed IPs.
pub fn whitelist(nullable: bool) -> Schema {
    let entry = format!("[{TRIMMED}]*(?:{})?[{TRIMMED}]*", cidr_pattern());
    let kind = if nullable {
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        Type::String.into()
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .description(Some(format!(
            "Comma-separated CIDRs (IPv4 or IPv6 with a prefix length, e.g. 203.0.113.0/24, 2001:db8::/32) clients may connect from; empty for any. At most {MAX_WHITELIST_LENGTH} characters as sent; whitespace around an entry, empty entries and repeats are dropped.{}",
            if nullable { " Left out or null, the current ones are kept." } else { "" }
        )))
        .max_length(Some(MAX_WHITELIST_LENGTH))
        .pattern(Some(format!("^{entry}(?:,{entry})*$")))
        .examples(["203.0.113.0/24,2001:db8::/32"])
        .into()
}

/// A new Kafka user's allowed IPs.
pub fn whitelist_required() -> Schema {
    whitelist(false)
}

/// A changed Kafka user's allowed IPs, or null to keep them.
pub fn whitelist_optional() -> Schema {
    whitelist(true)
}

/// A Kafka user's ACLs.
pub fn acls(nullable: bool) -> Schema {
    let kind = if nullable {
        utoipa::openapi::schema::SchemaType::from_iter([Type::Array, Type::Null])
    } else {
        Type::Array.into()
    };
    ArrayBuilder::new()
        .schema_type(kind)
        .items(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "KafkaAcl",
        )))
        .max_items(Some(MAX_ACLS))
        .description(Some(format!(
            "Permissions, at most {MAX_ACLS}; repeats count once.{}",
            if nullable {
                " Left out or null, the current ones are kept; given, they replace them."
            } else {
                ""
            }
        )))
        .into()
}

/// A new Kafka user's ACLs.
pub fn acls_required() -> Schema {
    acls(false)
}

/// A changed Kafka user's ACLs, or null to keep them.
pub fn acls_optional() -> Schema {
    acls(true)
}

/// An ACL's resource name.
pub fn acl_name() -> Schema {
    text(
        &format!("The topic or group name, or prefix: 1 to {MAX_ACL_NAME} letters, digits, '.', '_' and '-', or * alone for every one (with LITERAL)."),
        format!(r"^(?:\*|[A-Za-z0-9._-]{{1,{MAX_ACL_NAME}}})$"),
    )
    .examples(["orders"])
    .into()
}

/// The rules of an ACL that tie one field to another: a group allows only
/// some operations, and `*` is a literal name.
pub fn kafka_acl_rules() -> Vec<Schema> {
    use crate::{AclOperation, AclResource};
    let operations = AclResource::ALL
        .map(|resource| {
            ObjectBuilder::new()
                .property(
                    "resource",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([resource.as_str()])),
                )
                .property(
                    "operation",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(
                            resource
                                .operations()
                                .iter()
                                .map(|o: &AclOperation| o.as_str()),
                        )),
                )
        })
        .into_iter()
        .fold(AnyOfBuilder::new(), AnyOfBuilder::item)
        .description(Some(
            "A GROUP ACL allows DELETE, DESCRIBE or READ; a TOPIC ACL any operation.",
        ));
    let wildcard = AnyOfBuilder::new()
        .description(Some("* is used with LITERAL."))
        .item(
            ObjectBuilder::new()
                .property("topic_name", text("Not *", "^[A-Za-z0-9._-]".to_string())),
        )
        .item(
            ObjectBuilder::new().property(
                "resource_pattern_type",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["LITERAL"])),
            ),
        );
    vec![operations.into(), wildcard.into()]
}

/// Wraps `schema` so that it also meets every one of `rules`.
pub fn with_rules(schema: RefOr<Schema>, rules: Vec<Schema>) -> Schema {
    let mut all = AllOfBuilder::new().item(schema);
    for rule in rules {
        all = all.item(rule);
    }
    all.into()
}

/// When a new token stops working.
pub fn expires_at() -> Schema {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .pattern(Some(DATE_TIME_PATTERN))
        .description(Some(
            "When it stops working (RFC 3339); left out or null for never. Must be in the future, and with a bearer token no later than that API token's own expiry (a 422 on expires_at otherwise: it depends on the time and the caller, so this schema cannot state it).",
        ))
        .examples(["2030-01-01T00:00:00Z"])
        .into()
}

/// An RFC 3339 date-time.
pub const DATE_TIME_PATTERN: &str = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";

/// The roles given to a new token.
pub fn role_ids() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "RoleKey",
        )))
        .min_items(Some(1))
        .description(Some(format!(
            "One or more of {}; repeats count once. None above the caller's own role.",
            RoleKey::ALL.map(RoleKey::as_str).join(", ")
        )))
        .into()
}

/// The pattern of a sign-in email: one `@` with something before it and a
/// domain with a dot, not at either end; no whitespace or control
/// characters, once trimmed.
pub fn email_pattern() -> String {
    // U+0130 is left out: it lowercases to two characters, which could
    // take an address of 254 characters over the limit.
    let any = format!(r"[^@{CONTROL}{TRIMMED}\u0130]");
    let no_dot = format!(r"[^.@{CONTROL}{TRIMMED}\u0130]");
    padded(&format!(r"{any}+@{no_dot}{any}*\.{any}*{no_dot}"))
}

/// The email of a sign-in.
pub fn sign_in_email() -> Schema {
    text(
        &format!("The user's email address (case does not matter): at most {MAX_EMAIL} characters, one @ with something before it and a domain with a dot."),
        email_pattern(),
    )
    .max_length(Some(MAX_EMAIL))
    .examples(["ana@example.com"])
    .into()
}

/// The password of a sign-in.
pub fn sign_in_password() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("The user's password."))
        .min_length(Some(1))
        .into()
}

/// A project id.
pub fn project_id() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uuid".into())))
        .pattern(Some(PROJECT_ID_PATTERN))
        .description(Some(
            "A project identifier: a UUID, e.g. 0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41; upper case hex digits are read as lower case.",
        ))
        .examples(["0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41"])
        .into()
}

/// The pattern of a project id.
pub const PROJECT_ID_PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// A list's search: at most 100 characters once trimmed.
pub fn partial_name() -> Schema {
    let edge = format!("[^{TRIMMED}]");
    text(
        "A case-insensitive substring of the name: at most 100 characters once trimmed; blank for every project.",
        padded(&format!("(?:{})?", run(&edge, r"[\s\S]", crate::project_query::MAX_PARTIAL_NAME))),
    )
    .into()
}

/// A list's environment filter.
pub fn environment_filter() -> Schema {
    text(
        "Only projects of this environment type: 1 to 32 lowercase letters, digits and dashes.",
        format!("^[a-z0-9-]{{1,{MAX_ENVIRONMENT_NAME}}}$"),
    )
    .into()
}

/// A page number.
pub fn page() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some("Page number, from 1."))
        .minimum(Some(1))
        .maximum(Some(u32::MAX))
        .into()
}

/// A page size.
pub fn page_size() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some(format!(
            "Items per page, 1 to {}; {} by default.",
            crate::MAX_PAGE_SIZE,
            crate::DEFAULT_PAGE_SIZE
        )))
        .minimum(Some(1))
        .maximum(Some(crate::MAX_PAGE_SIZE))
        .into()
}
