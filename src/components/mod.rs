//! View pieces used by several pages.

mod badges;
mod confirm;
mod copy;
mod date;
mod error_view;
mod field;
mod focus;
pub mod lazy;
mod leave_guard;
pub mod list;
pub mod live_updates;
mod shell;
pub mod switcher;
mod table;
mod unavailable;

pub use badges::{
    environment_badge, environment_badge_class, lock_icon, state_badge, state_badge_look,
    EnvironmentBadge, StateBadge, LOCK_PATH,
};
pub use confirm::{focus_confirmation, name_confirms, ConfirmDialog};
pub use copy::{CopyButton, MaskedValue};
pub use date::LocalDate;
pub use error_view::ErrorView;
pub use field::{error_of, Field, FieldAria, FieldErrors};
pub use focus::{
    focus_id, focus_later, focused_in, has_focus_in, refocus_later, FocusKey, KeepFocus,
};
pub use lazy::LazyPage;
pub use leave_guard::{download_file, may_leave, LeaveGuard};
pub use shell::{PendingAccessCount, PendingRequestCount, Shell};
pub use table::{DataTable, Empty, RowActions};
pub use unavailable::UnavailableNotice;
