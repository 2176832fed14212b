//! A new project request as filed: its fields, how they are read and
//! checked, and the checked content support provisions from.

use super::{validate_notes, Requirement, ThroughputUnit};
use crate::{regions_of, validate_project_name, Cloud, EnvironmentType, FieldError};
use serde::{Deserialize, Serialize};

/// Longest name of an "other" environment type, in characters.
pub const MAX_ENVIRONMENT_NAME: usize = 32;
/// Most connectors a request may plan for.
pub const MAX_CONNECTORS: u32 = 1000;

/// `POST /api/project-requests`. Text fields, so that every mistake is
/// reported with its field rather than as an unreadable body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProjectRequest {
    /// Proposed project name, e.g. `Production-US-East`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::project_name))]
    pub name: String,
    /// `production`, `staging`, `development`, or another name.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::environment_name))]
    pub environment: String,
    /// `AWS`, `Azure` or `GCP`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::cloud_name))]
    pub cloud: String,
    /// A region of that cloud, e.g. `us-east-1`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::region_code))]
    pub region: String,
    /// Expected throughput, a whole number from 1.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::throughput))]
    #[serde(deserialize_with = "crate::wire::whole_number")]
    pub throughput: u64,
    /// `events_per_second` or `mb_per_second`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::throughput_unit))]
    pub throughput_unit: String,
    /// Connectors planned, 0 to 1000.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::connectors))]
    #[serde(deserialize_with = "crate::wire::whole_number")]
    pub connectors: u32,
    /// Special requirements: `vpc_peering`, `private_link`, `compliance`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::requirements))]
    pub requirements: Vec<String>,
    /// Anything else support should know, at most 1000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::request_notes))]
    pub notes: String,
}

/// The checked content of a [`NewProjectRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRequest {
    /// Trimmed name.
    pub name: String,
    /// The environment type.
    pub environment: EnvironmentType,
    /// The cloud.
    pub cloud: Cloud,
    /// A region of that cloud.
    pub region: String,
    /// Throughput, in range for its unit.
    pub throughput: u64,
    /// Its unit.
    pub throughput_unit: ThroughputUnit,
    /// Connectors planned.
    pub connectors: u32,
    /// Distinct requirements, in the order of [`Requirement::ALL`].
    pub requirements: Vec<Requirement>,
    /// Trimmed notes.
    pub notes: String,
}

