//! The cost of the C ABI over the core, in one harness and one process, median of 15 interleaved rounds of
//! 200,000 calls each; the exports are called through function pointers, as C calls them:
//! - signing 64 bytes: `MacKey::sign` directly against `tseal_mac_sign` (pointer checks, panic boundary, copy
//!   into the caller's buffer);
//! - sealing 64 bytes with AES-256-GCM: raw ring (`LessSafeKey::seal_in_place_separate_tag` on a 64-byte
//!   buffer, a plain counter nonce, the tag copied after the ciphertext) against the core's `seal_into`
//!   (copies the plaintext) and `seal_in_place`, and the C ABI's `tseal_aead_seal` and
//!   `tseal_aead_seal_in_place`. Ours also take an atomic step per nonce and check the key's message limit.
//!
//! `cargo bench -p tradeseal-ffi --bench overhead` (scripts/bench.sh runs it). With `TSEAL_BENCH_JSON=<file>`,
//! also appends one JSON line per result for scripts/bench_report.py.

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use tradeseal::aead::{
    tseal_aead_seal, tseal_aead_seal_in_place, tseal_sealing_key, tseal_sealing_key_free,
    tseal_sealing_key_new, TSEAL_AEAD_AES_256_GCM,
};
use tradeseal::mac::{tseal_mac_key, tseal_mac_key_free, tseal_mac_key_new, tseal_mac_sign};
use tradeseal_core::aead::{Algorithm, SealingKey, TAG_BYTES};
use tradeseal_core::MacKey;

const ROUNDS: usize = 15;
const CALLS: u32 = 200_000;

type SignFn = extern "C" fn(*const tseal_mac_key, *const u8, usize, *mut u8, *mut usize) -> i32;
type SealFn =
    extern "C" fn(*const tseal_sealing_key, *const u8, usize, *const u8, usize, *mut u8, *mut usize) -> i32;
type SealInPlaceFn = extern "C" fn(*const tseal_sealing_key, *const u8, usize, *mut u8, usize) -> i32;

/// A sealed 64-byte message with a 12-byte nonce.
const SEALED: usize = 12 + 64 + TAG_BYTES;

/// Nanoseconds per call over one round of `CALLS` calls.
fn round_ns(mut sign: impl FnMut(&[u8; 64]) -> u8) -> f64 {
    let mut message = [0u8; 64];
    let start = Instant::now();
    let mut sink = 0u8;
    for i in 0..CALLS {
        message[0] = i as u8;
        sink ^= sign(black_box(&message));
    }
    black_box(sink);
    start.elapsed().as_nanos() as f64 / f64::from(CALLS)
}

