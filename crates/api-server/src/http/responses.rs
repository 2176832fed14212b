//! The error answers that many endpoints share, written once for the
//! OpenAPI document: a handler's `responses(...)` lists its own outcomes and
//! names these sets (`ProjectErrors`, `SignedInErrors`, `BodyErrors`,
//! `InternalError`).
//!
//! The variants are never built: each only describes a status and its body.
#![allow(dead_code)]

use api_types::ErrorBody;
use utoipa::IntoResponses;

/// What every endpoint under `/api/projects/{id}` may answer besides its
/// own outcome.
#[derive(IntoResponses)]
pub enum ProjectErrors {
    /// A malformed id, query value or body; `field` names it
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// Not signed in, the session has expired, or the bearer token is not
    /// valid, has expired or was revoked; the message says which
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The user is not a member of the project, or the bearer token belongs
    /// to another project, or the role does not allow this; a change with a
    /// session cookie but without the X-Console-Request header
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// There is no such project, API token or Kafka user
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// An internal failure, logged by the server; never caused by bad input
    #[response(status = 500)]
    Internal(ErrorBody),
}

/// What an endpoint for signed-in console users (outside any project) may
/// answer besides its own outcome.
#[derive(IntoResponses)]
pub enum SignedInErrors {
    /// Not signed in, or the session has expired
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// An internal failure, logged by the server; never caused by bad input
    #[response(status = 500)]
    Internal(ErrorBody),
}

/// What an endpoint that takes a JSON body may answer about the body.
#[derive(IntoResponses)]
pub enum BodyErrors {
    /// The body is larger than this endpoint accepts (16 KiB; 64 KiB for a
    /// Kafka user)
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// A value breaks a rule; `field` names it
    #[response(status = 422)]
    Invalid(ErrorBody),
}

/// What any endpoint may answer when the server fails.
#[derive(IntoResponses)]
pub enum InternalError {
    /// An internal failure, logged by the server; never caused by bad input
    #[response(status = 500)]
    Internal(ErrorBody),
}
