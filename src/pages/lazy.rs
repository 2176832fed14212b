//! The pages that are not needed to start. In the release build each chunk
//! named here is fetched the first time one of its pages opens; the
//! projects list, the shell and the switcher's field are in the first
//! module. A new page is added here and routed with
//! `view=ChunkPage(pages::lazy::its_name)`; a part of a page (the live
//! updates, the navigation's counts) is drawn with
//! `<LazyPage load=pages::lazy::its_name quiet=true/>`.

use super::access::{AccessRequestsPage, RequestAccessPage};
use super::activity::{OrganisationActivity, ProjectActivity};
use super::api_reference::ApiReference;
use super::connectors::{
    DestinationPage, DestinationsPage, ImportDestinationsPage, ImportSourcesPage,
    NewDestinationPage, NewSourcePage, SourcePage, SourcesPage,
};
use super::members::MembersPage;
use super::pipelines::PipelinesArea;
use super::project::{
    CredentialsTab, DashboardPage, DetailsTab, KafkaAccessTab, LocationTab, ProjectScope,
    SettingsPage,
};
use super::requests::{MyRequests, RequestPage, SupportQueue};
use super::set_password::SetPasswordPage;
use super::sign_in::SignInPage;
use crate::components::live_updates::LiveUpdates;
use crate::components::switcher::SwitcherResults;
use crate::components::{PendingAccessCount, PendingRequestCount};

crate::lazy_pages! {
    /// The live-update stream and its indicator, in the top bar.
    live in live => LiveUpdates;
    /// The quick switcher's search and options; they come with the live
    /// updates, which are fetched once the first rows are shown, so the
    /// switcher is usually here before it is opened.
    switcher in live => SwitcherResults;
    /// The navigation's count of access requests waiting for an answer.
    access_count in counts => PendingAccessCount;
    /// The navigation's count of project requests waiting for support.
    request_count in counts => PendingRequestCount;
    /// The user's own project requests, above the projects list.
    my_requests in my_requests => MyRequests;
    /// Asking for access to a project.
    request_access in access => RequestAccessPage;
    /// The access requests the user may answer.
    access_requests in access => AccessRequestsPage;
    /// The form to ask for a new project.
    request_form in request_form => RequestPage;
    /// Support's queue of project requests.
    support_queue in support_queue => SupportQueue;
    /// The API reference.
    api_reference in api_reference => ApiReference;
    /// What every page of a project stands in: loads the project.
    project_scope in project => ProjectScope;
    /// A project's dashboard.
    dashboard in dashboard => DashboardPage;
    /// A project's settings: the page with its tab list.
    settings in settings => SettingsPage;
    /// The settings tab with the project's details; where settings opens.
    details in settings => DetailsTab;
    /// The settings tab with the project's cloud and region.
    location in settings => LocationTab;
    /// The settings tab with the project's API tokens.
    credentials in settings => CredentialsTab;
    /// The settings tab with the project's Kafka access.
    kafka_access in settings => KafkaAccessTab;
    /// A project's sources.
    sources in connectors => SourcesPage;
    /// A project's destinations.
    destinations in connectors => DestinationsPage;
    /// The form that creates a source.
    new_source in connectors => NewSourcePage;
    /// The form that creates a destination.
    new_destination in connectors => NewDestinationPage;
    /// The import of connectors, from the sources.
    import_sources in connectors => ImportSourcesPage;
    /// The import of connectors, from the destinations.
    import_destinations in connectors => ImportDestinationsPage;
    /// One source.
    source in connectors => SourcePage;
    /// One destination.
    destination in connectors => DestinationPage;
    /// A project's pipelines and topics: the lists, the form that creates
    /// a pipeline, one pipeline, one topic (the page the path names).
    pipelines in pipelines => PipelinesArea;
    /// A project's activity log.
    project_activity in activity => ProjectActivity;
    /// The organisation's activity log.
    organisation_activity in activity => OrganisationActivity;
    /// The organisation's members and their roles.
    members in members => MembersPage;
    /// The sign-in page: a signed-in console (the usual start) never needs
    /// it.
    sign_in in sign_in => SignInPage;
    /// Where an invited member sets their password.
    set_password in sign_in => SetPasswordPage;
}

/// Starts fetching what opening a project on its dashboard needs: the
/// project's chunk and the dashboard's (a pointer over a project's row, the
/// quick switcher opened).
pub fn prefetch_project_opening() {
    crate::components::lazy::prefetch(project_scope);
    crate::components::lazy::prefetch(dashboard);
}
