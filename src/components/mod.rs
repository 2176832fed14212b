//! View pieces used by several pages.

mod badges;
mod copy;
mod error_view;
mod shell;
pub mod switcher;

pub use badges::{EnvironmentBadge, StateBadge};
pub use copy::{CopyButton, MaskedValue};
pub use error_view::ErrorView;
pub use shell::Shell;
