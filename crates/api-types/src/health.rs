//! The answer of `GET /api/health`.

use serde::{Deserialize, Serialize};

/// Answer of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` while the server can reach its database.
    pub status: String,
    /// The server's version, from its crate version.
    pub version: String,
}
