//! The schemas of a project's name and id.

use super::{padded, run, text, CONTROL, INVISIBLE, TRIMMED};
use crate::MAX_PROJECT_NAME;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};

/// The pattern of a project name: 1-64 characters once trimmed, without
/// control or invisible characters.
pub fn project_name_pattern() -> String {
    let edge = format!("[^{CONTROL}{INVISIBLE}{TRIMMED}]");
    let inner = format!("[^{CONTROL}{INVISIBLE}]");
    padded(&run(&edge, &inner, MAX_PROJECT_NAME))
}

/// A project name, as given in a rename or a request.
pub fn project_name() -> Schema {
    text(
        &format!("1 to {MAX_PROJECT_NAME} characters once the whitespace around them is trimmed, unique in the organisation regardless of case; no control characters, and no zero-width or text-direction characters (U+061C, U+180E, U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF)."),
        project_name_pattern(),
    )
    .examples(["Production-US-East"])
    .into()
}

/// A project id.
pub fn project_id() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uuid".into())))
        .pattern(Some(PROJECT_ID_PATTERN))
        .description(Some(
            "A project identifier: a UUID, e.g. 0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41; upper case hex digits are read as lower case.",
        ))
        .examples(["0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41"])
        .into()
}

/// The pattern of a project id.
pub const PROJECT_ID_PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
