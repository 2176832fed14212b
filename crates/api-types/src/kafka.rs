//! Kafka access: the project's broker connection and its Kafka users, with
//! the platform's rules for usernames, passwords, allowed IPs and ACLs.

use crate::FieldError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Username length, in characters.
pub const USERNAME_LENGTH: std::ops::RangeInclusive<usize> = 3..=24;
/// Password length, in characters.
pub const PASSWORD_LENGTH: std::ops::RangeInclusive<usize> = 12..=128;
/// Longest `whitelist_ips` value, in characters, as sent and as kept.
pub const MAX_WHITELIST_LENGTH: usize = 1000;
/// Most ACLs one Kafka user may have.
pub const MAX_ACLS: usize = 100;
/// Longest ACL resource name (Kafka's topic name limit).
pub const MAX_ACL_NAME: usize = 249;
/// Port of SASL connections.
pub const SASL_PORT: u16 = 9092;
/// Port of SSL connections.
pub const SSL_PORT: u16 = 9093;

/// `GET /api/projects/{id}/kafka-access`: how clients connect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KafkaAccess {
    /// Comma-separated `host:port` list of the brokers.
    pub bootstrap_servers: String,
    /// Port of SASL connections (9092).
    pub sasl_port: u16,
    /// Port of SSL connections (9093).
    pub ssl_port: u16,
    /// `SASL_SSL`.
    pub security_protocol: String,
    /// `PLAIN`.
    pub sasl_mechanism: String,
    /// The proxy endpoint clients outside the cloud network use.
    pub kafka_proxy_endpoint: String,
}

/// What an ACL applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AclResource {
    /// Topics.
    Topic,
    /// Consumer groups.
    Group,
}

impl AclResource {
    /// Both resources.
    pub const ALL: [AclResource; 2] = [AclResource::Topic, AclResource::Group];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AclResource::Topic => "TOPIC",
            AclResource::Group => "GROUP",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The operations an ACL on this resource may allow.
    pub fn operations(self) -> &'static [AclOperation] {
        use AclOperation::*;
        match self {
            AclResource::Topic => &[
                All,
                Alter,
                AlterConfigs,
                Create,
                Delete,
                Describe,
                DescribeConfigs,
                Read,
                Write,
            ],
            AclResource::Group => &[Delete, Describe, Read],
        }
    }
}

/// How an ACL's name matches resource names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AclPattern {
    /// The name exactly (`*` for every resource).
    Literal,
    /// Every name that starts with it.
    Prefixed,
}

impl AclPattern {
    /// Both patterns.
    pub const ALL: [AclPattern; 2] = [AclPattern::Literal, AclPattern::Prefixed];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AclPattern::Literal => "LITERAL",
            AclPattern::Prefixed => "PREFIXED",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// An operation an ACL allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AclOperation {
    /// Every operation.
    All,
    /// Change the resource.
    Alter,
    /// Change the resource's configuration.
    AlterConfigs,
    /// Create the resource.
    Create,
    /// Delete the resource.
    Delete,
    /// See the resource.
    Describe,
    /// See the resource's configuration.
    DescribeConfigs,
    /// Consume.
    Read,
    /// Produce.
    Write,
}

impl AclOperation {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AclOperation::All => "ALL",
            AclOperation::Alter => "ALTER",
            AclOperation::AlterConfigs => "ALTER_CONFIGS",
            AclOperation::Create => "CREATE",
            AclOperation::Delete => "DELETE",
            AclOperation::Describe => "DESCRIBE",
            AclOperation::DescribeConfigs => "DESCRIBE_CONFIGS",
            AclOperation::Read => "READ",
            AclOperation::Write => "WRITE",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        AclResource::Topic
            .operations()
            .iter()
            .copied()
            .find(|o| o.as_str() == text)
    }
}

/// One permission of a Kafka user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KafkaAcl {
    /// `TOPIC` or `GROUP`.
    pub resource: AclResource,
    /// The topic or group name, or prefix.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::acl_name))]
    pub topic_name: String,
    /// `LITERAL` or `PREFIXED`.
    pub resource_pattern_type: AclPattern,
    /// What it allows; must be one the resource offers.
    pub operation: AclOperation,
}

