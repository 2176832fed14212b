//! The projects list's query: search, filters, sort and page, parsed from
//! and written to a URL, and the rules that decide which projects it keeps
//! and in what order (the server and the console apply the same ones).

use crate::list::{
    parse_page, parse_page_size, percent_encode_into, ListResponse, SortDir, DEFAULT_PAGE_SIZE,
};
use crate::{Cloud, EnvironmentType, FieldError, ProjectState, ProjectSummary, RoleKey};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Compares two texts byte by byte with ASCII letters folded to lowercase
/// (SQLite's `NOCASE`).
fn fold_cmp(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Whether `needle` occurs in `haystack`. For the short names and searches
/// of a list this plain scan beats `str::contains`, which prepares a
/// searcher for every name it is asked about. Comparing bytes is exact for
/// UTF-8: a match of whole characters can only start on a character.
fn contains_bytes(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else {
        return false;
    };
    haystack[..=last_start]
        .iter()
        .enumerate()
        .any(|(i, &b)| b == first && &haystack[i + 1..i + needle.len()] == rest)
}

/// Longest `partial_name` accepted, in characters.
pub(crate) const MAX_PARTIAL_NAME: usize = 100;

/// Columns a project list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    /// By name, case-insensitively.
    #[default]
    Name,
    /// By provisioning time.
    CreatedAt,
    /// By state.
    State,
    /// By environment type.
    Environment,
    /// By cloud provider.
    Cloud,
    /// By region code.
    Region,
}

impl ProjectSort {
    /// Every sort key.
    pub const ALL: [ProjectSort; 6] = [
        Self::Name,
        Self::CreatedAt,
        Self::State,
        Self::Environment,
        Self::Cloud,
        Self::Region,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::State => "state",
            Self::Environment => "environment",
            Self::Cloud => "cloud",
            Self::Region => "region",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The query of `GET /api/projects`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectListQuery {
    /// Page number, from 1.
    pub page: u32,
    /// Items per page, 1 to [`MAX_PAGE_SIZE`].
    pub page_size: u32,
    /// Sort column.
    pub sort: ProjectSort,
    /// Sort direction.
    pub sort_dir: SortDir,
    /// Case-insensitive substring the name must contain; `None` for all.
    pub partial_name: Option<String>,
    /// Only projects in this state.
    pub state: Option<ProjectState>,
    /// Only projects of this environment type.
    pub environment: Option<EnvironmentType>,
    /// Only projects on this cloud.
    pub cloud: Option<Cloud>,
    /// Only the projects the caller can open (has a role on).
    pub openable: bool,
}

impl Default for ProjectListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            sort: ProjectSort::default(),
            sort_dir: SortDir::default(),
            partial_name: None,
            state: None,
            environment: None,
            cloud: None,
            openable: false,
        }
    }
}

