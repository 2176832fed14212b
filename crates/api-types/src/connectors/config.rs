//! A connector's configuration checked against its schema: the same rules
//! in the console's form and on the server.

use super::{ConnectorSpec, Control, PropertySpec};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Longest connector name, in characters.
pub const MAX_CONNECTOR_NAME: usize = 100;
/// Most tags on one connector.
pub const MAX_TAGS: usize = 20;
/// Longest tag, in characters.
pub const MAX_TAG_LENGTH: usize = 40;
/// Longest text (or secret) value, in characters: a private key fits.
pub const MAX_TEXT_VALUE: usize = 8192;
/// What a form shows in place of a secret that is set. Sent back, it
/// keeps the secret as it was; it is never stored as the value.
pub const MASK: &str = "••••••••";

/// A setting's value on the wire: text, a whole number or a flag.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ConfigValue {
    /// On or off.
    Flag(bool),
    /// A whole number.
    Number(i64),
    /// Text.
    Text(String),
}

/// Read by hand rather than derived as `untagged`: the derived reader
/// buffers every value first, which costs the console's bundle far more.
impl<'de> Deserialize<'de> for ConfigValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Value;
        impl serde::de::Visitor<'_> for Value {
            type Value = ConfigValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text, a whole number or true/false")
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<ConfigValue, E> {
                Ok(ConfigValue::Flag(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ConfigValue, E> {
                Ok(ConfigValue::Number(v))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ConfigValue, E> {
                i64::try_from(v)
                    .map(ConfigValue::Number)
                    .map_err(|_| E::custom("the number is too large"))
            }

            /// A number with a zero fraction (`5.0`) is the whole number
            /// JSON Schema counts it as.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ConfigValue, E> {
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
                    Ok(ConfigValue::Number(v as i64))
                } else {
                    Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
                }
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ConfigValue, E> {
                Ok(ConfigValue::Text(v.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<ConfigValue, E> {
                Ok(ConfigValue::Text(v))
            }
        }
        deserializer.deserialize_any(Value)
    }
}

/// Never prints text: it may be a secret.
impl fmt::Debug for ConfigValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(b) => write!(f, "Flag({b})"),
            Self::Number(n) => write!(f, "Number({n})"),
            Self::Text(t) => write!(f, "Text(<{} characters>)", t.chars().count()),
        }
    }
}

impl ConfigValue {
    /// The value as a form field holds it.
    pub fn as_text(&self) -> String {
        match self {
            Self::Flag(b) => b.to_string(),
            Self::Number(n) => n.to_string(),
            Self::Text(t) => t.clone(),
        }
    }
}

/// A setting that breaks its schema: the key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting's key (`database.port.user.defined`).
    pub key: String,
    /// A sentence saying what is wrong and what is accepted.
    pub message: String,
}

impl ConfigError {
    fn new(key: &str, message: impl Into<String>) -> Self {
        Self {
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// The field as errors name it: `config.<key>`.
    pub fn field(&self) -> String {
        config_field(&self.key)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.message)
    }
}

/// The field name of a setting in errors: `config.<key>`.
pub fn config_field(key: &str) -> String {
    format!("config.{key}")
}

/// A configuration that follows its schema: the settings that are not
/// secret (every one, defaults filled in) and the secrets given.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CheckedConfig {
    /// Every setting that is not secret.
    pub plain: BTreeMap<String, ConfigValue>,
    /// The secrets given (text), by key; a secret left out, empty or sent
    /// back masked is not here.
    pub secrets: BTreeMap<String, String>,
}

/// Never prints a secret.
impl fmt::Debug for CheckedConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedConfig")
            .field("plain", &self.plain)
            .field("secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl CheckedConfig {
    /// The required secrets that are neither given here nor in `kept`.
    pub fn missing_secrets(&self, spec: &ConnectorSpec, kept: &BTreeSet<String>) -> Vec<String> {
        spec.missing_secrets(|key| self.secrets.contains_key(key) || kept.contains(key))
    }
}

