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
