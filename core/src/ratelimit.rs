//! A token-bucket [`RateLimiter`] per key (API key, IP address, subscription, ...), with a bounded number of
//! tracked keys.
//!
//! Each key has a bucket of `burst` tokens that refills at `per_second` tokens per second; a request takes one
//! token or fails with [`Error::RateLimited`]. Arithmetic is in integer milli-tokens and the caller passes the
//! time (`now_ms`), so results are exact and deterministic.
//!
//! At most `max_keys` keys are tracked, in total. A new key is admitted while fewer are tracked. When
//! `max_keys` are, every bucket that refilled completely (an idle key, indistinguishable from a new one) is
//! dropped to make room, and only if none can be dropped does the new key fail with [`Error::RateLimited`]
//! (fail closed) rather than growing the table. A tracked key is never refused for lack of room.
//!
//! The limiter is shared by threads (`&self`). Keys are spread over 16 independently locked shards by a keyed
//! hash ([`RandomState`]); a request for a tracked key takes one shard lock. A new key arriving when the
//! table is full sweeps the shards for idle buckets, one lock at a time. Each shard knows when its first
//! bucket can be idle again, so a sweep that cannot free anything (a flood of new keys against a full table)
//! skips every shard without reading their buckets.
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
//!
//! let one_key: RateLimiter<String> = RateLimiter::new(RateLimit { per_second: 10, burst: 2 }, 1)?;
//! one_key.acquire("10.0.0.1", 0)?;
//! assert_eq!(one_key.acquire("10.0.0.2", 0), Err(Error::RateLimited)); // full, and 10.0.0.1 is not idle
//! one_key.acquire("10.0.0.2", 100)?; // 10.0.0.1 refilled: dropped to make room
//! # Ok::<(), Error>(())
//! ```

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

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

impl RateLimit {
    /// A full bucket, in milli-tokens.
    fn full(self) -> u64 {
        u64::from(self.burst) * MILLI
    }
}

/// A tracked key's bucket. It always holds less than a full bucket: a full one is idle and may be dropped.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    milli_tokens: u64,
    last_ms: u64,
}

impl Bucket {
    /// The bucket of a new key after its first request at `now_ms`.
    fn first(limit: RateLimit, now_ms: u64) -> Self {
        Bucket {
            milli_tokens: limit.full() - MILLI,
            last_ms: now_ms,
        }
    }

    /// The milli-tokens the bucket holds at `now_ms` (time going backwards refills nothing).
    fn level(&self, limit: RateLimit, now_ms: u64) -> u64 {
        let refill = now_ms
            .saturating_sub(self.last_ms)
            .saturating_mul(u64::from(limit.per_second));
        self.milli_tokens.saturating_add(refill).min(limit.full())
    }

    /// Takes one token at `now_ms`, or fails with [`Error::RateLimited`] and leaves the bucket as it was.
    fn take(&mut self, limit: RateLimit, now_ms: u64) -> Result<()> {
        *self = Bucket {
            milli_tokens: self
                .level(limit, now_ms)
                .checked_sub(MILLI)
                .ok_or(Error::RateLimited)?,
            last_ms: self.last_ms.max(now_ms),
        };
        Ok(())
    }

    /// The first time at which the bucket is full (idle) again.
    fn full_at_ms(&self, limit: RateLimit) -> u64 {
        let missing = limit.full().saturating_sub(self.milli_tokens);
        self.last_ms
            .saturating_add(missing.div_ceil(u64::from(limit.per_second)))
    }
}

/// One locked part of the table.
#[derive(Debug)]
struct Shard<K> {
    buckets: HashMap<K, Bucket>,
    /// No bucket here is idle before this time (`u64::MAX` when there is none), so sweeps skip the shard
    /// until then without looking at its buckets.
    idle_from_ms: u64,
}

impl<K> Default for Shard<K> {
    fn default() -> Self {
        Shard {
            buckets: HashMap::new(),
            idle_from_ms: u64::MAX,
        }
    }
}

impl<K: Hash + Eq> Shard<K> {
    fn insert(&mut self, key: K, bucket: Bucket, limit: RateLimit) {
        self.idle_from_ms = self.idle_from_ms.min(bucket.full_at_ms(limit));
        self.buckets.insert(key, bucket);
    }

    /// Drops the buckets that are idle at `now_ms`; returns how many.
    fn drop_idle(&mut self, limit: RateLimit, now_ms: u64) -> usize {
        if now_ms < self.idle_from_ms {
            return 0;
        }
        let before = self.buckets.len();
        let mut idle_from_ms = u64::MAX;
        self.buckets.retain(|_, bucket| {
            let full_at_ms = bucket.full_at_ms(limit);
            let keep = full_at_ms > now_ms;
            if keep {
                idle_from_ms = idle_from_ms.min(full_at_ms);
            }
            keep
        });
        self.idle_from_ms = idle_from_ms;
        // Keys move between shards over time: give back the room of dropped keys (with slack, so that
        // sweeps rarely reallocate), which keeps the memory of all shards proportional to `max_keys`.
        if self.buckets.capacity() > 4 * self.buckets.len() {
            self.buckets.shrink_to(2 * self.buckets.len());
        }
        before - self.buckets.len()
    }
}

fn lock<K>(shard: &Mutex<Shard<K>>) -> MutexGuard<'_, Shard<K>> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Token buckets by key `K`, shared by threads (`&self`, 16 locked shards).
#[derive(Debug)]
pub struct RateLimiter<K> {
    limit: RateLimit,
    max_keys: usize,
    /// The buckets of all shards plus the slots reserved for buckets being inserted: at most `max_keys`.
    /// Relaxed ordering is enough: the count guards no other data (the buckets are under the shard locks),
    /// and read-modify-writes of one atomic never lose an update.
    tracked: AtomicUsize,
    shards: [Mutex<Shard<K>>; SHARDS],
    hasher: RandomState,
}

