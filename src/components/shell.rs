//! The frame around every page: the top bar with the project selector,
//! the navigation, notices, and the current project it follows.

use super::switcher::{expect_switcher_open, QuickSwitcher};
use super::{focus_id, EnvironmentBadge};
use crate::api::{expect_api, ApiError};
use crate::components::lazy::{prefetch, Loading};
use crate::pages::lazy;
use crate::routes::{self, ProjectPage};
use crate::state::storage::{self, Stored};
use crate::state::{expect_current_project, expect_notice, expect_session, lost_project_message};
use api_types::ProjectId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Moves keyboard focus to the main area. The router would treat the link
/// as a navigation, so the jump is made here.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    focus_id("main");
}

/// The frame around every page: a skip link, the top bar with the product,
/// the organisation and the project selector, the navigation, any notice,
/// and the main area.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let current = expect_current_project();
    // The list says when its first rows are shown; any other page first
    // gets a moment to fetch what it shows.
    let started = crate::state::live::expect_live().started;
    set_timeout(
        move || {
            if started.try_get_untracked() == Some(false) {
                started.set(true);
            }
        },
        std::time::Duration::from_millis(1500),
    );
    let production = move || {
        current
            .project
            .with(|p| p.as_ref().is_some_and(|p| p.environment.is_production()))
    };
    follow_remembered_project();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="topbar" class:topbar--production=production>
            <a class="topbar__brand" href=routes::home()>
                <span class="topbar__logo" aria-hidden="true"></span>
                <span class="topbar__product">"Tributary"</span>
            </a>
            <span class="topbar__divider" aria-hidden="true">"/"</span>
            <span class="topbar__org" title="Your organisation">"Demo organisation"</span>
            <span class="topbar__divider" aria-hidden="true">"/"</span>
            <ProjectSelector/>
            <super::LazyPage load=crate::pages::lazy::live quiet=true when=started/>
            <UserMenu/>
        </header>
        <div class="layout">
            <Sidebar/>
            <main id="main" class="main" tabindex="-1">
                <NoticeBar/>
                {children()}
            </main>
        </div>
        <QuickSwitcher/>
    }
}

/// On a page without a project in its URL, the current project is the one
/// the user switched to last. After a reload, or after leaving a project's
/// page before it had loaded, it is loaded here, so that the top bar and
/// the list name it. One that is gone or closed to the user is forgotten,
/// with the same notice as at `/` (which opens it through its own page).
fn follow_remembered_project() {
    let current = expect_current_project();
    let session = expect_session();
    let notice = expect_notice();
    let api = expect_api();
    let pathname = use_location().pathname;
    let loading = StoredValue::new(None::<ProjectId>);
    Effect::new(move |_| {
        let path = pathname.get();
        if routes::is_project_page(&path) {
            // The tab is in the project its URL names from the start, not
            // only once the page's code has arrived and asked for it: a
            // page left before then (the API reference's `curl`, the top
            // bar) still knows which project the user was in.
            if let Some(id) = routes::project_in_path(&path) {
                if current.id.get_untracked().as_ref() != Some(&id) {
                    current.begin_switch(&id);
                }
            }
            return;
        }
        if path == routes::home() {
            return;
        }
        let user = session.user_key();
        let id = match current.id.get_untracked() {
            Some(id) => id,
            // A value that cannot be read has been removed by reading it:
            // the tab is in no project, as if nothing were remembered.
            None => match storage::load_last_project(&user) {
                Stored::Value(id) => id,
                Stored::Missing | Stored::Corrupt => return,
            },
        };
        if current.is_loaded(&id) || loading.with_value(|l| l.as_ref() == Some(&id)) {
            return;
        }
        loading.set_value(Some(id.clone()));
        current.begin_switch(&id);
        leptos::task::spawn_local(async move {
            let result = match api.get_project(&id, None).await {
                Ok(p) if p.id != id => {
                    Err(ApiError::Decode(format!("asked for {id}, got {}", p.id)))
                }
                other => other,
            };
            loading.update_value(|l| {
                if l.as_ref() == Some(&id) {
                    *l = None;
                }
            });
            match result {
                Ok(project) => current.loaded(project),
                Err(ApiError::Aborted) => {}
                Err(error) => match lost_project_message(&error, &id) {
                    Some(message) => {
                        if current.failed(&id) {
                            notice.show(message);
                        }
                    }
                    None => current.load_failed(&id, error.sentence()),
                },
            }
        });
    });
}

