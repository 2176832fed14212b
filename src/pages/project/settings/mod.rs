//! `/projects/:id/settings/{details,location,api,kafka-access}`: a project's
//! settings, one child route per tab, under a tab list that follows the
//! WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs).

mod credentials;
mod details;
mod kafka;
mod location;

pub use credentials::CredentialsTab;
pub use details::DetailsTab;
pub use kafka::{AclEditor, CidrInput, KafkaAccessTab};
pub use location::LocationTab;

use crate::components::switcher::step;
use crate::components::{focus_later, UnavailableNotice};
use crate::routes::{self, SettingsTab};
use crate::state::{expect_open_project, open_project_id};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The settings page: title, tabs, and the tab's panel.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let project = expect_open_project();
    let id = open_project_id();
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
    view! {
        <section class="page" aria-labelledby="settings-title" data-testid="settings">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Project settings"</p>
                    <h1 class="page__title" id="settings-title">{move || project.with(|p| p.name.clone())}</h1>
                </div>
            </header>
            <UnavailableNotice still="Its settings can be read. API tokens can still be deleted or regenerated, so that a leaked one can always be revoked."/>
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
    let id = open_project_id();
    view! {
        <Redirect
            path=routes::project_settings(&id, SettingsTab::Details)
            options=NavigateOptions { replace: true, ..NavigateOptions::default() }
        />
    }
}
