//! The body of every error response, its codes, and the field error that
//! validation reports.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Machine-readable error codes carried in [`ErrorDetail::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A query parameter, path segment or body field is malformed (400).
    InvalidParameter,
    /// A well-formed request breaks a rule of the domain (422).
    ValidationFailed,
    /// Not signed in, or the credentials expired (401).
    Unauthorized,
    /// Signed in but not allowed (403).
    Forbidden,
    /// The resource does not exist (404).
    NotFound,
    /// The request conflicts with the current state (409).
    Conflict,
    /// The request's body is larger than the endpoint accepts (413).
    PayloadTooLarge,
    /// Too many failed attempts; try again after the time given (429).
    TooManyRequests,
    /// Something failed on the server; details are in its log, never here (500).
    Internal,
    /// A code this version of the contract does not know yet.
    #[serde(other)]
    Unknown,
}

/// The body of every error response: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, in words for people and a code for programs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable code for programs.
    pub code: ErrorCode,
    /// A sentence for people; safe to show as is.
    pub message: String,
    /// The query parameter or body field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    /// Builds an error body.
    pub fn new(code: ErrorCode, message: impl Into<String>, field: Option<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                field,
            },
        }
    }
}

/// A bad value in a named field, found while validating input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field or query parameter name, as it appears on the wire.
    pub field: &'static str,
    /// A sentence saying what is wrong and what is accepted.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

impl From<FieldError> for ErrorBody {
    fn from(e: FieldError) -> Self {
        ErrorBody::new(
            ErrorCode::InvalidParameter,
            e.message,
            Some(e.field.to_string()),
        )
    }
}
