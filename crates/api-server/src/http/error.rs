//! The one error type of the HTTP layer: each variant maps to a status code
//! and the JSON error body. Internal failures are logged and never leaked.

use crate::db::DbError;
use api_types::{ErrorBody, ErrorCode, FieldError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error answered to a client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A malformed parameter or field (400).
    #[error("{0}")]
    BadRequest(FieldError),
    /// The resource does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// A storage failure (500, logged).
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self::BadRequest(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::BadRequest(e) => (StatusCode::BAD_REQUEST, ErrorBody::from(e)),
            Self::NotFound(message) => (
                StatusCode::NOT_FOUND,
                ErrorBody::new(ErrorCode::NotFound, message, None),
            ),
            Self::Db(e) => {
                tracing::error!(error = %e, "storage failure");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody::new(
                        ErrorCode::Internal,
                        "The server could not complete the request. Try again; if it keeps failing, contact support.",
                        None,
                    ),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

/// The answer to an `/api` path that matches no endpoint.
pub async fn no_such_endpoint() -> ApiError {
    ApiError::NotFound("There is no API endpoint at this path.".into())
}

/// The answer to a known `/api` path called with the wrong method.
pub async fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(ErrorBody::new(
            ErrorCode::InvalidParameter,
            "This endpoint does not accept that HTTP method.",
            None,
        )),
    )
        .into_response()
}
