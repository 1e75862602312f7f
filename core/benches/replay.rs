//! Replay window, rate limiter, signal pipeline and multi-thread guard throughput:
//! `cargo bench -p tradeseal --bench replay`.

use std::thread;
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::ratelimit::{RateLimit, RateLimiter};
use tradeseal::signal::{Signal, SIGNAL_FIXED_BYTES};
use tradeseal::signal_verifier::{SignalPolicy, SignalVerifier};
use tradeseal::{Decimal, Keyring, MacKey, OrderType, ReplayWindow, SubscriptionId, Symbol};

const NOW: u64 = 1_700_000_000_000;
/// A typical symbol (a 95-byte signal) and the longest the seed rules accept (20 characters, 109 bytes: the
/// largest realistic v1 signal; none is 128 bytes).
const SYMBOLS: [&str; 2] = ["EURUSD", "ABCDEFGHIJKLMNOPQRST"];

fn replay_check(c: &mut Criterion) {
    let mut window = ReplayWindow::default();
    for seq in 1..=2_000 {
        window.commit(window.check(seq).expect("fresh")).expect("commit");
    }
    c.bench_function("replay/check fresh", |b| {
        b.iter(|| window.check(black_box(2_001)))
    });
    c.bench_function("replay/check duplicate", |b| {
        b.iter(|| window.check(black_box(1_500)))
    });
    c.bench_function("replay/check+commit in order", |b| {
        let mut window = ReplayWindow::default();
        let mut seq = 0u64;
        b.iter(|| {
            seq += 1;
            window
                .commit(window.check(black_box(seq)).expect("fresh"))
                .expect("commit");
        })
    });
}

fn rate_limiter(c: &mut Criterion) {
    const KEYS: usize = 10_000;
    let limit = RateLimit {
        per_second: 1,
        burst: u32::MAX,
    };
    let limiter: RateLimiter<String> = RateLimiter::new(limit, KEYS).expect("limiter");
    // Twice as many keys as there is room for, all busy: the table fills up.
    let admitted = (0..2 * KEYS)
        .filter(|k| limiter.acquire(&format!("api-key-{k}"), NOW).is_ok())
        .count();
    assert_eq!(admitted, KEYS);
    c.bench_function("ratelimit/acquire, tracked key (10000 keys)", |b| {
        b.iter(|| limiter.acquire(black_box("api-key-0"), NOW))
    });
    // A flood of new keys against a full table of busy keys: each is refused.
    c.bench_function("ratelimit/new key refused (10000 busy keys)", |b| {
        b.iter(|| limiter.acquire(black_box("new-key"), NOW))
    });
}

fn ring() -> Keyring<MacKey> {
    Keyring::with_primary(1, MacKey::from_bytes(&[7; 32]).expect("key"))
}

fn stream(n: u32) -> SubscriptionId {
    let mut bytes = [0x5a; 16];
    bytes[12..].copy_from_slice(&n.to_be_bytes());
    SubscriptionId::from_bytes(bytes)
}

fn packet(ring: &Keyring<MacKey>, subscription_id: SubscriptionId, sequence: u64) -> Vec<u8> {
    packet_with(ring, SYMBOLS[0], subscription_id, sequence)
}

fn packet_with(
    ring: &Keyring<MacKey>,
    symbol: &str,
    subscription_id: SubscriptionId,
    sequence: u64,
) -> Vec<u8> {
    let signal = Signal {
        subscription_id,
        sequence,
        generated_at_ms: NOW - 50,
        symbol: Symbol::new(symbol).expect("symbol"),
        order_type: OrderType::Buy,
        volume: Decimal::new(150, 2).expect("volume"),
        price: Decimal::new(108_125, 5).expect("price"),
    };
    signal.sign(ring).expect("sign")
}

fn verifier() -> SignalVerifier {
    SignalVerifier::new(
        SignalPolicy::default(),
        Guard::new(GuardConfig::default()).expect("guard"),
    )
}

fn signal_pipeline(c: &mut Criterion) {
    let ring = ring();
    for symbol in SYMBOLS {
        let name = format!(
            "pipeline/verify signal ({} bytes)",
            SIGNAL_FIXED_BYTES + symbol.len()
        );
        c.bench_function(&name, |b| {
            b.iter_custom(|iters| {
                // Fresh sequence numbers for every iteration, signed outside the timed part.
                let verifier = verifier();
                let mut total = Duration::ZERO;
                let mut seq = 0;
                while seq < iters {
                    let chunk: Vec<Vec<u8>> = (seq + 1..=(seq + 4_096).min(iters))
                        .map(|s| packet_with(&ring, symbol, stream(0), s))
                        .collect();
                    seq += chunk.len() as u64;
                    let start = Instant::now();
                    for p in &chunk {
                        verifier.verify(&ring, black_box(p), NOW).expect("valid");
                    }
                    total += start.elapsed();
                }
                total
            })
        });
    }
    c.bench_function("guard/check+commit one stream", |b| {
        let guard = Guard::new(GuardConfig::default()).expect("guard");
        let mut seq = 0u64;
        b.iter(|| {
            seq += 1;
            guard
                .commit(guard.check(stream(0), black_box(seq), NOW).expect("fresh"), NOW)
                .expect("commit")
        })
    });
    let p = packet(&ring, stream(0), 1);
    c.bench_function("pipeline/signature only (Signal::verify)", |b| {
        b.iter(|| Signal::verify(&ring, black_box(&p)))
    });
    let v = verifier();
    v.verify(&ring, &p, NOW).expect("valid");
    c.bench_function("pipeline/duplicate rejected before the MAC", |b| {
        b.iter(|| v.verify(&ring, black_box(&p), NOW))
    });
}

fn threaded_throughput(c: &mut Criterion) {
    const STREAMS: u32 = 10_000;
    const SEQS: u64 = 4;
    const THREADS: u32 = 4;
    let ring = ring();
    // Packets per thread: thread t owns the streams n with n % THREADS == t.
    let packets: Vec<Vec<Vec<u8>>> = (0..THREADS)
        .map(|t| {
            (1..=SEQS)
                .flat_map(|seq| (t..STREAMS).step_by(THREADS as usize).map(move |n| (n, seq)))
                .map(|(n, seq)| packet(&ring, stream(n), seq))
                .collect()
        })
        .collect();
    let mut group = c.benchmark_group("pipeline/4 threads, 10000 streams");
    group.throughput(Throughput::Elements(u64::from(STREAMS) * SEQS));
    group.sample_size(20);
    group.bench_function("verify all", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let verifier = verifier();
                let start = Instant::now();
                thread::scope(|scope| {
                    for mine in &packets {
                        let (verifier, ring) = (&verifier, &ring);
                        scope.spawn(move || {
                            for p in mine {
                                verifier.verify(ring, p, NOW).expect("valid");
                            }
                        });
                    }
                });
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    replay_check,
    rate_limiter,
    signal_pipeline,
    threaded_throughput
);
criterion_main!(benches);
