use crate::api::{abort_on_cleanup, expect_api};
use crate::components::{EnvironmentBadge, ErrorView, StateBadge};
use crate::format;
use api_types::{ListResponse, Project, ProjectListQuery};
use leptos::prelude::*;

/// Projects per request: the server's largest page.
const PAGE_SIZE: u32 = 100;

/// `/projects`: every project of the organisation with its environment,
/// state, cloud and region.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let api = expect_api();
    let page = RwSignal::new(1u32);
    let projects = LocalResource::new(move || {
        let query = ProjectListQuery {
            page: page.get(),
            page_size: PAGE_SIZE,
            ..ProjectListQuery::default()
        };
        let signal = abort_on_cleanup();
        async move { api.list_projects(&query, signal.as_ref()).await }
    });
    let (refreshing, set_refreshing) = signal(false);

    view! {
        <section class="page" aria-labelledby="projects-title">
            <header class="page__header">
                <div>
                    <h1 class="page__title" id="projects-title">"Projects"</h1>
                    <p class="page__lead">
                        "Each project is an isolated streaming stack (Kafka, Flink, connectors, pipelines) in one cloud region."
                    </p>
                </div>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| projects.refetch()
                    prop:disabled=move || refreshing.get()
                    aria-busy=move || refreshing.get().to_string()
                >
                    {move || if refreshing.get() { "Refreshing…" } else { "Refresh" }}
                </button>
            </header>
            <Transition fallback=LoadingTable set_pending=set_refreshing>
                {move || Suspend::new(async move {
                    match projects.await {
                        Ok(list) => view! { <ProjectList list=list page=page/> }.into_any(),
                        Err(error) => {
                            view! { <ErrorView error=error on_retry=move || projects.refetch()/> }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// A loaded page of projects: the count, the table or the empty state, and
/// the pager.
#[component]
pub fn ProjectList(list: ListResponse<Project>, page: RwSignal<u32>) -> impl IntoView {
    if list.total == 0 {
        return view! {
            <div class="empty" data-testid="projects-empty">
                <h2 class="empty__title">"No projects yet"</h2>
                <p>
                    "Projects are provisioned by support. Once your first one is ready it appears here, and you can switch to it."
                </p>
            </div>
        }
        .into_any();
    }
    let pages = list.total.div_ceil(u64::from(list.page_size.max(1)));
    let current = list.page;
    let pager = (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                <button
                    type="button"
                    class="button"
                    prop:disabled=current <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    "Previous"
                </button>
                <span class="pager__status">{format!("Page {current} of {pages}")}</span>
                <button
                    type="button"
                    class="button"
                    prop:disabled=!list.has_next
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next"
                </button>
            </nav>
        }
    });
    view! {
        <p class="page__count" data-testid="projects-count">
            {format::count(list.total, "project", "projects")}
        </p>
        <ProjectTable projects=list.result/>
        {pager}
    }
    .into_any()
}

/// The projects table, one row per project, with every documented column.
#[component]
pub fn ProjectTable(projects: Vec<Project>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="projects-table">
                <caption class="visually-hidden">"Projects of the organisation"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Created on"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Cloud"</th>
                        <th scope="col">"Region"</th>
                    </tr>
                </thead>
                <tbody>
                    {projects.into_iter().map(|p| view! { <ProjectRow project=p/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ProjectRow(project: Project) -> impl IntoView {
    let row_class = if project.environment.is_production() {
        "table__row table__row--production"
    } else {
        "table__row"
    };
    view! {
        <tr class=row_class data-testid="project-row" data-project-id=project.id.to_string()>
            <th scope="row" class="table__name">{project.name}</th>
            <td data-label="Type"><EnvironmentBadge environment=project.environment/></td>
            <td data-label="Created on">
                <time datetime=format::iso_timestamp(&project.created_at) title=format::iso_timestamp(&project.created_at)>
                    {format::local_date(&project.created_at)}
                </time>
            </td>
            <td data-label="State"><StateBadge state=project.state/></td>
            <td data-label="Cloud">{project.cloud.as_str()}</td>
            <td data-label="Region"><code class="region">{project.region}</code></td>
        </tr>
    }
}

/// Placeholder rows while the first page loads, announced to screen readers.
#[component]
fn LoadingTable() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite" data-testid="projects-loading">
            <span class="visually-hidden">"Loading projects…"</span>
            <div class="skeleton" aria-hidden="true">
                {(0..6).map(|_| view! { <div class="skeleton__row"></div> }).collect_view()}
            </div>
        </div>
    }
}
