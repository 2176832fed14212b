//! A small line chart of our own, drawn as SVG: one or two series over the
//! steps of a window, with a sentence that says what it shows and a table
//! of the same numbers for people who cannot see it. A charting library
//! was weighed and left out: the console draws four kinds of line, and
//! this file costs a fraction of what a library adds to the page's chunk.

use crate::format::{grouped, local_date_time};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Width and height of the drawing, in its own units (it scales to fit).
const WIDTH: u64 = 600;
const HEIGHT: u64 = 150;

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Its name in the legend and the table.
    pub label: &'static str,
    /// One value per step; none where there was nothing to measure.
    pub values: Vec<Option<u64>>,
}

/// The largest value of the series, and at which step.
fn peak(values: &[Option<u64>]) -> Option<(usize, u64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .fold(None, |best, (i, v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((i, v)),
        })
}

/// The polyline of `values` scaled so that `top` is the top of the drawing;
/// a gap (no value) starts a new line.
pub fn lines(values: &[Option<u64>], top: u64) -> Vec<String> {
    let steps = values.len().max(2) as u64 - 1;
    let top = top.max(1);
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let x = i as u64 * WIDTH / steps;
                let y = HEIGHT - (*v).min(top) * HEIGHT / top;
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&format!("{x},{y}"));
            }
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A chart of `series` over the steps starting at `times`, its values
/// written by `format`.
#[component]
pub fn Chart(
    /// The chart's heading.
    title: &'static str,
    /// What the chart says, in a sentence (totals, the current value).
    summary: String,
    /// When each step starts.
    times: Vec<DateTime<Utc>>,
    /// One or two lines.
    series: Vec<Series>,
    /// Writes a value for people.
    format: fn(u64) -> String,
    /// For tests.
    testid: &'static str,
) -> impl IntoView {
    let top = series
        .iter()
        .filter_map(|s| peak(&s.values).map(|(_, v)| v))
        .max()
        .unwrap_or(0);
    let peaks: Vec<String> = series
        .iter()
        .filter_map(|s| {
            peak(&s.values).filter(|(_, v)| *v > 0).map(|(i, v)| {
                format!(
                    "{} peaked at {} ({})",
                    s.label,
                    format(v),
                    times.get(i).map(local_date_time).unwrap_or_default()
                )
            })
        })
        .collect();
    let described = if peaks.is_empty() {
        format!("{summary} Nothing to show in this window.")
    } else {
        format!("{summary} {}.", peaks.join("; "))
    };
    let first = times.first().map(local_date_time).unwrap_or_default();
    let last = times.last().map(local_date_time).unwrap_or_default();
    let drawn = series
        .iter()
        .enumerate()
        .flat_map(|(n, s)| {
            lines(&s.values, top).into_iter().map(move |points| {
                view! {
                    <polyline
                        class=format!("chart__line chart__line--{n}")
                        points=points
                        fill="none"
                        vector-effect="non-scaling-stroke"
                    />
                }
            })
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="chart__legend">
                {series
                    .iter()
                    .enumerate()
                    .map(|(n, s)| view! {
                        <li><span class=format!("chart__key chart__key--{n}") aria-hidden="true"></span>{s.label}</li>
                    })
                    .collect_view()}
            </ul>
        }
    });
    let head = series
        .iter()
        .map(|s| view! { <th scope="col">{s.label}</th> })
        .collect_view();
    let rows = times
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let cells = series
                .iter()
                .map(|s| {
                    let v = s.values.get(i).copied().flatten();
                    view! { <td class="table__number">{v.map(format).unwrap_or_else(|| "\u{2014}".into())}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{local_date_time(at)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption class="chart__caption">
                <span class="chart__title">{title}</span>
                <span class="chart__summary" data-testid="chart-summary">{described.clone()}</span>
            </figcaption>
            {legend}
            <div class="chart__frame">
                <span class="chart__top" aria-hidden="true">{format(top)}</span>
                <svg
                    class="chart__svg"
                    viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                    preserveAspectRatio="none"
                    role="img"
                    aria-label=described
                >
                    <line class="chart__grid" x1="0" y1="0" x2=WIDTH.to_string() y2="0" vector-effect="non-scaling-stroke"/>
                    <line class="chart__grid" x1="0" y1=(HEIGHT / 2).to_string() x2=WIDTH.to_string() y2=(HEIGHT / 2).to_string() vector-effect="non-scaling-stroke"/>
                    <line class="chart__base" x1="0" y1=HEIGHT.to_string() x2=WIDTH.to_string() y2=HEIGHT.to_string() vector-effect="non-scaling-stroke"/>
                    {drawn}
                </svg>
                <span class="chart__bottom" aria-hidden="true">"0"</span>
            </div>
            <div class="chart__times" aria-hidden="true"><span>{first}</span><span>{last}</span></div>
            <details class="chart__numbers">
                <summary>"Show the numbers"</summary>
                <div class="table-wrap">
                    <table class="table table--auto">
                        <caption class="visually-hidden">{title}</caption>
                        <thead><tr><th scope="col">"Step starting"</th>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// Counts for a chart's table and captions.
pub fn records(n: u64) -> String {
    grouped(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_scale_to_the_top_and_break_at_gaps() {
        assert_eq!(
            lines(&[Some(0), Some(50), Some(100)], 100),
            ["0,150 300,75 600,0"]
        );
        assert_eq!(
            lines(&[Some(10), None, Some(10), Some(10), None], 10),
            ["0,0", "300,0 450,0"]
        );
        assert!(lines(&[None, None], 10).is_empty());
        // Nothing at all draws a flat line, not a division by zero.
        assert_eq!(lines(&[Some(0), Some(0)], 0), ["0,150 600,150"]);
    }

    #[test]
    fn the_peak_is_the_first_largest_value() {
        assert_eq!(peak(&[Some(1), Some(5), None, Some(5)]), Some((1, 5)));
        assert_eq!(peak(&[None]), None);
    }
}
