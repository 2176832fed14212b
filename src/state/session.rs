//! Who is signed in, as the server said, and their roles on projects.

use api_types::{Me, ProjectId, RoleKey};
use leptos::prelude::*;

/// Who is signed in. The console renders nothing private until the server
/// has said who that is; a 401 later on ends it.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

/// What the console knows about the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Still asking the server.
    Checking,
    /// Signed in.
    SignedIn(Me),
    /// Not signed in, or the session ended; the message says which.
    SignedOut(Option<String>),
    /// The server could not be asked; the message says why.
    Unreachable(String),
}

impl Session {
    /// The signed-in user's profile and roles.
    pub fn me(&self) -> Option<Me> {
        self.0.with(|s| match s {
            SessionState::SignedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    /// The key remembered state is scoped to: the signed-in user's id.
    pub fn user_key(&self) -> String {
        self.0.with_untracked(|s| match s {
            SessionState::SignedIn(me) => me.user.id.clone(),
            _ => String::from("signed-out"),
        })
    }

    /// The signed-in user's role on `project` (tracked), if any.
    pub fn role_on(&self, project: &ProjectId) -> Option<RoleKey> {
        self.0.with(|s| match s {
            SessionState::SignedIn(me) => me.role_on(project),
            _ => None,
        })
    }
}

/// Provides the session, still unchecked; called once by the app.
pub fn provide_session() -> Session {
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
    session
}

/// The session provided by the app.
pub fn expect_session() -> Session {
    expect_context::<Session>()
}