fn median(mut rounds: Vec<f64>) -> f64 {
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

/// Medians of interleaved rounds of each contender, so a change in machine load hits all alike.
fn medians(contenders: &mut [&mut dyn FnMut() -> f64]) -> Vec<f64> {
    let mut rounds = vec![Vec::new(); contenders.len()];
    for _ in 0..ROUNDS {
        for (contender, rounds) in contenders.iter_mut().zip(&mut rounds) {
            rounds.push(contender());
        }
    }
    rounds.into_iter().map(median).collect()
}

fn main() {
    let key_bytes = [0x0bu8; 32];
    let core_key = MacKey::from_bytes(&key_bytes).unwrap();
    let mut handle = std::ptr::null_mut();
    assert_eq!(
        tseal_mac_key_new(key_bytes.as_ptr(), key_bytes.len(), &mut handle),
        0
    );
    let c_sign: SignFn = black_box(tseal_mac_sign as SignFn);

    let mut core = || {
        round_ns(|m| {
            let tag = core_key.sign(m);
            tag[0]
        })
    };
    let mut ffi = || {
        round_ns(|m| {
            let mut tag = [0u8; 32];
            let mut len = tag.len();
            assert_eq!(c_sign(handle, m.as_ptr(), m.len(), tag.as_mut_ptr(), &mut len), 0);
            tag[0]
        })
    };
    let sign = medians(&mut [&mut core, &mut ffi]);
    let (core_ns, ffi_ns) = (sign[0], sign[1]);
    println!("HMAC-SHA256 sign, 64 B message, median of {ROUNDS} x {CALLS} calls");
    println!("  core MacKey::sign:        {core_ns:7.1} ns/op");
    println!("  C ABI tseal_mac_sign:     {ffi_ns:7.1} ns/op");
    println!("  C ABI overhead:           {:7.1} ns/op", ffi_ns - core_ns);
    let mut results = vec![
        ("c abi overhead", "core MacKey::sign", core_ns),
        ("c abi overhead", "C ABI tseal_mac_sign (fn pointer)", ffi_ns),
    ];
    tseal_mac_key_free(handle);

    let ring_key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key_bytes).unwrap());
    let sealing_key = SealingKey::from_bytes(Algorithm::Aes256Gcm, &key_bytes).unwrap();
    let mut c_key = std::ptr::null_mut();
    assert_eq!(
        tseal_sealing_key_new(
            TSEAL_AEAD_AES_256_GCM,
            key_bytes.as_ptr(),
            key_bytes.len(),
            &mut c_key
        ),
        0
    );
    let c_seal: SealFn = black_box(tseal_aead_seal as SealFn);
    let c_seal_in_place: SealInPlaceFn = black_box(tseal_aead_seal_in_place as SealInPlaceFn);
    // Every contender starts from the message in its own buffer and leaves `nonce || ciphertext || tag` in
    // a box of its own.
    let mut boxes = [[0u8; SEALED]; 5];
    let [raw_box, core_box, core_in_place_box, ffi_box, ffi_in_place_box] = &mut boxes;
    let mut counter = 0u64;
    let mut raw = || {
        round_ns(|m| {
            counter += 1;
            let (nonce, rest) = raw_box.split_at_mut(12);
            nonce[4..].copy_from_slice(&counter.to_be_bytes());
            let (body, tag) = rest.split_at_mut(64);
            body.copy_from_slice(black_box(m));
            let nonce = Nonce::try_assume_unique_for_key(nonce).unwrap();
            let t = ring_key
                .seal_in_place_separate_tag(nonce, Aad::empty(), body)
                .unwrap();
            tag.copy_from_slice(t.as_ref());
            raw_box[SEALED - 1]
        })
    };
    let mut core_seal = || {
        round_ns(|m| {
            let n = sealing_key.seal_into(b"", m, core_box).unwrap();
            core_box[n - 1]
        })
    };
    let mut core_in_place = || {
        round_ns(|m| {
            core_in_place_box[12..12 + 64].copy_from_slice(black_box(m));
            sealing_key.seal_in_place(b"", core_in_place_box).unwrap();
            core_in_place_box[SEALED - 1]
        })
    };
    let mut ffi_seal = || {
        round_ns(|m| {
            let mut len = SEALED;
            let status = c_seal(
                c_key,
                std::ptr::null(),
                0,
                m.as_ptr(),
                m.len(),
                ffi_box.as_mut_ptr(),
                &mut len,
            );
            assert_eq!(status, 0);
            ffi_box[len - 1]
        })
    };
    let mut ffi_in_place = || {
        round_ns(|m| {
            ffi_in_place_box[12..12 + 64].copy_from_slice(black_box(m));
            let status = c_seal_in_place(c_key, std::ptr::null(), 0, ffi_in_place_box.as_mut_ptr(), SEALED);
            assert_eq!(status, 0);
            ffi_in_place_box[SEALED - 1]
        })
    };
    let names = [
        "ring seal_in_place_separate_tag (counter nonce)",
        "core SealingKey::seal_into",
        "core SealingKey::seal_in_place",
        "C ABI tseal_aead_seal (fn pointer)",
        "C ABI tseal_aead_seal_in_place (fn pointer)",
    ];
    let seal = medians(&mut [
        &mut raw,
        &mut core_seal,
        &mut core_in_place,
        &mut ffi_seal,
        &mut ffi_in_place,
    ]);
    println!("AES-256-GCM seal, 64 B message, median of {ROUNDS} x {CALLS} calls (ratio to raw ring)");
    for (name, &ns) in names.into_iter().zip(&seal) {
        println!("  {name:48} {ns:7.1} ns/op  {:5.2}x", ns / seal[0]);
        results.push(("aes-256-gcm seal, same harness", name, ns));
    }
    tseal_sealing_key_free(c_key);

    if let Ok(path) = std::env::var("TSEAL_BENCH_JSON") {
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        for (group, name, ns) in results {
            writeln!(
                out,
                r#"{{"group": "{group}", "lang": "Rust", "impl": "{name}", "bytes": 64, "median_ns": {ns:.3}}}"#
            )
            .unwrap();
        }
    }
}
