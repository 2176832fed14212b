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

/// The ACLs of a user: one row each, whose operation choices follow the
/// resource. Rows keep their elements while edited, so focus stays put.
#[component]
pub fn AclEditor(
    /// The ACLs, kept in step with the rows.
    acls: RwSignal<Vec<KafkaAcl>>,
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
        acls.get_untracked()
            .into_iter()
            .map(|a| (key(), RwSignal::new(a)))
            .collect::<Vec<_>>(),
    );
    let sync = move || {
        acls.set(rows.with_untracked(|r| r.iter().map(|(_, a)| a.get_untracked()).collect()))
    };
    let add = move |_| {
        rows.update(|r| {
            r.push((
                key(),
                RwSignal::new(KafkaAcl {
                    resource: AclResource::Topic,
                    topic_name: String::new(),
                    resource_pattern_type: AclPattern::Literal,
                    operation: AclOperation::Read,
                }),
            ))
        });
        sync();
    };
    // A preset adds the rows it needs, leaving out those already there.
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
            let have = acls.get_untracked();
            rows.update(|r| {
                for acl in new.into_iter().filter(|a| !have.contains(a)) {
                    r.push((key(), RwSignal::new(acl)));
                }
            });
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
                    let edit = move |f: &dyn Fn(&mut KafkaAcl)| {
                        acl.update(|a| {
                            f(a);
                            // An operation the resource does not offer falls back.
                            if !a.resource.operations().contains(&a.operation) {
                                a.operation = AclOperation::Read;
                            }
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
                                    prop:value=move || acl.with(|a| a.topic_name.clone())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| a.topic_name = v.trim().to_string());
                                    }/>
                            </label>
                            <label class="acl__cell">
                                <span class="field__label">{move || format!("Pattern {}", n())}</span>
                                <select class="input" prop:value=move || acl.with(|a| a.resource_pattern_type.as_str())
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| if let Some(p) = AclPattern::parse(&v) { a.resource_pattern_type = p });
                                    }>
                                    {AclPattern::ALL.iter().map(|p| view! { <option value=p.as_str()>{p.as_str()}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="acl__cell">
                                <span class="field__label">{move || format!("Operation {}", n())}</span>
                                <select class="input"
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(&|a| if let Some(o) = AclOperation::parse(&v) { a.operation = o });
                                    }>
                                    {move || {
                                        let (resource, chosen) = acl.with(|a| (a.resource, a.operation));
                                        resource.operations().iter().map(|o| view! {
                                            <option value=o.as_str() selected=*o == chosen>{o.as_str()}</option>
                                        }).collect_view()
                                    }}
                                </select>
                            </label>
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
