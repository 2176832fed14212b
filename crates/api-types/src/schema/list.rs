//! The schemas of a list's query parameters: page, page size, search and
//! environment filter.

use super::{padded, run, text, TRIMMED};
use crate::MAX_ENVIRONMENT_NAME;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

/// A list's search: at most 100 characters once trimmed.
pub fn partial_name() -> Schema {
    let edge = format!("[^{TRIMMED}]");
    text(
        "A case-insensitive substring of the name: at most 100 characters once trimmed; blank for every project.",
        padded(&format!("(?:{})?", run(&edge, r"[\s\S]", crate::project_query::MAX_PARTIAL_NAME))),
    )
    .into()
}

/// A list's environment filter.
pub fn environment_filter() -> Schema {
    text(
        "Only projects of this environment type: 1 to 32 lowercase letters, digits and dashes.",
        format!("^[a-z0-9-]{{1,{MAX_ENVIRONMENT_NAME}}}$"),
    )
    .into()
}

/// A page number.
pub fn page() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some("Page number, from 1."))
        .minimum(Some(1))
        .maximum(Some(crate::list::MAX_PAGE))
        .into()
}

/// A page size.
pub fn page_size() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some(format!(
            "Items per page, 1 to {}; {} by default.",
            crate::MAX_PAGE_SIZE,
            crate::DEFAULT_PAGE_SIZE
        )))
        .minimum(Some(1))
        .maximum(Some(crate::MAX_PAGE_SIZE))
        .into()
}

/// A topics list's page size: one of the sizes its page offers.
pub fn topic_page_size() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some("Topics per page: 10, 20 (default), 50 or 100."))
        .enum_values(Some(crate::pipelines::TOPIC_PAGE_SIZES))
        .into()
}
