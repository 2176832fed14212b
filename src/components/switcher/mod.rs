//! Switching project: the selector in the top bar and the keyboard quick
//! switcher (Ctrl+K / Cmd+K) open the same searchable list.

use crate::api::{expect_api, latest_request, ApiError};
use crate::components::LazyPage;
use crate::routes;
use crate::state::storage::{self, RecentProject};
use api_types::{ListResponse, ProjectId, ProjectListQuery, ProjectSummary};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

mod targets;

pub use targets::{active_index, merge_targets, move_active, step, SwitchTarget};

/// How many matches the switcher lists.
const MATCHES: u32 = 20;

/// Whether the switcher is open; provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct SwitcherOpen(pub RwSignal<bool>);

/// Provides the switcher's open state, closed; called once by the app.
pub fn provide_switcher_open() {
    provide_context(SwitcherOpen(RwSignal::new(false)));
}

/// Whether the switcher is open, as the app provides it.
pub fn expect_switcher_open() -> RwSignal<bool> {
    expect_context::<SwitcherOpen>().0
}

/// The keyboard shortcut and the dialog; mounted once in the shell.
#[component]
pub fn QuickSwitcher() -> impl IntoView {
    let open = expect_switcher_open();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            open.update(|o| *o = !*o);
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || open.get()>
            <SwitcherDialog/>
        </Show>
    }
}

/// What the dialog's frame, in the first module, shares with its search and
/// options, which arrive with the live updates' chunk: the field's text,
/// an Enter that waits for the search, the option moved to, and how the
/// options answer the keys once they are here.
#[derive(Clone, Copy)]
pub struct SwitcherField {
    /// What is typed.
    pub query: RwSignal<String>,
    /// The text Enter was pressed for before the search had answered it.
    pub pending_enter: RwSignal<Option<String>>,
    /// The option moved to with the arrows or the pointer, by project, so
    /// that it stays highlighted when the list around it changes.
    pub chosen: RwSignal<Option<ProjectId>>,
    /// The id of the option the arrows are on, for the field's
    /// `aria-activedescendant`.
    pub active_option: RwSignal<Option<String>>,
    /// The keys the options handle (arrows, Enter), once they are here.
    pub keys: RwSignal<Option<Callback<leptos::ev::KeyboardEvent>>>,
    /// What the dialog says under its options, once they are here.
    pub status: RwSignal<&'static str>,
}

/// The dialog: its field takes typing, Enter and Esc at once; the search
/// and the options come from a chunk (usually fetched already, with the
/// live updates), and what was typed meanwhile is searched when it does.
#[component]
fn SwitcherDialog() -> impl IntoView {
    let open = expect_switcher_open();
    let field = SwitcherField {
        query: RwSignal::new(String::new()),
        pending_enter: RwSignal::new(None),
        chosen: RwSignal::new(None),
        active_option: RwSignal::new(None),
        keys: RwSignal::new(None),
        status: RwSignal::new(""),
    };
    provide_context(field);
    // A switch lands in a project, on its dashboard from outside one: their
    // chunks start arriving while the name is typed.
    crate::pages::lazy::prefetch_project_opening();
    let failed = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    hold_focus(input);

    let close = move || open.set(false);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        // The dialog is modal: focus stays in its one field.
        "Tab" => ev.prevent_default(),
        _ => match field.keys.get_untracked() {
            Some(keys) => {
                keys.try_run(ev);
            }
            None if ev.key() == "Enter" => {
                ev.prevent_default();
                field
                    .pending_enter
                    .set(Some(field.query.with_untracked(|q| q.trim().to_string())));
            }
            None => {}
        },
    };

    view! {
        <div class="switcher__backdrop" on:click=move |_| close()></div>
        <div
            class="switcher"
            role="dialog"
            aria-modal="true"
            aria-labelledby="switcher-title"
            data-testid="quick-switcher"
        >
            <h2 class="switcher__title" id="switcher-title">"Switch project"</h2>
            <input
                node_ref=input
                class="input switcher__input"
                type="text"
                role="combobox"
                aria-expanded=move || field.keys.with(Option::is_some).to_string()
                aria-controls=move || field.keys.with(Option::is_some).then_some("switcher-options")
                aria-autocomplete="list"
                aria-label="Project name"
                aria-activedescendant=move || field.active_option.get()
                placeholder="Type a project name"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || field.query.get()
                on:input=move |ev| {
                    field.query.set(event_target_value(&ev));
                    field.chosen.set(None);
                    field.pending_enter.set(None);
                }
                on:keydown=on_keydown
            />
            <LazyPage load=crate::pages::lazy::switcher quiet=true failed=failed/>
            // One live region, there from the start, so that a screen
            // reader follows it before and after the options arrive.
            <p class="switcher__status" role="status" aria-live="polite">
                {move || if field.keys.with(Option::is_some) {
                    field.status.get()
                } else if failed.get() {
                    "Could not load the search: check your connection, then close this (Esc) and open it again."
                } else {
                    status_line(false, true, field.pending_enter.with(Option::is_some), true)
                }}
            </p>
        </div>
    }
}

