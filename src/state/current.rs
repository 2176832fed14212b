//! The project this tab works in, as the top bar, the navigation and the
//! projects list show it, and the one owner of the loaded project.

use super::project_index::{expect_project_index, ProjectIndexCache};
use super::session::{Session, SessionState};
use super::storage::{self, RecentProject};
use crate::api::ApiError;
use api_types::{Project, ProjectId};
use leptos::prelude::*;

/// The project this tab works in: set from the URL when a project page
/// loads, and kept while the user looks at the projects list. On a page
/// without a project in its URL, after a reload, it is the remembered one.
///
/// It owns the loaded project: loading, renaming or a change of state goes
/// through its methods, which also keep what the console remembers of the
/// project (`localStorage`, the projects list's cache) in step, and every
/// view of the project reads from it (a project's pages through
/// [`expect_open_project`]).
#[derive(Clone, Copy)]
pub struct CurrentProject {
    /// The id from the URL, known before the project has loaded.
    pub id: RwSignal<Option<ProjectId>>,
    /// The loaded project; `None` while switching.
    pub project: RwSignal<Option<Project>>,
    /// The remembered project that `/` is reopening. If it turns out to be
    /// gone or inaccessible, its page sends the user to the list with a
    /// notice instead of showing an error.
    pub restoring: RwSignal<Option<ProjectId>>,
    /// Why the project with the current id could not be loaded (a network
    /// or server failure, which trying again may mend). Without it the top
    /// bar would go on saying the project is opening.
    pub failure: RwSignal<Option<String>>,
    /// Goes up when the open project turned out to be gone or closed to
    /// the user (a live update said so): its page loads it again, and then
    /// says why it cannot show it.
    pub reload: RwSignal<u32>,
    /// Whose remembered projects are kept up to date.
    session: Session,
    /// The projects list's cache, which a rename makes stale.
    index: ProjectIndexCache,
}

impl std::fmt::Debug for CurrentProject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurrentProject")
            .field("id", &self.id)
            .field("project", &self.project)
            .finish_non_exhaustive()
    }
}

impl CurrentProject {
    /// Starts switching to `id`, or loading it again after a failure: the
    /// old project is no longer shown anywhere while the new one loads.
    pub fn begin_switch(&self, id: &ProjectId) {
        if self.id.get_untracked().as_ref() != Some(id) {
            self.id.set(Some(id.clone()));
            self.project.set(None);
        }
        if self.failure.with_untracked(Option::is_some) {
            self.failure.set(None);
        }
    }

    /// The project has loaded: it is shown, and remembered as the one the
    /// user works in. A project other than the one being switched to is
    /// ignored: a late answer never replaces the current project.
    pub fn loaded(&self, project: Project) {
        if self.id.get_untracked().as_ref() == Some(&project.id) {
            storage::remember_project(&self.session.user_key(), RecentProject::from(&project));
            if self.restoring.get_untracked().as_ref() == Some(&project.id) {
                self.restoring.set(None);
            }
            self.failure.set(None);
            self.project.set(Some(project));
        }
    }

    /// The project was changed (renamed): every view of it follows, and
    /// the projects list asks again rather than show the old name.
    pub fn changed(&self, project: Project) {
        self.index.invalidate();
        self.loaded(project);
    }

    /// Whether `id` is the current project and has loaded.
    pub fn is_loaded(&self, id: &ProjectId) -> bool {
        self.project
            .with_untracked(|p| p.as_ref().is_some_and(|p| &p.id == id))
    }

    /// The project being switched to could not be loaded, for a reason that
    /// may pass (`message` says which). The tab stays in it, and says so.
    pub fn load_failed(&self, id: &ProjectId, message: String) {
        if self.id.get_untracked().as_ref() == Some(id) && !self.is_loaded(id) {
            self.failure.set(Some(message));
        }
    }

