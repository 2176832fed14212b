//! The API contract between the console and the API server.
//!
//! Every request and response body that crosses the wire is defined here, once,
//! so the console and the server cannot disagree about a field name or an enum
//! spelling. The crate has no browser or server dependencies: it compiles
//! natively and to `wasm32-unknown-unknown`.

mod error;
mod health;
mod list;
mod project;

pub use error::{ErrorBody, ErrorCode, ErrorDetail, FieldError};
pub use health::Health;
pub use list::{
    percent_encode, ListResponse, ProjectListQuery, ProjectSort, SortDir, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
};
pub use project::{Cloud, EnvironmentType, InvalidProjectId, Project, ProjectId, ProjectState};
