//! One project request as a card: its name and state, what was asked for,
//! who asked and when, and why it was declined.

use super::{request_facts, requested_line, state_badge};
use api_types::{ProjectRequest, RequestState};
use leptos::prelude::*;

/// Who the card is shown to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The person who asked: their own request.
    Requester,
    /// Support: with the requester's email and notes.
    Support,
}

/// A request as a list item. `children` go below its facts (a form about
/// it), `actions` beside them.
#[component]
pub fn RequestCard(
    request: ProjectRequest,
    reader: Reader,
    /// What can be done with the request, if anything.
    actions: Option<AnyView>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let support = reader == Reader::Support;
    let notes = (support && !request.notes.is_empty())
        .then(|| view! { <p class="request__notes">{request.notes.clone()}</p> });
    let reason = match (request.state, &request.decline_reason) {
        (RequestState::Declined, Some(why)) => {
            let said = if support {
                "Declined: "
            } else {
                "Support declined it: "
            };
            Some(view! { <p class="request__reason">{said} {why.clone()}</p> })
        }
        _ => None,
    };
    view! {
        <li
            class="request"
            data-testid=if support { "queue-request" } else { "my-request" }
            data-state=request.state.as_str()
        >
            <div class="request__main">
                <p class="request__title">
                    <span class="request__name">{request.name.clone()}</span>
                    {state_badge(request.state)}
                </p>
                <p class="request__meta">{request_facts(&request)}</p>
                <p class="request__meta">{requested_line(&request, support)}</p>
                {notes}
                {reason}
                {children.map(|c| c())}
            </div>
            {actions.map(|a| view! { <div class="request__actions">{a}</div> })}
        </li>
    }
}
