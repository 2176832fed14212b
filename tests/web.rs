//! Browser tests: components, the fetch layer, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use api_types::{
    Cloud, EnvironmentType, ListResponse, Project, ProjectId, ProjectState, ProjectSummary, RoleKey,
};
use chrono::{TimeZone, Utc};
use console::api::{abort_on_cleanup, ApiClient, ApiError};
use console::components::ErrorView;
use console::pages::projects::{ListView, ProjectFilters};
use console::pages::{ProjectList, ProjectTable, ProjectsPage, ShownPage};
use console::state::storage::{self, RecentProject, Stored};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until the browser has drawn `n` more frames: by then it has run
/// what it does before drawing (layout, intersection observers), so that
/// something that must not happen would have.
async fn frames(n: u32) {
    for _ in 0..n {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Waits (a few seconds at most) until the text of `selector` inside
/// `root` satisfies `done`; returns it.
async fn wait_for_text(root: &Element, selector: &str, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        leptos::task::tick().await;
        let now = text(root, selector);
        if done(&now) {
            return now;
        }
        sleep(20).await;
    }
    panic!(
        "{selector} never showed the text expected; it shows {:?}",
        text(root, selector)
    );
}

/// From now on, records the URL of every request the page sends (in
/// `window.__fetched`), and forgets those recorded before.
fn record_fetches() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__fetched) { window.__fetched.length = 0; return; }
        window.__fetched = [];
        const real = window.fetch.bind(window);
        window.fetch = (input, init) => {
            window.__fetched.push(typeof input === 'string' ? input : input.url);
            return real(input, init);
        };
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// How many recorded requests went to a URL containing `needle`.
fn fetched(needle: &str) -> usize {
    js_sys::Function::new_with_args(
        "needle",
        "return (window.__fetched || []).filter((u) => u.includes(needle)).length;",
    )
    .call1(&JsValue::NULL, &needle.into())
    .unwrap()
    .as_f64()
    .unwrap_or_default() as usize
}

/// Waits (a few seconds at most) until `selector` matches inside `root`.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        leptos::task::tick().await;
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        sleep(50).await;
    }
    panic!("{selector} never appeared; DOM: {}", root.inner_html());
}

fn project(
    name: &str,
    env: EnvironmentType,
    state: ProjectState,
    cloud: Cloud,
    region: &str,
) -> ProjectSummary {
    let project = Project {
        id: ProjectId::parse(&format!("{:0>8}-0000-4000-8000-000000000000", name.len())).unwrap(),
        name: name.into(),
        environment: env,
        state,
        cloud,
        region: region.into(),
        kafka_bootstrap_servers: "b-1.example:9092".into(),
        created_at: Utc.with_ymd_and_hms(2024, 2, 12, 15, 4, 11).unwrap(),
        pause: None,
    };
    ProjectSummary::of(&project, Some(RoleKey::Admin))
}

fn sample() -> Vec<ProjectSummary> {
    vec![
        project(
            "Production-US-East",
            EnvironmentType::Production,
            ProjectState::Available,
            Cloud::Aws,
            "us-east-1",
        ),
        project(
            "Staging-EU",
            EnvironmentType::Staging,
            ProjectState::Unavailable,
            Cloud::Azure,
            "westeurope",
        ),
        project(
            "Dev",
            EnvironmentType::Development,
            ProjectState::Available,
            Cloud::Gcp,
            "europe-west3",
        ),
    ]
}

#[wasm_bindgen_test]
async fn project_table_renders_a_row_per_project_with_every_column() {
    let el = container();
    let _handle =
        leptos::mount::mount_to(el.clone(), || view! { <ProjectTable projects=sample()/> });
    leptos::task::tick().await;

    let headers: Vec<String> = all(&el, "thead th")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(
        headers,
        ["Name", "Type", "Created on", "State", "Cloud", "Region"]
    );

    let rows = all(&el, "[data-testid=project-row]");
    assert_eq!(rows.len(), 3);
    let cells: Vec<String> = all(&rows[0], "th, td")
        .iter()
        .map(|c| c.text_content().unwrap())
        .collect();
    assert_eq!(cells[0], "Production-US-East");
    assert_eq!(cells[1], "production");
    assert!(cells[2].contains("2024"), "a readable date: {}", cells[2]);
    assert_eq!(cells[3].trim(), "AVAILABLE");
    assert_eq!(cells[4], "AWS");
    // The region's code, and where it is.
    assert_eq!(cells[5], "us-east-1US East (N. Virginia)");
    let place = rows[0]
        .query_selector(".region__place")
        .unwrap()
        .expect("the region's place");
    assert_eq!(place.text_content().unwrap(), "US East (N. Virginia)");

    // The UNAVAILABLE project gets the grey badge, with its word.
    let badge = rows[1]
        .query_selector("[data-testid=state-badge]")
        .unwrap()
        .unwrap();
    assert_eq!(badge.text_content().unwrap().trim(), "UNAVAILABLE");
    assert!(badge.class_list().contains("badge--unavailable"));
    let green = rows[0]
        .query_selector("[data-testid=state-badge]")
        .unwrap()
        .unwrap();
    assert!(green.class_list().contains("badge--available"));

    // Production stands out; the others do not.
    assert!(rows[0].class_list().contains("table__row--production"));
    assert!(!rows[1].class_list().contains("table__row--production"));
    let env = rows[0]
        .query_selector("[data-testid=env-badge]")
        .unwrap()
        .unwrap();
    assert!(env.class_list().contains("badge--production"));
}

/// Mounts a loaded page of the list showing `view`. Returns the element, the
/// mount handle to keep, and the view the list last asked to go to.
fn mount_list(
    list: ListResponse<ProjectSummary>,
    view: ListView,
) -> (HtmlElement, impl Sized, RwSignal<Option<ListView>>) {
    let el = container();
    let asked = RwSignal::new(None);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        console::state::provide_current_project();
        let view_state = Memo::new({
            let view = view.clone();
            move |_| view.clone()
        });
        let go = Callback::new(move |(v, _replace): (ListView, bool)| asked.set(Some(v)));
        let shown = ShownPage {
            view: view.clone(),
            list: list.clone(),
        };
        view! { <ProjectList shown=shown view_state=view_state go=go/> }
    });
    (el, handle, asked)
}

#[wasm_bindgen_test]
async fn a_new_page_of_rows_keeps_the_rows_it_shares_with_the_last_one() {
    let el = container();
    let rows = RwSignal::new(sample());
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <ProjectTable projects=rows/> });
    leptos::task::tick().await;
    let before = all(&el, "[data-testid=project-row]");
    assert_eq!(before.len(), 3);

    // A narrower search drops the first row; a changed project is redrawn.
    let mut next = sample()[1..].to_vec();
    next[1].state = ProjectState::Unavailable;
    rows.set(next);
    leptos::task::tick().await;
    let after = all(&el, "[data-testid=project-row]");
    assert_eq!(after.len(), 2);
    assert!(!before[0].is_connected(), "the dropped row is gone");
    assert!(
        after[0].is_same_node(Some(&before[1])),
        "the kept row is the same element"
    );
    assert!(!after[1].is_same_node(Some(&before[2])));
    assert!(text(&after[1], "td[data-label=State]").contains("UNAVAILABLE"));

    // Reversed, the same elements in the new order.
    let mut reversed = rows.get_untracked();
    reversed.reverse();
    rows.set(reversed);
    leptos::task::tick().await;
    let flipped = all(&el, "[data-testid=project-row]");
    assert!(flipped[0].is_same_node(Some(&after[1])));
    assert!(flipped[1].is_same_node(Some(&after[0])));
}

