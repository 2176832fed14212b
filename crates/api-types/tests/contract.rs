//! The wire format of the shared types: what the server sends is what the
//! console reads, spelled as the platform's API spells it.

use api_types::*;
use chrono::{TimeZone, Utc};
use serde_json::json;

fn sample() -> Project {
    Project {
        id: ProjectId::parse("7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a59").unwrap(),
        name: "Production-US-East".into(),
        environment: EnvironmentType::Production,
        state: ProjectState::Available,
        cloud: Cloud::Aws,
        region: "us-east-1".into(),
        kafka_bootstrap_servers: "b-1.prod-us-east.kafka.example.net:9092".into(),
        created_at: Utc.with_ymd_and_hms(2025, 3, 14, 9, 26, 53).unwrap(),
        pause: None,
    }
}

#[test]
fn project_round_trips_with_the_documented_spellings() {
    let value = serde_json::to_value(sample()).unwrap();
    assert_eq!(
        value,
        json!({
            "id": "7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a59",
            "name": "Production-US-East",
            "environment": "production",
            "state": "AVAILABLE",
            "cloud": "AWS",
            "region": "us-east-1",
            "kafka_bootstrap_servers": "b-1.prod-us-east.kafka.example.net:9092",
            "created_at": "2025-03-14T09:26:53Z"
        })
    );
    let back: Project = serde_json::from_value(value).unwrap();
    assert_eq!(back, sample());
}

#[test]
fn every_state_cloud_and_environment_round_trips() {
    for state in [ProjectState::Available, ProjectState::Unavailable] {
        let text = serde_json::to_string(&state).unwrap();
        assert_eq!(text, format!("\"{}\"", state.as_str()));
        assert_eq!(serde_json::from_str::<ProjectState>(&text).unwrap(), state);
        assert_eq!(ProjectState::parse(state.as_str()), Some(state));
    }
    for cloud in Cloud::ALL {
        let text = serde_json::to_string(&cloud).unwrap();
        assert_eq!(serde_json::from_str::<Cloud>(&text).unwrap(), cloud);
        assert_eq!(Cloud::parse(cloud.as_str()), Some(cloud));
    }
    assert_eq!(serde_json::to_string(&Cloud::Azure).unwrap(), "\"Azure\"");
    assert_eq!(serde_json::to_string(&Cloud::Gcp).unwrap(), "\"GCP\"");
    for env in ["production", "staging", "development", "qa"] {
        let parsed: EnvironmentType = serde_json::from_str(&format!("\"{env}\"")).unwrap();
        assert_eq!(parsed.as_str(), env);
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            format!("\"{env}\"")
        );
    }
    assert_eq!(
        EnvironmentType::from("Production"),
        EnvironmentType::Production
    );
    assert_eq!(
        EnvironmentType::from("qa"),
        EnvironmentType::Other("qa".into())
    );
}

#[test]
fn unknown_state_is_rejected() {
    assert!(serde_json::from_str::<ProjectState>("\"PAUSED\"").is_err());
    assert!(serde_json::from_str::<Cloud>("\"aws\"").is_err());
}

#[test]
fn project_ids_are_validated_and_normalised() {
    let id = ProjectId::parse("7F3C2A10-5B1E-4C6D-9A8F-0E1D2C3B4A59").unwrap();
    assert_eq!(id.as_str(), "7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a59");
    for bad in [
        "",
        "42",
        "7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a5",
        "7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a59a",
        "7f3c2a10x5b1e-4c6d-9a8f-0e1d2c3b4a59",
        "7f3c2a10-5b1e-4c6d-9a8f-0e1d2c3b4a5g",
        "../../etc/passwd-aaaaaaaaaaaaaaaaaaaaaa",
    ] {
        assert_eq!(ProjectId::parse(bad), Err(InvalidProjectId), "{bad:?}");
    }
    assert!(serde_json::from_str::<ProjectId>("\"not-an-id\"").is_err());
}

#[test]
fn list_envelope_uses_the_platform_field_names() {
    let list = ListResponse {
        result: vec![sample()],
        page: 2,
        page_size: 1,
        total: 3,
        has_next: true,
    };
    let value = serde_json::to_value(&list).unwrap();
    assert_eq!(value["page"], 2);
    assert_eq!(value["page_size"], 1);
    assert_eq!(value["total"], 3);
    assert_eq!(value["has_next"], true);
    assert_eq!(value["result"][0]["name"], "Production-US-East");
    let back: ListResponse<Project> = serde_json::from_value(value).unwrap();
    assert_eq!(back, list);
}

