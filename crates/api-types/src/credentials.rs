//! API tokens (client credentials) and the exchange of a token's secret
//! for a short-lived bearer access token.

use crate::{FieldError, ProjectId, Role, RoleKey};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest description of an API token, in characters.
pub const MAX_TOKEN_DESCRIPTION: usize = 255;

/// An API token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientCredential {
    /// Public identifier, sent with the secret to obtain an access token.
    pub client_id: String,
    /// What the token is for.
    pub description: String,
    /// What the token may do, most powerful first.
    pub roles: Vec<Role>,
    /// The project the token belongs to.
    pub project_id: ProjectId,
    /// When it was created.
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When its secret was last exchanged for an access token.
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it stops working; `None` for never.
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token just created or regenerated: the only answer that carries the
/// secret. It cannot be read again, and `Debug` never prints it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientCredentialWithSecret {
    /// The token.
    #[serde(flatten)]
    pub credential: ClientCredential,
    /// The secret, shown once.
    pub secret: String,
}

/// `POST /api/projects/{id}/client-credentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateClientCredential {
    /// What the token is for: required, at most 255 characters.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::token_description))]
    pub description: String,
    /// One or more roles.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::role_ids))]
    pub role_ids: Vec<String>,
    /// When it stops working; omitted for never. Must be in the future.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339_option"
    )]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::expires_at))]
    pub expires_at: Option<DateTime<Utc>>,
}

/// The checked content of a [`CreateClientCredential`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClientCredential {
    /// Trimmed description.
    pub description: String,
    /// Distinct roles, most powerful first.
    pub roles: Vec<RoleKey>,
    /// Expiry, in the future.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Checks a token description: required, at most 255 characters.
pub fn validate_token_description(text: &str) -> Result<String, FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(
            "description",
            "Describe what the token is for.",
        ));
    }
    let length = trimmed.chars().count();
    if length > MAX_TOKEN_DESCRIPTION {
        return Err(FieldError::new(
            "description",
            format!("Use at most {MAX_TOKEN_DESCRIPTION} characters ({length} now)."),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::new(
            "description",
            "Use a single line without control characters.",
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks a token's role ids: at least one, each known. Returns the roles,
/// without repeats, most powerful first.
pub fn validate_token_roles(ids: &[String]) -> Result<Vec<RoleKey>, FieldError> {
    if ids.is_empty() {
        return Err(FieldError::new("role_ids", "Choose at least one role."));
    }
    let mut roles = Vec::new();
    for id in ids {
        let role = RoleKey::parse(id).ok_or_else(|| {
            FieldError::new(
                "role_ids",
                format!("Unknown role '{id}': use admin, data_admin or read_only."),
            )
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(roles)
}

impl CreateClientCredential {
    /// Checks every field against the rules; `now` decides what is past.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<NewClientCredential, FieldError> {
        let description = validate_token_description(&self.description)?;
        let roles = validate_token_roles(&self.role_ids)?;
        if let Some(at) = self.expires_at {
            if at <= now {
                return Err(FieldError::new(
                    "expires_at",
                    "Choose a moment in the future.",
                ));
            }
        }
        Ok(NewClientCredential {
            description,
            roles,
            expires_at: self.expires_at,
        })
    }
}

/// `POST /api/auth/access-token`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessTokenRequest {
    /// The token's client id.
    pub client_id: String,
    /// The token's secret.
    pub secret: String,
}

/// `POST /api/auth/access-token/refresh`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshTokenRequest {
    /// The refresh token of an earlier answer.
    pub refresh_token: String,
}

impl std::fmt::Debug for AccessTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessTokenRequest")
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for ClientCredentialWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentialWithSecret")
            .field("credential", &self.credential)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires", &self.expires)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl std::fmt::Debug for RefreshTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshTokenRequest")
            .field("refresh_token", &"<redacted>")
            .finish()
    }
}

/// A bearer access token for one project and the token's roles. `Debug`
/// prints neither token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    /// Sent as `Authorization: Bearer <accessToken>`.
    pub access_token: String,
    /// Exchanged for a new pair at `/api/auth/access-token/refresh`.
    pub refresh_token: String,
    /// When the access token expires.
    #[serde(with = "crate::time::rfc3339")]
    pub expires: DateTime<Utc>,
    /// Seconds until it expires.
    pub expires_in: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn secrets_never_print_through_debug() {
        let credential = ClientCredential {
            client_id: "id-1".into(),
            description: "ci".into(),
            roles: vec![RoleKey::ReadOnly.role()],
            project_id: crate::ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41").unwrap(),
            created_at: now(),
            last_used_at: None,
            expires_at: None,
        };
        let printed = [
            format!(
                "{:?}",
                ClientCredentialWithSecret {
                    credential,
                    secret: "cs_topsecret".into()
                }
            ),
            format!(
                "{:?}",
                AccessToken {
                    access_token: "at_topsecret".into(),
                    refresh_token: "rt_topsecret".into(),
                    expires: now(),
                    expires_in: 3600,
                }
            ),
            format!(
                "{:?}",
                AccessTokenRequest {
                    client_id: "id-1".into(),
                    secret: "cs_topsecret".into()
                }
            ),
            format!(
                "{:?}",
                RefreshTokenRequest {
                    refresh_token: "rt_topsecret".into()
                }
            ),
        ];
        for text in printed {
            assert!(!text.contains("topsecret"), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
    }

    fn create(description: &str, roles: &[&str]) -> CreateClientCredential {
        CreateClientCredential {
            description: description.into(),
            role_ids: roles.iter().map(|r| r.to_string()).collect(),
            expires_at: None,
        }
    }

    #[test]
    fn a_token_needs_a_description_of_at_most_255_characters() {
        assert_eq!(
            create("  CI deploys  ", &["admin"])
                .validate(now())
                .unwrap()
                .description,
            "CI deploys"
        );
        assert_eq!(
            create("   ", &["admin"]).validate(now()).unwrap_err().field,
            "description"
        );
        assert!(create(&"x".repeat(255), &["admin"]).validate(now()).is_ok());
        let long = create(&"x".repeat(256), &["admin"])
            .validate(now())
            .unwrap_err();
        assert_eq!(long.field, "description");
        assert!(long.message.contains("256"), "{}", long.message);
        assert_eq!(
            create("a\u{7}b", &["admin"])
                .validate(now())
                .unwrap_err()
                .field,
            "description"
        );
    }

    #[test]
    fn a_token_needs_known_roles() {
        assert_eq!(
            create("x", &[]).validate(now()).unwrap_err().field,
            "role_ids"
        );
        let unknown = create("x", &["owner"]).validate(now()).unwrap_err();
        assert_eq!(unknown.field, "role_ids");
        assert!(unknown.message.contains("owner"));
        let roles = create("x", &["read_only", "admin", "read_only"])
            .validate(now())
            .unwrap()
            .roles;
        assert_eq!(roles, [RoleKey::Admin, RoleKey::ReadOnly]);
    }

    #[test]
    fn an_expiry_must_be_in_the_future() {
        let mut c = create("x", &["admin"]);
        c.expires_at = Some(now());
        assert_eq!(c.validate(now()).unwrap_err().field, "expires_at");
        c.expires_at = Some(now() + chrono::Duration::days(1));
        assert!(c.validate(now()).is_ok());
    }

    #[test]
    fn access_tokens_use_the_platforms_names() {
        let json = serde_json::to_value(AccessToken {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires: now(),
            expires_in: 3600,
        })
        .unwrap();
        for key in ["accessToken", "refreshToken", "expires", "expiresIn"] {
            assert!(json.get(key).is_some(), "{key} in {json}");
        }
    }
}
