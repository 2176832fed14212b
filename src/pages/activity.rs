//! The activity log: a project's (`/projects/:id/activity`, for its
//! members) or the organisation's (`/organisation/activity`, for
//! organisation admins). Filters and the page are in the URL, so that a
//! reload, Back or a shared link shows the same entries; the filters also
//! choose what the CSV file holds.

use crate::api::{abort_on_cleanup, expect_api, ApiError};
use crate::components::list::{page_links, PageCounts};
use crate::components::ErrorView;
use crate::format;
use crate::state::{expect_open_project, expect_session};
use api_types::{
    ActivityAction, ActivityEntry, ActivityQuery, ActorKind, FieldChange, ListResponse, ProjectId,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// `/projects/:id/activity`: the open project's log.
#[component]
pub fn ProjectActivity() -> impl IntoView {
    let project = expect_open_project();
    let (id, name) = project.with_untracked(|p| (p.id.clone(), p.name.clone()));
    view! {
        <ActivityLog
            project=Some(id)
            eyebrow=name
            lead="Every change made to this project, newest first: who made it, from where, and what changed. Secrets and passwords are never recorded."
        />
    }
}

/// `/organisation/activity`: every project's log and the organisation's
/// own changes (members, requests), for organisation admins.
#[component]
pub fn OrganisationActivity() -> impl IntoView {
    if !expect_session()
        .me()
        .is_some_and(|me| me.organisation_admin)
    {
        return view! {
            <section class="page page--narrow" data-testid="organisation-only">
                <h1 class="page__title">"Activity"</h1>
                <p class="notice notice--error" role="alert">
                    "Only organisation admins can read the whole organisation's activity. Each project you can open has its own, under Activity in its pages."
                </p>
            </section>
        }
        .into_any();
    }
    view! {
        <ActivityLog
            project=None
            eyebrow="Organisation".to_string()
            lead="Every change in the organisation, newest first: to projects, their tokens and Kafka users, members and their roles, and project requests."
        />
    }
    .into_any()
}

/// Reads the URL's query, leaving out a value that is not understood (a
/// mistyped link still shows the log, without that filter).
pub fn query_of(pairs: &[(String, String)]) -> ActivityQuery {
    let mut query = ActivityQuery::default();
    for (key, value) in pairs {
        if let Ok(one) = ActivityQuery::from_pairs([(key.as_str(), value.as_str())]) {
            match key.as_str() {
                "page" => query.page = one.page,
                "actor" => query.actor = one.actor,
                "action" => query.action = one.action,
                "from" => query.from = one.from,
                "to" => query.to = one.to,
                _ => {}
            }
        }
    }
    query
}

/// A field's name in words.
pub fn field_label(field: &str) -> String {
    match field {
        "name" => "Name",
        "description" => "Description",
        "role" => "Role",
        "expires_at" => "Expires",
        "secret" => "Secret",
        "password" => "Password",
        "whitelist_ips" => "Allowed IPs",
        "acls" => "ACLs",
        "state" => "State",
        "reason" => "Reason",
        "environment" => "Environment",
        "region" => "Region",
        "admin" => "Admin",
        "email" => "Email",
        "organisation_admin" => "Organisation admin",
        "support" => "Support",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// One change in words: `Name: Old → New`, or, for a secret or a
/// password, only that it changed.
pub fn change_text(change: &FieldChange) -> String {
    let field = field_label(&change.field);
    match (&change.from, &change.to) {
        (Some(from), Some(to)) => format!("{field}: {from} → {to}"),
        (None, Some(to)) => format!("{field}: {to}"),
        (Some(from), None) => format!("{field}: {from} → (none)"),
        (None, None) => format!("{field} changed (not recorded)"),
    }
}

/// The log's page: filters, entries, paging and the CSV file.
#[component]
fn ActivityLog(
    /// The project whose log this is; none for the organisation's.
    project: Option<ProjectId>,
    /// What the title stands under.
    eyebrow: String,
    /// What the page holds.
    lead: &'static str,
) -> impl IntoView {
    let api = expect_api();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| {
            let pairs: Vec<(String, String)> = ["page", "actor", "action", "from", "to"]
                .iter()
                .filter_map(|k| q.get(k).map(|v| (k.to_string(), v)))
                .collect();
            query_of(&pairs)
        })
    });
    let for_fetch = project.clone();
    let version = RwSignal::new(0u32);
    let entries = LocalResource::new(move || {
        version.track();
        let query = query.get();
        let project = for_fetch.clone();
        let signal = abort_on_cleanup();
        async move {
            api.activity(project.as_ref(), &query, signal.as_ref())
                .await
        }
    });
    let show_project = project.is_none();
    let retry = move || version.update(|v| *v += 1);
    let export_project = project.clone();
    view! {
        <section class="page" aria-labelledby="activity-title" data-testid="activity">
            <header class="page__header">
                <div>
                    <p class="page__eyebrow">{eyebrow}</p>
                    <h1 class="page__title" id="activity-title" tabindex="-1">"Activity"</h1>
                    <p class="page__lead">{lead}</p>
                </div>
                <ExportButton project=export_project query=query/>
            </header>
            <Filters query=query/>
            <Transition fallback=|| view! { <p class="loading-line" role="status">"Loading the activity…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(page) => view! { <Entries page=page query=query.get_untracked() show_project=show_project/> }.into_any(),
                        Err(ApiError::Aborted) => ().into_any(),
                        Err(error) => view! { <ErrorView error=error on_retry=retry/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The filters: who, what, and between which days. Applying them (Enter
/// or the button) puts them in the URL and shows their first page.
#[component]
fn Filters(query: Memo<ActivityQuery>) -> impl IntoView {
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let range_error = RwSignal::new(None::<String>);
    // The boxes follow the URL: Back, a link, or Clear.
    Effect::new(move |_| {
        let q = query.get();
        actor.set(q.actor.clone());
        action.set(q.action.map(|a| a.as_str().to_string()).unwrap_or_default());
        from.set(q.from.map(api_types::day_text).unwrap_or_default());
        to.set(q.to.map(api_types::day_text).unwrap_or_default());
        range_error.set(None);
    });
    let go = {
        let navigate = navigate.clone();
        move |q: ActivityQuery| {
            let search = q.to_query_string();
            let path = pathname.get_untracked();
            let target = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            navigate(&target, Default::default());
        }
    };
    let apply = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let pairs = [
                ("actor", actor.get_untracked()),
                ("action", action.get_untracked()),
                ("from", from.get_untracked()),
                ("to", to.get_untracked()),
            ];
            let q = query_of(
                &pairs
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_string(), v))
                    .collect::<Vec<_>>(),
            );
            if q.reversed() {
                range_error.set(Some("Choose a day on or after the first day.".into()));
                crate::components::focus_id("activity-to");
                return;
            }
            range_error.set(None);
            go(q);
        }
    };
    let clear = move |_| go(ActivityQuery::default());
    view! {
        <form class="filters" role="search" aria-label="Filter the activity" on:submit=apply novalidate=true>
            <div class="field">
                <label class="field__label" for="activity-actor">"Who"</label>
                <input
                    id="activity-actor"
                    class="input"
                    type="search"
                    maxlength="100"
                    placeholder="Name, email or token"
                    autocomplete="off"
                    prop:value=move || actor.get()
                    on:input=move |ev| actor.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="field__label" for="activity-action">"What"</label>
                <select
                    id="activity-action"
                    class="input"
                    prop:value=move || action.get()
                    on:change=move |ev| action.set(event_target_value(&ev))
                >
                    <option value="">"Every change"</option>
                    {ActivityAction::ALL
                        .into_iter()
                        .map(|a| view! { <option value=a.as_str()>{a.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="activity-from">"From"</label>
                <input
                    id="activity-from"
                    class="input"
                    type="date"
                    prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="field__label" for="activity-to">"To"</label>
                <input
                    id="activity-to"
                    class="input"
                    type="date"
                    aria-invalid=move || range_error.with(Option::is_some).to_string()
                    aria-describedby="activity-to-error"
                    prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev))
                />
                <p class="field__error" id="activity-to-error" role="alert">{move || range_error.get()}</p>
            </div>
            <div class="filters__actions">
                <button type="submit" class="button button--primary">"Apply"</button>
                {move || query.with(ActivityQuery::filtered).then(|| {
                    let clear = clear.clone();
                    view! { <button type="button" class="button" on:click=clear>"Clear filters"</button> }
                })}
            </div>
        </form>
    }
}

/// The entries of a page, with paging; or what to say when there are none.
#[component]
fn Entries(
    mut page: ListResponse<ActivityEntry>,
    query: ActivityQuery,
    show_project: bool,
) -> impl IntoView {
    let pathname = use_location().pathname.get_untracked();
    if page.result.is_empty() {
        let text = if query.filtered() {
            "No change matches these filters."
        } else if page.page > 1 {
            "No change on this page."
        } else if show_project {
            "Nothing has changed in the organisation yet."
        } else {
            "Nothing has changed in this project yet. Renames, API tokens, Kafka users and role changes will appear here, with who made them."
        };
        return view! { <p class="empty-line" data-testid="activity-empty">{text}</p> }.into_any();
    }
    let counts = PageCounts::of(&page);
    let summary = counts.summary("change", "changes");
    let body = NodeRef::<leptos::html::Tbody>::new();
    let entries = StoredValue::new(std::mem::take(&mut page.result));
    Effect::new(move |_| {
        if let Some(body) = body.get() {
            body.set_text_content(None);
            entries.with_value(|e| draw_rows(&body, e, show_project));
        }
    });
    let href = move |n: u32| {
        let q = ActivityQuery {
            page: n,
            ..query.clone()
        };
        format!("{pathname}?{}", q.to_query_string())
    };
    let pager = (counts.pages > 1).then(|| {
        page_links(
            "Pages of the activity",
            page.page,
            page.has_next,
            format!("Page {} of {}", page.page, counts.pages),
            href,
        )
    });
    view! {
        <p class="page__count" data-testid="activity-count">{summary}</p>
        <div class="table-wrap">
            <table class="table table--auto activity" data-testid="activity-table">
                <caption class="visually-hidden">"Changes, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        {show_project.then(|| view! { <th scope="col">"Project"</th> })}
                        <th scope="col">"Changes"</th>
                        <th scope="col">"From"</th>
                    </tr>
                </thead>
                <tbody node_ref=body></tbody>
            </table>
        </div>
        {pager}
    }
    .into_any()
}

/// Draws the rows of `entries` into `body`, with text nodes and attributes
/// only (never markup from the data). The rows are static, so they are
/// built with a few DOM calls rather than by the view macros, whose
/// generic code for a row this size weighs several kilobytes.
pub fn draw_rows(
    body: &web_sys::Element,
    entries: &[ActivityEntry],
    show_project: bool,
) -> Option<()> {
    let doc = body.owner_document()?;
    let el = |tag: &str, class: &str, text: Option<&str>| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if let Some(text) = text {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let add = |parent: &web_sys::Element, child: web_sys::Element| -> Option<()> {
        parent.append_child(&child).ok().map(|_| ())
    };
    let cell = |tag: &str, label: &str| -> Option<web_sys::Element> {
        let c = el(tag, "", None)?;
        c.set_attribute("data-label", label).ok()?;
        Some(c)
    };
    for entry in entries {
        let row = el("tr", "", None)?;
        row.set_attribute("data-testid", "activity-entry").ok()?;

        let when = cell("td", "When")?;
        let time = el("time", "", Some(&format::local_date_time(&entry.at)))?;
        let iso = format::iso_timestamp(&entry.at);
        time.set_attribute("datetime", &iso).ok()?;
        time.set_attribute("title", &iso).ok()?;
        when.append_child(&time).ok()?;
        row.append_child(&when).ok()?;

        let who = cell("th", "Who")?;
        who.set_attribute("scope", "row").ok()?;
        add(&who, el("span", "activity__who", Some(&entry.actor.name))?)?;
        let detail = entry.actor.detail.clone().unwrap_or_default();
        let detail = match entry.actor.kind {
            ActorKind::User => detail,
            ActorKind::Token => format!("API token {detail}"),
            ActorKind::Operator => "Server command".to_string(),
        };
        add(&who, el("span", "activity__detail", Some(&detail))?)?;
        row.append_child(&who).ok()?;

        let what = cell("td", "What")?;
        add(
            &what,
            el("span", "activity__action", Some(entry.action.label()))?,
        )?;
        if let Some(target) = &entry.target {
            add(&what, el("span", "activity__detail", Some(target))?)?;
        }
        row.append_child(&what).ok()?;

        if show_project {
            let project = cell("td", "Project")?;
            match &entry.project {
                Some(p) => {
                    let link = el("a", "", Some(&p.name))?;
                    link.set_attribute(
                        "href",
                        &crate::routes::project_page(&p.id, crate::routes::ProjectPage::Activity),
                    )
                    .ok()?;
                    project.append_child(&link).ok()?;
                }
                None => {
                    add(&project, el("span", "muted", Some("Organisation"))?)?;
                }
            }
            row.append_child(&project).ok()?;
        }

        let changes = cell("td", "Changes")?;
        let list = el("ul", "activity__changes", None)?;
        for change in &entry.changes {
            add(&list, el("li", "", Some(&change_text(change)))?)?;
        }
        changes.append_child(&list).ok()?;
        row.append_child(&changes).ok()?;

        let from = entry.address.as_deref().unwrap_or("—");
        let from_cell = cell("td", "From")?;
        from_cell.set_text_content(Some(from));
        add(&row, from_cell)?;
        body.append_child(&row).ok()?;
    }
    Some(())
}

/// Downloads every entry matching the filters as a CSV file.
#[component]
fn ExportButton(project: Option<ProjectId>, query: Memo<ActivityQuery>) -> impl IntoView {
    let api = expect_api();
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let project = StoredValue::new(project);
    let export = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        let q = query.get_untracked();
        let project = project.get_value();
        leptos::task::spawn_local(async move {
            let result = api.activity_csv(project.as_ref(), &q).await;
            let name = match &project {
                Some(id) => format!("activity-{id}.csv"),
                None => "activity.csv".to_string(),
            };
            let said = match result {
                Ok(text) => {
                    let rows = text.lines().count().saturating_sub(1) as u64;
                    if crate::components::download_file(&name, "text/csv;charset=utf-8", &text) {
                        format!("Downloaded {}.", format::count(rows, "change", "changes"))
                    } else {
                        "The browser did not let the file be saved.".to_string()
                    }
                }
                Err(e) => format!("The file could not be made. {}", e.sentence()),
            };
            status.try_set(Some(said));
            busy.try_set(false);
        });
    };
    view! {
        <div class="page__actions">
            <button type="button" class="button" prop:disabled=busy on:click=export data-testid="activity-export">
                {move || if busy.get() { "Preparing…" } else { "Download CSV" }}
            </button>
            <p class="form__status" role="status">{move || status.get()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_link_keeps_what_it_can() {
        let pairs = [
            ("page", "2"),
            ("actor", "ana"),
            ("action", "nope"),
            ("from", "2026-13-40"),
            ("to", "2026-02-01"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        let q = query_of(&pairs);
        assert_eq!(q.page, 2);
        assert_eq!(q.actor, "ana");
        assert_eq!(q.action, None);
        assert_eq!(q.from, None);
        assert_eq!(q.to.map(api_types::day_text).as_deref(), Some("2026-02-01"));
    }

    #[test]
    fn changes_read_as_sentences_and_never_show_a_secret() {
        let c = |f: &str, a: Option<&str>, b: Option<&str>| {
            change_text(&FieldChange::new(f, a.map(Into::into), b.map(Into::into)))
        };
        assert_eq!(c("name", Some("A"), Some("B")), "Name: A → B");
        assert_eq!(
            c("whitelist_ips", None, Some("any address")),
            "Allowed IPs: any address"
        );
        assert_eq!(c("password", None, None), "Password changed (not recorded)");
        assert_eq!(c("role", Some("Admin"), None), "Role: Admin → (none)");
        assert_eq!(c("some_field", None, Some("x")), "some field: x");
    }
}
