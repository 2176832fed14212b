//! The ACL editor of a Kafka user, with presets for what clients usually
//! need.

use api_types::{AclOperation, AclPattern, AclResource, KafkaAcl};
use leptos::prelude::*;

/// What a preset lets a client do with a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Produce to it: WRITE and DESCRIBE on the topic.
    Produce,
    /// Consume from it: READ and DESCRIBE on the topic, READ on the group.
    Consume,
    /// Both.
    Both,
}

/// The ACLs of `preset` for `topic` (a name, or a prefix when `prefixed`)
/// and, to consume, the consumer `group`; or what is missing.
pub fn preset_acls(
    preset: Preset,
    topic: &str,
    prefixed: bool,
    group: &str,
) -> Result<Vec<KafkaAcl>, (&'static str, String)> {
    let (topic, group) = (topic.trim(), group.trim());
    if topic.is_empty() {
        return Err((
            "topic",
            "Give the topic (or its prefix, or * for every topic).".into(),
        ));
    }
    let consumes = preset != Preset::Produce;
    if consumes && group.is_empty() {
        return Err((
            "group",
            "Give the consumer group the client reads with (or * for any).".into(),
        ));
    }
    let pattern = if prefixed {
        AclPattern::Prefixed
    } else {
        AclPattern::Literal
    };
    let on_topic = |operation| KafkaAcl {
        resource: AclResource::Topic,
        topic_name: topic.to_string(),
        resource_pattern_type: pattern,
        operation,
    };
    let mut acls = Vec::new();
    if preset != Preset::Consume {
        acls.push(on_topic(AclOperation::Write));
    }
    if consumes {
        acls.push(on_topic(AclOperation::Read));
    }
    acls.push(on_topic(AclOperation::Describe));
    if consumes {
        acls.push(KafkaAcl {
            resource: AclResource::Group,
            topic_name: group.to_string(),
            resource_pattern_type: AclPattern::Literal,
            operation: AclOperation::Read,
        });
    }
    Ok(acls)
}

/// One row of the editor: a resource, its name and pattern, and every
/// operation allowed on it (the API takes one ACL per operation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclRow {
    /// Topic or consumer group.
    pub resource: AclResource,
    /// The name, a prefix, or `*`.
    pub name: String,
    /// How the name matches.
    pub pattern: AclPattern,
    /// The operations ticked, in the resource's order.
    pub operations: Vec<AclOperation>,
}

impl AclRow {
    /// An empty row for a topic, reading.
    fn new() -> Self {
        Self {
            resource: AclResource::Topic,
            name: String::new(),
            pattern: AclPattern::Literal,
            operations: vec![AclOperation::Read],
        }
    }

    /// The row in words: "DESCRIBE, WRITE on TOPIC orders.*".
    pub fn summary(&self) -> String {
        let operations: Vec<&str> = self.operations.iter().map(|o| o.as_str()).collect();
        let suffix = if self.pattern == AclPattern::Prefixed {
            "*"
        } else {
            ""
        };
        format!(
            "{} on {} {}{suffix}",
            operations.join(", "),
            self.resource.as_str(),
            self.name
        )
    }

    fn same_target(&self, acl: &KafkaAcl) -> bool {
        self.resource == acl.resource
            && self.name == acl.topic_name
            && self.pattern == acl.resource_pattern_type
    }

    /// Ticks `operation`, keeping the resource's order.
    fn tick(&mut self, operation: AclOperation) {
        if !self.operations.contains(&operation) {
            self.operations.push(operation);
            let order = self.resource.operations();
            self.operations
                .sort_by_key(|o| order.iter().position(|x| x == o).unwrap_or(usize::MAX));
        }
    }
}

/// `acls` with each resource, name and pattern on one row, in the order
/// they first appear, and their operations together.
pub fn group_rows(acls: &[KafkaAcl]) -> Vec<AclRow> {
    let mut rows: Vec<AclRow> = Vec::new();
    for acl in acls {
        match rows.iter_mut().find(|r| r.same_target(acl)) {
            Some(row) => row.tick(acl.operation),
            None => rows.push(AclRow {
                resource: acl.resource,
                name: acl.topic_name.clone(),
                pattern: acl.resource_pattern_type,
                operations: vec![acl.operation],
            }),
        }
    }
    rows
}

