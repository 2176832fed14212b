//! The simulated data plane. Nothing here runs Kafka or a connector: every
//! figure is a function of a pipeline's seed, the topic and the minute
//! (a daily curve plus seeded noise), stepped minute by minute from the
//! last saved lag. Integer arithmetic only, so that a test that moves the
//! clock gets the same numbers on every machine.
//!
//! The rules: records arrive only while the source runs and the project is
//! AVAILABLE; they are written only while the pipeline and its destination
//! run; what is not written waits (the lag) and drains once writing
//! resumes, faster than records arrive; latency follows the lag. A
//! pipeline whose destination rejects its writes retries them: every
//! record that arrives fails (an error) and waits.

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60_000;
/// Minutes in a day.
pub const DAY_MINUTES: i64 = 1_440;

/// SplitMix64: a fast, well-mixed hash of one word.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of a table's name, so that each topic of a pipeline differs.
fn hash_text(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a topic of a pipeline is like. Its traffic is drawn from the
/// source and the table, so that every pipeline reading a topic sees the
/// same records; its latency and conversion errors from the pipeline's seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    key: u64,
    own: u64,
    /// Records a minute at the day's mean.
    pub rate: u64,
    /// Bytes of an average record.
    pub record_bytes: u64,
    /// Latency with nothing waiting, in milliseconds.
    pub base_latency_ms: u64,
}

impl Profile {
    /// The profile of `table`, captured by the source `source_id`, in the
    /// pipeline seeded with `seed`.
    pub fn of(source_id: &str, seed: i64, table: &str) -> Self {
        let key = mix(hash_text(source_id) ^ hash_text(table).rotate_left(17));
        let own = mix(seed as u64 ^ hash_text(table));
        Self {
            key,
            own,
            rate: 40 + mix(key) % 360,
            record_bytes: 300 + mix(key ^ 1) % 900,
            base_latency_ms: 150 + mix(own ^ 2) % 450,
        }
    }

    /// The day's curve at `minute` (minutes since the Unix epoch), in
    /// thousandths of the mean: 400 at midnight UTC, rising evenly to 1600
    /// at noon.
    fn curve(minute: i64) -> u64 {
        let from_noon = (minute.rem_euclid(DAY_MINUTES) - DAY_MINUTES / 2).unsigned_abs();
        1_600 - from_noon * 1_200 / 720
    }

    /// Records and bytes the source writes to the topic in `minute`.
    pub fn produced(&self, minute: i64) -> (u64, u64) {
        let noise = mix(self.key ^ minute as u64);
        let factor = 850 + noise % 301;
        let records = self.rate * Self::curve(minute) * factor / 1_000_000;
        let bytes = records * self.record_bytes + (noise >> 20) % (records + 1) * 7;
        (records, bytes)
    }

    /// Records written in a minute at most: what arrives, and one mean
    /// minute's worth of what waits.
    fn capacity(&self, arrived: u64) -> u64 {
        arrived + self.rate
    }
}

/// What the pipeline's parts are doing during a span of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    /// The source captures and the project is AVAILABLE: records arrive.
    pub arriving: bool,
    /// The pipeline and its destination run and the project is AVAILABLE.
    pub writing: bool,
    /// Writing, but the destination refuses every write.
    pub failing: bool,
}

/// One topic's figures for one minute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Minute {
    /// Records that arrived.
    pub records_in: u64,
    /// Records written.
    pub records_out: u64,
    /// Bytes that arrived.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Records that failed: sent to the dead-letter topic, or (while the
    /// destination refuses writes) retried later.
    pub errors: u64,
    /// Records waiting at the minute's end.
    pub lag: u64,
    /// Latency in milliseconds; none when nothing arrived, was written or
    /// waits.
    pub latency_ms: Option<u64>,
}

/// Steps a topic through `minute` from `lag` records waiting.
pub fn step(profile: &Profile, minute: i64, lag: u64, flow: Flow) -> Minute {
    let (records_in, bytes_in) = if flow.arriving {
        profile.produced(minute)
    } else {
        (0, 0)
    };
    let waiting = lag + records_in;
    let (written, errors) = if !flow.writing {
        (0, 0)
    } else if flow.failing {
        (0, records_in)
    } else {
        let written = waiting.min(profile.capacity(records_in));
        // Now and then a record cannot be converted: it goes to the
        // destination's dead-letter topic instead.
        let noise = mix(profile.own ^ minute as u64);
        let dead = if noise.is_multiple_of(97) {
            (1 + noise % 3).min(written)
        } else {
            0
        };
        (written, dead)
    };
    // Written records leave the lag, converted or dead-lettered; failed
    // writes stay in it.
    let lag = waiting - written;
    let records_out = written - errors.min(written);
    let latency_ms = (records_in > 0 || written > 0 || lag > 0)
        .then(|| profile.base_latency_ms + lag * MINUTE_MS as u64 / profile.rate.max(1));
    Minute {
        records_in,
        records_out,
        bytes_in,
        bytes_out: records_out * profile.record_bytes,
        errors,
        lag,
        latency_ms,
    }
}

