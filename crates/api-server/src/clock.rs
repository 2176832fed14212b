//! The server's clock. Everything that stamps or compares a time asks it,
//! so that one place decides what "now" is.

/// The current time at the precision the database keeps (milliseconds), so
/// that an answer given at creation equals the same thing read back later.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let ms = chrono::Utc::now().timestamp_millis();
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
