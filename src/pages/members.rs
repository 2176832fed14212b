//! `/organisation/members`: the organisation's members and their role on
//! each project, for organisation admins. A grid of members by projects
//! (members searched on the server, projects filtered by environment, both
//! in the URL); inviting someone, with a set-password link shown once;
//! changing a member's flags and roles; renewing a link; removing.

use crate::api::{abort_on_cleanup, expect_api, ApiClient, ApiError};
use crate::components::list::page_links;
use crate::components::{
    focus_confirmation, focus_later, ConfirmDialog, CopyButton, ErrorView, LeaveGuard,
};
use crate::format;
use crate::state::expect_session;
use api_types::{
    EnvironmentType, Invitation, InviteMember, ListResponse, Member, ProjectId, ProjectListQuery,
    ProjectSummary, RoleChange, RoleKey, UpdateMember,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use std::collections::HashMap;

/// The page: only organisation admins may see it.
#[component]
pub fn MembersPage() -> impl IntoView {
    if !expect_session()
        .me()
        .is_some_and(|me| me.organisation_admin)
    {
        return view! {
            <section class="page page--narrow" data-testid="organisation-only">
                <h1 class="page__title">"Members"</h1>
                <p class="notice notice--error" role="alert">
                    "Only organisation admins can see and change who has access to which project. Ask one of them for access you need."
                </p>
            </section>
        }
        .into_any();
    }
    view! { <Members/> }.into_any()
}

/// Every project of the organisation, by name, read a page at a time.
async fn all_projects(api: ApiClient) -> Result<Vec<ProjectSummary>, ApiError> {
    let mut query = ProjectListQuery {
        page_size: api_types::MAX_PAGE_SIZE,
        ..ProjectListQuery::default()
    };
    let mut projects = Vec::new();
    loop {
        let page = api.list_projects(&query, None).await?;
        projects.extend(page.result);
        if !page.has_next {
            return Ok(projects);
        }
        query.page += 1;
    }
}

/// What the page is doing besides showing the grid.
#[derive(Clone, Copy)]
struct Desk {
    api: ApiClient,
    version: RwSignal<u32>,
    /// The member being edited; `Some(None)` while inviting.
    editing: RwSignal<Option<Option<Member>>>,
    /// The member whose removal waits for confirmation.
    removing: RwSignal<Option<Member>>,
    /// A set-password link just made, shown once.
    link: RwSignal<Option<Invitation>>,
    status: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl Desk {
    fn reload(self) {
        self.version.update(|v| *v += 1);
    }

    fn renew(self, member: Member) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        leptos::task::spawn_local(async move {
            match self.api.renew_invitation(&member.id).await {
                Ok(invitation) => {
                    self.link.set(Some(invitation));
                    focus_later("link-title");
                }
                Err(e) => self.failure.set(Some(e.sentence())),
            }
            self.busy.set(false);
            self.reload();
        });
    }

    fn remove(self, member: Member) {
        self.removing.set(None);
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        self.status.set(None);
        leptos::task::spawn_local(async move {
            match self.api.remove_member(&member.id).await {
                Ok(()) => self.status.set(Some(format!(
                    "{} is removed from the organisation; their sessions have ended.",
                    member.name
                ))),
                Err(e) => self.failure.set(Some(e.sentence())),
            }
            self.busy.set(false);
            self.reload();
            focus_later("members-title");
        });
    }
}

#[component]
fn Members() -> impl IntoView {
    let api = expect_api();
    let desk = Desk {
        api,
        version: RwSignal::new(0),
        editing: RwSignal::new(None),
        removing: RwSignal::new(None),
        link: RwSignal::new(None),
        status: RwSignal::new(None),
        failure: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("search").unwrap_or_default()));
    let environment = Memo::new(move |_| query.with(|q| q.get("environment").unwrap_or_default()));
    let page = Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| api_types::parse_page(&p).ok())
                .unwrap_or(1)
        })
    });
    let members = LocalResource::new(move || {
        desk.version.track();
        let (search, page) = (search.get(), page.get());
        let signal = abort_on_cleanup();
        async move { api.list_members(&search, page, signal.as_ref()).await }
    });
    let projects = LocalResource::new(move || {
        desk.version.track();
        all_projects(api)
    });
    let invite = move |_| {
        desk.link.set(None);
        desk.editing.set(Some(None));
        focus_later("member-email");
    };
    view! {
        <section class="page" aria-labelledby="members-title" data-testid="members">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Organisation"</p>
                    <h1 class="page__title" id="members-title" tabindex="-1">"Members"</h1>
                    <p class="page__lead">"Who can open which project, and with which role. Organisation admins are Admin on every project; a member with no role on a project sees it locked."</p>
                </div>
                <div class="page__actions">
                    <button type="button" class="button button--primary" on:click=invite data-testid="invite-open">"Invite someone"</button>
                </div>
            </header>
            <p class="form__status" role="status" data-testid="members-status">{move || desk.status.get()}</p>
            <p class="notice notice--error" role="alert" hidden=move || desk.failure.with(Option::is_none) data-testid="members-failure">
                {move || desk.failure.get()}
            </p>
            {move || desk.link.get().map(|invitation| view! { <LinkOnce invitation=invitation desk=desk/> })}
            // Requests for access, answered here in one step; the grid
            // reads the roles again after each.
            <crate::pages::access::AccessQueue
                page=Signal::stored(1)
                answered=false
                hide_empty=true
                on_answer=Callback::new(move |()| desk.reload())
            />
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the members…"</p> }>
                {move || Suspend::new(async move {
                    let projects = match projects.await {
                        Ok(p) => p,
                        Err(error) => return view! { <ErrorView error=error on_retry=move || desk.reload()/> }.into_any(),
                    };
                    let for_editor = projects.clone();
                    let editor = move || {
                        desk.editing.get().map(|member| {
                            view! { <MemberEditor member=member projects=for_editor.clone() desk=desk/> }
                        })
                    };
                    match members.await {
                        Ok(page) => view! {
                            {editor}
                            <GridFilters search=search environment=environment projects=projects.clone()/>
                            <Grid page=page projects=projects.clone() environment=environment.get_untracked() desk=desk/>
                        }
                        .into_any(),
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || desk.reload()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The search of members and the environment filter of the projects, in
/// the URL.
#[component]
fn GridFilters(
    search: Memo<String>,
    environment: Memo<String>,
    projects: Vec<ProjectSummary>,
) -> impl IntoView {
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let typed = RwSignal::new(search.get_untracked());
    let mut environments: Vec<String> = projects
        .iter()
        .map(|p| p.environment.as_str().to_string())
        .collect();
    environments.sort();
    environments.dedup();
    let go = move |search: String, environment: String| {
        let mut parts = Vec::new();
        if !search.trim().is_empty() {
            parts.push(format!(
                "search={}",
                api_types::percent_encode(search.trim())
            ));
        }
        if !environment.is_empty() {
            parts.push(format!(
                "environment={}",
                api_types::percent_encode(&environment)
            ));
        }
        let path = pathname.get_untracked();
        let target = if parts.is_empty() {
            path
        } else {
            format!("{path}?{}", parts.join("&"))
        };
        navigate(&target, Default::default());
    };
    let go_search = go.clone();
    view! {
        <form
            class="filters"
            role="search"
            aria-label="Find members"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                go_search(typed.get_untracked(), environment.get_untracked());
            }
        >
            <div class="field">
                <label class="field__label" for="members-search">"Member"</label>
                <input
                    id="members-search"
                    class="input"
                    type="search"
                    maxlength="100"
                    placeholder="Name or email"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="field__label" for="members-environment">"Projects shown"</label>
                <select
                    id="members-environment"
                    class="input"
                    prop:value=move || environment.get()
                    on:change=move |ev| go(typed.get_untracked(), event_target_value(&ev))
                >
                    <option value="">"Every environment"</option>
                    {environments
                        .into_iter()
                        .map(|e| view! { <option value=e.clone()>{format!("Only {e}")}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="filters__actions">
                <button type="submit" class="button">"Search"</button>
            </div>
        </form>
    }
}

/// Members by projects: each cell the member's role on the project.
#[component]
fn Grid(
    page: ListResponse<Member>,
    projects: Vec<ProjectSummary>,
    environment: String,
    desk: Desk,
) -> impl IntoView {
    let shown: Vec<ProjectSummary> = projects
        .into_iter()
        .filter(|p| environment.is_empty() || p.environment.as_str() == environment)
        .collect();
    if page.result.is_empty() {
        let text = if page.total == 0 {
            "No member matches this search."
        } else {
            "No member on this page."
        };
        return view! { <p class="empty-line" data-testid="members-empty">{text}</p> }.into_any();
    }
    let summary = format!(
        "{} · {}",
        format::count(page.total, "member", "members"),
        format::count(shown.len() as u64, "project shown", "projects shown")
    );
    let header = shown
        .iter()
        .map(|p| {
            view! {
                <th scope="col" class="grid__project" title=p.name.clone()>
                    <span class="grid__project-name">{p.name.clone()}</span>
                    <span class="grid__environment">{p.environment.as_str().to_string()}</span>
                </th>
            }
        })
        .collect_view();
    let rows = page
        .result
        .into_iter()
        .map(|m| view! { <GridRow member=m projects=shown.clone() desk=desk/> })
        .collect_view();
    let pager = (page.has_next || page.page > 1).then(|| {
        let pathname = use_location().pathname.get_untracked();
        let query = use_query_map();
        let href = move |n: u32| {
            let mut q = query.with_untracked(|q| {
                ["search", "environment"]
                    .iter()
                    .filter_map(|k| {
                        q.get(k)
                            .map(|v| format!("{k}={}", api_types::percent_encode(&v)))
                    })
                    .collect::<Vec<_>>()
            });
            q.push(format!("page={n}"));
            format!("{pathname}?{}", q.join("&"))
        };
        page_links(
            "Pages of members",
            page.page,
            page.has_next,
            format!("Page {}", page.page),
            href,
        )
    });
    view! {
        <p class="page__count" data-testid="members-count">{summary}</p>
        <div class="table-wrap grid-wrap">
            <table class="table table--auto grid" data-testid="members-grid">
                <caption class="visually-hidden">"Members and their role on each project"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="grid__member">"Member"</th>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {pager}
    }
    .into_any()
}

/// One member's row of the grid.
#[component]
fn GridRow(member: Member, projects: Vec<ProjectSummary>, desk: Desk) -> impl IntoView {
    // A row has a cell per project (a hundred, times fifty members): they
    // are static text, drawn with a few DOM calls after the member's cell.
    let row = NodeRef::<leptos::html::Tr>::new();
    let roles: Vec<(String, Option<RoleKey>)> = projects
        .iter()
        .map(|p| (p.name.clone(), member.role_on(&p.id)))
        .collect();
    Effect::new(move |_| {
        if let Some(row) = row.get() {
            draw_cells(&row, &roles);
        }
    });
    let flags = [
        member.organisation_admin.then_some("Organisation admin"),
        member.support.then_some("Support"),
        member.invited.then_some("Invited"),
    ]
    .into_iter()
    .flatten()
    .map(|f| view! { <span class="tag">{f}</span> })
    .collect_view();
    let (for_edit, for_renew, for_remove) = (member.clone(), member.clone(), member.clone());
    let renew = member.invited.then(|| {
        view! {
            <button
                type="button"
                class="button button--small"
                aria-label=format!("New set-password link for {}", member.name)
                prop:disabled=desk.busy
                on:click=move |_| desk.renew(for_renew.clone())
            >
                "New link"
            </button>
        }
    });
    let removing = move || {
        let id = for_remove.id.clone();
        desk.removing
            .with(|r| r.as_ref().is_some_and(|r| r.id == id))
            .then(|| {
                let member = for_remove.clone();
                let name = member.name.clone();
                view! {
                    <tr class="grid__confirm">
                        <td colspan="999">
                            <ConfirmDialog
                                title=format!("Remove {name} from the organisation?")
                                action="Remove member".to_string()
                                type_to_confirm=None
                                testid="confirm-remove-member"
                                on_confirm=Callback::new(move |()| desk.remove(member.clone()))
                                on_cancel=Callback::new(move |()| {
                                    desk.removing.set(None);
                                    focus_later("members-title");
                                })
                            >
                                "They are signed out at once and lose every role. What they changed stays in the activity log."
                            </ConfirmDialog>
                        </td>
                    </tr>
                }
            })
    };
    let ask_remove = member.clone();
    view! {
        <tr data-testid="member-row" node_ref=row>
            <th scope="row" class="grid__member">
                <span class="grid__name">{member.name.clone()}</span>
                <span class="grid__email">{member.email.clone()}</span>
                <span class="grid__flags">{flags}</span>
                <span class="grid__actions">
                    <button
                        type="button"
                        class="button button--small"
                        aria-label=format!("Edit {}", member.name)
                        on:click=move |_| {
                            desk.link.set(None);
                            desk.editing.set(Some(Some(for_edit.clone())));
                            focus_later("member-name");
                        }
                    >
                        "Edit"
                    </button>
                    {renew}
                    <button
                        type="button"
                        class="button button--small"
                        aria-label=format!("Remove {}", member.name)
                        prop:disabled=desk.busy
                        on:click=move |_| {
                            desk.removing.set(Some(ask_remove.clone()));
                            focus_confirmation(false);
                        }
                    >
                        "Remove…"
                    </button>
                </span>
            </th>
        </tr>
        {removing}
    }
}

/// Appends a cell per project to a member's row: the role, or a dash that
/// reads "No access".
fn draw_cells(row: &web_sys::Element, roles: &[(String, Option<RoleKey>)]) -> Option<()> {
    let doc = row.owner_document()?;
    // A row drawn again (the list read afresh into the same rows) loses
    // the cells it had.
    while let Some(last) = row.last_element_child() {
        if last.tag_name() != "TD" {
            break;
        }
        row.remove_child(&last).ok()?;
    }
    for (project, role) in roles {
        let cell = doc.create_element("td").ok()?;
        cell.set_attribute("data-label", project).ok()?;
        match role {
            Some(role) => {
                cell.set_class_name("grid__cell");
                cell.set_text_content(Some(role.name()));
            }
            None => {
                cell.set_class_name("grid__cell grid__cell--none");
                let dash = doc.create_element("span").ok()?;
                dash.set_attribute("aria-hidden", "true").ok()?;
                dash.set_text_content(Some("—"));
                let words = doc.create_element("span").ok()?;
                words.set_class_name("visually-hidden");
                words.set_text_content(Some("No access"));
                cell.append_child(&dash).ok()?;
                cell.append_child(&words).ok()?;
            }
        }
        row.append_child(&cell).ok()?;
    }
    Some(())
}

/// A set-password link just made: shown once, with what to do with it.
#[component]
fn LinkOnce(invitation: Invitation, desk: Desk) -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let url = format!("{origin}{}", invitation.set_password_path);
    let member = invitation.member;
    view! {
        <div class="secret" role="region" aria-labelledby="link-title" data-testid="link-once" id="invite-link">
            <LeaveGuard what="the set-password link" inside="invite-link"/>
            <h2 class="secret__title" id="link-title" tabindex="-1">
                {format!("Send {} this link to set their password", member.name)}
            </h2>
            <p class="secret__warning">
                <strong>"This is the only time the link is shown."</strong>
                {format!(
                    " It works once, until {}. This server sends no email: send it to {} yourself, by a channel you trust. If it is lost or expires, make a new one.",
                    format::local_date_time(&invitation.expires_at),
                    member.email
                )}
            </p>
            <p class="facts__copyable">
                <code class="secret__value" data-testid="link-value">{url.clone()}</code>
                <CopyButton text=url what="link"/>
            </p>
            <button type="button" class="button" on:click=move |_| {
                desk.link.set(None);
                focus_later("members-title");
            }>"I have sent it"</button>
        </div>
    }
}

/// Inviting someone (`member` is none) or changing a member: name, flags,
/// and a role on each project.
#[component]
fn MemberEditor(
    member: Option<Member>,
    projects: Vec<ProjectSummary>,
    desk: Desk,
) -> impl IntoView {
    let inviting = member.is_none();
    let initial: HashMap<ProjectId, RoleKey> = member
        .as_ref()
        .map(|m| {
            m.memberships
                .iter()
                .map(|x| (x.project_id.clone(), x.role))
                .collect()
        })
        .unwrap_or_default();
    let initial = StoredValue::new(initial);
    let roles = RwSignal::new(initial.get_value());
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(member.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let organisation_admin = RwSignal::new(member.as_ref().is_some_and(|m| m.organisation_admin));
    let support = RwSignal::new(member.as_ref().is_some_and(|m| m.support));
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let saving = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let environment = RwSignal::new(String::new());
    let bulk = RwSignal::new(String::new());
    let member = StoredValue::new(member);
    let projects = StoredValue::new(projects);
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    };
    let shown = move || {
        let needle = api_types::fold_name(&filter.get());
        let env = environment.get();
        projects.with_value(|ps| {
            ps.iter()
                .filter(|p| env.is_empty() || p.environment.as_str() == env)
                .filter(|p| needle.is_empty() || api_types::fold_name(&p.name).contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let apply_bulk = move |_| {
        let role = RoleKey::parse(&bulk.get_untracked());
        let ids: Vec<ProjectId> = shown().into_iter().map(|p| p.id).collect();
        roles.update(|r| {
            for id in ids {
                match role {
                    Some(role) => {
                        r.insert(id, role);
                    }
                    None => {
                        r.remove(&id);
                    }
                }
            }
        });
    };
    let close = move || {
        desk.editing.set(None);
        focus_later("members-title");
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let now = roles.get_untracked();
        let before = initial.get_value();
        let mut changes: Vec<RoleChange> = projects.with_value(|ps| {
            ps.iter()
                .filter(|p| now.get(&p.id) != before.get(&p.id))
                .map(|p| RoleChange {
                    project_id: p.id.clone(),
                    role: now.get(&p.id).copied(),
                })
                .collect()
        });
        let mut found = Vec::new();
        if inviting {
            if let Err(e) = api_types::validate_email(&email.get_untracked()) {
                found.push((e.field.to_string(), e.message));
            }
            changes.retain(|c| c.role.is_some());
        }
        if let Err(e) = api_types::validate_user_name(&name.get_untracked()) {
            found.push((e.field.to_string(), e.message));
        }
        if !found.is_empty() {
            let first = if found[0].0 == "email" {
                "member-email"
            } else {
                "member-name"
            };
            errors.set(found);
            focus_later(first);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let api = desk.api;
        leptos::task::spawn_local(async move {
            let result = if inviting {
                let body = InviteMember {
                    email: email.get_untracked(),
                    name: name.get_untracked(),
                    organisation_admin: organisation_admin.get_untracked(),
                    support: support.get_untracked(),
                    roles: changes,
                };
                api.invite_member(&body).await.map(|invitation| {
                    let said = format!("{} is invited.", invitation.member.name);
                    desk.link.set(Some(invitation));
                    said
                })
            } else {
                let Some(m) = member.get_value() else { return };
                let body = UpdateMember {
                    name: Some(name.get_untracked()).filter(|n| n.trim() != m.name),
                    organisation_admin: Some(organisation_admin.get_untracked())
                        .filter(|a| *a != m.organisation_admin),
                    support: Some(support.get_untracked()).filter(|s| *s != m.support),
                    roles: changes,
                };
                api.update_member(&m.id, &body)
                    .await
                    .map(|done| format!("{}'s access is saved.", done.name))
            };
            saving.set(false);
            match result {
                Ok(said) => {
                    desk.status.set(Some(said));
                    desk.failure.set(None);
                    desk.editing.set(None);
                    desk.reload();
                    focus_later(if inviting {
                        "link-title"
                    } else {
                        "members-title"
                    });
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) if field == "email" || field == "name" => {
                    let target = if field == "email" {
                        "member-email"
                    } else {
                        "member-name"
                    };
                    errors.set(vec![(field, message)]);
                    focus_later(target);
                }
                // The one conflict of an invitation: the email is taken.
                Err(ApiError::Conflict(message)) if inviting => {
                    errors.set(vec![("email".into(), message)]);
                    focus_later("member-email");
                }
                Err(e) => {
                    errors.set(vec![("form".into(), e.sentence())]);
                    focus_later("member-form-error");
                }
            }
        });
    };
    let title = member.with_value(|m| match m {
        Some(m) => format!("Change {}'s access", m.name),
        None => "Invite someone".to_string(),
    });
    let email_field = inviting.then(|| {
        view! {
            <div class="field">
                <label class="field__label" for="member-email">"Email"</label>
                <input
                    id="member-email"
                    class="input"
                    type="email"
                    autocomplete="off"
                    aria-invalid=move || error_of("email")().is_some().to_string()
                    aria-describedby="member-email-error"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
                <p class="field__error" id="member-email-error">{error_of("email")}</p>
            </div>
        }
    });
    // Every project's row is drawn once; a filter only hides rows, so that
    // typing in it stays quick with a hundred projects.
    let role_rows = projects.with_value(|ps| {
        ps.iter()
            .map(|p| {
                let id = p.id.clone();
                let select_id = format!("role-{}", p.id);
                let value = {
                    let id = id.clone();
                    move || roles.with(|r| r.get(&id).map(|k| k.as_str()).unwrap_or("none").to_string())
                };
                let env_key = p.environment.as_str().to_string();
                let folded = api_types::fold_name(&p.name);
                let hidden = move || {
                    let env = environment.get();
                    let needle = api_types::fold_name(&filter.get());
                    !(env.is_empty() || env == env_key) || !(needle.is_empty() || folded.contains(&needle))
                };
                view! {
                    <tr hidden=hidden>
                        <th scope="row"><label for=select_id.clone()>{p.name.clone()}</label></th>
                        <td>{p.environment.as_str().to_string()}</td>
                        <td>
                            <select
                                id=select_id
                                class="input input--compact"
                                prop:value=value
                                prop:disabled=move || organisation_admin.get()
                                on:change=move |ev| {
                                    let role = RoleKey::parse(&event_target_value(&ev));
                                    let id = id.clone();
                                    roles.update(|r| {
                                        match role {
                                            Some(role) => { r.insert(id, role); }
                                            None => { r.remove(&id); }
                                        }
                                    });
                                }
                            >
                                <option value="none">"No access"</option>
                                {RoleKey::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.name()}</option> }).collect_view()}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    });
    let mut environments: Vec<EnvironmentType> =
        projects.with_value(|ps| ps.iter().map(|p| p.environment.clone()).collect());
    environments.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    environments.dedup();
    view! {
        <form class="card form member-editor" aria-labelledby="member-editor-title" on:submit=save novalidate=true data-testid="member-editor">
            <h2 class="card__title" id="member-editor-title">{title}</h2>
            {email_field}
            <div class="field">
                <label class="field__label" for="member-name">"Name"</label>
                <input
                    id="member-name"
                    class="input"
                    type="text"
                    maxlength="100"
                    autocomplete="off"
                    aria-invalid=move || error_of("name")().is_some().to_string()
                    aria-describedby="member-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="field__error" id="member-name-error">{error_of("name")}</p>
            </div>
            <label class="check">
                <input type="checkbox" class="check__box" prop:checked=move || organisation_admin.get() on:change=move |ev| organisation_admin.set(event_target_checked(&ev))/>
                <span class="check__label">
                    <span class="check__name">"Organisation admin"</span>
                    <span class="check__hint">"Admin on every project, present and future; manages members."</span>
                </span>
            </label>
            <label class="check">
                <input type="checkbox" class="check__box" prop:checked=move || support.get() on:change=move |ev| support.set(event_target_checked(&ev))/>
                <span class="check__label">
                    <span class="check__name">"Support"</span>
                    <span class="check__hint">"Provisions or declines requested projects."</span>
                </span>
            </label>
            <fieldset class="member-editor__roles" prop:disabled=move || organisation_admin.get()>
                <legend class="field__label">"Role on each project"</legend>
                <p class="check__hint" hidden=move || !organisation_admin.get()>"An organisation admin is Admin on every project: roles do not apply."</p>
                <div class="filters filters--compact">
                    <div class="field">
                        <label class="field__label" for="roles-filter">"Find a project"</label>
                        <input id="roles-filter" class="input" type="search" autocomplete="off" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label class="field__label" for="roles-environment">"Environment"</label>
                        <select id="roles-environment" class="input" prop:value=move || environment.get() on:change=move |ev| environment.set(event_target_value(&ev))>
                            <option value="">"Every environment"</option>
                            {environments.into_iter().map(|e| view! { <option value=e.as_str().to_string()>{e.as_str().to_string()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field__label" for="roles-bulk">"Set every project shown to"</label>
                        <div class="input-row">
                            <select id="roles-bulk" class="input" prop:value=move || bulk.get() on:change=move |ev| bulk.set(event_target_value(&ev))>
                                <option value="">"No access"</option>
                                {RoleKey::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.name()}</option> }).collect_view()}
                            </select>
                            <button type="button" class="button" on:click=apply_bulk>"Apply"</button>
                        </div>
                    </div>
                </div>
                <div class="table-wrap member-editor__table">
                    <table class="table table--auto">
                        <caption class="visually-hidden">"Role on each project"</caption>
                        <thead><tr><th scope="col">"Project"</th><th scope="col">"Environment"</th><th scope="col">"Role"</th></tr></thead>
                        <tbody>{role_rows}</tbody>
                    </table>
                </div>
            </fieldset>
            <p class="notice notice--error" id="member-form-error" tabindex="-1" role="alert" hidden=move || errors.with(|e| !e.iter().any(|(f, _)| f != "email" && f != "name"))>
                {move || errors.with(|e| e.iter().find(|(f, _)| f != "email" && f != "name").map(|(_, m)| m.clone()))}
            </p>
            <div class="form__actions">
                <button type="submit" class="button button--primary" prop:disabled=saving data-testid="member-save">
                    {move || match (saving.get(), inviting) {
                        (true, _) => "Saving…",
                        (false, true) => "Invite",
                        (false, false) => "Save changes",
                    }}
                </button>
                <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
            </div>
        </form>
    }
}
