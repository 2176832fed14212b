//! `/api/projects/{id}/pipelines` and `/api/projects/{id}/topics`.

use super::{ApiClient, ApiError, Method};
use api_types::connectors::{BulkAction, BulkRequest, BulkResponse};
use api_types::pipelines::{
    CreatePipeline, CreateTopic, Metrics, MetricsWindow, Pipeline, PipelineListQuery, PipelineLogs,
    Topic, TopicListQuery, UpdatePipeline,
};
use api_types::{ListResponse, ProjectId};
use web_sys::AbortSignal;

fn with_query(path: String, query: String) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

impl ApiClient {
    /// A page of the project's pipelines.
    pub async fn list_pipelines(
        &self,
        project: &ProjectId,
        query: &PipelineListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<Pipeline>, ApiError> {
        let path = with_query(
            format!("/projects/{project}/pipelines"),
            query.to_query_string(),
        );
        self.get_json(&path, signal).await
    }

    /// One pipeline.
    pub async fn get_pipeline(
        &self,
        project: &ProjectId,
        id: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Pipeline, ApiError> {
        let path = format!(
            "/projects/{project}/pipelines/{}",
            api_types::percent_encode(id)
        );
        self.get_json(&path, signal).await
    }

    /// Creates a pipeline.
    pub async fn create_pipeline(
        &self,
        project: &ProjectId,
        body: &CreatePipeline,
    ) -> Result<Pipeline, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/pipelines"),
            Some(body),
        )
        .await
    }

    /// Changes a pipeline's name, tags, topics or snapshot setting.
    pub async fn update_pipeline(
        &self,
        project: &ProjectId,
        id: &str,
        body: &UpdatePipeline,
    ) -> Result<Pipeline, ApiError> {
        let path = format!(
            "/projects/{project}/pipelines/{}",
            api_types::percent_encode(id)
        );
        self.send(Method::Patch, &path, Some(body)).await
    }

    /// Pauses, resumes or stops a pipeline.
    pub async fn pipeline_action(
        &self,
        project: &ProjectId,
        id: &str,
        action: BulkAction,
    ) -> Result<Pipeline, ApiError> {
        let path = format!(
            "/projects/{project}/pipelines/{}/{}",
            api_types::percent_encode(id),
            action.as_str()
        );
        self.send::<(), Pipeline>(Method::Post, &path, None).await
    }

    /// Deletes a pipeline.
    pub async fn delete_pipeline(&self, project: &ProjectId, id: &str) -> Result<(), ApiError> {
        let path = format!(
            "/projects/{project}/pipelines/{}",
            api_types::percent_encode(id)
        );
        self.send::<(), ()>(Method::Delete, &path, None).await
    }

    /// Acts on several pipelines; the answer says what came of each.
    pub async fn bulk_pipelines(
        &self,
        project: &ProjectId,
        action: BulkAction,
        ids: Vec<String>,
    ) -> Result<BulkResponse, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/pipelines/bulk"),
            Some(&BulkRequest { action, ids }),
        )
        .await
    }

    /// A chart of a pipeline (`pipelines/{id}`) or a topic (`topics/{name}`)
    /// over `window`.
    pub async fn metrics(
        &self,
        project: &ProjectId,
        of: &str,
        window: MetricsWindow,
        signal: Option<&AbortSignal>,
    ) -> Result<Metrics, ApiError> {
        let path = format!(
            "/projects/{project}/{of}/metrics?window={}",
            window.as_str()
        );
        self.get_json(&path, signal).await
    }

    /// A pipeline's newest log entries (of `level`, when given).
    pub async fn pipeline_logs(
        &self,
        project: &ProjectId,
        id: &str,
        level: Option<api_types::pipelines::LogLevel>,
        signal: Option<&AbortSignal>,
    ) -> Result<PipelineLogs, ApiError> {
        let mut path = format!(
            "/projects/{project}/pipelines/{}/logs",
            api_types::percent_encode(id)
        );
        if let Some(level) = level {
            path.push_str("?level=");
            path.push_str(level.as_str());
        }
        self.get_json(&path, signal).await
    }

    /// The project's usage over `window`.
    pub async fn project_usage(
        &self,
        project: &ProjectId,
        window: api_types::usage::UsageWindow,
        signal: Option<&AbortSignal>,
    ) -> Result<api_types::usage::ProjectUsage, ApiError> {
        let path = format!("/projects/{project}/usage?window={}", window.as_str());
        self.get_json(&path, signal).await
    }

    /// The organisation's usage over `window`: a line per project.
    pub async fn organisation_usage(
        &self,
        window: api_types::usage::UsageWindow,
        signal: Option<&AbortSignal>,
    ) -> Result<api_types::usage::OrganisationUsage, ApiError> {
        let path = format!("/usage?window={}", window.as_str());
        self.get_json(&path, signal).await
    }

    /// What the project's dashboard shows.
    pub async fn project_overview(
        &self,
        project: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<api_types::overview::ProjectOverview, ApiError> {
        self.get_json(&overview_path(project), signal).await
    }

    /// Asks for a project's overview ahead of its dashboard, which takes
    /// the answer (see [`ApiClient::ask_ahead`]).
    pub fn ask_ahead_overview(&self, project: &ProjectId) {
        self.ask_ahead(&overview_path(project));
    }

    /// A page of the project's topics.
    pub async fn list_topics(
        &self,
        project: &ProjectId,
        query: &TopicListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<Topic>, ApiError> {
        let path = with_query(
            format!("/projects/{project}/topics"),
            query.to_query_string(),
        );
        self.get_json(&path, signal).await
    }

    /// One topic.
    pub async fn get_topic(
        &self,
        project: &ProjectId,
        name: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Topic, ApiError> {
        let path = format!(
            "/projects/{project}/topics/{}",
            api_types::percent_encode(name)
        );
        self.get_json(&path, signal).await
    }

    /// Creates a topic by hand.
    pub async fn create_topic(
        &self,
        project: &ProjectId,
        body: &CreateTopic,
    ) -> Result<Topic, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/topics"),
            Some(body),
        )
        .await
    }

    /// Deletes a topic created by hand.
    pub async fn delete_topic(&self, project: &ProjectId, name: &str) -> Result<(), ApiError> {
        let path = format!(
            "/projects/{project}/topics/{}",
            api_types::percent_encode(name)
        );
        self.send::<(), ()>(Method::Delete, &path, None).await
    }
}

/// Where a project's overview is.
fn overview_path(project: &ProjectId) -> String {
    format!("/projects/{project}/overview")
}
