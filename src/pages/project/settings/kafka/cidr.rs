//! The allowed-IPs input: CIDR entries added one by one as chips.

use api_types::validate_cidr;
use leptos::prelude::*;

/// Adds the comma-separated CIDR entries of `text` to `entries`, skipping
/// ones already there, up to the first that is not a CIDR. Answers how many
/// were read, or that entry and why it was refused.
pub fn add_cidrs(text: &str, entries: &mut Vec<String>) -> Result<usize, (String, String)> {
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
