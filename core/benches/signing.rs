//! Signing benchmarks: `cargo bench -p tradeseal --bench signing`.
//!
//! HMAC-SHA256 sign/verify at 64 B / 256 B / 1 KiB next to ring's `hmac` (what a Rust user would pick
//! instead), signal encode+sign and verify, frame sign and verify, legacy line sign, request signature.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tradeseal::frame::Frame;
use tradeseal::legacy::{LegacySignal, LEGACY_SIGNATURE_HEX_BYTES, MAX_LEGACY_LINE_BYTES};
use tradeseal::request::Request;
use tradeseal::signal::{Signal, MAX_SIGNED_SIGNAL_BYTES};
use tradeseal::{Decimal, Keyring, MacKey, OrderType, SubscriptionId, Symbol};

const KEY: [u8; 32] = [0x42; 32];
const SIZES: [usize; 3] = [64, 256, 1024];

fn mac(c: &mut Criterion) {
    let key = MacKey::from_bytes(&KEY).expect("key");
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    let mut group = c.benchmark_group("hmac-sha256");
    for size in SIZES {
        let message = vec![0x5a; size];
        let tag = key.sign(&message);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("tradeseal sign", size), &message, |b, m| {
            b.iter(|| key.sign(black_box(m)))
        });
        group.bench_with_input(BenchmarkId::new("tradeseal verify", size), &message, |b, m| {
            b.iter(|| key.verify(black_box(m), black_box(&tag)))
        });
        group.bench_with_input(BenchmarkId::new("ring sign", size), &message, |b, m| {
            b.iter(|| ring::hmac::sign(&ring_key, black_box(m)))
        });
        group.bench_with_input(BenchmarkId::new("ring verify", size), &message, |b, m| {
            b.iter(|| ring::hmac::verify(&ring_key, black_box(m), black_box(&tag)))
        });
    }
    group.finish();
}

fn formats(c: &mut Criterion) {
    let ring = Keyring::with_primary(1, MacKey::from_bytes(&KEY).expect("key"));
    let key = ring.get(1).expect("key");
    let signal = Signal {
        subscription_id: SubscriptionId::from_bytes([7; 16]),
        sequence: 42,
        generated_at_ms: 1_700_000_000_000,
        symbol: Symbol::new("EURUSD").expect("symbol"),
        order_type: OrderType::Buy,
        volume: Decimal::new(10, 2).expect("volume"),
        price: Decimal::new(108_125, 5).expect("price"),
    };
    let mut buf = [0u8; MAX_SIGNED_SIGNAL_BYTES];
    let len = signal.sign_into(&ring, &mut buf).expect("sign");
    c.bench_function("signal/encode+sign", |b| {
        b.iter(|| black_box(&signal).sign_into(&ring, &mut buf))
    });
    let signed = buf;
    c.bench_function("signal/verify+decode", |b| {
        b.iter(|| Signal::verify(&ring, black_box(&signed[..len])))
    });
    c.bench_function("signal/from_f64 x2 + encode+sign", |b| {
        b.iter(|| {
            let s = Signal {
                volume: Decimal::from_f64(black_box(0.1), 2).expect("volume"),
                price: Decimal::from_f64(black_box(1.08125), 5).expect("price"),
                ..signal
            };
            s.sign_into(&ring, &mut buf)
        })
    });

    let payload = [0x11u8; 64];
    let frame = Frame {
        stream_id: 1,
        sequence: 2,
        timestamp_ns: 3,
        payload: &payload,
    };
    let mut frame_buf = [0u8; 256];
    let frame_len = frame.sign_into(&ring, &mut frame_buf).expect("sign");
    c.bench_function("frame/sign 64 B", |b| {
        b.iter(|| black_box(&frame).sign_into(&ring, &mut frame_buf))
    });
    let signed_frame = frame_buf;
    c.bench_function("frame/verify 64 B", |b| {
        b.iter(|| Frame::verify(&ring, black_box(&signed_frame[..frame_len])))
    });

    let legacy = LegacySignal {
        subscription_id: SubscriptionId::from_bytes([7; 16]),
        sequence: 42,
        generated_at_ms: 1_700_000_000_000,
        symbol: "EURUSD",
        order_type: OrderType::Buy,
        volume: 0.1,
        price: 1.08125,
    };
    let mut line = [0u8; MAX_LEGACY_LINE_BYTES];
    let mut hex = [0u8; LEGACY_SIGNATURE_HEX_BYTES];
    c.bench_function("legacy/format+sign", |b| {
        b.iter(|| black_box(&legacy).sign_into(key, &mut line, &mut hex))
    });

    let body = [b'x'; 64];
    let request = Request {
        method: "POST",
        path: "/api/v1/order",
        timestamp_ms: 1,
        nonce: "abc",
        body: &body,
    };
    let mut sig = [0u8; 64];
    c.bench_function("request/signature 64 B body", |b| {
        b.iter(|| black_box(&request).signature_into(key, &mut sig))
    });
}

criterion_group!(benches, mac, formats);
criterion_main!(benches);