#[test]
fn error_body_round_trips_and_omits_an_absent_field() {
    let with_field = ErrorBody::new(ErrorCode::InvalidParameter, "bad", Some("page_size".into()));
    assert_eq!(
        serde_json::to_value(&with_field).unwrap(),
        json!({"error": {"code": "invalid_parameter", "message": "bad", "field": "page_size"}})
    );
    let without = ErrorBody::new(ErrorCode::NotFound, "gone", None);
    assert_eq!(
        serde_json::to_value(&without).unwrap(),
        json!({"error": {"code": "not_found", "message": "gone"}})
    );
    let future: ErrorBody =
        serde_json::from_value(json!({"error": {"code": "rate_limited", "message": "slow down"}}))
            .unwrap();
    assert_eq!(future.error.code, ErrorCode::Unknown);
}

#[test]
fn list_query_defaults_and_parses_every_parameter() {
    assert_eq!(
        ProjectListQuery::from_pairs([]).unwrap(),
        ProjectListQuery::default()
    );
    let q = ProjectListQuery::from_pairs([
        ("page", "3"),
        ("page_size", "100"),
        ("sort", "created_at"),
        ("sort_dir", "desc"),
        ("partial_name", "  prod "),
        ("state", "UNAVAILABLE"),
        ("environment", "qa"),
        ("cloud", "Azure"),
        ("openable", "true"),
        ("unrelated", "x"),
    ])
    .unwrap();
    assert!(q.openable);
    assert_eq!(q.state, Some(ProjectState::Unavailable));
    assert_eq!(q.environment, Some(EnvironmentType::Other("qa".into())));
    assert_eq!(q.cloud, Some(Cloud::Azure));
    assert_eq!(q.page, 3);
    assert_eq!(q.page_size, 100);
    assert_eq!(q.sort, ProjectSort::CreatedAt);
    assert_eq!(q.sort_dir, SortDir::Desc);
    assert_eq!(q.partial_name.as_deref(), Some("prod"));
    let blank = ProjectListQuery::from_pairs([("partial_name", "   ")]).unwrap();
    assert_eq!(blank.partial_name, None);
}

#[test]
fn list_query_names_the_bad_parameter() {
    let cases = [
        ("page", "0"),
        ("page", "-1"),
        ("page", "one"),
        ("page_size", "0"),
        ("page_size", "101"),
        ("page_size", "ten"),
        ("sort", "password"),
        ("sort_dir", "up"),
        ("state", "available"),
        ("state", "PAUSED"),
        ("cloud", "aws"),
        ("cloud", "IBM"),
        ("environment", "Production"),
        ("environment", "prod env"),
        ("openable", "yes"),
    ];
    for (key, value) in cases {
        let err = ProjectListQuery::from_pairs([(key, value)]).unwrap_err();
        assert_eq!(err.field, key, "{key}={value}");
        assert!(err.message.contains(value), "{}", err.message);
    }
    let long = "x".repeat(101);
    assert_eq!(
        ProjectListQuery::from_pairs([("partial_name", long.as_str())])
            .unwrap_err()
            .field,
        "partial_name"
    );
}

#[test]
fn list_query_string_reads_back_into_the_same_query() {
    let q = ProjectListQuery {
        page: 4,
        page_size: 25,
        sort: ProjectSort::Region,
        sort_dir: SortDir::Desc,
        partial_name: Some("EU & US/100%".into()),
        state: Some(ProjectState::Available),
        environment: Some(EnvironmentType::Staging),
        cloud: Some(Cloud::Gcp),
        openable: true,
    };
    let text = q.to_query_string();
    assert!(
        text.contains("partial_name=EU%20%26%20US%2F100%25"),
        "{text}"
    );
    let decoded: Vec<(String, String)> = text
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_string(), percent_decode(v))
        })
        .collect();
    let back = ProjectListQuery::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .unwrap();
    assert_eq!(back, q);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn typed_text_becomes_an_acceptable_partial_name() {
    assert_eq!(
        ProjectListQuery::partial_name_from("  prod "),
        Some("prod".into())
    );
    assert_eq!(ProjectListQuery::partial_name_from("   "), None);
    let long = "é".repeat(150);
    let cut = ProjectListQuery::partial_name_from(&long).unwrap();
    assert_eq!(cut.chars().count(), 100);
    assert!(ProjectListQuery::from_pairs([("partial_name", cut.as_str())]).is_ok());
}
