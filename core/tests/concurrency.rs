//! One `Guard` shared by many threads over 10 000 streams: every (stream, sequence) sent twice, by
//! different threads racing each other, is accepted exactly once. One `RateLimiter` shared by threads racing
//! new keys: exactly `max_keys` are admitted. One `NonceCache` shared by threads racing new nonces: exactly
//! `capacity` are admitted.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use tradeseal::clock::TimeWindow;
use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::nonce_cache::NonceCache;
use tradeseal::ratelimit::{RateLimit, RateLimiter};
use tradeseal::{Error, SubscriptionId};

const STREAMS: u32 = 10_000;
const SEQS: u64 = 16;
const THREADS: u32 = 8;

fn stream(n: u32) -> SubscriptionId {
    let mut bytes = [0x5a; 16];
    bytes[12..].copy_from_slice(&n.to_be_bytes());
    SubscriptionId::from_bytes(bytes)
}

#[test]
fn duplicates_racing_across_threads_are_accepted_once() {
    let guard = Guard::new(GuardConfig::default()).expect("guard");
    let accepted = AtomicU64::new(0);
    let replayed = AtomicU64::new(0);
    thread::scope(|scope| {
        for t in 0..THREADS {
            let (guard, accepted, replayed) = (&guard, &accepted, &replayed);
            scope.spawn(move || {
                // Threads t and t + THREADS / 2 cover the same streams, in opposite sequence orders.
                let half = THREADS / 2;
                let reverse = t >= half;
                for n in (t % half..STREAMS).step_by(half as usize) {
                    for i in 1..=SEQS {
                        let seq = if reverse { SEQS + 1 - i } else { i };
                        let result = guard.check(stream(n), seq, 0).and_then(|a| guard.commit(a, 0));
                        match result {
                            Ok(_) => accepted.fetch_add(1, Ordering::Relaxed),
                            Err(Error::Replayed) => replayed.fetch_add(1, Ordering::Relaxed),
                            Err(e) => panic!("stream {n} seq {seq}: {e}"),
                        };
                    }
                }
            });
        }
    });
    let total = u64::from(STREAMS) * SEQS;
    assert_eq!(accepted.load(Ordering::Relaxed), total);
    assert_eq!(replayed.load(Ordering::Relaxed), total);
    assert_eq!(guard.len(), STREAMS as usize);
    for n in 0..STREAMS {
        assert!(guard.missing(stream(n)).is_empty(), "stream {n} has no gap left");
    }
}

#[test]
fn shared_objects_are_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<Guard>();
    shared::<tradeseal::signal_verifier::SignalVerifier>();
    shared::<tradeseal::request_verifier::RequestVerifier>();
    shared::<tradeseal::nonce_cache::NonceCache>();
    shared::<tradeseal::ratelimit::RateLimiter<String>>();
}

/// THREADS threads race `count` distinct items each (thread t: first + t, first + t + THREADS, ...) through
/// `admit`; returns how many were admitted.
fn race(first: u32, count: u32, admit: impl Fn(u32) -> bool + Sync) -> usize {
    let admit = &admit;
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    (0..count)
                        .map(|i| first + i * THREADS + t)
                        .filter(|&item| admit(item))
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).sum()
    })
}

/// Whether `result` admitted `item`: `Ok`, or the refusal `full` (any other error fails the test).
fn admitted(result: Result<(), Error>, full: Error, item: u32) -> bool {
    match result {
        Ok(()) => true,
        Err(e) if e == full => false,
        Err(e) => panic!("{item}: {e}"),
    }
}

/// Races distinct new items into a table for `capacity` through `admit(item, now_ms)`, which checks the bound
/// after each: `capacity` of them fit at `held_ms`, then none (nothing held has expired), then at `expired_ms`
/// (everything held has expired) exactly `capacity` again. `len` is the table's size.
fn exactly_capacity_admitted(
    capacity: usize,
    [held_ms, expired_ms]: [u64; 2],
    admit: impl Fn(u32, u64) -> bool + Sync,
    len: impl Fn() -> usize,
) {
    let at = |now_ms| {
        let admit = &admit;
        move |item| admit(item, now_ms)
    };
    let per_thread = capacity as u32 / THREADS;
    assert_eq!(race(0, per_thread, at(held_ms)), capacity, "all fit");
    assert_eq!(race(1_000_000, 200, at(held_ms)), 0, "full, none expired");
    assert_eq!(len(), capacity);
    assert_eq!(race(2_000_000, 200, at(expired_ms)), capacity, "all expired");
    assert_eq!(len(), capacity);
}

#[test]
fn racing_new_keys_take_exactly_max_keys_slots() {
    const MAX_KEYS: usize = 64;
    let limit = RateLimit {
        per_second: 1,
        burst: 1,
    };
    let limiter: RateLimiter<u32> = RateLimiter::new(limit, MAX_KEYS).expect("limiter");
    // Every bucket is idle a second after its key's only request.
    let acquire = |key: u32, now_ms| {
        let result = limiter.acquire(&key, now_ms);
        assert!(limiter.tracked_keys() <= MAX_KEYS);
        admitted(result, Error::RateLimited, key)
    };
    exactly_capacity_admitted(MAX_KEYS, [0, 1_000], acquire, || limiter.tracked_keys());
}

#[test]
fn racing_new_nonces_take_exactly_capacity_slots() {
    const CAPACITY: usize = 64;
    let window = TimeWindow {
        max_age_ms: 1_000,
        max_future_ms: 0,
    };
    let cache = NonceCache::new(window, CAPACITY).expect("cache");
    // Each nonce is stamped with the time it arrives, and expires 1 001 ms later.
    let insert = |nonce: u32, now_ms| {
        let result = cache.insert(b"api-key", now_ms, &nonce.to_be_bytes(), now_ms);
        assert!(cache.len() <= CAPACITY);
        admitted(result, Error::NonceCacheFull, nonce)
    };
    exactly_capacity_admitted(CAPACITY, [10_000, 11_001], insert, || cache.len());
}
