//! The schemas of a sign-in: the email and the password.

use super::{padded, text, CONTROL, TRIMMED};
use crate::MAX_EMAIL;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// The pattern of a sign-in email: one `@` with something before it and a
/// domain with a dot, not at either end; no whitespace or control
/// characters, once trimmed.
pub fn email_pattern() -> String {
    // U+0130 is left out: it lowercases to two characters, which could
    // take an address of 254 characters over the limit.
    let any = format!(r"[^@{CONTROL}{TRIMMED}\u0130]");
    let no_dot = format!(r"[^.@{CONTROL}{TRIMMED}\u0130]");
    padded(&format!(r"{any}+@{no_dot}{any}*\.{any}*{no_dot}"))
}

/// The email of a sign-in.
pub fn sign_in_email() -> Schema {
    text(
        &format!("The user's email address (case does not matter): at most {MAX_EMAIL} characters, one @ with something before it and a domain with a dot."),
        email_pattern(),
    )
    .max_length(Some(MAX_EMAIL))
    .examples(["ana@example.com"])
    .into()
}

/// The password of a sign-in.
pub fn sign_in_password() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("The user's password."))
        .min_length(Some(1))
        .into()
}

/// A user's name: as a project name, up to 100 characters.
fn user_name_schema(nullable: bool) -> Schema {
    use super::{padded, run, INVISIBLE};
    let edge = format!("[^{CONTROL}{INVISIBLE}{TRIMMED}]");
    let inner = format!("[^{CONTROL}{INVISIBLE}]");
    let kind = if nullable {
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        utoipa::openapi::schema::SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .description(Some(format!(
            "The person's name: 1 to {} characters once the whitespace around them is trimmed; no control, zero-width or text-direction characters.",
            crate::MAX_USER_NAME
        )))
        .pattern(Some(padded(&run(&edge, &inner, crate::MAX_USER_NAME))))
        .examples(["Kim Lee"])
        .into()
}

/// The name of an invited member.
pub fn user_name() -> Schema {
    user_name_schema(false)
}

/// A member's new name, or none to keep it.
pub fn user_name_optional() -> Schema {
    user_name_schema(true)
}
