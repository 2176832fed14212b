//! Signing in to the console: the signed-in user, their role on each
//! project, and the projects list as one user sees it.

use crate::{Cloud, EnvironmentType, FieldError, Project, ProjectId, ProjectState, RoleKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The header every cookie-authenticated change must carry. A cross-site
/// form cannot send a custom header, and a cross-site script cannot send
/// one without a CORS preflight that the server never grants.
pub const CONSOLE_REQUEST_HEADER: &str = "x-console-request";

/// Shortest password a console user may have.
pub const MIN_USER_PASSWORD: usize = 12;

/// Longest email address accepted (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// The user's email address; case does not matter.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::sign_in_email))]
    pub email: String,
    /// The user's password.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::sign_in_password))]
    pub password: String,
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl SignIn {
    /// Checks that both fields are filled in; the first empty one is named.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.email.trim().is_empty() {
            return Err(FieldError::new("email", "Enter your email address."));
        }
        if self.password.is_empty() {
            return Err(FieldError::new("password", "Enter your password."));
        }
        Ok(())
    }
}

/// A console user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Stable identifier; what the console scopes remembered state to.
    pub id: String,
    /// Email address, used to sign in.
    pub email: String,
    /// Name shown in the console.
    pub name: String,
}

/// The user's role on one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    /// The project.
    pub project_id: ProjectId,
    /// The role on it.
    pub role: RoleKey,
}

/// `GET /api/auth/me`: who is signed in and what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user.
    pub user: User,
    /// An organisation admin is Admin on every project, present and future.
    pub organisation_admin: bool,
    /// Support provisions (or declines) requested projects.
    #[serde(default)]
    pub support: bool,
    /// The user's role on each project they are a member of.
    pub memberships: Vec<Membership>,
}

impl Me {
    /// The user's role on `project`, if they have access to it.
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

/// Checks an email address: one `@` with something on each side, a dot in
/// the domain, no spaces, at most 254 characters. Returns it trimmed and
/// lowercased.
pub fn validate_email(text: &str) -> Result<String, FieldError> {
    let email = text.trim().to_lowercase();
    let bad = || FieldError::new("email", "Enter an email address such as ana@example.com.");
    if email.chars().count() > MAX_EMAIL {
        return Err(FieldError::new(
            "email",
            format!("Use at most {MAX_EMAIL} characters."),
        ));
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if plausible {
        Ok(email)
    } else {
        Err(bad())
    }
}

/// Checks a new user password: at least 12 characters.
pub fn validate_user_password(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_USER_PASSWORD {
        return Err(FieldError::new(
            "password",
            format!("Use at least {MIN_USER_PASSWORD} characters."),
        ));
    }
    Ok(())
}

/// A project as the organisation's list shows it to one user. A project
/// the user is not a member of is locked: only its id, name, environment
/// and state are given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    /// Stable identifier.
    pub id: ProjectId,
    /// Display name.
    pub name: String,
    /// The environment the project serves.
    pub environment: EnvironmentType,
    /// Whether the project's infrastructure is running.
    pub state: ProjectState,
    /// The caller's role on the project; `null` when the project is locked.
    pub role: Option<RoleKey>,
    /// The cloud provider; absent when locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud: Option<Cloud>,
    /// The provider's region code; absent when locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// When the project was provisioned; absent when locked.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    pub created_at: Option<DateTime<Utc>>,
}

impl ProjectSummary {
    /// `project` as seen by someone with `role` on it (`None`: locked).
    pub fn of(project: &Project, role: Option<RoleKey>) -> Self {
        let open = role.is_some();
        Self {
            id: project.id.clone(),
            name: project.name.clone(),
            environment: project.environment.clone(),
            state: project.state,
            role,
            cloud: open.then_some(project.cloud),
            region: open.then(|| project.region.clone()),
            created_at: open.then_some(project.created_at),
        }
    }

    /// Whether the user cannot open the project.
    pub fn locked(&self) -> bool {
        self.role.is_none()
    }
}

/// What a user who cannot open `project_name` is told, by the server and by
/// the console alike.
pub fn no_access_message(project_name: &str) -> String {
    format!("You don't have access to {project_name}; ask an Admin of that project.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        Project {
            id: ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41").unwrap(),
            name: "Production-US-East".into(),
            environment: EnvironmentType::Production,
            state: ProjectState::Available,
            cloud: Cloud::Aws,
            region: "us-east-1".into(),
            kafka_bootstrap_servers: "b-1.example:9092".into(),
            created_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            pause: None,
        }
    }

    #[test]
    fn a_locked_summary_carries_name_environment_and_state_only() {
        let locked = ProjectSummary::of(&project(), None);
        assert!(locked.locked());
        let json = serde_json::to_value(&locked).unwrap();
        let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["environment", "id", "name", "role", "state"]);
        assert!(!json.to_string().contains("us-east-1"));
        let open = ProjectSummary::of(&project(), Some(RoleKey::ReadOnly));
        assert_eq!(open.region.as_deref(), Some("us-east-1"));
        assert_eq!(open.cloud, Some(Cloud::Aws));
        let back: ProjectSummary =
            serde_json::from_str(&serde_json::to_string(&open).unwrap()).unwrap();
        assert_eq!(back, open);
    }

    #[test]
    fn roles_come_from_memberships_or_the_organisation() {
        let p = project();
        let mut me = Me {
            user: User {
                id: "u1".into(),
                email: "ana@example.com".into(),
                name: "Ana".into(),
            },
            organisation_admin: false,
            support: false,
            memberships: vec![Membership {
                project_id: p.id.clone(),
                role: RoleKey::DataAdmin,
            }],
        };
        assert_eq!(me.role_on(&p.id), Some(RoleKey::DataAdmin));
        let other = ProjectId::parse("1c7e2dab-3e5b-4a8c-9f24-6bad1e3f8a52").unwrap();
        assert_eq!(me.role_on(&other), None);
        me.organisation_admin = true;
        assert_eq!(me.role_on(&other), Some(RoleKey::Admin));
    }

    #[test]
    fn emails_and_passwords_are_checked() {
        assert_eq!(
            validate_email("  Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "a b@example.com",
            "ana@.com",
            "ana@example.com.",
        ] {
            assert_eq!(validate_email(bad).unwrap_err().field, "email", "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(validate_email(&long).is_err());
        assert!(validate_user_password("short").is_err());
        assert!(validate_user_password("twelve chars").is_ok());
        let sign_in = SignIn {
            email: "ana@example.com".into(),
            password: "hunter2-hunter2".into(),
        };
        assert!(!format!("{sign_in:?}").contains("hunter2"));
        assert_eq!(
            SignIn {
                email: " ".into(),
                password: "x".into()
            }
            .validate()
            .unwrap_err()
            .field,
            "email"
        );
        assert_eq!(
            SignIn {
                email: "a@b.c".into(),
                password: String::new()
            }
            .validate()
            .unwrap_err()
            .field,
            "password"
        );
    }
}
