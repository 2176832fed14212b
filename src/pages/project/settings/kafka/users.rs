//! The users card: search, the list, and the form or confirmation in use.

use super::secret::KafkaPasswordOnce;
use super::user_form::UserForm;
use crate::api::{abort_on_cleanup, expect_api};
use crate::components::{
    focus_confirmation, focus_later, ConfirmDialog, DataTable, Empty, ErrorView, RowActions,
};
use crate::state::permissions;
use crate::state::{expect_open_project, open_project_id};
use api_types::{whitelist_entries, KafkaUser};
use leptos::prelude::*;

/// What the users card shows besides the list.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    Edit(KafkaUser),
    Delete(KafkaUser),
}

/// The users: search, list, and the form or confirmation in use.
#[component]
pub fn KafkaUsers() -> impl IntoView {
    let api = expect_api();
    let id = open_project_id();
    let blocked = permissions::blocked(api_types::Change::Access);
    let version = RwSignal::new(0u32);
    let users = LocalResource::new({
        let id = id.clone();
        move || {
            version.track();
            let id = id.clone();
            let signal = abort_on_cleanup();
            async move { api.list_kafka_users(&id, signal.as_ref()).await }
        }
    });
    let reload = move || {
        version.try_update(|v| *v += 1);
    };
    let search = RwSignal::new(String::new());
    let editing = RwSignal::new(Editing::Nothing);
    let project = expect_open_project();
    let failure = RwSignal::new(None::<String>);
    // A password just set, shown once until "I have copied it".
    let secret = RwSignal::new(None::<(KafkaUser, String, bool)>);
    let done = Callback::new(move |saved: Option<(KafkaUser, String)>| {
        let created = editing.with_untracked(|e| *e == Editing::New);
        editing.try_set(Editing::Nothing);
        reload();
        match saved {
            Some((user, password)) => {
                secret.try_set(Some((user, password, created)));
                focus_later("kafka-secret-title");
            }
            None => focus_later("users-title"),
        }
    });
    let bootstrap = project.with_untracked(|p| p.kafka_bootstrap_servers.clone());
    let once = move || {
        secret.get().map(|(user, password, created)| {
            view! {
                <KafkaPasswordOnce
                    user=user
                    password=password
                    created=created
                    bootstrap=bootstrap.clone()
                    on_done=Callback::new(move |()| {
                        secret.set(None);
                        focus_later("users-title");
                    })
                />
            }
        })
    };
    // Opening what is already open keeps what was typed in it.
    let open = move |what: Editing| {
        if editing.with_untracked(|e| *e != what) {
            editing.set(what);
        }
    };
    let production = move || project.with_untracked(|p| p.environment.is_production());
    let confirm_delete = {
        let id = id.clone();
        move |user: KafkaUser| {
            let id = id.clone();
            editing.set(Editing::Nothing);
            failure.set(None);
            focus_later("users-title");
            leptos::task::spawn_local(async move {
                if let Err(e) = api.delete_kafka_user(&id, &user.username).await {
                    failure.try_set(Some(e.sentence()));
                }
                reload();
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="users-title">
            <div class="card__header">
                <h2 class="card__title" id="users-title" tabindex="-1">"Kafka users"</h2>
                <button
                    type="button"
                    class="button button--primary"
                    prop:disabled=move || blocked.with(Option::is_some)
                    on:click=move |_| {
                        open(Editing::New);
                        focus_later("kafka-username");
                    }
                >
                    "Create Kafka user"
                </button>
            </div>
            {move || blocked.get().map(|reason| view! { <p class="form__reason" data-testid="blocked-reason">{reason}</p> })}
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>
                {move || failure.get()}
            </p>
            {once}
            {move || match editing.get() {
                Editing::Nothing => ().into_any(),
                Editing::New => view! { <UserForm user=None done=done/> }.into_any(),
                Editing::Edit(user) => view! { <UserForm user=Some(user) done=done/> }.into_any(),
                Editing::Delete(user) => {
                    let confirm = confirm_delete.clone();
                    let target = user.clone();
                    let type_to_confirm = production().then(|| user.username.clone());
                    view! {
                        <ConfirmDialog
                            title=format!("Delete the Kafka user \u{201c}{}\u{201d}?", user.username)
                            action="Delete user".to_string()
                            type_to_confirm=type_to_confirm
                            testid="confirm-user"
                            on_confirm=Callback::new(move |()| confirm(target.clone()))
                            on_cancel=Callback::new(move |()| { editing.set(Editing::Nothing); focus_later("users-title"); })
                        >
                            "Clients signed in as this user lose access at once. This cannot be undone."
                        </ConfirmDialog>
                    }.into_any()
                }
            }}
            <div class="field field--grow">
                <label class="field__label" for="user-search">"Search by username or IP"</label>
                <input
                    id="user-search"
                    class="input"
                    type="search"
                    autocomplete="off"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading Kafka users…"</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty-line" data-testid="users-empty">"This project has no Kafka users yet."</p>
                        }.into_any(),
                        Ok(list) => view! { <UserTable users=list search=search open=Callback::new(open) blocked=blocked production=production()/> }.into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=move || reload()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The users matching the search.
#[component]
fn UserTable(
    users: Vec<KafkaUser>,
    search: RwSignal<String>,
    open: Callback<Editing>,
    blocked: Memo<Option<String>>,
    /// Whether deleting asks for the username to be typed.
    production: bool,
) -> impl IntoView {
    let total = users.len();
    let shown = Memo::new(move |_| {
        let needle = search.with(|s| s.trim().to_ascii_lowercase());
        users
            .iter()
            .filter(|u| {
                needle.is_empty()
                    || u.username.contains(&needle)
                    || u.whitelist_ips.to_ascii_lowercase().contains(&needle)
            })
            .cloned()
            .collect::<Vec<_>>()
    });
    let row = move |u: KafkaUser| {
        let ips = whitelist_entries(&u.whitelist_ips).join(", ");
        let ips = if ips.is_empty() {
            "Any IP".to_string()
        } else {
            ips
        };
        let acls = if u.acls.is_empty() {
            "No ACLs: no access".to_string()
        } else {
            super::acl::group_rows(&u.acls)
                .iter()
                .map(super::AclRow::summary)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (for_edit, for_delete) = (u.clone(), u.clone());
        let disabled = move || blocked.with(Option::is_some);
        view! {
            <tr data-testid="user-row">
                <th scope="row" class="table__name"><code>{u.username.clone()}</code></th>
                <td data-label="Allowed IPs">{ips}</td>
                <td data-label="ACLs">{acls}</td>
                <RowActions>
                    <button type="button" class="button button--small"
                        aria-label=format!("Edit {}", u.username)
                        prop:disabled=disabled
                        on:click=move |_| { open.run(Editing::Edit(for_edit.clone())); focus_later("kafka-password"); }>"Edit"</button>
                    <button type="button" class="button button--small button--danger"
                        aria-label=format!("Delete {}", u.username)
                        prop:disabled=disabled
                        on:click=move |_| { open.run(Editing::Delete(for_delete.clone())); focus_confirmation(production); }>"Delete"</button>
                </RowActions>
            </tr>
        }
    };
    view! {
        <p class="visually-hidden" role="status">
            {move || {
                let n = shown.with(Vec::len);
                if n == total { String::new() } else { format!("{n} of {total} Kafka users match.") }
            }}
        </p>
        {move || view! {
            <DataTable
                caption="Kafka users of this project"
                testid="users-table"
                columns=&["Username", "Allowed IPs", "ACLs"]
                items=shown.get()
                row=row
                empty=Empty { text: "No Kafka user matches this search.", testid: "users-no-match" }
            />
        }}
    }
}
