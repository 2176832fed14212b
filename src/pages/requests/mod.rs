//! Requests for new projects: the form, the requester's own list on the
//! projects page, and support's queue.

mod card;
mod form;
mod mine;
mod support;

pub use form::RequestPage;
pub use mine::{newly_provisioned, worth_showing, MyRequests, RETRY_MS};
pub use support::SupportQueue;

use crate::format;
use api_types::{region_name, Cloud, ProjectRequest, RequestState};
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

/// A region as people read it, with its code: "US East (Ohio) (us-east-2)",
/// or the name alone when it already carries the code.
pub fn region_label(cloud: Cloud, code: &str) -> String {
    match region_name(cloud, code) {
        Some(name) if name.contains(code) => name.to_string(),
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// Who asked and when: "requested 5 minutes ago by Devon Developer", with
/// their email address for support.
pub fn requested_line(r: &ProjectRequest, with_email: bool) -> String {
    let mut line = format!(
        "requested {} by {}",
        format::ago(&r.created_at, &format::now()),
        r.requested_by.name
    );
    if with_email {
        line.push_str(&format!(" ({})", r.requested_by.email));
    }
    line
}

/// What was asked for, in one line: environment, where, how much, extras.
pub fn request_facts(r: &ProjectRequest) -> String {
    let region = region_label(r.cloud, &r.region);
    let mut facts = format!(
        "{} · {} {} · {} {} · {} connector{}",
        r.environment,
        r.cloud.as_str(),
        region,
        crate::format::grouped(r.throughput),
        r.throughput_unit.label(),
        r.connectors,
        if r.connectors == 1 { "" } else { "s" }
    );
    for requirement in &r.requirements {
        facts.push_str(" · ");
        facts.push_str(requirement.short());
    }
    facts
}