impl KafkaAcl {
    /// Checks the name and the operation against the resource; `n` is the
    /// ACL's position from 1, for the message.
    pub fn validate(&self, n: usize) -> Result<(), FieldError> {
        let name = self.topic_name.as_str();
        if name.is_empty() {
            return Err(FieldError::new(
                "acls",
                format!(
                    "ACL {n}: give a name, a prefix, or * for every {}.",
                    noun(self.resource)
                ),
            ));
        }
        if name.chars().count() > MAX_ACL_NAME {
            return Err(FieldError::new(
                "acls",
                format!("ACL {n}: a name has at most {MAX_ACL_NAME} characters."),
            ));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if name != "*" && !name.chars().all(allowed) {
            return Err(FieldError::new(
                "acls",
                format!("ACL {n}: use letters, digits, '.', '_' and '-' in a name, or * alone."),
            ));
        }
        if name == "*" && self.resource_pattern_type == AclPattern::Prefixed {
            return Err(FieldError::new(
                "acls",
                format!(
                    "ACL {n}: * means every {}; use it with LITERAL.",
                    noun(self.resource)
                ),
            ));
        }
        if !self.resource.operations().contains(&self.operation) {
            let offered: Vec<_> = self
                .resource
                .operations()
                .iter()
                .map(|o| o.as_str())
                .collect();
            return Err(FieldError::new(
                "acls",
                format!(
                    "ACL {n}: {} is not an operation on a {}; choose {}.",
                    self.operation.as_str(),
                    noun(self.resource),
                    offered.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// A short summary: `READ on TOPIC orders.*`.
    pub fn summary(&self) -> String {
        let suffix = if self.resource_pattern_type == AclPattern::Prefixed {
            "*"
        } else {
            ""
        };
        format!(
            "{} on {} {}{suffix}",
            self.operation.as_str(),
            self.resource.as_str(),
            self.topic_name
        )
    }
}

fn noun(resource: AclResource) -> &'static str {
    match resource {
        AclResource::Topic => "topic",
        AclResource::Group => "group",
    }
}

/// A Kafka user as listed: never its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KafkaUser {
    /// Fixed at creation.
    pub username: String,
    /// Comma-separated CIDRs clients may connect from; empty for any.
    pub whitelist_ips: String,
    /// What the user may do.
    pub acls: Vec<KafkaAcl>,
    /// The proxy endpoint the user connects through.
    pub kafka_proxy_endpoint: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// `POST /api/projects/{id}/kafka-users`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateKafkaUser {
    /// 3-24 characters: lowercase letters, digits, dashes.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::kafka_username))]
    pub username: String,
    /// 12-128 characters; never returned.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::kafka_password_required))]
    pub password: String,
    /// Comma-separated CIDRs; empty for any IP.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::whitelist_required))]
    pub whitelist_ips: String,
    /// Permissions.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::acls_required))]
    pub acls: Vec<KafkaAcl>,
}

/// `PUT /api/projects/{id}/kafka-users/{username}`: the username stays;
/// a field left out keeps its current value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateKafkaUser {
    /// A new password, or none to keep the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::kafka_password_optional))]
    pub password: Option<String>,
    /// Comma-separated CIDRs (empty for any IP), or none to keep them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::whitelist_optional))]
    pub whitelist_ips: Option<String>,
    /// Permissions that replace the current ones, or none to keep them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::acls_optional))]
    pub acls: Option<Vec<KafkaAcl>>,
}

impl std::fmt::Debug for UpdateKafkaUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateKafkaUser")
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("whitelist_ips", &self.whitelist_ips)
            .field("acls", &self.acls)
            .finish()
    }
}

impl std::fmt::Debug for CreateKafkaUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateKafkaUser")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("whitelist_ips", &self.whitelist_ips)
            .field("acls", &self.acls)
            .finish()
    }
}

