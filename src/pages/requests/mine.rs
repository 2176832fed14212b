//! The user's own project requests, on the projects page. Pending ones
//! are rows of the list, being provisioned (they can be cancelled there);
//! this section says what support decided lately, each decision
//! dismissable. The list is read again when the live-update stream says a
//! request changed, so that a project support provisions shows up without
//! a reload (and without asking the server over and over meanwhile).

use super::card::{Reader, RequestCard};
use crate::api::{expect_api, ApiError};
use crate::format;
use crate::pages::projects::Provisioning;
use crate::routes;
use crate::state::live::expect_live;
use crate::state::{expect_session, storage, SessionState};
use api_types::{ProjectRequest, RequestState};
use leptos::prelude::*;

/// The first wait before asking again after a failure, in milliseconds.
pub const RETRY_MS: u64 = 3000;
/// The longest wait between tries while the server fails.
const MAX_RETRY_MS: u64 = 60_000;

/// Settled requests stay listed this long, so that the requester sees what
/// support decided.
const RECENT_DAYS: i64 = 7;

/// The settled requests worth showing now: decided in the last week and
/// not dismissed (a cancelled one is the user's own doing and is not
/// repeated back; pending ones are rows of the list).
pub fn worth_showing(
    list: &[ProjectRequest],
    dismissed: &[String],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<ProjectRequest> {
    list.iter()
        .filter(|r| match r.state {
            RequestState::Pending | RequestState::Cancelled => false,
            _ => r
                .decided_at
                .is_some_and(|at| now - at < chrono::Duration::days(RECENT_DAYS)),
        })
        .filter(|r| !dismissed.contains(&r.id))
        .cloned()
        .collect()
}

/// The pending requests of `list`, oldest first.
pub fn pending_of(list: &[ProjectRequest]) -> Vec<ProjectRequest> {
    let mut pending: Vec<ProjectRequest> = list
        .iter()
        .filter(|r| r.state == RequestState::Pending)
        .cloned()
        .collect();
    pending.sort_by_key(|r| r.created_at);
    pending
}

/// The ids of the requests pending in `before` that are provisioned in `after`.
pub fn newly_provisioned(before: &[ProjectRequest], after: &[ProjectRequest]) -> Vec<String> {
    after
        .iter()
        .filter(|r| r.state == RequestState::Provisioned)
        .filter(|r| {
            before
                .iter()
                .any(|b| b.id == r.id && b.state == RequestState::Pending)
        })
        .map(|r| r.id.clone())
        .collect()
}

/// The section; nothing at all when the user has nothing to see.
#[component]
pub fn MyRequests() -> impl IntoView {
    let api = expect_api();
    let session = expect_session();
    let link =
        use_context::<Provisioning>().unwrap_or_else(|| Provisioning::new(Callback::new(|()| {})));
    let on_provisioned = link.on_provisioned;
    let user = session.me().map(|m| m.user.id).unwrap_or_default();
    let dismissed = RwSignal::new(storage::load_dismissed(&user));
    let requests = RwSignal::new(None::<Vec<ProjectRequest>>);
    let failure = RwSignal::new(None::<String>);
    let busy = link.busy;
    let status = RwSignal::new(None::<String>);
    let retry_ms = StoredValue::new(RETRY_MS);
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));

    // One fetch at a time; while something is pending, the next follows
    // a few seconds after the last answer.
    let fetch = StoredValue::new_local(None::<std::rc::Rc<dyn Fn()>>);
    let run: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        leptos::task::spawn_local(async move {
            let answer = api.list_requests().await;
            if !alive.try_get_value().unwrap_or(false) {
                return;
            }
            match answer {
                Ok(list) => {
                    // Support sees everyone's requests; this section is the
                    // user's own.
                    let me = session.me();
                    let list: Vec<ProjectRequest> = list
                        .into_iter()
                        .filter(|r| me.as_ref().is_some_and(|m| m.user.id == r.requested_by.id))
                        .collect();
                    let before = requests.get_untracked().unwrap_or_default();
                    let arrived = !newly_provisioned(&before, &list).is_empty();
                    // A project provisioned while the user was elsewhere is
                    // one the session does not know the role on yet.
                    let unknown_role = list.iter().any(|r| {
                        r.project_id
                            .as_ref()
                            .is_some_and(|p| me.as_ref().is_some_and(|m| m.role_on(p).is_none()))
                    });
                    if arrived || unknown_role {
                        if let Ok(fresh) = api.me().await {
                            if !alive.try_get_value().unwrap_or(false) {
                                return;
                            }
                            session.0.set(SessionState::SignedIn(fresh));
                        }
                    }
                    if arrived {
                        on_provisioned.try_run(());
                    }
                    // Unchanged answers leave the section (and the focus) alone.
                    if requests.with_untracked(|old| old.as_ref() != Some(&list)) {
                        link.pending.set(pending_of(&list));
                        requests.set(Some(list));
                    }
                    if failure.with_untracked(Option::is_some) {
                        failure.set(None);
                    }
                    retry_ms.set_value(RETRY_MS);
                }
                Err(ApiError::Aborted | ApiError::Unauthorized(_)) => {}
                Err(e) => {
                    let message = e.sentence();
                    if failure.with_untracked(|f| f.as_ref() != Some(&message)) {
                        failure.set(Some(message));
                    }
                    // Tries again, less and less often, while it fails.
                    let wait = retry_ms.get_value();
                    retry_ms.set_value((wait * 2).min(MAX_RETRY_MS));
                    schedule(fetch, wait);
                }
            }
        });
    });
    fetch.set_value(Some(run.clone()));
    // Now, and whenever the live-update stream says a request changed.
    let changed = expect_live().requests;
    Effect::new(move |_| {
        changed.track();
        run();
    });

    let on_cancel = Callback::new(move |id: String| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(id.clone()));
        leptos::task::spawn_local(async move {
            match api.cancel_request(&id).await {
                Ok(done) => {
                    status.try_set(Some(format!("The request for {} is cancelled.", done.name)));
                    requests.try_update(|list| {
                        if let Some(list) = list {
                            for r in list.iter_mut().filter(|r| r.id == done.id) {
                                *r = done.clone();
                            }
                            link.pending.set(pending_of(list));
                        }
                    });
                    crate::components::focus_later("my-requests-title");
                }
                Err(e) => {
                    failure.try_set(Some(e.sentence()));
                }
            }
            busy.try_set(None);
        });
    });

    link.cancel.set(Some(on_cancel));
    on_cleanup(move || {
        link.cancel.try_set(None);
    });
    let on_dismiss = Callback::new(move |id: String| {
        storage::dismiss_request(&user, &id);
        dismissed.update(|d| *d = storage::with_dismissed(std::mem::take(d), &id));
        crate::components::focus_later("projects-title");
    });

    move || {
        let now = format::now();
        let shown = requests.with(|l| {
            dismissed.with(|d| {
                l.as_deref()
                    .map(|l| worth_showing(l, d, now))
                    .unwrap_or_default()
            })
        });
        if shown.is_empty() && failure.with(Option::is_none) && status.with(Option::is_none) {
            return None;
        }
        let items = shown
            .into_iter()
            .map(|r| view! { <MyRequest request=r on_dismiss=on_dismiss/> })
            .collect_view();
        Some(view! {
            <section class="card requests" aria-labelledby="my-requests-title" data-testid="my-requests">
                <h2 class="card__title" id="my-requests-title" tabindex="-1">"Your project requests"</h2>
                <p class="form__status" role="status">{move || status.get()}</p>
                <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                    {move || failure.get()}
                </p>
                <ul class="requests__list">{items}</ul>
            </section>
        })
    }
}

