//! `/projects`: the organisation's projects, searchable, filterable and
//! sortable, with the current project marked.

mod index;
mod list;
mod page;
mod query;
mod rows;
mod state;
mod table;
mod toolbar;

pub use index::{
    expect_project_index, provide_project_index, ProjectIndex, ProjectIndexCache,
    MAX_LOCAL_PROJECTS,
};
pub use list::{ProjectList, ShownPage};
pub use page::ProjectsPage;
pub use query::{ListView, PAGE_SIZE};
pub use table::{first_rows, rows_to_fill, ProjectTable};
