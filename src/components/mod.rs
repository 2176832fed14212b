//! View pieces used by several pages.

mod badges;
mod copy;
mod error_view;
mod focus;
mod shell;
pub mod switcher;

pub use badges::{environment_badge, lock_icon, state_badge, EnvironmentBadge, StateBadge};
pub use copy::{CopyButton, MaskedValue};
pub use error_view::ErrorView;
pub use focus::{focus_id, focus_later};
pub use shell::Shell;
