//! `/projects/:id/settings/{details,location,api,kafka-access}`: a project's
//! settings, one child route per tab, under a tab list that follows the
//! WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs).

mod api;
mod details;
mod kafka;
mod location;

pub use api::ApiTab;
pub use details::DetailsTab;
pub use kafka::{AclEditor, CidrInput, KafkaAccessTab};
pub use location::LocationTab;

use super::ScopedProject;
use crate::components::focus_later;
use crate::components::switcher::step;
use crate::routes::{self, SettingsTab};
use crate::state::expect_session;
use api_types::{no_access_message, role_refusal, Change, ProjectState, RoleKey};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// A form's errors: `(field, message)`, the field as the API names it.
pub type FieldErrors = RwSignal<Vec<(String, String)>>;

/// The error of one field, for its view.
pub fn error_of(errors: FieldErrors, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
}

/// Why an UNAVAILABLE project's settings cannot be changed; shown beside
/// the actions that state disables (when the role allows them at all).
pub const UNAVAILABLE_REASON: &str = "This project is UNAVAILABLE (paused or stopped): nothing in it can be created or changed until it is running again.";

/// Why a user with `role` on `project` cannot make `change`, if they
/// cannot: the server's own sentence, or, without a role, its no-access one.
pub fn role_reason(project: &str, role: Option<RoleKey>, change: Change) -> Option<String> {
    match role {
        Some(role) if change.allowed_by(role) => None,
        Some(role) => Some(role_refusal(project, role, change)),
        None => Some(no_access_message(project)),
    }
}

/// Why the signed-in user cannot make `change` in the project shown, if
/// they cannot: their role, or else the project being UNAVAILABLE.
pub fn blocked(change: Change) -> Memo<Option<String>> {
    let scoped = expect_context::<ScopedProject>().0;
    let session = expect_session();
    Memo::new(move |_| {
        let (id, name, unavailable) = scoped.with(|p| {
            (
                p.id.clone(),
                p.name.clone(),
                p.state == ProjectState::Unavailable,
            )
        });
        role_reason(&name, session.role_on(&id), change)
            .or_else(|| unavailable.then(|| UNAVAILABLE_REASON.to_string()))
    })
}

/// Why the signed-in user's role does not allow `change` in the project
/// shown, whatever its state (revoking a token works on an UNAVAILABLE one).
pub fn role_blocked(change: Change) -> Memo<Option<String>> {
    let scoped = expect_context::<ScopedProject>().0;
    let session = expect_session();
    Memo::new(move |_| {
        let (id, name) = scoped.with(|p| (p.id.clone(), p.name.clone()));
        role_reason(&name, session.role_on(&id), change)
    })
}

/// The signed-in user's role on the project shown.
pub fn own_role() -> Memo<Option<RoleKey>> {
    let scoped = expect_context::<ScopedProject>().0;
    let session = expect_session();
    Memo::new(move |_| {
        let id = scoped.with(|p| p.id.clone());
        session.role_on(&id)
    })
}

/// The settings page: title, tabs, and the tab's panel.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let scoped = expect_context::<ScopedProject>().0;
    let id = scoped.with_untracked(|p| p.id.clone());
    let location = use_location();
    let active = Memo::new(move |_| location.pathname.with(|p| SettingsTab::of_path(p)));
    let navigate = use_navigate();
    let tab_id = |tab: SettingsTab| format!("tab-{}", tab.slug());
    let focus_after = StoredValue::new(None::<SettingsTab>);
    let on_keydown = {
        let id = id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let Some(current) = active.get_untracked() else {
                return;
            };
            let tabs = SettingsTab::ALL;
            let at = tabs.iter().position(|t| *t == current).unwrap_or(0);
            let Some(next) = step(at, tabs.len(), &ev.key(), ("ArrowLeft", "ArrowRight")) else {
                return;
            };
            let next = tabs[next];
            ev.prevent_default();
            focus_after.set_value(Some(next));
            navigate(
                &routes::project_settings(&id, next),
                NavigateOptions::default(),
            );
        }
    };
    // The tab moved to by keyboard gets the focus once its route shows.
    Effect::new(move |_| {
        let shown = active.get();
        if shown.is_some() && focus_after.get_value() == shown {
            focus_after.set_value(None);
            if let Some(tab) = shown {
                focus_later(tab_id(tab));
            }
        }
    });
    let unavailable = move || {
        scoped.with(|p| p.state == ProjectState::Unavailable).then(|| {
            view! {
                <div class="notice notice--paused" role="note" data-testid="unavailable-notice">
                    <h2 class="notice__title">"This project is UNAVAILABLE"</h2>
                    <p class="notice__text">
                        "It is paused or stopped: its settings can be read, but nothing can be created or changed. API tokens can still be deleted or regenerated, so that a leaked one can always be revoked."
                    </p>
                </div>
            }
        })
    };
    view! {
        <section class="page" aria-labelledby="settings-title" data-testid="settings">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Project settings"</p>
                    <h1 class="page__title" id="settings-title">{move || scoped.with(|p| p.name.clone())}</h1>
                </div>
            </header>
            {unavailable}
            <div class="tabs" role="tablist" aria-label="Settings" on:keydown=on_keydown>
                {SettingsTab::ALL
                    .into_iter()
                    .map(|tab| {
                        let selected = move || active.get() == Some(tab);
                        view! {
                            <A
                                href=routes::project_settings(&id, tab)
                                attr:id=tab_id(tab)
                                attr:class="tabs__tab"
                                attr:role="tab"
                                attr:aria-selected=move || selected().to_string()
                                attr:aria-controls="settings-panel"
                                attr:tabindex=move || if selected() { "0" } else { "-1" }
                            >
                                {tab.label()}
                            </A>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                class="tabs__panel"
                id="settings-panel"
                role="tabpanel"
                tabindex="0"
                aria-labelledby=move || active.get().map(tab_id).unwrap_or_default()
            >
                <Outlet/>
            </div>
        </section>
    }
}

/// `/projects/:id/settings` opens the Details tab.
#[component]
pub fn ToDetails() -> impl IntoView {
    let id = expect_context::<ScopedProject>()
        .0
        .with_untracked(|p| p.id.clone());
    view! {
        <Redirect
            path=routes::project_settings(&id, SettingsTab::Details)
            options=NavigateOptions { replace: true, ..NavigateOptions::default() }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::role_reason;
    use api_types::{Change, RoleKey};

    #[test]
    fn each_role_is_told_what_it_cannot_do_in_the_servers_words() {
        let p = "Development-EU";
        assert_eq!(role_reason(p, Some(RoleKey::Admin), Change::Project), None);
        assert_eq!(
            role_reason(p, Some(RoleKey::DataAdmin), Change::Access),
            None
        );
        assert_eq!(
            role_reason(p, Some(RoleKey::DataAdmin), Change::Project).unwrap(),
            "Your role on Development-EU (Data Admin) does not allow you to change the project's settings; ask an Admin of the project."
        );
        let read_only = role_reason(p, Some(RoleKey::ReadOnly), Change::Access).unwrap();
        assert!(
            read_only.contains("(Read Only) does not allow you to manage API tokens"),
            "{read_only}"
        );
        assert!(role_reason(p, None, Change::Access)
            .unwrap()
            .starts_with("You don't have access to Development-EU"));
    }
}
