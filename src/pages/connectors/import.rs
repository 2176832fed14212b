//! `/projects/:id/sources/import` (and destinations): connectors exported
//! from another project, recreated in this one. The file is planned on the
//! server first and nothing is created until the user confirms: names
//! taken here are renamed or skipped, the secrets the file left out are
//! typed now or later, and a file with problems says where they are. The
//! import then creates every connector, Paused, or none.

use super::{connector_mark, display_name, words};
use crate::api::{expect_api, ApiError};
use crate::components::{focus_id, focus_later, LocalDate, UnavailableNotice};
use crate::routes;
use crate::state::{expect_open_project, permissions};
use api_types::connectors::{
    ConnectorKind, ConnectorSpec, ImportAction, ImportChoice, ImportItem, ImportPlan,
    ImportRequest, MAX_CONNECTOR_NAME, MAX_IMPORT_BYTES,
};
use api_types::Change;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

/// What the user chose for one connector of the file.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// Leave it out.
    pub skip: bool,
    /// The name to create it under when its own is taken.
    pub rename: String,
    /// Secrets typed, by key.
    pub secrets: BTreeMap<String, String>,
}

/// Never prints a secret typed.
impl std::fmt::Debug for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Choice")
            .field("skip", &self.skip)
            .field("rename", &self.rename)
            .field("secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Choices for a new plan: those made before are kept, and a conflict not
/// yet renamed is offered the server's free name.
pub fn merge_choices(plan: &ImportPlan, before: &BTreeMap<u32, Choice>) -> BTreeMap<u32, Choice> {
    super::map_of(plan.items.iter().map(|item| {
        let mut choice = before.get(&item.index).cloned().unwrap_or_default();
        if item.action == ImportAction::Conflict && choice.rename.trim().is_empty() {
            choice.rename = item.suggested_name.clone().unwrap_or_default();
        }
        (item.index, choice)
    }))
}

/// The request's choices: a skip, a rename (only for a name that was
/// taken, or one the user changed), and the secrets typed.
pub fn request_choices(plan: &ImportPlan, choices: &BTreeMap<u32, Choice>) -> Vec<ImportChoice> {
    plan.items
        .iter()
        .filter_map(|item| {
            let choice = choices.get(&item.index)?;
            let rename = choice.rename.trim();
            let name =
                (!rename.is_empty() && rename != item.name.trim()).then(|| rename.to_string());
            let secrets: BTreeMap<String, String> = super::map_of(
                choice
                    .secrets
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            (choice.skip || name.is_some() || !secrets.is_empty()).then_some(ImportChoice {
                index: item.index,
                skip: choice.skip,
                name,
                secrets,
            })
        })
        .collect()
}

/// What stops the import before it is sent: a conflict left without a
/// name, as `(index, message)`.
pub fn unresolved(plan: &ImportPlan, choices: &BTreeMap<u32, Choice>) -> Option<(u32, String)> {
    plan.items.iter().find_map(|item| {
        let choice = choices.get(&item.index).cloned().unwrap_or_default();
        (item.action == ImportAction::Conflict && !choice.skip && choice.rename.trim().is_empty())
            .then(|| {
                (
                    item.index,
                    format!(
                        "{} is taken here: give it another name or skip it.",
                        item.name
                    ),
                )
            })
    })
}

/// What reading the chosen file came to.
async fn read_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, String> {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return Ok(None);
    };
    if file.size() > MAX_IMPORT_BYTES as f64 {
        return Err(format!(
            "{} is {} KB; an import reads at most {} KB. Export fewer connectors at a time.",
            file.name(),
            (file.size() as u64).div_ceil(1024),
            MAX_IMPORT_BYTES / 1024
        ));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{} could not be read. Choose it again.", file.name()))?;
    Ok(text.as_string())
}

/// The import page of a project, reached from its list of `kind`.
#[component]
pub fn ImportConnectors(kind: ConnectorKind) -> impl IntoView {
    let api = expect_api();
    let project = expect_open_project();
    let (id, project_name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    let (_, many, title) = words(kind);
    let blocked = permissions::blocked(Change::Connectors);
    let catalog = super::catalog_resource(None);
    let catalog = Memo::new(move |_| catalog.get().and_then(|r| r.ok()).unwrap_or_default());
    let file = RwSignal::new(None::<String>);
    let file_error = RwSignal::new(None::<String>);
    let plan = RwSignal::new(None::<ImportPlan>);
    let choices = RwSignal::new(BTreeMap::<u32, Choice>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<ImportPlan>);
    // Each plan asked for is numbered: an answer to an older one (a file
    // chosen again meanwhile) is dropped.
    let asked = StoredValue::new(0u32);
    let plan_id = id.clone();
    let ask_plan = move |text: String, choices_now: Vec<ImportChoice>, after: Option<String>| {
        let number = asked.get_value() + 1;
        asked.set_value(number);
        busy.set(true);
        let id = plan_id.clone();
        leptos::task::spawn_local(async move {
            let body = ImportRequest {
                file: text,
                dry_run: true,
                choices: choices_now,
            };
            let answer = api.import_connectors(&id, &body).await;
            if asked.try_get_value() != Some(number) {
                return;
            }
            busy.try_set(false);
            match answer {
                Ok(new_plan) => {
                    let merged = choices.with_untracked(|c| merge_choices(&new_plan, c));
                    choices.try_set(merged);
                    plan.try_set(Some(new_plan));
                    failure.try_set(after);
                }
                Err(ApiError::Validation { message, .. }) => {
                    plan.try_set(None);
                    file_error.try_set(Some(message));
                    focus_id("import-file");
                }
                Err(other) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    let on_file = {
        let ask_plan = ask_plan.clone();
        move |ev: leptos::ev::Event| {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            file_error.set(None);
            failure.set(None);
            plan.set(None);
            done.set(None);
            choices.set(BTreeMap::new());
            let ask_plan = ask_plan.clone();
            leptos::task::spawn_local(async move {
                match read_file(&input).await {
                    Ok(Some(text)) => {
                        file.try_set(Some(text.clone()));
                        ask_plan(text, Vec::new(), None);
                    }
                    Ok(None) => {
                        file.try_set(None);
                    }
                    Err(message) => {
                        file.try_set(None);
                        file_error.try_set(Some(message));
                    }
                }
            });
        }
    };
    let apply_id = id.clone();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (Some(text), Some(current)) = (file.get_untracked(), plan.get_untracked()) else {
            return;
        };
        let chosen = choices.get_untracked();
        if let Some((index, message)) = unresolved(&current, &chosen) {
            failure.set(Some(message));
            focus_id(&format!("import-rename-{index}"));
            return;
        }
        failure.set(None);
        busy.set(true);
        let body = ImportRequest {
            file: text.clone(),
            dry_run: false,
            choices: request_choices(&current, &chosen),
        };
        let id = apply_id.clone();
        let ask_plan = ask_plan.clone();
        leptos::task::spawn_local(async move {
            let answer = api.import_connectors(&id, &body).await;
            busy.try_set(false);
            match answer {
                Ok(applied) => {
                    done.try_set(Some(applied));
                    plan.try_set(None);
                    file.try_set(None);
                    choices.try_set(BTreeMap::new());
                    focus_later("import-done");
                }
                // The names changed meanwhile (or a rename is taken too):
                // plan again, keeping what was chosen.
                Err(ApiError::Conflict(message)) => {
                    ask_plan(text, body.choices, Some(message));
                }
                Err(other) => {
                    failure.try_set(Some(other.to_string()));
                }
            }
        });
    };
    let list_href = routes::connectors(&id, kind);
    view! {
        <section class="page page--narrow" aria-labelledby="import-title" data-testid="import-page">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{project_name.clone()}" · "{title}</p>
                    <h1 class="page__title" id="import-title" tabindex="-1">"Import connectors"</h1>
                    <p class="page__lead">
                        {format!("Recreate in {project_name} the connectors exported from another project. Nothing is created until you confirm; secrets are never in the file, so you type them here or later. Imported connectors arrive Paused.")}
                    </p>
                </div>
                <A href=list_href.clone() attr:class="button button--quiet">{format!("Back to {many}")}</A>
            </header>
            <UnavailableNotice/>
            {move || match blocked.get() {
                Some(reason) => view! { <p class="notice notice--error" role="alert" data-testid="import-blocked">{reason}</p> }.into_any(),
                None => {
                    let on_file = on_file.clone();
                    let apply = apply.clone();
                    view! {
                        <Done done=done kind=kind/>
                        <div class="field">
                            <label class="field__label" for="import-file">"Export file"</label>
                            <p class="field__hint" id="import-file-hint">
                                {format!("The .json file an export wrote, up to {} KB.", MAX_IMPORT_BYTES / 1024)}
                            </p>
                            <input
                                id="import-file"
                                class="input input--file"
                                type="file"
                                accept=".json,application/json"
                                aria-describedby="import-file-hint import-file-error"
                                aria-invalid=move || file_error.with(Option::is_some).to_string()
                                // Chosen again after it was corrected, the same file
                                // must be read again: a field that still holds it
                                // would not say it changed.
                                on:click=|ev| {
                                    use wasm_bindgen::JsCast;
                                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        input.set_value("");
                                    }
                                }
                                on:change=on_file
                                data-testid="import-file"
                            />
                            <p class="field__error" id="import-file-error" data-testid="import-file-error">{move || file_error.get()}</p>
                        </div>
                        {move || (busy.get() && plan.with(Option::is_none)).then(|| view! {
                            <p class="loading-line" role="status">"Reading the file…"</p>
                        })}
                        // Without a plan (the server down, say), the failure is said here.
                        {move || plan.with(Option::is_none).then(|| failure.get()).flatten().map(|m| view! {
                            <p class="notice notice--error" role="alert" data-testid="import-failure">{m}</p>
                        })}
                        {move || plan.get().map(|p| {
                            let apply = apply.clone();
                            view! { <Preview plan=p choices=choices catalog=catalog busy=busy failure=failure on_apply=apply/> }
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// What was imported, with a way to each new connector.
#[component]
fn Done(done: RwSignal<Option<ImportPlan>>, kind: ConnectorKind) -> impl IntoView {
    let id = expect_open_project().with_untracked(|p| p.id.clone());
    move || {
        done.get().map(|plan| {
            let created: Vec<ImportItem> = plan
                .items
                .iter()
                .filter(|i| i.id.is_some())
                .cloned()
                .collect();
            let waiting = created.iter().filter(|i| !i.secrets_missing.is_empty()).count();
            let id = id.clone();
            view! {
                <div class="notice notice--success" role="status" tabindex="-1" id="import-done" data-testid="import-done">
                    <p>
                        {format!(
                            "Imported {} connector{} from {}. They are Paused: resume each when it is ready{}.",
                            created.len(),
                            if created.len() == 1 { "" } else { "s" },
                            plan.from.name,
                            if waiting == 0 { String::new() } else { format!("; {waiting} wait for secrets first") }
                        )}
                    </p>
                    <ul class="import-done__list">
                        {created.into_iter().map(|item| {
                            let item_kind = item.kind.unwrap_or(kind);
                            let href = routes::connector(&id, item_kind, item.id.as_deref().unwrap_or_default());
                            view! {
                                <li>
                                    <A href=href>{item.new_name.clone()}</A>
                                    {format!(" · {}", words(item_kind).0)}
                                    {(!item.secrets_missing.is_empty()).then(|| format!(" · waits for {}", item.secrets_missing.join(", ")))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The plan of the file chosen, with a choice per connector.
#[component]
fn Preview<F>(
    plan: ImportPlan,
    choices: RwSignal<BTreeMap<u32, Choice>>,
    catalog: Memo<Vec<ConnectorSpec>>,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
    on_apply: F,
) -> impl IntoView
where
    F: Fn(leptos::ev::SubmitEvent) + 'static,
{
    let problems = plan.problems.clone();
    let count = plan.items.len();
    let exported = plan.exported_at;
    let items = plan.items.clone();
    let from = plan.from.name.clone();
    let creates = Memo::new(move |_| {
        choices.with(|c| {
            plan.items
                .iter()
                .filter(|i| matches!(i.action, ImportAction::Create | ImportAction::Conflict))
                .filter(|i| !c.get(&i.index).is_some_and(|c| c.skip))
                .count()
        })
    });
    let has_problems = !problems.is_empty();
    view! {
        <form class="form import" on:submit=on_apply novalidate=true data-testid="import-preview">
            <h2 class="section-title">{format!("{count} connector{} from {from}", if count == 1 { "" } else { "s" })}</h2>
            <p class="import__from">"Exported on "<LocalDate at=exported/>"."</p>
            {has_problems.then(|| view! {
                <div class="notice notice--error" role="alert" data-testid="import-problems">
                    <p>{format!(
                        "The file has {} problem{}: nothing can be imported until it is fixed. Correct the file (or export it again) and choose it once more.",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    )}</p>
                    <ul>
                        {problems.iter().map(|p| view! { <li><code>{p.place.clone()}</code>" — "{p.message.clone()}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            <ol class="import__items">
                {items.into_iter().map(|item| {
                    let own: Vec<String> = problems
                        .iter()
                        .filter(|p| p.index == Some(item.index))
                        .map(|p| p.message.clone())
                        .collect();
                    view! { <Item item=item problems=own choices=choices catalog=catalog/> }
                }).collect_view()}
            </ol>
            {move || failure.get().map(|m| view! { <p class="notice notice--error" role="alert" data-testid="import-failure">{m}</p> })}
            {(!has_problems).then(|| view! {
                <div class="form__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        disabled=move || busy.get() || creates.get() == 0
                        data-testid="apply-import"
                    >
                        {move || {
                            let n = creates.get();
                            if busy.get() { "Importing…".to_string() }
                            else if n == 0 { "Nothing to import".to_string() }
                            else if n == 1 { "Import 1 connector".to_string() }
                            else { format!("Import {n} connectors") }
                        }}
                    </button>
                </div>
            })}
        </form>
    }
}

/// One connector of the file: what will be done with it, and the choices.
#[component]
fn Item(
    item: ImportItem,
    /// What is wrong in its entry of the file.
    problems: Vec<String>,
    choices: RwSignal<BTreeMap<u32, Choice>>,
    catalog: Memo<Vec<ConnectorSpec>>,
) -> impl IntoView {
    let index = item.index;
    let skip = move || choices.with(|c| c.get(&index).is_some_and(|c| c.skip));
    let set = move |f: &dyn Fn(&mut Choice)| {
        choices.update(|c| f(c.entry(index).or_default()));
    };
    let spec = catalog.with_untracked(|cat| {
        cat.iter()
            .find(|s| Some(s.kind) == item.kind && s.code == item.connector.as_str())
            .cloned()
    });
    let connector = catalog.with_untracked(|cat| display_name(cat, &item.connector));
    let kind_word = item.kind.map_or("connector", |k| words(k).0);
    let action = item.action;
    let badge = move || match (action, skip()) {
        (ImportAction::Invalid, _) => ("badge badge--status badge--broken", "Has problems"),
        (_, true) | (ImportAction::Skip, _) => ("badge badge--status badge--stopped", "Skipped"),
        (ImportAction::Conflict, false) => ("badge badge--status badge--starting", "Name taken"),
        (ImportAction::Create, false) => {
            ("badge badge--status badge--paused", "New, arrives Paused")
        }
    };
    let rename_id = format!("import-rename-{index}");
    let secrets = item.secrets.clone();
    let missing = item.secrets_missing.clone();
    let name = item.name.clone();
    let heading = format!("{} {kind_word}", connector);
    view! {
        <li class="import-item" data-testid="import-item" data-action=match action {
            ImportAction::Create => "create",
            ImportAction::Skip => "skip",
            ImportAction::Conflict => "conflict",
            ImportAction::Invalid => "invalid",
        }>
            <div class="import-item__head">
                {connector_mark(&item.connector, &connector)}
                <div>
                    <p class="import-item__name">{name.clone()}</p>
                    <p class="import-item__kind">{heading}</p>
                </div>
                <span class=move || badge().0 data-testid="import-item-state">{move || badge().1}</span>
            </div>
            {match action {
                ImportAction::Invalid => view! {
                    <ul class="import-item__problems">
                        {problems.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                }.into_any(),
                ImportAction::Conflict => {
                    let rename_id = rename_id.clone();
                    let group = format!("import-choice-{index}");
                    view! {
                        <fieldset class="import-item__choice">
                            <legend>{format!("This project already has a {kind_word} named {name}.")}</legend>
                            <label class="check">
                                <input type="radio" class="check__box" name=group.clone() prop:checked=move || !skip() on:change=move |_| set(&|c| c.skip = false)/>
                                " Create it under another name"
                            </label>
                            <label class="field__label" for=rename_id.clone()>"New name"</label>
                            <input
                                id=rename_id
                                class="input"
                                type="text"
                                autocomplete="off"
                                maxlength=MAX_CONNECTOR_NAME.to_string()
                                disabled=skip
                                prop:value=move || choices.with(|c| c.get(&index).map(|c| c.rename.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); set(&|c| c.rename = v.clone()); }
                                data-testid="import-rename"
                            />
                            <label class="check">
                                <input type="radio" class="check__box" name=group prop:checked=skip on:change=move |_| set(&|c| c.skip = true) data-testid="import-skip"/>
                                " Skip it"
                            </label>
                        </fieldset>
                    }.into_any()
                }
                _ => view! {
                    <label class="check">
                        <input type="checkbox" class="check__box" prop:checked=skip on:change=move |ev| { let on = event_target_checked(&ev); set(&|c| c.skip = on); } data-testid="import-skip"/>
                        " Leave this one out"
                    </label>
                }.into_any(),
            }}
            {(action != ImportAction::Invalid && !secrets.is_empty()).then(|| {
                let fields = secrets.iter().enumerate().map(|(n, key)| {
                    let field_id = format!("import-secret-{index}-{n}");
                    let label = spec
                        .as_ref()
                        .and_then(|s| s.property(key))
                        .map_or_else(|| key.clone(), |p| p.display_name.to_string());
                    let needed = missing.contains(key);
                    let key = key.clone();
                    let key_for_value = key.clone();
                    view! {
                        <div class="field">
                            <label class="field__label" for=field_id.clone()>
                                {label}
                                {if needed { " (needed to start)" } else { " (optional)" }}
                            </label>
                            <input
                                id=field_id
                                class="input"
                                type="password"
                                autocomplete="new-password"
                                disabled=skip
                                prop:value=move || choices.with(|c| c.get(&index).and_then(|c| c.secrets.get(&key_for_value).cloned()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); let k = key.clone(); set(&move |c| { c.secrets.insert(k.clone(), v.clone()); }); }
                                data-testid="import-secret"
                            />
                        </div>
                    }
                }).collect_view();
                view! {
                    <details class="import-item__secrets" open=!missing.is_empty()>
                        <summary>{format!(
                            "Secrets ({}): type them now, or later on its page",
                            secrets.len()
                        )}</summary>
                        {fields}
                    </details>
                }
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::connectors::ExportOrigin;

    fn item(index: u32, name: &str, action: ImportAction) -> ImportItem {
        ImportItem {
            index,
            kind: Some(ConnectorKind::Source),
            connector: "postgresql".into(),
            name: name.into(),
            new_name: name.into(),
            action,
            suggested_name: (action == ImportAction::Conflict).then(|| format!("{name}-2")),
            secrets: vec!["database.password".into()],
            secrets_missing: vec!["database.password".into()],
            id: None,
        }
    }

    fn plan(items: Vec<ImportItem>) -> ImportPlan {
        ImportPlan {
            from: ExportOrigin {
                id: "x".into(),
                name: "Staging".into(),
            },
            exported_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            items,
            problems: vec![],
            applied: false,
        }
    }

    #[test]
    fn a_conflict_is_offered_a_free_name_and_typed_choices_are_kept() {
        let p = plan(vec![
            item(0, "orders", ImportAction::Conflict),
            item(1, "users", ImportAction::Create),
        ]);
        let mut before = BTreeMap::new();
        before.insert(
            1,
            Choice {
                secrets: [("database.password".to_string(), "pw".to_string())].into(),
                ..Default::default()
            },
        );
        let merged = merge_choices(&p, &before);
        assert_eq!(merged[&0].rename, "orders-2");
        assert_eq!(merged[&1].secrets["database.password"], "pw");
        let sent = request_choices(&p, &merged);
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].name.as_deref(), Some("orders-2"));
        assert!(sent[0].secrets.is_empty());
        assert_eq!(sent[1].name, None);
        assert_eq!(sent[1].secrets["database.password"], "pw");
    }

    #[test]
    fn a_conflict_without_a_name_stops_the_import_unless_skipped() {
        let p = plan(vec![item(0, "orders", ImportAction::Conflict)]);
        let mut chosen = BTreeMap::new();
        chosen.insert(0, Choice::default());
        assert_eq!(unresolved(&p, &chosen).map(|(i, _)| i), Some(0));
        chosen.insert(
            0,
            Choice {
                skip: true,
                ..Default::default()
            },
        );
        assert_eq!(unresolved(&p, &chosen), None);
        assert!(request_choices(&p, &chosen)[0].skip);
    }
}
