//! The query of a connectors list: paging, sort, search and filters, read
//! from the URL by both the server and the console.

use super::ConnectorStatus;
use crate::{FieldError, SortDir};

/// Longest search, in characters.
const MAX_SEARCH: usize = 100;

/// What a connectors list is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ConnectorSort {
    /// By name (the default).
    #[default]
    Name,
    /// By creation time.
    CreatedAt,
    /// By status.
    ConnectorStatus,
}

impl ConnectorSort {
    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::ConnectorStatus => "connector_status",
        }
    }

    /// The URL's name back.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "name" => Some(Self::Name),
            "created_at" => Some(Self::CreatedAt),
            "connector_status" => Some(Self::ConnectorStatus),
            _ => None,
        }
    }
}

/// `GET /api/projects/{id}/sources?page&page_size&sort&sort_dir&partial_name&connector&status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorListQuery {
    /// Page number, from 1.
    pub page: u32,
    /// Connectors per page.
    pub page_size: u32,
    /// Sort key.
    pub sort: ConnectorSort,
    /// Sort direction.
    pub sort_dir: SortDir,
    /// A case-insensitive part of the name.
    pub partial_name: String,
    /// Only this connector code.
    pub connector: Option<String>,
    /// Only this status.
    pub status: Option<ConnectorStatus>,
}

impl Default for ConnectorListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: crate::DEFAULT_PAGE_SIZE,
            sort: ConnectorSort::Name,
            sort_dir: SortDir::Asc,
            partial_name: String::new(),
            connector: None,
            status: None,
        }
    }
}

impl ConnectorListQuery {
    /// Reads the query from its URL pairs; unknown keys are ignored, a bad
    /// value is an error naming its parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = crate::list::parse_page(value)?,
                "page_size" => query.page_size = crate::list::parse_page_size(value)?,
                "sort" => {
                    query.sort = ConnectorSort::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "sort",
                            format!("sort is name, created_at or connector_status, not '{value}'"),
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
                                format!("sort_dir is asc or desc, not '{value}'"),
                            ))
                        }
                    }
                }
                "partial_name" => {
                    let text = value.trim();
                    if text.chars().count() > MAX_SEARCH {
                        return Err(FieldError::new(
                            "partial_name",
                            format!("partial_name is at most {MAX_SEARCH} characters"),
                        ));
                    }
                    query.partial_name = text.to_string();
                }
                "connector" if !value.is_empty() => {
                    if value.len() > 40
                        || !value
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        return Err(FieldError::new(
                            "connector",
                            format!("'{value}' is not a connector code"),
                        ));
                    }
                    query.connector = Some(value.to_string());
                }
                "status" if !value.is_empty() => {
                    query.status = Some(ConnectorStatus::parse(value).ok_or_else(|| {
                        FieldError::new(
                            "status",
                            format!(
                                "status is Active, Starting, Paused, Stopped or Broken, not '{value}'"
                            ),
                        )
                    })?)
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query as URL pairs, defaults left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.page_size != crate::DEFAULT_PAGE_SIZE {
            parts.push(format!("page_size={}", self.page_size));
        }
        if self.sort != ConnectorSort::Name {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.sort_dir != SortDir::Asc {
            parts.push("sort_dir=desc".to_string());
        }
        if !self.partial_name.is_empty() {
            parts.push(format!(
                "partial_name={}",
                crate::percent_encode(&self.partial_name)
            ));
        }
        if let Some(connector) = &self.connector {
            parts.push(format!("connector={connector}"));
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.as_str()));
        }
        parts.join("&")
    }

    /// Whether a search or filter is set.
    pub fn filtered(&self) -> bool {
        !self.partial_name.is_empty() || self.connector.is_some() || self.status.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_goes_to_the_url_and_back() {
        let query = ConnectorListQuery {
            page: 2,
            page_size: 20,
            sort: ConnectorSort::ConnectorStatus,
            sort_dir: SortDir::Desc,
            partial_name: "orders & co".into(),
            connector: Some("postgresql".into()),
            status: Some(ConnectorStatus::Paused),
        };
        let text = query.to_query_string();
        let pairs: Vec<(String, String)> = text
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.replace("%20", " ").replace("%26", "&"))
            })
            .collect();
        let back =
            ConnectorListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap();
        assert_eq!(back, query);
        assert_eq!(ConnectorListQuery::default().to_query_string(), "");
        for (key, value) in [
            ("sort", "latency"),
            ("sort_dir", "up"),
            ("status", "Running"),
            ("connector", "Robert'); DROP"),
            ("page", "0"),
        ] {
            assert_eq!(
                ConnectorListQuery::from_pairs([(key, value)])
                    .unwrap_err()
                    .field,
                key
            );
        }
    }
}
