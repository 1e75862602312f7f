//! A [`Guard`]: replay windows, gap tracking and clock offsets for many streams (one per subscription), shared
//! by threads, optionally persisted so that a restart never accepts a message twice.
//!
//! Like a single [`ReplayWindow`], a guard splits checking from committing: [`Guard::check`] (no side
//! effects) returns an [`Admission`] before the signature is verified, and [`Guard::commit`] consumes it once
//! the message authenticated. Streams are spread over 64 independently locked shards, so threads working on
//! different streams rarely wait for each other. At most `max_streams` streams are tracked; a new one beyond
//! that fails with [`Error::TooManyStreams`]. A stream is created by its first commit (so only authenticated
//! senders create streams).
//!
//! Stream ids are attacker-chosen in lookups, so they are hashed with a per-guard random SipHash key
//! ([`RandomState`]), once per call: the hash picks the shard and is reused by the shard's map.
//!
//! # Crash safety
//!
//! [`Guard::open`] keeps a state file (format in `docs/WIRE.md`). Before a stream accepts a number above its
//! *reservation*, the guard raises the reservation to that number plus `reserve_ahead` and writes the file
//! atomically (temporary file, fsync, rename, fsync of the directory on POSIX). After a crash (even `kill -9`), the
//! reopened guard treats every number up to each stream's reservation as already seen, so nothing accepted
//! before the crash is accepted again. The price: up to `reserve_ahead` numbers that were never accepted are
//! refused after a restart (the sender continues above the reservation, or the receiver resyncs), and one
//! file write per `reserve_ahead` messages per stream.
//!
//! ```
//! use tradeseal::guard::{Guard, GuardConfig};
//! use tradeseal::gap::StreamState;
//! use tradeseal::{Error, SubscriptionId};
//!
//! let guard = Guard::new(GuardConfig::default())?;
//! let stream = SubscriptionId::from_bytes([7; 16]);
//! let now_ms = 1_700_000_000_000;
//! let admission = guard.check(stream, 1, now_ms)?;
//! // ... verify the message's signature, then:
//! assert_eq!(guard.commit(admission, now_ms)?, StreamState::Normal);
//! assert_eq!(guard.check(stream, 1, now_ms).unwrap_err(), Error::Replayed);
//! guard.commit(guard.check(stream, 4, now_ms)?, now_ms)?;
//! assert_eq!(guard.missing(stream), vec![2..=3]); // ask the sender to resend these
//! # Ok::<(), Error>(())
//! ```

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::clock::ClockOffset;
use crate::error::{Error, Result};
use crate::gap::{GapPolicy, GapTracker, StreamState};
use crate::replay::{CheckedSeq, ReplayWindow, DEFAULT_WINDOW};
use crate::state_file::StateFile;
use crate::subscription::SubscriptionId;

const SHARDS: usize = 64;

/// How a [`Guard`] treats each stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuardConfig {
    /// Replay window size per stream (a power of two, see [`ReplayWindow::new`]).
    pub window: u64,
    /// When a gap degrades a stream.
    pub gap: GapPolicy,
    /// The most streams tracked at once.
    pub max_streams: usize,
    /// How far beyond an accepted number the persisted reservation jumps (see the module docs).
    pub reserve_ahead: u64,
}

impl Default for GuardConfig {
    /// A 1024-number window, the default [`GapPolicy`], 100 000 streams, reservations 4096 ahead.
    fn default() -> Self {
        GuardConfig {
            window: DEFAULT_WINDOW,
            gap: GapPolicy::default(),
            max_streams: 100_000,
            reserve_ahead: 4096,
        }
    }
}

/// A stream's sequence number that passed [`Guard::check`]; [`Guard::commit`] consumes it.
#[must_use = "commit the admission once the message authenticated"]
#[derive(Debug)]
pub struct Admission {
    key: StreamKey,
    checked: CheckedSeq,
    sent_ms: Option<u64>,
}

impl Admission {
    /// Records the message's own timestamp, so the commit updates the stream's [`Guard::clock_offset_ms`].
    pub fn sent_at(self, sent_ms: u64) -> Self {
        Admission {
            sent_ms: Some(sent_ms),
            ..self
        }
    }

    /// The admitted sequence number.
    pub fn seq(&self) -> u64 {
        self.checked.seq()
    }
}

