//! The server's clock. Everything that stamps or compares a time asks it,
//! so that one place decides what "now" is.

/// The current time at the precision the database keeps (milliseconds), so
/// that an answer given at creation equals the same thing read back later.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    from_millis(chrono::Utc::now().timestamp_millis())
}

/// The time a stored count of milliseconds since 1970 stands for (the
/// epoch itself for one out of chrono's range, which no stored time is).
pub fn from_millis(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// How far tests moved the data plane's clock forward, in milliseconds.
static DATA_PLANE_OFFSET_MS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// The simulated data plane's clock: [`now`], moved forward by what a test
/// asked for (see [`move_data_plane`]). Only the data plane reads it, so
/// sessions, tokens and the activity log keep real time.
pub fn data_plane_now() -> chrono::DateTime<chrono::Utc> {
    now()
        + chrono::Duration::milliseconds(
            DATA_PLANE_OFFSET_MS.load(std::sync::atomic::Ordering::Relaxed),
        )
}

/// Moves the data plane's clock forward by `by` (a server started with
/// `--test-clock` offers this to end-to-end tests); the new offset.
pub fn move_data_plane(by: chrono::Duration) -> chrono::Duration {
    let total = DATA_PLANE_OFFSET_MS
        .fetch_add(by.num_milliseconds(), std::sync::atomic::Ordering::Relaxed)
        + by.num_milliseconds();
    chrono::Duration::milliseconds(total)
}
