//! The OpenAPI schemas of request fields whose rules a plain type cannot
//! state: each is built from the constants and character sets the
//! validation functions use, so that a request the document calls valid is
//! accepted, and one it calls invalid is refused.
//!
//! Several fields are trimmed before they are checked (`str::trim`, which
//! removes Unicode whitespace). Their patterns allow that whitespace around
//! the value and count the length without it; a plain `maxLength` would
//! call a padded value invalid that the server accepts.
//!
//! Patterns use only what ECMA-262, Rust's `regex` and Python's `re` read
//! alike: `\uXXXX` escapes and explicit classes, never `\s` or `.`, whose
//! meaning differs between them.

mod credentials;
mod kafka;
mod list;
mod projects;
mod requests;
mod session;

pub use credentials::{expires_at, role_ids, token_description, DATE_TIME_PATTERN};
pub use kafka::{
    acl_name, acls, acls_optional, acls_required, cidr_pattern, kafka_acl_rules, kafka_password,
    kafka_password_optional, kafka_password_required, kafka_username, kafka_username_pattern,
    whitelist, whitelist_optional, whitelist_required,
};
pub use list::{environment_filter, page, page_size, partial_name, topic_page_size};
pub use projects::{project_id, project_name, project_name_pattern, PROJECT_ID_PATTERN};
pub use requests::{
    access_note, cloud_name, connectors, decline_reason, environment_name,
    new_project_request_rules, region_code, request_notes, requirements, throughput,
    throughput_unit,
};
pub use session::{email_pattern, sign_in_email, sign_in_password, user_name, user_name_optional};

use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

/// What `str::trim` removes: the characters with Unicode's White_Space
/// property, as the body of a regex class.
pub const TRIMMED: &str =
    r"\t\n\u000B\f\r\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// `char::is_control`: the C0 and C1 control characters.
pub const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// [`crate::is_invisible`]: zero-width and text-direction characters.
pub const INVISIBLE: &str =
    r"\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF";
/// Control characters but tab and line feed, which free text may hold.
const CONTROL_BUT_TAB_AND_NEWLINE: &str = r"\u0000-\u0008\u000B-\u001F\u007F-\u009F";

/// A text of 1 to `max` characters whose first and last are `edge` and the
/// others `inner`.
fn run(edge: &str, inner: &str, max: usize) -> String {
    format!("{edge}(?:{inner}{{0,{}}}{edge})?", max - 2)
}

/// `body`, with any whitespace around it that trimming removes.
fn padded(body: &str) -> String {
    format!("^[{TRIMMED}]*(?:{body})[{TRIMMED}]*$")
}

/// One of `words`, exactly, with any whitespace around it.
fn padded_word<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    padded(&words.into_iter().collect::<Vec<_>>().join("|"))
}

fn text(description: &str, pattern: String) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
}

/// Wraps `schema` so that it also meets every one of `rules`.
pub fn with_rules(schema: RefOr<Schema>, rules: Vec<Schema>) -> Schema {
    let mut all = AllOfBuilder::new().item(schema);
    for rule in rules {
        all = all.item(rule);
    }
    all.into()
}
