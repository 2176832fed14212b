//! The one live-update stream of a signed-in tab (`GET /api/events`), and
//! the indicator that says when it is interrupted.
//!
//! Each change it announces is passed on to the pages through
//! [`Live`](crate::state::live::Live); what the top bar and the projects
//! list show is read again here: the current project (whose every page
//! follows it) and the user's roles. A project the user can no longer open
//! is reloaded by its page, which then says so and shows none of its data.

use crate::api::{expect_api, ApiClient, ApiError, API_BASE};
use crate::state::live::{expect_live, Live};
use crate::state::project_index::{expect_project_index, ProjectIndexCache};
use crate::state::{expect_current_project, expect_session, CurrentProject, Session, SessionState};
use api_types::live::{LiveEvent, LiveTopic};
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// The longest wait before reconnecting a stream the browser gave up on.
const MAX_WAIT_MS: u64 = 30_000;

/// What the stream's handlers work with, taken from the context once (the
/// browser calls them outside of it).
#[derive(Clone, Copy)]
struct Handles {
    live: Live,
    api: ApiClient,
    current: CurrentProject,
    index: ProjectIndexCache,
    session: Session,
    source: StoredValue<Option<EventSource>, LocalStorage>,
    wait_ms: StoredValue<u64>,
    alive: StoredValue<bool>,
}

/// Opens the stream, keeps it open, and shows the indicator while it is
/// interrupted.
#[component]
pub fn LiveUpdates() -> impl IntoView {
    let live = expect_live();
    let source = StoredValue::new_local(None::<EventSource>);
    let alive = StoredValue::new(true);
    connect(Handles {
        live,
        api: expect_api(),
        current: expect_current_project(),
        index: expect_project_index(),
        session: expect_session(),
        source,
        wait_ms: StoredValue::new(1_000),
        alive,
    });
    on_cleanup(move || {
        alive.set_value(false);
        if let Some(Some(es)) = source.try_get_value() {
            es.close();
        }
    });
    view! {
        <span
            class="live-status"
            role="status"
            data-testid="live-status"
            data-state=move || if live.open.get() { "open" } else if live.interrupted.get() { "interrupted" } else { "connecting" }
        >
            {move || live.interrupted.get().then(|| view! {
                <span class="live-status__badge" title="Live updates interrupted · reconnecting…">
                    <span class="live-status__dot" aria-hidden="true"></span>
                    <span class="live-status__long">"Live updates interrupted · reconnecting…"</span>
                </span>
            })}
        </span>
    }
}

/// Opens a stream; when the browser gives up on it (the server refused
/// it, or the network is down for good), opens another after a wait that
/// doubles each time.
fn connect(h: Handles) {
    let Handles {
        live,
        api,
        source,
        wait_ms,
        alive,
        ..
    } = h;
    let Ok(es) = EventSource::new(&format!("{API_BASE}/events")) else {
        live.interrupted.set(true);
        return;
    };
    let on_open = Closure::<dyn Fn()>::new(move || {
        wait_ms.set_value(1_000);
        live.interrupted.set(false);
        live.open.set(true);
    });
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        if let Ok(event) = serde_json::from_str::<LiveEvent>(&text) {
            apply(h, event);
        }
    });
    let opened = es.clone();
    let on_error = Closure::<dyn Fn()>::new(move || {
        live.open.set(false);
        live.interrupted.set(true);
        // CONNECTING: the browser tries again by itself.
        if opened.ready_state() != EventSource::CLOSED {
            return;
        }
        // Refused (a 401 ends the session through the API client's
        // check; anything else is tried again later).
        let wait = wait_ms.get_value();
        wait_ms.set_value((wait * 2).min(MAX_WAIT_MS));
        leptos::task::spawn_local(async move {
            if let Err(ApiError::Unauthorized(_)) = api.me().await {
                return;
            }
            set_timeout(
                move || {
                    if alive.try_get_value() == Some(true) {
                        connect(h);
                    }
                },
                std::time::Duration::from_millis(wait),
            );
        });
    });
    es.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    es.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The handlers live as long as the tab: a stream replaced or closed
    // never calls them again.
    on_open.forget();
    on_message.forget();
    on_error.forget();
    source.set_value(Some(es));
}

/// Passes a change on to the pages, and reads again what the top bar and
/// the permissions show.
fn apply(h: Handles, event: LiveEvent) {
    let Handles {
        live,
        api,
        current,
        index,
        session,
        ..
    } = h;
    let topic = event.topic;
    let project = event.project.clone();
    let resync = topic == LiveTopic::Resync;
    // The list's memory first: the list then reads the server again.
    if resync || matches!(topic, LiveTopic::Project | LiveTopic::Members) {
        index.invalidate();
        Live::bump(live.projects);
    }
    if resync || topic == LiveTopic::Requests {
        Live::bump(live.requests);
    }
    if resync || topic == LiveTopic::Access {
        Live::bump(live.access);
    }
    live.receive(event);
    // The user's own roles may have changed.
    if matches!(
        topic,
        LiveTopic::Members | LiveTopic::Access | LiveTopic::Resync
    ) {
        leptos::task::spawn_local(async move {
            if let Ok(me) = api.me().await {
                if session
                    .0
                    .with_untracked(|s| !matches!(s, SessionState::SignedIn(m) if *m == me))
                {
                    session.0.set(SessionState::SignedIn(me));
                }
            }
        });
    }
    let Some(id) = current.id.get_untracked() else {
        return;
    };
    let concerns_current = project.as_ref() == Some(&id) || topic == LiveTopic::Resync;
    if !concerns_current
        || !matches!(
            topic,
            LiveTopic::Project | LiveTopic::Members | LiveTopic::Resync
        )
    {
        return;
    }
    leptos::task::spawn_local(async move {
        match api.get_project(&id, None).await {
            Ok(p) if p.id == id => current.changed(p),
            Err(ApiError::Forbidden(_) | ApiError::NotFound(_)) => current.lost(&id),
            _ => {}
        }
    });
}