/// A stream id with its keyed hash, computed once per call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct StreamKey {
    hash: u64,
    id: SubscriptionId,
}

impl StreamKey {
    /// Bits 32 to 37 of the hash: the shard's map uses the low bits (bucket) and the top 7 (tag).
    fn shard(&self) -> usize {
        (self.hash >> 32) as usize % SHARDS
    }
}

impl Hash for StreamKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The [`Hasher`] of a shard's map: passes a [`StreamKey`]'s precomputed hash through.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    /// Not reached: a [`StreamKey`] writes one `u64`. Folds bytes in, to stay a hasher.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

type Shard = HashMap<StreamKey, Stream, BuildHasherDefault<Prehashed>>;

#[derive(Debug)]
struct Stream {
    window: ReplayWindow,
    gaps: GapTracker,
    offset: ClockOffset,
    reserved: u64,
}

/// Replay and gap state of many streams, shared by threads (`&self`). See the [module docs](self).
#[derive(Debug)]
pub struct Guard {
    config: GuardConfig,
    empty: ReplayWindow,
    shards: Box<[Mutex<Shard>]>,
    hasher: RandomState,
    streams: AtomicUsize,
    store: Option<Mutex<StateFile>>,
}

impl Guard {
    /// An in-memory guard (state is lost on restart). Fails with [`Error::OutOfRange`] for an invalid window
    /// size or zero `max_streams`.
    pub fn new(config: GuardConfig) -> Result<Self> {
        if config.max_streams == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(Guard {
            config,
            empty: ReplayWindow::new(config.window)?,
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: RandomState::new(),
            streams: AtomicUsize::new(0),
            store: None,
        })
    }

    /// A guard persisted in the file at `path` (created on first use). Every stream in the file starts with
    /// everything up to its reservation already seen. Fails with [`Error::StateCorrupt`] when the file does
    /// not decode and [`Error::Io`] when it cannot be read; `reserve_ahead` must be at least 1.
    pub fn open(path: impl AsRef<Path>, config: GuardConfig) -> Result<Self> {
        if config.reserve_ahead == 0 {
            return Err(Error::OutOfRange);
        }
        let mut guard = Self::new(config)?;
        let store = StateFile::open(path.as_ref())?;
        for (id, reserved) in store.reservations() {
            let stream = Stream {
                window: ReplayWindow::starting_after(config.window, reserved)?,
                gaps: GapTracker::after(config.gap, reserved),
                offset: ClockOffset::default(),
                reserved,
            };
            let key = guard.key(id);
            guard.lock(&key).insert(key, stream);
            guard.streams.fetch_add(1, Ordering::Relaxed);
        }
        guard.store = Some(Mutex::new(store));
        Ok(guard)
    }

    /// Whether `seq` may be accepted on `stream` at `now_ms`. No side effects.
    ///
    /// Fails with [`Error::InvalidSequence`], [`Error::TooOld`] or [`Error::Replayed`] as
    /// [`ReplayWindow::check`] does, [`Error::StreamDegraded`] while the stream is degraded, and
    /// [`Error::TooManyStreams`] for a new stream when the guard is full.
    pub fn check(&self, stream: SubscriptionId, seq: u64, now_ms: u64) -> Result<Admission> {
        let key = self.key(stream);
        let checked = self.check_locked(&self.lock(&key), &key, seq, now_ms)?;
        Ok(Admission {
            key,
            checked,
            sent_ms: None,
        })
    }

    /// Accepts the admitted number: persists a new reservation first when needed, moves the stream's
    /// window and records the number for gap detection. Returns the stream's new state.
    ///
    /// Checks again (a copy may have been committed since) and fails like [`Guard::check`]; also with
    /// [`Error::Io`] when the reservation cannot be persisted (nothing is accepted then), and with
    /// [`Error::StreamDegraded`] when this number degraded the stream.
    pub fn commit(&self, admission: Admission, now_ms: u64) -> Result<StreamState> {
        let Admission {
            key,
            checked,
            sent_ms,
        } = admission;
        self.commit_locked(&mut self.lock(&key), key, checked, sent_ms, now_ms)
    }

