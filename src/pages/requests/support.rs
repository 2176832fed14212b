//! `/support/requests`: support's queue of project requests. The oldest
//! pending request comes first, a page at a time (the page is in the URL);
//! each can be provisioned, or declined with a reason the requester reads.

use super::card::{Reader, RequestCard};
use crate::api::{expect_api, ApiError};
use crate::components::{focus_later, ErrorView};
use crate::format;
use crate::state::expect_session;
use api_types::{
    parse_page, DeclineProjectRequest, ListResponse, ProjectRequest, QueuePart, QueueQuery,
    RequestState,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Pending requests per page of the queue.
const QUEUE_PAGE: u32 = 50;
/// How many of the most recently settled requests are shown below it.
const SETTLED_SHOWN: u32 = 20;

/// A page of the queue and the most recently settled requests.
type Queue = (ListResponse<ProjectRequest>, ListResponse<ProjectRequest>);

/// The queue.
#[component]
pub fn SupportQueue() -> impl IntoView {
    let session = expect_session();
    let is_support = session.me().is_some_and(|me| me.support);
    if !is_support {
        return view! {
            <section class="page page--narrow" data-testid="support-only">
                <h1 class="page__title">"Support queue"</h1>
                <p class="notice notice--error" role="alert">
                    "Only support can see the queue of project requests. Your own requests are on the projects page."
                </p>
            </section>
        }
        .into_any();
    }
    let api = expect_api();
    let query = use_query_map();
    // A page number that is not one shows the first page.
    let page = Memo::new(move |_| {
        query.with(|q| q.get("page").and_then(|p| parse_page(&p).ok()).unwrap_or(1))
    });
    let version = RwSignal::new(0u32);
    let requests = LocalResource::new(move || {
        version.track();
        let page = page.get();
        async move {
            let pending = QueueQuery {
                part: QueuePart::Pending,
                page,
                page_size: QUEUE_PAGE,
            };
            let settled = QueueQuery {
                part: QueuePart::Settled,
                page: 1,
                page_size: SETTLED_SHOWN,
            };
            let pending = api.support_queue(&pending).await?;
            let settled = api.support_queue(&settled).await?;
            Ok::<Queue, ApiError>((pending, settled))
        }
    });
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let declining = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let reload = move || version.update(|v| *v += 1);

    let provision = move |r: ProjectRequest| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api.provision_request(&r.id).await {
                Ok(done) => status.set(Some(format!(
                    "{} is provisioned; {} is its Admin and sees it now.",
                    done.name, done.requested_by.name
                ))),
                Err(e) => failure.set(Some(e.sentence())),
            }
            busy.set(false);
            reload();
            focus_later("queue-title");
        });
    };
    let decline = move |id: String| {
        if busy.get_untracked() {
            return;
        }
        let body = DeclineProjectRequest {
            reason: reason.get_untracked(),
        };
        if let Err(e) = body.validate() {
            reason_error.set(Some(e.message));
            focus_later("decline-reason");
            return;
        }
        busy.set(true);
        status.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api.decline_request(&id, &body.reason).await {
                Ok(done) => {
                    status.set(Some(format!(
                        "The request for {} is declined; {} sees why.",
                        done.name, done.requested_by.name
                    )));
                    declining.set(None);
                    reason.set(String::new());
                    reason_error.set(None);
                    reload();
                    focus_later("queue-title");
                }
                Err(ApiError::Validation { message, .. }) => {
                    reason_error.set(Some(message));
                    focus_later("decline-reason");
                }
                Err(e) => {
                    declining.set(None);
                    failure.set(Some(e.sentence()));
                    reload();
                }
            }
            busy.set(false);
        });
    };

    let row = move |r: ProjectRequest| {
        let pending = r.state == RequestState::Pending;
        let id = r.id.clone();
        let open_decline = {
            let id = id.clone();
            move |_| {
                if declining.get_untracked().as_deref() != Some(id.as_str()) {
                    reason.set(String::new());
                }
                declining.set(Some(id.clone()));
                reason_error.set(None);
                focus_later("decline-reason");
            }
        };
        let provision_this = {
            let r = r.clone();
            move |_| provision(r.clone())
        };
        let decline_form = {
            let id = id.clone();
            let name = r.name.clone();
            move || {
                (pending && declining.get().as_deref() == Some(id.as_str())).then(|| {
                    let id = id.clone();
                    view! {
                        <form
                            class="form request__decline"
                            novalidate=true
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                decline(id.clone());
                            }
                        >
                            <label class="field__label" for="decline-reason">{format!("Why decline {name}?")}</label>
                            <textarea
                                id="decline-reason"
                                class="input"
                                rows="3"
                                aria-invalid=move || reason_error.with(Option::is_some).to_string()
                                aria-describedby="decline-reason-error"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                            ></textarea>
                            <p class="field__error" id="decline-reason-error">{move || reason_error.get()}</p>
                            <div class="form__actions">
                                <button type="submit" class="button button--danger" prop:disabled=busy>"Decline request"</button>
                                <button type="button" class="button" on:click=move |_| declining.set(None)>"Keep it"</button>
                            </div>
                        </form>
                    }
                })
            }
        };
        let actions = pending.then(|| {
            view! {
                <button
                    type="button"
                    class="button button--primary button--small"
                    aria-label=format!("Provision {}", r.name)
                    prop:disabled=busy
                    on:click=provision_this
                >
                    "Provision"
                </button>
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Decline {}", r.name)
                    prop:disabled=busy
                    on:click=open_decline
                >
                    "Decline…"
                </button>
            }
            .into_any()
        });
        view! {
            <RequestCard request=r reader=Reader::Support actions=actions>
                {decline_form}
            </RequestCard>
        }
    };

    view! {
        <section class="page" aria-labelledby="queue-title" data-testid="support-queue">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Support"</p>
                    <h1 class="page__title" id="queue-title" tabindex="-1">"Project requests"</h1>
                    <p class="page__lead">"Provisioning creates the project in the requested cloud and region, with its Kafka brokers, and makes the requester its Admin."</p>
                </div>
                <button type="button" class="button" on:click=move |_| reload()>"Refresh"</button>
            </header>
            <p class="form__status" role="status" data-testid="queue-status">{move || status.get()}</p>
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>{move || failure.get()}</p>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the requests…"</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok((pending, settled)) => {
                            let summary = waiting_summary(&pending);
                            let pager = pager(&pending);
                            let pending_view = if !pending.result.is_empty() {
                                view! { <ul class="requests__list">{pending.result.into_iter().map(row).collect_view()}</ul> }.into_any()
                            } else if pending.page > 1 && pending.total > 0 {
                                view! {
                                    <p class="empty-line" data-testid="queue-empty">
                                        "No request on this page. "
                                        <a href=crate::routes::support_requests()>"Go to the first page"</a>
                                    </p>
                                }.into_any()
                            } else {
                                view! { <p class="empty-line" data-testid="queue-empty">"No request is waiting."</p> }.into_any()
                            };
                            view! {
                                <section class="card requests" aria-labelledby="queue-pending">
                                    <h2 class="card__title" id="queue-pending">"Waiting, oldest first"</h2>
                                    <p class="requests__count" data-testid="queue-count">{summary}</p>
                                    {pending_view}
                                    {pager}
                                </section>
                                {(!settled.result.is_empty()).then(|| view! {
                                    <section class="card requests" aria-labelledby="queue-settled">
                                        <h2 class="card__title" id="queue-settled">"Recently settled"</h2>
                                        <ul class="requests__list">{settled.result.into_iter().map(row).collect_view()}</ul>
                                    </section>
                                })}
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorView error=error on_retry=reload/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// "3 requests waiting", or on one of several pages "Showing 51–100 of
/// 123 requests waiting".
fn waiting_summary(page: &ListResponse<ProjectRequest>) -> String {
    let waiting = format!(
        "{} waiting",
        format::count(page.total, "request", "requests")
    );
    if page.total <= u64::from(page.page_size) || page.result.is_empty() {
        return waiting;
    }
    let first = u64::from(page.page - 1) * u64::from(page.page_size) + 1;
    let last = first + page.result.len() as u64 - 1;
    format!(
        "Showing {}\u{2013}{} of {waiting}",
        format::grouped(first),
        format::grouped(last)
    )
}

/// Links to the previous and next pages of the queue, when it has more
/// than one.
fn pager(page: &ListResponse<ProjectRequest>) -> Option<impl IntoView> {
    let pages = page.total.div_ceil(u64::from(page.page_size.max(1)));
    if pages <= 1 {
        return None;
    }
    let href = |n: u32| format!("{}?page={n}", crate::routes::support_requests());
    let previous = (page.page > 1).then(|| {
        view! { <a class="button" href=href(page.page - 1)>"Previous"</a> }
    });
    let next = page
        .has_next
        .then(|| view! { <a class="button" href=href(page.page + 1)>"Next"</a> });
    Some(view! {
        <nav class="pager" aria-label="Pages of the queue">
            {previous}
            <span class="pager__status">{format!("Page {} of {pages}", page.page)}</span>
            {next}
        </nav>
    })
}
