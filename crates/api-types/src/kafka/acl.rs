//! Kafka ACLs: the permissions of a Kafka user, the operations each
//! resource offers, and the checks of a user's list of ACLs.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Most ACLs one Kafka user may have.
pub const MAX_ACLS: usize = 100;
/// Longest ACL resource name (Kafka's topic name limit).
pub const MAX_ACL_NAME: usize = 249;

/// What an ACL applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AclResource {
    /// Topics.
    Topic,
    /// Consumer groups.
    Group,
}

crate::wire::deserialize_by_parse!(AclResource, "one of TOPIC, GROUP");

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AclPattern {
    /// The name exactly (`*` for every resource).
    Literal,
    /// Every name that starts with it.
    Prefixed,
}

crate::wire::deserialize_by_parse!(AclPattern, "one of LITERAL, PREFIXED");

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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

crate::wire::deserialize_by_parse!(
    AclOperation,
    "one of ALL, ALTER, ALTER_CONFIGS, CREATE, DELETE, DESCRIBE, DESCRIBE_CONFIGS, READ, WRITE"
);

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
