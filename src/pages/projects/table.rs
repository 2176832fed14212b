use crate::components::{EnvironmentBadge, StateBadge};
use crate::format;
use crate::routes;
use api_types::{Project, ProjectId, ProjectSort, SortDir};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// The projects table, one row per project with every documented column.
/// A project's name links to its dashboard, and a click anywhere on its
/// row does the same.
#[component]
pub fn ProjectTable(
    /// The rows. A new list keeps the rows of the projects it shares with
    /// the previous one.
    #[prop(into)]
    projects: Signal<Vec<Project>>,
    /// The project the user is in, marked `CURRENT`.
    #[prop(optional, into)]
    current: Signal<Option<ProjectId>>,
    /// The column and direction the rows are sorted by.
    #[prop(optional, into)]
    sort: Signal<Option<(ProjectSort, SortDir)>>,
    /// Called with a column when its header is clicked; without it the
    /// headers are plain text.
    #[prop(optional)]
    on_sort: Option<Callback<ProjectSort>>,
) -> impl IntoView {
    let header = move |label: &'static str, column: ProjectSort| {
        let aria_sort = Memo::new(move |_| match sort.get() {
            Some((c, SortDir::Asc)) if c == column => "ascending",
            Some((c, SortDir::Desc)) if c == column => "descending",
            _ => "none",
        });
        let arrow = move || match aria_sort.get() {
            "ascending" => "\u{25b2}",
            "descending" => "\u{25bc}",
            _ => "",
        };
        let content = match on_sort {
            Some(cb) => view! {
                <button type="button" class="table__sort" on:click=move |_| cb.run(column)>
                    {label}
                    <span class="table__arrow" aria-hidden="true">{arrow}</span>
                </button>
            }
            .into_any(),
            None => label.into_any(),
        };
        view! { <th scope="col" aria-sort=aria_sort>{content}</th> }
    };
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="projects-table">
                <caption class="visually-hidden">"Projects of the organisation"</caption>
                <thead>
                    <tr>
                        {header("Name", ProjectSort::Name)}
                        {header("Type", ProjectSort::Environment)}
                        {header("Created on", ProjectSort::CreatedAt)}
                        {header("State", ProjectSort::State)}
                        {header("Cloud", ProjectSort::Cloud)}
                        {header("Region", ProjectSort::Region)}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || projects.get()
                        key=Project::clone
                        children=move |p| view! { <ProjectRow project=p current=current/> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// A click on a row that is not on a control follows the row's link.
fn follow_row_link(ev: leptos::ev::MouseEvent) {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if target
        .closest("a, button, input, select")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    if let Some(link) = target
        .closest("tr")
        .ok()
        .flatten()
        .and_then(|row| row.query_selector("a").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
    {
        link.click();
    }
}

#[component]
fn ProjectRow(project: Project, current: Signal<Option<ProjectId>>) -> impl IntoView {
    let row_class = if project.environment.is_production() {
        "table__row table__row--link table__row--production"
    } else {
        "table__row table__row--link"
    };
    let id = project.id.clone();
    let is_current = Memo::new(move |_| current.with(|c| c.as_ref() == Some(&id)));
    view! {
        <tr
            class=row_class
            class:table__row--current=move || is_current.get()
            data-testid="project-row"
            data-project-id=project.id.to_string()
            on:click=follow_row_link
        >
            <th scope="row" class="table__name">
                <a class="table__link" href=routes::project_dashboard(&project.id)>{project.name}</a>
                <Show when=move || is_current.get()>
                    <span class="badge badge--current" data-testid="current-badge">"CURRENT"</span>
                </Show>
            </th>
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
