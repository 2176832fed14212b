//! A connector's form, built from its connector's schema: one field per
//! setting, in the schema's order, grouped under the schema's tabs. The
//! same rules as the server's check it before it is sent, and an error
//! either side finds is shown at its field; nothing typed is lost.

use crate::components::focus_id;
use api_types::connectors::{
    validate_config, validate_connector_name, validate_tags, ConfigValue, ConnectorSpec, Control,
    PropertySpec, MAX_CONNECTOR_NAME,
};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Errors shown at fields: `(field, message)`, the field as the server
/// names it (`name`, `tags`, `config.<key>`).
pub type Errors = RwSignal<Vec<(String, String)>>;

/// What a submitted form holds, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    /// The name, trimmed.
    pub name: String,
    /// The tags.
    pub tags: Vec<String>,
    /// The settings, as the API takes them.
    pub config: BTreeMap<String, ConfigValue>,
}

/// The form's values of `spec`'s settings: those of `config` (a connector
/// being changed), else the defaults; secrets start empty.
pub fn initial_values(
    spec: &ConnectorSpec,
    config: Option<&BTreeMap<String, ConfigValue>>,
) -> BTreeMap<String, String> {
    super::map_of(spec.properties.iter().map(|p| {
        let value = if p.secret {
            String::new()
        } else {
            config
                .and_then(|c| c.get(p.key.as_ref()))
                .map(ConfigValue::as_text)
                .or_else(|| p.default.as_ref().map(|d| d.to_string()))
                .unwrap_or_else(|| {
                    if p.control == Control::Toggle {
                        "false".into()
                    } else {
                        String::new()
                    }
                })
        };
        (p.key.to_string(), value)
    }))
}

/// The settings the form holds, as the API takes them: what is typed (a
/// blank one is left out, so that it takes its default or, for a secret,
/// keeps its value).
pub fn to_config(values: &BTreeMap<String, String>) -> BTreeMap<String, ConfigValue> {
    super::map_of(
        values
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), ConfigValue::Text(v.clone()))),
    )
}

/// Checks the form as the server will: the name, the tags, then the
/// settings; the first error at its field, or what to send.
pub fn check(
    spec: &ConnectorSpec,
    name: &str,
    tags: &str,
    values: &BTreeMap<String, String>,
    secrets_set: &BTreeSet<String>,
) -> Result<Submitted, (String, String)> {
    let name = validate_connector_name(name).map_err(|e| (e.field.to_string(), e.message))?;
    let tags: Vec<String> = tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let tags = validate_tags(&tags).map_err(|e| (e.field.to_string(), e.message))?;
    let config = to_config(values);
    validate_config(spec, &config, secrets_set).map_err(|e| (e.field(), e.message))?;
    Ok(Submitted { name, tags, config })
}

/// The id of the control of `field` (`name`, `tags`, `config.<key>`).
pub fn control_id(spec: &ConnectorSpec, field: &str) -> String {
    match field.strip_prefix("config.") {
        Some(key) => spec
            .properties
            .iter()
            .position(|p| p.key == key)
            .map(|i| format!("cfg-{i}"))
            .unwrap_or_else(|| "connector-name".into()),
        None if field == "tags" => "connector-tags".into(),
        None => "connector-name".into(),
    }
}

/// Shows `error` at its field and moves the focus there.
pub fn show_error(spec: &ConnectorSpec, errors: Errors, error: (String, String)) {
    let id = control_id(spec, &error.0);
    errors.set(vec![error]);
    focus_id(&id);
}

fn error_for(errors: Errors, field: String) -> impl Fn() -> Option<String> + Copy + 'static {
    let field = StoredValue::new(field);
    move || {
        errors.with(|e| {
            field.with_value(|f| e.iter().find(|(name, _)| name == f).map(|(_, m)| m.clone()))
        })
    }
}

