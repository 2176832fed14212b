//! The notice an UNAVAILABLE project's pages show above their content.

use crate::format::{ago, local_date_time, now};
use crate::state::expect_open_project;
use api_types::{Pause, PauseReason, ProjectState};
use leptos::prelude::*;

/// The notice's heading and its first sentence for a pause (or for a
/// project made UNAVAILABLE without one recorded).
pub fn pause_words(pause: Option<&Pause>) -> (String, String) {
    let what = "nothing can be created or changed, pipelines are not processing records, and no compute is charged; its data is kept.";
    let Some(p) = pause else {
        return (
            "This project is UNAVAILABLE".into(),
            format!(
                "Its infrastructure is paused or stopped: {what} Contact support to bring it back."
            ),
        );
    };
    let at = now();
    let since = ago(&p.since, &at);
    match p.reason {
        PauseReason::Paused => (
            "This project is paused".into(),
            format!("{} paused it {since}. While it is paused, {what} One of its Admins can resume it in Settings.", p.by),
        ),
        PauseReason::Maintenance => (
            match p.until {
                Some(until) => format!(
                    "This project is under maintenance until {}",
                    local_date_time(&until)
                ),
                None => "This project is under maintenance".into(),
            },
            format!("{} started the maintenance {since}. Meanwhile {what} Support brings it back when the window ends.", p.by),
        ),
        PauseReason::BillingHold => (
            "This project is on billing hold".into(),
            format!("{} put it on hold {since}. Meanwhile {what} Contact support or your billing contact to bring it back.", p.by),
        ),
    }
}

/// Says, while the open project is UNAVAILABLE, why and what that means:
/// who paused it, since when, until when for maintenance, and their note;
/// then what still works on this page.
#[component]
pub fn UnavailableNotice(
    /// What can still be done on this page, if anything.
    #[prop(optional)]
    still: Option<&'static str>,
) -> impl IntoView {
    let project = expect_open_project();
    move || {
        project.with(|p| {
            (p.state == ProjectState::Unavailable).then(|| {
                let (title, text) = pause_words(p.pause.as_ref());
                let note = p.pause.as_ref().and_then(|p| p.note.clone());
                view! {
                    <div class="notice notice--paused" role="note" data-testid="unavailable-notice">
                        <h2 class="notice__title">{title}</h2>
                        <p class="notice__text">{text}</p>
                        {note.map(|note| view! { <p class="notice__text notice__note" data-testid="pause-note">{format!("\u{201c}{note}\u{201d}")}</p> })}
                        {still.map(|text| view! { <p class="notice__text">{text}</p> })}
                    </div>
                }
            })
        })
    }
}
