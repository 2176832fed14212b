use super::switcher::{QuickSwitcher, SwitcherOpen};
use super::{focus_id, EnvironmentBadge};
use crate::api::{expect_api, ApiError};
use crate::routes;
use crate::state::{expect_current_project, expect_notice, expect_session};
use leptos::prelude::*;
use leptos_router::components::A;

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
    let production = move || {
        current
            .project
            .with(|p| p.as_ref().is_some_and(|p| p.environment.is_production()))
    };
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

/// The current project and environment, always visible; opens the switcher.
#[component]
fn ProjectSelector() -> impl IntoView {
    let current = expect_current_project();
    let open = expect_context::<SwitcherOpen>().0;
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
                    <span class="selector__name" data-testid="selector-name">{p.name}</span>
                    " "
                    <EnvironmentBadge environment=p.environment/>
                    <span class="visually-hidden">", the current project. Switch project"</span>
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

/// The navigation: the projects list, and the current project's pages.
#[component]
fn Sidebar() -> impl IntoView {
    let current = expect_current_project();
    let support = expect_session().me().is_some_and(|me| me.support);
    view! {
        <nav class="sidebar" aria-label="Main">
            <ul class="sidebar__list">
                <li>
                    <A href=routes::projects() exact=true attr:class="sidebar__link">"Projects"</A>
                </li>
                <li>
                    <A href=routes::api_reference() attr:class="sidebar__link">"API reference"</A>
                </li>
                {support.then(|| view! {
                    <li>
                        <A href=routes::support_requests() attr:class="sidebar__link">"Support queue"</A>
                    </li>
                })}
            </ul>
            {move || {
                current.id.get().map(|id| {
                    let name = current.project.with(|p| p.as_ref().map(|p| p.name.clone()));
                    view! {
                        <p class="sidebar__heading">{name.unwrap_or_else(|| "Project".into())}</p>
                        <ul class="sidebar__list">
                            <li>
                                <A href=routes::project_dashboard(&id) attr:class="sidebar__link">"Dashboard"</A>
                            </li>
                            <li>
                                <A href=routes::project_settings_home(&id) attr:class="sidebar__link">"Settings"</A>
                            </li>
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
        if busy.get_untracked() {
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