/// Checks `config` against `spec`: no unknown key, every required setting
/// given (a required secret may be set already: `secrets_set`), each of
/// the type its control takes, numbers within their bounds and choices
/// among theirs. Text may come for a number or a flag (as a form sends
/// it). Settings left out take their defaults.
pub fn validate_config(
    spec: &ConnectorSpec,
    config: &BTreeMap<String, ConfigValue>,
    secrets_set: &BTreeSet<String>,
) -> Result<CheckedConfig, ConfigError> {
    if let Some(unknown) = config.keys().find(|k| spec.property(k).is_none()) {
        return Err(ConfigError::new(
            unknown,
            format!("{} has no setting named \"{unknown}\".", spec.display_name),
        ));
    }
    let mut checked = CheckedConfig::default();
    for p in spec.properties.iter() {
        let key = p.key.as_ref();
        let given = config.get(key).filter(|v| !is_blank(v));
        if p.secret {
            match given {
                // The mask keeps a secret that is set; it is never a value.
                Some(ConfigValue::Text(t))
                    if t == MASK && p.required && !secrets_set.contains(key) =>
                {
                    return Err(required(p));
                }
                Some(ConfigValue::Text(t)) if t == MASK => {}
                Some(ConfigValue::Text(t)) => {
                    check_length(p, t)?;
                    checked.secrets.insert(key.to_string(), t.clone());
                }
                Some(_) => {
                    return Err(ConfigError::new(
                        key,
                        format!("{} is text.", p.display_name),
                    ))
                }
                None if p.required && !secrets_set.contains(key) => {
                    return Err(required(p));
                }
                None => {}
            }
            continue;
        }
        let value = match given {
            Some(v) => typed(p, v)?,
            None => match &p.default {
                Some(d) => typed(p, &ConfigValue::Text(d.to_string()))?,
                None if p.required => return Err(required(p)),
                None => continue,
            },
        };
        checked.plain.insert(key.to_string(), value);
    }
    Ok(checked)
}

fn is_blank(v: &ConfigValue) -> bool {
    matches!(v, ConfigValue::Text(t) if t.trim().is_empty())
}

fn required(p: &PropertySpec) -> ConfigError {
    ConfigError::new(&p.key, format!("{} is required.", p.display_name))
}

fn check_length(p: &PropertySpec, text: &str) -> Result<(), ConfigError> {
    if text.chars().count() > MAX_TEXT_VALUE {
        return Err(ConfigError::new(
            &p.key,
            format!("{} is at most {MAX_TEXT_VALUE} characters.", p.display_name),
        ));
    }
    Ok(())
}

/// `v` as `p`'s control takes it.
fn typed(p: &PropertySpec, v: &ConfigValue) -> Result<ConfigValue, ConfigError> {
    let name = &p.display_name;
    match p.control {
        Control::Number => {
            let n = match v {
                ConfigValue::Number(n) => *n,
                ConfigValue::Text(t) => t.trim().parse::<i64>().map_err(|_| {
                    ConfigError::new(&p.key, format!("{name} is a whole number, such as 5432."))
                })?,
                ConfigValue::Flag(_) => {
                    return Err(ConfigError::new(
                        &p.key,
                        format!("{name} is a whole number."),
                    ))
                }
            };
            let (min, max) = (p.min.unwrap_or(i64::MIN), p.max.unwrap_or(i64::MAX));
            if n < min || n > max {
                return Err(ConfigError::new(
                    &p.key,
                    match (p.min, p.max) {
                        (Some(a), Some(b)) => format!("{name} is from {a} to {b}."),
                        (Some(a), None) => format!("{name} is at least {a}."),
                        _ => format!("{name} is at most {max}."),
                    },
                ));
            }
            Ok(ConfigValue::Number(n))
        }
        Control::Toggle => match v {
            ConfigValue::Flag(b) => Ok(ConfigValue::Flag(*b)),
            ConfigValue::Text(t) if t.trim() == "true" => Ok(ConfigValue::Flag(true)),
            ConfigValue::Text(t) if t.trim() == "false" => Ok(ConfigValue::Flag(false)),
            _ => Err(ConfigError::new(
                &p.key,
                format!("{name} is true or false."),
            )),
        },
        Control::OneOf => {
            let text = match v {
                ConfigValue::Text(t) => t.trim().to_string(),
                other => other.as_text(),
            };
            if p.choices.iter().any(|c| c == text.as_str()) {
                Ok(ConfigValue::Text(text))
            } else {
                let choices: Vec<&str> = p.choices.iter().map(|c| c.as_ref()).collect();
                Err(ConfigError::new(
                    &p.key,
                    format!("{name} is one of: {}.", choices.join(", ")),
                ))
            }
        }
        Control::Text | Control::Password => match v {
            ConfigValue::Text(t) => {
                check_length(p, t)?;
                Ok(ConfigValue::Text(t.trim().to_string()))
            }
            _ => Err(ConfigError::new(&p.key, format!("{name} is text."))),
        },
    }
}

