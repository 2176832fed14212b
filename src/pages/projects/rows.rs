//! The projects table's rows, drawn straight into its body.
//!
//! A search draws a new list of rows on every keystroke. Each row is cloned
//! from a fixed template and filled in with a few DOM calls, and the rows a
//! new list shares with the last one are kept. Built by the view macros,
//! the same rows cost the keystroke about a millisecond more in the
//! framework's generic view code than in the DOM.
//!
//! The templates hold no data: every value is set as text or as an
//! attribute, never parsed as markup.

use crate::components::{environment_badge_class, state_badge_look, LOCK_PATH};
use crate::format;
use crate::routes;
use api_types::{ProjectId, ProjectSummary};
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// A project the user may open: its name links to its dashboard.
const OPEN_ROW: &str = concat!(
    r#"<tr data-testid="project-row">"#,
    r#"<th scope="row" class="table__name"><a class="table__link">-</a></th>"#,
    r#"<td data-label="Type"><span data-testid="env-badge">-</span></td>"#,
    r#"<td data-label="Created on"><time>-</time></td>"#,
    r#"<td data-label="State"><span data-testid="state-badge"><span class="badge__dot" aria-hidden="true"></span>-</span></td>"#,
    r#"<td data-label="Cloud">-</td>"#,
    r#"<td data-label="Region"><span><code class="region">-</code><span class="region__place"></span></span></td>"#,
    "</tr>",
);

/// The `CURRENT` badge, after the name of the project the user is in.
const CURRENT_BADGE: &str =
    r#"<span class="badge badge--current" data-testid="current-badge">CURRENT</span>"#;

/// A value of a locked project, hidden.
const HIDDEN: &str = concat!(
    r#"<span aria-hidden="true">&#x2014;</span>"#,
    r#"<span class="visually-hidden">Hidden: no access</span>"#,
);

/// The project of each drawn row, and whether it was drawn as the current one.
struct Drawn {
    project: ProjectSummary,
    current: bool,
    row: Element,
}

/// The rows in a table's body, and the projects they show.
pub struct Rows {
    body: Element,
    drawn: Vec<Drawn>,
    templates: Templates,
}

impl Rows {
    /// Rows drawn into `body`, which starts empty; `None` outside a
    /// document.
    pub fn new(body: Element) -> Option<Self> {
        Some(Self {
            body,
            drawn: Vec::new(),
            templates: Templates::new()?,
        })
    }

    /// Shows `projects` in their order, `current` marked. The rows of the
    /// projects shown before, unchanged and with the same mark, are kept
    /// (moved if need be); the others are removed.
    pub fn show<'a>(
        &mut self,
        projects: impl IntoIterator<Item = &'a ProjectSummary>,
        current: Option<&ProjectId>,
    ) {
        let mut before = std::mem::take(&mut self.drawn);
        for project in projects {
            let is_current = current == Some(&project.id);
            let kept = before
                .iter()
                .position(|d| d.project == *project && d.current == is_current)
                .map(|at| before.swap_remove(at));
            let drawn = kept.or_else(|| {
                Some(Drawn {
                    row: self.templates.row(project, is_current)?,
                    project: project.clone(),
                    current: is_current,
                })
            });
            self.drawn.extend(drawn);
        }
        for gone in before {
            gone.row.remove();
        }
        // In order: each row goes before the first one not yet in place.
        let mut next = self.body.first_element_child();
        for drawn in &self.drawn {
            if next.as_ref() == Some(&drawn.row) {
                next = drawn.row.next_element_sibling();
            } else {
                let _ = self
                    .body
                    .insert_before(&drawn.row, next.as_ref().map(|n| n.as_ref()));
            }
        }
    }
}

/// The rows' templates, parsed once per table.
struct Templates {
    open: Element,
    locked: Element,
    current: Element,
}

