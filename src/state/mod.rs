//! Global state: small `Copy` handles provided once by the app and read
//! through `expect_…` helpers, and the typed storage they persist to.

mod current;
pub mod live;
mod notice;
pub mod permissions;
pub mod project_index;
mod session;
pub mod storage;

pub use current::{
    expect_current_project, expect_open_project, lost_project_message, open_project_id,
    provide_current_project, CurrentProject, OpenProject,
};
pub use notice::{expect_notice, provide_notice, Notice};
pub use session::{expect_session, provide_session, Session, SessionState};
