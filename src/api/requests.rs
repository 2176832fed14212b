//! `/api/project-requests`.

use super::{ApiClient, ApiError, Method};
use api_types::{
    DeclineProjectRequest, ListResponse, NewProjectRequest, ProjectRequest, QueueQuery,
    RequestTiming,
};

impl ApiClient {
    /// The caller's own requests, newest first.
    pub async fn list_requests(&self) -> Result<Vec<ProjectRequest>, ApiError> {
        self.get_json("/project-requests", None).await
    }

    /// One page of support's queue (support only).
    pub async fn support_queue(
        &self,
        query: &QueueQuery,
    ) -> Result<ListResponse<ProjectRequest>, ApiError> {
        self.get_json(
            &format!("/support/project-requests?{}", query.to_query_string()),
            None,
        )
        .await
    }

    /// How long support took to provision the latest requests.
    pub async fn request_timing(&self) -> Result<RequestTiming, ApiError> {
        self.get_json("/project-requests/timing", None).await
    }

    /// Files a request.
    pub async fn create_request(
        &self,
        body: &NewProjectRequest,
    ) -> Result<ProjectRequest, ApiError> {
        self.send(Method::Post, "/project-requests", Some(body))
            .await
    }

    /// Withdraws a pending request.
    pub async fn cancel_request(&self, id: &str) -> Result<ProjectRequest, ApiError> {
        self.send::<(), _>(
            Method::Post,
            &format!("/project-requests/{id}/cancel"),
            None,
        )
        .await
    }

    /// Provisions a request (support).
    pub async fn provision_request(&self, id: &str) -> Result<ProjectRequest, ApiError> {
        self.send::<(), _>(
            Method::Post,
            &format!("/project-requests/{id}/provision"),
            None,
        )
        .await
    }

    /// Declines a request, saying why (support).
    pub async fn decline_request(
        &self,
        id: &str,
        reason: &str,
    ) -> Result<ProjectRequest, ApiError> {
        let body = DeclineProjectRequest {
            reason: reason.to_string(),
        };
        self.send(
            Method::Post,
            &format!("/project-requests/{id}/decline"),
            Some(&body),
        )
        .await
    }
}
