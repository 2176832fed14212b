//! The whole organisation's projects, held for the projects list: loaded
//! page by page in the background once the list has shown its first rows. While it is loaded and fresh,
//! search, filters, sort and paging answer from memory, by the server's own
//! rules (`ProjectListQuery::keeps` and `compare`), without a request per
//! keystroke. An organisation too large to hold is always asked page by
//! page.

use crate::api::{ApiClient, ApiError};
use api_types::{
    fold_name, ListResponse, ProjectListQuery, ProjectSort, ProjectSummary, SortDir, MAX_PAGE_SIZE,
};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use web_sys::AbortSignal;

/// Above this many projects the list always asks the server.
pub const MAX_LOCAL_PROJECTS: u64 = 20_000;

/// How long a loaded organisation answers before it is loaded again.
const FRESH_FOR_MS: f64 = 5.0 * 60.0 * 1000.0;

/// A sort and the projects' positions in it.
type SortedOrder = (ProjectSort, SortDir, Rc<[u32]>);

/// The projects a query kept (its page aside), in its order.
struct Matches {
    query: ProjectListQuery,
    positions: Rc<[u32]>,
}

/// Every project of the organisation, with what makes queries cheap.
pub struct ProjectIndex {
    projects: Vec<ProjectSummary>,
    /// Each name folded as the server folds it for `partial_name`.
    folded: Vec<String>,
    /// When it was loaded, in ms since the epoch.
    loaded_at: f64,
    /// The positions of the projects in the last sort asked for.
    order: RefCell<Option<SortedOrder>>,
    /// What the last query kept: the next keystroke of a search looks
    /// only among these.
    last: RefCell<Option<Matches>>,
}

impl ProjectIndex {
    /// An index of `projects`, loaded at `loaded_at` (ms since the epoch).
    pub fn new(projects: Vec<ProjectSummary>, loaded_at: f64) -> Self {
        let folded = projects.iter().map(|p| fold_name(&p.name)).collect();
        Self {
            projects,
            folded,
            loaded_at,
            order: RefCell::new(None),
            last: RefCell::new(None),
        }
    }

    /// The environment types in use besides production, staging and
    /// development (`qa`, `sandbox`…), each once, in the order first met
    /// (a handful: no sorting code is worth its bytes here).
    pub fn other_environments(&self) -> Vec<String> {
        let mut types: Vec<String> = Vec::new();
        for p in &self.projects {
            if let api_types::EnvironmentType::Other(name) = &p.environment {
                if !types.contains(name) {
                    types.push(name.clone());
                }
            }
        }
        types
    }

    /// How many projects it holds.
    pub fn len(&self) -> usize {
        self.projects.len()
    }

    /// Whether it holds no project.
    pub fn is_empty(&self) -> bool {
        self.projects.is_empty()
    }

    /// The page the server would answer for `query`.
    pub fn query(&self, query: &ProjectListQuery) -> ListResponse<ProjectSummary> {
        let matching = self.matching(query);
        query.page_of(matching.iter(), |&i| self.projects[i as usize].clone())
    }

    /// The positions of the projects `query` keeps, in its order. A query
    /// that differs from the last one only by its page, or by a search
    /// that contains the last search, looks only among the last matches:
    /// a name that contains the longer text contains the shorter.
    fn matching(&self, query: &ProjectListQuery) -> Rc<[u32]> {
        let needle = query.folded_name();
        let narrows = |last: &Matches| {
            let before = &last.query;
            (
                before.sort,
                before.sort_dir,
                before.state,
                before.cloud,
                before.openable,
            ) == (
                query.sort,
                query.sort_dir,
                query.state,
                query.cloud,
                query.openable,
            ) && before.environment == query.environment
                && match (before.folded_name(), needle.as_deref()) {
                    (None, _) => true,
                    (Some(old), Some(new)) => new.contains(old.as_str()),
                    (Some(_), None) => false,
                }
        };
        let among = self
            .last
            .borrow()
            .as_ref()
            .filter(|last| narrows(last))
            .map(|last| last.positions.clone());
        let candidates = among.unwrap_or_else(|| self.sorted(query.sort, query.sort_dir));
        let positions: Rc<[u32]> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                let i = i as usize;
                query.admits(self.projects[i].role)
                    && query.keeps(&self.projects[i], &self.folded[i], needle.as_deref())
            })
            .collect();
        *self.last.borrow_mut() = Some(Matches {
            query: query.clone(),
            positions: positions.clone(),
        });
        positions
    }

    /// The projects' positions in a sort, kept until another sort is asked.
    fn sorted(&self, sort: ProjectSort, dir: SortDir) -> Rc<[u32]> {
        if let Some((s, d, order)) = self.order.borrow().as_ref() {
            if (*s, *d) == (sort, dir) {
                return order.clone();
            }
        }
        let by = ProjectListQuery {
            sort,
            sort_dir: dir,
            ..ProjectListQuery::default()
        };
        let order: Rc<[u32]> = by.sorted_positions(&self.projects).into();
        *self.order.borrow_mut() = Some((sort, dir, order.clone()));
        order
    }
}

