//! One module per route area.

mod not_found;
mod projects;

pub use not_found::NotFound;
pub use projects::{ProjectList, ProjectTable, ProjectsPage};
