//! The schemas of a new API token's fields: its description, roles and
//! expiry.

use super::{padded, run, text, CONTROL, TRIMMED};
use crate::{RoleKey, MAX_TOKEN_DESCRIPTION};
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;

/// An API token's description.
pub fn token_description() -> Schema {
    let edge = format!("[^{CONTROL}{TRIMMED}]");
    let inner = format!("[^{CONTROL}]");
    text(
        &format!("What the token is for: 1 to {MAX_TOKEN_DESCRIPTION} characters once trimmed, on one line (no control characters)."),
        padded(&run(&edge, &inner, MAX_TOKEN_DESCRIPTION)),
    )
    .examples(["CI deploys"])
    .into()
}

/// When a new token stops working.
pub fn expires_at() -> Schema {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .pattern(Some(DATE_TIME_PATTERN))
        .description(Some(
            "When it stops working (RFC 3339); left out or null for never. Must be in the future, and with a bearer token no later than that API token's own expiry (a 422 on expires_at otherwise: it depends on the time and the caller, so this schema cannot state it).",
        ))
        .examples(["2030-01-01T00:00:00Z"])
        .into()
}

/// An RFC 3339 date-time.
pub const DATE_TIME_PATTERN: &str = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";

/// The roles given to a new token.
pub fn role_ids() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "RoleKey",
        )))
        .min_items(Some(1))
        .description(Some(format!(
            "One or more of {}; repeats count once. None above the caller's own role.",
            RoleKey::ALL.map(RoleKey::as_str).join(", ")
        )))
        .into()
}
