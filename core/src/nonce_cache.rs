//! A bounded [`NonceCache`] of the `(timestamp, nonce)` pairs of signed requests seen inside the time window.
//!
//! A signed exchange request carries a timestamp and a random nonce. The cache accepts each
//! `(scope, timestamp, nonce)` once (the scope names whose nonce it is, e.g. the API key) while the timestamp is inside its [`TimeWindow`]: a second copy fails
//! with [`Error::NonceReused`], and a timestamp outside the window fails with [`Error::Stale`] or
//! [`Error::FromFuture`] (so an expired entry can never be replayed). Entries expire with the window.
//!
//! Memory is bounded: the cache holds at most `capacity` entries in total. When it holds `capacity` unexpired
//! entries, a new one fails with [`Error::NonceCacheFull`] (the request is refused, never accepted unchecked);
//! expired entries are dropped to make room first. Size it as the peak request rate times the window length.
//! Entries are a 128-bit keyed hash (SipHash, random keys per cache) of the scope and nonce, plus the
//! timestamp: an accidental collision (about `n^2 / 2^129`) rejects one request; it can never accept one.
//!
//! The cache is shared by threads (`&self`). Entries are spread over 16 independently locked shards by their
//! hash; a check or an insert takes one shard lock, and dropping the expired entries of all shards when the
//! cache is full takes their locks one at a time.
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
//!
//! let one_entry = NonceCache::new(TimeWindow::default(), 1)?;
//! one_entry.insert(b"key-1", now_ms, b"nonce-1", now_ms)?;
//! assert_eq!(one_entry.insert(b"key-2", now_ms, b"nonce-2", now_ms), Err(Error::NonceCacheFull));
//! let later_ms = now_ms + 60_001; // nonce-1 expired: dropped to make room
//! one_entry.insert(b"key-2", later_ms, b"nonce-2", later_ms)?;
//! # Ok::<(), Error>(())
//! ```

use std::collections::BTreeSet;
use std::hash::{BuildHasher, RandomState};

use crate::bounded::{self, Bounded};
use crate::clock::TimeWindow;
use crate::error::{Error, Result};

/// `(timestamp_ms, digest)`, ordered by timestamp so expired entries are at the front.
type Entry = (u64, u128);

/// The entries of one shard, oldest first.
#[derive(Debug, Default)]
struct Entries(BTreeSet<Entry>);

impl bounded::Shard for Entries {
    /// The oldest timestamp inside the window: older entries expired.
    type Now = u64;

    /// Expired entries are at the front: dropping them costs nothing when there are none.
    const DROP_EXPIRED_ON_INSERT: bool = true;

    fn drop_expired(&mut self, oldest: u64) -> usize {
        let mut dropped = 0;
        while self.0.first().is_some_and(|&(ts, _)| ts < oldest) {
            self.0.pop_first();
            dropped += 1;
        }
        dropped
    }
}

/// Seen `(scope, timestamp, nonce)` triples, bounded in number and expiring with a [`TimeWindow`].
#[derive(Debug)]
pub struct NonceCache {
    window: TimeWindow,
    entries: Bounded<Entries>,
    hashers: [RandomState; 2],
}

