//! One `Guard` shared by many threads over 10 000 streams: every (stream, sequence) sent twice, by
//! different threads racing each other, is accepted exactly once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use tradeseal::guard::{Guard, GuardConfig};
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
