//! What the switcher offers and which option is active: recent projects
//! first, then the server's matches, and how the arrow keys move.

use crate::state::storage::RecentProject;
use api_types::{EnvironmentType, ProjectId, ProjectState};

/// One project the switcher offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchTarget {
    /// Its id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Its environment type.
    pub environment: EnvironmentType,
    /// Its state, when known (recent projects are remembered without it).
    pub state: Option<ProjectState>,
    /// Where it runs, in words, when known and visible to the user.
    pub place: Option<String>,
    /// Whether it comes from the recently used ones.
    pub recent: bool,
    /// Whether the user has no access to it: listed, but not a way in.
    pub locked: bool,
}

/// The list the switcher shows for `query`: recently used projects that
/// match come first, then the server's matches without repeats.
pub fn merge_targets(
    query: &str,
    recent: &[RecentProject],
    found: &[SwitchTarget],
) -> Vec<SwitchTarget> {
    let needle = query.trim().to_ascii_lowercase();
    let mut out: Vec<SwitchTarget> = recent
        .iter()
        .filter(|r| r.name.to_ascii_lowercase().contains(&needle))
        .map(|r| {
            let known = found.iter().find(|f| f.id == r.id);
            SwitchTarget {
                id: r.id.clone(),
                name: known
                    .map(|k| k.name.clone())
                    .unwrap_or_else(|| r.name.clone()),
                environment: r.environment.clone(),
                state: known.and_then(|k| k.state),
                place: known.and_then(|k| k.place.clone()),
                recent: true,
                locked: known.is_some_and(|k| k.locked),
            }
        })
        .collect();
    for f in found {
        if !out.iter().any(|o| o.id == f.id) {
            out.push(f.clone());
        }
    }
    out
}

/// Which option is highlighted (and taken by Enter): the one the user moved
/// to, while it is listed; else the project named exactly as typed (a
/// recent one whose name merely contains the text comes first in the list,
/// but is not what was typed); else the first.
pub fn active_index(query: &str, targets: &[SwitchTarget], chosen: Option<&ProjectId>) -> usize {
    let typed = query.trim();
    chosen
        .and_then(|id| targets.iter().position(|t| &t.id == id))
        .or_else(|| {
            (!typed.is_empty())
                .then(|| {
                    targets
                        .iter()
                        .position(|t| t.name.eq_ignore_ascii_case(typed))
                })
                .flatten()
        })
        .unwrap_or(0)
}

/// The next active index after a key press among `len` options.
pub fn move_active(active: usize, len: usize, key: &str) -> usize {
    step(active, len, key, ("ArrowUp", "ArrowDown")).unwrap_or(active.min(len.saturating_sub(1)))
}

/// Where a key moves among `len` items that wrap around: `back` and
/// `forward` name the arrow keys (up and down for a list, left and right
/// for a row of tabs); Home and End go to the ends. `None` for other keys.
pub fn step(active: usize, len: usize, key: &str, (back, forward): (&str, &str)) -> Option<usize> {
    if len == 0 {
        return Some(0);
    }
    match key {
        k if k == forward => Some((active + 1) % len),
        k if k == back => Some((active + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ProjectId {
        ProjectId::parse(&format!("{n:08x}-0000-4000-8000-000000000000")).unwrap()
    }

    fn recent(n: u8, name: &str) -> RecentProject {
        RecentProject {
            id: id(n),
            name: name.into(),
            environment: EnvironmentType::Staging,
        }
    }

    fn found(n: u8, name: &str) -> SwitchTarget {
        SwitchTarget {
            id: id(n),
            name: name.into(),
            environment: EnvironmentType::Production,
            state: Some(ProjectState::Available),
            place: Some("Frankfurt, europe-west3".into()),
            recent: false,
            locked: false,
        }
    }

    #[test]
    fn recent_projects_come_first_without_repeats() {
        let list = merge_targets(
            "",
            &[recent(3, "Gamma"), recent(1, "Alpha")],
            &[found(1, "Alpha"), found(2, "Beta"), found(3, "Gamma")],
        );
        let names: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Gamma", "Alpha", "Beta"]);
        assert!(list[0].recent && list[1].recent && !list[2].recent);
        assert_eq!(list[1].state, Some(ProjectState::Available));
        assert_eq!(
            list[1].place.as_deref(),
            Some("Frankfurt, europe-west3"),
            "a recent project shows where it runs once the server says"
        );
    }

    #[test]
    fn recent_projects_are_filtered_by_the_query_too() {
        let list = merge_targets("bet", &[recent(3, "Gamma")], &[found(2, "Beta")]);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "Beta");
        let list = merge_targets("GAM", &[recent(3, "Gamma")], &[]);
        assert_eq!(list[0].name, "Gamma");
    }

    #[test]
    fn the_project_named_as_typed_is_highlighted_over_a_recent_one() {
        // "Orders-Staging", used recently, contains "orders" and comes first.
        let list = merge_targets(
            "orders",
            &[recent(3, "Orders-Staging")],
            &[found(3, "Orders-Staging"), found(1, "Orders")],
        );
        assert_eq!(list[0].name, "Orders-Staging");
        assert_eq!(active_index("orders", &list, None), 1);
        assert_eq!(active_index("  ORDERS ", &list, None), 1);
        // Without an exact name, the first; an empty text picks no name.
        assert_eq!(active_index("ord", &list, None), 0);
        assert_eq!(active_index("", &list, None), 0);
        assert_eq!(active_index("x", &[], None), 0);
        // The option moved to stays highlighted while it is listed.
        assert_eq!(active_index("orders", &list, Some(&id(3))), 0);
        assert_eq!(active_index("orders", &list, Some(&id(9))), 1);
    }

    #[test]
    fn arrows_wrap_around_and_home_end_jump() {
        assert_eq!(move_active(0, 3, "ArrowDown"), 1);
        assert_eq!(move_active(2, 3, "ArrowDown"), 0);
        assert_eq!(move_active(0, 3, "ArrowUp"), 2);
        assert_eq!(move_active(1, 3, "Home"), 0);
        assert_eq!(move_active(0, 3, "End"), 2);
        assert_eq!(move_active(5, 3, "x"), 2);
        assert_eq!(move_active(0, 0, "ArrowDown"), 0);
        // A row of tabs moves with left and right, and ignores up and down.
        let tabs = ("ArrowLeft", "ArrowRight");
        assert_eq!(step(0, 4, "ArrowLeft", tabs), Some(3));
        assert_eq!(step(3, 4, "ArrowRight", tabs), Some(0));
        assert_eq!(step(2, 4, "End", tabs), Some(3));
        assert_eq!(step(2, 4, "ArrowDown", tabs), None);
    }
}
