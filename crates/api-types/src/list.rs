//! What every list endpoint shares: the envelope of a page, paging and
//! sort direction in a query, and encoding values for a URL.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// Page size used when a request names none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest page a list endpoint serves.
pub const MAX_PAGE_SIZE: u32 = 100;
/// Largest page number a list accepts: what a 32-bit signed integer
/// holds, as the document declares.
pub const MAX_PAGE: u32 = i32::MAX as u32;

/// A list's `page` query value: a whole number from 1 to [`MAX_PAGE`].
pub fn parse_page(value: &str) -> Result<u32, FieldError> {
    match value.parse::<u32>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            "page",
            format!("page must be a whole number from 1 to {MAX_PAGE}, not '{value}'"),
        )),
    }
}

/// A list's `page_size` query value: a whole number from 1 to
/// [`MAX_PAGE_SIZE`].
pub fn parse_page_size(value: &str) -> Result<u32, FieldError> {
    match value.parse::<u32>() {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            "page_size",
            format!("page_size must be a whole number from 1 to {MAX_PAGE_SIZE}, not '{value}'"),
        )),
    }
}

/// The envelope of every list response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListResponse<T> {
    /// The items of this page.
    pub result: Vec<T>,
    /// The page number, from 1.
    pub page: u32,
    /// The page size the server used.
    pub page_size: u32,
    /// How many items match, over all pages.
    pub total: u64,
    /// Whether a later page has items.
    pub has_next: bool,
}

/// Sort direction of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SortDir {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl SortDir {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

/// A whole number with its thousands grouped: `10,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Percent-encodes `text` for a URL query: everything but RFC 3986
/// unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_into(text, &mut out);
    out
}

pub(crate) fn percent_encode_into(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}