/// One of the user's settled requests: a provisioned one can be opened;
/// each can be dismissed.
#[component]
fn MyRequest(request: ProjectRequest, on_dismiss: Callback<String>) -> impl IntoView {
    let id = request.id.clone();
    let open = request.project_id.as_ref().map(|p| {
        view! { <a class="button button--small" href=routes::project_dashboard(p)>"Open project"</a> }
    });
    let action = view! {
        {open}
        <button
            type="button"
            class="button button--small"
            aria-label=format!("Dismiss the request for {}", request.name)
            on:click=move |_| on_dismiss.run(id.clone())
        >
            "Dismiss"
        </button>
    }
    .into_any();
    view! { <RequestCard request=request reader=Reader::Requester actions=Some(action)/> }
}

/// Runs the stored fetch again after `ms` milliseconds.
fn schedule(fetch: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>, ms: u64) {
    set_timeout(
        move || run_when_visible(fetch),
        std::time::Duration::from_millis(ms),
    );
}

/// Asks now, or, in a tab nobody is looking at, as soon as it is shown
/// again: a tab left in the background does not keep polling the server.
fn run_when_visible(fetch: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    let document = document();
    if !document.hidden() {
        if let Some(Some(run)) = fetch.try_get_value() {
            run();
        }
        return;
    }
    let shown = Closure::once_into_js(move || run_when_visible(fetch));
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
        "visibilitychange",
        shown.unchecked_ref(),
        &options,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{Cloud, EnvironmentType, ThroughputUnit, User};
    use chrono::Duration;

    fn request(id: &str, state: RequestState, decided_days_ago: Option<i64>) -> ProjectRequest {
        let now = crate::format::now();
        ProjectRequest {
            id: id.into(),
            name: format!("P-{id}"),
            environment: EnvironmentType::Staging,
            cloud: Cloud::Aws,
            region: "us-east-1".into(),
            throughput: 10,
            throughput_unit: ThroughputUnit::MbPerSecond,
            connectors: 1,
            requirements: vec![],
            notes: String::new(),
            state,
            requested_by: User {
                id: "u".into(),
                email: "u@example.com".into(),
                name: "U".into(),
            },
            created_at: now - Duration::days(30),
            decided_at: decided_days_ago.map(|d| now - Duration::days(d)),
            decline_reason: None,
            project_id: None,
        }
    }

    #[test]
    fn recent_decisions_not_dismissed_are_shown_and_pending_ones_are_rows() {
        let list = vec![
            request("a", RequestState::Pending, None),
            request("b", RequestState::Declined, Some(1)),
            request("c", RequestState::Provisioned, Some(30)),
            request("d", RequestState::Cancelled, Some(0)),
            request("e", RequestState::Provisioned, Some(2)),
        ];
        let ids = |shown: Vec<ProjectRequest>| shown.into_iter().map(|r| r.id).collect::<Vec<_>>();
        let now = crate::format::now();
        assert_eq!(ids(worth_showing(&list, &[], now)), ["b", "e"]);
        assert_eq!(ids(worth_showing(&list, &["e".into()], now)), ["b"]);
        assert_eq!(ids(pending_of(&list)), ["a"]);
    }

    #[test]
    fn a_request_that_was_pending_and_is_now_provisioned_is_noticed() {
        let before = vec![
            request("a", RequestState::Pending, None),
            request("b", RequestState::Provisioned, Some(1)),
        ];
        let after = vec![
            request("a", RequestState::Provisioned, Some(0)),
            request("b", RequestState::Provisioned, Some(1)),
        ];
        assert_eq!(newly_provisioned(&before, &after), ["a"]);
        assert!(newly_provisioned(&after, &after).is_empty());
        assert!(
            newly_provisioned(&[], &after).is_empty(),
            "the first answer is no change"
        );
    }
}
