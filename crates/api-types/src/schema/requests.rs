//! The schemas of a project request's fields, of a decline's reason, and
//! the rules that tie a request's fields to each other.

use super::{padded, padded_word, run, text, CONTROL, CONTROL_BUT_TAB_AND_NEWLINE, TRIMMED};
use crate::{
    regions_of, Cloud, Requirement, ThroughputUnit, MAX_CONNECTORS, MAX_ENVIRONMENT_NAME,
    MAX_REQUEST_NOTES,
};
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat,
    Type,
};

/// Free text of up to 1000 characters once trimmed; tabs and line breaks
/// are allowed inside it, other control characters nowhere.
fn free_text(required: bool) -> String {
    let edge = format!("[^{CONTROL}{TRIMMED}]");
    let inner = format!("[^{CONTROL_BUT_TAB_AND_NEWLINE}]");
    let body = run(&edge, &inner, MAX_REQUEST_NOTES);
    padded(&if required {
        body
    } else {
        format!("(?:{body})?")
    })
}

/// A project request's notes.
pub fn request_notes() -> Schema {
    text(
        &format!("Anything else support should know: at most {MAX_REQUEST_NOTES} characters once trimmed; tabs and line breaks but no other control characters. Required (not blank) when `requirements` has compliance."),
        free_text(false),
    )
    .into()
}

/// Why support declined a request.
pub fn decline_reason() -> Schema {
    text(
        &format!("Why, for the requester: 1 to {MAX_REQUEST_NOTES} characters once trimmed; tabs and line breaks but no other control characters."),
        free_text(true),
    )
    .into()
}

/// An access request's note, or the reason it was declined: optional.
pub fn access_note() -> Schema {
    text(
        &format!("Optional: at most {MAX_REQUEST_NOTES} characters once trimmed; tabs and line breaks but no other control characters."),
        free_text(false),
    )
    .into()
}

/// The environment type of a project request.
pub fn environment_name() -> Schema {
    // Upper case is folded to lower case before the check, by Unicode's
    // rules: the Kelvin sign (U+212A) becomes a plain k.
    let edge = r"[a-zA-Z0-9\u212A]";
    let inner = r"[a-zA-Z0-9\u212A-]";
    text(
        &format!("production, staging, development, or another type: 2 to {MAX_ENVIRONMENT_NAME} letters, digits or dashes, not starting or ending with a dash, once trimmed; upper case is folded to lower case."),
        padded(&format!("{edge}{inner}{{0,{}}}{edge}", MAX_ENVIRONMENT_NAME - 2)),
    )
    .examples(["production", "staging", "development", "qa"])
    .into()
}

/// A cloud's wire spelling, as a request gives it.
pub fn cloud_name() -> Schema {
    text(
        "AWS, Azure or GCP (whitespace around it is trimmed).",
        padded_word(Cloud::ALL.map(Cloud::as_str)),
    )
    .examples(["AWS"])
    .into()
}

/// A region code of any cloud; [`new_project_request_rules`] ties it to
/// its cloud.
pub fn region_code() -> Schema {
    text(
        "A region code of the chosen cloud (whitespace around it is trimmed), e.g. us-east-1 for AWS, westeurope for Azure, us-central1 for GCP.",
        padded_word(Cloud::ALL.into_iter().flat_map(|c| regions_of(c).map(|(code, _)| code))),
    )
    .examples(["us-east-1"])
    .into()
}

/// A throughput unit's wire spelling, as a request gives it.
pub fn throughput_unit() -> Schema {
    text(
        "events_per_second or mb_per_second (whitespace around it is trimmed).",
        padded_word(ThroughputUnit::ALL.map(ThroughputUnit::as_str)),
    )
    .examples(["events_per_second"])
    .into()
}

/// The expected throughput; [`new_project_request_rules`] bounds it by unit.
pub fn throughput() -> Schema {
    let most = ThroughputUnit::ALL
        .map(ThroughputUnit::max)
        .into_iter()
        .max();
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(
            "A whole number from 1 to 10,000,000 events per second or 10,000 MB per second.",
        ))
        .minimum(Some(1))
        .maximum(most)
        .into()
}

/// The connectors planned.
pub fn connectors() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some(format!("Connectors planned, 0 to {MAX_CONNECTORS}.")))
        .minimum(Some(0))
        .maximum(Some(MAX_CONNECTORS))
        .into()
}

/// The special requirements of a request.
pub fn requirements() -> Schema {
    ArrayBuilder::new()
        .items(text(
            "vpc_peering, private_link or compliance (whitespace around it is trimmed); repeats count once.",
            padded_word(Requirement::ALL.map(Requirement::as_str)),
        ))
        .description(Some("Special requirements."))
        .into()
}

/// The rules of a project request that tie one field to another: the
/// region belongs to the cloud, the throughput is within its unit's range,
/// and compliance needs are described in the notes.
pub fn new_project_request_rules() -> Vec<Schema> {
    let clouds = Cloud::ALL.into_iter().map(|cloud| -> Schema {
        ObjectBuilder::new()
            .property("cloud", text(cloud.as_str(), padded_word([cloud.as_str()])))
            .property(
                "region",
                text(
                    &format!("A region of {}", cloud.as_str()),
                    padded_word(regions_of(cloud).map(|(code, _)| code)),
                ),
            )
            .into()
    });
    let units = ThroughputUnit::ALL.into_iter().map(|unit| -> Schema {
        ObjectBuilder::new()
            .property(
                "throughput_unit",
                text(unit.as_str(), padded_word([unit.as_str()])),
            )
            .property(
                "throughput",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(unit.max())),
            )
            .into()
    });
    let others: Vec<&str> = Requirement::ALL
        .into_iter()
        .filter(|r| *r != Requirement::Compliance)
        .map(Requirement::as_str)
        .collect();
    let compliance = AnyOfBuilder::new()
        .item(ObjectBuilder::new().property(
            "requirements",
            ArrayBuilder::new().items(text("Not compliance", padded_word(others))),
        ))
        .item(
            ObjectBuilder::new()
                .property("notes", text("Not blank", format!("[^{TRIMMED}]")))
                .required("notes"),
        )
        .description(Some(
            "With compliance among the requirements, the notes say which.",
        ));
    let one_of = |items: Vec<Schema>, description: &str| {
        items
            .into_iter()
            .fold(OneOfBuilder::new(), OneOfBuilder::item)
            .description(Some(description))
    };
    vec![
        one_of(clouds.collect(), "The region is one of the cloud's.").into(),
        one_of(
            units.collect(),
            "The throughput is within its unit's range.",
        )
        .into(),
        compliance.into(),
    ]
}
