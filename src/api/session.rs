//! `/api/auth/login`, `/api/auth/logout` and `/api/auth/me`.

use super::{ApiClient, ApiError, Method};
use api_types::{Me, SignIn};

impl ApiClient {
    /// Who is signed in. A 401 means no one: that answer does not count as
    /// a session lost mid-use.
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get_json("/auth/me", None).await
    }

    /// Signs in; the server sets the session cookie.
    pub async fn sign_in(&self, form: &SignIn) -> Result<Me, ApiError> {
        self.send(Method::Post, "/auth/login", Some(form)).await
    }

    /// Signs out: the server ends the session and clears the cookie.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.send::<(), ()>(Method::Post, "/auth/logout", None)
            .await
    }
}
