//! Slows down repeated failed sign-ins, per account and per client address,
//! in memory and bounded: the keys and their strikes, and how waits grow.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

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
const FORGET_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);
/// The longest wait imposed.
const LONGEST_WAIT: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Most keys remembered; the stalest unblocked ones make room beyond it.
const CAPACITY: usize = 10_000;

/// Slows down repeated failed sign-ins, per account and per client address:
/// after the free failures, each further one doubles the wait (from one
/// second, to at most 15 minutes). Bounded in memory: keys are at most an
/// email address long, and there are at most [`CAPACITY`] of them.
#[derive(Default)]
pub struct Limiter {
    keys: Mutex<HashMap<String, Strikes>>,
}

#[derive(Debug, Clone, Copy)]
struct Strikes {
    failures: u32,
    last: Instant,
    blocked_until: Option<Instant>,
}

impl Strikes {
    fn blocked_at(&self, now: Instant) -> Option<std::time::Duration> {
        self.blocked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }
}

impl Limiter {
    /// Starts a sign-in attempt for `keys` (each with its free failures;
    /// the account's first, then the client's address): refused with the
    /// wait if one of them is blocked, otherwise counted as a failure until
    /// [`Self::succeeded`] says otherwise.
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
    pub fn attempt(&self, keys: &[(String, u32)], now: Instant) -> Result<(), std::time::Duration> {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let blocked = |key: &str| map.get(key).and_then(|s| s.blocked_at(now));
        let account_wait = keys.first().and_then(|(key, _)| blocked(key));
        let others = keys.get(1..).unwrap_or_default();
        let other_wait = others.iter().filter_map(|(key, _)| blocked(key)).max();
        if let Some(wait) = other_wait {
            return Err(wait);
        }
        if let Some(wait) = account_wait {
            let clean_address = !others.is_empty()
                && others
                    .iter()
                    .all(|(key, _)| map.get(key).is_none_or(|s| s.failures == 0));
            if !clean_address {
                return Err(wait);
            }
        }
        for (key, _) in keys {
            if !map.contains_key(key) {
                make_room(&mut map, now)?;
            }
        }
        for (key, free) in keys {
            let strikes = map.entry(key.clone()).or_insert(Strikes {
                failures: 0,
                last: now,
                blocked_until: None,
            });
            if now.duration_since(strikes.last) >= FORGET_AFTER {
                strikes.failures = 0;
            }
            strikes.failures += 1;
            strikes.last = now;
            if strikes.failures >= *free {
                let doublings = (strikes.failures - free).min(10);
                let wait = std::time::Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT);
                strikes.blocked_until = Some(now + wait);
            }
        }
        Ok(())
    }

    /// The attempt succeeded: the account starts over, and the address
    /// gets back the failure the attempt was counted as.
    pub fn succeeded(&self, keys: &[(String, u32)]) {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys = keys.iter();
        if let Some((account, _)) = keys.next() {
            map.remove(account);
        }
        for (key, free) in keys {
            if let Some(strikes) = map.get_mut(key) {
                strikes.failures = strikes.failures.saturating_sub(1);
                if strikes.failures < *free {
                    strikes.blocked_until = None;
                }
            }
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Makes room for one more key when the map is full: forgets keys without
/// a failure for a day, then the stalest unblocked one. Never a blocked
/// key: when every key is blocked, the wait until the first block ends.
fn make_room(map: &mut HashMap<String, Strikes>, now: Instant) -> Result<(), std::time::Duration> {
    if map.len() < CAPACITY {
        return Ok(());
    }
    map.retain(|_, s| now.duration_since(s.last) < FORGET_AFTER || s.blocked_at(now).is_some());
    if map.len() < CAPACITY {
        return Ok(());
    }
    let stalest = map
        .iter()
        .filter(|(_, s)| s.blocked_at(now).is_none())
        .min_by_key(|(_, s)| s.last)
        .map(|(k, _)| k.clone());
    match stalest {
        Some(key) => {
            map.remove(&key);
            Ok(())
        }
        None => Err(map
            .values()
            .filter_map(|s| s.blocked_at(now))
            .min()
            .unwrap_or(std::time::Duration::from_secs(1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;
    use std::time::Duration as Span;

    fn key(name: &str, free: u32) -> Vec<(String, u32)> {
        vec![(name.to_string(), free)]
    }

    #[test]
    fn failures_beyond_the_free_ones_wait_longer_each_time() {
        let limiter = Limiter::default();
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
        let limiter = Limiter::default();
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
        let limiter = Limiter::default();
        let t0 = Instant::now();
        let victim = key("account:victim@example.com", 1);
        assert_eq!(limiter.attempt(&victim, t0), Ok(()));
        for n in 0..(CAPACITY + 50) {
            let at = t0 + Span::from_micros(n as u64);
            let _ = limiter.attempt(&key(&format!("address:{n}"), 20), at);
        }
        assert!(limiter.len() <= CAPACITY);
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
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for n in 0..CAPACITY {
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
        let limiter = Limiter::default();
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
