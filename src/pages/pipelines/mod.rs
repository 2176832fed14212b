//! A project's pipelines (`/projects/:id/pipelines`, `…/new`,
//! `…/:pipeline_id`) and topics (`/projects/:id/topics`, `…/:name`), with
//! the charts of the data plane's figures.

mod chart;
mod detail;
mod list;
mod new;
mod topics;
mod usage;

use api_types::pipelines::MetricsWindow;
use leptos::prelude::*;
use leptos_router::components::A;

pub use chart::{lines, Chart, Series};
pub use detail::PipelinePage;
pub use list::PipelinesPage;
pub use new::NewPipelinePage;
pub use topics::{TopicPage, TopicsPage};
pub use usage::{sorted_usage, usage_csv, OrganisationUsagePage, UsagePage, UsageSort};

/// The pages of the area, one of which a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaPage {
    /// `/projects/:id/pipelines`.
    Pipelines,
    /// `/projects/:id/pipelines/new`.
    NewPipeline,
    /// `/projects/:id/pipelines/:pipeline_id`.
    Pipeline,
    /// `/projects/:id/topics`.
    Topics,
    /// `/projects/:id/topics/:name`.
    Topic,
    /// `/projects/:id/usage`.
    Usage,
    /// `/usage`: the organisation's.
    OrganisationUsage,
}

impl AreaPage {
    /// The page of the area `path` shows, if it is one of them.
    pub fn of_path(path: &str) -> Option<Self> {
        use crate::routes::ProjectPage;
        if path.trim_end_matches('/') == crate::routes::usage() {
            return Some(Self::OrganisationUsage);
        }
        let (page, rest) = ProjectPage::of_path(path)?;
        Some(match (page, rest) {
            (ProjectPage::Pipelines, "") => Self::Pipelines,
            (ProjectPage::Pipelines, "new") => Self::NewPipeline,
            (ProjectPage::Pipelines, _) => Self::Pipeline,
            (ProjectPage::Topics, "") => Self::Topics,
            (ProjectPage::Topics, _) => Self::Topic,
            (ProjectPage::Usage, _) => Self::Usage,
            _ => return None,
        })
    }
}

/// Every page of the area, as one lazily loaded page: the routes of the
/// area all name it, and it shows the one the path names. One split point
/// rather than five keeps the first load's chunk loader small (each split
/// point costs it an entry and its chunks' integrity hashes).
#[component]
pub fn PipelinesArea() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    match AreaPage::of_path(&path) {
        Some(AreaPage::Pipelines) | None => view! { <PipelinesPage/> }.into_any(),
        Some(AreaPage::NewPipeline) => view! { <NewPipelinePage/> }.into_any(),
        Some(AreaPage::Pipeline) => view! { <PipelinePage/> }.into_any(),
        Some(AreaPage::Topics) => view! { <TopicsPage/> }.into_any(),
        Some(AreaPage::Topic) => view! { <TopicPage/> }.into_any(),
        Some(AreaPage::Usage) => view! { <UsagePage/> }.into_any(),
        Some(AreaPage::OrganisationUsage) => view! { <OrganisationUsagePage/> }.into_any(),
    }
}

/// Bytes for people, in decimal units: `950 B`, `12.3 KB`, `4.5 GB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut scale = 1000u64;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && n >= scale * 1000 {
        scale *= 1000;
        unit += 1;
    }
    let tenths = n / (scale / 10);
    if tenths >= 1000 {
        format!("{} {}", tenths / 10, UNITS[unit])
    } else {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}

