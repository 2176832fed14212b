//! The labelled form field: a label, an optional hint, the control, and its error.

use leptos::prelude::*;

/// A form's errors: `(field, message)`, the field as the API names it.
pub type FieldErrors = RwSignal<Vec<(String, String)>>;

/// The error of one field, for its view.
pub fn error_of(errors: FieldErrors, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
}

/// What a field's control carries so that the label, the hint and the error
/// belong to it: `id`, `aria-invalid` and `aria-describedby`.
pub struct FieldAria {
    /// The control's id, which the label is `for`.
    pub id: &'static str,
    /// `"true"` while the field has an error, else `"false"`.
    pub invalid: Signal<&'static str>,
    /// The hint's id (if there is a hint), then the error's.
    pub described_by: String,
}

/// A form field: its label, an optional hint, the control (the child, which
/// takes the [`FieldAria`] given with `let:`), and the field's error.
#[component]
pub fn Field<C, V>(
    /// The control's id; the hint and the error are `{id}-hint` and `{id}-error`.
    id: &'static str,
    /// The label's text.
    #[prop(into)]
    label: Oco<'static, str>,
    /// What the field expects, shown between the label and the control.
    #[prop(optional)]
    hint: Option<Signal<String>>,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    /// Announce the error as it appears (`role="alert"`).
    #[prop(optional)]
    alert: bool,
    /// A quieter label, for a field under a legend of its own.
    #[prop(optional)]
    quiet: bool,
    /// A `data-testid` for the error.
    #[prop(optional)]
    error_testid: Option<&'static str>,
    /// The control: an input, a select or a textarea.
    children: C,
) -> AnyView
where
    C: FnOnce(FieldAria) -> V + 'static,
    V: IntoView + 'static,
{
    // Only the control is typed per field; the rest is built once for all.
    field_view(
        FieldParts {
            id,
            label,
            hint,
            error,
            alert,
            quiet,
            error_testid,
        },
        Box::new(move |aria| children(aria).into_any()),
    )
}

/// The parts of a [`Field`] besides its control.
struct FieldParts {
    id: &'static str,
    label: Oco<'static, str>,
    hint: Option<Signal<String>>,
    error: Signal<Option<String>>,
    alert: bool,
    quiet: bool,
    error_testid: Option<&'static str>,
}

/// The markup of a field.
fn field_view(parts: FieldParts, control: Box<dyn FnOnce(FieldAria) -> AnyView>) -> AnyView {
    let FieldParts {
        id,
        label,
        hint,
        error,
        alert,
        quiet,
        error_testid,
    } = parts;
    let described_by = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    let control = control(FieldAria {
        id,
        invalid: invalid(error),
        described_by,
    });
    view! {
        <div class="field">
            {head(id, label, quiet, hint)}
            {control}
            {error_line(id, error, alert, error_testid)}
        </div>
    }
    .into_any()
}

/// `"true"` while there is an error.
fn invalid(error: Signal<Option<String>>) -> Signal<&'static str> {
    Signal::derive(move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    })
}

/// The label and the hint.
fn head(
    id: &'static str,
    label: Oco<'static, str>,
    quiet: bool,
    hint: Option<Signal<String>>,
) -> impl IntoView {
    let label_class = if quiet {
        "field__label field__label--quiet"
    } else {
        "field__label"
    };
    view! {
        <label class=label_class for=id>{label}</label>
        {hint.map(|hint| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
    }
}

/// The error line.
fn error_line(
    id: &'static str,
    error: Signal<Option<String>>,
    alert: bool,
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <p class="field__error" id=format!("{id}-error") role=alert.then_some("alert") data-testid=testid>
            {move || error.get()}
        </p>
    }
}
