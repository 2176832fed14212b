//! Kafka access: the project's broker connection and its Kafka users.
//! The rules of their fields are in `rules`, their permissions in `acl`.

mod acl;
mod rules;

pub use acl::{
    validate_acls, AclOperation, AclPattern, AclResource, KafkaAcl, MAX_ACLS, MAX_ACL_NAME,
};
pub use rules::{
    validate_cidr, validate_password, validate_username, validate_whitelist, whitelist_entries,
    MAX_WHITELIST_LENGTH, PASSWORD_LENGTH, USERNAME_LENGTH,
};

use crate::FieldError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    #[serde(with = "crate::time::rfc3339")]
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

        let one = KafkaAcl {
            resource: AclResource::Topic,
            topic_name: "orders".into(),
            resource_pattern_type: AclPattern::Literal,
            operation: AclOperation::Read,
        };
        let full = vec![one.clone(); MAX_ACLS];
        assert_eq!(validate_acls(&full).unwrap(), vec![one.clone()]);
        let over = vec![one; MAX_ACLS + 1];
        let e = validate_acls(&over).unwrap_err();
        assert_eq!(e.field, "acls");
        assert!(e.message.contains("at most 100"), "{}", e.message);
    }
}
