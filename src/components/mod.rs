//! View pieces used by several pages.

mod badges;
mod error_view;
mod shell;

pub use badges::{EnvironmentBadge, StateBadge};
pub use error_view::ErrorView;
pub use shell::Shell;