/// The name and tags fields.
#[component]
pub fn NameFields(name: RwSignal<String>, tags: RwSignal<String>, errors: Errors) -> impl IntoView {
    let name_error = error_for(errors, "name".into());
    let tags_error = error_for(errors, "tags".into());
    let clear = move |field: &'static str| errors.update(|e| e.retain(|(f, _)| f != field));
    view! {
        <div class="field">
            <label class="field__label" for="connector-name">"Name"</label>
            <p class="field__hint" id="connector-name-hint">
                {format!("Up to {MAX_CONNECTOR_NAME} characters; unique among this project's connectors of its kind.")}
            </p>
            <input
                id="connector-name"
                class="input"
                type="text"
                autocomplete="off"
                maxlength=MAX_CONNECTOR_NAME.to_string()
                aria-describedby="connector-name-hint connector-name-error"
                aria-invalid=move || name_error().is_some().to_string()
                prop:value=move || name.get()
                on:input=move |ev| { name.set(event_target_value(&ev)); clear("name"); }
            />
            <p class="field__error" id="connector-name-error" data-testid="error-name">{name_error}</p>
        </div>
        <div class="field">
            <label class="field__label" for="connector-tags">"Tags " <span class="field__optional">"(optional)"</span></label>
            <p class="field__hint" id="connector-tags-hint">"Separated by commas, e.g. team:orders, prod."</p>
            <input
                id="connector-tags"
                class="input"
                type="text"
                autocomplete="off"
                aria-describedby="connector-tags-hint connector-tags-error"
                aria-invalid=move || tags_error().is_some().to_string()
                prop:value=move || tags.get()
                on:input=move |ev| { tags.set(event_target_value(&ev)); clear("tags"); }
            />
            <p class="field__error" id="connector-tags-error">{tags_error}</p>
        </div>
    }
}

