//! One `Guard` shared by many threads over 10 000 streams: every (stream, sequence) sent twice, by
//! different threads racing each other, is accepted exactly once. One `RateLimiter` shared by threads racing
//! new keys: exactly `max_keys` are admitted.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use tradeseal::guard::{Guard, GuardConfig};
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

#[test]
fn racing_new_keys_take_exactly_max_keys_slots() {
    const MAX_KEYS: usize = 64;
    let limit = RateLimit {
        per_second: 1,
        burst: 1,
    };
    let limiter: RateLimiter<u32> = RateLimiter::new(limit, MAX_KEYS).expect("limiter");
    // THREADS threads acquire `count` distinct keys each at `now_ms` (thread t: keys first + t,
    // first + t + THREADS, ...), checking the bound after each; returns how many were admitted.
    let race = |first: u32, count: u32, now_ms: u64| -> usize {
        thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|t| {
                    let limiter = &limiter;
                    scope.spawn(move || {
                        (0..count)
                            .map(|i| first + i * THREADS + t)
                            .filter(|key| {
                                let result = limiter.acquire(key, now_ms);
                                assert!(limiter.tracked_keys() <= MAX_KEYS);
                                match result {
                                    Ok(()) => true,
                                    Err(Error::RateLimited) => false,
                                    Err(e) => panic!("key {key}: {e}"),
                                }
                            })
                            .count()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().expect("worker")).sum()
        })
    };
    let per_thread = MAX_KEYS as u32 / THREADS;
    assert_eq!(race(0, per_thread, 0), MAX_KEYS, "MAX_KEYS new keys all fit");
    assert_eq!(race(1_000_000, 200, 0), 0, "full, and no bucket is idle");
    assert_eq!(limiter.tracked_keys(), MAX_KEYS);
    // A second later every bucket is idle: the racing new keys take exactly MAX_KEYS slots.
    assert_eq!(race(2_000_000, 200, 1_000), MAX_KEYS);
    assert_eq!(limiter.tracked_keys(), MAX_KEYS);
}
