//! Every URL of the console, built in one place. Views link with these
//! builders, never with string literals, so a route can move without hunting
//! for its links.

use api_types::ProjectId;

/// The console's entry point: the remembered project, or the list.
pub fn home() -> &'static str {
    "/"
}

/// The sign-in page.
pub fn sign_in() -> &'static str {
    "/sign-in"
}

/// The list of the organisation's projects.
pub fn projects() -> &'static str {
    "/projects"
}

/// The form to ask support for a new project.
pub fn project_request() -> &'static str {
    "/projects/request"
}

/// Support's queue of project requests.
pub fn support_requests() -> &'static str {
    "/support/requests"
}

/// The API reference, read from the server's OpenAPI document.
pub fn api_reference() -> &'static str {
    "/api-reference"
}

/// Where a member asks for access to a project they have no role on, and
/// sees who can give it.
pub fn request_access(id: &ProjectId) -> String {
    format!("/request-access/{id}")
}

/// The access requests the user may answer (a project's Admins and the
/// organisation admins).
pub fn access_requests() -> &'static str {
    "/access-requests"
}

/// The organisation's members and their roles (organisation admins).
pub fn organisation_members() -> &'static str {
    "/organisation/members"
}

/// The organisation's usage, per project.
pub fn usage() -> &'static str {
    "/usage"
}

/// The whole organisation's activity log (organisation admins).
pub fn organisation_activity() -> &'static str {
    "/organisation/activity"
}

/// Where an invited member sets their password (the token follows in the
/// fragment).
pub fn set_password() -> &'static str {
    "/set-password"
}

/// A project's dashboard: where switching to a project lands.
pub fn project_dashboard(id: &ProjectId) -> String {
    project_page(id, ProjectPage::Dashboard)
}

/// The pages of a project, in the order of the navigation. The sidebar, the
/// routes and switching projects all follow this table: a new page of a
/// project is a new variant here, its route in `lib.rs`, and its module
/// under `pages/project/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectPage {
    /// The project's overview; where switching to a project lands.
    Dashboard,
    /// The databases whose changes the project captures.
    Sources,
    /// Where the project writes the changes.
    Destinations,
    /// Sources' topics streamed to destinations.
    Pipelines,
    /// The project's Kafka topics.
    Topics,
    /// Bytes moved and billed.
    Usage,
    /// Details, location, API tokens and Kafka access, in tabs.
    Settings,
    /// Who changed what in the project.
    Activity,
}

impl ProjectPage {
    /// Every page, in the order the navigation shows them.
    pub const ALL: [ProjectPage; 8] = [
        ProjectPage::Dashboard,
        ProjectPage::Sources,
        ProjectPage::Destinations,
        ProjectPage::Pipelines,
        ProjectPage::Topics,
        ProjectPage::Usage,
        ProjectPage::Settings,
        ProjectPage::Activity,
    ];

    /// The page's URL segment, after `/projects/{id}/`.
    pub fn slug(self) -> &'static str {
        match self {
            ProjectPage::Dashboard => "dashboard",
            ProjectPage::Sources => "sources",
            ProjectPage::Destinations => "destinations",
            ProjectPage::Pipelines => "pipelines",
            ProjectPage::Topics => "topics",
            ProjectPage::Usage => "usage",
            ProjectPage::Settings => "settings",
            ProjectPage::Activity => "activity",
        }
    }

    /// The page's name in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            ProjectPage::Dashboard => "Dashboard",
            ProjectPage::Sources => "Sources",
            ProjectPage::Destinations => "Destinations",
            ProjectPage::Pipelines => "Pipelines",
            ProjectPage::Topics => "Topics",
            ProjectPage::Usage => "Usage",
            ProjectPage::Settings => "Settings",
            ProjectPage::Activity => "Activity",
        }
    }

    /// The page a path of a project shows, with what follows its segment
    /// (a tab, an item's id), if it is one of a project's pages.
    pub fn of_path(path: &str) -> Option<(Self, &str)> {
        let mut segments = path.trim_start_matches('/').splitn(4, '/');
        let (root, id, page) = (segments.next()?, segments.next()?, segments.next()?);
        if root != "projects" || ProjectId::parse(id).is_err() {
            return None;
        }
        let page = Self::ALL.into_iter().find(|p| p.slug() == page)?;
        Some((page, segments.next().unwrap_or("").trim_matches('/')))
    }
}

/// A page of a project: for settings, its first tab, for links that stay
/// highlighted on every tab.
pub fn project_page(id: &ProjectId, page: ProjectPage) -> String {
    format!("/projects/{id}/{}", page.slug())
}

/// Whether `path` is one of a project's pages (`/projects/{id}/…`), which
/// say in their URL which project they are in. On every other page the
/// current project is the one the user switched to last.
pub fn is_project_page(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    matches!(
        (segments.next(), segments.next()),
        (Some("projects"), Some(id)) if !id.is_empty() && id != "request"
    )
}