/// A project name, or a search, as a search compares them: ASCII letters
/// folded to lowercase, as SQL's `lower()` does.
pub fn fold_name(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl ProjectListQuery {
    /// The search text, folded as names are by [`fold_name`].
    pub fn folded_name(&self) -> Option<String> {
        self.partial_name.as_deref().map(fold_name)
    }

    /// Whether a project passes this query's search and filters, by the
    /// server's rules. `folded_name` is the project's name and `needle` the
    /// search, both folded with [`fold_name`]; a caller that
    /// checks many projects folds each once.
    pub fn keeps(&self, project: &ProjectSummary, folded_name: &str, needle: Option<&str>) -> bool {
        needle.is_none_or(|n| contains_bytes(folded_name, n))
            && self.state.is_none_or(|s| s == project.state)
            && self
                .environment
                .as_ref()
                .is_none_or(|e| e.as_str() == project.environment.as_str())
            && self.cloud.is_none_or(|c| Some(c) == project.cloud)
    }

    /// Whether a project the caller has `role` on passes the query's
    /// "only projects I can open"; apart from [`Self::keeps`] because the
    /// server keeps each project's summary without the caller's role.
    pub fn admits(&self, role: Option<RoleKey>) -> bool {
        !self.openable || role.is_some()
    }

    /// This query's page of `matching`, the items it keeps in its order,
    /// as the server answers it: the page's items (each made by `owned`),
    /// the total over all pages and whether a later page has items.
    pub fn page_of<T, U>(
        &self,
        matching: impl IntoIterator<Item = T>,
        mut owned: impl FnMut(T) -> U,
    ) -> ListResponse<U> {
        let page_size = self.page_size.max(1);
        let skip = u64::from(self.page.max(1) - 1) * u64::from(page_size);
        let mut total = 0u64;
        let mut result = Vec::new();
        for item in matching {
            if total >= skip && result.len() < page_size as usize {
                result.push(owned(item));
            }
            total += 1;
        }
        ListResponse {
            has_next: skip + (result.len() as u64) < total,
            result,
            page: self.page,
            page_size,
            total,
        }
    }

    /// The positions of `projects` in this query's sort (its search,
    /// filters and page aside): `compare` breaks every tie, so the order is
    /// the same on every side that computes it.
    pub fn sorted_positions(&self, projects: &[ProjectSummary]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..projects.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.compare(&projects[a as usize], &projects[b as usize]));
        order
    }

    /// The order of two projects in this query's sort, as the server sorts:
    /// by the column (names and every text compared byte by byte, names with
    /// ASCII case folded; a locked project's hidden values sort as the
    /// lowest), ties broken by name then id.
    pub fn compare(&self, a: &ProjectSummary, b: &ProjectSummary) -> Ordering {
        let by_name = || fold_cmp(&a.name, &b.name);
        let column = match self.sort {
            ProjectSort::Name => by_name(),
            ProjectSort::CreatedAt => a.created_at.cmp(&b.created_at),
            ProjectSort::State => a.state.as_str().cmp(b.state.as_str()),
            ProjectSort::Environment => a.environment.as_str().cmp(b.environment.as_str()),
            ProjectSort::Cloud => a.cloud.map(Cloud::as_str).cmp(&b.cloud.map(Cloud::as_str)),
            ProjectSort::Region => a.region.cmp(&b.region),
        };
        let column = match self.sort_dir {
            SortDir::Asc => column,
            SortDir::Desc => column.reverse(),
        };
        column
            .then_with(by_name)
            .then_with(|| a.id.as_str().cmp(b.id.as_str()))
    }

    /// The `partial_name` for what a user typed: trimmed, cut to the
    /// longest the server accepts, and `None` when blank.
    pub fn partial_name_from(typed: &str) -> Option<String> {
        let trimmed = typed.trim();
        (!trimmed.is_empty()).then(|| trimmed.chars().take(MAX_PARTIAL_NAME).collect())
    }

    /// Validates decoded query pairs. Unknown parameters are ignored; the
    /// first bad value is reported with its parameter name.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = parse_page(value)?,
                "page_size" => query.page_size = parse_page_size(value)?,
                "sort" => {
                    query.sort = ProjectSort::parse(value).ok_or_else(|| {
                        let known: Vec<&str> =
                            ProjectSort::ALL.iter().map(|s| s.as_str()).collect();
                        FieldError::new(
                            "sort",
                            format!("cannot sort by '{value}'; use one of {}", known.join(", ")),
                        )
                    })?
                }
                "sort_dir" => {
                    query.sort_dir = match value {
                        "asc" => SortDir::Asc,
                        "desc" => SortDir::Desc,
                        _ => {
                            return Err(FieldError::new(
                                "sort_dir",
                                format!("sort_dir must be 'asc' or 'desc', not '{value}'"),
                            ))
                        }
                    }
                }
                "partial_name" => {
                    let trimmed = value.trim();
                    if trimmed.chars().count() > MAX_PARTIAL_NAME {
                        return Err(FieldError::new(
                            "partial_name",
                            format!("partial_name can be at most {MAX_PARTIAL_NAME} characters"),
                        ));
                    }
                    query.partial_name = (!trimmed.is_empty()).then(|| trimmed.to_string());
                }
                "state" => {
                    query.state = Some(ProjectState::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "state",
                            format!("state must be AVAILABLE or UNAVAILABLE, not '{value}'"),
                        )
                    })?)
                }
                "environment" => {
                    let valid = !value.is_empty()
                        && value.len() <= 32
                        && value
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if !valid {
                        return Err(FieldError::new(
                            "environment",
                            format!(
                                "environment must be a lowercase name such as production, staging or development, not '{value}'"
                            ),
                        ));
                    }
                    query.environment = Some(EnvironmentType::from(value));
                }
                "openable" => {
                    query.openable = match value {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(FieldError::new(
                                "openable",
                                format!("openable must be 'true' or 'false', not '{value}'"),
                            ))
                        }
                    }
                }
                "cloud" => {
                    query.cloud = Some(Cloud::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "cloud",
                            format!("cloud must be AWS, Azure or GCP, not '{value}'"),
                        )
                    })?)
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string (without `?`) that [`Self::from_pairs`] reads back
    /// into the same query.
    pub fn to_query_string(&self) -> String {
        let mut out = format!(
            "page={}&page_size={}&sort={}&sort_dir={}",
            self.page,
            self.page_size,
            self.sort.as_str(),
            self.sort_dir.as_str()
        );
        if let Some(name) = &self.partial_name {
            out.push_str("&partial_name=");
            percent_encode_into(name, &mut out);
        }
        if let Some(state) = self.state {
            out.push_str("&state=");
            out.push_str(state.as_str());
        }
        if let Some(environment) = &self.environment {
            out.push_str("&environment=");
            percent_encode_into(environment.as_str(), &mut out);
        }
        if let Some(cloud) = self.cloud {
            out.push_str("&cloud=");
            out.push_str(cloud.as_str());
        }
        if self.openable {
            out.push_str("&openable=true");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_finds_what_str_contains_finds() {
        let names = [
            "",
            "a",
            "staging-eu",
            "prod-staging",
            "stagin",
            "ééstage",
            "aaab",
            "日本-staging",
        ];
        let needles = [
            "", "a", "ab", "aab", "staging", "g-e", "stagingx", "é", "éé", "本-s", "-",
        ];
        for name in names {
            for needle in needles {
                assert_eq!(
                    contains_bytes(name, needle),
                    name.contains(needle),
                    "{needle:?} in {name:?}"
                );
            }
        }
    }

    #[test]
    fn a_page_is_cut_from_the_matching_items_with_the_total() {
        let page = |page, page_size| {
            ProjectListQuery {
                page,
                page_size,
                ..ProjectListQuery::default()
            }
            .page_of(1..=5, |n| n * 10)
        };
        let second = page(2, 2);
        assert_eq!(second.result, [30, 40]);
        assert_eq!(
            (second.page, second.page_size, second.total, second.has_next),
            (2, 2, 5, true)
        );
        let last = page(3, 2);
        assert_eq!((last.result.as_slice(), last.has_next), (&[50][..], false));
        let beyond = page(9, 2);
        assert!(beyond.result.is_empty());
        assert_eq!((beyond.total, beyond.has_next), (5, false));
        let whole = page(1, 100);
        assert_eq!((whole.result.len(), whole.has_next), (5, false));
    }
}