/// Loads every project, a page of [`MAX_PAGE_SIZE`] at a time. `Ok(None)`
/// when the organisation is too large to hold, or changed while it was
/// being read (the pages would not add up).
pub async fn load(
    api: ApiClient,
    signal: Option<AbortSignal>,
) -> Result<Option<ProjectIndex>, ApiError> {
    let mut projects = Vec::new();
    let mut expected = None;
    for page in 1.. {
        let query = ProjectListQuery {
            page,
            page_size: MAX_PAGE_SIZE,
            ..ProjectListQuery::default()
        };
        let list = api.list_projects(&query, signal.as_ref()).await?;
        if list.total > MAX_LOCAL_PROJECTS || expected.is_some_and(|t| t != list.total) {
            return Ok(None);
        }
        expected = Some(list.total);
        projects.extend(list.result);
        if !list.has_next {
            break;
        }
    }
    let unique: HashSet<_> = projects.iter().map(|p| &p.id).collect();
    if Some(unique.len() as u64) != expected || unique.len() != projects.len() {
        return Ok(None);
    }
    let index = ProjectIndex::new(projects, js_sys::Date::now());
    // The first keystroke of a search needs the list's default order: it
    // is sorted now, with the loading, rather than on that keystroke.
    let default = ProjectListQuery::default();
    index.sorted(default.sort, default.sort_dir);
    Ok(Some(index))
}

/// The loaded organisation, shared by every visit to the list.
#[derive(Clone, Copy)]
pub struct ProjectIndexCache(RwSignal<Option<Rc<ProjectIndex>>, LocalStorage>);

impl ProjectIndexCache {
    fn new() -> Self {
        Self(RwSignal::new_local(None))
    }

    /// The index if it is loaded and still fresh; tracks nothing.
    pub fn fresh(&self) -> Option<Rc<ProjectIndex>> {
        self.0
            .get_untracked()
            .filter(|index| js_sys::Date::now() - index.loaded_at < FRESH_FOR_MS)
    }

    /// Whether an index is loaded; tracked, for the view.
    pub fn is_loaded(&self) -> bool {
        self.0.with(Option::is_some)
    }

    /// The other environment types of the loaded organisation (none until
    /// it is loaded); tracked.
    pub fn other_environments(&self) -> Vec<String> {
        self.0
            .with(|index| index.as_ref().map(|i| i.other_environments()))
            .unwrap_or_default()
    }

    /// Keeps a newly loaded index.
    pub fn set(&self, index: ProjectIndex) {
        self.0.set(Some(Rc::new(index)));
    }

    /// Forgets the index, after the projects changed or on a refresh.
    pub fn invalidate(&self) {
        self.0.set(None);
    }
}

/// Provides the cache to the whole console.
pub fn provide_project_index() {
    provide_context(ProjectIndexCache::new());
}

