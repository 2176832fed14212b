//! The roles a user or an API token holds on a project, and the changes
//! each one allows.

use serde::{Deserialize, Serialize};

/// A role on a project. Each one allows what the ones after it allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoleKey {
    /// Everything, including the project's settings.
    Admin,
    /// Manages API tokens and Kafka users; cannot rename the project.
    DataAdmin,
    /// Sees everything, changes nothing.
    ReadOnly,
}

crate::wire::deserialize_by_parse!(RoleKey, "one of admin, data_admin, read_only");

impl RoleKey {
    /// Every role, most powerful first.
    pub const ALL: [RoleKey; 3] = [RoleKey::Admin, RoleKey::DataAdmin, RoleKey::ReadOnly];

    /// The wire spelling, also the role's id.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleKey::Admin => "admin",
            RoleKey::DataAdmin => "data_admin",
            RoleKey::ReadOnly => "read_only",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The role as shown to people.
    pub fn name(self) -> &'static str {
        match self {
            RoleKey::Admin => "Admin",
            RoleKey::DataAdmin => "Data Admin",
            RoleKey::ReadOnly => "Read Only",
        }
    }

    /// What the role allows, in a sentence.
    pub fn description(self) -> &'static str {
        match self {
            RoleKey::Admin => {
                "Everything, including the project's settings, API tokens and Kafka users."
            }
            RoleKey::DataAdmin => "Manages API tokens and Kafka users; cannot rename the project.",
            RoleKey::ReadOnly => "Sees the project's settings and resources; changes nothing.",
        }
    }

    /// Whether someone whose best role is this one may hand out,
    /// regenerate or delete a token with `roles`: never one above their own.
    pub fn may_grant(self, roles: &[RoleKey]) -> bool {
        roles.iter().all(|r| *r >= self)
    }

    /// Whether this role may rename the project.
    pub fn may_manage_project(self) -> bool {
        self == RoleKey::Admin
    }

    /// Whether this role may create, change and delete API tokens and Kafka users.
    pub fn may_manage_access(self) -> bool {
        matches!(self, RoleKey::Admin | RoleKey::DataAdmin)
    }

    /// The full description of the role, as the API lists it.
    pub fn role(self) -> Role {
        Role {
            id: self,
            key: self,
            name: self.name().to_string(),
            description: self.description().to_string(),
        }
    }
}

/// A kind of change a role may or may not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Renaming the project: Admin.
    Project,
    /// API tokens and Kafka users: Admin or Data Admin.
    Access,
    /// Sources and destinations: Admin or Data Admin.
    Connectors,
    /// Pipelines and topics: Admin or Data Admin.
    Pipelines,
}

impl Change {
    /// What the change is, to finish "does not allow you to …".
    pub fn what(self) -> &'static str {
        match self {
            Change::Project => "change the project's settings",
            Change::Access => "manage API tokens and Kafka users",
            Change::Connectors => "create or change sources and destinations",
            Change::Pipelines => "create or change pipelines and topics",
        }
    }

    /// Whether `role` allows it.
    pub fn allowed_by(self, role: RoleKey) -> bool {
        match self {
            Change::Project => role.may_manage_project(),
            Change::Access | Change::Connectors | Change::Pipelines => role.may_manage_access(),
        }
    }
}

/// Why a user whose role on `project` is `role` cannot make `change`: the
/// same sentence from the server and beside the console's disabled actions.
pub fn role_refusal(project: &str, role: RoleKey, change: Change) -> String {
    format!(
        "Your role on {project} ({}) does not allow you to {}; ask an Admin of the project.",
        role.name(),
        change.what()
    )
}

/// A role as the API describes it (`roles[{id, key, name, description}]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    /// Identifier, given in `role_ids` when creating a token.
    pub id: RoleKey,
    /// Stable key, the same as the id.
    pub key: RoleKey,
    /// Name for people.
    pub name: String,
    /// What the role allows.
    pub description: String,
}
