//! How values are written for people.

use chrono::{DateTime, Utc};

/// A readable date in the viewer's own time zone, e.g. `Feb 12, 2024`.
/// The month is written as a word so the date reads the same way for every
/// visitor. Off the browser (native tests) the time zone is UTC.
///
/// Written here rather than by `Intl.DateTimeFormat`: building one costs
/// the browser 20 ms the first time, on the way to the first rows.
pub fn local_date(at: &DateTime<Utc>) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local = *at + chrono::Duration::minutes(local_offset_minutes(at));
    format!(
        "{} {}, {}",
        MONTHS[local.month0() as usize],
        local.day(),
        local.year()
    )
}

/// A readable date and time of day in the viewer's time zone, e.g.
/// `Feb 12, 2024, 15:04`.
pub fn local_date_time(at: &DateTime<Utc>) -> String {
    use chrono::Timelike;
    let local = *at + chrono::Duration::minutes(local_offset_minutes(at));
    format!(
        "{}, {:02}:{:02}",
        local_date(at),
        local.hour(),
        local.minute()
    )
}

/// The viewer's offset from UTC at that moment, in minutes (east positive).
fn local_offset_minutes(at: &DateTime<Utc>) -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ));
        -(date.get_timezone_offset() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = at;
        0
    }
}

/// The current time, from the browser's clock (the system clock natively).
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

/// A full timestamp in UTC for tooltips and `datetime` attributes,
/// e.g. `2024-02-12T15:04:11Z`.
pub fn iso_timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// How long ago `then` was, from `now`: "just now", "5 minutes ago",
/// "3 hours ago", "2 days ago", and past a month the date.
pub fn ago(then: &DateTime<Utc>, now: &DateTime<Utc>) -> String {
    let seconds = (*now - *then).num_seconds().max(0);
    let (n, unit) = match seconds {
        0..=59 => return "just now".to_string(),
        60..=3599 => (seconds / 60, "minute"),
        3600..=86_399 => (seconds / 3600, "hour"),
        86_400..=2_591_999 => (seconds / 86_400, "day"),
        _ => return format!("on {}", local_date(then)),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// "1 project", "14 projects".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{} {plural}", grouped(n))
    }
}

/// A whole number with its thousands grouped: `10,000` (the server writes
/// counts in its messages the same way).
pub use api_types::grouped;

/// Where a region is, for people: `Frankfurt` for GCP's `europe-west3`,
/// `US East (N. Virginia)` for AWS's `us-east-1` (its code left out when
/// the readable name ends with it), if the region is known.
pub fn region_place(cloud: api_types::Cloud, code: &str) -> Option<&'static str> {
    let name = api_types::region_name(cloud, code)?;
    Some(
        name.strip_suffix(')')
            .and_then(|n| n.strip_suffix(code))
            .and_then(|n| n.strip_suffix(" ("))
            .unwrap_or(name),
    )
}

/// A cloud provider's full name.
pub fn cloud_name(cloud: api_types::Cloud) -> &'static str {
    use api_types::Cloud;
    match cloud {
        Cloud::Aws => "Amazon Web Services (AWS)",
        Cloud::Azure => "Microsoft Azure",
        Cloud::Gcp => "Google Cloud (GCP)",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn region_places_leave_the_code_out() {
        use api_types::Cloud;
        assert_eq!(
            super::region_place(Cloud::Gcp, "europe-west3"),
            Some("Frankfurt")
        );
        assert_eq!(
            super::region_place(Cloud::Aws, "us-east-1"),
            Some("US East (N. Virginia)")
        );
        assert_eq!(super::region_place(Cloud::Aws, "mars-north-1"), None);
    }

    use super::*;

    #[test]
    fn ages_read_as_people_say_them() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let at = |s: i64| now - chrono::Duration::seconds(s);
        assert_eq!(ago(&at(5), &now), "just now");
        assert_eq!(ago(&at(-30), &now), "just now");
        assert_eq!(ago(&at(60), &now), "1 minute ago");
        assert_eq!(ago(&at(5 * 60 + 20), &now), "5 minutes ago");
        assert_eq!(ago(&at(3 * 3600), &now), "3 hours ago");
        assert_eq!(ago(&at(86_400), &now), "1 day ago");
        assert!(ago(&at(90 * 86_400), &now).starts_with("on "));
    }
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_month_day_year() {
        let at = Utc.with_ymd_and_hms(2024, 2, 12, 15, 4, 11).unwrap();
        assert_eq!(local_date(&at), "Feb 12, 2024");
        let new_year = Utc.with_ymd_and_hms(2023, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(local_date(&new_year), "Dec 31, 2023");
        let first = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(local_date(&first), "Jan 1, 2025");
        assert_eq!(iso_timestamp(&at), "2024-02-12T15:04:11Z");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(0, "project", "projects"), "0 projects");
        assert_eq!(count(1, "project", "projects"), "1 project");
        assert_eq!(count(14, "project", "projects"), "14 projects");
        assert_eq!(count(10_000, "project", "projects"), "10,000 projects");
    }

    #[test]
    fn large_numbers_group_their_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(123_456_789), "123,456,789");
    }
}
