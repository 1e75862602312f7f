//! Sequence gap detection, as in a FIX session: missing ranges are reported for a resend request, and a
//! stream whose gap lasts too long goes [`StreamState::Degraded`] until an explicit resync.
//!
//! A [`GapTracker`] is told every sequence number that was *accepted* (authenticated and committed to the
//! replay window) with [`GapTracker::record`]. States and transitions:
//!
//! | from | event | to |
//! |---|---|---|
//! | `Normal` | next number in order (or the first number seen) | `Normal` |
//! | `Normal`, `Gap` | a number beyond the next expected one: the skipped range is missing | `Gap` |
//! | `Gap` | a late number fills the last missing one | `Normal` |
//! | `Gap` | a missing range is older than `max_gap_age_ms`, more than `max_missing` numbers are missing, or more than [`MAX_GAP_RANGES`] ranges are open | `Degraded` |
//! | `Degraded` | any message: [`GapTracker::check`] fails with [`Error::StreamDegraded`] | `Degraded` |
//! | `Degraded`, `Gap` | [`GapTracker::resync`] (after the receiver reloaded full state) | `Normal` |
//!
//! Time is passed in by the caller (`now_ms`), never read, so behaviour is deterministic. Nothing here
//! allocates: the missing ranges live in a fixed array.
//!
//! ```
//! use tradeseal::gap::{GapPolicy, GapTracker, StreamState};
//! use tradeseal::Error;
//!
//! let policy = GapPolicy { max_gap_age_ms: 5_000, max_missing: 1_000 };
//! let mut gaps = GapTracker::new(policy);
//! gaps.record(1, 0)?;
//! gaps.record(5, 10)?; // 2, 3 and 4 are missing: ask the sender to resend them
//! assert_eq!(gaps.missing().collect::<Vec<_>>(), vec![2..=4]);
//! assert_eq!(gaps.state(10), StreamState::Gap);
//! gaps.record(3, 20)?;
//! assert_eq!(gaps.missing().collect::<Vec<_>>(), vec![2..=2, 4..=4]);
//! assert_eq!(gaps.check(6_000), Err(Error::StreamDegraded)); // the gap outlived its limit
//! gaps.resync();
//! assert_eq!(gaps.state(6_000), StreamState::Normal);
//! # Ok::<(), Error>(())
//! ```

use core::ops::RangeInclusive;

use crate::error::{Error, Result};

/// The most missing ranges a stream tracks; one more makes it [`StreamState::Degraded`].
pub const MAX_GAP_RANGES: usize = 16;

/// The state of a stream's sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamState {
    /// Every number up to the highest accepted one arrived.
    Normal,
    /// Some numbers are missing; [`GapTracker::missing`] lists them for a resend request.
    Gap,
    /// A gap outlived its limit; messages fail with [`Error::StreamDegraded`] until a resync.
    Degraded,
}

impl StreamState {
    /// `"NORMAL"`, `"GAP"` or `"DEGRADED"` (the names used in test vectors and bindings).
    pub const fn name(self) -> &'static str {
        match self {
            StreamState::Normal => "NORMAL",
            StreamState::Gap => "GAP",
            StreamState::Degraded => "DEGRADED",
        }
    }
}

/// When a gap makes a stream [`StreamState::Degraded`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GapPolicy {
    /// A missing range older than this (milliseconds) degrades the stream.
    pub max_gap_age_ms: u64,
    /// More missing numbers than this degrade the stream.
    pub max_missing: u64,
}

