//! `/projects`: the organisation's projects, searchable, filterable and
//! sortable, with the current project marked.

mod list;
mod page;
mod query;
mod rows;
mod table;
mod toolbar;

pub use list::{ProjectList, ShownPage};
pub use page::ProjectsPage;
pub use query::{ListView, ProjectFilters, PAGE_SIZE};
pub use table::{first_rows, rows_to_fill, ProjectTable};

use leptos::prelude::*;

/// The user's pending project requests, which the list shows as rows
/// being provisioned, and how to cancel one. The page provides it; the
/// requests section (whose code arrives after the list's) fills it in.
#[derive(Clone, Copy)]
pub struct Provisioning {
    /// The pending requests.
    pub pending: RwSignal<Vec<api_types::ProjectRequest>>,
    /// The request being cancelled, if any.
    pub busy: RwSignal<Option<String>>,
    /// Cancels a request by id, once the requests section is here.
    pub cancel: RwSignal<Option<Callback<String>>>,
    /// Called when a request has just been provisioned: the list has a
    /// new project.
    pub on_provisioned: Callback<()>,
}

impl Provisioning {
    /// An empty one that calls `on_provisioned`.
    pub fn new(on_provisioned: Callback<()>) -> Self {
        Self {
            pending: RwSignal::new(Vec::new()),
            busy: RwSignal::new(None),
            cancel: RwSignal::new(None),
            on_provisioned,
        }
    }
}
