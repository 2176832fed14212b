//! The ACL editor of a Kafka user.

use api_types::{AclOperation, AclPattern, AclResource, KafkaAcl};
use leptos::prelude::*;

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
    view! {
        <fieldset class="field acl" data-testid="acl-editor" aria-describedby="acl-error">
            <legend class="field__label">"ACLs"</legend>
            <p class="field__hint">"What the user may do. Topics allow every operation; consumer groups allow DELETE, DESCRIBE and READ."</p>
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