/// The current project and environment, always visible; opens the switcher.
#[component]
fn ProjectSelector() -> impl IntoView {
    let current = expect_current_project();
    let open = expect_switcher_open();
    view! {
        <button
            type="button"
            class="selector"
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            aria-keyshortcuts="Control+K Meta+K"
            data-testid="project-selector"
            on:click=move |_| open.set(true)
        >
            // Its name is the words it shows, then what it does: a person who
            // speaks to the page names it by what they see.
            {move || match current.project.get() {
                Some(p) => view! {
                    <span class="selector__name" data-testid="selector-name" title=p.name.clone()>{p.name.clone()}</span>
                    " "
                    <EnvironmentBadge environment=p.environment/>
                    <span class="visually-hidden">", the current project. Switch project"</span>
                }
                .into_any(),
                // A load that failed says so until it is tried again; the
                // page shows why, with the way to try again.
                None if current.id.with(Option::is_some) && current.failure.with(Option::is_some) => view! {
                    <span class="selector__name selector__name--muted" data-testid="selector-failed">"Couldn't open the project"</span>
                    <span class="visually-hidden">" Switch project"</span>
                }
                .into_any(),
                None if current.id.with(Option::is_some) => view! {
                    <span class="selector__name selector__name--muted">"Opening…"</span>
                    <span class="visually-hidden">" Switch project"</span>
                }
                .into_any(),
                None => view! { <span class="selector__name selector__name--muted">"Choose a project"</span> }.into_any(),
            }}
            <kbd class="selector__hint" aria-hidden="true">"Ctrl K"</kbd>
        </button>
    }
}

/// How many project requests wait for support, or (with `access`) how
/// many access requests wait for the user's answer, asked again on every
/// page the user moves to and when the live-update stream says one changed
/// (nothing while the server cannot say).
///
/// Its code comes in a chunk of its own: the counts are not needed for the
/// first rows of the list.
#[component]
fn PendingCount(#[prop(optional)] access: bool) -> impl IntoView {
    let api = expect_api();
    let path = use_location().pathname;
    let count = RwSignal::new(None::<u64>);
    let live = crate::state::live::expect_live();
    let changed = if access { live.access } else { live.requests };
    Effect::new(move |_| {
        path.track();
        changed.track();
        leptos::task::spawn_local(async move {
            // Access requests waiting for the user's answer, or project
            // requests waiting for support.
            let queue = if access {
                "/access-requests"
            } else {
                "/support/project-requests"
            };
            let answer = api.total_of(queue).await;
            count.try_set(answer.ok());
        });
    });
    move || {
        count.get().filter(|n| *n > 0).map(|n| {
            view! {
                <span class="sidebar__count" data-testid=if access { "pending-access-count" } else { "pending-count" }>
                    <span aria-hidden="true">{n}</span>
                    <span class="visually-hidden">{format!("({n} pending)")}</span>
                </span>
            }
        })
    }
}

/// Scrolls a navigation that scrolls sideways so that the link of the page
/// shown is in the middle of it (or as near as its ends allow).
fn show_current_link(nav: &web_sys::HtmlElement) {
    use leptos::wasm_bindgen::JsCast;
    if nav.scroll_width() <= nav.client_width() {
        return;
    }
    let Some(link) = nav
        .query_selector("[aria-current=\"page\"]")
        .ok()
        .flatten()
        .and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let target = link.offset_left() - (nav.client_width() - link.offset_width()) / 2;
    nav.set_scroll_left(target.max(0));
}

