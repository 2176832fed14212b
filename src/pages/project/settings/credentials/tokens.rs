//! The table of a project's API tokens, with their actions.

use crate::components::{focus_confirmation, CopyButton, DataTable, Empty, RowActions};
use crate::format;
use crate::state::{expect_open_project, permissions};
use api_types::{ClientCredential, Project, RoleKey};
use leptos::prelude::*;

/// A change asked for on one token, waiting for confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Delete(ClientCredential),
    Regenerate(ClientCredential),
}

/// Whether confirming `what` asks for the token's description to be typed:
/// deleting one of a production project's tokens.
pub fn needs_name(what: &Pending, project: Memo<Project>) -> bool {
    matches!(what, Pending::Delete(_)) && project.with_untracked(|p| p.environment.is_production())
}

/// The tokens, with their actions.
#[component]
pub fn TokenTable(
    tokens: Vec<ClientCredential>,
    pending: RwSignal<Option<Pending>>,
    busy: RwSignal<bool>,
    /// Why the user's role cannot regenerate or delete tokens, if it cannot.
    locked: Memo<Option<String>>,
) -> impl IntoView {
    let own = permissions::own_role();
    let project = expect_open_project();
    let ask = move |what: Pending| {
        let type_name = needs_name(&what, project);
        pending.set(Some(what));
        focus_confirmation(type_name);
    };
    let now = format::now();
    let row = move |t: ClientCredential| {
        let roles = t
            .roles
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let expired = t.expires_at.is_some_and(|at| at <= now);
        let expires = match t.expires_at {
            None => "Never".to_string(),
            Some(at) if expired => format!("Expired {}", format::local_date(&at)),
            Some(at) => format::local_date(&at),
        };
        let last_used = t
            .last_used_at
            .map_or("Never".to_string(), |at| format::local_date(&at));
        let (for_delete, for_rotate) = (t.clone(), t.clone());
        let keys: Vec<RoleKey> = t.roles.iter().map(|r| r.key).collect();
        let above = !own.get_untracked().is_some_and(|o| o.may_grant(&keys));
        view! {
            <tr data-testid="token-row">
                <th scope="row" class="table__name">{t.description.clone()}</th>
                <td data-label="Client ID">
                    <code class="token__id">{t.client_id.clone()}</code>
                    " "
                    <CopyButton text=t.client_id.clone() what="client ID"/>
                </td>
                <td data-label="Roles">{roles}</td>
                <td data-label="Created">{format::local_date(&t.created_at)}</td>
                <td data-label="Last used">{last_used}</td>
                <td data-label="Expires" class:token--expired=expired>{expires}</td>
                <RowActions>
                    {above.then(|| view! { <span class="form__reason" data-testid="token-above-role">"Above your own role"</span> " " })}
                    <button
                        type="button"
                        class="button button--small"
                        aria-label=format!("Regenerate the secret of {}", t.description)
                        prop:disabled=move || busy.get() || locked.with(Option::is_some) || above
                        on:click=move |_| ask(Pending::Regenerate(for_rotate.clone()))
                    >
                        "Regenerate"
                    </button>
                    <button
                        type="button"
                        class="button button--small button--danger"
                        aria-label=format!("Delete {}", t.description)
                        prop:disabled=move || busy.get() || locked.with(Option::is_some) || above
                        on:click=move |_| ask(Pending::Delete(for_delete.clone()))
                    >
                        "Delete"
                    </button>
                </RowActions>
            </tr>
        }
    };
    view! {
        <DataTable
            caption="API tokens of this project"
            testid="tokens-table"
            columns=&["Description", "Client ID", "Roles", "Created", "Last used", "Expires"]
            items=tokens
            row=row
            empty=Empty { text: "This project has no API tokens yet.", testid: "tokens-empty" }
        />
    }
}