#[wasm_bindgen_test]
async fn the_current_mark_moves_with_the_current_project() {
    let el = container();
    let current = RwSignal::new(Some(sample()[0].id.clone()));
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ProjectTable projects=sample() current=current/> }
    });
    leptos::task::tick().await;
    let marked = || {
        all(&el, "[data-testid=project-row]")
            .iter()
            .map(|r| {
                r.query_selector("[data-testid=current-badge]")
                    .unwrap()
                    .is_some()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(marked(), [true, false, false]);
    current.set(Some(sample()[2].id.clone()));
    leptos::task::tick().await;
    assert_eq!(marked(), [false, false, true]);
    let row = &all(&el, "[data-testid=project-row]")[2];
    assert!(row.class_list().contains("table__row--current"));
    assert_eq!(text(row, "[data-testid=current-badge]"), "CURRENT");
}

/// An element's tag, attributes (sorted) and children, to compare markup
/// whatever order its attributes were set in, and without the comments and empty
/// text nodes the framework leaves as markers.
fn shape(node: &web_sys::Node) -> String {
    let Some(el) = node.dyn_ref::<Element>() else {
        return format!("{:?}", node.text_content().unwrap_or_default());
    };
    let mut attrs: Vec<String> = el
        .get_attribute_names()
        .iter()
        .map(|n| {
            let n = n.as_string().unwrap();
            format!("{n}={:?}", el.get_attribute(&n).unwrap_or_default())
        })
        .collect();
    attrs.sort();
    let children = el.child_nodes();
    let inner: Vec<String> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|c| {
            c.node_type() == web_sys::Node::ELEMENT_NODE
                || (c.node_type() == web_sys::Node::TEXT_NODE
                    && c.text_content() != Some(String::new()))
        })
        .map(|c| shape(&c))
        .collect();
    format!(
        "<{} {}>{}</>",
        el.tag_name(),
        attrs.join(" "),
        inner.join("")
    )
}

#[wasm_bindgen_test]
async fn the_rows_draw_the_same_badges_as_the_components() {
    use console::components::{environment_badge, lock_icon, state_badge};
    let el = container();
    let mut rows = sample();
    rows[1].role = None;
    let locked = rows[1].clone();
    let (open, hidden) = (rows[0].clone(), locked.clone());
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <ProjectTable projects=rows.clone()/>
            <div id="state">{state_badge(open.state)}</div>
            <div id="env">{environment_badge(&open.environment)}</div>
            <div id="locked-env">{environment_badge(&hidden.environment)}</div>
            <div id="lock">{lock_icon()}</div>
        }
    });
    leptos::task::tick().await;
    let one = |selector: &str| el.query_selector(selector).unwrap().unwrap();
    let table_rows = all(&el, "[data-testid=project-row]");
    assert_eq!(
        table_rows[1].get_attribute("data-locked").as_deref(),
        Some("true")
    );
    let pairs = [
        ("#state", &table_rows[0], "[data-testid=state-badge]"),
        ("#env", &table_rows[0], "[data-testid=env-badge]"),
        ("#locked-env", &table_rows[1], "[data-testid=env-badge]"),
        ("#lock", &table_rows[1], "svg"),
    ];
    for (component, row, badge) in pairs {
        let drawn = row.query_selector(badge).unwrap().unwrap();
        assert_eq!(
            shape(&drawn),
            shape(&one(component).first_child().unwrap()),
            "{component}"
        );
    }
}

/// `n` projects with distinct ids and names.
fn many(n: usize, prefix: &str) -> Vec<ProjectSummary> {
    (0..n)
        .map(|i| ProjectSummary {
            id: ProjectId::parse(&format!("{:0>8}-0000-4000-8000-{:0>12}", prefix.len(), i))
                .unwrap(),
            name: format!("{prefix}-{i:02}"),
            ..sample()[2].clone()
        })
        .collect()
}

async fn wait_for_count(root: &Element, selector: &str, n: usize) {
    for _ in 0..100 {
        leptos::task::tick().await;
        if all(root, selector).len() == n {
            return;
        }
        sleep(20).await;
    }
    panic!(
        "expected {n} of {selector}, found {}",
        all(root, selector).len()
    );
}

/// Mounts a table of `rows` in `el` below `above` of other content (a CSS
/// height). Returns the table's own container and the mount handle to keep.
fn mount_table_below(
    el: &HtmlElement,
    above: &str,
    rows: RwSignal<Vec<ProjectSummary>>,
) -> (Element, impl Sized) {
    let document = web_sys::window().unwrap().document().unwrap();
    let spacer: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    spacer.style().set_property("height", above).unwrap();
    el.append_child(&spacer).unwrap();
    let table = document.create_element("div").unwrap();
    el.append_child(&table).unwrap();
    let handle = leptos::mount::mount_to(table.clone().unchecked_into(), move || {
        view! { <ProjectTable projects=rows/> }
    });
    (table, handle)
}

#[wasm_bindgen_test]
async fn a_long_page_draws_the_rows_out_of_sight_as_they_come_near() {
    let el = container();
    // Far below the fold, so that only the first rows are drawn.
    let rows = RwSignal::new(many(50, "Alpha"));
    let (table, _handle) = mount_table_below(&el, "10000px", rows);
    leptos::task::tick().await;
    frames(3).await;
    assert_eq!(
        all(&el, "[data-testid=project-row]").len(),
        console::pages::projects::first_rows()
    );

    // Scrolled to, the rest of the page is drawn.
    table.scroll_into_view();
    wait_for_count(&el, "[data-testid=project-row]", 50).await;

    // A new list starts again from its first rows, and, still in sight,
    // draws the rest too.
    rows.set(many(45, "Beta"));
    wait_for_count(&el, "[data-testid=project-row]", 45).await;
    assert!(text(&el, "[data-testid=project-row]").contains("Beta-00"));
    el.remove();
}

#[wasm_bindgen_test]
async fn a_new_list_draws_only_the_rows_that_reach_below_the_window() {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = container();
    // Rows as tall as the stylesheet makes them at least, and content
    // above the table, as the page's header and search box are.
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some("[data-testid=project-row] { height: 48px; }"));
    el.append_child(&style).unwrap();
    let rows = RwSignal::new(many(50, "Alpha"));
    let (table, _handle) = mount_table_below(&el, "200px", rows);
    leptos::task::tick().await;
    frames(3).await;

    // A keystroke's new list draws what reaches the window's bottom (and
    // the margin where the rest start), not a whole window's height.
    rows.set(many(50, "Beta"));
    leptos::task::tick().await;
    frames(3).await;
    let top = table.get_bounding_client_rect().top();
    let height = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    let drawn = all(&el, "[data-testid=project-row]").len();
    assert_eq!(
        drawn,
        console::pages::projects::rows_to_fill(top, height + 100.0)
    );
    assert!(drawn < console::pages::projects::first_rows(), "{drawn}");
    assert!(text(&el, "[data-testid=project-row]").contains("Beta-00"));
    el.remove();
}

