//! Slows down repeated failed sign-ins, per account and per client address:
//! the keys and their strikes, kept in the database so that every server
//! instance sharing it counts together, bounded, and how waits grow.

use crate::db::{Conn, DbError, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};
use std::net::IpAddr;
use std::time::Duration;

/// The limiter's key for an address: the address itself, or for IPv6 its
/// /64 network, which one client can fill with addresses. An IPv4 client
/// of a server listening on `[::]` arrives as an IPv4-mapped IPv6 address,
/// and is keyed by its IPv4 address, not by the one /64 all of them share.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("address:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("address:{v4}"),
            None => {
                let s = v6.segments();
                format!("address:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Failed sign-ins allowed per account before it is slowed down.
pub const ACCOUNT_FREE: u32 = 5;
/// Failed sign-ins allowed per client address before it is slowed down.
pub const ADDRESS_FREE: u32 = 20;
/// A day without a failure, and a key starts over. Longer than the longest
/// wait, so that waiting one out does not bring the free attempts back.
const FORGET_AFTER: Duration = Duration::from_millis(crate::db::STRIKES_KEPT_MS as u64);
/// The longest wait imposed.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Most keys remembered; the stalest unblocked ones make room beyond it.
pub const CAPACITY: usize = 10_000;

/// Slows down repeated failed sign-ins, per account and per client address:
/// after the free failures, each further one doubles the wait (from one
/// second, to at most 15 minutes). Bounded: keys are at most an email
/// address long, and there are at most `capacity` of them.
pub struct Limiter {
    capacity: usize,
}

impl Default for Limiter {
    fn default() -> Self {
        Self { capacity: CAPACITY }
    }
}

/// One key's failures, as stored.
#[derive(Debug, Clone, Copy)]
struct Strikes {
    failures: i64,
    /// Milliseconds since the Unix epoch.
    last: i64,
    blocked_until: Option<i64>,
}

impl Strikes {
    fn blocked_at(&self, now: i64) -> Option<Duration> {
        self.blocked_until
            .filter(|until| *until > now)
            .map(|until| millis(until - now))
    }
}

fn millis(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

fn as_millis(span: Duration) -> i64 {
    i64::try_from(span.as_millis()).unwrap_or(i64::MAX)
}

fn strikes(conn: &Conn, key: &str) -> Result<Option<Strikes>, DbError> {
    conn.query_row(
        "SELECT failures, last_at, blocked_until FROM sign_in_strikes WHERE key = ?1",
        params![key],
        |row| {
            Ok(Strikes {
                failures: row.get(0)?,
                last: row.get(1)?,
                blocked_until: row.get(2)?,
            })
        },
    )
    .optional()
}

fn store(conn: &Conn, key: &str, s: &Strikes) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO sign_in_strikes (key, failures, last_at, blocked_until) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
            last_at = excluded.last_at, blocked_until = excluded.blocked_until",
        params![key, s.failures, s.last, s.blocked_until],
    )?;
    Ok(())
}

fn count(conn: &Conn) -> Result<usize, DbError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM sign_in_strikes", params![], |r| {
        r.get(0)
    })?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

