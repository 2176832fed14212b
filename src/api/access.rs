//! `/api/projects/{id}/client-credentials` and renaming a project.

use super::{ApiClient, ApiError, Method};
use api_types::{
    ClientCredential, ClientCredentialWithSecret, CreateClientCredential, Project, ProjectId,
    RenameProject,
};
use web_sys::AbortSignal;

impl ApiClient {
    /// The project's API tokens.
    pub async fn list_tokens(
        &self,
        project: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<ClientCredential>, ApiError> {
        self.get_json(&format!("/projects/{project}/client-credentials"), signal)
            .await
    }

    /// Creates a token; the answer carries its secret, once.
    pub async fn create_token(
        &self,
        project: &ProjectId,
        body: &CreateClientCredential,
    ) -> Result<ClientCredentialWithSecret, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/client-credentials"),
            Some(body),
        )
        .await
    }

    /// Deletes a token.
    pub async fn delete_token(&self, project: &ProjectId, client_id: &str) -> Result<(), ApiError> {
        self.send::<(), ()>(
            Method::Delete,
            &format!(
                "/projects/{project}/client-credentials/{}",
                api_types::percent_encode(client_id)
            ),
            None,
        )
        .await
    }

    /// Gives a token a new secret; the answer carries it, once.
    pub async fn rotate_token(
        &self,
        project: &ProjectId,
        client_id: &str,
    ) -> Result<ClientCredentialWithSecret, ApiError> {
        self.send::<(), _>(
            Method::Post,
            &format!(
                "/projects/{project}/client-credentials/{}/rotate",
                api_types::percent_encode(client_id)
            ),
            None,
        )
        .await
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
}