impl<K: Hash + Eq> RateLimiter<K> {
    /// A limiter with `limit` per key, tracking at most `max_keys` keys. A zero rate, burst or `max_keys`
    /// fails with [`Error::OutOfRange`].
    pub fn new(limit: RateLimit, max_keys: usize) -> Result<Self> {
        if limit.per_second == 0 || limit.burst == 0 || max_keys == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(RateLimiter {
            limit,
            max_keys,
            tracked: AtomicUsize::new(0),
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
        let home = &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS];
        let mut shard = lock(home);
        let mut swept_in_vain = false;
        loop {
            if let Some(bucket) = shard.buckets.get_mut(key) {
                return bucket.take(self.limit, now_ms);
            }
            if self.reserve_slot() {
                shard.insert(key.to_owned(), Bucket::first(self.limit, now_ms), self.limit);
                return Ok(());
            }
            if swept_in_vain {
                return Err(Error::RateLimited);
            }
            // Full: drop the idle buckets of every shard (never holding two locks), then look again: another
            // thread may have added this key, or taken the freed slots, meanwhile.
            drop(shard);
            swept_in_vain = self.drop_idle(now_ms) == 0;
            shard = lock(home);
        }
    }

    /// Number of keys currently tracked.
    pub fn tracked_keys(&self) -> usize {
        self.tracked.load(Ordering::Relaxed)
    }

    /// Takes one of the `max_keys` slots, if one is free.
    fn reserve_slot(&self) -> bool {
        self.tracked
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.max_keys).then_some(n + 1)
            })
            .is_ok()
    }

    /// Drops the buckets idle at `now_ms` from every shard, one lock at a time, and frees their slots; returns
    /// how many.
    fn drop_idle(&self, now_ms: u64) -> usize {
        self.shards
            .iter()
            .map(|shard| {
                let dropped = lock(shard).drop_idle(self.limit, now_ms);
                self.tracked.fetch_sub(dropped, Ordering::Relaxed);
                dropped
            })
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

    fn one_per_second(max_keys: usize) -> RateLimiter<u32> {
        let limit = RateLimit {
            per_second: 1,
            burst: 1,
        };
        RateLimiter::new(limit, max_keys).unwrap()
    }

    /// The buckets in the shards, which the count of tracked keys must match when no call is running.
    fn stored(l: &RateLimiter<u32>) -> usize {
        l.shards.iter().map(|s| lock(s).buckets.len()).sum()
    }

    #[test]
    fn the_table_is_bounded_and_idle_keys_make_room() {
        let l = one_per_second(16);
        let refused = (0..1_000).filter(|k| l.acquire(k, 0).is_err()).count();
        assert_eq!((refused, l.tracked_keys()), (1_000 - 16, 16));
        // A second later every bucket refilled, so any new key finds room.
        l.acquire(&5_000, 1_000).unwrap();
    }

    #[test]
    fn exactly_max_keys_new_keys_are_admitted_whatever_their_hashes() {
        // Each limiter hashes with new random keys: over many limiters and key sets, keys share hash
        // buckets, shards and whatever else the table splits them by.
        for max_keys in [1, 2, 3, 16, 100] {
            for round in 0..64 {
                let l = one_per_second(max_keys);
                let keys: Vec<u32> = (0..max_keys as u32).map(|k| round * 1_000 + k).collect();
                // Key i arrives at i ms, so its bucket refills at 1 000 + i ms.
                for (at_ms, key) in (0..).zip(&keys) {
                    assert_eq!(l.acquire(key, at_ms), Ok(()), "key {key} of {max_keys}");
                }
                assert_eq!(l.tracked_keys(), max_keys);
                let newcomer = round * 1_000 + 999;
                assert_eq!(
                    l.acquire(&newcomer, 999),
                    Err(Error::RateLimited),
                    "full, none idle"
                );
                assert_eq!(l.tracked_keys(), max_keys, "a refused key is not tracked");
                assert_eq!(stored(&l), max_keys);
                // At 1 000 ms the first key's bucket is full again: dropped for the newcomer.
                assert_eq!(l.acquire(&newcomer, 1_000), Ok(()));
                assert_eq!(l.tracked_keys(), max_keys);
                assert_eq!(
                    l.acquire(&keys[0], 1_000),
                    Err(Error::RateLimited),
                    "the first key was dropped and no other bucket is full yet"
                );
                assert_eq!(stored(&l), max_keys);
            }
        }
    }

    #[test]
    fn at_least_one_key() {
        assert_eq!(
            RateLimiter::<u32>::new(
                RateLimit {
                    per_second: 1,
                    burst: 1
                },
                0
            )
            .unwrap_err(),
            Error::OutOfRange
        );
        let l = one_per_second(1);
        l.acquire(&1, 0).unwrap();
        assert_eq!(l.acquire(&2, 0), Err(Error::RateLimited));
        l.acquire(&2, 1_000).unwrap();
        assert_eq!(l.acquire(&1, 1_000), Err(Error::RateLimited));
    }

    #[test]
    fn a_bucket_is_dropped_exactly_when_it_refilled() {
        let limit = RateLimit {
            per_second: 3,
            burst: 3,
        };
        let l: RateLimiter<u32> = RateLimiter::new(limit, 1).unwrap();
        l.acquire(&1, 10).unwrap();
        l.acquire(&1, 10).unwrap();
        // Two tokens short of full at 3 per second: full again after 667 ms (not 666).
        assert_eq!(l.acquire(&2, 676), Err(Error::RateLimited));
        l.acquire(&2, 677).unwrap();
        assert_eq!(stored(&l), 1);
    }
}