/// Figures added up over a bucket of minutes (an hour, a chart's step).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// See [`Minute`].
    pub records_in: u64,
    /// See [`Minute`].
    pub records_out: u64,
    /// See [`Minute`].
    pub bytes_in: u64,
    /// See [`Minute`].
    pub bytes_out: u64,
    /// See [`Minute`].
    pub errors: u64,
    /// Records waiting at the end of the latest minute added.
    pub lag: u64,
    /// The sum of the latencies of the minutes that had one.
    pub latency_total: u64,
    /// How many minutes had a latency.
    pub flowing: u64,
}

impl Totals {
    /// Adds a minute (later than every one added before).
    pub fn add(&mut self, m: &Minute) {
        self.records_in += m.records_in;
        self.records_out += m.records_out;
        self.bytes_in += m.bytes_in;
        self.bytes_out += m.bytes_out;
        self.errors += m.errors;
        self.lag = m.lag;
        if let Some(l) = m.latency_ms {
            self.latency_total += l;
            self.flowing += 1;
        }
    }

    /// Adds a bucket (later than every one added before).
    pub fn merge(&mut self, t: &Totals) {
        self.records_in += t.records_in;
        self.records_out += t.records_out;
        self.bytes_in += t.bytes_in;
        self.bytes_out += t.bytes_out;
        self.errors += t.errors;
        self.lag = t.lag;
        self.latency_total += t.latency_total;
        self.flowing += t.flowing;
    }

    /// The average latency, when any minute had one.
    pub fn latency_ms(&self) -> Option<u64> {
        (self.flowing > 0).then(|| self.latency_total / self.flowing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ON: Flow = Flow {
        arriving: true,
        writing: true,
        failing: false,
    };

    #[test]
    fn the_same_seed_and_minute_give_the_same_figures() {
        let p = Profile::of("src", 42, "public.orders");
        assert_eq!(p, Profile::of("src", 42, "public.orders"));
        assert_ne!(p, Profile::of("src", 42, "public.customers"));
        // Another pipeline of the same topic sees the same records.
        assert_eq!(
            p.produced(5),
            Profile::of("src", 43, "public.orders").produced(5)
        );
        assert_eq!(p.produced(29_000_000), p.produced(29_000_000));
        // Noon carries about four times midnight's traffic.
        let day = 29_000_000 / DAY_MINUTES * DAY_MINUTES;
        let (midnight, _) = p.produced(day);
        let (noon, _) = p.produced(day + 720);
        assert!(noon > midnight * 3, "{noon} vs {midnight}");
    }

    #[test]
    fn lag_grows_while_nothing_is_written_and_drains_after() {
        let p = Profile::of("src", 7, "public.orders");
        let paused = Flow {
            writing: false,
            ..ON
        };
        let mut lag = 0;
        let mut arrived = 0;
        for minute in 0..60 {
            let m = step(&p, minute, lag, paused);
            assert_eq!((m.records_out, m.bytes_out), (0, 0));
            arrived += m.records_in;
            lag = m.lag;
        }
        assert_eq!(lag, arrived);
        let waited = step(&p, 60, lag, paused).latency_ms.unwrap();
        let mut minutes = 0;
        while lag > 0 {
            let m = step(&p, 60 + minutes, lag, ON);
            assert_eq!(m.records_in + lag, m.records_out + m.errors + m.lag);
            lag = m.lag;
            minutes += 1;
            assert!(minutes < 600, "the lag never drained");
        }
        assert!(step(&p, 60 + minutes, 0, ON).latency_ms.unwrap() < waited);
    }

    #[test]
    fn nothing_arrives_from_a_held_source_or_an_unavailable_project() {
        let p = Profile::of("src", 7, "t");
        let idle = Flow {
            arriving: false,
            writing: false,
            failing: false,
        };
        assert_eq!(step(&p, 100, 0, idle), Minute::default());
        let m = step(&p, 100, 5, idle);
        assert_eq!((m.records_in, m.records_out, m.lag), (0, 0, 5));
    }

    #[test]
    fn a_refusing_destination_fails_every_record_and_keeps_it_waiting() {
        let p = Profile::of("src", 9, "t");
        let failing = Flow {
            failing: true,
            ..ON
        };
        let m = step(&p, 720, 10, failing);
        assert!(m.records_in > 0);
        assert_eq!(m.errors, m.records_in);
        assert_eq!(m.records_out, 0);
        assert_eq!(m.lag, 10 + m.records_in);
    }

    #[test]
    fn totals_keep_the_last_lag_and_average_the_latency() {
        let mut t = Totals::default();
        t.add(&Minute {
            records_in: 3,
            lag: 9,
            latency_ms: Some(100),
            ..Minute::default()
        });
        t.add(&Minute {
            records_in: 4,
            lag: 2,
            latency_ms: Some(300),
            ..Minute::default()
        });
        t.add(&Minute::default());
        assert_eq!((t.records_in, t.lag, t.latency_ms()), (7, 0, Some(200)));
    }
}
