//! Asking for access to a project one is not a member of: who can grant
//! it, the request itself, and what granting or declining one sends.

use crate::{validate_notes, FieldError, ProjectId, RoleKey, User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an access request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessRequestState {
    /// Waiting for an Admin of the project or an organisation admin.
    Pending,
    /// Withdrawn by its requester.
    Cancelled,
    /// Granted: the requester now has a role on the project.
    Granted,
    /// Declined, perhaps with a reason.
    Declined,
}

crate::wire::deserialize_by_parse!(
    AccessRequestState,
    "one of pending, granted, declined, cancelled"
);

impl AccessRequestState {
    /// Every state.
    pub const ALL: [AccessRequestState; 4] = [
        Self::Pending,
        Self::Cancelled,
        Self::Granted,
        Self::Declined,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Cancelled => "cancelled",
            Self::Granted => "granted",
            Self::Declined => "declined",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The state as shown on its badge.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Cancelled => "CANCELLED",
            Self::Granted => "GRANTED",
            Self::Declined => "DECLINED",
        }
    }
}

/// A request for a role on a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequest {
    /// Stable identifier.
    pub id: String,
    /// The project.
    pub project_id: ProjectId,
    /// The project's name now.
    pub project_name: String,
    /// Who asks.
    pub requested_by: User,
    /// The role asked for.
    pub role: RoleKey,
    /// Why, in the requester's words; may be empty.
    pub note: String,
    /// Where it stands.
    pub state: AccessRequestState,
    /// When it was made.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When it was granted, declined or cancelled.
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub decided_at: Option<DateTime<Utc>>,
    /// The name of who granted or declined it.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// The role given, once granted (it may differ from the one asked for).
    #[serde(default)]
    pub granted_role: Option<RoleKey>,
    /// Why it was declined, when a reason was given.
    #[serde(default)]
    pub decline_reason: Option<String>,
}

/// Someone who can grant access to a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Granter {
    /// Their name.
    pub name: String,
    /// Their email address.
    pub email: String,
}

/// `GET /api/projects/{id}/access`: the caller's access to a project, and
/// whom to ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectAccess {
    /// The project.
    pub project_id: ProjectId,
    /// Its name.
    pub project_name: String,
    /// The caller's role on it, if any.
    #[serde(default)]
    pub role: Option<RoleKey>,
    /// The project's own Admins.
    pub admins: Vec<Granter>,
    /// The organisation admins, who are Admin on every project.
    pub organisation_admins: Vec<Granter>,
    /// The caller's latest request for access to it, if any.
    #[serde(default)]
    pub request: Option<AccessRequest>,
}

/// `POST /api/projects/{id}/access-requests`: asks for a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccessRequest {
    /// The role asked for.
    pub role: RoleKey,
    /// Why, for whoever decides: at most 1000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::access_note))]
    pub note: String,
}

impl NewAccessRequest {
    /// The trimmed note, or the error naming `note`.
    pub fn validate(&self) -> Result<String, FieldError> {
        validate_notes("note", &self.note)
    }
}

/// `POST /api/access-requests/{id}/grant`: gives the requester a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantAccess {
    /// The role to give; the one asked for when absent.
    #[serde(default)]
    pub role: Option<RoleKey>,
}

/// `POST /api/access-requests/{id}/decline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineAccess {
    /// Why, for the requester: optional, at most 1000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::access_note))]
    pub reason: String,
}

impl DeclineAccess {
    /// The trimmed reason (empty when none is given), or the error naming
    /// `reason`.
    pub fn validate(&self) -> Result<String, FieldError> {
        validate_notes("reason", &self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_back_what_they_write() {
        for state in AccessRequestState::ALL {
            assert_eq!(AccessRequestState::parse(state.as_str()), Some(state));
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(
                serde_json::from_str::<AccessRequestState>(&json).unwrap(),
                state
            );
        }
        assert!(serde_json::from_str::<AccessRequestState>("\"approved\"").is_err());
    }

    #[test]
    fn a_note_is_optional_and_bounded() {
        let ok = NewAccessRequest {
            role: RoleKey::ReadOnly,
            note: "  to debug the orders pipeline ".into(),
        };
        assert_eq!(ok.validate().unwrap(), "to debug the orders pipeline");
        let empty: NewAccessRequest = serde_json::from_str(r#"{"role":"read_only"}"#).unwrap();
        assert_eq!(empty.validate().unwrap(), "");
        let long = NewAccessRequest {
            role: RoleKey::Admin,
            note: "x".repeat(1001),
        };
        assert_eq!(long.validate().unwrap_err().field, "note");
        assert!(serde_json::from_str::<NewAccessRequest>(r#"{"role":"owner"}"#).is_err());
    }
}
