//! Access to projects: whom to ask, asking, and deciding.

use super::{ApiClient, ApiError, Method};
use api_types::{
    AccessRequest, DeclineAccess, GrantAccess, ListResponse, NewAccessRequest, ProjectAccess,
    ProjectId, QueueQuery, RoleKey,
};

impl ApiClient {
    /// The caller's role on a project, who can grant one, and their latest
    /// request.
    pub async fn project_access(&self, id: &ProjectId) -> Result<ProjectAccess, ApiError> {
        self.get_json(&format!("/projects/{id}/access"), None).await
    }

    /// Asks for `role` on a project.
    pub async fn request_access(
        &self,
        id: &ProjectId,
        role: RoleKey,
        note: &str,
    ) -> Result<AccessRequest, ApiError> {
        let body = NewAccessRequest {
            role,
            note: note.to_string(),
        };
        self.send(
            Method::Post,
            &format!("/projects/{id}/access-requests"),
            Some(&body),
        )
        .await
    }

    /// One page of the requests the caller may decide.
    pub async fn access_queue(
        &self,
        query: &QueueQuery,
    ) -> Result<ListResponse<AccessRequest>, ApiError> {
        self.get_json(
            &format!("/access-requests?{}", query.to_query_string()),
            None,
        )
        .await
    }

    /// Grants a request, with `role` or the one asked for.
    pub async fn grant_access(
        &self,
        id: &str,
        role: Option<RoleKey>,
    ) -> Result<AccessRequest, ApiError> {
        let body = GrantAccess { role };
        self.send(
            Method::Post,
            &format!("/access-requests/{id}/grant"),
            Some(&body),
        )
        .await
    }

    /// Declines a request, with a reason (possibly empty).
    pub async fn decline_access(&self, id: &str, reason: &str) -> Result<AccessRequest, ApiError> {
        let body = DeclineAccess {
            reason: reason.to_string(),
        };
        self.send(
            Method::Post,
            &format!("/access-requests/{id}/decline"),
            Some(&body),
        )
        .await
    }

    /// Withdraws one's own pending request.
    pub async fn cancel_access(&self, id: &str) -> Result<AccessRequest, ApiError> {
        self.send::<(), _>(Method::Post, &format!("/access-requests/{id}/cancel"), None)
            .await
    }
}
