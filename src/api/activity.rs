//! The activity log: `/api/projects/{id}/activity` and `/api/activity`,
//! as pages and as CSV files.

use super::{ApiClient, ApiError};
use api_types::{ActivityEntry, ActivityQuery, ListResponse, ProjectId};
use web_sys::AbortSignal;

/// The path of a log: a project's, or the organisation's.
fn base(project: Option<&ProjectId>) -> String {
    match project {
        Some(id) => format!("/projects/{id}/activity"),
        None => "/activity".to_string(),
    }
}

impl ApiClient {
    /// One page of a project's log (or, without a project, the
    /// organisation's), newest first.
    pub async fn activity(
        &self,
        project: Option<&ProjectId>,
        query: &ActivityQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<ActivityEntry>, ApiError> {
        self.get_json(
            &format!("{}?{}", base(project), query.to_query_string()),
            signal,
        )
        .await
    }

    /// Every entry matching the query's filters, as a CSV file's text.
    pub async fn activity_csv(
        &self,
        project: Option<&ProjectId>,
        query: &ActivityQuery,
    ) -> Result<String, ApiError> {
        let filters = ActivityQuery {
            page: 1,
            page_size: api_types::DEFAULT_PAGE_SIZE,
            ..query.clone()
        };
        self.get_file(&format!(
            "{}/export?{}",
            base(project),
            filters.to_query_string()
        ))
        .await
    }
}
