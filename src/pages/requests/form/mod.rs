//! `/projects/request`: asking support for a new project.

mod fields;
mod page;
mod sections;

pub use page::RequestPage;