/// A latency for people: `450 ms`, `3.2 s`, `4 min 12 s`, `2 h 5 min`;
/// a dash when nothing flows.
pub fn latency(ms: Option<u64>) -> String {
    match ms {
        None => "\u{2014}".into(),
        Some(ms) if ms < 1000 => format!("{ms} ms"),
        Some(ms) if ms < 60_000 => format!("{}.{} s", ms / 1000, ms % 1000 / 100),
        Some(ms) if ms < 3_600_000 => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
        Some(ms) => format!("{} h {} min", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

/// The window a chart shows, from the URL's `window` (24 hours when it is
/// missing or cannot be read).
pub fn window_of(value: Option<String>) -> MetricsWindow {
    value
        .as_deref()
        .and_then(MetricsWindow::parse)
        .unwrap_or_default()
}

/// Links that switch a window (a chart's, the usage's), kept in the URL
/// (`?window=7d`) so that a reload or a shared link shows the same one.
/// `choices` are each window's URL value and words; the first one named
/// `default` needs no query.
#[component]
pub fn WindowPicker(
    path: String,
    /// The navigation's name.
    label: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    default: &'static str,
    current: Signal<&'static str>,
    testid: &'static str,
    /// The rest of the page's query, which each link keeps.
    #[prop(optional, into)]
    query: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <nav class="window-picker" aria-label=label data-testid=testid>
            {choices
                .into_iter()
                .map(|(value, words)| {
                    let path = path.clone();
                    let href = move || {
                        let rest = query.map(|q| q.get()).unwrap_or_default();
                        match (value == default, rest.is_empty()) {
                            (true, true) => path.clone(),
                            (true, false) => format!("{path}?{rest}"),
                            (false, true) => format!("{path}?window={value}"),
                            (false, false) => format!("{path}?window={value}&{rest}"),
                        }
                    };
                    view! {
                        <A
                            href=href
                            attr:class="window-picker__link"
                            attr:aria-current=move || (current.get() == value).then_some("true")
                        >
                            {value}
                            <span class="visually-hidden">{format!(" ({words})")}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Says that the figures are simulated, wherever they are shown.
pub fn simulated_note() -> impl IntoView {
    view! {
        <p class="page__aside" data-testid="simulated-note">
            "Figures come from the reference server's simulated data plane: a model of the traffic, not a real Kafka cluster."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_write_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1000), "1.0 KB");
        assert_eq!(bytes(12_345), "12.3 KB");
        assert_eq!(bytes(999_999), "999 KB");
        assert_eq!(bytes(4_567_000_000), "4.5 GB");
        assert_eq!(bytes(u64::MAX), "18446 PB");
    }

    #[test]
    fn latencies_read_in_the_unit_that_fits() {
        assert_eq!(latency(None), "\u{2014}");
        assert_eq!(latency(Some(450)), "450 ms");
        assert_eq!(latency(Some(3_250)), "3.2 s");
        assert_eq!(latency(Some(252_000)), "4 min 12 s");
        assert_eq!(latency(Some(7_500_000)), "2 h 5 min");
    }

    #[test]
    fn each_path_of_the_area_names_its_page() {
        let p = "/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41";
        assert_eq!(
            AreaPage::of_path(&format!("{p}/pipelines")),
            Some(AreaPage::Pipelines)
        );
        assert_eq!(
            AreaPage::of_path(&format!("{p}/pipelines/")),
            Some(AreaPage::Pipelines)
        );
        assert_eq!(
            AreaPage::of_path(&format!("{p}/pipelines/new")),
            Some(AreaPage::NewPipeline)
        );
        assert_eq!(
            AreaPage::of_path(&format!(
                "{p}/pipelines/6f35c989-af5e-409f-8be3-d542f96a6463"
            )),
            Some(AreaPage::Pipeline)
        );
        assert_eq!(
            AreaPage::of_path(&format!("{p}/topics")),
            Some(AreaPage::Topics)
        );
        assert_eq!(
            AreaPage::of_path(&format!("{p}/topics/a.b.c")),
            Some(AreaPage::Topic)
        );
        assert_eq!(
            AreaPage::of_path(&format!("{p}/usage")),
            Some(AreaPage::Usage)
        );
        assert_eq!(AreaPage::of_path(&format!("{p}/sources")), None);
    }

    #[test]
    fn a_window_that_cannot_be_read_falls_back_to_a_day() {
        assert_eq!(window_of(Some("7d".into())), MetricsWindow::Week);
        assert_eq!(window_of(Some("<b>".into())), MetricsWindow::Day);
        assert_eq!(window_of(None), MetricsWindow::Day);
    }
}
