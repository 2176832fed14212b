//! `/api/projects/{id}/client-credentials`: a project's API tokens, which
//! the platform calls client credentials.

use super::{ApiClient, ApiError, Method};
use api_types::{ClientCredential, ClientCredentialWithSecret, CreateClientCredential, ProjectId};
use web_sys::AbortSignal;

impl ApiClient {
    /// The project's API tokens.
    pub async fn list_credentials(
        &self,
        project: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<ClientCredential>, ApiError> {
        self.get_json(&format!("/projects/{project}/client-credentials"), signal)
            .await
    }

    /// Creates a token; the answer carries its secret, once.
    pub async fn create_credential(
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
    pub async fn delete_credential(
        &self,
        project: &ProjectId,
        client_id: &str,
    ) -> Result<(), ApiError> {
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
    pub async fn rotate_credential(
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
}