impl NonceCache {
    /// A cache for timestamps inside `window`, holding at most `capacity` entries in total (at least 1, else
    /// [`Error::OutOfRange`]).
    pub fn new(window: TimeWindow, capacity: usize) -> Result<Self> {
        Ok(NonceCache {
            window,
            entries: Bounded::new(capacity)?,
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
        let (hash, entry) = self.entry(scope, timestamp_ms, nonce);
        if self.entries.lock(hash).0.contains(&entry) {
            return Err(Error::NonceReused);
        }
        Ok(())
    }

    /// Accepts the triple once: checks like [`Self::check`] and records it, atomically. Fails with
    /// [`Error::NonceCacheFull`] when `capacity` entries are held after the expired ones are dropped.
    pub fn insert(&self, scope: &[u8], timestamp_ms: u64, nonce: &[u8], now_ms: u64) -> Result<()> {
        self.window.check(timestamp_ms, now_ms)?;
        let (hash, entry) = self.entry(scope, timestamp_ms, nonce);
        self.entries
            .find_or_insert(
                hash,
                self.window.oldest(now_ms),
                |seen| seen.0.contains(&entry).then_some(Err(Error::NonceReused)),
                |seen| {
                    seen.0.insert(entry);
                    Ok(())
                },
            )
            .unwrap_or(Err(Error::NonceCacheFull))
    }

    /// Number of entries held: expired ones are included until dropped, by the next insert into their shard
    /// or when the cache is full.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hash choosing the entry's shard, and the entry.
    fn entry(&self, scope: &[u8], timestamp_ms: u64, nonce: &[u8]) -> (u64, Entry) {
        let [a, b] = self
            .hashers
            .each_ref()
            .map(|hasher| hasher.hash_one((scope, nonce)));
        (a, (timestamp_ms, (u128::from(a) << 64) | u128::from(b)))
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
        assert_eq!(NonceCache::new(WINDOW, 0).unwrap_err(), Error::OutOfRange);
        let cache = NonceCache::new(WINDOW, 16).unwrap();
        let refused = (0u32..200)
            .filter(|i| {
                let result = cache.insert(b"a", 10_000, &i.to_be_bytes(), 10_000);
                assert!(matches!(result, Ok(()) | Err(Error::NonceCacheFull)));
                result.is_err()
            })
            .count();
        assert_eq!((refused, cache.len()), (200 - 16, 16));
        // Every entry expired by 11 001 ms: 16 new ones find room, whatever shards they and the old ones hash to.
        for i in 0u32..16 {
            cache.insert(b"b", 11_001, &i.to_be_bytes(), 11_001).unwrap();
        }
        assert_eq!(cache.len(), 16);
        assert_eq!(
            cache.insert(b"b", 11_001, b"fresh", 11_001),
            Err(Error::NonceCacheFull)
        );
    }

    /// The entries in the shards, which [`NonceCache::len`] must match when no call is running.
    fn stored(cache: &NonceCache) -> usize {
        cache.entries.stored(|shard| shard.0.len())
    }

    #[test]
    fn exactly_capacity_nonces_are_admitted_whatever_their_hashes() {
        // Each cache hashes with new random keys: over many caches, nonces share shards in every way.
        for capacity in [1, 2, 3, 16, 100] {
            for round in 0..64u32 {
                let cache = NonceCache::new(WINDOW, capacity).unwrap();
                // Nonce i of scope i % 3 arrives at 10 000 + i ms, so it expires after 11 000 + i ms.
                let scope = |i: u32| [b'k', (i % 3) as u8];
                let nonce = |i: u32| (round * 1_000 + i).to_be_bytes();
                for i in 0..capacity as u32 {
                    let now = 10_000 + u64::from(i);
                    let admitted = cache.insert(&scope(i), now, &nonce(i), now);
                    assert_eq!(admitted, Ok(()), "nonce {i} of {capacity}");
                }
                let late = 10_999;
                let newcomer = nonce(999);
                assert_eq!(
                    cache.insert(b"k", late, &newcomer, late),
                    Err(Error::NonceCacheFull),
                    "full, none expired"
                );
                assert_eq!(
                    cache.insert(&scope(0), 10_000, &nonce(0), late),
                    Err(Error::NonceReused),
                    "a full cache still tells a replay"
                );
                assert_eq!((cache.len(), stored(&cache)), (capacity, capacity));
                // At 11 001 ms the first nonce expired: dropped for the newcomer.
                assert_eq!(cache.insert(b"k", late, &newcomer, 11_001), Ok(()));
                assert_eq!((cache.len(), stored(&cache)), (capacity, capacity));
                assert_eq!(
                    cache.insert(b"k", late, &nonce(998), 11_001),
                    Err(Error::NonceCacheFull),
                    "no other nonce expired yet"
                );
            }
        }
    }
}