/// The navigation: the projects list, and the current project's pages.
#[component]
fn Sidebar() -> impl IntoView {
    let current = expect_current_project();
    let started = crate::state::live::expect_live().started;
    let me = expect_session().me();
    let support = me.as_ref().is_some_and(|me| me.support);
    let organisation_admin = me.as_ref().is_some_and(|me| me.organisation_admin);
    // Who can answer access requests: a project's Admins, and the
    // organisation admins.
    let grants = me.as_ref().is_some_and(|me| {
        me.organisation_admin
            || me
                .memberships
                .iter()
                .any(|m| m.role == api_types::RoleKey::Admin)
    });
    // In a narrow window the navigation is one row that scrolls sideways:
    // the page's own link is brought into view whenever the page changes,
    // and when the project's links arrive (after the project has loaded).
    let nav = NodeRef::<leptos::html::Nav>::new();
    let path = use_location().pathname;
    Effect::new(move |_| {
        path.track();
        current.id.track();
        current.project.with(|p| p.as_ref().map(|p| p.id.clone()));
        request_animation_frame(move || {
            if let Some(nav) = nav.get_untracked() {
                show_current_link(&nav);
            }
        });
    });
    view! {
        <nav class="sidebar" aria-label="Main" node_ref=nav>
            <ul class="sidebar__list">
                <li>
                    <A href=routes::projects() exact=true attr:class="sidebar__link">"Projects"</A>
                </li>
                <li on:pointerover=intent(lazy::pipelines) on:focusin=intent(lazy::pipelines)>
                    <A href=routes::usage() attr:class="sidebar__link">"Usage by project"</A>
                </li>
                <li on:pointerover=intent(lazy::api_reference) on:focusin=intent(lazy::api_reference)>
                    <A href=routes::api_reference() attr:class="sidebar__link">"API reference"</A>
                </li>
                {grants.then(|| view! {
                    <li on:pointerover=intent(lazy::access_requests) on:focusin=intent(lazy::access_requests)>
                        <A href=routes::access_requests() attr:class="sidebar__link">
                            "Access requests" <super::LazyPage load=crate::pages::lazy::access_count quiet=true when=started/>
                        </A>
                    </li>
                })}
                {support.then(|| view! {
                    <li on:pointerover=intent(lazy::support_queue) on:focusin=intent(lazy::support_queue)>
                        <A href=routes::support_requests() attr:class="sidebar__link">
                            "Support queue" <super::LazyPage load=crate::pages::lazy::request_count quiet=true when=started/>
                        </A>
                    </li>
                })}
            </ul>
            {organisation_admin.then(|| view! {
                <p class="sidebar__heading">"Organisation"</p>
                <ul class="sidebar__list">
                    <li on:pointerover=intent(lazy::members) on:focusin=intent(lazy::members)>
                        <A href=routes::organisation_members() attr:class="sidebar__link">"Members"</A>
                    </li>
                    <li on:pointerover=intent(lazy::organisation_activity) on:focusin=intent(lazy::organisation_activity)>
                        <A href=routes::organisation_activity() attr:class="sidebar__link">"Activity"</A>
                    </li>
                </ul>
            })}
            {move || {
                current.id.get().map(|id| {
                    let name = current.project.with(|p| p.as_ref().map(|p| p.name.clone()));
                    view! {
                        <p class="sidebar__heading sidebar__heading--project">{name.unwrap_or_else(|| "Project".into())}</p>
                        <ul class="sidebar__list sidebar__list--project">
                            {ProjectPage::ALL
                                .into_iter()
                                .map(|page| view! {
                                    <li on:pointerover=intent(page_chunk(page)) on:focusin=intent(page_chunk(page))>
                                        <A href=routes::project_page(&id, page) attr:class="sidebar__link">{page.label()}</A>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                })
            }}
        </nav>
    }
}

/// Who is signed in, and signing out. Signing out ends the session on the
/// server and loads the sign-in page afresh, so nothing of this user stays
/// in the page's memory.
#[component]
fn UserMenu() -> impl IntoView {
    let session = expect_session();
    let notice = expect_notice();
    let api = expect_api();
    let busy = RwSignal::new(false);
    let me = session.me();
    let (name, email) = me.map(|m| (m.user.name, m.user.email)).unwrap_or_default();
    let sign_out = move |_| {
        if busy.get_untracked() || !crate::components::may_leave() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.sign_out().await {
                Ok(()) | Err(ApiError::Unauthorized(_)) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().replace(routes::sign_in());
                    }
                }
                Err(e) => {
                    busy.set(false);
                    notice.show(format!("You are still signed in. {}", e.sentence()));
                }
            }
        });
    };
    view! {
        <div class="user-menu">
            <span class="user-menu__name" title=email.clone() data-testid="signed-in-user">{name}</span>
            <button
                type="button"
                class="button button--small"
                prop:disabled=busy
                aria-label=format!("Sign out {email}")
                on:click=sign_out
                data-testid="sign-out"
            >
                {move || if busy.get() { "Signing out…" } else { "Sign out" }}
            </button>
        </div>
    }
}

/// A notice that outlived a redirect, with a way to dismiss it.
#[component]
fn NoticeBar() -> impl IntoView {
    let notice = expect_notice();
    move || {
        notice.0.get().map(|message| {
            view! {
                <div class="notice notice--info" role="status" data-testid="notice">
                    <p class="notice__text">{message}</p>
                    <button type="button" class="button button--small" on:click=move |_| notice.dismiss()>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// How many access requests wait for the user's answer.
#[component]
pub fn PendingAccessCount() -> impl IntoView {
    view! { <PendingCount access=true/> }
}

/// How many project requests wait for support.
#[component]
pub fn PendingRequestCount() -> impl IntoView {
    view! { <PendingCount/> }
}

/// A handler for a navigation link's `on:pointerover` and `on:focusin`: a
/// pointer over the link, or the focus on it, usually comes a moment
/// before it is followed, and its page's chunk starts arriving then.
fn intent<E>(load: fn() -> Loading) -> impl Fn(E) + Copy + 'static {
    move |_| prefetch(load)
}

/// The chunk of a project's page.
fn page_chunk(page: ProjectPage) -> fn() -> Loading {
    match page {
        ProjectPage::Dashboard => lazy::dashboard,
        ProjectPage::Sources => lazy::sources,
        ProjectPage::Destinations => lazy::destinations,
        ProjectPage::Pipelines | ProjectPage::Topics | ProjectPage::Usage => lazy::pipelines,
        ProjectPage::Settings => lazy::settings,
        ProjectPage::Activity => lazy::project_activity,
    }
}
