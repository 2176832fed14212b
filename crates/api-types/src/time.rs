//! Date-times on the wire: RFC 3339, read strictly as the API document's
//! pattern (`schema::DATE_TIME_PATTERN`) states it, and written as chrono
//! writes them (`2030-01-31T23:59:59Z`). A field takes them with
//! `#[serde(with = "crate::time::rfc3339")]`, or `rfc3339_option` (with
//! `default`) for an optional one.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// What a date-time must look like, for error messages.
const EXPECTED: &str = "an RFC 3339 date-time such as 2030-01-31T23:59:59Z";

/// Reads `text` as an RFC 3339 date-time: `YYYY-MM-DDThh:mm:ss`, an
/// optional fraction of a second, then `Z` or an offset `±hh:mm` (`T` and
/// `Z` in either case; a leap second `:60` is kept as chrono keeps one).
/// Anything else, or a date that does not exist, is `None`.
pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let at = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":")) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if at(i, b".") {
        let start = i + 1;
        i = start;
        while at(i, b"0123456789") {
            i += 1;
        }
        let kept = (i - start).min(9);
        if kept == 0 {
            return None;
        }
        nanos = digits(start, kept)? * 10u32.pow(9 - kept as u32);
    }
    let offset_minutes = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1, 2)?, digits(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = if second == 60 {
        NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanos)?
    } else {
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?
    };
    let utc = date
        .and_time(time)
        .checked_sub_signed(TimeDelta::minutes(offset_minutes))?;
    Some(utc.and_utc())
}

struct Rfc3339;

impl Visitor<'_> for Rfc3339 {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_rfc3339(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &EXPECTED))
    }
}

/// A required date-time.
pub mod rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_str(Rfc3339)
    }
}

/// An optional date-time: `null` (or, with `#[serde(default)]`, absent) is
/// `None`.
pub mod rfc3339_option {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        struct Maybe;

        impl<'de> Visitor<'de> for Maybe {
            type Value = Option<DateTime<Utc>>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{EXPECTED}, or null")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                d.deserialize_str(Rfc3339).map(Some)
            }
        }

        d.deserialize_option(Maybe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{SecondsFormat, TimeZone};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn what_the_pattern_allows_is_read() {
        let at = utc(2030, 1, 31, 23, 59, 59);
        for text in [
            "2030-01-31T23:59:59Z",
            "2030-01-31t23:59:59z",
            "2030-02-01T00:59:59+01:00",
            "2030-01-31T20:29:59-03:30",
        ] {
            assert_eq!(parse_rfc3339(text), Some(at), "{text}");
        }
        let fraction = parse_rfc3339("2030-01-31T23:59:59.5Z").unwrap();
        assert_eq!(fraction.timestamp_subsec_millis(), 500);
        // Digits beyond nanoseconds are allowed and dropped.
        let long = parse_rfc3339("2030-01-31T23:59:59.1234567891234Z").unwrap();
        assert_eq!(long.timestamp_subsec_nanos(), 123_456_789);
        let leap = parse_rfc3339("2016-12-31T23:59:60Z").unwrap();
        assert_eq!(
            leap.to_rfc3339_opts(SecondsFormat::Secs, true),
            "2016-12-31T23:59:60Z"
        );
    }

    #[test]
    fn what_the_pattern_refuses_is_refused() {
        for text in [
            "",
            "2030-01-31",
            "2030-01-31 23:59:59Z",
            "2030-01-31T23:59:59",
            "2030-01-31T23:59Z",
            "2030-1-31T23:59:59Z",
            "+2030-01-31T23:59:59Z",
            "2030-01-31T24:00:00Z",
            "2030-01-31T23:60:00Z",
            "2030-01-31T23:59:61Z",
            "2030-13-01T00:00:00Z",
            "2030-00-01T00:00:00Z",
            "2030-01-32T00:00:00Z",
            "2030-01-31T23:59:59.Z",
            "2030-01-31T23:59:59+0100",
            "2030-01-31T23:59:59+24:00",
            "2030-01-31T23:59:59+01:60",
            "2030-01-31T23:59:59ZZ",
            " 2030-01-31T23:59:59Z",
            "2030-01-31T23:59:59Z ",
            "２０３０-01-31T23:59:59Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text:?}");
        }
        // The pattern cannot tell the days of a month; the calendar can.
        assert_eq!(parse_rfc3339("2030-02-30T00:00:00Z"), None);
        assert!(parse_rfc3339("2028-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn fields_read_strictly_and_write_as_before() {
        #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
        struct Body {
            #[serde(with = "rfc3339")]
            at: DateTime<Utc>,
            #[serde(default, with = "rfc3339_option")]
            until: Option<DateTime<Utc>>,
        }
        let body: Body = serde_json::from_str(r#"{"at":"2030-01-31T23:59:59Z"}"#).unwrap();
        assert_eq!(body.until, None);
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"at":"2030-01-31T23:59:59Z","until":null}"#
        );
        let both: Body = serde_json::from_str(
            r#"{"at":"2030-01-31T23:59:59Z","until":"2031-01-01T00:00:00+01:00"}"#,
        )
        .unwrap();
        assert_eq!(both.until, Some(utc(2030, 12, 31, 23, 0, 0)));
        let null: Body =
            serde_json::from_str(r#"{"at":"2030-01-31T23:59:59Z","until":null}"#).unwrap();
        assert_eq!(null.until, None);
        let loose = serde_json::from_str::<Body>(r#"{"at":"2030-01-31 23:59:59Z"}"#).unwrap_err();
        assert!(loose.to_string().contains("RFC 3339"), "{loose}");
        assert!(
            serde_json::from_str::<Body>(r#"{"at":"2030-01-31T23:59:59Z","until":5}"#).is_err()
        );
    }
}