#[wasm_bindgen_test]
async fn an_empty_organisation_says_so() {
    let list = ListResponse {
        result: vec![],
        page: 1,
        page_size: 100,
        total: 0,
        has_next: false,
    };
    let (el, _handle, _asked) = mount_list(list, ListView::default());
    leptos::task::tick().await;
    assert!(text(&el, "[data-testid=projects-empty]").contains("No projects yet"));
    assert!(all(&el, "table").is_empty());
}

#[wasm_bindgen_test]
async fn a_long_list_offers_pages() {
    let list = ListResponse {
        result: sample(),
        page: 1,
        page_size: 3,
        total: 7,
        has_next: true,
    };
    let (el, _handle, asked) = mount_list(list, ListView::default());
    leptos::task::tick().await;
    assert_eq!(
        text(&el, "[data-testid=projects-count]"),
        "Showing 1\u{2013}3 of 7 projects"
    );
    assert_eq!(text(&el, ".pager__status"), "Page 1 of 3");
    let buttons = all(&el, ".pager button");
    let next: HtmlElement = buttons[1].clone().unchecked_into();
    next.click();
    assert_eq!(asked.get_untracked().map(|v| v.page), Some(2));
}

#[wasm_bindgen_test]
async fn a_search_that_matches_nothing_offers_to_clear_it() {
    let list = ListResponse {
        result: vec![],
        page: 1,
        page_size: 50,
        total: 0,
        has_next: false,
    };
    let narrowed = ListView {
        search: "zzz".into(),
        filters: ProjectFilters {
            state: Some(ProjectState::Available),
            ..ProjectFilters::default()
        },
        ..ListView::default()
    };
    let (el, _handle, asked) = mount_list(list, narrowed);
    leptos::task::tick().await;
    let empty = text(&el, "[data-testid=projects-no-match]");
    assert!(empty.contains("zzz"), "{empty}");
    let button: HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Clear search and filters");
    button.click();
    let cleared = asked.get_untracked().expect("clearing navigates");
    assert!(!cleared.is_narrowed());
}

#[wasm_bindgen_test]
async fn error_view_explains_a_network_failure_and_retries() {
    let el = container();
    let retries = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <ErrorView
                error=ApiError::Network("TypeError: Failed to fetch".into())
                on_retry=move || retries.update(|n| *n += 1)
            />
        }
    });
    leptos::task::tick().await;
    let view = el
        .query_selector("[data-testid=error-view]")
        .unwrap()
        .unwrap();
    assert_eq!(view.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(text(&el, ".notice__title"), "Can't reach the server");
    let button: HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Try again");
    button.click();
    button.click();
    assert_eq!(retries.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn error_view_offers_no_retry_when_it_cannot_help() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=ApiError::NotFound("No project has the id x.".into()) on_retry=|| ()/> }
    });
    leptos::task::tick().await;
    assert_eq!(text(&el, ".notice__text"), "No project has the id x.");
    assert!(all(&el, "button").is_empty());
}

#[wasm_bindgen_test]
async fn the_projects_page_shows_the_error_view_when_the_server_is_down() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), || {
        // Chromium refuses port 9 (discard) as unsafe before connecting,
        // whatever listens there: the fetch fails as the network's would.
        provide_context(ApiClient::new("http://127.0.0.1:9/api"));
        console::state::provide_current_project();
        signed_in_as("user-1");
        view! { <Router><ProjectsPage/></Router> }
    });
    leptos::task::tick().await;
    let error = wait_for(&el, "[data-testid=error-view]").await;
    // The user's project requests cannot be read either, and say so.
    let requests = wait_for(&el, "[data-testid=my-requests] [role=alert]:not([hidden])").await;
    assert!(requests
        .text_content()
        .unwrap()
        .contains("Can't reach the server"));
    assert!(error
        .text_content()
        .unwrap()
        .contains("Can't reach the server"));
    assert!(all(&el, "[data-testid=project-row]").is_empty());
    assert_eq!(text(&el, "[data-testid=error-view] button"), "Try again");
}

#[wasm_bindgen_test]
async fn fetch_layer_reports_an_unreachable_server_as_a_network_error() {
    let client = ApiClient::new("http://127.0.0.1:9/api");
    let err = client
        .list_projects(&Default::default(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
}

#[wasm_bindgen_test]
async fn fetch_layer_reports_a_missing_resource_as_not_found() {
    // The test runner's own server answers 404 for a path it does not serve.
    let client = ApiClient::new("/no-such-api");
    let id = ProjectId::parse("00000000-0000-4000-8000-000000000000").unwrap();
    let err = client.get_project(&id, None).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound(_)), "{err:?}");
}

#[wasm_bindgen_test]
async fn fetch_layer_reports_a_cancelled_request_as_aborted() {
    use std::cell::RefCell;
    use std::rc::Rc;

    let owner = Owner::new();
    let signal = owner.with(abort_on_cleanup).expect("an abort controller");
    assert!(!signal.aborted());
    let outcome: Rc<RefCell<Option<Result<_, ApiError>>>> = Rc::default();
    let slot = outcome.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let client = ApiClient::new("/no-such-api");
        let query = Default::default();
        *slot.borrow_mut() = Some(client.list_projects(&query, Some(&signal)).await);
    });
    // The request is on its way; the view that made it goes away.
    leptos::task::tick().await;
    owner.cleanup();
    for _ in 0..100 {
        if outcome.borrow().is_some() {
            break;
        }
        sleep(20).await;
    }
    let result = outcome.borrow_mut().take().expect("the request settled");
    assert_eq!(result.unwrap_err(), ApiError::Aborted);
}

