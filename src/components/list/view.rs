//! A list's search, filters, sort and page as they live in the URL query
//! (`?q=prod&state=AVAILABLE&sort=region&dir=desc&page=2`), so that reload,
//! deep links and the back button all keep them. What is common to every
//! list is here; each list brings its own [`Filters`] and sort columns.

use api_types::SortDir;
use std::fmt::Debug;

/// A column a list sorts by, named in the URL.
pub trait SortKey: Copy + Eq + Default + Debug + Send + Sync + 'static {
    /// The column its URL value names, if any.
    fn parse(value: &str) -> Option<Self>;
    /// Its URL value.
    fn as_str(self) -> &'static str;
}

/// The filters of one list (state, environment…), read from and written to
/// the URL. A value that cannot be read falls back to no filter.
pub trait Filters: Clone + Eq + Default + Debug + Send + Sync + 'static {
    /// The columns the list sorts by.
    type Sort: SortKey;
    /// Reads the filters; `get` answers non-empty URL values only.
    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self;
    /// The URL pairs of the filters that are set.
    fn write(&self, pairs: &mut Vec<(&'static str, String)>);
    /// Whether any filter is set.
    fn is_set(&self) -> bool;
}

/// What a list shows. Values that cannot be read from the URL fall back to
/// their defaults; a hand-edited URL never breaks the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView<F: Filters> {
    /// Search text, as typed.
    pub search: String,
    /// The list's own filters.
    pub filters: F,
    /// Sort column.
    pub sort: F::Sort,
    /// Sort direction.
    pub dir: SortDir,
    /// Page, from 1.
    pub page: u32,
}

impl<F: Filters> Default for ListView<F> {
    fn default() -> Self {
        Self {
            search: String::new(),
            filters: F::default(),
            sort: F::Sort::default(),
            dir: SortDir::default(),
            page: 1,
        }
    }
}

impl<F: Filters> ListView<F> {
    /// Reads the view from URL query values.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        Self {
            search: get("q").unwrap_or_default(),
            filters: F::read(&non_empty),
            sort: non_empty("sort")
                .and_then(|v| F::Sort::parse(&v))
                .unwrap_or_default(),
            dir: match non_empty("dir").as_deref() {
                Some("desc") => SortDir::Desc,
                _ => SortDir::Asc,
            },
            page: non_empty("page")
                .and_then(|v| v.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The query pairs of this view, leaving out defaults.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        self.filters.write(&mut pairs);
        if self.sort != F::Sort::default() {
            pairs.push(("sort", self.sort.as_str().to_string()));
        }
        if self.dir != SortDir::default() {
            pairs.push(("dir", self.dir.as_str().to_string()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// The href of this view on the list at `path`.
    pub fn href(&self, path: &str) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", encode_pairs(&pairs))
        }
    }

    /// Whether a search or a filter narrows the list.
    pub fn is_narrowed(&self) -> bool {
        !self.search.trim().is_empty() || self.filters.is_set()
    }

    /// The same view with every search and filter cleared, keeping the sort.
    pub fn cleared(&self) -> Self {
        Self {
            sort: self.sort,
            dir: self.dir,
            ..Self::default()
        }
    }

    /// The view after clicking the header of `column`: sorts by it, or
    /// flips the direction when it already sorts by it. Back to page 1.
    pub fn sorted_by(&self, column: F::Sort) -> Self {
        let dir = if self.sort == column && self.dir == SortDir::Asc {
            SortDir::Desc
        } else {
            SortDir::Asc
        };
        Self {
            sort: column,
            dir,
            page: 1,
            ..self.clone()
        }
    }

    /// The same view on page `page`.
    pub fn on_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }
}

/// Encodes query pairs for a URL.
pub fn encode_pairs(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&api_types::percent_encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_pairs(&[("q", "EU & US/1".into()), ("cloud", "AWS".into())]),
            "q=EU%20%26%20US%2F1&cloud=AWS"
        );
    }
}