    /// [`Guard::check`], then `authenticate`, then [`Guard::commit`] with the timestamp it returns, under one
    /// lock of the stream's shard: the pipelines' hot path. Nothing moves unless `authenticate` succeeds.
    /// Other streams of the shard wait while `authenticate` runs (one MAC).
    pub(crate) fn admit<T>(
        &self,
        stream: SubscriptionId,
        seq: u64,
        now_ms: u64,
        authenticate: impl FnOnce() -> Result<(T, u64)>,
    ) -> Result<T> {
        let key = self.key(stream);
        let mut streams = self.lock(&key);
        let checked = self.check_locked(&streams, &key, seq, now_ms)?;
        let (value, sent_ms) = authenticate()?;
        self.commit_locked(&mut streams, key, checked, Some(sent_ms), now_ms)?;
        Ok(value)
    }

    fn check_locked(&self, streams: &Shard, key: &StreamKey, seq: u64, now_ms: u64) -> Result<CheckedSeq> {
        match streams.get(key) {
            Some(s) => {
                s.gaps.check(now_ms)?;
                s.window.check(seq)
            }
            None => {
                let checked = self.empty.check(seq)?;
                self.room_for_one_more()?;
                Ok(checked)
            }
        }
    }

    fn commit_locked(
        &self,
        streams: &mut Shard,
        key: StreamKey,
        checked: CheckedSeq,
        sent_ms: Option<u64>,
        now_ms: u64,
    ) -> Result<StreamState> {
        let stream = match streams.entry(key) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                self.room_for_one_more()?;
                self.streams.fetch_add(1, Ordering::Relaxed);
                entry.insert(Stream {
                    window: self.empty.clone(),
                    gaps: GapTracker::new(self.config.gap),
                    offset: ClockOffset::default(),
                    reserved: 0,
                })
            }
        };
        stream.gaps.check(now_ms)?;
        let seq = checked.seq();
        if let (Some(store), true) = (&self.store, seq > stream.reserved) {
            let upto = seq.saturating_add(self.config.reserve_ahead);
            store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .reserve(key.id, upto)?;
            stream.reserved = upto;
        }
        stream.window.commit(checked)?;
        if let Some(sent_ms) = sent_ms {
            stream.offset.observe(sent_ms, now_ms);
        }
        stream.gaps.record(seq, now_ms)
    }

    /// The state of `stream` at `now_ms` ([`StreamState::Normal`] for a stream never seen).
    pub fn state(&self, stream: SubscriptionId, now_ms: u64) -> StreamState {
        self.with_stream(stream, |s| s.gaps.state(now_ms))
            .unwrap_or(StreamState::Normal)
    }

    /// The missing sequence ranges of `stream`, oldest first, for a resend request.
    pub fn missing(&self, stream: SubscriptionId) -> Vec<RangeInclusive<u64>> {
        self.with_stream(stream, |s| s.gaps.missing().collect())
            .unwrap_or_default()
    }

    /// Clears `stream`'s gaps and leaves [`StreamState::Degraded`] (after the receiver reloaded full state).
    /// Its replay window is kept, so nothing is accepted twice.
    pub fn resync(&self, stream: SubscriptionId) {
        self.with_stream(stream, |s| s.gaps.resync());
    }

    /// The smoothed lag of `stream`'s timestamps behind our clock (see [`ClockOffset`]), if known.
    pub fn clock_offset_ms(&self, stream: SubscriptionId) -> Option<i64> {
        self.with_stream(stream, |s| s.offset.estimate_ms()).flatten()
    }

    /// The number of streams tracked.
    pub fn len(&self) -> usize {
        self.streams.load(Ordering::Relaxed)
    }

    /// Whether no stream is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn room_for_one_more(&self) -> Result<()> {
        if self.len() >= self.config.max_streams {
            return Err(Error::TooManyStreams);
        }
        Ok(())
    }

    fn key(&self, id: SubscriptionId) -> StreamKey {
        StreamKey {
            hash: self.hasher.hash_one(id),
            id,
        }
    }

    fn lock(&self, key: &StreamKey) -> MutexGuard<'_, Shard> {
        // Every update leaves a stream consistent before anything can panic, so poisoning is ignored.
        self.shards[key.shard()]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with_stream<R>(&self, stream: SubscriptionId, f: impl FnOnce(&mut Stream) -> R) -> Option<R> {
        let key = self.key(stream);
        self.lock(&key).get_mut(&key).map(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u32) -> SubscriptionId {
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&n.to_be_bytes());
        SubscriptionId::from_bytes(bytes)
    }

    #[test]
    fn streams_are_independent_and_bounded() {
        let config = GuardConfig {
            max_streams: 2,
            ..GuardConfig::default()
        };
        let guard = Guard::new(config).unwrap();
        for n in 0..2 {
            guard.commit(guard.check(id(n), 1, 0).unwrap(), 0).unwrap();
        }
        assert_eq!(guard.check(id(0), 1, 0).unwrap_err(), Error::Replayed);
        guard.commit(guard.check(id(1), 2, 0).unwrap(), 0).unwrap();
        assert_eq!(guard.check(id(2), 1, 0).unwrap_err(), Error::TooManyStreams);
        assert_eq!(guard.check(id(2), 0, 0).unwrap_err(), Error::InvalidSequence);
        assert_eq!(guard.len(), 2);
        assert_eq!(
            Guard::new(GuardConfig {
                window: 1000,
                ..config
            })
            .unwrap_err(),
            Error::OutOfRange
        );
    }

    #[test]
    fn racing_admissions_commit_once_and_a_new_stream_is_made_by_commit() {
        let guard = Guard::new(GuardConfig::default()).unwrap();
        let (a, b) = (
            guard.check(id(9), 5, 0).unwrap(),
            guard.check(id(9), 5, 0).unwrap(),
        );
        assert!(guard.is_empty(), "check has no side effects");
        guard.commit(a.sent_at(0), 40).unwrap();
        assert_eq!(guard.commit(b, 0).unwrap_err(), Error::Replayed);
        assert_eq!(guard.clock_offset_ms(id(9)), Some(40));
    }

    #[test]
    fn admit_commits_only_what_authenticated() {
        let guard = Guard::new(GuardConfig::default()).unwrap();
        let forged = guard.admit(id(3), 1, 50, || Err::<((), u64), _>(Error::InvalidSignature));
        assert_eq!(forged, Err(Error::InvalidSignature));
        assert!(guard.is_empty());
        assert_eq!(guard.admit(id(3), 1, 50, || Ok(("ok", 20))), Ok("ok"));
        assert_eq!(
            guard.admit(id(3), 1, 50, || -> Result<((), u64)> {
                unreachable!("pre-checked")
            }),
            Err(Error::Replayed)
        );
        assert_eq!(guard.clock_offset_ms(id(3)), Some(30));
    }

    #[test]
    fn degraded_streams_refuse_until_resync() {
        let gap = GapPolicy {
            max_gap_age_ms: 100,
            max_missing: 10,
        };
        let guard = Guard::new(GuardConfig {
            gap,
            ..GuardConfig::default()
        })
        .unwrap();
        let s = id(1);
        guard.commit(guard.check(s, 1, 0).unwrap(), 0).unwrap();
        assert_eq!(
            guard.commit(guard.check(s, 3, 0).unwrap(), 0),
            Ok(StreamState::Gap)
        );
        assert_eq!(guard.missing(s), vec![2..=2]);
        assert_eq!(guard.check(s, 4, 101).unwrap_err(), Error::StreamDegraded);
        assert_eq!(guard.state(s, 101), StreamState::Degraded);
        guard.resync(s);
        assert_eq!(
            guard.commit(guard.check(s, 4, 101).unwrap(), 101),
            Ok(StreamState::Normal)
        );
        assert_eq!(guard.check(s, 3, 101).unwrap_err(), Error::Replayed);
    }

    #[test]
    fn a_reopened_guard_never_accepts_what_it_accepted_before() {
        let dir = std::env::temp_dir().join(format!("tseal-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("guard.state");
        let config = GuardConfig {
            reserve_ahead: 10,
            ..GuardConfig::default()
        };
        {
            let guard = Guard::open(&path, config).unwrap();
            for seq in 1..=25 {
                guard.commit(guard.check(id(1), seq, 0).unwrap(), 0).unwrap();
            }
        }
        let guard = Guard::open(&path, config).unwrap();
        // Reservations were 11, 22, then 33 (taken when 23 arrived).
        for seq in 1..=33 {
            assert!(guard.check(id(1), seq, 0).is_err(), "{seq}");
        }
        guard.commit(guard.check(id(1), 34, 0).unwrap(), 0).unwrap();
        assert_eq!(
            Guard::open(
                &path,
                GuardConfig {
                    reserve_ahead: 0,
                    ..config
                }
            )
            .unwrap_err(),
            Error::OutOfRange
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