impl Limiter {
    /// A limiter that remembers at most `capacity` keys.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { capacity }
    }

    /// Starts a sign-in attempt for `keys` (each with its free failures;
    /// the account's first, then the client's address): refused with the
    /// wait if one of them is blocked, otherwise counted as a failure until
    /// [`Self::succeeded`] says otherwise. One writing transaction, so that
    /// attempts made at once through any instance are all counted.
    ///
    /// A blocked account still lets through an attempt from an address
    /// that has no failure on record: otherwise anyone who knows an email
    /// could keep its owner locked out with one attempt every few minutes.
    /// That attempt counts against the address, so each address gets one
    /// such try before the lock applies to it too.
    ///
    /// When the table is full of blocked keys, a new key cannot be counted,
    /// and its attempt is refused until the first block ends (failing
    /// closed: an uncounted attempt would be an unlimited one).
    pub fn attempt(
        &self,
        conn: &mut Conn,
        keys: &[(String, u32)],
        now: DateTime<Utc>,
    ) -> Result<Result<(), Duration>, DbError> {
        let now = now.timestamp_millis();
        let tx = conn.write_tx()?;
        let mut known = Vec::with_capacity(keys.len());
        for (key, _) in keys {
            known.push(strikes(&tx, key)?);
        }
        let blocked = |i: usize| known[i].and_then(|s| s.blocked_at(now));
        let account_wait = (!keys.is_empty()).then(|| blocked(0)).flatten();
        let other_wait = (1..keys.len()).filter_map(blocked).max();
        if let Some(wait) = other_wait {
            return Ok(Err(wait));
        }
        if account_wait.is_some() {
            let clean_address =
                keys.len() > 1 && known[1..].iter().all(|s| s.is_none_or(|s| s.failures == 0));
            if let (false, Some(wait)) = (clean_address, account_wait) {
                return Ok(Err(wait));
            }
        }
        let new = known.iter().filter(|s| s.is_none()).count();
        if new > 0 {
            if let Err(wait) = self.make_room(&tx, now, new)? {
                return Ok(Err(wait));
            }
        }
        for ((key, free), seen) in keys.iter().zip(known) {
            let mut s = seen.unwrap_or(Strikes {
                failures: 0,
                last: now,
                blocked_until: None,
            });
            if now - s.last >= as_millis(FORGET_AFTER) {
                s.failures = 0;
            }
            s.failures += 1;
            s.last = now;
            let free = i64::from(*free);
            if s.failures >= free {
                let doublings = (s.failures - free).min(10);
                let wait = Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT);
                s.blocked_until = Some(now + as_millis(wait));
            }
            store(&tx, key, &s)?;
        }
        tx.commit()?;
        Ok(Ok(()))
    }

    /// The attempt succeeded: the account starts over, and the address
    /// gets back the failure the attempt was counted as.
    pub fn succeeded(&self, conn: &mut Conn, keys: &[(String, u32)]) -> Result<(), DbError> {
        let tx = conn.write_tx()?;
        let mut keys = keys.iter();
        if let Some((account, _)) = keys.next() {
            tx.execute(
                "DELETE FROM sign_in_strikes WHERE key = ?1",
                params![account],
            )?;
        }
        for (key, free) in keys {
            if let Some(mut s) = strikes(&tx, key)? {
                s.failures = (s.failures - 1).max(0);
                if s.failures < i64::from(*free) {
                    s.blocked_until = None;
                }
                store(&tx, key, &s)?;
            }
        }
        tx.commit()
    }

    /// How many keys are remembered.
    pub fn len(&self, conn: &Conn) -> Result<usize, DbError> {
        count(conn)
    }

    /// Makes room for `new` more keys when the table is full: forgets keys
    /// without a failure for a day, then the stalest unblocked ones. Never
    /// a blocked key: when too many are blocked, the wait until the first
    /// block ends.
    fn make_room(&self, tx: &Conn, now: i64, new: usize) -> Result<Result<(), Duration>, DbError> {
        let fits = |n: usize| n + new <= self.capacity;
        if fits(count(tx)?) {
            return Ok(Ok(()));
        }
        crate::db::forget_stale_strikes(tx, now)?;
        let n = count(tx)?;
        if fits(n) {
            return Ok(Ok(()));
        }
        let over = i64::try_from(n + new - self.capacity).unwrap_or(i64::MAX);
        tx.execute(
            "DELETE FROM sign_in_strikes WHERE key IN (SELECT key FROM sign_in_strikes
                WHERE blocked_until IS NULL OR blocked_until <= ?1 ORDER BY last_at LIMIT ?2)",
            params![now, over],
        )?;
        if fits(count(tx)?) {
            return Ok(Ok(()));
        }
        let first_end: Option<i64> = tx.query_row(
            "SELECT MIN(blocked_until) FROM sign_in_strikes WHERE blocked_until > ?1",
            params![now],
            |r| r.get(0),
        )?;
        Ok(Err(
            first_end.map_or(Duration::from_secs(1), |end| millis(end - now))
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Location;
    use std::net::IpAddr;
    use std::time::Duration as Span;

    fn key(name: &str, free: u32) -> Vec<(String, u32)> {
        vec![(name.to_string(), free)]
    }

    /// A limiter on a database of its own.
    struct Fixture {
        conn: Conn,
        limiter: Limiter,
    }

    impl Fixture {
        fn with_capacity(capacity: usize) -> Self {
            let mut conn = Conn::open(&Location::Sqlite(":memory:".into())).unwrap();
            crate::db::migrations::apply(&mut conn).unwrap();
            Self {
                conn,
                limiter: Limiter::with_capacity(capacity),
            }
        }

        fn new() -> Self {
            Self::with_capacity(CAPACITY)
        }

        fn attempt(&mut self, keys: &[(String, u32)], at: Instant) -> Result<(), Span> {
            self.limiter.attempt(&mut self.conn, keys, at.0).unwrap()
        }

        fn succeeded(&mut self, keys: &[(String, u32)]) {
            self.limiter.succeeded(&mut self.conn, keys).unwrap();
        }

        fn len(&self) -> usize {
            self.limiter.len(&self.conn).unwrap()
        }
    }

    /// A moment, as the tests count time.
    #[derive(Clone, Copy)]
    struct Instant(DateTime<Utc>);

    impl Instant {
        fn now() -> Self {
            Self(crate::clock::now())
        }
    }

    impl std::ops::Add<Span> for Instant {
        type Output = Instant;
        fn add(self, span: Span) -> Instant {
            Instant(self.0 + chrono::Duration::from_std(span).unwrap())
        }
    }

    /// A small table, for the tests that fill it.
    const CAP: usize = 200;

    #[test]
    fn failures_beyond_the_free_ones_wait_longer_each_time() {
        let mut limiter = Fixture::new();
        let t0 = Instant::now();
        let k = key("account:ana@example.com", 3);
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        // The third counts, and the next has to wait a second.
        assert_eq!(limiter.attempt(&k, t0), Ok(()));
        assert_eq!(limiter.attempt(&k, t0), Err(Span::from_secs(1)));
        let t1 = t0 + Span::from_secs(1);
        assert_eq!(limiter.attempt(&k, t1), Ok(()));
        assert_eq!(limiter.attempt(&k, t1), Err(Span::from_secs(2)));
        // Waiting out the longest wait does not give the free ones back.
        let late = t1 + LONGEST_WAIT + Span::from_secs(1);
        assert_eq!(limiter.attempt(&k, late), Ok(()));
        assert!(limiter.attempt(&k, late).is_err());
        // A success starts the account over.
        limiter.succeeded(&k);
        assert_eq!(limiter.attempt(&k, late), Ok(()));
        // A day without failures, and a key starts over.
        let next_day = late + FORGET_AFTER;
        for _ in 0..2 {
            assert_eq!(limiter.attempt(&k, next_day), Ok(()));
        }
    }

    #[test]
    fn a_success_gives_the_address_its_attempt_back() {
        let mut limiter = Fixture::new();
        let t0 = Instant::now();
        let keys = vec![
            ("account:a@example.com".to_string(), 5),
            ("address:10.0.0.1".to_string(), 2),
        ];
        for _ in 0..2 {
            assert_eq!(limiter.attempt(&keys, t0), Ok(()));
            limiter.succeeded(&keys);
        }
        assert_eq!(limiter.attempt(&keys, t0), Ok(()));
        assert_eq!(limiter.attempt(&keys, t0), Ok(()));
        assert_eq!(
            limiter.attempt(&keys, t0),
            Err(Span::from_secs(1)),
            "two failures from the address"
        );
    }

    #[test]
    fn the_limiter_stays_bounded_and_keeps_blocked_keys() {
        let mut limiter = Fixture::with_capacity(CAP);
        let t0 = Instant::now();
        let victim = key("account:victim@example.com", 1);
        assert_eq!(limiter.attempt(&victim, t0), Ok(()));
        for n in 0..(CAP + 50) {
            let at = t0 + Span::from_millis(n as u64);
            let _ = limiter.attempt(&key(&format!("address:{n}"), 20), at);
        }
        assert!(limiter.len() <= CAP);
        assert!(
            limiter
                .attempt(&victim, t0 + Span::from_millis(100))
                .is_err(),
            "a flood of other keys does not free a blocked one"
        );
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            address_key("2001:db8:1:2:bbbb::9".parse().unwrap())
        );
        assert_ne!(
            address_key("10.0.0.1".parse().unwrap()),
            address_key("10.0.0.2".parse().unwrap())
        );
    }

    #[test]
    fn ipv4_clients_of_an_ipv6_listener_are_told_apart() {
        let mapped = |a: &str| address_key(IpAddr::V6(a.parse().unwrap()));
        assert_eq!(mapped("::ffff:203.0.113.7"), "address:203.0.113.7");
        assert_ne!(mapped("::ffff:203.0.113.7"), mapped("::ffff:203.0.113.8"));
        assert_eq!(
            mapped("::ffff:203.0.113.7"),
            address_key("203.0.113.7".parse().unwrap())
        );
    }

    #[test]
    fn a_full_table_of_blocked_keys_refuses_new_ones() {
        let mut limiter = Fixture::with_capacity(CAP);
        let t0 = Instant::now();
        for n in 0..CAP {
            // One free failure: each key is blocked at once, for a second.
            assert_eq!(
                limiter.attempt(&key(&format!("address:{n}"), 1), t0),
                Ok(())
            );
        }
        let newcomer = key("account:new@example.com", 5);
        assert_eq!(
            limiter.attempt(&newcomer, t0 + Span::from_millis(400)),
            Err(Span::from_millis(600)),
            "not let through uncounted"
        );
        // Once the blocks end, room is made again.
        assert_eq!(limiter.attempt(&newcomer, t0 + Span::from_secs(2)), Ok(()));
    }

    #[test]
    fn a_locked_account_still_lets_in_an_address_that_has_not_been_failing() {
        let mut limiter = Fixture::new();
        let t0 = Instant::now();
        let account = ("account:ana@example.com".to_string(), ACCOUNT_FREE);
        let attacker = vec![
            account.clone(),
            ("address:198.51.100.9".into(), ADDRESS_FREE),
        ];
        for _ in 0..ACCOUNT_FREE {
            assert_eq!(limiter.attempt(&attacker, t0), Ok(()));
        }
        assert!(
            limiter.attempt(&attacker, t0).is_err(),
            "the lock holds for the attacker"
        );
        let owner = vec![
            account.clone(),
            ("address:203.0.113.7".into(), ADDRESS_FREE),
        ];
        assert_eq!(limiter.attempt(&owner, t0), Ok(()), "the owner may try");
        limiter.succeeded(&owner);
        assert_eq!(
            limiter.attempt(&owner, t0),
            Ok(()),
            "and the account starts over"
        );
        limiter.succeeded(&owner);
        // A fresh address gets one try only: its failure counts against it.
        let second = vec![account.clone(), ("address:192.0.2.1".into(), ADDRESS_FREE)];
        for _ in 0..ACCOUNT_FREE {
            assert_eq!(
                limiter.attempt(&attacker, t0 + Span::from_secs(3600)),
                Ok(())
            );
        }
        let later = t0 + Span::from_secs(3600);
        assert_eq!(limiter.attempt(&second, later), Ok(()));
        assert!(limiter.attempt(&second, later).is_err());
        // Without an address, there is nothing to vouch for the attempt.
        assert!(limiter
            .attempt(std::slice::from_ref(&account), later)
            .is_err());
    }
}
