//! A loaded page of projects (the count, the table or an empty state, and
//! the pager), and the placeholder while the first one loads.

use super::{ListView, ProjectTable};
use crate::format;
use crate::state::expect_current_project;
use api_types::{ListResponse, ProjectSort, ProjectSummary};
use leptos::prelude::*;

/// The view a page of rows was answered for, and that page.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownPage {
    /// The search, filters, sort and page the rows answer.
    pub view: ListView,
    /// The rows and counts.
    pub list: ListResponse<ProjectSummary>,
}

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
    let outcome = Memo::new(move |_| {
        shown.with(|s| match s.list.total {
            0 if s.view.is_narrowed() => Outcome::NoMatch,
            0 => Outcome::Empty,
            _ => Outcome::Rows,
        })
    });
    move || {
        match outcome.get() {
        Outcome::NoMatch => {
            let what = move || {
                let search = shown.with(|s| s.view.search.trim().to_string());
                if search.is_empty() {
                    "No projects match these filters.".to_string()
                } else {
                    format!("No projects match \u{201c}{search}\u{201d} with these filters.")
                }
            };
            view! {
                <div class="empty" data-testid="projects-no-match">
                    <h2 class="empty__title">"Nothing matches"</h2>
                    <p>{what}</p>
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=move |_| go.run((view_state.get_untracked().cleared(), false))
                    >
                        "Clear search and filters"
                    </button>
                </div>
            }
            .into_any()
        }
        Outcome::Empty => view! {
            <div class="empty" data-testid="projects-empty">
                <h2 class="empty__title">"No projects yet"</h2>
                <p>
                    "Projects are provisioned by support. Once your first one is ready it appears here, and you can switch to it."
                </p>
            </div>
        }
        .into_any(),
        Outcome::Rows => view! { <ProjectRows shown=shown view_state=view_state go=go/> }.into_any(),
    }
    }
}

/// The count, the table and the pager of a non-empty page.
#[component]
fn ProjectRows(
    shown: Signal<ShownPage>,
    view_state: Memo<ListView>,
    go: Callback<(ListView, bool)>,
) -> impl IntoView {
    let current = expect_current_project();
    let counts = Memo::new(move |_| {
        shown.with(|s| {
            let list = &s.list;
            let pages = list.total.div_ceil(u64::from(list.page_size.max(1)));
            let first = u64::from(list.page.saturating_sub(1)) * u64::from(list.page_size) + 1;
            let last = first + (list.result.len() as u64).saturating_sub(1);
            (list.page, pages, first, last, list.total, list.has_next)
        })
    });
    let summary = move || {
        let (_, pages, first, last, total, _) = counts.get();
        if pages > 1 {
            format!(
                "Showing {}\u{2013}{} of {}",
                format::grouped(first),
                format::grouped(last),
                format::count(total, "project", "projects")
            )
        } else {
            format::count(total, "project", "projects")
        }
    };
    let to_page = move |n: u32| {
        let mut next = view_state.get_untracked();
        next.page = n;
        go.run((next, false));
    };
    // The pager is built once while there is more than one page; each
    // keystroke of a search only updates its text and buttons.
    let paged = Memo::new(move |_| counts.with(|c| c.1 > 1));
    let page = move || counts.with(|c| c.0);
    let pager = move || {
        paged.get().then(|| {
            view! {
                <nav class="pager" aria-label="Pages">
                    <button type="button" class="button" prop:disabled=move || page() <= 1 on:click=move |_| to_page(page().saturating_sub(1).max(1))>
                        "Previous"
                    </button>
                    <span class="pager__status">{move || counts.with(|c| format!("Page {} of {}", c.0, c.1))}</span>
                    <button type="button" class="button" prop:disabled=move || !counts.with(|c| c.5) on:click=move |_| to_page(page() + 1)>
                        "Next"
                    </button>
                </nav>
            }
        })
    };
    let sort = Signal::derive(move || shown.with(|s| Some((s.view.sort, s.view.dir))));
    let on_sort = Callback::new(move |column: ProjectSort| {
        go.run((view_state.get_untracked().sorted_by(column), false));
    });
    // One copy of the rows per answer, read by reference after that.
    let projects = Memo::new(move |_| shown.with(|s| s.list.result.clone()));
    view! {
        <p class="page__count" data-testid="projects-count" aria-live="polite">{summary}</p>
        <ProjectTable
            projects=projects
            current=Signal::derive(move || current.id.get())
            sort=sort
            on_sort=on_sort
        />
        {pager}
    }
}

/// Placeholder rows while the first page loads, announced to screen readers.
#[component]
pub fn LoadingTable() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite" data-testid="projects-loading">
            <span class="visually-hidden">"Loading projects…"</span>
            <div class="skeleton" aria-hidden="true">
                {(0..6).map(|_| view! { <div class="skeleton__row"></div> }).collect_view()}
            </div>
        </div>
    }
}
