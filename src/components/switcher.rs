//! Switching project: the selector in the top bar and the keyboard quick
//! switcher (Ctrl+K / Cmd+K) open the same searchable list.

use crate::api::{expect_api, latest_request};
use crate::routes;
use crate::state::storage::{self, RecentProject};
use api_types::{EnvironmentType, ProjectId, ProjectListQuery, ProjectState};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// How many matches the switcher lists.
const MATCHES: u32 = 20;

/// Whether the switcher is open; provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct SwitcherOpen(pub RwSignal<bool>);

/// One project the switcher offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchTarget {
    /// Its id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Its environment type.
    pub environment: EnvironmentType,
    /// Its state, when known (recent projects are remembered without it).
    pub state: Option<ProjectState>,
    /// Whether it comes from the recently used ones.
    pub recent: bool,
    /// Whether the user has no access to it: listed, but not a way in.
    pub locked: bool,
}

/// The list the switcher shows for `query`: recently used projects that
/// match come first, then the server's matches without repeats.
pub fn merge_targets(
    query: &str,
    recent: &[RecentProject],
    found: &[SwitchTarget],
) -> Vec<SwitchTarget> {
    let needle = query.trim().to_ascii_lowercase();
    let mut out: Vec<SwitchTarget> = recent
        .iter()
        .filter(|r| r.name.to_ascii_lowercase().contains(&needle))
        .map(|r| {
            let known = found.iter().find(|f| f.id == r.id);
            SwitchTarget {
                id: r.id.clone(),
                name: known
                    .map(|k| k.name.clone())
                    .unwrap_or_else(|| r.name.clone()),
                environment: r.environment.clone(),
                state: known.and_then(|k| k.state),
                recent: true,
                locked: known.is_some_and(|k| k.locked),
            }
        })
        .collect();
    for f in found {
        if !out.iter().any(|o| o.id == f.id) {
            out.push(f.clone());
        }
    }
    out
}

/// Which option is highlighted (and taken by Enter): the one the user moved
/// to, while it is listed; else the project named exactly as typed (a
/// recent one whose name merely contains the text comes first in the list,
/// but is not what was typed); else the first.
pub fn active_index(query: &str, targets: &[SwitchTarget], chosen: Option<&ProjectId>) -> usize {
    let typed = query.trim();
    chosen
        .and_then(|id| targets.iter().position(|t| &t.id == id))
        .or_else(|| {
            (!typed.is_empty())
                .then(|| {
                    targets
                        .iter()
                        .position(|t| t.name.eq_ignore_ascii_case(typed))
                })
                .flatten()
        })
        .unwrap_or(0)
}

/// The next active index after a key press among `len` options.
pub fn move_active(active: usize, len: usize, key: &str) -> usize {
    step(active, len, key, ("ArrowUp", "ArrowDown")).unwrap_or(active.min(len.saturating_sub(1)))
}