/// The ACLs the rows stand for: one per operation ticked.
pub fn flatten(rows: &[AclRow]) -> Vec<KafkaAcl> {
    rows.iter()
        .flat_map(|row| {
            row.operations.iter().map(|&operation| KafkaAcl {
                resource: row.resource,
                topic_name: row.name.clone(),
                resource_pattern_type: row.pattern,
                operation,
            })
        })
        .collect()
}

/// What is wrong with the rows, numbered as the editor numbers them: an
/// operation missing, a name the API refuses, or too many ACLs in all.
pub fn check_rows(rows: &[AclRow]) -> Result<(), String> {
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let Some(&operation) = row.operations.first() else {
            return Err(format!("ACL {n}: tick at least one operation."));
        };
        let acl = KafkaAcl {
            resource: row.resource,
            topic_name: row.name.clone(),
            resource_pattern_type: row.pattern,
            operation,
        };
        acl.validate(n).map_err(|e| e.message)?;
    }
    api_types::validate_acls(&flatten(rows))
        .map(|_| ())
        .map_err(|e| e.message)
}

/// The server's message about its `k`th ACL ("ACL k: …"), numbered by the
/// editor's rows instead.
pub fn renumber(message: &str, rows: &[AclRow]) -> String {
    let Some(rest) = message.strip_prefix("ACL ") else {
        return message.to_string();
    };
    let Some((k, tail)) = rest.split_once(':') else {
        return message.to_string();
    };
    let Ok(k) = k.parse::<usize>() else {
        return message.to_string();
    };
    let mut seen = 0;
    for (i, row) in rows.iter().enumerate() {
        seen += row.operations.len();
        if k <= seen {
            return format!("ACL {}:{tail}", i + 1);
        }
    }
    message.to_string()
}

