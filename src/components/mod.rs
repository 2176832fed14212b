//! View pieces used by several pages.

mod badges;
mod copy;
mod error_view;
mod field;
mod focus;
mod shell;
pub mod switcher;

pub use badges::{
    environment_badge, environment_badge_class, lock_icon, state_badge, state_badge_look,
    EnvironmentBadge, StateBadge, LOCK_PATH,
};
pub use copy::{CopyButton, MaskedValue};
pub use error_view::ErrorView;
pub use field::{Field, FieldAria};
pub use focus::{focus_id, focus_later};
pub use shell::Shell;
