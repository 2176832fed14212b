//! `/api/projects/{id}/kafka-access` and `/api/projects/{id}/kafka-users`.

use super::{ApiClient, ApiError, Method};
use api_types::{CreateKafkaUser, KafkaAccess, KafkaUser, ProjectId, UpdateKafkaUser};
use web_sys::AbortSignal;

impl ApiClient {
    /// How clients connect to the project's Kafka.
    pub async fn kafka_access(
        &self,
        project: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<KafkaAccess, ApiError> {
        self.get_json(&format!("/projects/{project}/kafka-access"), signal)
            .await
    }

    /// The project's Kafka users.
    pub async fn list_kafka_users(
        &self,
        project: &ProjectId,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<KafkaUser>, ApiError> {
        self.get_json(&format!("/projects/{project}/kafka-users"), signal)
            .await
    }

    /// Creates a Kafka user.
    pub async fn create_kafka_user(
        &self,
        project: &ProjectId,
        body: &CreateKafkaUser,
    ) -> Result<KafkaUser, ApiError> {
        self.send(
            Method::Post,
            &format!("/projects/{project}/kafka-users"),
            Some(body),
        )
        .await
    }

    /// Changes a Kafka user.
    pub async fn update_kafka_user(
        &self,
        project: &ProjectId,
        username: &str,
        body: &UpdateKafkaUser,
    ) -> Result<KafkaUser, ApiError> {
        self.send(
            Method::Put,
            &format!(
                "/projects/{project}/kafka-users/{}",
                api_types::percent_encode(username)
            ),
            Some(body),
        )
        .await
    }

    /// Deletes a Kafka user.
    pub async fn delete_kafka_user(
        &self,
        project: &ProjectId,
        username: &str,
    ) -> Result<(), ApiError> {
        self.send::<(), ()>(
            Method::Delete,
            &format!(
                "/projects/{project}/kafka-users/{}",
                api_types::percent_encode(username)
            ),
            None,
        )
        .await
    }
}