/// Checks a username: 3-24 lowercase letters, digits and dashes.
pub fn validate_username(name: &str) -> Result<(), FieldError> {
    let length = name.chars().count();
    if !USERNAME_LENGTH.contains(&length) {
        return Err(FieldError::new(
            "username",
            format!("Use 3 to 24 characters ({length} now)."),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(FieldError::new(
            "username",
            "Use lowercase letters, digits and dashes only.",
        ));
    }
    Ok(())
}

/// Checks a password: 12-128 characters.
pub fn validate_password(password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if !PASSWORD_LENGTH.contains(&length) {
        return Err(FieldError::new(
            "password",
            format!("Use 12 to 128 characters ({length} now)."),
        ));
    }
    Ok(())
}

/// Checks one CIDR entry, e.g. `203.0.113.0/24` or `2001:db8::/32`.
pub fn validate_cidr(entry: &str) -> Result<(), String> {
    let Some((address, bits)) = entry.split_once('/') else {
        return Err(format!(
            "'{entry}' is not in CIDR form: add the prefix length, e.g. {entry}/32."
        ));
    };
    let bits: u8 = bits
        .parse()
        .map_err(|_| format!("'{entry}': the prefix length must be a number."))?;
    let max = if address.parse::<Ipv4Addr>().is_ok() {
        32
    } else if address.parse::<Ipv6Addr>().is_ok() {
        128
    } else {
        return Err(format!(
            "'{entry}': '{address}' is not an IPv4 or IPv6 address."
        ));
    };
    if bits > max {
        return Err(format!("'{entry}': the prefix length is at most {max}."));
    }
    Ok(())
}

/// The entries of a `whitelist_ips` value, trimmed, without empty ones.
pub fn whitelist_entries(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}

/// Checks a `whitelist_ips` value and returns it normalised
/// (`a/n,b/m`, no spaces, no duplicates). The length is checked before
/// anything else, and duplicates are found in linear time, so that a huge
/// value costs no more than reading it once.
pub fn validate_whitelist(value: &str) -> Result<String, FieldError> {
    let length = value.chars().count();
    if length > MAX_WHITELIST_LENGTH {
        return Err(FieldError::new(
            "whitelist_ips",
            format!(
                "The list of allowed IPs has at most {MAX_WHITELIST_LENGTH} characters ({length} now)."
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut entries: Vec<&str> = Vec::new();
    for entry in whitelist_entries(value) {
        validate_cidr(entry).map_err(|m| FieldError::new("whitelist_ips", m))?;
        if seen.insert(entry) {
            entries.push(entry);
        }
    }
    Ok(entries.join(","))
}

/// Checks a list of ACLs and removes repeated ones, keeping the order. The
/// count is checked first, and repeats are found in linear time.
pub fn validate_acls(acls: &[KafkaAcl]) -> Result<Vec<KafkaAcl>, FieldError> {
    if acls.len() > MAX_ACLS {
        return Err(FieldError::new(
            "acls",
            format!(
                "A Kafka user has at most {MAX_ACLS} ACLs ({} now).",
                acls.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<KafkaAcl> = Vec::new();
    for (i, acl) in acls.iter().enumerate() {
        acl.validate(i + 1)?;
        if seen.insert(acl) {
            kept.push(acl.clone());
        }
    }
    Ok(kept)
}

impl CreateKafkaUser {
    /// Checks every field; returns the normalised allowed IPs and ACLs.
    pub fn validate(&self) -> Result<(String, Vec<KafkaAcl>), FieldError> {
        validate_username(&self.username)?;
        validate_password(&self.password)?;
        Ok((
            validate_whitelist(&self.whitelist_ips)?,
            validate_acls(&self.acls)?,
        ))
    }
}

impl UpdateKafkaUser {
    /// Checks the fields given; returns the normalised allowed IPs and ACLs
    /// of those given.
    #[allow(clippy::type_complexity)]
    pub fn validate(&self) -> Result<(Option<String>, Option<Vec<KafkaAcl>>), FieldError> {
        if let Some(password) = &self.password {
            validate_password(password)?;
        }
        Ok((
            self.whitelist_ips
                .as_deref()
                .map(validate_whitelist)
                .transpose()?,
            self.acls.as_deref().map(validate_acls).transpose()?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl(resource: AclResource, name: &str, pattern: AclPattern, op: AclOperation) -> KafkaAcl {
        KafkaAcl {
            resource,
            topic_name: name.into(),
            resource_pattern_type: pattern,
            operation: op,
        }
    }

    #[test]
    fn usernames_follow_the_documented_rule() {
        for good in ["abc", "orders-consumer-01", &"a".repeat(24)] {
            assert!(validate_username(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            &"a".repeat(25),
            "Orders",
            "orders_1",
            "orders 1",
            "ördrs",
        ] {
            assert_eq!(
                validate_username(bad).unwrap_err().field,
                "username",
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_have_12_to_128_characters() {
        assert!(validate_password(&"x".repeat(12)).is_ok());
        assert!(validate_password(&"x".repeat(128)).is_ok());
        assert!(validate_password(&"x".repeat(11)).is_err());
        assert!(validate_password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn allowed_ips_are_cidrs_within_1000_characters() {
        assert_eq!(
            validate_whitelist(" 203.0.113.0/24, 2001:db8::/32,,203.0.113.0/24 ").unwrap(),
            "203.0.113.0/24,2001:db8::/32"
        );
        assert_eq!(validate_whitelist("").unwrap(), "");
        for bad in [
            "203.0.113.7",
            "203.0.113.7/33",
            "2001:db8::/129",
            "300.1.1.1/8",
            "host/8",
            "1.2.3.4/x",
        ] {
            let e = validate_whitelist(bad).unwrap_err();
            assert_eq!(e.field, "whitelist_ips", "{bad}");
        }
        let many: Vec<String> = (0..80).map(|i| format!("10.0.{i}.0/24")).collect();
        let e = validate_whitelist(&many.join(",")).unwrap_err();
        assert!(e.message.contains("1000"), "{}", e.message);
    }

    #[test]
    fn oversized_lists_are_refused_before_they_are_parsed() {
        // Far over the limit, and every entry a duplicate: refused for its
        // length, without comparing entries with each other.
        let flood = "10.0.0.0/8,".repeat(200_000);
        let e = validate_whitelist(&flood).unwrap_err();
        assert_eq!(e.field, "whitelist_ips");
        assert!(e.message.contains("2200000 now"), "{}", e.message);
        // Exactly at the limit is fine, once normalised.
        let at_limit = format!("{}1.2.3.4/32", " ".repeat(MAX_WHITELIST_LENGTH - 10));
        assert_eq!(at_limit.chars().count(), MAX_WHITELIST_LENGTH);
        assert_eq!(validate_whitelist(&at_limit).unwrap(), "1.2.3.4/32");
        assert!(validate_whitelist(&format!(" {at_limit}")).is_err());

        let one = acl(
            AclResource::Topic,
            "orders",
            AclPattern::Literal,
            AclOperation::Read,
        );
        let full = vec![one.clone(); MAX_ACLS];
        assert_eq!(validate_acls(&full).unwrap(), vec![one.clone()]);
        let over = vec![one; MAX_ACLS + 1];
        let e = validate_acls(&over).unwrap_err();
        assert_eq!(e.field, "acls");
        assert!(e.message.contains("at most 100"), "{}", e.message);
    }

    #[test]
    fn acl_operations_follow_the_resource() {
        use AclOperation::*;
        use AclPattern::*;
        use AclResource::*;
        assert!(acl(Topic, "orders", Literal, Write).validate(1).is_ok());
        assert!(acl(Topic, "orders.", Prefixed, All).validate(1).is_ok());
        assert!(acl(Group, "*", Literal, Read).validate(1).is_ok());
        for op in [All, Alter, AlterConfigs, Create, Write, DescribeConfigs] {
            let e = acl(Group, "billing", Literal, op).validate(2).unwrap_err();
            assert!(e.message.starts_with("ACL 2:"), "{}", e.message);
        }
        assert!(acl(Topic, "", Literal, Read).validate(1).is_err());
        assert!(acl(Topic, "*", Prefixed, Read).validate(1).is_err());
        assert!(acl(Topic, "a b", Literal, Read).validate(1).is_err());
        assert!(acl(Topic, &"a".repeat(250), Literal, Read)
            .validate(1)
            .is_err());
        assert_eq!(
            acl(Topic, "orders.", Prefixed, Read).summary(),
            "READ on TOPIC orders.*"
        );
    }

    #[test]
    fn acls_keep_the_wire_names() {
        let json = serde_json::to_value(acl(
            AclResource::Topic,
            "orders",
            AclPattern::Prefixed,
            AclOperation::DescribeConfigs,
        ))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "resource": "TOPIC",
                "topic_name": "orders",
                "resource_pattern_type": "PREFIXED",
                "operation": "DESCRIBE_CONFIGS"
            })
        );
    }
}
