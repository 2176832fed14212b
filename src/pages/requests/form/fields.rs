//! The request form's fields, their errors, and the naming tip.

use api_types::{FieldError, NewProjectRequest, Requirement, ThroughputUnit};
use leptos::prelude::*;

/// The form's fields as typed. Kept for the page's life, so that nothing
/// typed is lost to an error or a failed submit.
#[derive(Clone, Copy)]
pub struct Fields {
    pub name: RwSignal<String>,
    pub environment: RwSignal<String>,
    pub other_environment: RwSignal<String>,
    pub cloud: RwSignal<String>,
    pub region: RwSignal<String>,
    pub throughput: RwSignal<String>,
    pub unit: RwSignal<String>,
    pub connectors: RwSignal<String>,
    pub requirements: RwSignal<Vec<Requirement>>,
    pub notes: RwSignal<String>,
}

impl Fields {
    pub fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            // No default: the environment is a choice to make, not to miss.
            environment: RwSignal::new(String::new()),
            other_environment: RwSignal::new(String::new()),
            cloud: RwSignal::new(String::new()),
            region: RwSignal::new(String::new()),
            throughput: RwSignal::new(String::new()),
            unit: RwSignal::new(ThroughputUnit::EventsPerSecond.as_str().into()),
            connectors: RwSignal::new("1".into()),
            requirements: RwSignal::new(Vec::new()),
            notes: RwSignal::new(String::new()),
        }
    }

    /// The environment type chosen, or the one named under "Other".
    pub fn environment_untracked(&self) -> String {
        match self.environment.get_untracked().as_str() {
            "other" => self.other_environment.get_untracked(),
            chosen => chosen.to_string(),
        }
    }

    /// The request the fields make, with the errors of numbers that are
    /// not numbers (the shared rules check the rest).
    pub fn request(&self) -> (NewProjectRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |field: &'static str, example: u32, text: String| -> u64 {
            match parse_count(&text) {
                Some(n) => n,
                None => {
                    errors.push(FieldError::new(
                        field,
                        format!("Give a whole number, e.g. {example}."),
                    ));
                    0
                }
            }
        };
        let throughput = number("throughput", 5000, self.throughput.get_untracked());
        let connectors = number("connectors", 8, self.connectors.get_untracked());
        let environment = self.environment_untracked();
        let request = NewProjectRequest {
            name: self.name.get_untracked(),
            environment,
            cloud: self.cloud.get_untracked(),
            region: self.region.get_untracked(),
            throughput,
            throughput_unit: self.unit.get_untracked(),
            connectors: u32::try_from(connectors).unwrap_or(u32::MAX),
            requirements: self
                .requirements
                .get_untracked()
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            notes: self.notes.get_untracked(),
        };
        (request, errors)
    }
}

/// A whole number as people write it: `2000`, `2,000`, `2 000` or
/// `2_000` (separators between groups of three digits only).
pub fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim();
    let separators = [',', ' ', '_', '\u{a0}', '\u{202f}'];
    let groups: Vec<&str> = text.split(&separators[..]).collect();
    let grouped = groups.len() > 1;
    if grouped
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let digits: String = groups.concat();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The order of the fields on the page, for focusing the first error.
pub const FIELD_ORDER: [&str; 9] = [
    "environment",
    "cloud",
    "region",
    "throughput",
    "throughput_unit",
    "connectors",
    "requirements",
    "notes",
    "name",
];

pub fn field_id(field: &str, other_environment: bool) -> String {
    match field {
        "requirements" => "request-requirement-vpc-peering".to_string(),
        "environment" if other_environment => "request-other-environment".to_string(),
        other => format!("request-{}", other.replace('_', "-")),
    }
}

/// A tip when a proposed name does not start with its environment type,
/// as the naming advice has it ("Production-US-East").
pub fn naming_tip(name: &str, environment: &str) -> Option<String> {
    let name = name.trim();
    let environment = environment.trim();
    if name.is_empty() || environment.is_empty() {
        return None;
    }
    if name.to_lowercase().starts_with(&environment.to_lowercase()) {
        return None;
    }
    // "QA" as people write it; longer names capitalised: "Staging".
    let mut label = environment.to_lowercase();
    if label.chars().count() <= 3 {
        label = label.to_uppercase();
    } else if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Some(format!(
        "Tip: names that start with the environment type, such as {label}-EU-Central, say at a glance where you are."
    ))
}

/// The form's field errors, as `(field, message)` in the order of the page.
#[derive(Clone, Copy)]
pub struct Errors(pub RwSignal<Vec<(String, String)>>);

impl Errors {
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// The error of `field`, if any.
    pub fn of(self, field: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
        move || {
            self.0
                .with(|e| e.iter().find(|(k, _)| k == field).map(|(_, m)| m.clone()))
        }
    }

    /// The error of `field` as a signal.
    pub fn signal(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(self.of(field))
    }

    /// `aria-invalid` of `field`'s control.
    pub fn invalid(self, field: &'static str) -> impl Fn() -> String + Copy {
        move || self.of(field)().is_some().to_string()
    }

    /// A field's error goes once the field is changed.
    pub fn clear(self, field: &'static str) {
        if self.0.with_untracked(|e| e.iter().any(|(k, _)| k == field)) {
            self.0.update(|e| e.retain(|(k, _)| k != field));
        }
    }
}

#[cfg(test)]
mod count_tests {
    use super::parse_count;

    #[test]
    fn counts_take_thousands_separators_and_nothing_else() {
        for (text, n) in [
            ("2000", 2000),
            ("2,000", 2000),
            (" 2 000 ", 2000),
            ("1_000_000", 1_000_000),
            ("0", 0),
        ] {
            assert_eq!(parse_count(text), Some(n), "{text:?}");
        }
        for text in [
            "",
            "lots",
            "2,00",
            "20,00,000",
            ",000",
            "2.5",
            "-3",
            "1,0000",
            "2,000,",
        ] {
            assert_eq!(parse_count(text), None, "{text:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::naming_tip;

    #[test]
    fn a_name_that_does_not_start_with_its_environment_gets_a_tip() {
        assert_eq!(naming_tip("Production-US-East", "production"), None);
        assert_eq!(naming_tip("qa-load", "qa"), None);
        assert_eq!(naming_tip("", "production"), None);
        let tip = naming_tip("Team Kafka", "staging").unwrap();
        assert!(tip.contains("Staging-EU-Central"), "{tip}");
        assert!(naming_tip("Load", "qa").unwrap().contains("QA-EU-Central"));
    }
}
