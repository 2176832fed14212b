//! `/support/requests`: support's queue of project requests. The oldest
//! pending request comes first, a page at a time (the page is in the URL);
//! each can be provisioned, or declined with a reason the requester reads.

use super::card::{Reader, RequestCard};
use super::region_label;
use crate::api::{expect_api, ApiError};
use crate::components::list::{queue_links, waiting_summary};
use crate::components::{focus_confirmation, focus_later, ConfirmDialog, ErrorView, KeepFocus};
use crate::format;
use crate::state::expect_session;
use crate::state::live::{live_changes, when_free};
use api_types::live::LiveTopic;
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

/// The queue: only support may see it.
#[component]
pub fn SupportQueue() -> impl IntoView {
    if !expect_session().me().is_some_and(|me| me.support) {
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
    view! { <QueuePage/> }.into_any()
}

/// What support is doing to the queue: the outcome of the last decision,
/// and the decline being written.
#[derive(Clone, Copy)]
struct Decisions {
    api: crate::api::ApiClient,
    /// Bumped to read the queue again.
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
    /// A decision is on its way to the server.
    busy: RwSignal<bool>,
    /// The request whose decline form is open.
    declining: RwSignal<Option<String>>,
    /// The request whose provisioning waits for confirmation.
    provisioning: RwSignal<Option<String>>,
    reason: RwSignal<String>,
    reason_error: RwSignal<Option<String>>,
}

impl Decisions {
    fn new() -> Self {
        Self {
            api: expect_api(),
            version: RwSignal::new(0),
            status: RwSignal::new(None),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
            declining: RwSignal::new(None),
            provisioning: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            reason_error: RwSignal::new(None),
        }
    }

    fn reload(self) {
        self.version.update(|v| *v += 1);
    }

    /// Starts a decision, unless one is on its way.
    fn begin(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.status.set(None);
        self.failure.set(None);
        true
    }

    /// Asks to confirm provisioning `id`, which builds infrastructure.
    fn ask_provision(self, id: String) {
        self.declining.set(None);
        self.provisioning.set(Some(id));
        focus_confirmation(false);
    }

    fn provision(self, r: ProjectRequest) {
        self.provisioning.set(None);
        if !self.begin() {
            return;
        }
        leptos::task::spawn_local(async move {
            match self.api.provision_request(&r.id).await {
                Ok(done) => self.status.set(Some(format!(
                    "{} is provisioned; {} is its Admin and sees it now.",
                    done.name, done.requested_by.name
                ))),
                Err(e) => self.failure.set(Some(e.sentence())),
            }
            self.busy.set(false);
            self.reload();
            focus_later("queue-title");
        });
    }

    /// Opens the decline form of `id`, keeping what was typed in it.
    fn open_decline(self, id: String) {
        self.provisioning.set(None);
        if self.declining.get_untracked().as_deref() != Some(id.as_str()) {
            self.reason.set(String::new());
        }
        self.declining.set(Some(id));
        self.reason_error.set(None);
        focus_later("decline-reason");
    }

    fn decline(self, id: String) {
        if self.busy.get_untracked() {
            return;
        }
        let body = DeclineProjectRequest {
            reason: self.reason.get_untracked(),
        };
        if let Err(e) = body.validate() {
            self.reason_error.set(Some(e.message));
            focus_later("decline-reason");
            return;
        }
        self.begin();
        leptos::task::spawn_local(async move {
            match self.api.decline_request(&id, &body.reason).await {
                Ok(done) => {
                    self.status.set(Some(format!(
                        "The request for {} is declined; {} sees why.",
                        done.name, done.requested_by.name
                    )));
                    self.declining.set(None);
                    self.reason.set(String::new());
                    self.reason_error.set(None);
                    self.reload();
                    focus_later("queue-title");
                }
                Err(ApiError::Validation { message, .. }) => {
                    self.reason_error.set(Some(message));
                    focus_later("decline-reason");
                }
                Err(e) => {
                    self.declining.set(None);
                    self.failure.set(Some(e.sentence()));
                    self.reload();
                }
            }
            self.busy.set(false);
        });
    }
}

/// The queue's page: a page of pending requests (the page is in the URL),
/// and the most recently settled ones.
#[component]
fn QueuePage() -> impl IntoView {
    let decisions = Decisions::new();
    let api = decisions.api;
    let query = use_query_map();
    // A page number that is not one shows the first page.
    let page = Memo::new(move |_| {
        query.with(|q| q.get("page").and_then(|p| parse_page(&p).ok()).unwrap_or(1))
    });
    let requests = LocalResource::new(move || {
        decisions.version.track();
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
    // A request filed, withdrawn or decided elsewhere: the queue is read
    // again, except while a decline or a provisioning is being asked for or
    // is on its way, and the control that had the focus keeps it.
    let keep = KeepFocus::new("[data-testid=support-queue]", "queue-title");
    when_free(
        live_changes(|e| e.topic == LiveTopic::Requests),
        move || {
            decisions.busy.get()
                || decisions.declining.with(Option::is_some)
                || decisions.provisioning.with(Option::is_some)
        },
        move || {
            keep.note();
            decisions.reload();
        },
    );
    let reload = move || decisions.reload();
    let item = move |r: ProjectRequest| view! { <QueueItem request=r decisions=decisions/> };
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
            <p class="form__status" role="status" data-testid="queue-status">{move || decisions.status.get()}</p>
            <p class="notice notice--error" role="alert" hidden=move || decisions.failure.with(Option::is_none)>
                {move || decisions.failure.get()}
            </p>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the requests…"</p> }>
                {move || Suspend::new(async move {
                    let answer = requests.await;
                    keep.restore();
                    match answer {
                        Ok((pending, settled)) => {
                            let summary = waiting_summary(&pending);
                            let pager = queue_links(&pending, "Pages of the queue", crate::routes::support_requests());
                            let pending_view = if !pending.result.is_empty() {
                                view! { <ul class="requests__list">{pending.result.into_iter().map(item).collect_view()}</ul> }.into_any()
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
                                        <ul class="requests__list">{settled.result.into_iter().map(item).collect_view()}</ul>
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
}

/// One request of the queue; a pending one can be provisioned or declined.
#[component]
fn QueueItem(request: ProjectRequest, decisions: Decisions) -> impl IntoView {
    let pending = request.state == RequestState::Pending;
    let busy = decisions.busy;
    let actions = pending.then(|| {
        let (for_provision, id) = (request.clone(), request.id.clone());
        view! {
            <button
                type="button"
                class="button button--primary button--small"
                aria-label=format!("Provision {}", request.name)
                prop:disabled=busy
                on:click=move |_| decisions.ask_provision(for_provision.id.clone())
            >
                "Provision…"
            </button>
            <button
                type="button"
                class="button button--small"
                aria-label=format!("Decline {}", request.name)
                prop:disabled=busy
                on:click=move |_| decisions.open_decline(id.clone())
            >
                "Decline…"
            </button>
        }
        .into_any()
    });
    let (id, name) = (request.id.clone(), request.name.clone());
    let for_confirm = request.clone();
    let form = move || {
        let id = id.as_str();
        if !pending {
            return None;
        }
        if decisions.provisioning.get().as_deref() == Some(id) {
            let r = for_confirm.clone();
            let text = format!(
                "This creates the project in {}, {}, with its Kafka brokers, and makes {} its Admin.",
                format::cloud_name(r.cloud),
                region_label(r.cloud, &r.region),
                r.requested_by.name
            );
            let cancel = Callback::new(move |()| {
                decisions.provisioning.set(None);
                focus_later("queue-title");
            });
            return Some(
                view! {
                    <ConfirmDialog
                        title=format!("Provision \u{201c}{}\u{201d}?", r.name)
                        action="Provision project".to_string()
                        type_to_confirm=None
                        testid="confirm-provision"
                        on_confirm=Callback::new(move |()| decisions.provision(r.clone()))
                        on_cancel=cancel
                    >
                        {text}
                    </ConfirmDialog>
                }
                .into_any(),
            );
        }
        (decisions.declining.get().as_deref() == Some(id)).then(|| {
            view! { <DeclineForm id=id.to_string() name=name.clone() decisions=decisions/> }
                .into_any()
        })
    };
    view! {
        <RequestCard request=request reader=Reader::Support actions=actions>
            {form}
        </RequestCard>
    }
}

/// Why support declines a request, which its requester will read.
#[component]
fn DeclineForm(id: String, name: String, decisions: Decisions) -> impl IntoView {
    let Decisions {
        reason,
        reason_error,
        busy,
        declining,
        ..
    } = decisions;
    view! {
        <form
            class="form request__decline"
            novalidate=true
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                decisions.decline(id.clone());
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
}
