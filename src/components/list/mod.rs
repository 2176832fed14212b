//! A list whose search, filters, sort and page live in the URL: the view
//! and its URL form, the state that keeps the search box and the URL in
//! step, and the pieces a list page is built from. The projects list is
//! built from it; a new list brings its filters, sort columns and rows.

mod parts;
mod state;
mod view;

pub use parts::{
    page_links, queue_links, sort_header, waiting_summary, FilterSelect, LoadingRows, NoMatch,
    PageCounts, Pager, SearchBox,
};
pub use state::{list_state, ListState};
pub use view::{encode_pairs, Filters, ListView, SortKey};

use api_types::ListResponse;

/// The view a page of rows was answered for, and that page.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownPage<T, F: Filters> {
    /// The search, filters, sort and page the rows answer.
    pub view: ListView<F>,
    /// The rows and counts.
    pub list: ListResponse<T>,
}