impl Templates {
    fn new() -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let parse = |markup: &str, context: &str| {
            let holder = document.create_element(context).ok()?;
            holder.set_inner_html(markup);
            holder.first_element_child()
        };
        let locked = format!(
            concat!(
                r#"<tr class="table__row table__row--locked" data-testid="project-row" data-locked="true">"#,
                r#"<th scope="row" class="table__name">"#,
                r#"<a class="table__locked">"#,
                r#"<svg class="lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">"#,
                r#"<path fill="currentColor" d="{lock}"></path></svg>-</a> "#,
                r#"<span class="badge badge--locked" data-testid="locked-badge">No access</span></th>"#,
                r#"<td data-label="Type"><span data-testid="env-badge">-</span></td>"#,
                r#"<td data-label="Created on">{hidden}</td>"#,
                r#"<td data-label="State"><span data-testid="state-badge"><span class="badge__dot" aria-hidden="true"></span>-</span></td>"#,
                r#"<td data-label="Cloud">{hidden}</td>"#,
                r#"<td data-label="Region">{hidden}</td>"#,
                "</tr>",
            ),
            lock = LOCK_PATH,
            hidden = HIDDEN,
        );
        Some(Self {
            open: parse(OPEN_ROW, "tbody")?,
            locked: parse(&locked, "tbody")?,
            current: parse(CURRENT_BADGE, "div")?,
        })
    }

    /// A new row for `project`.
    fn row(&self, project: &ProjectSummary, is_current: bool) -> Option<Element> {
        if project.locked() {
            return self.locked_row(project);
        }
        let row = clone(&self.open)?;
        let mut class = String::from("table__row table__row--link");
        if project.environment.is_production() {
            class.push_str(" table__row--production");
        }
        if is_current {
            class.push_str(" table__row--current");
        }
        row.set_class_name(&class);
        let _ = row.set_attribute("data-project-id", project.id.as_str());
        let [name, kind, created, state, cloud, region] = cells(&row)?;
        if let Some(link) = name.first_element_child() {
            let _ = link.set_attribute("href", &routes::project_dashboard(&project.id));
            link.set_text_content(Some(&project.name));
        }
        if let Some(badge) = is_current.then(|| clone(&self.current)).flatten() {
            let _ = name.append_child(&badge);
        }
        fill_badges(project, &kind, &state);
        if let Some(time) = created.first_element_child() {
            match &project.created_at {
                Some(at) => {
                    let iso = format::iso_timestamp(at);
                    let _ = time.set_attribute("datetime", &iso);
                    let _ = time.set_attribute("title", &iso);
                    time.set_text_content(Some(&format::local_date(at)));
                }
                None => time.remove(),
            }
        }
        cloud.set_text_content(project.cloud.map(|c| c.as_str()));
        // One cell item (the code, and the place under it), so that the
        // narrow layout keeps both beside the label.
        let both = region.first_element_child();
        if let Some(code) = both.as_ref().and_then(Element::first_element_child) {
            code.set_text_content(project.region.as_deref());
        }
        if let Some(place) = both.as_ref().and_then(Element::last_element_child) {
            let known = project.cloud.zip(project.region.as_deref());
            place.set_text_content(
                known.and_then(|(cloud, code)| format::region_place(cloud, code)),
            );
        }
        Some(row)
    }

    /// A new row for a project the user is not a member of: its name,
    /// which leads to asking for access, its environment and state, and
    /// dashes for the rest.
    fn locked_row(&self, project: &ProjectSummary) -> Option<Element> {
        let row = clone(&self.locked)?;
        let _ = row.set_attribute("data-project-id", project.id.as_str());
        let [name, kind, _, state, _, _] = cells(&row)?;
        if let Some(link) = name.first_element_child() {
            let _ = link.set_attribute("href", &routes::request_access(&project.id));
            if let Some(text) = link.last_child() {
                text.set_text_content(Some(&project.name));
            }
        }
        fill_badges(project, &kind, &state);
        Some(row)
    }
}

/// The environment and state badges of a row.
fn fill_badges(project: &ProjectSummary, kind: &Element, state: &Element) {
    if let Some(badge) = kind.first_element_child() {
        badge.set_class_name(environment_badge_class(&project.environment));
        badge.set_text_content(Some(project.environment.as_str()));
    }
    if let Some(badge) = state.first_element_child() {
        let (class, hint) = state_badge_look(project.state);
        badge.set_class_name(class);
        let _ = badge.set_attribute("title", hint);
        if let Some(word) = badge.last_child() {
            word.set_text_content(Some(project.state.as_str()));
        }
    }
}

/// A deep copy of a template.
fn clone(template: &Element) -> Option<Element> {
    template
        .clone_node_with_deep(true)
        .ok()
        .map(Node::unchecked_into)
}

/// A row's six cells: the name, then one per column.
fn cells(row: &Element) -> Option<[Element; 6]> {
    std::iter::successors(row.first_element_child(), Element::next_element_sibling)
        .collect::<Vec<_>>()
        .try_into()
        .ok()
}