#[wasm_bindgen_test]
async fn the_current_project_is_marked_and_headers_sort() {
    let el = container();
    let projects = sample();
    let current = projects[1].id.clone();
    let sorted = RwSignal::new(Vec::new());
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        let current = current.clone();
        view! {
            <ProjectTable
                projects=projects.clone()
                current=Signal::derive(move || Some(current.clone()))
                sort=Some((api_types::ProjectSort::Region, api_types::SortDir::Desc))
                on_sort=Callback::new(move |c| sorted.update(|v: &mut Vec<_>| v.push(c)))
            />
        }
    });
    leptos::task::tick().await;
    let badges = all(&el, "[data-testid=current-badge]");
    assert_eq!(badges.len(), 1);
    let rows = all(&el, "[data-testid=project-row]");
    assert!(rows[1]
        .query_selector("[data-testid=current-badge]")
        .unwrap()
        .is_some());
    assert_eq!(badges[0].text_content().unwrap(), "CURRENT");

    let headers = all(&el, "thead th");
    assert_eq!(
        headers[5].get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert_eq!(
        headers[0].get_attribute("aria-sort").as_deref(),
        Some("none")
    );
    let name_button: HtmlElement = headers[0]
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    name_button.click();
    assert_eq!(sorted.get_untracked(), vec![api_types::ProjectSort::Name]);
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn recent(n: u8, name: &str) -> RecentProject {
    RecentProject {
        id: ProjectId::parse(&format!("{n:08x}-0000-4000-8000-00000000000{n}")).unwrap(),
        name: name.into(),
        environment: EnvironmentType::Staging,
    }
}

#[wasm_bindgen_test]
fn storage_remembers_the_last_project_per_user() {
    local_storage().clear().unwrap();
    assert_eq!(storage::load_last_project("ana"), Stored::Missing);
    storage::remember_project("ana", recent(1, "One"));
    storage::remember_project("ana", recent(2, "Two"));
    assert_eq!(
        storage::load_last_project("ana"),
        Stored::Value(recent(2, "").id)
    );
    assert_eq!(
        storage::load_recent("ana"),
        vec![recent(2, "Two"), recent(1, "One")]
    );
    // Another user sees none of it.
    assert_eq!(storage::load_last_project("ben"), Stored::Missing);
    assert!(storage::load_recent("ben").is_empty());
    // Forgetting a project removes it everywhere.
    storage::forget_project("ana", &recent(2, "").id);
    assert_eq!(storage::load_last_project("ana"), Stored::Missing);
    assert_eq!(storage::load_recent("ana"), vec![recent(1, "One")]);
}

#[wasm_bindgen_test]
fn corrupt_stored_values_fall_back_and_are_removed() {
    local_storage().clear().unwrap();
    let store = local_storage();
    store
        .set_item(&storage::last_project_key("ana"), "{not an id")
        .unwrap();
    store
        .set_item(&storage::recent_key("ana"), "[1, 2, {")
        .unwrap();
    assert_eq!(storage::load_last_project("ana"), Stored::Corrupt);
    assert_eq!(
        store.get_item(&storage::last_project_key("ana")).unwrap(),
        None
    );
    assert!(storage::load_recent("ana").is_empty());
    // Writing again repairs the recent list.
    storage::remember_project("ana", recent(3, "Three"));
    assert_eq!(storage::load_recent("ana"), vec![recent(3, "Three")]);
    // Only ids, names and environment types are stored: no secret.
    let raw = store
        .get_item(&storage::recent_key("ana"))
        .unwrap()
        .unwrap();
    assert!(!raw.contains("kafka") && !raw.contains("9092"), "{raw}");
}

fn press(target: &web_sys::EventTarget, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn the_quick_switcher_works_from_the_keyboard() {
    use console::components::switcher::{QuickSwitcher, SwitcherOpen};
    local_storage().clear().unwrap();
    storage::remember_project("user-1", recent(1, "Alpha"));
    storage::remember_project("user-1", recent(2, "Beta"));
    let el = container();
    let open = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(ApiClient::new("http://127.0.0.1:9/api"));
        provide_context(SwitcherOpen(open));
        signed_in_as("user-1");
        view! { <Router><QuickSwitcher/></Router> }
    });
    leptos::task::tick().await;
    assert!(el
        .query_selector("[data-testid=quick-switcher]")
        .unwrap()
        .is_none());

    let window: web_sys::EventTarget = web_sys::window().unwrap().into();
    press(&window, "k", true);
    let dialog = wait_for(&el, "[role=dialog]").await;
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let input: HtmlElement = el
        .query_selector("[role=combobox]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    leptos::task::tick().await;
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active,
        input.clone().unchecked_into::<Element>(),
        "focus moves into the switcher"
    );

    // Recent projects first, most recent on top, even with the server down.
    let names: Vec<String> = all(&el, "[data-testid=switcher-option] .switcher__name")
        .iter()
        .map(|n| n.text_content().unwrap())
        .collect();
    assert_eq!(names, ["Beta", "Alpha"]);
    let selected = || {
        all(&el, "[data-testid=switcher-option]")
            .iter()
            .position(|o| o.get_attribute("aria-selected").as_deref() == Some("true"))
    };
    assert_eq!(selected(), Some(0));
    press(&input, "ArrowDown", false);
    leptos::task::tick().await;
    assert_eq!(selected(), Some(1));
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("switcher-option-1")
    );
    press(&input, "ArrowDown", false);
    leptos::task::tick().await;
    assert_eq!(selected(), Some(0), "wraps around");

    press(&input, "Escape", false);
    leptos::task::tick().await;
    assert!(!open.get_untracked());
    assert!(el.query_selector("[role=dialog]").unwrap().is_none());

    // Enter switches to the highlighted project.
    let history = web_sys::window().unwrap().history().unwrap();
    let before = web_sys::window().unwrap().location().href().unwrap();
    press(&window, "k", true);
    wait_for(&el, "[role=dialog]").await;
    let input: HtmlElement = el
        .query_selector("[role=combobox]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    press(&input, "ArrowDown", false);
    leptos::task::tick().await;
    press(&input, "Enter", false);
    // Enter acts once the search has answered (here: failed) for the text.
    for _ in 0..100 {
        if !open.get_untracked() {
            break;
        }
        sleep(20).await;
    }
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
    assert_eq!(path, format!("/projects/{}/dashboard", recent(1, "").id));
    assert!(!open.get_untracked());
}