impl Default for GapPolicy {
    /// 10 seconds, 1024 numbers (the default replay window).
    fn default() -> Self {
        GapPolicy {
            max_gap_age_ms: 10_000,
            max_missing: crate::replay::DEFAULT_WINDOW,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Missing {
    first: u64,
    last: u64,
    since_ms: u64,
}

/// Tracks missing sequence numbers of one stream. See the [module docs](self) for the states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapTracker {
    policy: GapPolicy,
    started: bool,
    highest: u64,
    ranges: [Missing; MAX_GAP_RANGES],
    open: usize,
    degraded: bool,
}

impl GapTracker {
    /// A tracker whose first recorded number sets the baseline (nothing before it counts as missing).
    pub fn new(policy: GapPolicy) -> Self {
        GapTracker {
            policy,
            started: false,
            highest: 0,
            ranges: [Missing::default(); MAX_GAP_RANGES],
            open: 0,
            degraded: false,
        }
    }

    /// A tracker that expects `seq + 1` next: numbers skipped after `seq` count as missing (so
    /// `after(policy, 0)` expects the stream to start at 1, as a FIX session does).
    pub fn after(policy: GapPolicy, seq: u64) -> Self {
        GapTracker {
            started: true,
            highest: seq,
            ..Self::new(policy)
        }
    }

    /// The state at time `now_ms`.
    pub fn state(&self, now_ms: u64) -> StreamState {
        if self.degraded || self.too_old(now_ms) {
            StreamState::Degraded
        } else if self.open > 0 {
            StreamState::Gap
        } else {
            StreamState::Normal
        }
    }

    /// Fails with [`Error::StreamDegraded`] when the stream is degraded at `now_ms`. No side effects.
    pub fn check(&self, now_ms: u64) -> Result<()> {
        match self.state(now_ms) {
            StreamState::Degraded => Err(Error::StreamDegraded),
            StreamState::Normal | StreamState::Gap => Ok(()),
        }
    }

    /// Records that `seq` was accepted at `now_ms` and returns the new state; fails with
    /// [`Error::StreamDegraded`] when this made (or found) the stream degraded.
    pub fn record(&mut self, seq: u64, now_ms: u64) -> Result<StreamState> {
        if !self.started {
            self.started = true;
            self.highest = seq;
        } else if seq > self.highest {
            if seq - self.highest > 1 {
                self.push(Missing {
                    first: self.highest + 1,
                    last: seq - 1,
                    since_ms: now_ms,
                });
            }
            self.highest = seq;
        } else {
            self.fill(seq);
        }
        if self.too_old(now_ms) || self.missing_count() > self.policy.max_missing {
            self.degraded = true;
        }
        self.check(now_ms)?;
        Ok(self.state(now_ms))
    }

    /// Forgets every missing number and leaves [`StreamState::Degraded`]: call it after the receiver reloaded
    /// the full state from the sender. The replay window is not touched, so nothing is accepted twice.
    pub fn resync(&mut self) {
        self.open = 0;
        self.degraded = false;
    }

    /// The highest number recorded (or the baseline given to [`GapTracker::after`]).
    pub fn highest(&self) -> u64 {
        self.highest
    }

    /// The missing ranges, oldest first, for a resend request.
    pub fn missing(&self) -> impl Iterator<Item = RangeInclusive<u64>> + '_ {
        self.open_ranges().iter().map(|m| m.first..=m.last)
    }

    /// How many numbers are missing in total.
    pub fn missing_count(&self) -> u64 {
        self.open_ranges()
            .iter()
            .map(|m| m.last - m.first + 1)
            .fold(0, u64::saturating_add)
    }

    fn open_ranges(&self) -> &[Missing] {
        self.ranges.get(..self.open).unwrap_or(&[])
    }

    fn too_old(&self, now_ms: u64) -> bool {
        self.open_ranges()
            .iter()
            .any(|m| now_ms.saturating_sub(m.since_ms) > self.policy.max_gap_age_ms)
    }

    /// Appends a missing range; when all slots are taken the stream degrades instead.
    fn push(&mut self, range: Missing) -> bool {
        match self.ranges.get_mut(self.open) {
            Some(slot) => {
                *slot = range;
                self.open += 1;
                true
            }
            None => {
                self.degraded = true;
                false
            }
        }
    }

    /// Removes `seq` from the missing range holding it (splitting the range if `seq` is inside it).
    fn fill(&mut self, seq: u64) {
        let Some(i) = self
            .open_ranges()
            .iter()
            .position(|m| (m.first..=m.last).contains(&seq))
        else {
            return;
        };
        let m = self.ranges[i];
        match (seq == m.first, seq == m.last) {
            (true, true) => {
                self.ranges.copy_within(i + 1..self.open, i);
                self.open -= 1;
            }
            (true, false) => self.ranges[i].first = seq + 1,
            (false, true) => self.ranges[i].last = seq - 1,
            (false, false) => {
                self.ranges[i].last = seq - 1;
                // Keep ranges sorted by sequence: move the new right half next to its left half.
                if self.push(Missing {
                    first: seq + 1,
                    last: m.last,
                    since_ms: m.since_ms,
                }) {
                    self.ranges[i + 1..self.open].rotate_right(1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// The obvious model: everything after the first number, up to the highest, that was not received.
    fn model_missing(received: &BTreeSet<u64>, first: u64) -> Vec<RangeInclusive<u64>> {
        let highest = received.last().copied().unwrap_or(first);
        let mut ranges: Vec<RangeInclusive<u64>> = Vec::new();
        for seq in (first..=highest).filter(|s| !received.contains(s)) {
            match ranges.last_mut() {
                Some(last) if *last.end() + 1 == seq => *last = *last.start()..=seq,
                _ => ranges.push(seq..=seq),
            }
        }
        ranges
    }

    proptest! {
        #[test]
        fn missing_ranges_match_the_set_model(seqs in proptest::collection::vec(1u64..200, 1..120)) {
            let policy = GapPolicy { max_gap_age_ms: u64::MAX, max_missing: u64::MAX };
            let mut gaps = GapTracker::new(policy);
            let mut received = BTreeSet::new();
            let first = seqs[0];
            let mut overflowed = false;
            for seq in seqs {
                // The replay window admits each number once, and the first number sets the baseline.
                if seq < first || !received.insert(seq) {
                    continue;
                }
                let result = gaps.record(seq, 0);
                let expected = model_missing(&received, first);
                overflowed |= expected.len() > MAX_GAP_RANGES;
                if overflowed {
                    prop_assert_eq!(result, Err(Error::StreamDegraded));
                } else {
                    prop_assert_eq!(gaps.missing().collect::<Vec<_>>(), expected.clone());
                    let state = if expected.is_empty() { StreamState::Normal } else { StreamState::Gap };
                    prop_assert_eq!(result, Ok(state));
                }
            }
        }
    }

    fn policy() -> GapPolicy {
        GapPolicy {
            max_gap_age_ms: 1_000,
            max_missing: 100,
        }
    }

    fn missing(g: &GapTracker) -> Vec<RangeInclusive<u64>> {
        g.missing().collect()
    }

    #[test]
    fn in_order_stays_normal_and_the_first_number_is_the_baseline() {
        let mut g = GapTracker::new(policy());
        for seq in 500..600 {
            assert_eq!(g.record(seq, 0), Ok(StreamState::Normal));
        }
        assert_eq!(g.highest(), 599);
    }

    #[test]
    fn splitting_and_filling_ranges_keeps_them_sorted() {
        let mut g = GapTracker::after(policy(), 0);
        g.record(10, 0).unwrap();
        assert_eq!(missing(&g), vec![1..=9]);
        g.record(20, 0).unwrap();
        g.record(5, 0).unwrap();
        assert_eq!(missing(&g), vec![1..=4, 6..=9, 11..=19]);
        for seq in [1, 2, 3, 4, 6, 7, 8, 9] {
            g.record(seq, 0).unwrap();
        }
        assert_eq!(missing(&g), vec![11..=19]);
        assert_eq!(g.missing_count(), 9);
        for seq in 11..20 {
            g.record(seq, 0).unwrap();
        }
        assert_eq!(g.state(0), StreamState::Normal);
    }

    #[test]
    fn too_many_missing_numbers_degrade() {
        let mut g = GapTracker::new(policy());
        g.record(1, 0).unwrap();
        assert_eq!(g.record(103, 0), Err(Error::StreamDegraded));
        assert_eq!(g.record(2, 0), Err(Error::StreamDegraded), "degraded is sticky");
        g.resync();
        assert_eq!(g.record(104, 0), Ok(StreamState::Normal));
    }

    #[test]
    fn too_many_ranges_degrade() {
        let mut g = GapTracker::new(policy());
        g.record(1, 0).unwrap();
        for i in 1..=MAX_GAP_RANGES as u64 {
            assert_eq!(g.record(1 + 2 * i, 0), Ok(StreamState::Gap));
        }
        assert_eq!(
            g.record(1 + 2 * (MAX_GAP_RANGES as u64 + 1), 0),
            Err(Error::StreamDegraded)
        );
    }

    #[test]
    fn old_gaps_degrade_by_time_and_filled_ones_do_not() {
        let mut g = GapTracker::new(policy());
        g.record(1, 0).unwrap();
        g.record(3, 0).unwrap();
        assert_eq!(g.check(1_000), Ok(()));
        assert_eq!(g.check(1_001), Err(Error::StreamDegraded));
        g.record(2, 500).unwrap();
        assert_eq!(g.state(5_000), StreamState::Normal);
        assert_eq!(StreamState::Degraded.name(), "DEGRADED");
    }
}
