//! [`Bounded`]: a table of expiring entries over 16 locked shards, holding at most `capacity` entries in total,
//! whatever shards they hash to. Used by [`crate::nonce_cache`] and [`crate::ratelimit`].
//!
//! A count of the entries held (plus the slots reserved for entries being inserted) is the only bound. A new
//! entry reserves a slot by compare-and-swap, under its shard's lock, just before it is inserted. When every
//! slot is taken, the shards are swept for expired entries one lock at a time (never two at once), and only if
//! the sweep frees nothing is the new entry refused. Finding an entry takes one shard lock and leaves the count
//! alone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};

/// Independently locked shards: threads working on different entries rarely wait for one another.
const SHARDS: usize = 16;

/// The entries of one shard of a [`Bounded`] table.
pub(crate) trait Shard: Default {
    /// What tells which entries expired: the time, and whatever else the entries need to tell it.
    type Now: Copy;

    /// Whether [`Self::drop_expired`] is cheap enough to run on the shard of every new entry (entries kept in
    /// order of expiry), so that expired entries do not pile up until the table is full.
    const DROP_EXPIRED_ON_INSERT: bool = false;

    /// Drops the entries expired at `now`; returns how many. A full table runs it on every shard, so it should
    /// return at once when nothing here can have expired yet.
    fn drop_expired(&mut self, now: Self::Now) -> usize;
}

/// At most `capacity` entries in total, in 16 shards `S` chosen by a hash.
#[derive(Debug)]
pub(crate) struct Bounded<S> {
    capacity: usize,
    /// The entries of all shards plus the slots reserved for entries being inserted: at most `capacity`.
    /// Relaxed ordering is enough: the count guards no other data (the entries are under the shard locks), and
    /// read-modify-writes of one atomic never lose an update.
    held: AtomicUsize,
    shards: [Mutex<S>; SHARDS],
}

impl<S: Shard> Bounded<S> {
    /// An empty table for at most `capacity` entries; zero fails with [`Error::OutOfRange`].
    pub(crate) fn new(capacity: usize) -> Result<Self> {
        if capacity == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(Bounded {
            capacity,
            held: AtomicUsize::new(0),
            shards: Default::default(),
        })
    }

    /// The number of entries held, expired ones included until they are dropped.
    pub(crate) fn len(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// Locks the shard of `hash`.
    pub(crate) fn lock(&self, hash: u64) -> MutexGuard<'_, S> {
        lock(self.home(hash))
    }

    /// In the shard of `hash`: what `find` returns if it finds the entry, else what `insert` returns once there
    /// is room for one more entry. `None` when `capacity` entries unexpired at `now` are held.
    ///
    /// `find` runs again after each sweep: another thread may have inserted the entry meanwhile.
    pub(crate) fn find_or_insert<T>(
        &self,
        hash: u64,
        now: S::Now,
        mut find: impl FnMut(&mut S) -> Option<T>,
        insert: impl FnOnce(&mut S) -> T,
    ) -> Option<T> {
        let home = self.home(hash);
        let mut shard = lock(home);
        let mut swept_in_vain = false;
        loop {
            if let Some(found) = find(&mut shard) {
                return Some(found);
            }
            if S::DROP_EXPIRED_ON_INSERT {
                self.free(shard.drop_expired(now));
            }
            if self.reserve_slot() {
                return Some(insert(&mut shard));
            }
            if swept_in_vain {
                return None;
            }
            // Full: drop the expired entries of every shard, then look again: another thread may have
            // inserted this entry, or taken the freed slots, meanwhile.
            drop(shard);
            swept_in_vain = self.drop_expired(now) == 0;
            shard = lock(home);
        }
    }

    fn home(&self, hash: u64) -> &Mutex<S> {
        &self.shards[(hash % SHARDS as u64) as usize]
    }

    /// Takes one of the `capacity` slots, if one is free.
    fn reserve_slot(&self) -> bool {
        self.held
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.capacity).then_some(n + 1)
            })
            .is_ok()
    }

    /// Gives back the slots of `dropped` entries.
    fn free(&self, dropped: usize) {
        if dropped > 0 {
            self.held.fetch_sub(dropped, Ordering::Relaxed);
        }
    }

    /// Drops the entries expired at `now` from every shard, one lock at a time; returns how many.
    fn drop_expired(&self, now: S::Now) -> usize {
        self.shards
            .iter()
            .map(|shard| {
                let mut shard = lock(shard);
                let dropped = shard.drop_expired(now);
                // Freed under the lock: a sweep that finds this shard without expired entries finds their
                // slots free too, so it refuses only a table full of unexpired entries.
                self.free(dropped);
                dropped
            })
            .sum()
    }

    /// The sum of `count` over the shards, which must equal [`Self::len`] when no call is running.
    #[cfg(test)]
    pub(crate) fn stored(&self, count: impl Fn(&S) -> usize) -> usize {
        self.shards.iter().map(|shard| count(&lock(shard))).sum()
    }
}

