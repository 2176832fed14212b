//! The list's search, filters, sort and page, as they live in the URL query
//! (`/projects?q=prod&state=AVAILABLE&sort=region&dir=desc&page=2`), so that
//! reload, deep links and the back button all keep them.

use api_types::{Cloud, EnvironmentType, ProjectListQuery, ProjectSort, ProjectState, SortDir};

/// Rows per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// What the list shows. Values that cannot be read from the URL fall back
/// to their defaults; a hand-edited URL never breaks the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    /// Search text, as typed.
    pub search: String,
    /// State filter.
    pub state: Option<ProjectState>,
    /// Environment filter.
    pub environment: Option<EnvironmentType>,
    /// Cloud filter.
    pub cloud: Option<Cloud>,
    /// Sort column.
    pub sort: ProjectSort,
    /// Sort direction.
    pub dir: SortDir,
    /// Page, from 1.
    pub page: u32,
}

impl Default for ListView {
    fn default() -> Self {
        Self {
            search: String::new(),
            state: None,
            environment: None,
            cloud: None,
            sort: ProjectSort::default(),
            dir: SortDir::default(),
            page: 1,
        }
    }
}

impl ListView {
    /// Reads the view from URL query values.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        Self {
            search: get("q").unwrap_or_default(),
            state: non_empty("state").and_then(|v| ProjectState::parse(&v)),
            environment: non_empty("env")
                .filter(|v| v.len() <= 32)
                .map(|v| EnvironmentType::from(v.as_str())),
            cloud: non_empty("cloud").and_then(|v| Cloud::parse(&v)),
            sort: non_empty("sort")
                .and_then(|v| ProjectSort::parse(&v))
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
        if let Some(state) = self.state {
            pairs.push(("state", state.as_str().to_string()));
        }
        if let Some(env) = &self.environment {
            pairs.push(("env", env.as_str().to_string()));
        }
        if let Some(cloud) = self.cloud {
            pairs.push(("cloud", cloud.as_str().to_string()));
        }
        if self.sort != ProjectSort::default() {
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

    /// The API query for this view.
    pub fn to_api_query(&self) -> ProjectListQuery {
        ProjectListQuery {
            page: self.page,
            page_size: PAGE_SIZE,
            sort: self.sort,
            sort_dir: self.dir,
            partial_name: ProjectListQuery::partial_name_from(&self.search),
            state: self.state,
            environment: self.environment.clone(),
            cloud: self.cloud,
        }
    }

    /// Whether a search or a filter narrows the list.
    pub fn is_narrowed(&self) -> bool {
        !self.search.trim().is_empty()
            || self.state.is_some()
            || self.environment.is_some()
            || self.cloud.is_some()
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
    pub fn sorted_by(&self, column: ProjectSort) -> Self {
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
    use std::collections::HashMap;

    fn view(query: &[(&str, &str)]) -> ListView {
        let map: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ListView::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn an_empty_query_is_the_default_view() {
        assert_eq!(
            view(&[]),
            ListView {
                page: 1,
                ..ListView::default()
            }
        );
        assert!(view(&[]).to_pairs().is_empty());
    }

    #[test]
    fn every_value_survives_a_round_trip_through_the_url() {
        let v = view(&[
            ("q", "Prod EU"),
            ("state", "UNAVAILABLE"),
            ("env", "staging"),
            ("cloud", "GCP"),
            ("sort", "region"),
            ("dir", "desc"),
            ("page", "3"),
        ]);
        assert_eq!(v.search, "Prod EU");
        assert_eq!(v.state, Some(ProjectState::Unavailable));
        assert_eq!(v.environment, Some(EnvironmentType::Staging));
        assert_eq!(v.cloud, Some(Cloud::Gcp));
        assert_eq!(
            (v.sort, v.dir, v.page),
            (ProjectSort::Region, SortDir::Desc, 3)
        );
        let pairs = v.to_pairs();
        let back = ListView::from_query(|k| {
            pairs
                .iter()
                .find(|(pk, _)| *pk == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, v);
        assert!(v.is_narrowed());
    }

    #[test]
    fn bad_values_fall_back_instead_of_failing() {
        let v = view(&[
            ("state", "paused"),
            ("cloud", "ibm"),
            ("sort", "x"),
            ("dir", "up"),
            ("page", "-2"),
        ]);
        assert_eq!(
            v,
            ListView {
                page: 1,
                ..ListView::default()
            }
        );
        assert_eq!(view(&[("page", "zero")]).page, 1);
    }

    #[test]
    fn the_api_query_carries_the_view() {
        let v = view(&[("q", "  prod  "), ("cloud", "AWS"), ("page", "2")]);
        let q = v.to_api_query();
        assert_eq!(q.partial_name.as_deref(), Some("prod"));
        assert_eq!(q.cloud, Some(Cloud::Aws));
        assert_eq!((q.page, q.page_size), (2, PAGE_SIZE));
        assert_eq!(view(&[("q", "   ")]).to_api_query().partial_name, None);
    }

    #[test]
    fn clicking_a_header_sorts_then_flips() {
        let v = ListView {
            page: 4,
            ..view(&[])
        };
        let by_region = v.sorted_by(ProjectSort::Region);
        assert_eq!(
            (by_region.sort, by_region.dir, by_region.page),
            (ProjectSort::Region, SortDir::Asc, 1)
        );
        let flipped = by_region.sorted_by(ProjectSort::Region);
        assert_eq!(flipped.dir, SortDir::Desc);
        assert_eq!(flipped.sorted_by(ProjectSort::Region).dir, SortDir::Asc);
        assert_eq!(flipped.sorted_by(ProjectSort::Cloud).dir, SortDir::Asc);
    }

    #[test]
    fn clearing_keeps_the_sort_only() {
        let v = view(&[
            ("q", "x"),
            ("state", "AVAILABLE"),
            ("sort", "cloud"),
            ("page", "2"),
        ]);
        let c = v.cleared();
        assert!(!c.is_narrowed());
        assert_eq!((c.sort, c.page), (ProjectSort::Cloud, 1));
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_pairs(&[("q", "EU & US/1".into()), ("cloud", "AWS".into())]),
            "q=EU%20%26%20US%2F1&cloud=AWS"
        );
    }
}