/// The dialog's search and options, from their chunk.
#[component]
pub fn SwitcherResults() -> impl IntoView {
    let SwitcherField {
        query,
        pending_enter,
        chosen,
        active_option,
        keys,
        status,
    } = expect_context::<SwitcherField>();
    let open = expect_switcher_open();
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let recent = storage::load_recent(&crate::state::expect_session().user_key());

    let typed = move || query.with(|q| q.trim().to_string());
    let (current_answer, targets) = search(query, recent);
    let searching = move || current_answer.with(Option::is_none);
    let failed = move || current_answer.with(|a| matches!(a, Some(Err(_))));
    let active = Memo::new(move |_| {
        targets.with(|t| chosen.with(|c| query.with(|q| active_index(q, t, c.as_ref()))))
    });
    Effect::new(move |_| {
        let id =
            (!targets.with(Vec::is_empty)).then(|| format!("switcher-option-{}", active.get()));
        active_option.set(id);
    });

    let pick = move |target: SwitchTarget| {
        if !crate::components::may_leave() {
            return;
        }
        // A project the user has no role on leads to asking for one.
        let href = if target.locked {
            routes::request_access(&target.id)
        } else {
            routes::switch_path(&pathname.get_untracked(), &target.id)
        };
        open.set(false);
        navigate(&href, NavigateOptions::default());
    };
    let on_pick = Callback::new(pick.clone());
    let pick_active = {
        let pick = pick.clone();
        move || {
            let list = targets.get_untracked();
            if let Some(t) = list.get(active.get_untracked()) {
                pick(t.clone());
            }
        }
    };
    // Enter pressed before the search answered what is typed (or before
    // this chunk arrived) acts once the answer for that text is in: the
    // options shown until then are only the recent projects, or those of
    // an older text.
    Effect::new({
        let pick_active = pick_active.clone();
        move |_| {
            let answered = current_answer.with(Option::is_some);
            if answered && pending_enter.with_untracked(Option::is_some) {
                let for_text = pending_enter.get_untracked();
                pending_enter.set(None);
                if for_text.as_deref() == Some(typed().as_str()) {
                    pick_active();
                }
            }
        }
    });
    let say = move || {
        status_line(
            failed(),
            searching(),
            pending_enter.with(Option::is_some),
            targets.with(Vec::is_empty),
        )
    };
    // Said at once, then kept up to date.
    status.set(untrack(say));
    Effect::new(move |_| status.set(say()));
    on_cleanup(move || {
        keys.try_set(None);
    });
    keys.set(Some(Callback::new(move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" | "Home" | "End" => {
                ev.prevent_default();
                let next = targets.with_untracked(|t| {
                    let to = move_active(active.get_untracked(), t.len(), &key);
                    t.get(to).map(|t| t.id.clone())
                });
                if next.is_some() {
                    chosen.set(next);
                }
            }
            "Enter" => {
                ev.prevent_default();
                if current_answer.with_untracked(Option::is_some) {
                    pick_active();
                } else {
                    pending_enter.set(Some(typed()));
                }
            }
            _ => {}
        }
    })));

    view! {
        <ul class="switcher__options" id="switcher-options" role="listbox" aria-label="Projects">
            {move || {
                targets
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, target)| view! {
                        <SwitcherOption index=index target=target active=active chosen=chosen on_pick=on_pick/>
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// What the dialog says under its options: how the search went, or how
/// to use it.
fn status_line(failed: bool, searching: bool, enter_waiting: bool, empty: bool) -> &'static str {
    match (failed, searching, enter_waiting, empty) {
        (true, ..) => "Could not search the server; showing recent projects.",
        (false, true, true, _) => "Searching… Enter switches as soon as it answers.",
        (false, true, false, _) => "Searching…",
        (false, false, _, true) => "No project matches.",
        _ => "\u{2191} \u{2193} to move, Enter to switch, Esc to close",
    }
}

/// The server's answer to a search, once it has arrived.
type Answer = Option<Result<ListResponse<ProjectSummary>, ApiError>>;

/// What is typed, answered by the server: the answer for the text typed now
/// (`None` until it arrives; an answer for older text is ignored), and the
/// projects offered, the recent ones first.
fn search(
    query: RwSignal<String>,
    recent: Vec<RecentProject>,
) -> (Memo<Answer>, Memo<Vec<SwitchTarget>>) {
    let api = expect_api();
    let index = crate::state::project_index::expect_project_index();
    let typed = move || query.with(|q| q.trim().to_string());
    let found = latest_request(typed, move |text: String, signal| {
        let q = ProjectListQuery {
            page_size: MATCHES,
            partial_name: ProjectListQuery::partial_name_from(&text),
            ..ProjectListQuery::default()
        };
        // The whole organisation in memory answers at once, without
        // asking the server on every keystroke.
        let local = index.fresh().map(|index| index.query(&q));
        async move {
            match local {
                Some(page) => Ok(page),
                None => api.list_projects(&q, signal.as_ref()).await,
            }
        }
    });
    // Only an answer for what is typed now counts; an older one is ignored.
    let current_answer = Memo::new(move |_| {
        found.with(|r| {
            r.as_ref()
                .filter(|(k, _)| *k == typed())
                .map(|(_, r)| r.clone())
        })
    });
    let targets = Memo::new(move |_| {
        let server: Vec<SwitchTarget> = match current_answer.get() {
            Some(Ok(list)) => list
                .result
                .iter()
                .map(|p| SwitchTarget {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    environment: p.environment.clone(),
                    state: Some(p.state),
                    place: place_of(p),
                    recent: false,
                    locked: p.locked(),
                })
                .collect(),
            _ => Vec::new(),
        };
        merge_targets(&query.get(), &recent, &server)
    });
    (current_answer, targets)
}

/// Where a project runs, as people name it with its code ("Frankfurt,
/// europe-west3"), when the user may see it.
fn place_of(p: &api_types::ProjectSummary) -> Option<String> {
    let (cloud, code) = (p.cloud?, p.region.as_deref()?);
    Some(match crate::format::region_place(cloud, code) {
        Some(place) => format!("{place}, {code}"),
        None => code.to_string(),
    })
}

/// Moves the focus into the dialog's field, and back where it was when the
/// dialog closes.
fn hold_focus(input: NodeRef<html::Input>) {
    let previous_focus = send_wrapper::SendWrapper::new(document().active_element());
    on_cleanup(move || {
        if let Some(el) = previous_focus.take() {
            if let Ok(el) = leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
}

/// One project offered by the switcher: its name, a lock when it cannot be
/// opened, its environment and state, and whether it was used recently.
#[component]
fn SwitcherOption(
    index: usize,
    target: SwitchTarget,
    /// The option the arrows or the pointer are on.
    active: Memo<usize>,
    /// The project of that option, once moved to.
    chosen: RwSignal<Option<ProjectId>>,
    on_pick: Callback<SwitchTarget>,
) -> impl IntoView {
    let picked = target.clone();
    let hovered = target.id.clone();
    let production = target.environment.is_production();
    // The project the user is in is that, not one they used "recently".
    let is_current = use_context::<crate::state::CurrentProject>().is_some_and(|current| {
        current
            .id
            .with_untracked(|c| c.as_ref() == Some(&target.id))
    });
    view! {
        <li
            id=format!("switcher-option-{index}")
            role="option"
            class="switcher__option"
            class:switcher__option--active=move || active.get() == index
            aria-selected=move || (active.get() == index).to_string()
            data-testid="switcher-option"
            on:mousemove=move |_| {
                if chosen.with_untracked(|c| c.as_ref() != Some(&hovered)) {
                    chosen.set(Some(hovered.clone()));
                }
            }
            on:click=move |_| on_pick.run(picked.clone())
        >
            <span class="switcher__name" title=target.name.clone()>
                {target.locked.then(crate::components::lock_icon)}
                {target.name.clone()}
            </span>
            {target.locked.then(|| view! { <span class="badge badge--locked">"No access"</span> })}
            <span class="badge badge--env" class:badge--production=production>
                {target.environment.as_str().to_string()}
            </span>
            {target.state.map(|s| view! { <span class="switcher__state">{s.as_str()}</span> })}
            {target.place.clone().map(|p| view! { <span class="switcher__place">{p}</span> })}
            {if is_current {
                Some(view! { <span class="switcher__recent">"current"</span> })
            } else {
                target.recent.then(|| view! { <span class="switcher__recent">"recent"</span> })
            }}
        </li>
    }
}
