//! The Kafka Access tab: how clients connect, and the project's Kafka users
//! (list, search, create, edit, delete). Passwords are never shown again
//! after they are sent.

use super::{error_of, FieldErrors};
use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::{focus_later, CopyButton, ErrorView, Field, MaskedValue};
use crate::pages::project::ScopedProject;
use api_types::{
    validate_cidr, validate_password, validate_username, whitelist_entries, AclOperation,
    AclPattern, AclResource, CreateKafkaUser, KafkaAcl, KafkaUser, UpdateKafkaUser,
};
use leptos::prelude::*;

/// What the users card shows besides the list.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    Edit(KafkaUser),
    Delete(KafkaUser),
}

/// The connection card and the users card.
#[component]
pub fn KafkaAccessTab() -> impl IntoView {
    let api = expect_api();
    let scoped = expect_context::<ScopedProject>().0;
    let id = scoped.with_untracked(|p| p.id.clone());
    let access = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            let signal = abort_on_cleanup();
            async move { api.kafka_access(&id, signal.as_ref()).await }
        }
    });
    view! {
        <div class="stack">
            <section class="card" aria-labelledby="connection-title">
                <h2 class="card__title" id="connection-title">"Connection"</h2>
                <Suspense fallback=|| view! { <p class="loading-line" role="status">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match access.await {
                            Ok(a) => view! {
                                <dl class="facts">
                                    <dt>"Bootstrap servers"</dt>
                                    <dd><MaskedValue value=a.bootstrap_servers.clone() what="Kafka bootstrap servers"/></dd>
                                    <dt>"Ports"</dt>
                                    <dd>
                                        <code>{a.sasl_port}</code>" for SASL connections; "
                                        <code>{a.ssl_port}</code>" for SSL connections."
                                    </dd>
                                    <dt>"Security protocol"</dt>
                                    <dd><code>{a.security_protocol.clone()}</code></dd>
                                    <dt>"SASL mechanism"</dt>
                                    <dd><code>{a.sasl_mechanism.clone()}</code></dd>
                                    <dt>"Proxy endpoint"</dt>
                                    <dd class="facts__copyable">
                                        <code>{a.kafka_proxy_endpoint.clone()}</code>
                                        <CopyButton text=a.kafka_proxy_endpoint.clone() what="proxy endpoint"/>
                                    </dd>
                                </dl>
                                <p class="card__text">
                                    "Treat the broker addresses as sensitive. Clients sign in with a Kafka user below."
                                </p>
                            }.into_any(),
                            Err(error) => view! { <ErrorView error=error on_retry=move || access.refetch()/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <KafkaUsers/>
        </div>
    }
}

/// The users: search, list, and the form or confirmation in use.
#[component]
fn KafkaUsers() -> impl IntoView {
    let api = expect_api();
    let scoped = expect_context::<ScopedProject>().0;
    let id = scoped.with_untracked(|p| p.id.clone());
    let blocked = super::blocked(api_types::Change::Access);
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
    let failure = RwSignal::new(None::<String>);
    let done = Callback::new(move |()| {
        editing.try_set(Editing::Nothing);
        reload();
        focus_later("users-title");
    });
    // Opening what is already open keeps what was typed in it.
    let open = move |what: Editing| {
        if editing.with_untracked(|e| *e != what) {
            editing.set(what);
        }
    };
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
            {move || match editing.get() {
                Editing::Nothing => ().into_any(),
                Editing::New => view! { <UserForm user=None done=done/> }.into_any(),
                Editing::Edit(user) => view! { <UserForm user=Some(user) done=done/> }.into_any(),
                Editing::Delete(user) => {
                    let confirm = confirm_delete.clone();
                    let target = user.clone();
                    view! {
                        <div
                            class="confirm"
                            role="alertdialog"
                            aria-labelledby="confirm-user-title"
                            data-testid="confirm-user"
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Escape" {
                                    editing.set(Editing::Nothing);
                                    focus_later("users-title");
                                }
                            }
                        >
                            <p class="confirm__title" id="confirm-user-title">
                                {format!("Delete the Kafka user \u{201c}{}\u{201d}?", user.username)}
                            </p>
                            <p class="confirm__text">"Clients signed in as this user lose access at once. This cannot be undone."</p>
                            <div class="form__actions">
                                <button type="button" class="button button--danger" id="confirm-user-action" on:click=move |_| confirm(target.clone())>
                                    "Delete user"
                                </button>
                                <button type="button" class="button" on:click=move |_| { editing.set(Editing::Nothing); focus_later("users-title"); }>"Cancel"</button>
                            </div>
                        </div>
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
                        Ok(list) => view! { <UserTable users=list search=search open=Callback::new(open) blocked=blocked/> }.into_any(),
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
    view! {
        <p class="visually-hidden" role="status">
            {move || {
                let n = shown.with(Vec::len);
                if n == total { String::new() } else { format!("{n} of {total} Kafka users match.") }
            }}
        </p>
        {move || {
            let rows = shown.get();
            if rows.is_empty() {
                return view! { <p class="empty-line" data-testid="users-no-match">"No Kafka user matches this search."</p> }.into_any();
            }
            view! {
                <div class="table-wrap">
                    <table class="table table--auto" data-testid="users-table">
                        <caption class="visually-hidden">"Kafka users of this project"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Username"</th>
                                <th scope="col">"Allowed IPs"</th>
                                <th scope="col">"ACLs"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|u| {
                                let ips = whitelist_entries(&u.whitelist_ips).join(", ");
                                let ips = if ips.is_empty() { "Any IP".to_string() } else { ips };
                                let acls = if u.acls.is_empty() {
                                    "No ACLs: no access".to_string()
                                } else {
                                    u.acls.iter().map(KafkaAcl::summary).collect::<Vec<_>>().join("; ")
                                };
                                let (for_edit, for_delete) = (u.clone(), u.clone());
                                view! {
                                    <tr data-testid="user-row">
                                        <th scope="row" class="table__name"><code>{u.username.clone()}</code></th>
                                        <td data-label="Allowed IPs">{ips}</td>
                                        <td data-label="ACLs">{acls}</td>
                                        <td data-label="Actions" class="table__actions">
                                            <button type="button" class="button button--small"
                                                aria-label=format!("Edit {}", u.username)
                                                prop:disabled=move || blocked.with(Option::is_some)
                                                on:click=move |_| { open.run(Editing::Edit(for_edit.clone())); focus_later("kafka-password"); }>"Edit"</button>
                                            <button type="button" class="button button--small button--danger"
                                                aria-label=format!("Delete {}", u.username)
                                                prop:disabled=move || blocked.with(Option::is_some)
                                                on:click=move |_| { open.run(Editing::Delete(for_delete.clone())); focus_later("confirm-user-action"); }>"Delete"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// A random password of 24 characters from the browser's secure random
/// source; `None` if the browser offers none.
fn generate_password() -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";
    let crypto = web_sys::window()?.crypto().ok()?;
    // 256 is not a multiple of the alphabet's 61 letters: drawing with a
    // modulo would favour some; values at or above 244 are drawn again.
    let mut out = String::new();
    while out.len() < 24 {
        let mut bytes = [0u8; 32];
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        for b in bytes.into_iter().filter(|b| *b < 244) {
            if out.len() < 24 {
                out.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    Some(out)
}

/// Create (no user) or edit (a user) form.
#[component]
fn UserForm(user: Option<KafkaUser>, done: Callback<()>) -> impl IntoView {
    let api = expect_api();
    let id = expect_context::<ScopedProject>()
        .0
        .with_untracked(|p| p.id.clone());
    let editing = user.clone();
    let username = RwSignal::new(
        user.as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    let ips: RwSignal<Vec<String>> = RwSignal::new(
        user.as_ref()
            .map(|u| {
                whitelist_entries(&u.whitelist_ips)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    );
    let acls = RwSignal::new(user.as_ref().map(|u| u.acls.clone()).unwrap_or_default());
    let ips_draft = RwSignal::new(String::new());
    let blocked = super::blocked(api_types::Change::Access);
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // A change to the allowed IPs answers their last error.
    Effect::new(move |first: Option<()>| {
        ips.track();
        if first.is_some() {
            errors.update(|e| e.retain(|(f, _)| f != "whitelist_ips"));
        }
    });
    let is_edit = editing.is_some();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let mut found = Vec::new();
        let name = username.get_untracked();
        let pw = password.get_untracked();
        if !is_edit {
            if let Err(e) = validate_username(&name) {
                found.push(("username".to_string(), e.message));
            }
        }
        if !is_edit || !pw.is_empty() {
            if let Err(e) = validate_password(&pw) {
                found.push(("password".to_string(), e.message));
            }
        }
        // An entry still in the box counts: added if valid, refused if not,
        // never silently dropped.
        let mut list = ips.get_untracked();
        match add_cidrs(&ips_draft.get_untracked(), &mut list) {
            Ok(_) => ips_draft.set(String::new()),
            Err((_, message)) => found.push(("whitelist_ips".to_string(), message)),
        }
        if list != ips.get_untracked() {
            ips.set(list);
        }
        let whitelist = ips.get_untracked().join(",");
        if let Err(e) = api_types::validate_whitelist(&whitelist) {
            found.push(("whitelist_ips".to_string(), e.message));
        }
        if let Err(e) = api_types::validate_acls(&acls.get_untracked()) {
            found.push(("acls".to_string(), e.message));
        }
        if !found.is_empty() {
            focus_field(&found[0].0);
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let id = id.clone();
        let acl_list = acls.get_untracked();
        leptos::task::spawn_local(async move {
            let result = if is_edit {
                let body = UpdateKafkaUser {
                    password: (!pw.is_empty()).then_some(pw),
                    whitelist_ips: Some(whitelist),
                    acls: Some(acl_list),
                };
                api.update_kafka_user(&id, &name, &body).await
            } else {
                let body = CreateKafkaUser {
                    username: name,
                    password: pw,
                    whitelist_ips: whitelist,
                    acls: acl_list,
                };
                api.create_kafka_user(&id, &body).await
            };
            saving.try_set(false);
            match result {
                Ok(_) => {
                    done.try_run(());
                }
                Err(ApiError::Validation {
                    field: Some(field),
                    message,
                }) => {
                    focus_field(&field);
                    errors.try_set(vec![(field, message)]);
                }
                // A taken username; an UNAVAILABLE project is said as such.
                Err(ApiError::Conflict(message))
                    if !is_edit && blocked.with_untracked(Option::is_none) =>
                {
                    focus_field("username");
                    errors.try_set(vec![("username".into(), message)]);
                }
                Err(e) => {
                    failure.try_set(Some(e.sentence()));
                }
            }
        });
    };
    let title = match &editing {
        Some(u) => format!("Edit {}", u.username),
        None => "New Kafka user".to_string(),
    };
    view! {
        <form class="form form--panel" on:submit=on_submit novalidate data-testid="user-form" aria-labelledby="user-form-title">
            <h3 class="form__title" id="user-form-title">{title}</h3>
            <Field
                id="kafka-username"
                label="Username"
                hint=Signal::stored(if is_edit { "A username cannot change." } else { "3 to 24 characters: lowercase letters, digits and dashes. It cannot change later." }.to_string())
                error=Signal::derive(error_of(errors, "username"))
                alert=true
                let:aria
            >
                <input id=aria.id aria-invalid=aria.invalid aria-describedby=aria.described_by
                    class="input" type="text" autocomplete="off" spellcheck="false"
                    prop:value=move || username.get()
                    readonly=is_edit
                    on:input=move |ev| username.set(event_target_value(&ev))/>
            </Field>
            <div class="field">
                <label class="field__label" for="kafka-password">{if is_edit { "New password" } else { "Password" }}</label>
                <p class="field__hint" id="kafka-password-hint">
                    {if is_edit { "Leave empty to keep the current one. 12 to 128 characters." } else { "12 to 128 characters. It is not shown again after you save." }}
                </p>
                <div class="input-row">
                    <input id="kafka-password" class="input" autocomplete="new-password" spellcheck="false"
                        type=move || if show_password.get() { "text" } else { "password" }
                        aria-describedby="kafka-password-hint kafka-password-error"
                        aria-invalid=move || error_of(errors, "password")().is_some().to_string()
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                    <button type="button" class="button" on:click=move |_| show_password.update(|s| *s = !*s)
                        aria-pressed=move || show_password.get().to_string()>
                        {move || if show_password.get() { "Hide" } else { "Show" }}
                    </button>
                    <button type="button" class="button" on:click=move |_| match generate_password() {
                        Some(generated) => {
                            password.set(generated);
                            show_password.set(true);
                            errors.update(|e| e.retain(|(f, _)| f != "password"));
                        }
                        None => errors.update(|e| e.push(("password".into(), "This browser cannot generate a secure password: type one.".into()))),
                    }>
                        "Generate"
                    </button>
                </div>
                {move || (show_password.get() && !password.with(String::is_empty)).then(|| view! {
                    <p class="field__hint">
                        "Copy the password now: it cannot be read again after you save. "
                        <CopyButton text=password.get() what="password"/>
                    </p>
                })}
                <p class="field__error" id="kafka-password-error" role="alert">{error_of(errors, "password")}</p>
            </div>
            <CidrInput entries=ips draft=ips_draft error=Signal::derive(error_of(errors, "whitelist_ips"))/>
            <AclEditor acls=acls error=Signal::derive(error_of(errors, "acls"))/>
            <p class="notice notice--error" role="alert" hidden=move || failure.with(Option::is_none)>{move || failure.get()}</p>
            <div class="form__actions">
                <button type="submit" class="button button--primary" prop:disabled=move || saving.get()>
                    {move || match (saving.get(), is_edit) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Create user",
                    }}
                </button>
                <button type="button" class="button" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// Adds the comma-separated CIDR entries of `text` to `entries`, skipping
/// ones already there, up to the first that is not a CIDR. Answers how many
/// were read, or that entry and why it was refused.
fn add_cidrs(text: &str, entries: &mut Vec<String>) -> Result<usize, (String, String)> {
    let mut read = 0;
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        validate_cidr(entry).map_err(|message| (entry.to_string(), message))?;
        if !entries.iter().any(|e| e == entry) {
            entries.push(entry.to_string());
        }
        read += 1;
    }
    Ok(read)
}

/// Allowed IPs as CIDR entries, each added with Enter or a comma. Empty
/// means any IP.
#[component]
pub fn CidrInput(
    /// The entries.
    entries: RwSignal<Vec<String>>,
    /// What is typed and not added yet; the form checks it on save.
    #[prop(optional)]
    draft: Option<RwSignal<String>>,
    /// An error from the last save.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let draft = draft.unwrap_or_else(|| RwSignal::new(String::new()));
    let local_error = RwSignal::new(None::<String>);
    let add = move || {
        let text = draft.get_untracked();
        let mut list = entries.get_untracked();
        let outcome = add_cidrs(&text, &mut list);
        if list != entries.get_untracked() {
            entries.set(list);
        }
        match outcome {
            Ok(added) if added > 0 || text.trim().is_empty() => {
                local_error.set(None);
                draft.set(String::new());
            }
            Ok(_) => {}
            Err((entry, message)) => {
                local_error.set(Some(message));
                // Keep what could not be added, to be corrected.
                draft.set(entry);
            }
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == "," {
            ev.prevent_default();
            add();
        }
    };
    let shown_error = move || local_error.get().or_else(|| error.get());
    view! {
        <div class="field" data-testid="cidr-input">
            <label class="field__label" for="kafka-ips">"Allowed IPs"</label>
            <p class="field__hint" id="kafka-ips-hint">
                "CIDR entries such as 203.0.113.0/24 or 2001:db8::/32; press Enter or type a comma to add one. With none, any IP may connect."
            </p>
            <ul class="chips" aria-label="Allowed IPs added">
                {move || entries.get().into_iter().map(|entry| {
                    let gone = entry.clone();
                    view! {
                        <li class="chip" data-testid="cidr-chip">
                            <code>{entry.clone()}</code>
                            <button type="button" class="chip__remove" aria-label=format!("Remove {entry}")
                                on:click=move |_| entries.update(|l| l.retain(|e| *e != gone))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <input id="kafka-ips" class="input" type="text" autocomplete="off" spellcheck="false"
                placeholder="203.0.113.0/24"
                aria-describedby="kafka-ips-hint kafka-ips-error"
                aria-invalid=move || shown_error().is_some().to_string()
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown
                on:blur=move |_| add()/>
            <p class="field__error" id="kafka-ips-error" role="alert">{shown_error}</p>
        </div>
    }
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

/// Focuses the input of a field named as the API names it.
fn focus_field(field: &str) {
    match field {
        "username" => focus_later("kafka-username"),
        "password" => focus_later("kafka-password"),
        "whitelist_ips" => focus_later("kafka-ips"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::add_cidrs;

    #[test]
    fn cidr_entries_are_added_once_up_to_the_first_refused() {
        let mut entries = vec!["10.0.0.0/8".to_string()];
        assert_eq!(
            add_cidrs(" 203.0.113.0/24, 10.0.0.0/8 ,", &mut entries),
            Ok(2)
        );
        assert_eq!(entries, ["10.0.0.0/8", "203.0.113.0/24"]);
        let refused =
            add_cidrs("2001:db8::/32, 203.0.113.7, 192.0.2.0/24", &mut entries).unwrap_err();
        assert_eq!(refused.0, "203.0.113.7");
        assert!(refused.1.contains("CIDR"), "{}", refused.1);
        assert_eq!(entries, ["10.0.0.0/8", "203.0.113.0/24", "2001:db8::/32"]);
        assert_eq!(add_cidrs(" , ", &mut entries), Ok(0));
    }
}