/// An API under `/fake-api` whose requests wait until the test answers
/// them, one by one; every other request goes to the network as usual.
fn held_api() -> ApiClient {
    js_sys::Function::new_no_args(
        r#"
        if (window.__held) { window.__held.length = 0; return; }
        const real = window.fetch.bind(window);
        window.__held = [];
        window.fetch = (input, init) => {
            const url = typeof input === 'string' ? input : input.url;
            if (!url.includes('/fake-api/')) return real(input, init);
            return new Promise((resolve, reject) => {
                const held = { url, resolve };
                window.__held.push(held);
                const signal = (init && init.signal) || input.signal;
                if (signal) signal.addEventListener('abort', () => {
                    window.__held = window.__held.filter((h) => h !== held);
                    reject(new DOMException('The request was cancelled', 'AbortError'));
                });
            });
        };
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
    ApiClient::new("/fake-api")
}

/// Waits for a held request whose URL contains `needle`, and answers it
/// with `body` (JSON, status 200).
async fn answer_held(needle: &str, body: &str) {
    let answer = js_sys::Function::new_with_args(
        "needle, body",
        r#"
        const i = window.__held.findIndex((h) => h.url.includes(needle));
        if (i < 0) return false;
        const [held] = window.__held.splice(i, 1);
        held.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
        return true;
        "#,
    );
    for _ in 0..100 {
        let done = answer
            .call2(&JsValue::NULL, &needle.into(), &body.into())
            .unwrap();
        if done.as_bool() == Some(true) {
            return;
        }
        sleep(20).await;
    }
    panic!("no request for {needle} was made");
}

fn list_of(projects: &[&ProjectSummary]) -> String {
    serde_json::to_string(&ListResponse {
        result: projects.iter().map(|p| (*p).clone()).collect(),
        page: 1,
        page_size: 20,
        total: projects.len() as u64,
        has_next: false,
    })
    .unwrap()
}

#[wasm_bindgen_test]
async fn enter_typed_before_the_search_answers_switches_to_the_project_typed() {
    use console::components::switcher::{QuickSwitcher, SwitcherOpen};
    let staging = project(
        "Gamma-Staging",
        EnvironmentType::Staging,
        ProjectState::Available,
        Cloud::Aws,
        "eu-west-1",
    );
    let gamma = project(
        "Gamma",
        EnvironmentType::Production,
        ProjectState::Available,
        Cloud::Aws,
        "eu-west-1",
    );
    let alpha = project(
        "Alpha-One",
        EnvironmentType::Development,
        ProjectState::Available,
        Cloud::Gcp,
        "europe-west3",
    );
    local_storage().clear().unwrap();
    // The user worked in Gamma-Staging lately: it is offered first for "Gamma".
    storage::remember_project(
        "user-1",
        RecentProject {
            id: staging.id.clone(),
            name: staging.name.clone(),
            environment: staging.environment.clone(),
        },
    );
    let api = held_api();
    let el = container();
    let open = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(api);
        provide_context(SwitcherOpen(open));
        signed_in_as("user-1");
        view! { <Router><QuickSwitcher/></Router> }
    });
    let before = web_sys::window().unwrap().location().href().unwrap();
    let window: web_sys::EventTarget = web_sys::window().unwrap().into();
    press(&window, "k", true);
    wait_for(&el, "[role=dialog]").await;
    // The answer for the empty text lists Alpha-One first.
    answer_held("/fake-api/projects?", &list_of(&[&alpha, &staging, &gamma])).await;
    wait_for(&el, "#switcher-option-2").await;

    // A fast typist: the whole name, then Enter before its search answers.
    let input = el.query_selector("[role=combobox]").unwrap().unwrap();
    set_input(&input, "Gamma");
    press(&input, "Enter", false);
    leptos::task::tick().await;
    assert!(
        open.get_untracked(),
        "Enter waits for the answer to what is typed, but went to {}",
        web_sys::window().unwrap().location().pathname().unwrap()
    );
    assert_eq!(
        text(&el, "[role=status]"),
        "Searching… Enter switches as soon as it answers."
    );

    answer_held("partial_name=Gamma", &list_of(&[&staging, &gamma])).await;
    for _ in 0..100 {
        if !open.get_untracked() {
            break;
        }
        sleep(20).await;
    }
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    assert!(!open.get_untracked(), "the switch happened");
    assert_eq!(path, format!("/projects/{}/dashboard", gamma.id));
}

#[wasm_bindgen_test]
fn dates_are_shown_in_the_viewers_time_zone() {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // Around midnight UTC, where a time zone moves the day.
    for (y, m, d, h) in [
        (2024, 2, 12, 0),
        (2024, 2, 12, 23),
        (2023, 12, 31, 23),
        (2024, 7, 1, 1),
    ] {
        let at = Utc.with_ymd_and_hms(y, m, d, h, 30, 0).unwrap();
        let js = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
        let expected = format!(
            "{} {}, {}",
            MONTHS[js.get_month() as usize],
            js.get_date(),
            js.get_full_year()
        );
        assert_eq!(console::format::local_date(&at), expected);
    }
}

fn set_input(input: &Element, value: &str) {
    let input: web_sys::HtmlInputElement = input.clone().unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn cidr_entries_are_added_with_enter_or_comma_and_checked() {
    use console::pages::project::CidrInput;
    let el = container();
    let entries = RwSignal::new(vec!["10.0.0.0/8".to_string()]);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <CidrInput entries=entries error=Signal::derive(|| None::<String>)/> }
    });
    leptos::task::tick().await;
    let input = el.query_selector("#kafka-ips").unwrap().unwrap();

    // A bare address is refused with the reason, and stays to be corrected.
    set_input(&input, "203.0.113.7");
    press(&input, "Enter", false);
    leptos::task::tick().await;
    assert!(text(&el, ".field__error").contains("not in CIDR form"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(entries.get_untracked(), ["10.0.0.0/8"]);

    // Enter adds; a comma adds; a pasted list adds each; repeats are ignored.
    set_input(&input, "203.0.113.0/24");
    press(&input, "Enter", false);
    set_input(&input, "2001:db8::/32, 10.0.0.0/8");
    press(&input, ",", false);
    leptos::task::tick().await;
    assert_eq!(
        entries.get_untracked(),
        ["10.0.0.0/8", "203.0.113.0/24", "2001:db8::/32"]
    );
    assert_eq!(all(&el, "[data-testid=cidr-chip]").len(), 3);
    assert!(all(&el, ".field__error")
        .iter()
        .all(|e| e.text_content().unwrap_or_default().is_empty()));

    // Each chip's button removes it.
    let remove: HtmlElement = el
        .query_selector("[aria-label='Remove 203.0.113.0/24']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    remove.click();
    leptos::task::tick().await;
    assert_eq!(entries.get_untracked(), ["10.0.0.0/8", "2001:db8::/32"]);
}

#[wasm_bindgen_test]
async fn the_acl_editor_offers_the_operations_of_the_resource_several_per_row() {
    use api_types::{AclOperation, AclResource};
    use console::pages::project::AclEditor;
    let el = container();
    let acls = RwSignal::new(Vec::new());
    let rows = RwSignal::new(Vec::new());
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <AclEditor acls=acls rows_out=rows error=Signal::derive(|| None::<String>)/> }
    });
    leptos::task::tick().await;
    let add: HtmlElement = all(&el, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some("Add ACL"))
        .unwrap()
        .unchecked_into();
    add.click();
    leptos::task::tick().await;
    let boxes = |el: &Element| -> Vec<(String, web_sys::HtmlInputElement)> {
        all(el, "[data-testid=acl-row] .acl__op")
            .into_iter()
            .map(|label| {
                let input = label.query_selector("input").unwrap().unwrap();
                (label.text_content().unwrap(), input.unchecked_into())
            })
            .collect()
    };
    assert_eq!(boxes(&el).len(), 9, "a topic offers every operation");

    // WRITE ticked beside READ: two ACLs from one row.
    let write = boxes(&el)
        .into_iter()
        .find(|(name, _)| name == "WRITE")
        .unwrap()
        .1;
    write.set_checked(true);
    write
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let operations: Vec<AclOperation> = acls.get_untracked().iter().map(|a| a.operation).collect();
    assert_eq!(operations, [AclOperation::Read, AclOperation::Write]);
    assert_eq!(rows.get_untracked().len(), 1);

    // Then GROUP: WRITE is not a group operation and goes; READ stays.
    let selects = all(&el, "[data-testid=acl-row] select");
    let resource: web_sys::HtmlSelectElement = selects[0].clone().unchecked_into();
    resource.set_value("GROUP");
    resource
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let names: Vec<String> = boxes(&el).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["DELETE", "DESCRIBE", "READ"]);
    let list = acls.get_untracked();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].resource, AclResource::Group);
    assert_eq!(list[0].operation, AclOperation::Read);

    // The row keeps its elements while edited.
    assert!(selects[0].is_connected());
}

