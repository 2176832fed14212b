//! `/api/projects`.

use super::{ApiClient, ApiError, Method};
use api_types::{
    ListResponse, Project, ProjectId, ProjectListQuery, ProjectSummary, RenameProject,
};
use web_sys::AbortSignal;

impl ApiClient {
    /// One page of the projects of the organisation.
    pub async fn list_projects(
        &self,
        query: &ProjectListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<ProjectSummary>, ApiError> {
        self.get_json(&format!("/projects?{}", query.to_query_string()), signal)
            .await
    }

    /// One project.
    pub async fn get_project(
        &self,
        id: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<Project, ApiError> {
        self.get_json(&format!("/projects/{id}"), signal).await
    }

    /// Renames a project.
    pub async fn rename_project(
        &self,
        project: &ProjectId,
        name: &str,
    ) -> Result<Project, ApiError> {
        self.send(
            Method::Patch,
            &format!("/projects/{project}"),
            Some(&RenameProject { name: name.into() }),
        )
        .await
    }

    /// Pauses the project.
    pub async fn pause_project(
        &self,
        project: &ProjectId,
        body: &api_types::PauseProject,
    ) -> Result<Project, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/pause"),
            Some(body),
        )
        .await
    }

    /// Resumes the paused project; `confirm` is its name.
    pub async fn resume_project(
        &self,
        project: &ProjectId,
        confirm: &str,
    ) -> Result<Project, ApiError> {
        let body = api_types::ResumeProject {
            confirm: confirm.into(),
        };
        self.send(
            Method::Post,
            &format!("/projects/{project}/resume"),
            Some(&body),
        )
        .await
    }
}
