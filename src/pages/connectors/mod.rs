//! A project's connectors: `/projects/:id/sources` and `/destinations`
//! (the list), `…/new` (pick a connector, then its form, built from the
//! connector's schema), `…/import` (connectors exported from another
//! project) and `…/:connector_id` (one connector: its configuration,
//! actions, and its form to change it).

mod detail;
mod form;
mod import;
mod list;
mod new;

use api_types::connectors::{ConnectorKind, ConnectorStatus};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub use detail::ConnectorDetail;
pub use form::{initial_values, ConfigFields};
pub use import::ImportConnectors;
pub use list::{BulkOutcome, ConnectorList};
pub use new::NewConnector;

/// `/projects/:id/sources`.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! { <ConnectorList kind=ConnectorKind::Source/> }
}

/// `/projects/:id/destinations`.
#[component]
pub fn DestinationsPage() -> impl IntoView {
    view! { <ConnectorList kind=ConnectorKind::Destination/> }
}

/// `/projects/:id/sources/new`.
#[component]
pub fn NewSourcePage() -> impl IntoView {
    view! { <NewConnector kind=ConnectorKind::Source/> }
}

/// `/projects/:id/destinations/new`.
#[component]
pub fn NewDestinationPage() -> impl IntoView {
    view! { <NewConnector kind=ConnectorKind::Destination/> }
}

/// `/projects/:id/sources/import`.
#[component]
pub fn ImportSourcesPage() -> impl IntoView {
    view! { <ImportConnectors kind=ConnectorKind::Source/> }
}

/// `/projects/:id/destinations/import`.
#[component]
pub fn ImportDestinationsPage() -> impl IntoView {
    view! { <ImportConnectors kind=ConnectorKind::Destination/> }
}

/// `/projects/:id/sources/:connector_id`.
#[component]
pub fn SourcePage() -> impl IntoView {
    view! { <ConnectorDetail kind=ConnectorKind::Source/> }
}

/// `/projects/:id/destinations/:connector_id`.
#[component]
pub fn DestinationPage() -> impl IntoView {
    view! { <ConnectorDetail kind=ConnectorKind::Destination/> }
}

/// The catalog's connectors of `kind` (all for `None`), as a page loads
/// them: one resource type for every page, compiled once.
pub fn catalog_resource(
    kind: Option<ConnectorKind>,
) -> LocalResource<Result<Vec<api_types::connectors::ConnectorSpec>, crate::api::ApiError>> {
    let api = crate::api::expect_api();
    LocalResource::new(move || {
        let signal = crate::api::abort_on_cleanup();
        async move { api.connector_catalog(kind, signal.as_ref()).await }
    })
}

/// A map of `pairs`, inserted one by one: `collect()` would sort them
/// first, with a sort compiled for each type of pair, which the bundle
/// pays for while the maps here are a handful of entries.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// A set of `items`, inserted one by one (see [`map_of`]).
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The id of the project the page is in.
pub fn open_project_id() -> api_types::ProjectId {
    crate::state::expect_open_project().with_untracked(|p| p.id.clone())
}

/// Words for a kind: (one, many, capitalised many).
pub fn words(kind: ConnectorKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ConnectorKind::Source => ("source", "sources", "Sources"),
        ConnectorKind::Destination => ("destination", "destinations", "Destinations"),
    }
}

/// A status badge: its word, with a colour that is never the only signal.
pub fn status_badge(status: ConnectorStatus) -> impl IntoView {
    let class = match status {
        ConnectorStatus::Active => "badge badge--status badge--active",
        ConnectorStatus::Starting => "badge badge--status badge--starting",
        ConnectorStatus::Paused => "badge badge--status badge--paused",
        ConnectorStatus::Stopped => "badge badge--status badge--stopped",
        ConnectorStatus::Broken => "badge badge--status badge--broken",
    };
    view! { <span class=class data-testid="connector-status">{status.as_str()}</span> }
}

/// A connector's mark: the first letter of its name (no third-party logos
/// are bundled).
pub fn connector_mark(_code: &str, display_name: &str) -> impl IntoView {
    let letter: String = display_name.chars().take(1).collect();
    view! { <span class="connector-mark" aria-hidden="true">{letter}</span> }
}

/// The display name of a connector code, from the catalog if it is known.
pub fn display_name(catalog: &[api_types::connectors::ConnectorSpec], code: &str) -> String {
    catalog
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.display_name.to_string())
        .unwrap_or_else(|| code.to_string())
}
