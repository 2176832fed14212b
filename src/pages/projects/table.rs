//! The projects table: sortable headers, rows drawn as they come into view,
//! and a click anywhere on a row opening its project.

use super::rows::Rows;
use crate::components::environment_badge_class;
use crate::components::list::sort_header;
use crate::format;
use crate::pages::lazy::prefetch_project_opening;
use api_types::{ProjectId, ProjectSort, ProjectSummary, SortDir};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// The projects table, one row per project with every documented column.
/// A project's name links to its dashboard, and a click anywhere on its
/// row does the same.
#[component]
pub fn ProjectTable(
    /// The rows. A new list keeps the rows it shares, unchanged and with
    /// the same `CURRENT` mark, with the previous one.
    #[prop(into)]
    projects: Signal<Vec<ProjectSummary>>,
    /// The project the user is in, marked `CURRENT`.
    #[prop(optional, into)]
    current: Signal<Option<ProjectId>>,
    /// The column and direction the rows are sorted by.
    #[prop(optional, into)]
    sort: Signal<Option<(ProjectSort, SortDir)>>,
    /// Called with a column when its header is clicked; without it the
    /// headers are plain text.
    #[prop(optional)]
    on_sort: Option<Callback<ProjectSort>>,
    /// The user's pending requests to show first, as projects being
    /// provisioned.
    #[prop(optional, into)]
    requested: Signal<Vec<api_types::ProjectRequest>>,
) -> impl IntoView {
    // Only the first rows of a new list are drawn at once; the rest when
    // the end of those comes near the bottom of the window. A new list
    // (each keystroke of a search) costs what can be seen, not the page.
    let generation = Memo::new(move |previous: Option<&u64>| {
        projects.track();
        previous.map_or(0, |g| g + 1)
    });
    let expanded = RwSignal::new(None::<u64>);
    // Outside the app (a test mounting the table alone) a refusal goes nowhere.
    // Until the table has been seen, a window's height of rows; after
    // that, the rows that fit between where the table starts and the
    // window's bottom.
    let first = StoredValue::new(first_rows());
    let sentinel = NodeRef::<leptos::html::Div>::new();
    let table = NodeRef::<leptos::html::Table>::new();
    draw_the_rest_near_the_end(
        sentinel,
        table,
        move || {
            expanded.set(Some(generation.get_untracked()));
        },
        move |rows| first.set_value(rows),
        generation,
    );
    // The rows are drawn by `Rows`, outside the view macros: a search draws
    // a new list on every keystroke.
    let body = NodeRef::<leptos::html::Tbody>::new();
    let rows = StoredValue::new_local(None::<Rows>);
    Effect::new(move |_| {
        let current = current.get();
        let drawn = if expanded.get() == Some(generation.get()) {
            usize::MAX
        } else {
            first.get_value()
        };
        let Some(body) = body.get() else {
            return;
        };
        rows.update_value(|rows| {
            if rows.is_none() {
                *rows = Rows::new(body.into());
            }
            if let Some(rows) = rows {
                projects.with(|all| rows.show(all.iter().take(drawn), current.as_ref()));
            }
        });
    });
    let on_row_click = move |ev: leptos::ev::MouseEvent| {
        // Decided with the rows borrowed, acted on once they are not: a
        // followed link's click comes back through this handler.
        if let Some(link) = row_click(&ev) {
            link.click();
        }
    };
    let header = move |label, column| sort_header(label, column, sort, on_sort);
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="projects-table" node_ref=table>
                <caption class="visually-hidden">"Projects of the organisation"</caption>
                <thead>
                    <tr>
                        {header("Name", ProjectSort::Name)}
                        {header("Type", ProjectSort::Environment)}
                        {header("Created on", ProjectSort::CreatedAt)}
                        {header("State", ProjectSort::State)}
                        {header("Cloud", ProjectSort::Cloud)}
                        {header("Region", ProjectSort::Region)}
                    </tr>
                </thead>
                <tbody data-testid="provisioning-rows">
                    {move || requested.get().into_iter().map(|r| view! { <ProvisioningRow request=r/> }).collect_view()}
                </tbody>
                <tbody
                    on:click=on_row_click
                    // A pointer over a row, or the focus on one, usually
                    // comes a moment before it is opened.
                    on:pointerover=|_| prefetch_project_opening()
                    on:focusin=|_| prefetch_project_opening()
                    node_ref=body
                ></tbody>
            </table>
        </div>
        <div class="table-sentinel" aria-hidden="true" node_ref=sentinel></div>
    }
}

