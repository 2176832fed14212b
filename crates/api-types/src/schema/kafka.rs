//! The schemas of a Kafka user's fields (username, password, allowed IPs,
//! ACLs) and the rules that tie an ACL's fields to each other.

use super::{text, TRIMMED};
use crate::{MAX_ACLS, MAX_ACL_NAME, MAX_WHITELIST_LENGTH, PASSWORD_LENGTH, USERNAME_LENGTH};
use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

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
