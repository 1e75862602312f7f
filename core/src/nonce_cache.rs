//! A bounded [`NonceCache`] of the `(timestamp, nonce)` pairs of signed requests seen inside the time window.
//!
//! A signed exchange request carries a timestamp and a random nonce. The cache accepts each
//! `(scope, timestamp, nonce)` once (the scope names whose nonce it is, e.g. the API key) while the timestamp is inside its [`TimeWindow`]: a second copy fails
//! with [`Error::NonceReused`], and a timestamp outside the window fails with [`Error::Stale`] or
//! [`Error::FromFuture`] (so an expired entry can never be replayed). Entries expire with the window.
//!
//! Memory is bounded: the cache holds at most `capacity` entries. When it is full of unexpired entries a new
//! one fails with [`Error::NonceCacheFull`] (the request is refused, never accepted unchecked). Size it as
//! the peak request rate times the window length. Entries are a 128-bit keyed hash (SipHash, random keys per
//! cache) of the scope and nonce, plus the timestamp: an accidental collision (about `n^2 / 2^129`) rejects
//! one request; it can never accept one.
//!
//! The cache is shared by threads (`&self`), with 16 independently locked shards.
//!
//! ```
//! use tradeseal::clock::TimeWindow;
//! use tradeseal::nonce_cache::NonceCache;
//! use tradeseal::Error;
//!
//! let cache = NonceCache::new(TimeWindow::default(), 100_000)?;
//! let now_ms = 1_700_000_000_000;
//! cache.check(b"key-1", now_ms, b"nonce-1", now_ms)?; // cheap pre-check, before verifying the signature
//! cache.insert(b"key-1", now_ms, b"nonce-1", now_ms)?; // after the signature verified
//! assert_eq!(cache.insert(b"key-1", now_ms, b"nonce-1", now_ms + 10), Err(Error::NonceReused));
//! assert_eq!(cache.insert(b"key-1", now_ms, b"nonce-1", now_ms + 61_000), Err(Error::Stale));
//! # Ok::<(), Error>(())
//! ```

use std::collections::BTreeSet;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;

use crate::clock::TimeWindow;
use crate::error::{Error, Result};

const SHARDS: usize = 16;

/// `(timestamp_ms, digest)`, ordered by timestamp so expired entries are at the front.
type Entry = (u64, u128);

/// Seen `(scope, timestamp, nonce)` triples, bounded in number and expiring with a [`TimeWindow`].
#[derive(Debug)]
pub struct NonceCache {
    window: TimeWindow,
    shard_capacity: usize,
    shards: [Mutex<BTreeSet<Entry>>; SHARDS],
    hashers: [RandomState; 2],
}

impl NonceCache {
    /// A cache for timestamps inside `window`, holding at most `capacity` entries (at least 16, else
    /// [`Error::OutOfRange`]).
    pub fn new(window: TimeWindow, capacity: usize) -> Result<Self> {
        if capacity < SHARDS {
            return Err(Error::OutOfRange);
        }
        Ok(NonceCache {
            window,
            shard_capacity: capacity.div_ceil(SHARDS),
            shards: Default::default(),
            hashers: [RandomState::new(), RandomState::new()],
        })
    }

    /// The time window entries live in.
    pub fn window(&self) -> TimeWindow {
        self.window
    }

    /// Whether the triple would be accepted now. No side effects.
    ///
    /// Fails with [`Error::Stale`] / [`Error::FromFuture`] outside the window, [`Error::NonceReused`] for a
    /// triple already inserted.
    pub fn check(&self, scope: &[u8], timestamp_ms: u64, nonce: &[u8], now_ms: u64) -> Result<()> {
        self.window.check(timestamp_ms, now_ms)?;
        let (shard, entry) = self.entry(scope, timestamp_ms, nonce);
        if self.lock(shard).contains(&entry) {
            return Err(Error::NonceReused);
        }
        Ok(())
    }

    /// Accepts the triple once: checks like [`Self::check`] and records it, atomically. Expired entries are
    /// dropped first; fails with [`Error::NonceCacheFull`] when the cache is still full.
    pub fn insert(&self, scope: &[u8], timestamp_ms: u64, nonce: &[u8], now_ms: u64) -> Result<()> {
        self.window.check(timestamp_ms, now_ms)?;
        let (shard, entry) = self.entry(scope, timestamp_ms, nonce);
        let oldest = self.window.oldest(now_ms);
        let mut seen = self.lock(shard);
        if seen.contains(&entry) {
            return Err(Error::NonceReused);
        }
        while seen.first().is_some_and(|&(ts, _)| ts < oldest) {
            seen.pop_first();
        }
        if seen.len() >= self.shard_capacity {
            return Err(Error::NonceCacheFull);
        }
        seen.insert(entry);
        Ok(())
    }

    /// Number of entries held (expired ones included until the next insert into their shard).
    pub fn len(&self) -> usize {
        (0..SHARDS).map(|shard| self.lock(shard).len()).sum()
    }

    /// Whether the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entry(&self, scope: &[u8], timestamp_ms: u64, nonce: &[u8]) -> (usize, Entry) {
        let [a, b] = self
            .hashers
            .each_ref()
            .map(|hasher| hasher.hash_one((scope, nonce)));
        (
            (a as usize) % SHARDS,
            (timestamp_ms, (u128::from(a) << 64) | u128::from(b)),
        )
    }

    fn lock(&self, shard: usize) -> std::sync::MutexGuard<'_, BTreeSet<Entry>> {
        // A panic while holding the lock cannot leave the set half-updated, so poisoning is ignored.
        self.shards[shard % SHARDS]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: TimeWindow = TimeWindow {
        max_age_ms: 1_000,
        max_future_ms: 100,
    };

    #[test]
    fn same_nonce_is_distinct_per_key_and_timestamp() {
        let cache = NonceCache::new(WINDOW, 64).unwrap();
        cache.insert(b"a", 5_000, b"n", 5_000).unwrap();
        cache.insert(b"b", 5_000, b"n", 5_000).unwrap();
        cache.insert(b"a", 5_001, b"n", 5_000).unwrap();
        assert_eq!(cache.check(b"a", 5_000, b"n", 5_000), Err(Error::NonceReused));
        assert_eq!(cache.insert(b"a", 5_000, b"n", 5_999), Err(Error::NonceReused));
        assert_eq!(cache.insert(b"a", 5_000, b"n", 6_001), Err(Error::Stale));
        assert_eq!(cache.insert(b"a", 9_000, b"n", 5_000), Err(Error::FromFuture));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn full_cache_refuses_and_recovers_when_entries_expire() {
        assert_eq!(NonceCache::new(WINDOW, 15).unwrap_err(), Error::OutOfRange);
        let cache = NonceCache::new(WINDOW, 16).unwrap();
        let mut full = 0;
        for i in 0u32..200 {
            match cache.insert(b"a", 10_000, &i.to_be_bytes(), 10_000) {
                Ok(()) => {}
                Err(Error::NonceCacheFull) => full += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(full > 0 && cache.len() <= 16, "bounded: {} entries", cache.len());
        // Every entry expired by 12 000 ms, so the first insert into any shard succeeds again.
        cache.insert(b"a", 12_000, b"fresh", 12_000).unwrap();
    }
}
