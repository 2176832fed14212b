//! Asking before an action that cannot be undone.

use super::focus_later;
use leptos::prelude::*;

/// The id of a confirmation's Cancel button, which takes the focus when it
/// opens (an Enter pressed by habit then cancels rather than deletes).
pub const CONFIRM_CANCEL_ID: &str = "confirm-cancel";
/// The id of the box in which a name is typed to confirm.
pub const CONFIRM_NAME_ID: &str = "confirm-name";

/// Whether `typed` confirms `name`: the same text, spaces around it aside.
pub fn name_confirms(typed: &str, name: &str) -> bool {
    typed.trim() == name
}

/// Focuses what an opened confirmation starts on: the box for the name when
/// one must be typed, or else Cancel. Never the destructive button.
pub fn focus_confirmation(type_name: bool) {
    focus_later(if type_name {
        CONFIRM_NAME_ID
    } else {
        CONFIRM_CANCEL_ID
    });
}

/// A confirmation shown in place, as an alert dialog: what will happen,
/// the destructive button, and Cancel. With `type_to_confirm`, the button
/// stays disabled until that name is typed (for production projects).
/// Escape cancels.
#[component]
pub fn ConfirmDialog(
    /// The question, e.g. `Delete the token “CI deploys”?`.
    title: String,
    /// What follows, said plainly.
    children: Children,
    /// The destructive button's label, e.g. `Delete token`.
    action: String,
    /// The name to type before the button works, if one must be typed.
    type_to_confirm: Option<String>,
    /// For tests.
    testid: &'static str,
    /// Called when the action is confirmed.
    on_confirm: Callback<()>,
    /// Called on Cancel or Escape.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let needed = StoredValue::new(type_to_confirm.clone());
    let ready = move || {
        needed.with_value(|needed| {
            needed
                .as_deref()
                .is_none_or(|name| typed.with(|t| name_confirms(t, name)))
        })
    };
    let ask_name = type_to_confirm.map(|name| {
        let label = format!("Type {name} to confirm");
        view! {
            <div class="field confirm__name">
                <label class="field__label" for=CONFIRM_NAME_ID>
                    "This is a production project. Type " <code>{name.clone()}</code> " to confirm."
                </label>
                <input
                    id=CONFIRM_NAME_ID
                    class="input"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-label=label
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </div>
        }
    });
    let confirm = move || {
        if ready() {
            on_confirm.run(());
        }
    };
    view! {
        <div
            class="confirm"
            role="alertdialog"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-text"
            data-testid=testid
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    on_cancel.run(());
                }
            }
        >
            <p class="confirm__title" id="confirm-title">{title}</p>
            <div class="confirm__text" id="confirm-text">{children()}</div>
            <form
                class="confirm__form"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    confirm();
                }
            >
                {ask_name}
                <div class="form__actions">
                    <button type="button" class="button" id=CONFIRM_CANCEL_ID on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <button type="submit" class="button button--danger" prop:disabled=move || !ready()>
                        {action}
                    </button>
                </div>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::name_confirms;

    #[test]
    fn only_the_exact_name_confirms() {
        assert!(name_confirms("Production-US-East", "Production-US-East"));
        assert!(name_confirms("  Production-US-East ", "Production-US-East"));
        assert!(!name_confirms("production-us-east", "Production-US-East"));
        assert!(!name_confirms("Production-US", "Production-US-East"));
        assert!(!name_confirms("", "Production-US-East"));
    }
}
