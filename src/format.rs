//! How values are written for people.

use chrono::{DateTime, Utc};

// Building a formatter is what costs (a locale lookup); it is built once and
// kept, instead of once per date as `Date.toLocaleDateString` would.
#[cfg(target_arch = "wasm32")]
thread_local! {
    static DATE_FORMAT: js_sys::Function = {
        let options = js_sys::Object::new();
        for (key, value) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
            // Setting a property on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
    };
}

/// A readable date in the viewer's own time zone and locale, e.g.
/// `Feb 12, 2024`. Off the browser (native tests) it falls back to UTC in
/// English.
pub fn local_date(at: &DateTime<Utc>) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ));
        DATE_FORMAT.with(|format| {
            format
                .call1(&wasm_bindgen::JsValue::NULL, &date)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| iso_timestamp(at)[..10].to_string())
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        at.format("%b %-d, %Y").to_string()
    }
}

/// A full timestamp in UTC for tooltips and `datetime` attributes,
/// e.g. `2024-02-12T15:04:11Z`.
pub fn iso_timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// "1 project", "14 projects".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_month_day_year() {
        let at = Utc.with_ymd_and_hms(2024, 2, 12, 15, 4, 11).unwrap();
        assert_eq!(local_date(&at), "Feb 12, 2024");
        assert_eq!(iso_timestamp(&at), "2024-02-12T15:04:11Z");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(0, "project", "projects"), "0 projects");
        assert_eq!(count(1, "project", "projects"), "1 project");
        assert_eq!(count(14, "project", "projects"), "14 projects");
    }
}
