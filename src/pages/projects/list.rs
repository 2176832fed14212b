//! A loaded page of projects: the count, the table or an empty state, and
//! the pager.

use super::{ListView, ProjectFilters, ProjectTable};
use crate::components::list::{self, NoMatch, PageCounts, Pager};
use crate::state::expect_current_project;
use api_types::{ProjectSort, ProjectSummary};
use leptos::prelude::*;

/// The view a page of projects was answered for, and that page.
pub type ShownPage = list::ShownPage<ProjectSummary, ProjectFilters>;

/// What a loaded page amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing matches the search or filters.
    NoMatch,
    /// The organisation has no project at all.
    Empty,
    /// Rows to show.
    Rows,
}

/// A loaded page of projects: the count, the table or an empty state, and
/// the pager. Each new answer updates what changed in place.
#[component]
pub fn ProjectList(
    /// The page the server answered, and the view it answers.
    #[prop(into)]
    shown: Signal<ShownPage>,
    /// What the list is asked to show now (the search box may be ahead).
    view_state: Memo<ListView>,
    /// Moves the list to another view: `(view, replace_history_entry)`.
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    // The user's pending requests that this view would show.
    let provisioning = use_context::<super::Provisioning>();
    let requested = Memo::new(move |_| {
        let Some(link) = provisioning else {
            return Vec::new();
        };
        link.pending.with(|pending| {
            view_state.with(|view| {
                pending
                    .iter()
                    .filter(|r| view.shows_request(r))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let outcome = Memo::new(move |_| {
        let any_requested = requested.with(|r| !r.is_empty());
        shown.with(|s| match s.list.total {
            0 if any_requested => Outcome::Rows,
            0 if s.view.is_narrowed() => Outcome::NoMatch,
            0 => Outcome::Empty,
            _ => Outcome::Rows,
        })
    });
    move || {
        match outcome.get() {
        Outcome::NoMatch => view! {
            <NoMatch
                things="projects"
                search=Signal::derive(move || shown.with(|s| s.view.search.clone()))
                on_clear=Callback::new(move |()| go.run((view_state.get_untracked().cleared(), false)))
                testid="projects-no-match"
            />
        }
        .into_any(),
        Outcome::Empty => view! {
            <div class="empty" data-testid="projects-empty">
                <h2 class="empty__title">"No projects yet"</h2>
                <p>
                    "Projects are provisioned by support. Once your first one is ready it appears here, and you can switch to it."
                </p>
            </div>
        }
        .into_any(),
        Outcome::Rows => view! { <ProjectRows shown=shown view_state=view_state go=go requested=requested/> }.into_any(),
    }
    }
}

/// The count, the table and the pager of a non-empty page.
#[component]
fn ProjectRows(
    shown: Signal<ShownPage>,
    view_state: Memo<ListView>,
    go: Callback<(ListView, bool)>,
    requested: Memo<Vec<api_types::ProjectRequest>>,
) -> impl IntoView {
    let current = expect_current_project();
    let counts = Memo::new(move |_| shown.with(|s| PageCounts::of(&s.list)));
    let on_page =
        Callback::new(move |n: u32| go.run((view_state.get_untracked().on_page(n), false)));
    let sort = Signal::derive(move || shown.with(|s| Some((s.view.sort, s.view.dir))));
    let on_sort = Callback::new(move |column: ProjectSort| {
        go.run((view_state.get_untracked().sorted_by(column), false));
    });
    // One copy of the rows per answer, read by reference after that.
    let projects = Memo::new(move |_| shown.with(|s| s.list.result.clone()));
    view! {
        <p class="page__count" data-testid="projects-count" aria-live="polite">
            {move || counts.with(|c| c.summary("project", "projects"))}
        </p>
        <ProjectTable
            projects=projects
            current=Signal::derive(move || current.id.get())
            sort=sort
            on_sort=on_sort
            requested=requested
        />
        <Pager counts=counts on_page=on_page/>
    }
}