/// Checks a connector's name: 1 to 100 characters once trimmed, no
/// control characters; the trimmed name.
pub fn validate_connector_name(name: &str) -> Result<String, crate::FieldError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(crate::FieldError::new("name", "Give the connector a name."));
    }
    if trimmed.chars().count() > MAX_CONNECTOR_NAME {
        return Err(crate::FieldError::new(
            "name",
            format!("A name is at most {MAX_CONNECTOR_NAME} characters."),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() || crate::is_invisible(c))
    {
        return Err(crate::FieldError::new(
            "name",
            "A name cannot hold control or invisible characters.",
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks tags: at most 20, each 1 to 40 characters of letters, digits,
/// `-`, `_`, `.`, `:` or `/`; trimmed, without repeats, in the order given.
pub fn validate_tags(tags: &[String]) -> Result<Vec<String>, crate::FieldError> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() || tag.chars().count() > MAX_TAG_LENGTH {
            return Err(crate::FieldError::new(
                "tags",
                format!("A tag is 1 to {MAX_TAG_LENGTH} characters."),
            ));
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        {
            return Err(crate::FieldError::new(
                "tags",
                format!("\"{tag}\": a tag holds letters, digits and - _ . : / only."),
            ));
        }
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    if out.len() > MAX_TAGS {
        return Err(crate::FieldError::new(
            "tags",
            format!("At most {MAX_TAGS} tags."),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::spec_of;
    use crate::connectors::ConnectorKind;

    fn cfg(pairs: &[(&str, ConfigValue)]) -> BTreeMap<String, ConfigValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction() {
        let read = |json: &str| serde_json::from_str::<ConfigValue>(json);
        assert_eq!(read("-10066.0").unwrap(), ConfigValue::Number(-10066));
        assert_eq!(read("5e3").unwrap(), ConfigValue::Number(5000));
        assert!(read("1.5").is_err());
        assert!(read("1e300").is_err());
        let choice: super::super::ImportChoice = serde_json::from_str(r#"{"index": 3.0}"#).unwrap();
        assert_eq!(choice.index, 3);
        assert!(serde_json::from_str::<super::super::ImportChoice>(r#"{"index": 3.5}"#).is_err());
    }

    fn text(s: &str) -> ConfigValue {
        ConfigValue::Text(s.into())
    }

    fn postgres_ok() -> BTreeMap<String, ConfigValue> {
        cfg(&[
            ("database.hostname.user.defined", text("db.example.com")),
            ("database.user", text("capture")),
            ("database.password", text("s3cret-pass")),
            ("database.dbname", text("orders")),
            ("schema.include.list", text("public")),
            (
                "table.include.list.user.defined",
                text("public.orders,public.items"),
            ),
        ])
    }

    #[test]
    fn each_control_takes_its_type_and_defaults_fill_the_rest() {
        let spec = spec_of(ConnectorKind::Source, "postgresql").unwrap();
        let checked = validate_config(spec, &postgres_ok(), &BTreeSet::new()).unwrap();
        assert_eq!(
            checked.plain.get("database.port.user.defined"),
            Some(&ConfigValue::Number(5432))
        );
        assert_eq!(
            checked.plain.get("heartbeat.enabled"),
            Some(&ConfigValue::Flag(true))
        );
        assert_eq!(
            checked.plain.get("database.sslmode"),
            Some(&text("require"))
        );
        assert!(!checked.plain.contains_key("database.password"));
        assert_eq!(checked.secrets["database.password"], "s3cret-pass");
        // A form sends numbers and flags as text.
        let mut typed = postgres_ok();
        typed.insert("database.port.user.defined".into(), text("6543"));
        typed.insert("heartbeat.enabled".into(), text("false"));
        let checked = validate_config(spec, &typed, &BTreeSet::new()).unwrap();
        assert_eq!(
            checked.plain["database.port.user.defined"],
            ConfigValue::Number(6543)
        );
        assert_eq!(checked.plain["heartbeat.enabled"], ConfigValue::Flag(false));
    }

    #[test]
    fn a_broken_rule_names_its_setting() {
        let spec = spec_of(ConnectorKind::Source, "postgresql").unwrap();
        let cases: [(&str, ConfigValue, &str); 5] = [
            ("database.port.user.defined", text("five"), "whole number"),
            (
                "database.port.user.defined",
                ConfigValue::Number(70000),
                "from 1 to 65535",
            ),
            (
                "database.sslmode",
                text("maybe"),
                "one of: require, disable",
            ),
            ("heartbeat.enabled", text("yes"), "true or false"),
            ("no.such.key", text("x"), "no setting named"),
        ];
        for (key, value, says) in cases {
            let mut config = postgres_ok();
            config.insert(key.into(), value);
            let e = validate_config(spec, &config, &BTreeSet::new()).unwrap_err();
            assert_eq!(e.key, key);
            assert!(e.message.contains(says), "{key}: {}", e.message);
            assert_eq!(e.field(), format!("config.{key}"));
        }
        let mut missing = postgres_ok();
        missing.remove("database.hostname.user.defined");
        let e = validate_config(spec, &missing, &BTreeSet::new()).unwrap_err();
        assert_eq!(e.field(), "config.database.hostname.user.defined");
    }

    #[test]
    fn a_secret_set_before_stays_when_left_out_blank_or_masked() {
        let spec = spec_of(ConnectorKind::Source, "postgresql").unwrap();
        let set: BTreeSet<String> = ["database.password".to_string()].into();
        for sent in [None, Some(text("")), Some(text(MASK))] {
            let mut config = postgres_ok();
            config.remove("database.password");
            if let Some(v) = sent {
                config.insert("database.password".into(), v);
            }
            let checked = validate_config(spec, &config, &set).unwrap();
            assert!(checked.secrets.is_empty(), "nothing replaces it");
            assert!(checked.missing_secrets(spec, &set).is_empty());
            // Without it set before, it is required.
            let e = validate_config(spec, &config, &BTreeSet::new()).unwrap_err();
            assert_eq!(e.key, "database.password");
        }
        assert!(
            !format!("{:?}", validate_config(spec, &postgres_ok(), &set).unwrap())
                .contains("s3cret")
        );
        assert!(!format!("{:?}", postgres_ok()).contains("s3cret"));
    }

    #[test]
    fn names_and_tags_are_checked() {
        assert_eq!(
            validate_connector_name("  Orders DB ").unwrap(),
            "Orders DB"
        );
        assert!(validate_connector_name(" ").is_err());
        assert!(validate_connector_name(&"x".repeat(101)).is_err());
        assert!(validate_connector_name("a\u{200b}b").is_err());
        assert_eq!(
            validate_tags(&["prod".into(), " team:orders ".into(), "prod".into()]).unwrap(),
            ["prod", "team:orders"]
        );
        assert!(validate_tags(&["no spaces".into()]).is_err());
        assert!(validate_tags(&(0..21).map(|n| format!("t{n}")).collect::<Vec<_>>()).is_err());
    }
}
