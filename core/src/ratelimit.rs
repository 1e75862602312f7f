//! A token-bucket [`RateLimiter`] per key (API key, IP address, subscription, ...), with a bounded number of
//! tracked keys.
//!
//! Each key has a bucket of `burst` tokens that refills at `per_second` tokens per second; a request takes one
//! token or fails with [`Error::RateLimited`]. Arithmetic is in integer milli-tokens and the caller passes the
//! time (`now_ms`), so results are exact and deterministic.
//!
//! At most `max_keys` buckets are tracked. When the table is full, buckets that refilled completely (idle
//! keys, indistinguishable from new ones) are dropped; if none can be dropped, a request from a new key fails
//! with [`Error::RateLimited`] (fail closed) rather than growing the table.
//!
//! ```
//! use tradeseal::ratelimit::{RateLimit, RateLimiter};
//! use tradeseal::Error;
//!
//! let limiter: RateLimiter<String> = RateLimiter::new(RateLimit { per_second: 10, burst: 2 }, 10_000)?;
//! limiter.acquire("10.0.0.1", 0)?;
//! limiter.acquire("10.0.0.1", 0)?;
//! assert_eq!(limiter.acquire("10.0.0.1", 0), Err(Error::RateLimited));
//! limiter.acquire("10.0.0.2", 0)?; // another key has its own bucket
//! limiter.acquire("10.0.0.1", 100)?; // 100 ms refill one token at 10/s
//! # Ok::<(), Error>(())
//! ```

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::Mutex;

use crate::error::{Error, Result};

const SHARDS: usize = 16;
const MILLI: u64 = 1_000;

/// The rate of one key: `per_second` tokens per second, at most `burst` at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Tokens added per second.
    pub per_second: u32,
    /// Bucket size: the most requests allowed at once after an idle period.
    pub burst: u32,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    milli_tokens: u64,
    last_ms: u64,
}

impl Bucket {
    /// The milli-tokens the bucket holds at `now_ms` (time going backwards refills nothing).
    fn level(&self, limit: RateLimit, now_ms: u64) -> u64 {
        let refill = now_ms
            .saturating_sub(self.last_ms)
            .saturating_mul(u64::from(limit.per_second));
        self.milli_tokens
            .saturating_add(refill)
            .min(u64::from(limit.burst) * MILLI)
    }
}

/// Token buckets by key `K`, shared by threads (`&self`, 16 locked shards).
#[derive(Debug)]
pub struct RateLimiter<K> {
    limit: RateLimit,
    shard_capacity: usize,
    shards: [Mutex<HashMap<K, Bucket>>; SHARDS],
    hasher: RandomState,
}

impl<K: Hash + Eq> RateLimiter<K> {
    /// A limiter with `limit` per key, tracking at most `max_keys` keys. A zero rate or burst, or fewer than
    /// 16 keys, fails with [`Error::OutOfRange`].
    pub fn new(limit: RateLimit, max_keys: usize) -> Result<Self> {
        if limit.per_second == 0 || limit.burst == 0 || max_keys < SHARDS {
            return Err(Error::OutOfRange);
        }
        Ok(RateLimiter {
            limit,
            shard_capacity: max_keys.div_ceil(SHARDS),
            shards: Default::default(),
            hasher: RandomState::new(),
        })
    }

    /// Takes one token from `key`'s bucket at time `now_ms`, or fails with [`Error::RateLimited`].
    pub fn acquire<Q>(&self, key: &Q, now_ms: u64) -> Result<()>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let full = u64::from(self.limit.burst) * MILLI;
        let shard = (self.hasher.hash_one(key) as usize) % SHARDS;
        let mut buckets = self.shards[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(bucket) = buckets.get_mut(key) {
            let level = bucket.level(self.limit, now_ms);
            *bucket = Bucket {
                milli_tokens: level.checked_sub(MILLI).ok_or(Error::RateLimited)?,
                last_ms: bucket.last_ms.max(now_ms),
            };
            return Ok(());
        }
        if buckets.len() >= self.shard_capacity {
            buckets.retain(|_, bucket| bucket.level(self.limit, now_ms) < full);
            if buckets.len() >= self.shard_capacity {
                return Err(Error::RateLimited);
            }
        }
        buckets.insert(
            key.to_owned(),
            Bucket {
                milli_tokens: full - MILLI,
                last_ms: now_ms,
            },
        );
        Ok(())
    }

    /// Number of keys currently tracked.
    pub fn tracked_keys(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refills_exactly_and_caps_at_burst() {
        assert_eq!(
            RateLimiter::<u32>::new(
                RateLimit {
                    per_second: 0,
                    burst: 1
                },
                16
            )
            .unwrap_err(),
            Error::OutOfRange
        );
        let l: RateLimiter<u32> = RateLimiter::new(
            RateLimit {
                per_second: 4,
                burst: 3,
            },
            16,
        )
        .unwrap();
        for _ in 0..3 {
            l.acquire(&1, 1_000).unwrap();
        }
        assert_eq!(l.acquire(&1, 1_000), Err(Error::RateLimited));
        assert_eq!(l.acquire(&1, 1_249), Err(Error::RateLimited));
        l.acquire(&1, 1_250).unwrap();
        assert_eq!(
            l.acquire(&1, 1_000),
            Err(Error::RateLimited),
            "time going back refills nothing"
        );
        for _ in 0..3 {
            l.acquire(&1, 100_000).unwrap();
        }
        assert_eq!(l.acquire(&1, 100_000), Err(Error::RateLimited));
    }

    #[test]
    fn the_table_is_bounded_and_idle_keys_make_room() {
        let l: RateLimiter<u32> = RateLimiter::new(
            RateLimit {
                per_second: 1,
                burst: 1,
            },
            16,
        )
        .unwrap();
        let refused = (0..1_000).filter(|k| l.acquire(k, 0).is_err()).count();
        assert!(refused > 0 && l.tracked_keys() <= 16);
        // A second later every bucket refilled, so any new key finds room.
        l.acquire(&5_000, 1_000).unwrap();
    }
}