/// The settings of `spec`, grouped by tab.
#[component]
pub fn ConfigFields(
    spec: ConnectorSpec,
    values: RwSignal<BTreeMap<String, String>>,
    errors: Errors,
    /// The secrets already set (a connector being changed).
    #[prop(optional)]
    secrets_set: Vec<String>,
) -> impl IntoView {
    let set: BTreeSet<String> = super::set_of(secrets_set);
    let tabs: Vec<String> = spec.tabs().into_iter().map(str::to_string).collect();
    tabs.into_iter()
        .map(|tab| {
            let fields = spec
                .properties
                .iter()
                .enumerate()
                .filter(|(_, p)| p.tab == tab.as_str())
                .map(|(i, p)| setting(i, p.clone(), values, errors, set.contains(p.key.as_ref())))
                .collect_view();
            view! {
                <fieldset class="form-section">
                    <legend class="form-section__title">{tab}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view()
}

/// One setting's field.
fn setting(
    index: usize,
    p: PropertySpec,
    values: RwSignal<BTreeMap<String, String>>,
    errors: Errors,
    is_set: bool,
) -> impl IntoView {
    let id = format!("cfg-{index}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    let key = StoredValue::new(p.key.to_string());
    let field = format!("config.{}", p.key);
    let error = error_for(errors, field.clone());
    let current =
        move || values.with(|v| key.with_value(|k| v.get(k).cloned().unwrap_or_default()));
    let set_value = move |value: String| {
        key.with_value(|k| {
            values.update(|v| {
                v.insert(k.clone(), value);
            })
        });
        let field = format!("config.{}", key.get_value());
        errors.update(|e| e.retain(|(f, _)| *f != field));
    };
    let mut hint = p.description.to_string();
    if let Some(default) = p.default.as_ref().filter(|_| p.control != Control::Toggle) {
        hint.push_str(&format!(" Default: {default}."));
    }
    if p.secret && is_set {
        hint.push_str(" It is set: leave it blank to keep it, or type a new one to replace it.");
    }
    let required = p.required && !(p.secret && is_set);
    let label = p.display_name.to_string();
    let invalid = move || error().is_some().to_string();
    let control = match p.control {
        Control::Toggle => view! {
            <label class="toggle" for=id.clone()>
                <input
                    id=id.clone()
                    type="checkbox"
                    aria-describedby=described.clone()
                    prop:checked=move || current() == "true"
                    on:change=move |ev| set_value(event_target_checked(&ev).to_string())
                />
                <span>{label.clone()}</span>
            </label>
        }
        .into_any(),
        Control::OneOf => {
            let choices = p.choices.iter().map(|c| c.to_string()).collect::<Vec<_>>();
            view! {
                <select
                    id=id.clone()
                    class="input"
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=current
                    on:change=move |ev| set_value(event_target_value(&ev))
                >
                    {(!required).then(|| view! { <option value="">"Default"</option> })}
                    {choices.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        control => {
            let (kind, mode) = match control {
                Control::Number => ("number", "numeric"),
                Control::Password => ("password", "text"),
                _ => ("text", "text"),
            };
            view! {
                <input
                    id=id.clone()
                    class="input"
                    type=kind
                    inputmode=mode
                    autocomplete=if p.secret { "new-password" } else { "off" }
                    spellcheck="false"
                    min=p.min.map(|n| n.to_string())
                    max=p.max.map(|n| n.to_string())
                    placeholder=(p.secret && is_set).then_some("Set: leave blank to keep")
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    aria-required=required.to_string()
                    prop:value=current
                    on:input=move |ev| set_value(event_target_value(&ev))
                />
            }
            .into_any()
        }
    };
    let shown_label = (p.control != Control::Toggle).then(|| {
        view! {
            <label class="field__label" for=id.clone()>
                {p.display_name.to_string()}
                {(!required).then(|| view! { " " <span class="field__optional">"(optional)"</span> })}
                {(p.secret && is_set).then(|| view! { " " <span class="badge badge--set">"Set"</span> })}
            </label>
        }
    });
    view! {
        <div class="field" data-key=p.key.to_string()>
            {shown_label}
            <p class="field__hint" id=hint_id>{hint}</p>
            {control}
            <p class="field__error" id=error_id>{error}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::connectors::{spec_of, ConnectorKind};

    #[test]
    fn a_form_starts_from_the_defaults_and_is_checked_by_the_servers_rules() {
        let spec = spec_of(ConnectorKind::Source, "postgresql").unwrap();
        let mut values = initial_values(spec, None);
        assert_eq!(values["database.port.user.defined"], "5432");
        assert_eq!(values["database.password"], "");
        let none = BTreeSet::new();
        let e = check(spec, "orders", "", &values, &none).unwrap_err();
        assert!(e.0.starts_with("config."), "{e:?}");
        assert!(control_id(spec, &e.0).starts_with("cfg-"));
        for (k, v) in [
            ("database.hostname.user.defined", "db.example.com"),
            ("database.user", "capture"),
            ("database.password", "pw"),
            ("database.dbname", "orders"),
            ("schema.include.list", "public"),
            ("table.include.list.user.defined", "public.orders"),
        ] {
            values.insert(k.into(), v.into());
        }
        let done = check(spec, " orders ", "a, b", &values, &none).unwrap();
        assert_eq!(done.name, "orders");
        assert_eq!(done.tags, ["a", "b"]);
        values.insert("database.port.user.defined".into(), "x".into());
        let e = check(spec, "orders", "", &values, &none).unwrap_err();
        assert_eq!(e.0, "config.database.port.user.defined");
        assert_eq!(check(spec, "", "", &values, &none).unwrap_err().0, "name");
        // A secret set before may stay blank.
        values.insert("database.port.user.defined".into(), "5432".into());
        values.insert("database.password".into(), String::new());
        let set: BTreeSet<String> = ["database.password".to_string()].into();
        assert!(check(spec, "orders", "", &values, &set).is_ok());
        assert!(!to_config(&values).contains_key("database.password"));
    }
}
