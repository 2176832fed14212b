//! What the console remembers in `localStorage`, under keys scoped to the
//! signed-in user: the last project switched to and the recently used ones.
//! Only ids, names and environment types are kept, never a secret. A value
//! that cannot be read is removed and treated as absent.

use api_types::{EnvironmentType, Project, ProjectId};
use serde::{Deserialize, Serialize};

/// How many recently used projects the quick switcher offers.
pub const MAX_RECENT: usize = 6;

/// A project as remembered for the quick switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentProject {
    /// Its id.
    pub id: ProjectId,
    /// Its name when it was last used.
    pub name: String,
    /// Its environment type when it was last used.
    pub environment: EnvironmentType,
}

impl From<&Project> for RecentProject {
    fn from(p: &Project) -> Self {
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            environment: p.environment.clone(),
        }
    }
}

/// The key of the last project of `user`.
pub fn last_project_key(user: &str) -> String {
    format!("tributary.{user}.last-project")
}

/// The key of the recently used projects of `user`.
pub fn recent_key(user: &str) -> String {
    format!("tributary.{user}.recent-projects")
}

/// The key of the project requests `user` dismissed.
pub fn dismissed_key(user: &str) -> String {
    format!("tributary.{user}.dismissed-requests")
}

/// Most dismissed requests remembered; the oldest are forgotten first
/// (settled requests leave the list by themselves after a week anyway).
pub const MAX_DISMISSED: usize = 50;

/// Reads a stored list of dismissed request ids; anything unreadable is an
/// empty list.
pub fn parse_dismissed(raw: Option<&str>) -> Vec<String> {
    let mut list: Vec<String> = raw
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    list.retain(|id| !id.is_empty() && id.len() <= 64);
    list.truncate(MAX_DISMISSED);
    list
}

/// `list` with `id` added first.
pub fn with_dismissed(mut list: Vec<String>, id: &str) -> Vec<String> {
    list.retain(|d| d != id);
    list.insert(0, id.to_string());
    list.truncate(MAX_DISMISSED);
    list
}

/// What a stored last-project value says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored<T> {
    /// Nothing is stored.
    Missing,
    /// A value that cannot be read.
    Corrupt,
    /// A good value.
    Value(T),
}

/// Reads a stored last-project value.
pub fn parse_last_project(raw: Option<&str>) -> Stored<ProjectId> {
    match raw {
        None => Stored::Missing,
        Some(text) => match ProjectId::parse(text.trim()) {
            Ok(id) => Stored::Value(id),
            Err(_) => Stored::Corrupt,
        },
    }
}

/// Reads a stored recent-projects value; anything unreadable is an empty list.
pub fn parse_recent(raw: Option<&str>) -> Vec<RecentProject> {
    let mut list: Vec<RecentProject> = raw
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let mut seen = Vec::new();
    list.retain(|p| {
        let fresh = !seen.contains(&p.id);
        seen.push(p.id.clone());
        fresh
    });
    list.truncate(MAX_RECENT);
    list
}

