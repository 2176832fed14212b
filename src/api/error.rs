//! What can go wrong when calling the API, sorted by what the console should
//! do about it.

use api_types::{ErrorBody, ErrorCode};
use std::fmt;

/// A failed API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, server down, DNS, CORS).
    Network(String),
    /// The request was cancelled because the view that made it went away.
    Aborted,
    /// 401: not signed in, or the session expired.
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    Forbidden(String),
    /// 404: the resource does not exist.
    NotFound(String),
    /// 409: the request conflicts with the resource's state.
    Conflict(String),
    /// 400 or 422: bad input, with the field at fault when the server named one.
    Validation {
        /// The field or parameter the server named.
        field: Option<String>,
        /// The server's explanation.
        message: String,
    },
    /// Any other failure status, typically 5xx.
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's explanation, or a generic one.
        message: String,
    },
    /// The server answered something this console cannot read.
    Decode(String),
}

impl ApiError {
    /// Classifies a non-success response from its status and body text. A
    /// body in the documented error format supplies the message and field;
    /// anything else gets a sentence of our own.
    pub fn from_response(status: u16, body: &str) -> Self {
        let detail = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .map(|b| b.error);
        let message = detail
            .as_ref()
            .map(|d| d.message.clone())
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| default_message(status).to_string());
        match status {
            401 => Self::Unauthorized(message),
            403 => Self::Forbidden(message),
            404 => Self::NotFound(message),
            409 => Self::Conflict(message),
            400 | 422 => Self::Validation {
                field: detail.and_then(|d| d.field),
                message,
            },
            _ => {
                let status = if detail
                    .as_ref()
                    .is_some_and(|d| d.code == ErrorCode::Internal)
                {
                    status.max(500)
                } else {
                    status
                };
                Self::Server { status, message }
            }
        }
    }

    /// A short headline for an error view.
    pub fn title(&self) -> &'static str {
        match self {
            Self::Network(_) => "Can't reach the server",
            Self::Aborted => "Request cancelled",
            Self::Unauthorized(_) => "You're signed out",
            Self::Forbidden(_) => "No access",
            Self::NotFound(_) => "Not found",
            Self::Conflict(_) => "That can't be done right now",
            Self::Validation { .. } => "Check what was sent",
            Self::Server { .. } => "The server ran into a problem",
            Self::Decode(_) => "Unexpected answer from the server",
        }
    }

    /// A sentence for people: what happened and what they can do.
    pub fn explanation(&self) -> String {
        match self {
            Self::Network(_) => "The console could not connect to the API. Check your network connection, or whether the server is running, then try again.".into(),
            Self::Aborted => "The request was cancelled before it finished.".into(),
            Self::Decode(_) => "The server's answer could not be read. Try again; if it keeps happening, the console and the server may be out of step: reload the page.".into(),
            Self::Unauthorized(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::Validation { message: m, .. }
            | Self::Server { message: m, .. } => m.clone(),
        }
    }

    /// The headline and the explanation as one line, for a form's message.
    pub fn sentence(&self) -> String {
        format!("{}. {}", self.title(), self.explanation())
    }

    /// Whether trying the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Network(_) | Self::Server { .. } | Self::Decode(_)
        )
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        401 => "Your session has ended. Sign in again to continue.",
        403 => "You don't have access to this.",
        404 => "It does not exist, or it was removed.",
        409 => "It changed in the meantime, or its state does not allow this.",
        400 | 422 => "The request had a value the server does not accept.",
        502..=504 => "The server is not answering right now. Try again in a moment.",
        _ => "The server could not complete the request. Try again; if it keeps failing, contact support.",
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.title(), self.explanation())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, message: &str, field: Option<&str>) -> String {
        let field = field
            .map(|f| format!(r#","field":"{f}""#))
            .unwrap_or_default();
        format!(r#"{{"error":{{"code":"{code}","message":"{message}"{field}}}}}"#)
    }

    #[test]
    fn each_status_maps_to_its_own_kind_with_the_server_message() {
        let cases = [
            (401, ApiError::Unauthorized("m".into())),
            (403, ApiError::Forbidden("m".into())),
            (404, ApiError::NotFound("m".into())),
            (409, ApiError::Conflict("m".into())),
            (
                500,
                ApiError::Server {
                    status: 500,
                    message: "m".into(),
                },
            ),
            (
                503,
                ApiError::Server {
                    status: 503,
                    message: "m".into(),
                },
            ),
        ];
        for (status, want) in cases {
            assert_eq!(
                ApiError::from_response(status, &body("x", "m", None)),
                want,
                "{status}"
            );
        }
    }

    #[test]
    fn validation_errors_keep_the_field() {
        for status in [400, 422] {
            assert_eq!(
                ApiError::from_response(
                    status,
                    &body("invalid_parameter", "too big", Some("page_size"))
                ),
                ApiError::Validation {
                    field: Some("page_size".into()),
                    message: "too big".into()
                }
            );
        }
    }

    #[test]
    fn a_body_that_is_not_the_error_format_gets_a_sentence_of_our_own() {
        let err = ApiError::from_response(502, "<html>Bad Gateway</html>");
        assert_eq!(
            err,
            ApiError::Server {
                status: 502,
                message: default_message(502).into()
            }
        );
        assert!(!err.explanation().contains("html"));
        let err = ApiError::from_response(404, "");
        assert_eq!(err, ApiError::NotFound(default_message(404).into()));
        let err = ApiError::from_response(401, &body("unauthorized", "  ", None));
        assert_eq!(err, ApiError::Unauthorized(default_message(401).into()));
    }

    #[test]
    fn only_transient_failures_are_worth_retrying() {
        assert!(ApiError::Network("x".into()).is_retryable());
        assert!(ApiError::Server {
            status: 500,
            message: "x".into()
        }
        .is_retryable());
        assert!(ApiError::Decode("x".into()).is_retryable());
        assert!(!ApiError::NotFound("x".into()).is_retryable());
        assert!(!ApiError::Forbidden("x".into()).is_retryable());
        assert!(!ApiError::Aborted.is_retryable());
    }

    #[test]
    fn every_kind_has_a_title_and_an_explanation() {
        let all = [
            ApiError::Network("x".into()),
            ApiError::Aborted,
            ApiError::Unauthorized("x".into()),
            ApiError::Forbidden("x".into()),
            ApiError::NotFound("x".into()),
            ApiError::Conflict("x".into()),
            ApiError::Validation {
                field: None,
                message: "x".into(),
            },
            ApiError::Server {
                status: 500,
                message: "x".into(),
            },
            ApiError::Decode("x".into()),
        ];
        for err in all {
            assert!(!err.title().is_empty());
            assert!(!err.explanation().is_empty());
            // As one line, the headline ends before the explanation starts.
            assert!(
                err.sentence().starts_with(&format!("{}. ", err.title())),
                "{}",
                err.sentence()
            );
        }
    }
}
