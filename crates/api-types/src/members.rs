//! The organisation's members: who they are, their flags, their role on
//! each project, and what inviting, changing and removing one sends.

use crate::{validate_email, FieldError, Membership, ProjectId, RoleKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest user name accepted.
pub const MAX_USER_NAME: usize = 100;
/// Most role changes one request may carry.
pub const MAX_ROLE_CHANGES: usize = 1000;
/// How long an invitation's set-password link works.
pub const INVITATION_HOURS: i64 = 72;

/// A member of the organisation, as organisation admins see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// Stable identifier.
    pub id: String,
    /// Email address, used to sign in.
    pub email: String,
    /// Name shown in the console.
    pub name: String,
    /// Admin on every project, present and future.
    pub organisation_admin: bool,
    /// Support staff: settles project requests.
    pub support: bool,
    /// Invited and has not set a password yet: they cannot sign in.
    pub invited: bool,
    /// When the invitation's link stops working, while invited.
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub invitation_expires_at: Option<DateTime<Utc>>,
    /// When the account was made.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// Their role on each project they are a member of (an organisation
    /// admin is Admin on every project whatever this says).
    pub memberships: Vec<Membership>,
}

impl Member {
    /// Their role on `project`: Admin for an organisation admin.
    pub fn role_on(&self, project: &ProjectId) -> Option<RoleKey> {
        if self.organisation_admin {
            return Some(RoleKey::Admin);
        }
        self.memberships
            .iter()
            .find(|m| &m.project_id == project)
            .map(|m| m.role)
    }
}

/// A role to set on one project; no role takes the access away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleChange {
    /// The project.
    pub project_id: ProjectId,
    /// The role, or `null` for no access.
    pub role: Option<RoleKey>,
}

/// `POST /api/members`: invites someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteMember {
    /// Their email address; unique in the organisation regardless of case.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::sign_in_email))]
    pub email: String,
    /// Their name.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::user_name))]
    pub name: String,
    /// Make them Admin of every project.
    #[serde(default)]
    pub organisation_admin: bool,
    /// Make them support staff.
    #[serde(default)]
    pub support: bool,
    /// Their roles on projects.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub roles: Vec<RoleChange>,
}

/// An invitation checked: the email lowercased, the name trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedInvite {
    /// The email address.
    pub email: String,
    /// The name.
    pub name: String,
}

impl InviteMember {
    /// Checks every field; each error names its field.
    pub fn validate(&self) -> Result<CheckedInvite, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = validate_email(&self.email).map_err(|e| errors.push(e)).ok();
        let name = validate_user_name(&self.name)
            .map_err(|e| errors.push(e))
            .ok();
        if let Err(e) = validate_role_changes(&self.roles) {
            errors.push(e);
        }
        match (email, name) {
            (Some(email), Some(name)) if errors.is_empty() => Ok(CheckedInvite { email, name }),
            _ => Err(errors),
        }
    }
}

/// `PATCH /api/members/{user_id}`: what to change; what is left out stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMember {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::user_name_optional))]
    pub name: Option<String>,
    /// Make (or stop making) them an organisation admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_admin: Option<bool>,
    /// Make (or stop making) them support staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<bool>,
    /// Roles to set; projects not named keep the role they have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub roles: Vec<RoleChange>,
}

impl UpdateMember {
    /// Checks the name and the role changes; the new name, trimmed.
    pub fn validate(&self) -> Result<Option<String>, FieldError> {
        validate_role_changes(&self.roles)?;
        self.name.as_deref().map(validate_user_name).transpose()
    }
}

/// Checks a user's name: 1 to 100 characters once trimmed, no control
/// characters.
pub fn validate_user_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", "Enter the person's name."));
    }
    if name.chars().count() > MAX_USER_NAME {
        return Err(FieldError::new(
            "name",
            format!("Use at most {MAX_USER_NAME} characters."),
        ));
    }
    if name
        .chars()
        .any(|c| c.is_control() || crate::is_invisible(c))
    {
        return Err(FieldError::new(
            "name",
            "Use letters, digits, spaces and punctuation only.",
        ));
    }
    Ok(name.to_string())
}

/// Checks role changes: each project at most once, at most 1000.
pub fn validate_role_changes(roles: &[RoleChange]) -> Result<(), FieldError> {
    if roles.len() > MAX_ROLE_CHANGES {
        return Err(FieldError::new(
            "roles",
            format!("Change at most {MAX_ROLE_CHANGES} roles at once."),
        ));
    }
    for (i, change) in roles.iter().enumerate() {
        if roles[..i].iter().any(|c| c.project_id == change.project_id) {
            return Err(FieldError::new(
                "roles",
                format!(
                    "Project {} is named twice; give it one role.",
                    change.project_id
                ),
            ));
        }
    }
    Ok(())
}

/// The answer to an invitation (or a new link for it): the member and the
/// link that lets them set a password, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// The member as invited.
    pub member: Member,
    /// The console's path that sets the password, with the single-use
    /// token in its fragment (never sent to a server by a browser):
    /// `/set-password#token=…`. Send it to them yourself: the reference
    /// server sends no email.
    pub set_password_path: String,
    /// When the link stops working.
    #[serde(with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/auth/invitation`: the token of a set-password link.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationToken {
    /// The token from the link's fragment.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

impl std::fmt::Debug for InvitationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InvitationToken(<redacted>)")
    }
}

/// Whom a set-password link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationInfo {
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// When the link stops working.
    #[serde(with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/auth/set-password`: the link's token and the new password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPassword {
    /// The token from the link's fragment.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    /// The new password: at least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12))]
    pub password: String,
}

impl std::fmt::Debug for SetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ProjectId {
        ProjectId::parse(&format!("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f4{n}")).unwrap()
    }

    #[test]
    fn an_invitation_names_each_bad_field() {
        let invite = InviteMember {
            email: "not an email".into(),
            name: "  ".into(),
            organisation_admin: false,
            support: false,
            roles: vec![
                RoleChange {
                    project_id: id(1),
                    role: Some(RoleKey::Admin),
                },
                RoleChange {
                    project_id: id(1),
                    role: None,
                },
            ],
        };
        let fields: Vec<_> = invite
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["email", "name", "roles"]);
        let good = InviteMember {
            email: " Kim@Example.com ".into(),
            name: " Kim Lee ".into(),
            roles: vec![],
            ..invite
        };
        assert_eq!(
            good.validate().unwrap(),
            CheckedInvite {
                email: "kim@example.com".into(),
                name: "Kim Lee".into()
            }
        );
    }

    #[test]
    fn names_are_checked() {
        assert!(validate_user_name("Ana María").is_ok());
        assert!(validate_user_name(&"a".repeat(101)).is_err());
        assert!(validate_user_name("a\u{200B}b").is_err());
        assert!(validate_user_name("a\nb").is_err());
        assert_eq!(
            UpdateMember {
                name: Some(" Ana ".into()),
                ..Default::default()
            }
            .validate()
            .unwrap()
            .as_deref(),
            Some("Ana")
        );
    }

    #[test]
    fn secrets_are_not_debug_printed() {
        let set = SetPassword {
            token: "tok-123".into(),
            password: "hunter2-hunter2".into(),
        };
        let text = format!("{set:?}");
        assert!(!text.contains("tok-123") && !text.contains("hunter2"));
    }
}
