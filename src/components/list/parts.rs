//! The pieces every list is built from: the search box, a filter, a
//! sortable column header, the count, the pager, and what is shown while
//! the first page loads or when nothing matches.

use super::{Filters, ListView, SortKey};
use crate::format;
use api_types::{ListResponse, SortDir};
use leptos::prelude::*;

/// The search box of a list. The text typed leads; the list follows.
#[component]
pub fn SearchBox(
    /// The input's id, for its label.
    id: &'static str,
    /// The visible label, e.g. "Search by name".
    label: &'static str,
    /// An example of what to type.
    placeholder: &'static str,
    /// What is typed in the search box.
    search: RwSignal<String>,
    /// Called with the box's text on each keystroke.
    on_search: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field field--grow">
            <label class="field__label" for=id>{label}</label>
            <input
                id=id
                class="input"
                type="search"
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || search.get()
                on:input=move |ev| on_search.run(event_target_value(&ev))
            />
        </div>
    }
}

/// One filter of a list. Choosing a value goes back to page 1, as a new
/// history entry so that Back undoes it.
#[component]
pub fn FilterSelect<F: Filters>(
    /// The element id, for the label.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The text of the empty choice, which removes the filter.
    any: &'static str,
    /// The values offered, shown as they are sent.
    choices: Vec<&'static str>,
    /// What the list shows.
    view_state: Memo<ListView<F>>,
    /// Moves the list to another view.
    go: Callback<(ListView<F>, bool)>,
    /// The filter's value in a list's filters, if set.
    read: fn(&F) -> Option<String>,
    /// Sets the filter; an empty value clears it.
    write: fn(&mut F, &str),
    /// Values offered after `choices`, which can change (the environment
    /// types an organisation uses).
    #[prop(optional, into)]
    more: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    // Setting a select's value costs the browser a lookup: only on change.
    let value = Memo::new(move |_| view_state.with(|v| read(&v.filters)).unwrap_or_default());
    let on_change = move |ev: leptos::ev::Event| {
        let mut next = view_state.get_untracked();
        write(&mut next.filters, &event_target_value(&ev));
        next.page = 1;
        go.run((next, false));
    };
    let select = NodeRef::<leptos::html::Select>::new();
    // The changing values are options added after the fixed ones, by hand:
    // a few lines rather than another generic list view in the bundle.
    let fixed = choices.len() as u32 + 1;
    if let Some(more) = more {
        // A derived signal notifies on every change upstream (a keystroke
        // in the search box): the options are rebuilt only when they differ.
        let more = Memo::new(move |_| more.get());
        Effect::new(move |_| {
            let values = more.get();
            let Some(select) = select.get() else {
                return;
            };
            while select.length() > fixed {
                select.remove_with_index(fixed as i32);
            }
            for v in &values {
                if let Ok(option) = web_sys::HtmlOptionElement::new_with_text_and_value(v, v) {
                    let _ = select.add_with_html_option_element(&option);
                }
            }
            // The value set before its option existed takes hold now.
            select.set_value(&value.get_untracked());
        });
    }
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="input" on:change=on_change prop:value=value node_ref=select>
                <option value="">{any}</option>
                {choices.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A column header that sorts the list by its column, says how it is
/// sorted (`aria-sort` and an arrow), and flips on a second click. Without
/// `on_sort` it is plain text.
pub fn sort_header<S: SortKey>(
    label: &'static str,
    column: S,
    sort: Signal<Option<(S, SortDir)>>,
    on_sort: Option<Callback<S>>,
) -> impl IntoView {
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
}

/// Where a page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCounts {
    /// The page, from 1.
    pub page: u32,
    /// How many pages there are.
    pub pages: u64,
    /// The position of its first and last row in the list, from 1.
    pub first: u64,
    pub last: u64,
    /// Rows in the whole list.
    pub total: u64,
    /// Whether a next page exists.
    pub has_next: bool,
}

impl PageCounts {
    /// The counts of one answered page.
    pub fn of<T>(list: &ListResponse<T>) -> Self {
        let pages = list.total.div_ceil(u64::from(list.page_size.max(1)));
        let first = u64::from(list.page.saturating_sub(1)) * u64::from(list.page_size) + 1;
        let last = first + (list.result.len() as u64).saturating_sub(1);
        Self {
            page: list.page,
            pages,
            first,
            last,
            total: list.total,
            has_next: list.has_next,
        }
    }

    /// "Showing 51–100 of 1,234 projects", or "12 projects" on one page.
    pub fn summary(&self, one: &str, many: &str) -> String {
        if self.pages > 1 {
            format!(
                "Showing {}\u{2013}{} of {}",
                format::grouped(self.first),
                format::grouped(self.last),
                format::count(self.total, one, many)
            )
        } else {
            format::count(self.total, one, many)
        }
    }
}

/// Previous and Next, while the list has more than one page. It is built
/// once; each new answer only updates its text and buttons.
#[component]
pub fn Pager(counts: Memo<PageCounts>, on_page: Callback<u32>) -> impl IntoView {
    let paged = Memo::new(move |_| counts.with(|c| c.pages > 1));
    let page = move || counts.with(|c| c.page);
    move || {
        paged.get().then(|| {
            view! {
                <nav class="pager" aria-label="Pages">
                    <button type="button" class="button" prop:disabled=move || page() <= 1 on:click=move |_| on_page.run(page().saturating_sub(1).max(1))>
                        "Previous"
                    </button>
                    <span class="pager__status">{move || counts.with(|c| format!("Page {} of {}", c.page, c.pages))}</span>
                    <button type="button" class="button" prop:disabled=move || !counts.with(|c| c.has_next) on:click=move |_| on_page.run(page() + 1)>
                        "Next"
                    </button>
                </nav>
            }
        })
    }
}

/// What a list says when its search or filters match nothing, with the way
/// to clear them.
#[component]
pub fn NoMatch(
    /// What the list holds, in the plural: "projects".
    things: &'static str,
    /// The search the answer was for.
    #[prop(into)]
    search: Signal<String>,
    /// Clears the search and the filters.
    on_clear: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    let what = move || {
        let search = search.with(|s| s.trim().to_string());
        if search.is_empty() {
            format!("No {things} match these filters.")
        } else {
            format!("No {things} match \u{201c}{search}\u{201d} with these filters.")
        }
    };
    view! {
        <div class="empty" data-testid=testid>
            <h2 class="empty__title">"Nothing matches"</h2>
            <p>{what}</p>
            <button type="button" class="button button--primary" on:click=move |_| on_clear.run(())>
                "Clear search and filters"
            </button>
        </div>
    }
}

/// Placeholder rows while a list's first page loads, announced to screen
/// readers as `label`.
#[component]
pub fn LoadingRows(label: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite" data-testid=testid>
            <span class="visually-hidden">{label}</span>
            <div class="skeleton" aria-hidden="true">
                {(0..6).map(|_| view! { <div class="skeleton__row"></div> }).collect_view()}
            </div>
        </div>
    }
}

