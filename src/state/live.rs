//! What the server's live-update stream said last, for the pages that show
//! what it is about. The stream itself is opened by the live-updates
//! component (in a chunk of its own); pages only read this.

use api_types::live::{LiveEvent, LiveTopic};
use leptos::prelude::*;

/// How many changes are kept for the pages that have not looked yet (a
/// page looks at once: two changes that arrive together are both seen).
const KEPT: usize = 64;

/// The live-update stream as the pages see it.
#[derive(Clone, Copy)]
pub struct Live {
    /// How many changes have been received.
    pub received: RwSignal<u32>,
    /// The latest changes, numbered from 1.
    log: StoredValue<std::collections::VecDeque<(u32, LiveEvent)>>,
    /// Whether the stream is interrupted and reconnecting.
    pub interrupted: RwSignal<bool>,
    /// Whether the stream is open.
    pub open: RwSignal<bool>,
    /// Goes up when the projects list may have changed (a project renamed,
    /// paused or provisioned, a role given or taken away): the list reads
    /// it with no memo of its own, as the first module holds the list.
    pub projects: RwSignal<u32>,
    /// Goes up when project requests changed.
    pub requests: RwSignal<u32>,
    /// Goes up when access requests changed.
    pub access: RwSignal<u32>,
    /// Whether the page shown first has its content: the stream and the
    /// navigation's counts wait for it, so that their code never delays
    /// the list's first rows.
    pub started: RwSignal<bool>,
}

impl Live {
    /// Passes a change received on to the pages.
    pub fn receive(&self, event: LiveEvent) {
        let n = self.received.get_untracked() + 1;
        self.log.update_value(|log| {
            if log.len() == KEPT {
                log.pop_front();
            }
            log.push_back((n, event));
        });
        self.received.set(n);
    }

    /// Makes `counter` go up.
    pub fn bump(counter: RwSignal<u32>) {
        counter.update(|n| *n += 1);
    }
}

/// Provides the stream's state to the whole console; called once.
pub fn provide_live() {
    provide_context(new_live());
}

/// The stream's state, or one of its own for a part of the console shown
/// alone (a component's test), where nothing is ever received.
pub fn expect_live() -> Live {
    use_context::<Live>().unwrap_or_else(new_live)
}

fn new_live() -> Live {
    Live {
        received: RwSignal::new(0),
        log: StoredValue::new(Default::default()),
        interrupted: RwSignal::new(false),
        open: RwSignal::new(false),
        projects: RwSignal::new(0),
        requests: RwSignal::new(0),
        access: RwSignal::new(0),
        started: RwSignal::new(false),
    }
}

/// A number that goes up with every change received from now on that
/// `concerns` the page (and with every `resync`): a page's data that
/// tracks it is read again when something it shows has changed. Without
/// the stream's state (a component's test), it never changes.
pub fn live_changes(concerns: impl Fn(&LiveEvent) -> bool + Send + Sync + 'static) -> Memo<u32> {
    let live = use_context::<Live>();
    // (how many concerned the page, the last change looked at)
    let state = Memo::new(move |before: Option<&(u32, u32)>| {
        let Some(live) = live else { return (0, 0) };
        let now = live.received.get();
        match before {
            None => (0, now),
            Some(&(count, seen)) => {
                let hit = live.log.with_value(|log| {
                    log.iter()
                        .any(|(n, e)| *n > seen && (e.topic == LiveTopic::Resync || concerns(e)))
                });
                (count + u32::from(hit), now)
            }
        }
    });
    Memo::new(move |_| state.get().0)
}

/// Whether `event` is about project `id`, or says to read everything.
pub fn about(event: &LiveEvent, id: &api_types::ProjectId) -> bool {
    event.project.as_ref() == Some(id)
}

/// [`live_changes`] for the changes of project `id` under `topics`.
pub fn project_changes(id: &api_types::ProjectId, topics: &'static [LiveTopic]) -> Memo<u32> {
    let id = id.clone();
    live_changes(move |e| about(e, &id) && topics.contains(&e.topic))
}

/// Makes a page's `refresh` go up whenever `changes` does, so that its
/// list is read again (keeping what is on screen until the answer).
pub fn refresh_on(changes: Memo<u32>, refresh: RwSignal<u32>) {
    when_free(changes, || false, move || refresh.update(|n| *n += 1));
}

/// Calls `then` whenever `changes` has gone up, but only while `held` is
/// false: a list with a form or a confirmation open is not drawn again under
/// the user, and catches up once it closes (one call for any number of
/// changes meanwhile). `held` must not read the resource that `then` makes
/// read again: a resource read by the effect that changes its source is not
/// fetched again.
pub fn when_free(
    changes: Memo<u32>,
    held: impl Fn() -> bool + Send + Sync + 'static,
    then: impl Fn() + Send + Sync + 'static,
) {
    let applied = StoredValue::new(changes.get_untracked());
    Effect::new(move |_| {
        let now = changes.get();
        if held() || applied.get_value() == now {
            return;
        }
        applied.set_value(now);
        then();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(topic: LiveTopic) -> LiveEvent {
        LiveEvent {
            topic,
            project: None,
            action: None,
        }
    }

    #[test]
    fn a_page_counts_each_change_that_concerns_it_even_two_arriving_at_once() {
        let owner = Owner::new();
        owner.set();
        provide_live();
        let live = expect_live();
        let requests = live_changes(|e| e.topic == LiveTopic::Requests);
        let projects = live_changes(|e| e.topic == LiveTopic::Project);
        assert_eq!((requests.get(), projects.get()), (0, 0));
        // Two changes before either page looks: each page sees its own.
        live.receive(event(LiveTopic::Project));
        live.receive(event(LiveTopic::Requests));
        assert_eq!((requests.get(), projects.get()), (1, 1));
        // Nothing for it: no change.
        live.receive(event(LiveTopic::Resources));
        assert_eq!((requests.get(), projects.get()), (1, 1));
        // Read everything again: every page.
        live.receive(LiveEvent::resync());
        assert_eq!((requests.get(), projects.get()), (2, 2));
    }

    #[test]
    fn without_the_stream_nothing_changes() {
        let owner = Owner::new();
        owner.set();
        let changes = live_changes(|_| true);
        assert_eq!(changes.get(), 0);
    }
}