/// The ACLs of a user: one row per resource, name and pattern, with a
/// box for each operation the resource offers. Rows keep their elements
/// while edited, so focus stays put.
#[component]
pub fn AclEditor(
    /// The ACLs, kept in step with the rows, one per operation.
    acls: RwSignal<Vec<KafkaAcl>>,
    /// The rows, as the form reads them to check and number errors.
    rows_out: RwSignal<Vec<AclRow>>,
    /// An error from the last save.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let next_key = StoredValue::new(0u64);
    let key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let rows = RwSignal::new(
        group_rows(&acls.get_untracked())
            .into_iter()
            .map(|r| (key(), RwSignal::new(r)))
            .collect::<Vec<_>>(),
    );
    let sync = move || {
        let all: Vec<AclRow> =
            rows.with_untracked(|r| r.iter().map(|(_, a)| a.get_untracked()).collect());
        acls.set(flatten(&all));
        rows_out.set(all);
    };
    sync();
    let add = move |_| {
        rows.update(|r| r.push((key(), RwSignal::new(AclRow::new()))));
        sync();
    };
    // A preset ticks what it needs: on the row of the same topic or group
    // when there is one, else on a new row.
    let topic = RwSignal::new(String::new());
    let prefixed = RwSignal::new(false);
    let group = RwSignal::new(String::new());
    let preset_error = RwSignal::new(None::<(&'static str, String)>);
    let apply = move |preset: Preset| match preset_acls(
        preset,
        &topic.get_untracked(),
        prefixed.get_untracked(),
        &group.get_untracked(),
    ) {
        Ok(new) => {
            preset_error.set(None);
            for acl in new {
                let existing = rows.with_untracked(|r| {
                    r.iter()
                        .find(|(_, row)| row.with_untracked(|row| row.same_target(&acl)))
                        .map(|(_, row)| *row)
                });
                match existing {
                    Some(row) => row.update(|row| row.tick(acl.operation)),
                    None => rows
                        .update(|r| r.push((key(), RwSignal::new(group_rows(&[acl]).remove(0))))),
                }
            }
            sync();
        }
        Err(e) => {
            crate::components::focus_id(if e.0 == "topic" {
                "preset-topic"
            } else {
                "preset-group"
            });
            preset_error.set(Some(e));
        }
    };
    let error_at = move |field: &'static str| {
        move || {
            preset_error.with(|e| {
                e.as_ref()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone())
            })
        }
    };
    view! {
        <fieldset class="field acl" data-testid="acl-editor" aria-describedby="acl-error">
            <legend class="field__label">"ACLs"</legend>
            <p class="field__hint">"What the user may do. Topics allow every operation; consumer groups allow DELETE, DESCRIBE and READ."</p>
            <div class="acl__presets" role="group" aria-labelledby="presets-title" data-testid="acl-presets">
                <p class="acl__presets-title" id="presets-title">"Add what a client needs"</p>
                <div class="acl__row">
                    <label class="acl__cell acl__cell--grow">
                        <span class="field__label">"Topic"</span>
                        <input id="preset-topic" class="input" type="text" autocomplete="off" spellcheck="false" placeholder="orders"
                            aria-invalid=move || error_at("topic")().is_some().to_string()
                            aria-describedby="preset-error"
                            prop:value=move || topic.get() on:input=move |ev| { topic.set(event_target_value(&ev)); preset_error.set(None); }/>
                    </label>
                    <label class="check acl__check">
                        <input type="checkbox" class="check__box" prop:checked=move || prefixed.get() on:change=move |ev| prefixed.set(event_target_checked(&ev))/>
                        " Every topic starting with it"
                    </label>
                    <label class="acl__cell acl__cell--grow">
                        <span class="field__label">"Consumer group " <span class="field__optional">"(to consume)"</span></span>
                        <input id="preset-group" class="input" type="text" autocomplete="off" spellcheck="false" placeholder="orders-service"
                            aria-invalid=move || error_at("group")().is_some().to_string()
                            aria-describedby="preset-error"
                            prop:value=move || group.get() on:input=move |ev| { group.set(event_target_value(&ev)); preset_error.set(None); }/>
                    </label>
                </div>
                <p class="field__error" id="preset-error" data-testid="preset-error">{move || preset_error.get().map(|(_, m)| m)}</p>
                <div class="acl__preset-buttons">
                    <button type="button" class="button button--small" on:click=move |_| apply(Preset::Produce)>"Produce to it"</button>
                    <button type="button" class="button button--small" on:click=move |_| apply(Preset::Consume)>"Consume from it"</button>
                    <button type="button" class="button button--small" on:click=move |_| apply(Preset::Both)>"Both"</button>
                </div>
                <p class="field__hint">"Producing needs WRITE and DESCRIBE on the topic; consuming needs READ and DESCRIBE on it and READ on the group."</p>
            </div>
            <For
                each=move || rows.get()
                key=|(k, _)| *k
                children=move |(k, acl)| {
                    let n = move || rows.with(|r| r.iter().position(|(x, _)| *x == k).map_or(0, |i| i + 1));
                    let edit = move |f: &dyn Fn(&mut AclRow)| {
                        acl.update(|a| {
                            f(a);
                            // Operations the resource does not offer go.
                            let offered = a.resource.operations();
                            a.operations.retain(|o| offered.contains(o));
                        });
                        sync();
                    };
                    view! {
                        <div class="acl__row" data-testid="acl-row">
                            <label class="acl__cell">
                                <span class="field__label">{move || format!("Resource {}", n())}</span>
                                <select class="input" prop:value=move || acl.with(|a| a.resource.as_str())
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| if let Some(r) = AclResource::parse(&v) { a.resource = r });
                                    }>
                                    {AclResource::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="acl__cell acl__cell--grow">
                                <span class="field__label">{move || format!("Name {}", n())}</span>
                                <input class="input" type="text" autocomplete="off" spellcheck="false" placeholder="orders, or * for all"
                                    prop:value=move || acl.with(|a| a.name.clone())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| a.name = v.trim().to_string());
                                    }/>
                            </label>
                            <label class="acl__cell">
                                <span class="field__label">{move || format!("Pattern {}", n())}</span>
                                <select class="input" prop:value=move || acl.with(|a| a.pattern.as_str())
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| if let Some(p) = AclPattern::parse(&v) { a.pattern = p });
                                    }>
                                    {AclPattern::ALL.iter().map(|p| view! { <option value=p.as_str()>{p.as_str()}</option> }).collect_view()}
                                </select>
                            </label>
                            <div class="acl__cell acl__ops" role="group" aria-label=move || format!("Operations {}", n())>
                                <span class="field__label" aria-hidden="true">{move || format!("Operations {}", n())}</span>
                                <div class="acl__op-list">
                                    {move || {
                                        let resource = acl.with(|a| a.resource);
                                        resource.operations().iter().map(|&o| view! {
                                            <label class="acl__op">
                                                <input type="checkbox" class="check__box"
                                                    prop:checked=move || acl.with(|a| a.operations.contains(&o))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        edit(&|a| if on { a.tick(o) } else { a.operations.retain(|x| *x != o) });
                                                    }/>
                                                {o.as_str()}
                                            </label>
                                        }).collect_view()
                                    }}
                                </div>
                            </div>
                            <button type="button" class="button button--small acl__remove"
                                aria-label=move || format!("Remove ACL {}", n())
                                on:click=move |_| { rows.update(|r| r.retain(|(x, _)| *x != k)); sync(); }>"Remove"</button>
                        </div>
                    }
                }
            />
            <p class="field__error" id="acl-error" role="alert">{move || error.get()}</p>
            <button type="button" class="button" on:click=add>"Add ACL"</button>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(acls: &[KafkaAcl]) -> Vec<String> {
        acls.iter()
            .map(|a| {
                format!(
                    "{} {} {} {}",
                    a.resource.as_str(),
                    a.topic_name,
                    a.resource_pattern_type.as_str(),
                    a.operation.as_str()
                )
            })
            .collect()
    }

    fn acl(resource: AclResource, name: &str, operation: AclOperation) -> KafkaAcl {
        KafkaAcl {
            resource,
            topic_name: name.into(),
            resource_pattern_type: AclPattern::Literal,
            operation,
        }
    }

    #[test]
    fn rows_hold_every_operation_on_one_target_and_flatten_back() {
        use AclOperation::*;
        let acls = vec![
            acl(AclResource::Topic, "orders", Write),
            acl(AclResource::Group, "svc", Read),
            acl(AclResource::Topic, "orders", Describe),
            acl(AclResource::Topic, "orders", Read),
        ];
        let rows = group_rows(&acls);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].operations,
            [Describe, Read, Write],
            "the resource's order"
        );
        assert_eq!(rows[1].operations, [Read]);
        assert_eq!(rows[0].summary(), "DESCRIBE, READ, WRITE on TOPIC orders");
        let back = flatten(&rows);
        assert_eq!(back.len(), 4);
        for a in &acls {
            assert!(back.contains(a), "{a:?}");
        }
        assert_eq!(check_rows(&rows), Ok(()));
        // A server message about its 3rd ACL is about the first row (3 ops).
        assert_eq!(renumber("ACL 3: too long.", &rows), "ACL 1: too long.");
        assert_eq!(renumber("ACL 4: too long.", &rows), "ACL 2: too long.");
        assert_eq!(renumber("Something else.", &rows), "Something else.");
    }

    #[test]
    fn a_row_needs_an_operation_and_a_good_name_numbered_by_row() {
        let mut rows = group_rows(&[
            acl(AclResource::Topic, "orders", AclOperation::Write),
            acl(AclResource::Topic, "", AclOperation::Read),
        ]);
        assert!(check_rows(&rows)
            .unwrap_err()
            .starts_with("ACL 2: give a name"));
        rows[1].name = "payments".into();
        rows[0].operations.clear();
        assert_eq!(
            check_rows(&rows).unwrap_err(),
            "ACL 1: tick at least one operation."
        );
    }

    #[test]
    fn presets_give_what_producing_and_consuming_need() {
        assert_eq!(
            ops(&preset_acls(Preset::Produce, " orders ", false, "").unwrap()),
            [
                "TOPIC orders LITERAL WRITE",
                "TOPIC orders LITERAL DESCRIBE"
            ]
        );
        assert_eq!(
            ops(&preset_acls(Preset::Both, "orders.", true, "svc").unwrap()),
            [
                "TOPIC orders. PREFIXED WRITE",
                "TOPIC orders. PREFIXED READ",
                "TOPIC orders. PREFIXED DESCRIBE",
                "GROUP svc LITERAL READ"
            ]
        );
        assert_eq!(
            preset_acls(Preset::Consume, "orders", false, " ")
                .unwrap_err()
                .0,
            "group"
        );
        assert_eq!(
            preset_acls(Preset::Produce, "", false, "").unwrap_err().0,
            "topic"
        );
        // Every ACL a preset makes is one the server accepts.
        for acl in preset_acls(Preset::Both, "*", false, "*").unwrap() {
            acl.validate(1).unwrap();
        }
    }
}