fn lock<S>(shard: &Mutex<S>) -> MutexGuard<'_, S> {
    // Every shard update is a single insert or removal, so a panic while the lock is held cannot leave a
    // shard half-updated: poisoning is ignored.
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries by when they expire; `EAGER` shards are tidied on every insert.
    #[derive(Debug, Default)]
    struct Expiries<const EAGER: bool>(Vec<u64>);

    impl<const EAGER: bool> Shard for Expiries<EAGER> {
        type Now = u64;
        const DROP_EXPIRED_ON_INSERT: bool = EAGER;

        fn drop_expired(&mut self, now: u64) -> usize {
            let before = self.0.len();
            self.0.retain(|&expires| expires > now);
            before - self.0.len()
        }
    }

    /// Inserts an entry expiring at `expires` under `hash`, unless one with that expiry is there.
    fn add<const EAGER: bool>(
        table: &Bounded<Expiries<EAGER>>,
        hash: u64,
        expires: u64,
        now: u64,
    ) -> Option<bool> {
        table.find_or_insert(
            hash,
            now,
            |shard| shard.0.contains(&expires).then_some(false),
            |shard| {
                shard.0.push(expires);
                true
            },
        )
    }

    fn stored<const EAGER: bool>(table: &Bounded<Expiries<EAGER>>) -> usize {
        table.stored(|shard| shard.0.len())
    }

    #[test]
    fn zero_capacity_is_out_of_range() {
        assert_eq!(Bounded::<Expiries<false>>::new(0).unwrap_err(), Error::OutOfRange);
    }

    #[test]
    fn exactly_capacity_entries_whatever_shards_they_hash_to() {
        for capacity in [1, 2, 15, 16, 17, 100] {
            // All in one shard, two shards, or spread over every shard.
            for spread in [1, 2, 16] {
                let table = Bounded::<Expiries<false>>::new(capacity).unwrap();
                let hash = |i: u64| (i % spread) * 7 + 16 * i;
                for i in 0..capacity as u64 {
                    assert_eq!(
                        add(&table, hash(i), 1_000 + i, 0),
                        Some(true),
                        "{i} of {capacity}"
                    );
                }
                assert_eq!(add(&table, hash(999), 5_000, 999), None, "full, none expired");
                assert_eq!(
                    add(&table, hash(0), 1_000, 999),
                    Some(false),
                    "an entry held is found when full"
                );
                assert_eq!((table.len(), stored(&table)), (capacity, capacity));
                // At 1 000 the first entry expired: dropped for the newcomer, wherever each one is.
                assert_eq!(add(&table, hash(999), 5_000, 1_000), Some(true));
                assert_eq!((table.len(), stored(&table)), (capacity, capacity));
                assert_eq!(add(&table, hash(998), 5_001, 1_000), None);
            }
        }
    }

    #[test]
    fn eager_shards_drop_expired_entries_before_the_table_is_full() {
        let lazy = Bounded::<Expiries<false>>::new(100).unwrap();
        let eager = Bounded::<Expiries<true>>::new(100).unwrap();
        for expires in 1..=10 {
            assert_eq!(add(&lazy, 0, expires, 0), Some(true));
            assert_eq!(add(&eager, 0, expires, 0), Some(true));
        }
        assert_eq!(add(&lazy, 16, 100, 5), Some(true));
        assert_eq!(add(&eager, 16, 100, 5), Some(true));
        assert_eq!((lazy.len(), stored(&lazy)), (11, 11));
        assert_eq!((eager.len(), stored(&eager)), (6, 6), "1..=5 dropped");
        assert_eq!(add(&eager, 1, 100, 5), Some(true));
        assert_eq!(eager.len(), 7, "other shards are left alone");
    }

    #[test]
    fn racing_threads_take_exactly_capacity_slots() {
        const CAPACITY: usize = 37;
        const THREADS: u64 = 8;
        for round in 0..20 {
            let table = Bounded::<Expiries<true>>::new(CAPACITY).unwrap();
            // Nothing expires before 10 000; at 20 000 everything of the first phase has expired, and the
            // threads sweep it away while racing for the freed slots.
            for (phase, now) in [(0, 0), (1, 20_000)] {
                let admitted: usize = std::thread::scope(|scope| {
                    let workers: Vec<_> = (0..THREADS)
                        .map(|t| {
                            let table = &table;
                            scope.spawn(move || {
                                let mut admitted = 0;
                                for i in 0..20 {
                                    let entry = phase * 100_000 + t * 1_000 + i;
                                    let hash = entry * 31 + round;
                                    if add(table, hash, now + 10_000 + entry, now) == Some(true) {
                                        admitted += 1;
                                    }
                                    assert!(table.len() <= CAPACITY);
                                }
                                admitted
                            })
                        })
                        .collect();
                    workers.into_iter().map(|w| w.join().unwrap()).sum()
                });
                assert_eq!(admitted, CAPACITY, "phase {phase}");
                assert_eq!((table.len(), stored(&table)), (CAPACITY, CAPACITY));
            }
        }
    }
}