/// The project a project's page names in its URL, if the id is well formed.
pub fn project_in_path(path: &str) -> Option<ProjectId> {
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next()) {
        (Some("projects"), Some(id)) => ProjectId::parse(id).ok(),
        _ => None,
    }
}

/// The page that lists a project's connectors of `kind`.
pub fn connectors(id: &ProjectId, kind: api_types::connectors::ConnectorKind) -> String {
    format!("/projects/{id}/{}", kind.plural())
}

/// The form that creates a connector of `kind`.
pub fn new_connector(id: &ProjectId, kind: api_types::connectors::ConnectorKind) -> String {
    format!("/projects/{id}/{}/new", kind.plural())
}

/// The page that imports connectors from an export file, reached from the
/// list of `kind`.
pub fn import_connectors(id: &ProjectId, kind: api_types::connectors::ConnectorKind) -> String {
    format!("/projects/{id}/{}/import", kind.plural())
}

/// One connector's page.
pub fn connector(
    id: &ProjectId,
    kind: api_types::connectors::ConnectorKind,
    connector_id: &str,
) -> String {
    format!("/projects/{id}/{}/{connector_id}", kind.plural())
}

/// One pipeline of a project.
pub fn pipeline(id: &ProjectId, pipeline_id: &str) -> String {
    format!("/projects/{id}/pipelines/{pipeline_id}")
}

/// The form that creates a pipeline.
pub fn new_pipeline(id: &ProjectId) -> String {
    format!("/projects/{id}/pipelines/new")
}

/// One topic of a project (topic names are URL-safe).
pub fn topic(id: &ProjectId, name: &str) -> String {
    format!("/projects/{id}/topics/{}", api_types::percent_encode(name))
}

/// A tab of a project's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsTab {
    /// Name, id, environment, created date; rename.
    Details,
    /// Cloud and region.
    Location,
    /// API tokens (client credentials); the platform calls the tab "API".
    Credentials,
    /// Broker connection and Kafka users.
    KafkaAccess,
}

impl SettingsTab {
    /// Every tab, in the order shown.
    pub const ALL: [SettingsTab; 4] = [
        SettingsTab::Details,
        SettingsTab::Location,
        SettingsTab::Credentials,
        SettingsTab::KafkaAccess,
    ];

    /// The tab's URL segment.
    pub fn slug(self) -> &'static str {
        match self {
            SettingsTab::Details => "details",
            SettingsTab::Location => "location",
            SettingsTab::Credentials => "api",
            SettingsTab::KafkaAccess => "kafka-access",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            SettingsTab::Details => "Details",
            SettingsTab::Location => "Location",
            SettingsTab::Credentials => "API",
            SettingsTab::KafkaAccess => "Kafka Access",
        }
    }

    /// The tab a path shows, if it is a settings path.
    pub fn of_path(path: &str) -> Option<Self> {
        let (_, tab) = path.trim_end_matches('/').rsplit_once("/settings/")?;
        Self::of_slug(tab)
    }

    /// The tab whose URL segment is `slug`.
    pub fn of_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// A tab of a project's settings.
pub fn project_settings(id: &ProjectId, tab: SettingsTab) -> String {
    format!("/projects/{id}/settings/{}", tab.slug())
}

