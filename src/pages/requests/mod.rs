//! Requests for new projects: the form, the requester's own list on the
//! projects page, and support's queue.

mod form;
mod mine;
mod support;

pub use form::RequestPage;
pub use mine::{newly_provisioned, worth_showing, MyRequests, POLL_MS};
pub use support::SupportQueue;

use api_types::{region_name, ProjectRequest, RequestState};
use leptos::prelude::*;

/// A request's state, in words on its badge.
pub fn state_badge(state: RequestState) -> impl IntoView {
    let class = match state {
        RequestState::Pending => "badge badge--request badge--pending",
        RequestState::Provisioned => "badge badge--request badge--available",
        RequestState::Declined => "badge badge--request badge--declined",
        RequestState::Cancelled => "badge badge--request badge--unavailable",
    };
    view! { <span class=class data-testid="request-state">{state.label()}</span> }
}

/// What was asked for, in one line: environment, where, how much, extras.
pub fn request_facts(r: &ProjectRequest) -> String {
    let region = match region_name(r.cloud, &r.region) {
        Some(name) if name.contains(r.region.as_str()) => name.to_string(),
        Some(name) => format!("{name} ({})", r.region),
        None => r.region.clone(),
    };
    let mut facts = format!(
        "{} · {} {} · {} {} · {} connector{}",
        r.environment,
        r.cloud.as_str(),
        region,
        r.throughput,
        r.throughput_unit.label(),
        r.connectors,
        if r.connectors == 1 { "" } else { "s" }
    );
    for requirement in &r.requirements {
        facts.push_str(" · ");
        facts.push_str(match requirement {
            api_types::Requirement::VpcPeering => "VPC peering",
            api_types::Requirement::PrivateLink => "private link",
            api_types::Requirement::Compliance => "compliance needs",
        });
    }
    facts
}
