//! Access to projects one has no role on.
//!
//! `/request-access/:id` names who can grant access to a project (its own
//! Admins, and the organisation admins), and asks them for a role; it is
//! where a locked row of the projects list leads. `/access-requests` is
//! where those who can grant answer, in one step, and the members page
//! shows the same queue to organisation admins.

use crate::api::{expect_api, ApiError};
use crate::components::list::{queue_links, waiting_summary};
use crate::components::{focus_later, ErrorView, KeepFocus};
use crate::format;
use crate::routes;
use crate::state::live::{live_changes, when_free};
use api_types::live::LiveTopic;
use api_types::{
    parse_page, AccessRequest, AccessRequestState, Granter, ProjectAccess, ProjectId, QueuePart,
    QueueQuery, RoleKey,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Pending requests per page of the queue.
const QUEUE_PAGE: u32 = 50;
/// How many of the most recently answered requests are shown below it.
const ANSWERED_SHOWN: u32 = 10;

/// `/request-access/:id`: whom to ask, and asking.
#[component]
pub fn RequestAccessPage() -> impl IntoView {
    let params = use_params_map();
    let api = expect_api();
    let raw = move || params.with(|p| p.get("id").unwrap_or_default());
    // Bumped after a change, to read the access again.
    let version = RwSignal::new(0u32);
    let access = LocalResource::new(move || {
        version.track();
        let id = ProjectId::parse(&raw());
        async move {
            match id {
                Ok(id) => api.project_access(&id).await.map(Some),
                Err(_) => Ok(None),
            }
        }
    });
    let retry = move || version.update(|v| *v += 1);
    // While the user's request waits, its answer shows as soon as it is
    // given; a request being written is never drawn over. Whether it waits
    // is noted as the page is drawn: the effect that reads the access again
    // must not read the access itself, or it would not be read again.
    let waiting = RwSignal::new(false);
    let keep = KeepFocus::new("[data-testid=request-access]", "access-title");
    when_free(
        live_changes(|e| matches!(e.topic, LiveTopic::Access | LiveTopic::Members)),
        move || !waiting.get(),
        move || {
            keep.note();
            retry();
        },
    );
    view! {
        <section class="page page--narrow access-page" data-testid="request-access">
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading who can give access…"</p> }>
                {move || Suspend::new(async move {
                    let answer = access.await;
                    waiting.set(matches!(&answer, Ok(Some(p)) if p.role.is_none()
                        && p.request.as_ref().is_some_and(|r| r.state == AccessRequestState::Pending)));
                    keep.restore();
                    match answer {
                        Ok(Some(access)) => view! { <AccessView access=access version=version/> }.into_any(),
                        Ok(None) => view! {
                            <h1 class="page__title">"Request access"</h1>
                            <p class="notice notice--error" role="alert">
                                <code>{raw()}</code> " is not a project id."
                            </p>
                            <p><a class="button button--primary" href=routes::projects()>"Go to your projects"</a></p>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <h1 class="page__title">"Request access"</h1>
                            <ErrorView error=error on_retry=retry/>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A sentence naming people: "A", "A and B", "A, B and C".
pub fn names(people: &[&str]) -> String {
    match people {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Who sees a request for access to a project: its Admins, else the
/// organisation admins.
fn who_answers(access: &ProjectAccess) -> String {
    let people: Vec<&str> = access
        .admins
        .iter()
        .chain(&access.organisation_admins)
        .map(|g| g.name.as_str())
        .collect();
    if people.is_empty() {
        "the organisation admins".to_string()
    } else {
        names(&people)
    }
}

/// The page once the access is known.
#[component]
fn AccessView(access: ProjectAccess, version: RwSignal<u32>) -> impl IntoView {
    let name = access.project_name.clone();
    let title = format!("Access to {name}");
    let state = match (&access.role, &access.request) {
        (Some(role), _) => {
            let href = routes::project_dashboard(&access.project_id);
            view! {
                <p class="notice notice--success" role="status" data-testid="access-granted">
                    {format!("You have access to {name} as {}.", role.name())}
                </p>
                <p><a class="button button--primary" href=href>"Open the project"</a></p>
            }
            .into_any()
        }
        (None, Some(request)) if request.state == AccessRequestState::Pending => {
            view! { <PendingRequest request=request.clone() answers=who_answers(&access) version=version/> }
                .into_any()
        }
        (None, last) => {
            let declined = last
                .as_ref()
                .filter(|r| r.state == AccessRequestState::Declined)
                .map(|r| {
                    let by = r.decided_by.clone().unwrap_or_else(|| "An Admin".into());
                    let when = r.decided_at.as_ref().map(format::local_date).unwrap_or_default();
                    let reason = r
                        .decline_reason
                        .clone()
                        .map(|why| format!(": \u{201c}{why}\u{201d}"))
                        .unwrap_or_else(|| ", without a reason".into());
                    view! {
                        <p class="notice notice--error" data-testid="access-declined">
                            {format!("{by} declined your request on {when}{reason}. You may ask again.")}
                        </p>
                    }
                });
            view! {
                {declined}
                <AskForm project=access.project_id.clone() name=name.clone() answers=who_answers(&access) version=version/>
            }
            .into_any()
        }
    };
    view! {
        <p class="page__eyebrow">"Request access"</p>
        <h1 class="page__title" id="access-title" tabindex="-1">{title}</h1>
        {state}
        <Granters access=access/>
    }
}

/// The people who can give access, with their emails.
#[component]
fn Granters(access: ProjectAccess) -> impl IntoView {
    let list = |people: Vec<Granter>, testid: &'static str| {
        view! {
            <ul class="granters" data-testid=testid>
                {people
                    .into_iter()
                    .map(|g| {
                        let mail = format!("mailto:{}", g.email);
                        view! {
                            <li class="granters__item">
                                <span class="granters__name">{g.name}</span>
                                " "
                                <a href=mail class="granters__email">{g.email}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    };
    let admins = (!access.admins.is_empty()).then(|| {
        view! {
            <h3 class="card__subtitle">{format!("Admins of {}", access.project_name)}</h3>
            {list(access.admins.clone(), "project-admins")}
        }
    });
    let organisation = (!access.organisation_admins.is_empty()).then(|| {
        view! {
            <h3 class="card__subtitle">"Organisation admins (Admin on every project)"</h3>
            {list(access.organisation_admins.clone(), "organisation-admins")}
        }
    });
    let nobody = (access.admins.is_empty() && access.organisation_admins.is_empty()).then(|| {
        view! { <p>"Nobody who can sign in can give access to this project yet. Ask support."</p> }
    });
    view! {
        <section class="card" aria-labelledby="granters-title">
            <h2 class="card__title" id="granters-title">"Who can give access"</h2>
            {admins}
            {organisation}
            {nobody}
        </section>
    }
}

/// The user's pending request, which they can withdraw.
#[component]
fn PendingRequest(
    request: AccessRequest,
    answers: String,
    version: RwSignal<u32>,
) -> impl IntoView {
    let api = expect_api();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let id = request.id.clone();
    let cancel = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match api.cancel_access(&id).await {
                Ok(_) | Err(ApiError::Conflict { .. }) => {
                    version.update(|v| *v += 1);
                    focus_later("access-title");
                }
                Err(e) => failure.set(Some(e.sentence())),
            }
            busy.try_set(false);
        });
    };
    let note = (!request.note.is_empty())
        .then(|| view! { <p class="request__notes">{request.note.clone()}</p> });
    view! {
        <section class="card" aria-labelledby="pending-title" data-testid="access-pending">
            <h2 class="card__title" id="pending-title">
                "Waiting for an answer " <span class="badge badge--request badge--pending">"PENDING"</span>
            </h2>
            <p>
                {format!(
                    "You asked on {} to be {}. {answers} can answer it on their Access requests page; the project appears in your list as soon as it is granted.",
                    format::local_date(&request.created_at),
                    request.role.name(),
                )}
            </p>
            {note}
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                {move || failure.get()}
            </p>
            <button type="button" class="button" prop:disabled=busy on:click=cancel data-testid="cancel-access">
                "Withdraw the request"
            </button>
        </section>
    }
}

/// Asking for a role.
#[component]
fn AskForm(
    project: ProjectId,
    name: String,
    answers: String,
    version: RwSignal<u32>,
) -> impl IntoView {
    let api = expect_api();
    let role = RwSignal::new(RoleKey::ReadOnly);
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = api_types::NewAccessRequest {
            role: role.get_untracked(),
            note: note.get_untracked(),
        };
        if let Err(e) = body.validate() {
            note_error.set(Some(e.message));
            focus_later("access-note");
            return;
        }
        note_error.set(None);
        failure.set(None);
        busy.set(true);
        let project = project.clone();
        leptos::task::spawn_local(async move {
            match api.request_access(&project, body.role, &body.note).await {
                // Filed, or filed meanwhile in another tab: either way
                // the page shows what is now the case.
                Ok(_) | Err(ApiError::Conflict { .. }) => {
                    version.update(|v| *v += 1);
                    focus_later("access-title");
                }
                Err(ApiError::Validation { message, .. }) => {
                    note_error.set(Some(message));
                    focus_later("access-note");
                }
                Err(e) => failure.set(Some(e.sentence())),
            }
            busy.try_set(false);
        });
    };
    view! {
        <p class="page__lead">
            {format!("You have no role on {name}. Ask for one: {answers} will see your request and can give it to you in one step.")}
        </p>
        <form class="form card" novalidate=true on:submit=submit data-testid="access-form">
            <fieldset class="field">
                <legend class="field__label">"Role you need"</legend>
                {RoleKey::ALL
                    .into_iter()
                    .rev()
                    .map(|r| {
                        let input_id = format!("access-role-{}", r.as_str());
                        view! {
                            <div class="check">
                                <input
                                    type="radio"
                                    name="access-role"
                                    id=input_id.clone()
                                    class="check__box"
                                    prop:checked=move || role.get() == r
                                    on:change=move |ev| {
                                        if event_target_checked(&ev) {
                                            role.set(r);
                                        }
                                    }
                                />
                                <label for=input_id class="check__label">
                                    <span class="check__name">{r.name()}</span>
                                    <span class="check__hint">{r.description()}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="field">
                <label class="field__label" for="access-note">"Why you need it " <span class="field__optional">"(optional)"</span></label>
                <textarea
                    id="access-note"
                    class="input"
                    rows="3"
                    aria-invalid=move || note_error.with(Option::is_some).to_string()
                    aria-describedby="access-note-error"
                    prop:value=move || note.get()
                    on:input=move |ev| {
                        note.set(event_target_value(&ev));
                        note_error.set(None);
                    }
                ></textarea>
                <p class="field__error" id="access-note-error">{move || note_error.get()}</p>
            </div>
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                {move || failure.get()}
            </p>
            <div class="form__actions">
                <button type="submit" class="button button--primary" prop:disabled=busy>
                    {move || if busy.get() { "Sending…" } else { "Send request" }}
                </button>
                <a class="button" href=routes::projects()>"Back to projects"</a>
            </div>
        </form>
    }
}

/// `/access-requests`: the requests the user may answer.
#[component]
pub fn AccessRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.with(|q| q.get("page").and_then(|p| parse_page(&p).ok()).unwrap_or(1))
    });
    view! {
        <section class="page" aria-labelledby="access-queue-title" data-testid="access-requests">
            <header class="page__header">
                <div>
                    <h1 class="page__title" id="access-queue-title" tabindex="-1">"Access requests"</h1>
                    <p class="page__lead">"Members asking for a role on a project you are Admin of. Granting gives the role at once; the requester sees your answer."</p>
                </div>
            </header>
            <AccessQueue page=page.into() answered=true/>
        </section>
    }
}

/// What the user is doing to the queue.
#[derive(Clone, Copy)]
struct Answers {
    api: crate::api::ApiClient,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    /// The request whose decline form is open.
    declining: RwSignal<Option<String>>,
    reason: RwSignal<String>,
    reason_error: RwSignal<Option<String>>,
    /// The role chosen for each request, by its id, kept when the queue is
    /// drawn again.
    chosen: StoredValue<std::collections::HashMap<String, RoleKey>>,
    /// Called after a request was answered (the members grid reads its
    /// roles again).
    on_answer: Option<Callback<()>>,
}

impl Answers {
    /// The role chosen for `request`: the one asked for, until another is
    /// picked.
    fn role_for(self, request: &AccessRequest) -> RoleKey {
        self.chosen
            .with_value(|c| c.get(&request.id).copied())
            .unwrap_or(request.role)
    }

    fn begin(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.status.set(None);
        self.failure.set(None);
        true
    }

    fn done(self, outcome: Result<String, ApiError>) {
        match outcome {
            Ok(status) => self.status.set(Some(status)),
            Err(e) => self.failure.set(Some(e.sentence())),
        }
        self.busy.set(false);
        self.declining.set(None);
        self.version.update(|v| *v += 1);
        if let Some(callback) = self.on_answer {
            callback.run(());
        }
        focus_later("access-queue-heading");
    }

    fn grant(self, request: AccessRequest, role: RoleKey) {
        if !self.begin() {
            return;
        }
        leptos::task::spawn_local(async move {
            let outcome = self
                .api
                .grant_access(&request.id, Some(role))
                .await
                .map(|r| {
                    format!(
                        "{} is now {} on {}.",
                        r.requested_by.name,
                        r.granted_role.unwrap_or(role).name(),
                        r.project_name
                    )
                });
            self.done(outcome);
        });
    }

    fn open_decline(self, id: String) {
        if self.declining.get_untracked().as_deref() != Some(id.as_str()) {
            self.reason.set(String::new());
        }
        self.declining.set(Some(id));
        self.reason_error.set(None);
        focus_later("access-decline-reason");
    }

    fn decline(self, request: AccessRequest) {
        let body = api_types::DeclineAccess {
            reason: self.reason.get_untracked(),
        };
        if let Err(e) = body.validate() {
            self.reason_error.set(Some(e.message));
            focus_later("access-decline-reason");
            return;
        }
        if !self.begin() {
            return;
        }
        leptos::task::spawn_local(async move {
            match self.api.decline_access(&request.id, &body.reason).await {
                Err(ApiError::Validation { message, .. }) => {
                    self.busy.set(false);
                    self.reason_error.set(Some(message));
                    focus_later("access-decline-reason");
                }
                outcome => self.done(outcome.map(|r| {
                    format!(
                        "{}'s request for {} is declined; they see it when they look.",
                        r.requested_by.name, r.project_name
                    )
                })),
            }
        });
    }
}

/// The pending requests the user may answer, a page at a time, and (with
/// `answered`) the latest answered ones. With `hide_empty`, nothing at all
/// shows while nothing waits.
#[component]
pub fn AccessQueue(
    page: Signal<u32>,
    answered: bool,
    #[prop(optional)] hide_empty: bool,
    #[prop(optional)] on_answer: Option<Callback<()>>,
) -> impl IntoView {
    let answers = Answers {
        api: expect_api(),
        version: RwSignal::new(0),
        status: RwSignal::new(None),
        failure: RwSignal::new(None),
        busy: RwSignal::new(false),
        declining: RwSignal::new(None),
        reason: RwSignal::new(String::new()),
        reason_error: RwSignal::new(None),
        chosen: StoredValue::new(Default::default()),
        on_answer,
    };
    let api = answers.api;
    // A request made, withdrawn or answered elsewhere: the queue is read
    // again, except while a decline is being written or an answer is on
    // its way, and the control that had the focus keeps it.
    let keep = KeepFocus::new("[data-queue=access]", "access-queue-heading");
    when_free(
        live_changes(|e| e.topic == LiveTopic::Access),
        move || answers.busy.get() || answers.declining.with(Option::is_some),
        move || {
            keep.note();
            answers.version.update(|v| *v += 1);
        },
    );
    let requests = LocalResource::new(move || {
        answers.version.track();
        let page = page.get();
        async move {
            let pending = api
                .access_queue(&QueueQuery {
                    part: QueuePart::Pending,
                    page,
                    page_size: QUEUE_PAGE,
                })
                .await?;
            let settled = if answered {
                Some(
                    api.access_queue(&QueueQuery {
                        part: QueuePart::Settled,
                        page: 1,
                        page_size: ANSWERED_SHOWN,
                    })
                    .await?,
                )
            } else {
                None
            };
            Ok::<_, ApiError>((pending, settled))
        }
    });
    let reload = move || answers.version.update(|v| *v += 1);
    let item = move |r: AccessRequest| view! { <QueueItem request=r answers=answers/> };
    view! {
        <Transition fallback=move || (!hide_empty).then(|| view! { <p class="loading-line" role="status">"Loading the access requests…"</p> })>
            {move || Suspend::new(async move {
                let answer = requests.await;
                keep.restore();
                match answer {
                    Ok((pending, _)) if hide_empty && pending.total == 0 && answers.status.with(Option::is_none) => ().into_any(),
                    Ok((pending, settled)) => {
                        let summary = waiting_summary(&pending);
                        let pager = queue_links(&pending, "Pages of the access requests", routes::access_requests());
                        let list = if pending.result.is_empty() {
                            view! { <p class="empty-line" data-testid="access-queue-empty">"Nobody is waiting for access."</p> }.into_any()
                        } else {
                            view! { <ul class="requests__list">{pending.result.into_iter().map(item).collect_view()}</ul> }.into_any()
                        };
                        let settled = settled.filter(|s| !s.result.is_empty()).map(|s| view! {
                            <section class="card requests" aria-labelledby="access-answered" data-queue="access">
                                <h2 class="card__title" id="access-answered">"Recently answered"</h2>
                                <ul class="requests__list">{s.result.into_iter().map(item).collect_view()}</ul>
                            </section>
                        });
                        view! {
                            <section class="card requests" aria-labelledby="access-queue-heading" data-testid="access-queue" data-queue="access">
                                <h2 class="card__title" id="access-queue-heading" tabindex="-1">"Access requests waiting, oldest first"</h2>
                                <p class="form__status" role="status" data-testid="access-status">{move || answers.status.get()}</p>
                                <p class="notice notice--error" role="alert" hidden=move || answers.failure.with(Option::is_none)>
                                    {move || answers.failure.get()}
                                </p>
                                <p class="requests__count" data-testid="access-count">{summary}</p>
                                {list}
                                {pager}
                            </section>
                            {settled}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorView error=error on_retry=reload/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One request: a pending one is granted (with a role, the one asked for
/// first) or declined.
#[component]
fn QueueItem(request: AccessRequest, answers: Answers) -> impl IntoView {
    let pending = request.state == AccessRequestState::Pending;
    let who = format!(
        "{} ({})",
        request.requested_by.name, request.requested_by.email
    );
    let asked = format!(
        "Asked to be {} on {}, {}",
        request.role.name(),
        request.project_name,
        format::local_date(&request.created_at)
    );
    let outcome = match request.state {
        AccessRequestState::Granted => Some(format!(
            "Granted as {} by {}",
            request.granted_role.unwrap_or(request.role).name(),
            request.decided_by.clone().unwrap_or_default()
        )),
        AccessRequestState::Declined => Some(format!(
            "Declined by {}{}",
            request.decided_by.clone().unwrap_or_default(),
            request
                .decline_reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )),
        AccessRequestState::Cancelled => Some("Withdrawn by its requester".to_string()),
        AccessRequestState::Pending => None,
    };
    let note = (!request.note.is_empty())
        .then(|| view! { <p class="request__notes">{request.note.clone()}</p> });
    let role_id = format!("grant-role-{}", request.id);
    let actions = pending.then(|| {
        let id = request.id.clone();
        let chosen = answers.role_for(&request);
        let (for_grant, for_decline) = (request.clone(), request.id.clone());
        let label = format!("Role for {}", request.requested_by.name);
        view! {
            <label class="visually-hidden" for=role_id.clone()>{label}</label>
            <select
                id=role_id.clone()
                class="input input--small"
                on:change=move |ev| {
                    if let Some(r) = RoleKey::parse(&event_target_value(&ev)) {
                        answers.chosen.update_value(|c| {
                            c.insert(id.clone(), r);
                        });
                    }
                }
            >
                {RoleKey::ALL
                    .into_iter()
                    .map(|r| view! { <option value=r.as_str() selected=r == chosen>{r.name()}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                class="button button--primary button--small"
                aria-label=format!("Grant access to {} on {}", request.requested_by.name, request.project_name)
                prop:disabled=answers.busy
                on:click=move |_| answers.grant(for_grant.clone(), answers.role_for(&for_grant))
            >
                "Grant"
            </button>
            <button
                type="button"
                class="button button--small"
                aria-label=format!("Decline {}'s request for {}", request.requested_by.name, request.project_name)
                prop:disabled=answers.busy
                on:click=move |_| answers.open_decline(for_decline.clone())
            >
                "Decline…"
            </button>
        }
    });
    let id = request.id.clone();
    let for_form = request.clone();
    let form = move || {
        (pending && answers.declining.get().as_deref() == Some(id.as_str()))
            .then(|| view! { <DeclineForm request=for_form.clone() answers=answers/> })
    };
    view! {
        <li class="request" data-testid="access-request" data-state=request.state.as_str()>
            <div class="request__main">
                <p class="request__title">
                    <span class="request__name">{who}</span>
                    " "
                    <span class=state_class(request.state)>{request.state.label()}</span>
                </p>
                <p class="request__meta">{asked}</p>
                {outcome.map(|o| view! { <p class="request__meta">{o}</p> })}
                {note}
                {form}
            </div>
            {actions.map(|a| view! { <div class="request__actions">{a}</div> })}
        </li>
    }
}

/// The badge class of a request's state.
fn state_class(state: AccessRequestState) -> &'static str {
    match state {
        AccessRequestState::Pending => "badge badge--request badge--pending",
        AccessRequestState::Granted => "badge badge--request badge--available",
        AccessRequestState::Declined => "badge badge--request badge--declined",
        AccessRequestState::Cancelled => "badge badge--request badge--unavailable",
    }
}

/// Why the user declines, which the requester reads.
#[component]
fn DeclineForm(request: AccessRequest, answers: Answers) -> impl IntoView {
    let Answers {
        reason,
        reason_error,
        busy,
        declining,
        ..
    } = answers;
    let label = format!(
        "Why decline {}'s request? (optional)",
        request.requested_by.name
    );
    view! {
        <form
            class="form request__decline"
            novalidate=true
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                answers.decline(request.clone());
            }
        >
            <label class="field__label" for="access-decline-reason">{label}</label>
            <textarea
                id="access-decline-reason"
                class="input"
                rows="2"
                aria-invalid=move || reason_error.with(Option::is_some).to_string()
                aria-describedby="access-decline-reason-error"
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id="access-decline-reason-error">{move || reason_error.get()}</p>
            <div class="form__actions">
                <button type="submit" class="button button--danger" prop:disabled=busy>"Decline request"</button>
                <button type="button" class="button" on:click=move |_| declining.set(None)>"Keep it"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(names(&[]), "");
        assert_eq!(names(&["Avery"]), "Avery");
        assert_eq!(names(&["Avery", "Devon"]), "Avery and Devon");
        assert_eq!(names(&["A", "B", "C"]), "A, B and C");
    }
}
