//! Session lifetime limits and the clock bookkeeping that enforces them.
//!
//! Time is always passed in by the caller as milliseconds on a monotonic clock of their choice (`now_ms`),
//! so sessions never read a clock themselves and tests are deterministic. A clock that goes backwards is
//! treated as "no time passed".

use crate::error::{Error, Result};

/// When a session stops being usable, and how often its keys rotate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum age in milliseconds, counted from when the session was built (so it bounds the handshake
    /// too). Must be non-zero. Default: one hour.
    pub max_age_ms: u64,
    /// Maximum number of transport messages in each direction. Must be non-zero; any `u64` is allowed (the
    /// Noise nonce limit is `2^64 - 1`, which is reserved for rekeying, so nonces stay below it). Default 1000.
    pub max_messages: u64,
    /// The session expires after this many milliseconds without a successful read or write; 0 disables it.
    /// Default: five minutes.
    pub idle_timeout_ms: u64,
    /// Both directions rekey (Noise `REKEY`) before every message whose nonce is a non-zero multiple of this,
    /// so both peers rotate in step without signalling; 0 disables it. Default 100.
    pub rekey_interval: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_age_ms: 3_600_000,
            max_messages: 1000,
            idle_timeout_ms: 300_000,
            rekey_interval: 100,
        }
    }
}

/// The fraction (in percent) of a limit after which a session reports that it is near expiry.
pub const NEAR_EXPIRY_PERCENT: u64 = 80;

impl Limits {
    pub(crate) fn validate(&self) -> Result<()> {
        if self.max_age_ms == 0 || self.max_messages == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(())
    }
}

/// The clock side of a session's lifetime: when it started and when it was last used.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    pub(crate) started_ms: u64,
    pub(crate) last_activity_ms: u64,
}

impl Clock {
    pub(crate) fn new(now_ms: u64) -> Self {
        Clock {
            started_ms: now_ms,
            last_activity_ms: now_ms,
        }
    }

    /// Fails with [`Error::SessionExpired`] once the age or idle limit is reached.
    pub(crate) fn check(&self, limits: &Limits, now_ms: u64) -> Result<()> {
        let age = now_ms.saturating_sub(self.started_ms);
        let idle = now_ms.saturating_sub(self.last_activity_ms);
        if age >= limits.max_age_ms || (limits.idle_timeout_ms != 0 && idle >= limits.idle_timeout_ms) {
            return Err(Error::SessionExpired);
        }
        Ok(())
    }

    /// Whether the age has reached [`NEAR_EXPIRY_PERCENT`] of the maximum age.
    pub(crate) fn near_expiry(&self, limits: &Limits, now_ms: u64) -> bool {
        past_threshold(now_ms.saturating_sub(self.started_ms), limits.max_age_ms)
    }

    pub(crate) fn touch(&mut self, now_ms: u64) {
        self.last_activity_ms = self.last_activity_ms.max(now_ms);
    }
}

/// Whether `used` has reached [`NEAR_EXPIRY_PERCENT`] of `limit` (computed without overflow).
pub(crate) fn past_threshold(used: u64, limit: u64) -> bool {
    u128::from(used) * 100 >= u128::from(limit) * u128::from(NEAR_EXPIRY_PERCENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_and_idle_expire_and_near_expiry_is_at_eighty_percent() {
        let limits = Limits {
            max_age_ms: 1000,
            idle_timeout_ms: 300,
            ..Limits::default()
        };
        let mut clock = Clock::new(10_000);
        assert_eq!(clock.check(&limits, 10_299), Ok(()));
        assert_eq!(clock.check(&limits, 10_300), Err(Error::SessionExpired));
        clock.touch(10_250);
        clock.touch(10_100); // a clock going backwards never moves activity back
        assert_eq!(clock.check(&limits, 10_549), Ok(()));
        assert!(!clock.near_expiry(&limits, 10_799));
        assert!(clock.near_expiry(&limits, 10_800));
        clock.touch(10_900);
        assert_eq!(clock.check(&limits, 10_999), Ok(()));
        assert_eq!(clock.check(&limits, 11_000), Err(Error::SessionExpired));
        assert_eq!(clock.check(&limits, 5), Ok(()));
        assert!(past_threshold(u64::MAX, u64::MAX) && !past_threshold(0, u64::MAX));
    }

    #[test]
    fn zero_age_or_message_limits_are_refused() {
        assert_eq!(
            Limits {
                max_age_ms: 0,
                ..Limits::default()
            }
            .validate(),
            Err(Error::OutOfRange)
        );
        assert_eq!(
            Limits {
                max_messages: 0,
                ..Limits::default()
            }
            .validate(),
            Err(Error::OutOfRange)
        );
        assert_eq!(
            Limits {
                idle_timeout_ms: 0,
                rekey_interval: 0,
                ..Limits::default()
            }
            .validate(),
            Ok(())
        );
    }
}