#[wasm_bindgen_test]
async fn a_masked_value_is_hidden_until_revealed() {
    use console::components::MaskedValue;
    let el = container();
    let secret = "b-1.orders.eu-central-1.kafka.example:9092";
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <MaskedValue value=secret what="Kafka bootstrap servers"/> }
    });
    leptos::task::tick().await;
    assert!(
        !el.inner_html().contains(secret),
        "nothing of it in the page"
    );
    assert!(text(&el, "[data-testid=masked-value]").starts_with('\u{2022}'));
    let reveal: HtmlElement = el
        .query_selector("[aria-label='Reveal Kafka bootstrap servers']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        reveal.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    reveal.click();
    leptos::task::tick().await;
    assert_eq!(text(&el, "[data-testid=masked-value]"), secret);
    assert_eq!(
        reveal.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        reveal.get_attribute("aria-label").as_deref(),
        Some("Hide Kafka bootstrap servers")
    );
    reveal.click();
    leptos::task::tick().await;
    assert!(!el.inner_html().contains(secret));
}

/// Replaces the browser's clipboard with one that accepts (keeping what
/// was written in `window.__copied`) or refuses.
fn fake_clipboard(accept: bool) {
    let script = if accept {
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });"
    } else {
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error('denied')) } });"
    };
    js_sys::Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_copy_button_says_copied_or_how_to_copy_by_hand() {
    use console::components::CopyButton;
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <CopyButton text="0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41" what="project ID"/> }
    });
    leptos::task::tick().await;
    let button: HtmlElement = el
        .query_selector("[aria-label='Copy project ID']")
        .unwrap()
        .unwrap()
        .unchecked_into();

    fake_clipboard(true);
    button.click();
    wait_for_text(&el, "[data-testid=copy-status]", |t| t == "Copied").await;
    let copied = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__copied".into()).unwrap();
    assert_eq!(
        copied.as_string().as_deref(),
        Some("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41")
    );

    fake_clipboard(false);
    button.click();
    wait_for_text(&el, "[data-testid=copy-status]", |t| {
        t.contains("press Ctrl+C")
    })
    .await;
}

/// Provides a session signed in as the user `id`, a member of nothing.
fn signed_in_as(id: &str) {
    use api_types::{Me, User};
    use console::state::SessionState;
    let session = console::state::provide_session();
    session.0.set(SessionState::SignedIn(Me {
        user: User {
            id: id.to_string(),
            email: format!("{id}@example.com"),
            name: id.to_string(),
        },
        organisation_admin: false,
        support: false,
        memberships: Vec::new(),
    }));
}

#[wasm_bindgen_test]
async fn a_locked_project_shows_no_details_and_leads_to_asking_for_access() {
    let el = container();
    let notice = RwSignal::new(None::<String>);
    let mut rows = sample();
    rows[0] = ProjectSummary::of(
        &Project {
            id: rows[0].id.clone(),
            name: rows[0].name.clone(),
            environment: EnvironmentType::Production,
            state: ProjectState::Available,
            cloud: Cloud::Aws,
            region: "us-east-1".into(),
            kafka_bootstrap_servers: "b-1.example:9092".into(),
            created_at: Utc.with_ymd_and_hms(2024, 2, 12, 15, 4, 11).unwrap(),
            pause: None,
        },
        None,
    );
    let rows_id = rows[0].id.clone();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(console::state::Notice(notice));
        view! { <ProjectTable projects=rows.clone()/> }
    });
    leptos::task::tick().await;
    let row = &all(&el, "[data-testid=project-row]")[0];
    assert_eq!(row.get_attribute("data-locked").as_deref(), Some("true"));
    // Its one link leads to asking for access, not into the project.
    let links = all(row, "a");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].get_attribute("href"),
        Some(format!("/request-access/{}", rows_id))
    );
    assert_eq!(
        links[0].text_content().as_deref(),
        Some("Production-US-East")
    );
    assert_eq!(text(row, "[data-testid=locked-badge]"), "No access");
    assert!(!row.text_content().unwrap().contains("us-east-1"));
    assert_eq!(
        text(row, "td[data-label=Cloud] .visually-hidden"),
        "Hidden: no access"
    );
    // The projects the user may open keep their links.
    assert!(all(&el, "[data-testid=project-row] a.table__link").len() == 2);
}

#[wasm_bindgen_test]
async fn the_sign_in_form_names_the_empty_field_and_keeps_what_was_typed() {
    use console::pages::SignInPage;
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        // Chromium refuses port 9 as unsafe before connecting: the sign-in
        // cannot reach a server, whatever listens there.
        provide_context(ApiClient::new("http://127.0.0.1:9/api"));
        console::state::provide_session()
            .0
            .set(console::state::SessionState::SignedOut(None));
        view! { <Router><SignInPage/></Router> }
    });
    leptos::task::tick().await;
    let submit: HtmlElement = el
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    submit.click();
    leptos::task::tick().await;
    assert_eq!(
        text(&el, "#sign-in-email-error"),
        "Enter your email address."
    );
    let email: web_sys::HtmlInputElement = el
        .query_selector("#sign-in-email")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));

    email.set_value("ana@example.com");
    email
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    leptos::task::tick().await;
    assert_eq!(text(&el, "#sign-in-email-error"), "");
    assert_eq!(text(&el, "#sign-in-password-error"), "Enter your password.");

    let password: web_sys::HtmlInputElement = el
        .query_selector("#sign-in-password")
        .unwrap()
        .unwrap()
        .unchecked_into();
    password.set_value("a password");
    password
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    record_fetches();
    submit.click();
    leptos::task::tick().await;
    assert_eq!(submit.text_content().unwrap(), "Signing in…");
    // A second click while signing in sends nothing more.
    submit.click();
    let error = wait_for(&el, "[data-testid=sign-in-error]:not([hidden])").await;
    assert!(
        error
            .text_content()
            .unwrap()
            .contains("Can't reach the server"),
        "{}",
        error.text_content().unwrap()
    );
    assert_eq!(fetched("/auth/login"), 1, "two clicks, one sign-in request");
    assert_eq!(email.value(), "ana@example.com", "nothing typed is lost");
    assert_eq!(password.value(), "a password");
    assert_eq!(submit.text_content().unwrap(), "Sign in");
}

/// A project of the given id and name, as the server answers it.
fn loaded_project(n: u8, name: &str) -> Project {
    Project {
        id: ProjectId::parse(&format!("{n:08x}-0000-4000-8000-00000000000a")).unwrap(),
        name: name.into(),
        environment: EnvironmentType::Staging,
        state: ProjectState::Available,
        cloud: Cloud::Aws,
        region: "us-east-2".into(),
        kafka_bootstrap_servers: "b-1.example:9092".into(),
        created_at: Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
        pause: None,
    }
}