/// The console's cache, or one for this page alone when none is provided.
pub fn expect_project_index() -> ProjectIndexCache {
    use_context::<ProjectIndexCache>().unwrap_or_else(ProjectIndexCache::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{Cloud, EnvironmentType, ProjectId, ProjectState, RoleKey};
    use chrono::{TimeZone, Utc};

    fn project(n: u32, name: &str, state: ProjectState) -> ProjectSummary {
        ProjectSummary {
            id: ProjectId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap(),
            name: name.to_string(),
            environment: EnvironmentType::Development,
            state,
            role: Some(RoleKey::Admin),
            cloud: Some(Cloud::Aws),
            region: Some(format!("region-{}", n % 3)),
            created_at: Some(Utc.timestamp_opt(1_700_000_000 + i64::from(n), 0).unwrap()),
        }
    }

    fn index(n: u32) -> ProjectIndex {
        let projects = (0..n)
            .map(|i| {
                let state = if i % 4 == 0 {
                    ProjectState::Unavailable
                } else {
                    ProjectState::Available
                };
                project(i, &format!("Team-{:03}", n - i), state)
            })
            .collect();
        ProjectIndex::new(projects, 0.0)
    }

    fn names(list: &ListResponse<ProjectSummary>) -> Vec<&str> {
        list.result.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn pages_count_and_stop_like_the_servers() {
        let index = index(120);
        let query = |page| ProjectListQuery {
            page,
            page_size: 50,
            ..ProjectListQuery::default()
        };
        let first = index.query(&query(1));
        assert_eq!(
            (first.total, first.result.len(), first.has_next),
            (120, 50, true)
        );
        assert_eq!(names(&first)[..2], ["Team-001", "Team-002"]);
        let last = index.query(&query(3));
        assert_eq!((last.result.len(), last.has_next), (20, false));
        assert_eq!(names(&last).last(), Some(&"Team-120"));
        let beyond = index.query(&query(9));
        assert_eq!(
            (beyond.total, beyond.result.len(), beyond.has_next),
            (120, 0, false)
        );
    }

    #[test]
    fn searches_case_insensitively_and_filters() {
        let index = index(120);
        let found = index.query(&ProjectListQuery {
            partial_name: Some("TEAM-01".into()),
            state: Some(ProjectState::Available),
            ..ProjectListQuery::default()
        });
        // Team-010 to Team-019 are projects 110 to 101; 108, 104 are unavailable.
        assert_eq!(found.total, 8);
        assert!(names(&found).iter().all(|n| n.starts_with("Team-01")));
        assert!(found
            .result
            .iter()
            .all(|p| p.state == ProjectState::Available));
    }

    #[test]
    fn a_search_typed_on_answers_as_a_fresh_index_would() {
        let kept = index(300);
        let fresh = || index(300);
        let search = |text: &str, state, sort| ProjectListQuery {
            partial_name: (!text.is_empty()).then(|| text.to_string()),
            state,
            sort,
            page_size: 20,
            ..ProjectListQuery::default()
        };
        let available = Some(ProjectState::Available);
        let steps = [
            search("", None, ProjectSort::Name),
            search("t", None, ProjectSort::Name),
            search("te", None, ProjectSort::Name),
            search("TEAM-1", None, ProjectSort::Name),
            search("team-12", None, ProjectSort::Name),
            // Another page of the same search.
            ProjectListQuery {
                page: 2,
                ..search("team-1", None, ProjectSort::Name)
            },
            // Back to a shorter search, which the last matches do not hold.
            search("team-", None, ProjectSort::Name),
            search("m-2", None, ProjectSort::Name),
            search("m-2", available, ProjectSort::Name),
            search("m-22", available, ProjectSort::Name),
            search("m-22", None, ProjectSort::Name),
            search("m-22", None, ProjectSort::CreatedAt),
            search("xm-22", None, ProjectSort::CreatedAt),
            search("", None, ProjectSort::CreatedAt),
        ];
        for query in steps {
            assert_eq!(kept.query(&query), fresh().query(&query), "{query:?}");
        }
    }

    #[test]
    fn a_new_sort_is_computed_and_the_last_one_kept() {
        let index = index(30);
        let by = |sort, sort_dir| ProjectListQuery {
            sort,
            sort_dir,
            page_size: 100,
            ..ProjectListQuery::default()
        };
        let newest = index.query(&by(ProjectSort::CreatedAt, SortDir::Desc));
        assert_eq!(newest.result[0].name, "Team-001");
        let desc = index.query(&by(ProjectSort::Name, SortDir::Desc));
        assert_eq!(desc.result[0].name, "Team-030");
        let by_region = index.query(&by(ProjectSort::Region, SortDir::Asc));
        let regions: Vec<_> = by_region
            .result
            .iter()
            .map(|p| p.region.as_deref())
            .collect();
        assert!(regions.windows(2).all(|w| w[0] <= w[1]));
        // Within a region, ties fall back to the name.
        assert_eq!(by_region.result[0].name, "Team-003");
        assert_eq!(index.len(), 30);
    }
}
