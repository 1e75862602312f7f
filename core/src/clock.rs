//! Timestamp checks: a [`TimeWindow`] (maximum age and maximum future skew) and a per-peer
//! [`ClockOffset`] estimate.
//!
//! Time is always passed in by the caller as milliseconds since the Unix epoch (`now_ms`); nothing here reads
//! the clock, so every check is deterministic and testable. A message older than `max_age_ms` fails with
//! [`Error::Stale`], one more than `max_future_ms` ahead of `now_ms` with [`Error::FromFuture`].
//!
//! The offset estimate is for monitoring (alert when a peer's clock drifts towards the limits); it never
//! widens the window, because a peer could then move its own acceptance window.
//!
//! ```
//! use tradeseal::clock::{ClockOffset, TimeWindow};
//! use tradeseal::Error;
//!
//! let window = TimeWindow::default(); // 60 s old at most, 5 s in the future at most
//! let now_ms = 1_700_000_000_000;
//! window.check(now_ms - 1_000, now_ms)?;
//! assert_eq!(window.check(now_ms - 60_001, now_ms), Err(Error::Stale));
//! assert_eq!(window.check(now_ms + 5_001, now_ms), Err(Error::FromFuture));
//!
//! let mut offset = ClockOffset::default();
//! offset.observe(now_ms - 250, now_ms); // arrived 250 ms after it was stamped
//! assert_eq!(offset.estimate_ms(), Some(250));
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};

/// The seed's default maximum message age: 60 seconds.
pub const DEFAULT_MAX_AGE_MS: u64 = 60_000;
/// The default maximum clock skew into the future: 5 seconds.
pub const DEFAULT_MAX_FUTURE_MS: u64 = 5_000;

/// How old and how far in the future a timestamp may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    /// Largest accepted age in milliseconds (`now_ms - timestamp`).
    pub max_age_ms: u64,
    /// Largest accepted lead in milliseconds (`timestamp - now_ms`).
    pub max_future_ms: u64,
}

impl Default for TimeWindow {
    fn default() -> Self {
        TimeWindow {
            max_age_ms: DEFAULT_MAX_AGE_MS,
            max_future_ms: DEFAULT_MAX_FUTURE_MS,
        }
    }
}

impl TimeWindow {
    /// Fails with [`Error::Stale`] or [`Error::FromFuture`] when `timestamp_ms` is outside the window
    /// around `now_ms`.
    pub fn check(&self, timestamp_ms: u64, now_ms: u64) -> Result<()> {
        if timestamp_ms > now_ms.saturating_add(self.max_future_ms) {
            Err(Error::FromFuture)
        } else if now_ms.saturating_sub(timestamp_ms) > self.max_age_ms {
            Err(Error::Stale)
        } else {
            Ok(())
        }
    }

    /// The oldest timestamp still accepted at `now_ms`.
    pub fn oldest(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.max_age_ms)
    }
}

/// A smoothed estimate of how far a peer's timestamps lag our clock (transit time plus clock offset), in
/// milliseconds; negative when the peer's clock runs ahead.
///
/// Smoothing is the exponentially weighted average of RFC 6298 (gain 1/8), in integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockOffset {
    estimate: Option<i64>,
}

impl ClockOffset {
    /// Adds the sample `received_ms - sent_ms`.
    pub fn observe(&mut self, sent_ms: u64, received_ms: u64) {
        let sample = i128::from(received_ms) - i128::from(sent_ms);
        let sample = i64::try_from(sample).unwrap_or(if sample < 0 { i64::MIN } else { i64::MAX });
        self.estimate = Some(match self.estimate {
            None => sample,
            Some(old) => old.saturating_add(sample.saturating_sub(old) / 8),
        });
    }

    /// The current estimate, or `None` before the first sample.
    pub fn estimate_ms(&self) -> Option<i64> {
        self.estimate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_edges_are_inclusive() {
        let w = TimeWindow {
            max_age_ms: 100,
            max_future_ms: 10,
        };
        assert_eq!(w.check(900, 1_000), Ok(()));
        assert_eq!(w.check(899, 1_000), Err(Error::Stale));
        assert_eq!(w.check(1_010, 1_000), Ok(()));
        assert_eq!(w.check(1_011, 1_000), Err(Error::FromFuture));
        assert_eq!(w.check(0, u64::MAX), Err(Error::Stale));
        assert_eq!(w.check(u64::MAX, 0), Err(Error::FromFuture));
        assert_eq!(w.check(u64::MAX, u64::MAX), Ok(()));
        assert_eq!(w.oldest(50), 0);
    }

    #[test]
    fn offset_converges_and_saturates() {
        let mut o = ClockOffset::default();
        o.observe(1_000, 1_100);
        for _ in 0..100 {
            o.observe(1_000, 1_020);
        }
        assert!(
            (20..=27).contains(&o.estimate_ms().unwrap()),
            "{:?}",
            o.estimate_ms()
        );
        let mut o = ClockOffset::default();
        o.observe(u64::MAX, 0);
        assert_eq!(o.estimate_ms(), Some(i64::MIN));
        o.observe(0, u64::MAX);
        assert!(o.estimate_ms().unwrap() > i64::MIN);
    }
}