/// Links to the previous and next pages of a list whose page is in its
/// URL (`href(n)` is page n's address), around `status` ("Page 2 of 5").
/// For lists that load a page per visit; [`Pager`] changes the page of a
/// list kept in memory.
pub fn page_links(
    label: &'static str,
    page: u32,
    has_next: bool,
    status: String,
    href: impl Fn(u32) -> String,
) -> impl IntoView {
    let previous =
        (page > 1).then(|| view! { <a class="button" href=href(page - 1)>"Previous"</a> });
    let next = has_next.then(|| view! { <a class="button" href=href(page + 1)>"Next"</a> });
    view! {
        <nav class="pager" aria-label=label>
            {previous}
            <span class="pager__status">{status}</span>
            {next}
        </nav>
    }
}

/// What a queue's page says of the requests waiting: "3 requests
/// waiting", or on one of several pages "Showing 51–100 of 123 requests
/// waiting".
pub fn waiting_summary<T>(page: &ListResponse<T>) -> String {
    let (one, many) = ("request waiting", "requests waiting");
    if page.result.is_empty() {
        return format::count(page.total, one, many);
    }
    PageCounts::of(page).summary(one, many)
}

/// [`page_links`] for a queue at `route` paged by its URL's `page`, when it
/// has more than one page.
pub fn queue_links<T>(
    page: &ListResponse<T>,
    label: &'static str,
    route: &'static str,
) -> Option<impl IntoView> {
    let pages = PageCounts::of(page).pages;
    (pages > 1).then(|| {
        page_links(
            label,
            page.page,
            page.has_next,
            format!("Page {} of {pages}", page.page),
            move |n: u32| format!("{route}?page={n}"),
        )
    })
}
