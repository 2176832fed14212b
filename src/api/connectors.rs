//! `/api/connectors` and `/api/projects/{id}/sources|destinations`.

use super::{ApiClient, ApiError, Method};
use api_types::connectors::{
    BulkAction, BulkRequest, BulkResponse, Connector, ConnectorKind, ConnectorListQuery,
    ConnectorSpec, CreateConnector, ImportPlan, ImportRequest, UpdateConnector,
};
use api_types::{ListResponse, ProjectId};
use web_sys::AbortSignal;

fn collection(project: &ProjectId, kind: ConnectorKind) -> String {
    format!("/projects/{project}/{}", kind.plural())
}

impl ApiClient {
    /// The catalog's connectors of `kind` (all of them, sources first,
    /// for `None`), with their schemas.
    pub async fn connector_catalog(
        &self,
        kind: Option<ConnectorKind>,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<ConnectorSpec>, ApiError> {
        let path = match kind {
            Some(kind) => format!("/connectors?kind={}", kind.as_str()),
            None => "/connectors".to_string(),
        };
        self.get_json(&path, signal).await
    }

    /// A page of the project's connectors of `kind`.
    pub async fn list_connectors(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        query: &ConnectorListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<Connector>, ApiError> {
        let q = query.to_query_string();
        let path = collection(project, kind);
        let path = if q.is_empty() {
            path
        } else {
            format!("{path}?{q}")
        };
        self.get_json(&path, signal).await
    }

    /// One connector.
    pub async fn get_connector(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        id: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Connector, ApiError> {
        let path = format!(
            "{}/{}",
            collection(project, kind),
            api_types::percent_encode(id)
        );
        self.get_json(&path, signal).await
    }

    /// Creates a connector.
    pub async fn create_connector(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        body: &CreateConnector,
    ) -> Result<Connector, ApiError> {
        self.send(Method::Post, &collection(project, kind), Some(body))
            .await
    }

    /// Changes a connector.
    pub async fn update_connector(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        id: &str,
        body: &UpdateConnector,
    ) -> Result<Connector, ApiError> {
        let path = format!(
            "{}/{}",
            collection(project, kind),
            api_types::percent_encode(id)
        );
        self.send(Method::Patch, &path, Some(body)).await
    }

    /// Pauses, resumes or stops a connector (`pause`, `resume`, `stop`).
    pub async fn connector_action(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        id: &str,
        action: BulkAction,
    ) -> Result<Connector, ApiError> {
        let path = format!(
            "{}/{}/{}",
            collection(project, kind),
            api_types::percent_encode(id),
            action.as_str()
        );
        self.send::<(), Connector>(Method::Post, &path, None).await
    }

    /// Deletes a connector.
    pub async fn delete_connector(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        id: &str,
    ) -> Result<(), ApiError> {
        let path = format!(
            "{}/{}",
            collection(project, kind),
            api_types::percent_encode(id)
        );
        self.send::<(), ()>(Method::Delete, &path, None).await
    }

    /// Acts on several connectors; the answer says what came of each.
    pub async fn bulk_connectors(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        action: BulkAction,
        ids: Vec<String>,
    ) -> Result<BulkResponse, ApiError> {
        let path = format!("{}/bulk", collection(project, kind));
        self.send(Method::Post, &path, Some(&BulkRequest { action, ids }))
            .await
    }

    /// The export file of the project's connectors of `kind` (all of them,
    /// or those of `ids`), as text to save.
    pub async fn export_connectors(
        &self,
        project: &ProjectId,
        kind: ConnectorKind,
        ids: &[String],
    ) -> Result<String, ApiError> {
        let mut path = format!(
            "/projects/{project}/connectors/export?kind={}",
            kind.as_str()
        );
        if !ids.is_empty() {
            path.push_str("&ids=");
            path.push_str(&api_types::percent_encode(&ids.join(",")));
        }
        self.get_file(&path).await
    }

    /// Plans (`dry_run`) or applies an import into the project.
    pub async fn import_connectors(
        &self,
        project: &ProjectId,
        body: &ImportRequest,
    ) -> Result<ImportPlan, ApiError> {
        let path = format!("/projects/{project}/connectors/import");
        self.send(Method::Post, &path, Some(body)).await
    }
}
