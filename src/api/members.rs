//! `/api/members`, and the set-password link of an invited member.

use super::{ApiClient, ApiError, Method};
use api_types::{
    Invitation, InvitationInfo, InvitationToken, InviteMember, ListResponse, Me, Member,
    SetPassword, UpdateMember,
};
use web_sys::AbortSignal;

impl ApiClient {
    /// One page of the organisation's members whose name or email holds
    /// `search` (organisation admins).
    pub async fn list_members(
        &self,
        search: &str,
        page: u32,
        signal: Option<&AbortSignal>,
    ) -> Result<ListResponse<Member>, ApiError> {
        let mut path = format!(
            "/members?page={page}&page_size={}",
            api_types::MAX_PAGE_SIZE
        );
        if !search.is_empty() {
            path.push_str("&search=");
            path.push_str(&api_types::percent_encode(search));
        }
        self.get_json(&path, signal).await
    }

    /// Invites someone; the answer carries their set-password link, once.
    pub async fn invite_member(&self, body: &InviteMember) -> Result<Invitation, ApiError> {
        self.send(Method::Post, "/members", Some(body)).await
    }

    /// Changes a member's name, flags or roles.
    pub async fn update_member(&self, id: &str, body: &UpdateMember) -> Result<Member, ApiError> {
        self.send(
            Method::Patch,
            &format!("/members/{}", api_types::percent_encode(id)),
            Some(body),
        )
        .await
    }

    /// Removes a member; their sessions end at once.
    pub async fn remove_member(&self, id: &str) -> Result<(), ApiError> {
        self.send::<(), ()>(
            Method::Delete,
            &format!("/members/{}", api_types::percent_encode(id)),
            None,
        )
        .await
    }

    /// A new set-password link for an invited member; the old one stops
    /// working.
    pub async fn renew_invitation(&self, id: &str) -> Result<Invitation, ApiError> {
        self.send::<(), _>(
            Method::Post,
            &format!("/members/{}/invitation", api_types::percent_encode(id)),
            None,
        )
        .await
    }

    /// Whom a set-password link is for, if it still works.
    pub async fn invitation_info(&self, token: &str) -> Result<InvitationInfo, ApiError> {
        let body = InvitationToken {
            token: token.to_string(),
        };
        self.send(Method::Post, "/auth/invitation", Some(&body))
            .await
    }

    /// Sets an invited member's password through their link; they are
    /// signed in.
    pub async fn set_password(&self, token: &str, password: &str) -> Result<Me, ApiError> {
        let body = SetPassword {
            token: token.to_string(),
            password: password.to_string(),
        };
        self.send(Method::Post, "/auth/set-password", Some(&body))
            .await
    }
}