/// Where a key moves among `len` items that wrap around: `back` and
/// `forward` name the arrow keys (up and down for a list, left and right
/// for a row of tabs); Home and End go to the ends. `None` for other keys.
pub fn step(active: usize, len: usize, key: &str, (back, forward): (&str, &str)) -> Option<usize> {
    if len == 0 {
        return Some(0);
    }
    match key {
        k if k == forward => Some((active + 1) % len),
        k if k == back => Some((active + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// The keyboard shortcut and the dialog; mounted once in the shell.
#[component]
pub fn QuickSwitcher() -> impl IntoView {
    let open = expect_context::<SwitcherOpen>().0;
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

#[component]
fn SwitcherDialog() -> impl IntoView {
    let open = expect_context::<SwitcherOpen>().0;
    let api = expect_api();
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let recent = storage::load_recent(&crate::state::expect_session().user_key());
    let query = RwSignal::new(String::new());
    // The option moved to with the arrows or the pointer, by project, so
    // that it stays highlighted when the list around it changes.
    let chosen = RwSignal::new(None::<ProjectId>);
    // The text Enter was pressed for before the search had answered it.
    let pending_enter = RwSignal::new(None::<String>);
    let input = NodeRef::<html::Input>::new();

    // Focus moves into the dialog, and back where it was when it closes.
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

    let typed = move || query.with(|q| q.trim().to_string());
    let found = latest_request(typed, move |text: String, signal| async move {
        let q = ProjectListQuery {
            page_size: MATCHES,
            partial_name: ProjectListQuery::partial_name_from(&text),
            ..ProjectListQuery::default()
        };
        api.list_projects(&q, signal.as_ref()).await
    });
    // Only an answer for what is typed now counts; an older one is ignored.
    let current_answer = Memo::new(move |_| {
        found.with(|r| {
            r.as_ref()
                .filter(|(k, _)| *k == typed())
                .map(|(_, r)| r.clone())
        })
    });
    let searching = move || current_answer.with(Option::is_none);
    let failed = move || current_answer.with(|a| matches!(a, Some(Err(_))));
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
                    recent: false,
                    locked: p.locked(),
                })
                .collect(),
            _ => Vec::new(),
        };
        merge_targets(&query.get(), &recent, &server)
    });
    let active = Memo::new(move |_| {
        targets.with(|t| chosen.with(|c| query.with(|q| active_index(q, t, c.as_ref()))))
    });

    let close = move || open.set(false);
    let refused = RwSignal::new(None::<String>);
    let pick = move |target: SwitchTarget| {
        if target.locked {
            refused.set(Some(api_types::no_access_message(&target.name)));
            return;
        }
        let href = routes::switch_path(&pathname.get_untracked(), &target.id);
        open.set(false);
        navigate(&href, NavigateOptions::default());
    };
    let pick_active = {
        let pick = pick.clone();
        move || {
            let list = targets.get_untracked();
            if let Some(t) = list.get(active.get_untracked()) {
                pick(t.clone());
            }
        }
    };
    // Enter pressed before the search answered what is typed acts once the
    // answer for that text is in: the options shown until then are only
    // the recent projects, or those of an older text.
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
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
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
            "Escape" => {
                ev.prevent_default();
                close();
            }
            // The dialog is modal: focus stays in its one field.
            "Tab" => ev.prevent_default(),
            _ => {}
        }
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
                aria-expanded="true"
                aria-controls="switcher-options"
                aria-autocomplete="list"
                aria-label="Project name"
                aria-activedescendant=move || {
                    (!targets.with(Vec::is_empty)).then(|| format!("switcher-option-{}", active.get()))
                }
                placeholder="Type a project name"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    chosen.set(None);
                    pending_enter.set(None);
                    refused.set(None);
                }
                on:keydown=on_keydown
            />
            <ul class="switcher__options" id="switcher-options" role="listbox" aria-label="Projects">
                {move || {
                    let pick = pick.clone();
                    targets
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let picked = t.clone();
                            let hovered = t.id.clone();
                            let pick = pick.clone();
                            let production = t.environment.is_production();
                            view! {
                                <li
                                    id=format!("switcher-option-{i}")
                                    role="option"
                                    class="switcher__option"
                                    class:switcher__option--active=move || active.get() == i
                                    aria-selected=move || (active.get() == i).to_string()
                                    data-testid="switcher-option"
                                    on:mousemove=move |_| {
                                        if chosen.with_untracked(|c| c.as_ref() != Some(&hovered)) {
                                            chosen.set(Some(hovered.clone()));
                                        }
                                    }
                                    on:click=move |_| pick(picked.clone())
                                >
                                    <span class="switcher__name">
                                        {t.locked.then(crate::components::lock_icon)}
                                        {t.name.clone()}
                                    </span>
                                    {t.locked.then(|| view! { <span class="badge badge--locked">"No access"</span> })}
                                    <span class="badge badge--env" class:badge--production=production>
                                        {t.environment.as_str().to_string()}
                                    </span>
                                    {t.state.map(|s| view! { <span class="switcher__state">{s.as_str()}</span> })}
                                    {t.recent.then(|| view! { <span class="switcher__recent">"recent"</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="switcher__status" role="status" aria-live="polite">
                {move || {
                    if let Some(message) = refused.get() {
                        message
                    } else if failed() {
                        "Could not search the server; showing recent projects.".to_string()
                    } else if searching() && pending_enter.with(Option::is_some) {
                        "Searching… Enter switches as soon as it answers.".to_string()
                    } else if searching() {
                        "Searching…".to_string()
                    } else if targets.with(Vec::is_empty) {
                        "No project matches.".to_string()
                    } else {
                        "\u{2191} \u{2193} to move, Enter to switch, Esc to close".to_string()
                    }
                }}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ProjectId {
        ProjectId::parse(&format!("{n:08x}-0000-4000-8000-000000000000")).unwrap()
    }

    fn recent(n: u8, name: &str) -> RecentProject {
        RecentProject {
            id: id(n),
            name: name.into(),
            environment: EnvironmentType::Staging,
        }
    }

    fn found(n: u8, name: &str) -> SwitchTarget {
        SwitchTarget {
            id: id(n),
            name: name.into(),
            environment: EnvironmentType::Production,
            state: Some(ProjectState::Available),
            recent: false,
            locked: false,
        }
    }

    #[test]
    fn recent_projects_come_first_without_repeats() {
        let list = merge_targets(
            "",
            &[recent(3, "Gamma"), recent(1, "Alpha")],
            &[found(1, "Alpha"), found(2, "Beta"), found(3, "Gamma")],
        );
        let names: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Gamma", "Alpha", "Beta"]);
        assert!(list[0].recent && list[1].recent && !list[2].recent);
        assert_eq!(list[1].state, Some(ProjectState::Available));
    }

    #[test]
    fn recent_projects_are_filtered_by_the_query_too() {
        let list = merge_targets("bet", &[recent(3, "Gamma")], &[found(2, "Beta")]);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "Beta");
        let list = merge_targets("GAM", &[recent(3, "Gamma")], &[]);
        assert_eq!(list[0].name, "Gamma");
    }

    #[test]
    fn the_project_named_as_typed_is_highlighted_over_a_recent_one() {
        // "Orders-Staging", used recently, contains "orders" and comes first.
        let list = merge_targets(
            "orders",
            &[recent(3, "Orders-Staging")],
            &[found(3, "Orders-Staging"), found(1, "Orders")],
        );
        assert_eq!(list[0].name, "Orders-Staging");
        assert_eq!(active_index("orders", &list, None), 1);
        assert_eq!(active_index("  ORDERS ", &list, None), 1);
        // Without an exact name, the first; an empty text picks no name.
        assert_eq!(active_index("ord", &list, None), 0);
        assert_eq!(active_index("", &list, None), 0);
        assert_eq!(active_index("x", &[], None), 0);
        // The option moved to stays highlighted while it is listed.
        assert_eq!(active_index("orders", &list, Some(&id(3))), 0);
        assert_eq!(active_index("orders", &list, Some(&id(9))), 1);
    }

    #[test]
    fn arrows_wrap_around_and_home_end_jump() {
        assert_eq!(move_active(0, 3, "ArrowDown"), 1);
        assert_eq!(move_active(2, 3, "ArrowDown"), 0);
        assert_eq!(move_active(0, 3, "ArrowUp"), 2);
        assert_eq!(move_active(1, 3, "Home"), 0);
        assert_eq!(move_active(0, 3, "End"), 2);
        assert_eq!(move_active(5, 3, "x"), 2);
        assert_eq!(move_active(0, 0, "ArrowDown"), 0);
        // A row of tabs moves with left and right, and ignores up and down.
        let tabs = ("ArrowLeft", "ArrowRight");
        assert_eq!(step(0, 4, "ArrowLeft", tabs), Some(3));
        assert_eq!(step(3, 4, "ArrowRight", tabs), Some(0));
        assert_eq!(step(2, 4, "End", tabs), Some(3));
        assert_eq!(step(2, 4, "ArrowDown", tabs), None);
    }
}
