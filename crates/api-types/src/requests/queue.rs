//! Support's queue of project requests: which part of it, and the query
//! of a page of it.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Which part of support's queue: the requests still waiting, or those
/// already settled (provisioned, declined or cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueuePart {
    /// Waiting, oldest first.
    #[default]
    Pending,
    /// Settled, most recently decided first.
    Settled,
}

impl QueuePart {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QueuePart::Pending => "pending",
            QueuePart::Settled => "settled",
        }
    }
}

/// `GET /api/support/project-requests?state&page&page_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueQuery {
    /// Which part.
    pub part: QueuePart,
    /// Page number, from 1.
    pub page: u32,
    /// Requests per page, 1 to 100.
    pub page_size: u32,
}

impl Default for QueueQuery {
    fn default() -> Self {
        Self {
            part: QueuePart::Pending,
            page: 1,
            page_size: crate::DEFAULT_PAGE_SIZE,
        }
    }
}

impl QueueQuery {
    /// Reads the query's pairs; an unknown key is ignored, a bad value is
    /// an error naming it.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, FieldError> {
        let mut query = Self::default();
        for (key, value) in pairs {
            match key {
                "state" => {
                    query.part = match value {
                        "pending" => QueuePart::Pending,
                        "settled" => QueuePart::Settled,
                        _ => {
                            return Err(FieldError::new(
                                "state",
                                format!("state is pending or settled, not '{value}'"),
                            ))
                        }
                    }
                }
                "page" => query.page = crate::list::parse_page(value)?,
                "page_size" => query.page_size = crate::list::parse_page_size(value)?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string that asks for it, without the `?`.
    pub fn to_query_string(&self) -> String {
        format!(
            "state={}&page={}&page_size={}",
            self.part.as_str(),
            self.page,
            self.page_size
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_query_reads_what_it_writes_and_names_bad_values() {
        let query = QueueQuery {
            part: QueuePart::Settled,
            page: 3,
            page_size: 20,
        };
        let text = query.to_query_string();
        let pairs: Vec<(&str, &str)> = text.split('&').filter_map(|p| p.split_once('=')).collect();
        assert_eq!(QueueQuery::from_pairs(pairs).unwrap(), query);
        assert_eq!(QueueQuery::from_pairs([]).unwrap(), QueueQuery::default());
        for (key, value) in [("state", "waiting"), ("page", "0"), ("page_size", "101")] {
            assert_eq!(
                QueueQuery::from_pairs([(key, value)]).unwrap_err().field,
                key
            );
        }
    }
}