#[wasm_bindgen_test]
async fn a_rename_through_the_current_project_reaches_every_copy_of_it() {
    use console::state::project_index::{
        expect_project_index, provide_project_index, ProjectIndex,
    };
    let user = "owner-test";
    let _ = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear();
    let owner = Owner::new();
    owner.with(|| {
        signed_in_as(user);
        provide_project_index();
        let current = console::state::provide_current_project();
        let index = expect_project_index();
        let first = loaded_project(1, "Before");
        index.set(ProjectIndex::new(
            vec![ProjectSummary::of(&first, Some(RoleKey::Admin))],
            js_sys::Date::now(),
        ));
        assert!(index.fresh().is_some());

        current.begin_switch(&first.id);
        current.loaded(first.clone());
        let open = current.open(first.clone()).0;
        assert_eq!(open.get_untracked().name, "Before");
        assert_eq!(storage::load_recent(user)[0].name, "Before");

        // A rename made on one page: the open page, the top bar, what is
        // remembered and the list's cache all follow it.
        let renamed = Project {
            name: "After".into(),
            ..first.clone()
        };
        current.changed(renamed);
        assert_eq!(open.get_untracked().name, "After");
        assert_eq!(
            current
                .project
                .with_untracked(|p| p.as_ref().map(|p| p.name.clone())),
            Some("After".to_string())
        );
        assert_eq!(storage::load_recent(user)[0].name, "After");
        assert!(
            index.fresh().is_none(),
            "the list asks again after a rename"
        );

        // Switching away: the old page keeps its project until it is taken
        // down, and a late answer about it changes nothing.
        let second = loaded_project(2, "Other");
        current.begin_switch(&second.id);
        assert_eq!(open.get_untracked().name, "After");
        current.loaded(first.clone());
        assert_eq!(current.project.get_untracked(), None);
        current.loaded(second.clone());
        assert_eq!(open.get_untracked().id, first.id);

        // A project found gone is forgotten, and the tab is in no project.
        assert!(current.failed(&second.id));
        assert_eq!(current.id.get_untracked(), None);
        assert!(storage::load_recent(user).iter().all(|r| r.id != second.id));
    });
}

/// The activity log's rows hold what people typed as text, never as
/// markup, and say who and what in words.
#[wasm_bindgen_test]
fn activity_rows_are_text_never_markup() {
    use api_types::{
        ActivityAction, ActivityEntry, ActivityProject, Actor, ActorKind, FieldChange,
    };
    let document = web_sys::window().unwrap().document().unwrap();
    let table = document.create_element("table").unwrap();
    let body = document.create_element("tbody").unwrap();
    table.append_child(&body).unwrap();
    container().append_child(&table).unwrap();
    let hostile = "<img src=x onerror=alert(1)>";
    let entries = vec![
        ActivityEntry {
            id: 2,
            at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 5, 0).unwrap(),
            actor: Actor {
                kind: ActorKind::Token,
                id: Some("c1".into()),
                name: hostile.into(),
                detail: Some("c1".into()),
            },
            address: Some("10.0.0.7".into()),
            action: ActivityAction::ProjectRenamed,
            project: Some(ActivityProject {
                id: ProjectId::parse("0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41").unwrap(),
                name: "Prod <b>US</b>".into(),
            }),
            target: None,
            changes: vec![FieldChange::new(
                "name",
                Some("A".into()),
                Some(hostile.into()),
            )],
        },
        ActivityEntry {
            id: 1,
            at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
            actor: Actor {
                kind: ActorKind::Operator,
                id: None,
                name: "Operator".into(),
                detail: None,
            },
            address: None,
            action: ActivityAction::MemberInvited,
            project: None,
            target: Some("Kim Lee (kim@example.com)".into()),
            changes: vec![FieldChange::new("password", None, None)],
        },
    ];
    console::pages::activity::draw_rows(&body, &entries, true).unwrap();
    let rows = all(&body, "tr[data-testid=activity-entry]");
    assert_eq!(rows.len(), 2);
    assert!(all(&body, "img").is_empty(), "markup was parsed");
    assert!(all(&body, "b").is_empty(), "markup was parsed");
    let first = rows[0].text_content().unwrap();
    assert!(first.contains(hostile), "{first}");
    assert!(first.contains("API token c1"), "{first}");
    assert!(first.contains("Project renamed"), "{first}");
    assert!(first.contains(&format!("Name: A → {hostile}")), "{first}");
    assert!(first.contains("Prod <b>US</b>"), "{first}");
    assert_eq!(
        text(&rows[0], "time"),
        console::format::local_date_time(&entries[0].at)
    );
    let link = rows[0].query_selector("a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/projects/0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41/activity")
    );
    let second = rows[1].text_content().unwrap();
    assert!(second.contains("Server command"), "{second}");
    assert!(second.contains("Organisation"), "{second}");
    assert!(
        second.contains("Password changed (not recorded)"),
        "{second}"
    );
    assert_eq!(text(&rows[1], "td[data-label=From]"), "—");
}

