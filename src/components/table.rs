//! The data table of a project's things (API tokens, Kafka users…): a
//! caption for screen readers, a header row, one row per item with its
//! actions, and what to say when there is nothing to list.

use leptos::prelude::*;

/// What a table says when it has no row.
#[derive(Debug, Clone, Copy)]
pub struct Empty {
    /// The sentence shown instead of the table.
    pub text: &'static str,
    /// Its `data-testid`.
    pub testid: &'static str,
}

/// A table of `items`, one row each (`row` draws it, starting with a
/// `<th scope="row">` that names the item), under a header of `columns`.
/// The last column holds each row's actions ([`RowActions`]) and is named
/// for screen readers only. Without items it shows `empty` instead.
#[component]
pub fn DataTable<T, R, V>(
    /// What the table lists, read by screen readers.
    caption: &'static str,
    /// The table's `data-testid`.
    testid: &'static str,
    /// The header of each column but the actions'.
    columns: &'static [&'static str],
    items: Vec<T>,
    row: R,
    empty: Empty,
) -> AnyView
where
    R: Fn(T) -> V + 'static,
    V: IntoView + 'static,
    T: 'static,
{
    // Only the rows are typed per table; the rest is built once for all.
    let rows = items.into_iter().map(|item| row(item).into_any()).collect();
    table_view(caption, testid, columns, rows, empty)
}

/// The markup of a [`DataTable`].
fn table_view(
    caption: &'static str,
    testid: &'static str,
    columns: &'static [&'static str],
    rows: Vec<AnyView>,
    empty: Empty,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty-line" data-testid=empty.testid>{empty.text}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table table--auto" data-testid=testid>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The cell of a row's actions.
#[component]
pub fn RowActions(children: Children) -> impl IntoView {
    view! { <td data-label="Actions" class="table__actions">{children()}</td> }
}
