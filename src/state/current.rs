use api_types::{Project, ProjectId};
use leptos::prelude::*;

/// The project this tab works in: set from the URL when a project page
/// loads, and kept while the user looks at the projects list.
#[derive(Debug, Clone, Copy)]
pub struct CurrentProject {
    /// The id from the URL, known before the project has loaded.
    pub id: RwSignal<Option<ProjectId>>,
    /// The loaded project; `None` while switching.
    pub project: RwSignal<Option<Project>>,
    /// The remembered project that `/` is reopening. If it turns out to be
    /// gone or inaccessible, its page sends the user to the list with a
    /// notice instead of showing an error.
    pub restoring: RwSignal<Option<ProjectId>>,
}

impl CurrentProject {
    /// Starts switching to `id`: the old project is no longer shown
    /// anywhere while the new one loads.
    pub fn begin_switch(&self, id: &ProjectId) {
        if self.id.get_untracked().as_ref() != Some(id) {
            self.id.set(Some(id.clone()));
            self.project.set(None);
        }
    }

    /// The project has loaded. A project other than the one being switched
    /// to is ignored: a late answer never replaces the current project.
    pub fn loaded(&self, project: Project) {
        if self.id.get_untracked().as_ref() == Some(&project.id) {
            self.project.set(Some(project));
        }
    }

    /// The project being switched to turned out not to exist or not to be
    /// accessible: the tab is in no project rather than stuck opening it.
    pub fn failed(&self, id: &ProjectId) {
        if self.id.get_untracked().as_ref() == Some(id) {
            self.id.set(None);
            self.project.set(None);
        }
    }
}

/// Provides the current project; called once by the app.
pub fn provide_current_project() -> CurrentProject {
    let current = CurrentProject {
        id: RwSignal::new(None),
        project: RwSignal::new(None),
        restoring: RwSignal::new(None),
    };
    provide_context(current);
    current
}

/// The current project provided by the app.
pub fn expect_current_project() -> CurrentProject {
    expect_context::<CurrentProject>()
}