impl NewProjectRequest {
    /// Checks every field; the errors of all the bad ones.
    pub fn validate(&self) -> Result<CheckedRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = validate_project_name(&self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let environment = validate_environment(&self.environment)
            .map_err(|e| errors.push(e))
            .ok();
        let cloud = Cloud::parse(self.cloud.trim());
        if cloud.is_none() {
            errors.push(FieldError::new("cloud", "Choose AWS, Azure or GCP."));
        }
        let region = self.region.trim().to_string();
        if let Some(cloud) = cloud {
            if region.is_empty() {
                errors.push(FieldError::new("region", "Choose a region."));
            } else if !regions_of(cloud).any(|(code, _)| code == region) {
                errors.push(FieldError::new(
                    "region",
                    format!("{region} is not a region of {}.", cloud.as_str()),
                ));
            }
        }
        let unit = ThroughputUnit::parse(self.throughput_unit.trim());
        match unit {
            None => errors.push(FieldError::new(
                "throughput_unit",
                "Choose events per second or MB per second.",
            )),
            Some(unit) if self.throughput == 0 || self.throughput > unit.max() => {
                errors.push(FieldError::new(
                    "throughput",
                    format!(
                        "Give a whole number from 1 to {} {}.",
                        unit.max(),
                        unit.label()
                    ),
                ))
            }
            Some(_) => {}
        }
        if self.connectors > MAX_CONNECTORS {
            errors.push(FieldError::new(
                "connectors",
                format!("Plan at most {MAX_CONNECTORS} connectors; support can add more later."),
            ));
        }
        let mut requirements = Vec::new();
        for text in &self.requirements {
            match Requirement::parse(text.trim()) {
                Some(r) if !requirements.contains(&r) => requirements.push(r),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new(
                        "requirements",
                        format!("Unknown requirement '{text}': use vpc_peering, private_link or compliance."),
                    ));
                    break;
                }
            }
        }
        requirements.sort();
        let notes = validate_notes("notes", &self.notes)
            .map_err(|e| errors.push(e))
            .ok();
        if requirements.contains(&Requirement::Compliance)
            && notes.as_deref().is_some_and(str::is_empty)
        {
            errors.push(FieldError::new(
                "notes",
                "Say which compliance needs the project has (e.g. SOC 2, HIPAA, data residency).",
            ));
        }
        match (name, environment, cloud, unit, notes) {
            (Some(name), Some(environment), Some(cloud), Some(throughput_unit), Some(notes))
                if errors.is_empty() =>
            {
                Ok(CheckedRequest {
                    name,
                    environment,
                    cloud,
                    region,
                    throughput: self.throughput,
                    throughput_unit,
                    connectors: self.connectors,
                    requirements,
                    notes,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Checks an environment type: one of the documented three, or another
/// name of lowercase letters, digits and dashes (2-32 characters).
pub fn validate_environment(text: &str) -> Result<EnvironmentType, FieldError> {
    let env = text.trim().to_lowercase();
    if env.is_empty() {
        return Err(FieldError::new(
            "environment",
            "Choose production, staging or development, or name another type.",
        ));
    }
    let length = env.chars().count();
    let well_formed = (2..=MAX_ENVIRONMENT_NAME).contains(&length)
        && env
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !env.starts_with('-')
        && !env.ends_with('-');
    if !well_formed {
        return Err(FieldError::new(
            "environment",
            format!("Name the environment type with 2 to {MAX_ENVIRONMENT_NAME} lowercase letters, digits or dashes, e.g. qa."),
        ));
    }
    Ok(EnvironmentType::from(env))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_REQUEST_NOTES;

    fn good() -> NewProjectRequest {
        NewProjectRequest {
            name: "Production-US-East-2".into(),
            environment: "production".into(),
            cloud: "AWS".into(),
            region: "us-east-2".into(),
            throughput: 5000,
            throughput_unit: "events_per_second".into(),
            connectors: 12,
            requirements: vec![
                "private_link".into(),
                "vpc_peering".into(),
                "private_link".into(),
            ],
            notes: "  Peering with vpc-1234.  ".into(),
        }
    }

    fn fields(r: &NewProjectRequest) -> Vec<&'static str> {
        r.validate().unwrap_err().iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_request_is_checked_and_tidied() {
        let checked = good().validate().unwrap();
        assert_eq!(checked.environment, EnvironmentType::Production);
        assert_eq!(checked.cloud, Cloud::Aws);
        assert_eq!(
            checked.requirements,
            [Requirement::VpcPeering, Requirement::PrivateLink]
        );
        assert_eq!(checked.notes, "Peering with vpc-1234.");
        let other = NewProjectRequest {
            environment: "QA-2".into(),
            ..good()
        };
        assert_eq!(
            other.validate().unwrap().environment,
            EnvironmentType::Other("qa-2".into())
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = NewProjectRequest {
            name: " ".into(),
            environment: "Pre Prod!".into(),
            cloud: "AWS".into(),
            region: "westeurope".into(),
            throughput: 0,
            throughput_unit: "events_per_second".into(),
            connectors: 5000,
            requirements: vec!["compliance".into()],
            notes: String::new(),
        };
        assert_eq!(
            fields(&bad),
            [
                "name",
                "environment",
                "region",
                "throughput",
                "connectors",
                "notes"
            ]
        );
        let unknown = NewProjectRequest {
            cloud: "IBM".into(),
            throughput_unit: "rows".into(),
            requirements: vec!["moon-base".into()],
            ..good()
        };
        assert_eq!(
            fields(&unknown),
            ["cloud", "throughput_unit", "requirements"]
        );
        let too_fast = NewProjectRequest {
            throughput: 20_000,
            throughput_unit: "mb_per_second".into(),
            ..good()
        };
        assert_eq!(fields(&too_fast), ["throughput"]);
        let long = NewProjectRequest {
            notes: "x".repeat(MAX_REQUEST_NOTES + 1),
            ..good()
        };
        assert_eq!(fields(&long), ["notes"]);
    }
}
