//! What the signed-in user may do in the open project: their role on it,
//! and why a change is refused (the role, or the project being UNAVAILABLE),
//! in the server's own words.

use super::{expect_open_project, expect_session};
use api_types::{no_access_message, role_refusal, Change, ProjectState, RoleKey};
use leptos::prelude::*;

/// Why an UNAVAILABLE project's settings cannot be changed; shown beside
/// the actions that state disables (when the role allows them at all).
pub const UNAVAILABLE_REASON: &str = "This project is UNAVAILABLE (paused or stopped): nothing in it can be created or changed until it is running again.";

/// Why a user with `role` on `project` cannot make `change`, if they
/// cannot: the server's own sentence, or, without a role, its no-access one.
pub fn role_reason(project: &str, role: Option<RoleKey>, change: Change) -> Option<String> {
    match role {
        Some(role) if change.allowed_by(role) => None,
        Some(role) => Some(role_refusal(project, role, change)),
        None => Some(no_access_message(project)),
    }
}

/// Why the signed-in user cannot make `change` in the open project, if
/// they cannot: their role, or else the project being UNAVAILABLE.
pub fn blocked(change: Change) -> Memo<Option<String>> {
    let project = expect_open_project();
    let session = expect_session();
    Memo::new(move |_| {
        project.with(|p| {
            role_reason(&p.name, session.role_on(&p.id), change).or_else(|| {
                (p.state == ProjectState::Unavailable).then(|| UNAVAILABLE_REASON.to_string())
            })
        })
    })
}

/// Why the signed-in user's role does not allow `change` in the open
/// project, whatever its state (revoking a token works on an UNAVAILABLE
/// one).
pub fn role_blocked(change: Change) -> Memo<Option<String>> {
    let project = expect_open_project();
    let session = expect_session();
    Memo::new(move |_| project.with(|p| role_reason(&p.name, session.role_on(&p.id), change)))
}

/// The signed-in user's role on the open project.
pub fn own_role() -> Memo<Option<RoleKey>> {
    let project = expect_open_project();
    let session = expect_session();
    Memo::new(move |_| project.with(|p| session.role_on(&p.id)))
}

#[cfg(test)]
mod tests {
    use super::role_reason;
    use api_types::{Change, RoleKey};

    #[test]
    fn each_role_is_told_what_it_cannot_do_in_the_servers_words() {
        let p = "Development-EU";
        assert_eq!(role_reason(p, Some(RoleKey::Admin), Change::Project), None);
        assert_eq!(
            role_reason(p, Some(RoleKey::DataAdmin), Change::Access),
            None
        );
        assert_eq!(
            role_reason(p, Some(RoleKey::DataAdmin), Change::Project).unwrap(),
            "Your role on Development-EU (Data Admin) does not allow you to change the project's settings; ask an Admin of the project."
        );
        let read_only = role_reason(p, Some(RoleKey::ReadOnly), Change::Access).unwrap();
        assert!(
            read_only.contains("(Read Only) does not allow you to manage API tokens"),
            "{read_only}"
        );
        assert!(role_reason(p, None, Change::Access)
            .unwrap()
            .starts_with("You don't have access to Development-EU"));
    }
}