/// `list` with `project` moved (or added) to the front.
pub fn with_recent(mut list: Vec<RecentProject>, project: RecentProject) -> Vec<RecentProject> {
    list.retain(|p| p.id != project.id);
    list.insert(0, project);
    list.truncate(MAX_RECENT);
    list
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn read(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    fn write(key: &str, value: &str) {
        // Storage can be full or disabled: remembering is a convenience, so
        // a failed write is not an error for the user.
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }

    fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }

    /// The last project `user` switched to. A corrupt value is removed.
    pub fn load_last_project(user: &str) -> Stored<ProjectId> {
        let key = last_project_key(user);
        let stored = parse_last_project(read(&key).as_deref());
        if stored == Stored::Corrupt {
            remove(&key);
        }
        stored
    }

    /// Remembers the project `user` switched to, first among the recent ones.
    pub fn remember_project(user: &str, project: RecentProject) {
        write(&last_project_key(user), project.id.as_str());
        let recent = with_recent(load_recent(user), project);
        if let Ok(json) = serde_json::to_string(&recent) {
            write(&recent_key(user), &json);
        }
    }

    /// The projects `user` used last, most recent first.
    pub fn load_recent(user: &str) -> Vec<RecentProject> {
        parse_recent(read(&recent_key(user)).as_deref())
    }

    /// The project requests `user` dismissed.
    pub fn load_dismissed(user: &str) -> Vec<String> {
        parse_dismissed(read(&dismissed_key(user)).as_deref())
    }

    /// Remembers that `user` dismissed request `id`.
    pub fn dismiss_request(user: &str, id: &str) {
        let list = with_dismissed(load_dismissed(user), id);
        if let Ok(json) = serde_json::to_string(&list) {
            write(&dismissed_key(user), &json);
        }
    }

    /// Forgets a project that no longer exists or is no longer accessible.
    pub fn forget_project(user: &str, id: &ProjectId) {
        let key = last_project_key(user);
        if parse_last_project(read(&key).as_deref()) == Stored::Value(id.clone()) {
            remove(&key);
        }
        let recent: Vec<RecentProject> = load_recent(user)
            .into_iter()
            .filter(|p| &p.id != id)
            .collect();
        if let Ok(json) = serde_json::to_string(&recent) {
            write(&recent_key(user), &json);
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{
    dismiss_request, forget_project, load_dismissed, load_last_project, load_recent,
    remember_project,
};

/// Off the browser there is no storage: nothing is remembered.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;

    /// Nothing is stored off the browser.
    pub fn load_last_project(_user: &str) -> Stored<ProjectId> {
        Stored::Missing
    }
    /// Nothing is stored off the browser.
    pub fn remember_project(_user: &str, _project: RecentProject) {}
    /// Nothing is stored off the browser.
    pub fn load_recent(_user: &str) -> Vec<RecentProject> {
        Vec::new()
    }
    /// Nothing is stored off the browser.
    pub fn forget_project(_user: &str, _id: &ProjectId) {}
    /// Nothing is stored off the browser.
    pub fn load_dismissed(_user: &str) -> Vec<String> {
        Vec::new()
    }
    /// Nothing is stored off the browser.
    pub fn dismiss_request(_user: &str, _id: &str) {}
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::{
    dismiss_request, forget_project, load_dismissed, load_last_project, load_recent,
    remember_project,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dismissed_requests_fall_back_and_stay_bounded() {
        assert!(parse_dismissed(None).is_empty());
        assert!(parse_dismissed(Some("not json")).is_empty());
        assert!(parse_dismissed(Some(r#"{"a":1}"#)).is_empty());
        assert!(parse_dismissed(Some("[1, 2]")).is_empty());
        assert_eq!(parse_dismissed(Some(r#"["a", "", "b"]"#)), ["a", "b"]);
        let mut list = Vec::new();
        for n in 0..(MAX_DISMISSED + 5) {
            list = with_dismissed(list, &format!("r{n}"));
        }
        assert_eq!(list.len(), MAX_DISMISSED);
        assert_eq!(list[0], format!("r{}", MAX_DISMISSED + 4), "newest first");
        assert_eq!(
            with_dismissed(vec!["a".into(), "b".into()], "b"),
            ["b", "a"]
        );
    }

    fn recent(n: u8) -> RecentProject {
        RecentProject {
            id: ProjectId::parse(&format!("{n:08x}-0000-4000-8000-000000000000")).unwrap(),
            name: format!("P{n}"),
            environment: EnvironmentType::Staging,
        }
    }

    #[test]
    fn keys_are_scoped_to_the_user() {
        assert_ne!(last_project_key("ana"), last_project_key("ben"));
        assert_ne!(recent_key("ana"), recent_key("ben"));
        assert!(last_project_key("ana").contains("ana"));
    }

    #[test]
    fn a_stored_last_project_is_read_or_reported_corrupt() {
        assert_eq!(parse_last_project(None), Stored::Missing);
        let id = "0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";
        assert_eq!(
            parse_last_project(Some(id)),
            Stored::Value(ProjectId::parse(id).unwrap())
        );
        for bad in ["", "null", "{\"id\":1}", "0b6f1c9e", "\u{0}\u{1}"] {
            assert_eq!(parse_last_project(Some(bad)), Stored::Corrupt, "{bad:?}");
        }
    }

    #[test]
    fn unreadable_recent_lists_are_empty_and_good_ones_are_deduplicated() {
        assert!(parse_recent(None).is_empty());
        assert!(parse_recent(Some("not json")).is_empty());
        assert!(parse_recent(Some("{\"a\":1}")).is_empty());
        assert!(parse_recent(Some(
            "[{\"id\":\"nope\",\"name\":\"x\",\"environment\":\"qa\"}]"
        ))
        .is_empty());
        let json = serde_json::to_string(&vec![recent(1), recent(2), recent(1)]).unwrap();
        assert_eq!(parse_recent(Some(&json)), vec![recent(1), recent(2)]);
    }

    #[test]
    fn the_latest_project_goes_first_and_the_list_stays_short() {
        let mut list = Vec::new();
        for n in 1..=10 {
            list = with_recent(list, recent(n));
        }
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0], recent(10));
        let list = with_recent(list, recent(8));
        assert_eq!(list[0], recent(8));
        assert_eq!(list.iter().filter(|p| p.id == recent(8).id).count(), 1);
    }
}
