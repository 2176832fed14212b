//! One module per route area.

pub mod access;
pub mod activity;
pub mod api_reference;
pub mod connectors;
mod home;
pub mod lazy;
pub mod members;
mod not_found;
pub mod pipelines;
pub mod project;
pub mod projects;
pub mod requests;
pub mod set_password;
pub mod sign_in;

pub use api_reference::ApiReference;
pub use home::Home;
pub use not_found::NotFound;
pub use project::{DashboardPage, ProjectScope};
pub use projects::{ProjectList, ProjectTable, ProjectsPage, ShownPage};
pub use requests::{RequestPage, SupportQueue};
pub use sign_in::SignInPage;
