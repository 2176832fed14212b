//! A date as the reader's locale writes it, with the exact instant for
//! machines and assistive technology.

use crate::format;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// `at` as a local date in a `<time>` element.
#[component]
pub fn LocalDate(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=format::iso_timestamp(&at)>{format::local_date(&at)}</time> }
}
