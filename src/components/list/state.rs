//! A list's view as the URL and the search box hold it: the box leads
//! while typing, and the URL catches up once typing pauses.

use super::{Filters, ListView};
use leptos::leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// How long typing must pause before the URL follows the search box. The
/// list follows every keystroke at once; writing a history entry for each
/// one would cost the browser more than drawing the rows.
const URL_SYNC_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

/// A list's view and the ways to move it.
pub struct ListState<F: Filters> {
    /// What is typed in the search box.
    pub search: RwSignal<String>,
    /// What the list is asked to show now (the search box may be ahead of
    /// the URL).
    pub view_state: Memo<ListView<F>>,
    /// Moves the list to another view: `(view, replace_history_entry)`.
    pub go: Callback<(ListView<F>, bool)>,
    /// Called with the search box's text on each keystroke.
    pub on_search: Callback<String>,
}

impl<F: Filters> Clone for ListState<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Filters> Copy for ListState<F> {}

/// The view of the list at `path` from `from_url` (the view the URL names)
/// and the search box, kept in step with the URL.
pub fn list_state<F: Filters>(
    path: impl Into<String>,
    from_url: Memo<ListView<F>>,
) -> ListState<F> {
    let navigate = use_navigate();
    let path = StoredValue::new(path.into());
    let write_url = move |next: &ListView<F>, replace: bool| {
        navigate(
            &path.with_value(|path| next.href(path)),
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };

    // The search box's text is the truth for the search; the URL catches up
    // once typing pauses. `written` is the search last put in the URL, so
    // that only a change made elsewhere (Back, a link) moves the box.
    let search = RwSignal::new(from_url.with_untracked(|v| v.search.clone()));
    let written = StoredValue::new(search.get_untracked());
    let url_sync = StoredValue::new(None::<TimeoutHandle>);
    let cancel_url_sync = move || {
        if let Some(handle) = url_sync.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_url_sync);
    Effect::new(move |_| {
        let in_url = from_url.with(|v| v.search.clone());
        if in_url != written.get_value() {
            cancel_url_sync();
            written.set_value(in_url.clone());
            search.set(in_url);
        }
    });
    let view_state = Memo::new(move |_| {
        let mut view = from_url.get();
        search.with(|typed| {
            if view.search != *typed {
                view.search.clone_from(typed);
                view.page = 1;
            }
        });
        view
    });
    let go = Callback::new({
        let write_url = write_url.clone();
        move |(next, replace): (ListView<F>, bool)| {
            cancel_url_sync();
            written.set_value(next.search.clone());
            search.set(next.search.clone());
            write_url(&next, replace);
        }
    });
    let on_search = Callback::new(move |text: String| {
        search.set(text);
        cancel_url_sync();
        let write_url = write_url.clone();
        let handle = set_timeout_with_handle(
            move || {
                url_sync.set_value(None);
                let next = view_state.get_untracked();
                written.set_value(next.search.clone());
                write_url(&next, true);
            },
            URL_SYNC_DELAY,
        );
        url_sync.set_value(handle.ok());
    });
    ListState {
        search,
        view_state,
        go,
        on_search,
    }
}
