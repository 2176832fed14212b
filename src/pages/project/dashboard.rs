//! `/projects/:id/dashboard`: the project's overview.

use crate::components::{
    CopyButton, EnvironmentBadge, LocalDate, MaskedValue, StateBadge, UnavailableNotice,
};
use crate::routes::{self, SettingsTab};
use crate::state::expect_open_project;
use leptos::prelude::*;

/// `/projects/:id/dashboard`: the project's overview.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let open = expect_open_project();
    let project = open.get_untracked();
    view! {
        <section class="page" aria-labelledby="dashboard-title" data-testid="dashboard" data-project-id=project.id.to_string()>
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">"Project dashboard"</p>
                    <h1 class="page__title" id="dashboard-title">{move || open.with(|p| p.name.clone())}</h1>
                    <p class="page__badges">
                        <EnvironmentBadge environment=project.environment.clone()/>
                        <StateBadge state=project.state/>
                    </p>
                </div>
            </header>
            <UnavailableNotice/>
            <div class="cards">
                <section class="card" aria-labelledby="overview-title">
                    <h2 class="card__title" id="overview-title">"Overview"</h2>
                    <dl class="facts">
                        <dt>"Project ID"</dt>
                        <dd class="facts__copyable">
                            <code data-testid="project-id">{project.id.to_string()}</code>
                            <CopyButton text=project.id.to_string() what="project ID"/>
                        </dd>
                        <dt>"Environment"</dt>
                        <dd>{project.environment.as_str().to_string()}</dd>
                        <dt>"State"</dt>
                        <dd>{project.state.as_str()}</dd>
                        <dt>"Cloud"</dt>
                        <dd>{project.cloud.as_str()}</dd>
                        <dt>"Region"</dt>
                        <dd>
                            <code>{project.region.clone()}</code>
                            {crate::format::region_place(project.cloud, &project.region).map(|place| view! { <span class="region__place">{place}</span> })}
                        </dd>
                        <dt>"Created on"</dt>
                        <dd><LocalDate at=project.created_at/></dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="kafka-title">
                    <h2 class="card__title" id="kafka-title">"Kafka bootstrap servers"</h2>
                    <p class="card__text">
                        "Treat this as sensitive. Clients connect on port 9092 with SASL_SSL and a Kafka user; Kafka Access in the settings has the rest."
                    </p>
                    <MaskedValue value=project.kafka_bootstrap_servers.clone() what="Kafka bootstrap servers"/>
                </section>
                <nav class="card" aria-labelledby="settings-links-title">
                    <h2 class="card__title" id="settings-links-title">"Settings"</h2>
                    <ul class="link-list">
                        {SettingsTab::ALL
                            .into_iter()
                            .map(|tab| {
                                let what = match tab {
                                    SettingsTab::Details => "Name, ID and environment; rename",
                                    SettingsTab::Location => "Cloud provider and region",
                                    SettingsTab::Credentials => "API tokens",
                                    SettingsTab::KafkaAccess => "Broker connection and Kafka users",
                                };
                                view! {
                                    <li>
                                        <a href=routes::project_settings(&project.id, tab)>{tab.label()}</a>
                                        <span class="link-list__hint">{what}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </section>
    }
}
