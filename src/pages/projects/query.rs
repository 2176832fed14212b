//! The projects list's filters (state, environment, cloud) and sort
//! columns, as they live in the URL query
//! (`/projects?q=prod&state=AVAILABLE&sort=region&dir=desc&page=2`), and the
//! API query a view of the list asks.

use crate::components::list::{self, Filters, SortKey};
use api_types::{Cloud, EnvironmentType, ProjectListQuery, ProjectSort, ProjectState};

/// Rows per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// What the projects list shows.
pub type ListView = list::ListView<ProjectFilters>;

/// The projects list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFilters {
    /// State filter.
    pub state: Option<ProjectState>,
    /// Environment filter.
    pub environment: Option<EnvironmentType>,
    /// Cloud filter.
    pub cloud: Option<Cloud>,
    /// Only the projects the user can open (`access=mine`).
    pub openable: bool,
}

impl SortKey for ProjectSort {
    fn parse(value: &str) -> Option<Self> {
        ProjectSort::parse(value)
    }

    fn as_str(self) -> &'static str {
        ProjectSort::as_str(self)
    }
}

impl Filters for ProjectFilters {
    type Sort = ProjectSort;

    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            state: get("state").and_then(|v| ProjectState::parse(&v)),
            environment: get("env")
                .filter(|v| v.len() <= 32)
                .map(|v| EnvironmentType::from(v.as_str())),
            cloud: get("cloud").and_then(|v| Cloud::parse(&v)),
            openable: get("access").is_some_and(|v| v == "mine"),
        }
    }

    fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(state) = self.state {
            pairs.push(("state", state.as_str().to_string()));
        }
        if let Some(env) = &self.environment {
            pairs.push(("env", env.as_str().to_string()));
        }
        if let Some(cloud) = self.cloud {
            pairs.push(("cloud", cloud.as_str().to_string()));
        }
        if self.openable {
            pairs.push(("access", "mine".to_string()));
        }
    }

    fn is_set(&self) -> bool {
        self.state.is_some() || self.environment.is_some() || self.cloud.is_some() || self.openable
    }
}

impl ListView {
    /// The API query for this view.
    pub fn to_api_query(&self) -> ProjectListQuery {
        ProjectListQuery {
            page: self.page,
            page_size: PAGE_SIZE,
            sort: self.sort,
            sort_dir: self.dir,
            partial_name: ProjectListQuery::partial_name_from(&self.search),
            state: self.filters.state,
            environment: self.filters.environment.clone(),
            cloud: self.filters.cloud,
            openable: self.filters.openable,
        }
    }
}

impl ListView {
    /// Whether the user's pending request shows as a row being
    /// provisioned: on the first page, when the search and filters would
    /// keep the project it asks for (it has no state yet, so a state
    /// filter leaves it out).
    pub fn shows_request(&self, request: &api_types::ProjectRequest) -> bool {
        let query = self.to_api_query();
        let name = api_types::fold_name(&request.name);
        self.page == 1
            && query.state.is_none()
            && query.folded_name().is_none_or(|n| name.contains(&n))
            && query
                .environment
                .as_ref()
                .is_none_or(|e| e.as_str() == request.environment.as_str())
            && query.cloud.is_none_or(|c| c == request.cloud)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::SortDir;
    use std::collections::HashMap;

    fn view(query: &[(&str, &str)]) -> ListView {
        let map: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ListView::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn a_pending_request_shows_where_its_project_would() {
        let request: api_types::ProjectRequest = serde_json::from_value(serde_json::json!({
            "id": "r", "name": "Orders-EU", "environment": "staging", "cloud": "GCP",
            "region": "europe-west3", "throughput": 1, "throughput_unit": "mb_per_second",
            "connectors": 1, "requirements": [], "notes": "", "state": "pending",
            "requested_by": {"id": "u", "email": "u@example.com", "name": "U"},
            "created_at": "2026-12-01T00:00:00Z"
        }))
        .unwrap();
        for shown in [
            &[][..],
            &[("q", "orders")],
            &[("env", "staging")],
            &[("cloud", "GCP")],
        ] {
            assert!(view(shown).shows_request(&request), "{shown:?}");
        }
        for hidden in [
            &[("q", "billing")][..],
            &[("env", "production")],
            &[("cloud", "AWS")],
            &[("state", "AVAILABLE")],
            &[("page", "2")],
        ] {
            assert!(!view(hidden).shows_request(&request), "{hidden:?}");
        }
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
            ("access", "mine"),
            ("sort", "region"),
            ("dir", "desc"),
            ("page", "3"),
        ]);
        assert!(v.filters.openable && v.to_api_query().openable);
        assert_eq!(v.search, "Prod EU");
        assert_eq!(v.filters.state, Some(ProjectState::Unavailable));
        assert_eq!(v.filters.environment, Some(EnvironmentType::Staging));
        assert_eq!(v.filters.cloud, Some(Cloud::Gcp));
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
            ("access", "everything"),
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
}
