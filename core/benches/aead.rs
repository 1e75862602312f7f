//! Seal (`seal_into`, copying, and `seal_in_place`) and open at 64 B / 1 KiB / 16 KiB per algorithm, next to
//! the raw primitive in the same run: ring's `LessSafeKey` with a fixed nonce (AES-256-GCM,
//! ChaCha20-Poly1305) and RustCrypto's `XChaCha20Poly1305`, sealing one buffer in place.
//! `cargo bench -p tradeseal --bench aead`

use std::hint::black_box;
use std::time::Duration;

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tradeseal::aead::{Algorithm, SealingKey};
use tradeseal::{envelope, Keyring};

const SIZES: [usize; 3] = [64, 1024, 16 * 1024];
const KEY: [u8; 32] = [7; 32];

/// The raw primitive sealing in place (detached tag), as a user of ring or RustCrypto would call it.
/// Seals a buffer in place, returning the tag.
type RawSeal = Box<dyn Fn(&mut [u8]) -> [u8; 16]>;

fn raw_sealer(algorithm: Algorithm) -> RawSeal {
    let ring_algorithm = match algorithm {
        Algorithm::Aes256Gcm => &ring::aead::AES_256_GCM,
        Algorithm::ChaCha20Poly1305 => &ring::aead::CHACHA20_POLY1305,
        _ => {
            let key = chacha20poly1305::XChaCha20Poly1305::new_from_slice(&KEY).unwrap();
            let nonce = chacha20poly1305::XNonce::default();
            return Box::new(move |buf| key.encrypt_in_place_detached(&nonce, b"", buf).unwrap().into());
        }
    };
    let key = ring::aead::LessSafeKey::new(ring::aead::UnboundKey::new(ring_algorithm, &KEY).unwrap());
    Box::new(move |buf| {
        let nonce = ring::aead::Nonce::assume_unique_for_key([0; 12]);
        let tag = key
            .seal_in_place_separate_tag(nonce, ring::aead::Aad::empty(), buf)
            .unwrap();
        tag.as_ref().try_into().unwrap()
    })
}

fn seal_and_open(c: &mut Criterion) {
    for &algorithm in Algorithm::ALL {
        let mut group = c.benchmark_group(format!("aead/{}", algorithm.name()));
        group
            .measurement_time(Duration::from_secs(2))
            .warm_up_time(Duration::from_millis(500));
        let key = SealingKey::from_bytes(algorithm, &KEY).unwrap();
        let raw = raw_sealer(algorithm);
        for size in SIZES {
            group.throughput(Throughput::Bytes(size as u64));
            let message = vec![0x42u8; size];
            let mut sealed = vec![0u8; key.sealed_len(size)];
            let mut plain = vec![0u8; size];
            group.bench_with_input(BenchmarkId::new("seal_into", size), &message, |b, m| {
                b.iter(|| key.seal_into(b"", black_box(m), &mut sealed).unwrap())
            });
            let n = key.seal_into(b"", &message, &mut sealed).unwrap();
            group.bench_with_input(BenchmarkId::new("open_into", size), &sealed[..n], |b, s| {
                b.iter(|| key.open_into(b"", black_box(s), &mut plain).unwrap())
            });
            let mut buf = message.clone();
            group.bench_with_input(BenchmarkId::new("raw_seal_in_place", size), &size, |b, _| {
                b.iter(|| raw(black_box(&mut buf)))
            });
            // Like the raw row: the same buffer sealed again and again where it is, no copy.
            let mut sealed_box = vec![0x42u8; key.sealed_len(size)];
            group.bench_with_input(BenchmarkId::new("seal_in_place", size), &size, |b, _| {
                b.iter(|| key.seal_in_place(b"", black_box(&mut sealed_box)).unwrap())
            });
        }
        group.finish();
    }
}

fn envelopes(c: &mut Criterion) {
    let mut group = c.benchmark_group("envelope");
    group
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    let ring = Keyring::with_primary(1, SealingKey::from_bytes(Algorithm::Aes256Gcm, &KEY).unwrap());
    let message = [0x42u8; 64];
    let mut env = [0u8; 128];
    let mut plain = [0u8; 64];
    group.bench_function("seal_into/AES-256-GCM/64", |b| {
        b.iter(|| envelope::seal_into(&ring, b"orders", black_box(&message), &mut env).unwrap())
    });
    let n = envelope::seal_into(&ring, b"orders", &message, &mut env).unwrap();
    group.bench_function("open_into/AES-256-GCM/64", |b| {
        b.iter(|| envelope::open_into(&ring, b"orders", black_box(&env[..n]), &mut plain).unwrap())
    });
    group.finish();
}

criterion_group!(benches, seal_and_open, envelopes);
criterion_main!(benches);