#[wasm_bindgen_test]
async fn a_connector_form_is_built_from_its_schema_and_shows_errors_at_their_fields() {
    use api_types::connectors::{spec_of, ConnectorKind, Control};
    use console::pages::connectors::{initial_values, ConfigFields};
    use std::collections::BTreeMap;
    let spec = spec_of(ConnectorKind::Source, "postgresql").unwrap();
    let values = RwSignal::new(initial_values(spec, None));
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let root = container();
    let shown = spec.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ConfigFields spec=shown.clone() values=values errors=errors secrets_set=vec!["database.password".to_string()]/> }
    });
    leptos::task::tick().await;
    // One group per tab, in the schema's order, and a field per setting.
    let legends: Vec<String> = all(&root, "legend")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(legends, spec.tabs());
    assert_eq!(all(&root, ".field[data-key]").len(), spec.properties.len());
    for p in spec.properties.iter() {
        let field = root
            .query_selector(&format!("[data-key=\"{}\"]", p.key))
            .unwrap()
            .unwrap();
        let control = field.query_selector("input, select").unwrap().unwrap();
        // Every control is named by a label.
        let id = control.id();
        assert!(
            root.query_selector(&format!("label[for=\"{id}\"]"))
                .unwrap()
                .is_some(),
            "{} has no label",
            p.key
        );
        match p.control {
            Control::Password => {
                assert_eq!(control.get_attribute("type").as_deref(), Some("password"));
                let input: web_sys::HtmlInputElement = control.unchecked_into();
                assert_eq!(input.value(), "", "a secret is never filled in");
            }
            Control::Number => {
                assert_eq!(control.get_attribute("type").as_deref(), Some("number"))
            }
            Control::Toggle => {
                assert_eq!(control.get_attribute("type").as_deref(), Some("checkbox"))
            }
            Control::OneOf => {
                let options = all(&field, "option").len();
                let blank = usize::from(!p.required);
                assert_eq!(options, p.choices.len() + blank, "{}", p.key);
            }
            Control::Text => assert_eq!(control.get_attribute("type").as_deref(), Some("text")),
        }
    }
    // The secret that is set says so, and may stay blank.
    let password = root
        .query_selector("[data-key=\"database.password\"]")
        .unwrap()
        .unwrap();
    assert!(text(&password, "label").contains("Set"));
    assert!(text(&password, ".field__hint").contains("leave it blank to keep it"));
    // The default is shown, and typing changes the value.
    let port: web_sys::HtmlInputElement = root
        .query_selector("[data-key=\"database.port.user.defined\"] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(port.value(), "5432");
    // An error (from either side) shows at its field, marked invalid, and
    // typing there clears it; nothing typed elsewhere is lost.
    let host: web_sys::HtmlInputElement = root
        .query_selector("[data-key=\"database.hostname.user.defined\"] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    host.set_value("db.example.com");
    host.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    errors.set(vec![(
        "config.database.port.user.defined".into(),
        "The port is a whole number from 1 to 65535.".into(),
    )]);
    leptos::task::tick().await;
    let port_field = root
        .query_selector("[data-key=\"database.port.user.defined\"]")
        .unwrap()
        .unwrap();
    assert!(text(&port_field, ".field__error").contains("from 1 to 65535"));
    assert_eq!(port.get_attribute("aria-invalid").as_deref(), Some("true"));
    port.set_value("6543");
    port.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(text(&port_field, ".field__error"), "");
    assert_eq!(port.get_attribute("aria-invalid").as_deref(), Some("false"));
    let now: BTreeMap<String, String> = values.get_untracked();
    assert_eq!(now["database.port.user.defined"], "6543");
    assert_eq!(now["database.hostname.user.defined"], "db.example.com");
}

#[wasm_bindgen_test]
async fn a_chart_says_what_it_shows_and_has_its_numbers_as_a_table() {
    use console::pages::pipelines::{Chart, Series};
    let el = container();
    let start = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    let times: Vec<_> = (0..4)
        .map(|i| start + chrono::Duration::minutes(15 * i))
        .collect();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <Chart
                title="Records"
                summary="Over the last hour: 60 records in.".to_string()
                times=times.clone()
                series=vec![
                    Series { label: "In", values: vec![Some(10), Some(30), None, Some(20)] },
                    Series { label: "Written", values: vec![Some(0), Some(0), Some(0), Some(0)] },
                ]
                format=|n| format!("{n}")
                testid="chart-probe"
            />
        }
    });
    leptos::task::tick().await;
    let summary = text(&el, "[data-testid=chart-summary]");
    assert!(
        summary.starts_with("Over the last hour: 60 records in."),
        "{summary}"
    );
    assert!(summary.contains("In peaked at 30"), "{summary}");
    // A series of zeros has no peak worth saying.
    assert!(!summary.contains("Written peaked"), "{summary}");
    let svg = el.query_selector("svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(svg.get_attribute("aria-label"), Some(summary.clone()));
    // The gap splits the first line in two; the second is one line.
    assert_eq!(all(&el, "polyline.chart__line--0").len(), 2);
    assert_eq!(all(&el, "polyline.chart__line--1").len(), 1);
    assert_eq!(all(&el, ".chart__legend li").len(), 2);
    // The table has a row per step, with a dash where nothing was measured.
    let rows = all(&el, "tbody tr");
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[2].text_content().unwrap().matches('\u{2014}').count(),
        1
    );
    assert_eq!(text(&el, ".chart__top"), "30");
}

#[wasm_bindgen_test]
async fn a_list_held_by_an_open_form_catches_up_once_it_is_free() {
    use api_types::live::{LiveEvent, LiveTopic};
    use console::state::live::{expect_live, live_changes, provide_live, when_free};
    let event = |topic| LiveEvent {
        topic,
        project: None,
        action: None,
    };
    let held = RwSignal::new(false);
    let calls = RwSignal::new(0u32);
    let live = StoredValue::new(None);
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_live();
        live.set_value(Some(expect_live()));
        when_free(
            live_changes(|e| e.topic == LiveTopic::Access),
            move || held.get(),
            move || calls.update(|n| *n += 1),
        );
        view! { <p>{move || calls.get()}</p> }
    });
    let live = live.get_value().expect("provided");
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 0, "nothing changed yet");
    live.receive(event(LiveTopic::Access));
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 1, "a change, while free");
    live.receive(event(LiveTopic::Requests));
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 1, "a change about something else");
    held.set(true);
    sleep(0).await;
    live.receive(event(LiveTopic::Access));
    live.receive(event(LiveTopic::Access));
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 1, "held: nothing yet");
    held.set(false);
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 2, "free again: one call for both");
    sleep(0).await;
    assert_eq!(calls.get_untracked(), 2, "and no more");
}

#[wasm_bindgen_test]
async fn the_focused_control_is_found_again_once_its_list_is_drawn_anew() {
    use console::components::{focused_in, refocus_later};
    let el = container();
    el.set_inner_html(concat!(
        r#"<h2 id="refocus-fallback" tabindex="-1">Queue</h2>"#,
        r#"<div data-queue="test"><button type="button" aria-label="Do A">A</button>"#,
        r#"<button type="button" aria-label="Do B">B</button></div>"#,
    ));
    let list = el.query_selector("[data-queue=test]").unwrap().unwrap();
    let find = |label: &str| {
        all(&el, "button")
            .into_iter()
            .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
            .map(|b| b.unchecked_into::<HtmlElement>())
    };
    let active = || document().active_element();
    // The list drawn anew: the same controls, new elements.
    let redraw = |labels: &[&str]| {
        list.set_inner_html(
            &labels
                .iter()
                .map(|l| format!(r#"<button type="button" aria-label="Do {l}">{l}</button>"#))
                .collect::<String>(),
        );
    };

    let before = find("Do B").unwrap();
    before.focus().unwrap();
    let key = focused_in("[data-queue=test]").expect("focus is in the list");
    redraw(&["A", "B"]);
    let after = find("Do B").unwrap();
    assert!(!before.is_same_node(Some(&after)));
    refocus_later("[data-queue=test]", key, "refocus-fallback");
    frames(2).await;
    assert!(
        active().is_some_and(|a| a.is_same_node(Some(&after))),
        "the new Do B has the focus"
    );

    // Gone meanwhile: the fallback takes the focus.
    let key = focused_in("[data-queue=test]").expect("focus is in the list");
    redraw(&["A"]);
    refocus_later("[data-queue=test]", key, "refocus-fallback");
    frames(2).await;
    assert_eq!(
        active().map(|a| a.id()).as_deref(),
        Some("refocus-fallback")
    );
    // Focus outside the list is not the list's to keep.
    assert_eq!(focused_in("[data-queue=test]"), None);

    // A control without a label of its own is known by its text.
    let plain = r#"<button type="button">Withdraw the request</button>"#;
    list.set_inner_html(plain);
    list.first_element_child()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    let key = focused_in("[data-queue=test]").expect("named by its text");
    list.set_inner_html(plain);
    refocus_later("[data-queue=test]", key, "refocus-fallback");
    frames(2).await;
    assert!(
        active().is_some_and(
            |a| a.is_same_node(list.first_element_child().as_ref().map(|c| c.as_ref()))
        ),
        "the new button has the focus"
    );
}
