//! The Location tab: where the project runs.

use crate::format::cloud_name as provider;
use crate::state::expect_open_project;
use api_types::region_name;
use leptos::prelude::*;

/// Cloud provider and region, with the region's readable name.
#[component]
pub fn LocationTab() -> impl IntoView {
    let project = expect_open_project().get_untracked();
    let readable = region_name(project.cloud, &project.region);
    view! {
        <section class="card" aria-labelledby="location-title">
            <h2 class="card__title" id="location-title">"Location"</h2>
            <dl class="facts">
                <dt>"Cloud provider"</dt>
                <dd data-testid="location-cloud">{provider(project.cloud)}</dd>
                <dt>"Region"</dt>
                <dd data-testid="location-region">
                    {readable.map(|name| view! { <span class="facts__strong">{name}</span> " " })}
                    <code>{project.region.clone()}</code>
                </dd>
            </dl>
            <p class="card__text">
                "A project's cloud and region are chosen when support provisions it and cannot change. To run in another region, request a new project there."
            </p>
        </section>
    }
}