/// Where switching to `to` leads from `current_path`: the same page in the
/// other project (`/projects/A/settings/api` becomes
/// `/projects/B/settings/api`; an item of the old project, which the other
/// cannot hold, becomes the page that lists such items), or its dashboard
/// from anywhere else.
pub fn switch_path(current_path: &str, to: &ProjectId) -> String {
    use api_types::connectors::ConnectorKind;
    match ProjectPage::of_path(current_path) {
        Some((ProjectPage::Settings, rest)) => match SettingsTab::of_slug(rest) {
            Some(tab) => project_settings(to, tab),
            None => project_page(to, ProjectPage::Settings),
        },
        // An import is not tied to the project: it goes on in the other.
        Some((page @ (ProjectPage::Sources | ProjectPage::Destinations), rest))
            if rest.trim_end_matches('/') == "import" =>
        {
            let kind = if page == ProjectPage::Sources {
                ConnectorKind::Source
            } else {
                ConnectorKind::Destination
            };
            import_connectors(to, kind)
        }
        Some((page, _)) => project_page(to, page),
        None => project_dashboard(to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_page_names_its_project_and_no_other_page_does() {
        let p = id(7);
        assert_eq!(project_in_path(&project_dashboard(&p)), Some(p.clone()));
        assert_eq!(
            project_in_path(&format!("/projects/{p}/settings/api")),
            Some(p.clone())
        );
        assert_eq!(project_in_path(&format!("/projects/{p}")), Some(p));
        for other in [
            "/projects",
            "/projects/request",
            "/projects/not-an-id/dashboard",
            "/api-reference",
            "/",
            "",
        ] {
            assert_eq!(project_in_path(other), None, "{other}");
        }
    }

    fn id(n: u8) -> ProjectId {
        ProjectId::parse(&format!("{n:08x}-0000-4000-8000-000000000000")).unwrap()
    }

    #[test]
    fn settings_tabs_round_trip_through_their_paths() {
        for tab in SettingsTab::ALL {
            let path = project_settings(&id(3), tab);
            assert_eq!(SettingsTab::of_path(&path), Some(tab), "{path}");
            assert_eq!(SettingsTab::of_path(&format!("{path}/")), Some(tab));
        }
        assert_eq!(SettingsTab::of_path("/projects/x/settings/bogus"), None);
        assert_eq!(SettingsTab::of_path("/projects/x/dashboard"), None);
        assert_eq!(
            switch_path(&project_settings(&id(1), SettingsTab::Credentials), &id(2)),
            project_settings(&id(2), SettingsTab::Credentials)
        );
    }

    #[test]
    fn hrefs_are_absolute_paths() {
        for href in [
            home().to_string(),
            projects().to_string(),
            project_dashboard(&id(1)),
        ] {
            assert!(href.starts_with('/'), "{href}");
        }
        assert_eq!(
            project_dashboard(&id(1)),
            "/projects/00000001-0000-4000-8000-000000000000/dashboard"
        );
    }

    #[test]
    fn only_project_pages_name_their_project() {
        let a = id(1);
        for path in [
            project_dashboard(&a),
            project_settings(&a, SettingsTab::Credentials),
            format!("/projects/{a}"),
            "/projects/not-an-id/dashboard".to_string(),
        ] {
            assert!(is_project_page(&path), "{path}");
        }
        for path in [
            home(),
            projects(),
            "/projects/",
            project_request(),
            support_requests(),
            api_reference(),
            organisation_members(),
            organisation_activity(),
            set_password(),
            access_requests(),
            &request_access(&a),
            "/nowhere",
            "",
        ] {
            assert!(!is_project_page(path), "{path}");
        }
    }

    #[test]
    fn switching_keeps_the_kind_of_page() {
        let a = id(1);
        let b = id(2);
        assert_eq!(
            switch_path(&format!("/projects/{a}/settings/api"), &b),
            format!("/projects/{b}/settings/api")
        );
        assert_eq!(
            switch_path(&format!("/projects/{a}/dashboard"), &b),
            project_dashboard(&b)
        );
        assert_eq!(
            switch_path(&format!("/projects/{a}/settings/"), &b),
            project_page(&b, ProjectPage::Settings)
        );
        // Something only the old project holds is not carried over.
        assert_eq!(
            switch_path(&format!("/projects/{a}/settings/api/some-token"), &b),
            project_page(&b, ProjectPage::Settings)
        );
        // A connector of the old project becomes the other's list, and so
        // does the form to create one.
        for kind in [
            api_types::connectors::ConnectorKind::Source,
            api_types::connectors::ConnectorKind::Destination,
        ] {
            for from in [
                connector(&a, kind, "5a03cbec-9781-4df0-8d10-0ec5ecca7ea0"),
                new_connector(&a, kind),
                connectors(&a, kind),
            ] {
                assert_eq!(switch_path(&from, &b), connectors(&b, kind), "{from}");
            }
            // An import goes on in the other project.
            assert_eq!(
                switch_path(&import_connectors(&a, kind), &b),
                import_connectors(&b, kind)
            );
        }
        // A page projects do not have leads to the dashboard.
        assert_eq!(
            switch_path(&format!("/projects/{a}/nowhere/"), &b),
            project_dashboard(&b)
        );
    }

    #[test]
    fn every_project_page_is_found_in_its_paths() {
        for page in ProjectPage::ALL {
            let path = project_page(&id(4), page);
            assert_eq!(ProjectPage::of_path(&path), Some((page, "")), "{path}");
            assert_eq!(
                ProjectPage::of_path(&format!("{path}/x/")),
                Some((page, "x"))
            );
            assert_eq!(switch_path(&path, &id(5)), project_page(&id(5), page));
        }
        assert_eq!(ProjectPage::of_path("/projects/not-an-id/dashboard"), None);
        assert_eq!(ProjectPage::of_path("/projects"), None);
    }

    #[test]
    fn switching_from_elsewhere_opens_the_dashboard() {
        let b = id(2);
        for from in [
            "/",
            "/projects",
            "/projects/",
            "/projects/request",
            "/nowhere/x/y",
            "",
        ] {
            assert_eq!(switch_path(from, &b), project_dashboard(&b), "{from}");
        }
        assert_eq!(
            switch_path(&format!("/projects/{}", id(1)), &b),
            project_dashboard(&b)
        );
    }
}