    /// The project `id` turned out not to exist or not to be accessible: it
    /// is forgotten, and if the tab was switching to it, the tab is in no
    /// project rather than stuck opening it. Returns whether it was the
    /// current project.
    pub fn failed(&self, id: &ProjectId) -> bool {
        storage::forget_project(&self.session.user_key(), id);
        if self.restoring.get_untracked().as_ref() == Some(id) {
            self.restoring.set(None);
        }
        let current = self.id.get_untracked().as_ref() == Some(id);
        if current {
            self.id.set(None);
            self.project.set(None);
            self.failure.set(None);
        }
        current
    }

    /// The project `id` turned out to be gone or closed to the user while
    /// it was open: if it is still the current one, its page loads it
    /// again, and then says why it cannot show it.
    pub fn lost(&self, id: &ProjectId) {
        if self.id.get_untracked().as_ref() == Some(id) {
            self.reload.update(|n| *n += 1);
        }
    }

    /// The loaded project `initial` as the pages of that project see it:
    /// it follows every change made through [`CurrentProject::changed`],
    /// and keeps its last value once the tab moves to another project, so
    /// that a page being taken down never shows the next project's data.
    pub fn open(&self, initial: Project) -> OpenProject {
        let project = self.project;
        OpenProject(Memo::new(move |before: Option<&Project>| {
            project.with(|now| match now {
                Some(now) if now.id == initial.id => now.clone(),
                _ => before.cloned().unwrap_or_else(|| initial.clone()),
            })
        }))
    }
}

/// The project of the page being shown, provided by the project's parent
/// route to the pages below it once the project has loaded.
#[derive(Debug, Clone, Copy)]
pub struct OpenProject(pub Memo<Project>);

/// The project the page being shown belongs to (tracked when read with
/// `with` or `get`).
pub fn expect_open_project() -> Memo<Project> {
    expect_context::<OpenProject>().0
}

/// The id of the project the page being shown belongs to, which never
/// changes for that page.
pub fn open_project_id() -> ProjectId {
    expect_open_project().with_untracked(|p| p.id.clone())
}

/// The notice for a remembered project that cannot be opened any more
/// (`None` for an error that says nothing of the kind).
pub fn lost_project_message(error: &ApiError, id: &ProjectId) -> Option<String> {
    match error {
        ApiError::Forbidden(message) => Some(format!(
            "{message} The project you used last is not open to you any more: choose a project to continue."
        )),
        ApiError::NotFound(_) => Some(format!(
            "The project you used last ({id}) no longer exists. Choose a project to continue."
        )),
        _ => None,
    }
}

/// Provides the current project; called once by the app, after the
/// session and the projects list's cache (without a session, as in a
/// component's test, it remembers nothing for anyone signed in).
pub fn provide_current_project() -> CurrentProject {
    let current = CurrentProject {
        id: RwSignal::new(None),
        project: RwSignal::new(None),
        restoring: RwSignal::new(None),
        failure: RwSignal::new(None),
        reload: RwSignal::new(0),
        session: use_context::<Session>()
            .unwrap_or_else(|| Session(RwSignal::new(SessionState::Checking))),
        index: expect_project_index(),
    };
    provide_context(current);
    current
}

/// The current project provided by the app.
pub fn expect_current_project() -> CurrentProject {
    expect_context::<CurrentProject>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_gone_or_closed_project_is_lost() {
        let id = ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41").unwrap();
        let gone = lost_project_message(&ApiError::NotFound("x".into()), &id).unwrap();
        assert!(gone.contains("no longer exists") && gone.contains(id.as_str()));
        let closed = lost_project_message(
            &ApiError::Forbidden(
                "You don't have access to P; ask an Admin of that project.".into(),
            ),
            &id,
        )
        .unwrap();
        assert!(
            closed.starts_with("You don't have access to P") && closed.contains("not open to you")
        );
        for passing in [
            ApiError::Network("down".into()),
            ApiError::Server {
                status: 500,
                message: "oops".into(),
            },
            ApiError::Aborted,
        ] {
            assert_eq!(lost_project_message(&passing, &id), None, "{passing:?}");
        }
    }
}