/// A project the user asked for and support has yet to provision: what
/// was asked, and a way to cancel it.
#[component]
fn ProvisioningRow(request: api_types::ProjectRequest) -> impl IntoView {
    let link = use_context::<super::Provisioning>();
    let id = request.id.clone();
    let busy = move || link.is_some_and(|l| l.busy.with(Option::is_some));
    let cancel = move |_| {
        if let Some(cancel) = link.and_then(|l| l.cancel.get_untracked()) {
            cancel.run(id.clone());
        }
    };
    let place = format::region_place(request.cloud, &request.region);
    let requested = format::local_date(&request.created_at);
    view! {
        <tr class="table__row table__row--provisioning" data-testid="provisioning-row">
            <th scope="row" class="table__name">
                <span class="table__requested">{request.name.clone()}</span>
                " "
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Cancel request for {}", request.name)
                    prop:disabled=move || busy() || link.is_none_or(|l| l.cancel.with(Option::is_none))
                    on:click=cancel
                >
                    "Cancel request"
                </button>
            </th>
            <td data-label="Type">
                <span class=environment_badge_class(&request.environment)>{request.environment.as_str().to_string()}</span>
            </td>
            <td data-label="Created on">
                <span>{requested}<span class="region__place">"requested"</span></span>
            </td>
            <td data-label="State">
                <span class="badge badge--state badge--provisioning" title="Support provisions it; it opens from here once it is ready">
                    <span class="badge__dot" aria-hidden="true"></span>
                    "PROVISIONING"
                </span>
            </td>
            <td data-label="Cloud">{request.cloud.as_str()}</td>
            <td data-label="Region">
                <span><code class="region">{request.region.clone()}</code><span class="region__place">{place}</span></span>
            </td>
        </tr>
    }
}

/// Rows of a new list drawn at once: a window's height of rows (rows are at
/// least [`MIN_ROW_PX`] tall) and two more, so the end of them starts out of sight.
pub fn first_rows() -> usize {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(1080.0);
    ((height / MIN_ROW_PX).ceil() as usize + 2).clamp(10, 40)
}

/// Rows drawn at once when the table starts at `top` and the rest are drawn
/// once the end of the rows comes above `reach` (the window's bottom plus
/// [`NEAR_PX`]), both in px from the window's top: enough to pass `reach`,
/// and one more, so that a new list does not at once draw the rest. At
/// least a few, for a table still out of sight.
pub fn rows_to_fill(top: f64, reach: f64) -> usize {
    (((reach - top) / MIN_ROW_PX).ceil().max(0.0) as usize + 1).clamp(5, 40)
}

/// Rows are at least this tall.
const MIN_ROW_PX: f64 = 48.0;
/// How near the end of the drawn rows may come to the window's bottom
/// before the rest are drawn.
/// (An integer: formatting a float would add its machinery to the bundle.)
const NEAR_PX: u32 = 100;

/// Calls `near` when `sentinel` comes within [`NEAR_PX`] of the window's
/// bottom, and asks again each time `generation` changes (a new list).
/// Each answer also says where `table` starts, and `fill` receives how
/// many rows a new list should draw at once from there.
fn draw_the_rest_near_the_end(
    sentinel: NodeRef<leptos::html::Div>,
    table: NodeRef<leptos::html::Table>,
    near: impl Fn() + 'static,
    fill: impl Fn(usize) + 'static,
    generation: Memo<u64>,
) {
    use leptos::wasm_bindgen::closure::Closure;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let mut near_now = false;
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else {
                continue;
            };
            if entry.target().tag_name().eq_ignore_ascii_case("table") {
                // Measured by the observer along with the page's layout:
                // reading it costs no layout of its own.
                if let Some(reach) = entry.root_bounds() {
                    fill(rows_to_fill(
                        entry.bounding_client_rect().top(),
                        reach.bottom(),
                    ));
                }
            } else if entry.is_intersecting() {
                near_now = true;
            }
        }
        if near_now {
            near();
        }
    });
    let options = IntersectionObserverInit::new();
    options.set_root_margin(&format!("0px 0px {NEAR_PX}px 0px"));
    let Ok(observer) =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
    else {
        return;
    };
    let kept = StoredValue::new_local((observer, callback));
    Effect::new(move |_| {
        generation.track();
        // Observing again reports where each is now.
        kept.with_value(|(observer, _)| {
            for el in [
                sentinel.get().map(web_sys::Element::from),
                table.get().map(web_sys::Element::from),
            ]
            .into_iter()
            .flatten()
            {
                observer.unobserve(&el);
                observer.observe(&el);
            }
        });
    });
    on_cleanup(move || {
        kept.try_with_value(|(observer, _)| observer.disconnect());
    });
}

/// The link a click in the table's body follows: the row's own, when the
/// click was on the row rather than on a control (a locked row's link asks
/// for access); `None` for a control that does its own work, or outside a
/// row.
fn row_click(ev: &leptos::ev::MouseEvent) -> Option<web_sys::HtmlElement> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target.closest("tr").ok()??;
    if target
        .closest("a, button, input, select")
        .ok()
        .flatten()
        .is_some()
    {
        return None;
    }
    let link = row.query_selector("a").ok()??;
    link.dyn_into().ok()
}

#[cfg(test)]
mod tests {
    use super::rows_to_fill;

    #[test]
    fn a_new_list_draws_the_rows_that_reach_past_the_window() {
        // An 720 px window and its 100 px margin; the table 330 px down:
        // 490 px of rows, at least 48 px each, is 11 rows, and one more.
        assert_eq!(rows_to_fill(330.0, 820.0), 12);
        // Scrolled so that the table starts above the window: more.
        assert_eq!(rows_to_fill(-500.0, 820.0), 29);
        // Still far below the window: a few.
        assert_eq!(rows_to_fill(5000.0, 820.0), 5);
        // A very tall window: at most 40.
        assert_eq!(rows_to_fill(0.0, 4000.0), 40);
    }
}
