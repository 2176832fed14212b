//! The notice that outlives a redirect, shown above the page until dismissed.

use leptos::prelude::*;

/// A message for the user that outlives a redirect, such as why the
/// console opened the projects list instead of the last project.
#[derive(Debug, Clone, Copy)]
pub struct Notice(pub RwSignal<Option<String>>);

impl Notice {
    /// Shows `message` until dismissed or replaced.
    pub fn show(&self, message: impl Into<String>) {
        self.0.set(Some(message.into()));
    }

    /// Hides the message.
    pub fn dismiss(&self) {
        self.0.set(None);
    }
}

/// Provides the notice; called once by the app.
pub fn provide_notice() -> Notice {
    let notice = Notice(RwSignal::new(None));
    provide_context(notice);
    notice
}

/// The notice provided by the app.
pub fn expect_notice() -> Notice {
    expect_context::<Notice>()
}
