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
    /// A body whose field has the wrong shape (400), named as the body
    /// names it.
    #[error("{message}")]
    BadBody {
        /// The top-level field, or `body`.
        field: String,
        /// What is wrong, in serde's words.
        message: String,
    },
    /// A well-formed request that breaks a rule of the domain (422).
    #[error("{0}")]
    Invalid(FieldError),
    /// A setting of a connector's configuration breaks its schema (422),
    /// named `config.<key>`.
    #[error("{0}")]
    InvalidConfig(api_types::connectors::ConfigError),
    /// No valid credentials (401).
    #[error("{0}")]
    Unauthorized(String),
    /// Valid credentials that do not allow this (403).
    #[error("{0}")]
    Forbidden(String),
    /// The resource does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the current state (409).
    #[error("{message}")]
    Conflict {
        /// What conflicts.
        message: String,
        /// The field at fault, if one is.
        field: Option<&'static str>,
    },
    /// The body is larger than the endpoint accepts (413).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Too many failed attempts (429), with the seconds to wait.
    #[error("{message}")]
    TooManyRequests {
        /// What to do.
        message: String,
        /// Seconds until the next attempt is accepted.
        retry_after: u64,
    },
    /// Generating or hashing a secret failed (500, logged).
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
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
            Self::BadBody { field, message } => (
                StatusCode::BAD_REQUEST,
                ErrorBody::new(ErrorCode::InvalidParameter, message, Some(field)),
            ),
            Self::Invalid(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody::new(
                    ErrorCode::ValidationFailed,
                    e.message,
                    Some(e.field.to_string()),
                ),
            ),
            Self::InvalidConfig(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody::new(
                    ErrorCode::ValidationFailed,
                    e.message.clone(),
                    Some(e.field()),
                ),
            ),
            Self::Unauthorized(message) => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new(ErrorCode::Unauthorized, message, None),
            ),
            Self::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                ErrorBody::new(ErrorCode::Forbidden, message, None),
            ),
            Self::NotFound(message) => (
                StatusCode::NOT_FOUND,
                ErrorBody::new(ErrorCode::NotFound, message, None),
            ),
            Self::Conflict { message, field } => (
                StatusCode::CONFLICT,
                ErrorBody::new(ErrorCode::Conflict, message, field.map(str::to_string)),
            ),
            Self::PayloadTooLarge(message) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorBody::new(ErrorCode::PayloadTooLarge, message, Some("body".into())),
            ),
            Self::TooManyRequests {
                message,
                retry_after,
            } => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(ErrorBody::new(ErrorCode::TooManyRequests, message, None)),
                )
                    .into_response();
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(retry_after),
                );
                return response;
            }
            Self::Secret(e) => {
                tracing::error!(error = %e, "secret generation failure");
                internal()
            }
            Self::Db(e) => {
                tracing::error!(error = %e, "storage failure");
                internal()
            }
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
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

/// A JSON request body, or a 400 naming the body when it is not valid JSON
/// of the expected shape (instead of axum's plain-text rejection).
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|t| {
                t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::BadBody {
                field: "body".into(),
                message: "Send the body as JSON, with Content-Type: application/json.".into(),
            });
        }
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::PayloadTooLarge(
                    "The body is larger than this endpoint accepts.".into(),
                ))
            }
            Err(_) => {
                return Err(ApiError::BadBody {
                    field: "body".into(),
                    message: "The body could not be read.".into(),
                })
            }
        };
        // Every body is a JSON object: serde would otherwise read an array
        // into a struct by position.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            let valid = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok();
            return Err(ApiError::BadBody {
                field: "body".into(),
                message: if valid {
                    "The body must be a JSON object.".into()
                } else {
                    "The body is not valid JSON.".into()
                },
            });
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => {
                use axum::extract::rejection::JsonRejection;
                let (field, message) = match &rejection {
                    JsonRejection::MissingJsonContentType(_) => (
                        "body".to_string(),
                        "Send the body as JSON, with Content-Type: application/json.".to_string(),
                    ),
                    JsonRejection::JsonSyntaxError(_) => (
                        "body".to_string(),
                        "The body is not valid JSON.".to_string(),
                    ),
                    JsonRejection::JsonDataError(e) => {
                        // serde's message names the field and the expected type.
                        let text = e.body_text();
                        (
                            field_of(&text).unwrap_or("body").to_string(),
                            format!("The body does not have the expected fields: {text}"),
                        )
                    }
                    _ => (
                        "body".to_string(),
                        "The body could not be read.".to_string(),
                    ),
                };
                Err(ApiError::BadBody { field, message })
            }
        }
    }
}

/// The top-level field a body's data error is about, read from serde's
/// message: the first part of its path (`acls[0].operation: …` is about
/// `acls`), or the field it says is missing.
fn field_of(text: &str) -> Option<&str> {
    let detail = text
        .split_once("target type: ")
        .map_or(text, |(_, rest)| rest);
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if let Some((path, _)) = detail.split_once(": ") {
        let first = path.split(['.', '[']).next().unwrap_or("");
        if is_name(first) {
            return Some(first);
        }
    }
    let missing = detail.split_once("missing field `")?.1.split_once('`')?.0;
    is_name(missing).then_some(missing)
}

/// The most a request body may hold, in bytes, for endpoints whose bodies
/// are a few short fields (sign-in, tokens, renames, project requests).
pub const SMALL_BODY: usize = 16 * 1024;
/// For a Kafka user: up to 100 ACLs and the allowed IPs.
pub const KAFKA_USER_BODY: usize = 64 * 1024;

/// A failure of the server's own: the client is told only to try again.
fn internal() -> (StatusCode, ErrorBody) {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorBody::new(
            ErrorCode::Internal,
            "The server could not complete the request. Try again; if it keeps failing, contact support.",
            None,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn a_data_error_names_the_field_it_is_about() {
        let say = |detail: &str| {
            format!("Failed to deserialize the JSON body into the target type: {detail}")
        };
        assert_eq!(
            field_of(&say(
                "acls[0].operation: unknown variant `read`, expected `READ` at line 1 column 9"
            )),
            Some("acls")
        );
        assert_eq!(
            field_of(&say("expires_at: invalid value: string \"soon\", expected an RFC 3339 date-time at line 1 column 30")),
            Some("expires_at")
        );
        assert_eq!(
            field_of(&say("missing field `name` at line 1 column 2")),
            Some("name")
        );
        assert_eq!(
            field_of(&say(
                "invalid type: string \"x\", expected struct Body at line 1 column 3"
            )),
            None
        );
        assert_eq!(field_of("nothing to go by"), None);
    }
}
