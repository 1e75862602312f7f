//! The cost of the C ABI over the core, each pair in one process with interleaved rounds so a change in
//! machine load hits both alike (medians of 15 rounds):
//! - signing 64 bytes: `MacKey::sign` against `tseal_mac_sign` (pointer checks, panic boundary, copy into
//!   the caller's buffer) called through a function pointer, as C calls it; 200,000 calls per round;
//! - Noise (issue 8: within 1.2x), with the settings of `core/benches/noise.rs`: a full XX handshake (200
//!   per round) and a 64-byte transport write+read (200,000 per round), `NoiseSession` against
//!   `tseal_noise_*`;
//! - sealing 64 bytes with AES-256-GCM (issue 6: within 1.2x of raw ring), five contenders interleaved, each
//!   turning the message into `nonce || ciphertext || tag` in a buffer of its own: raw ring
//!   (`LessSafeKey::seal_in_place_separate_tag`, a plain counter nonce written into the box, the message
//!   copied in, the tag copied after it), the core's `seal_into` (copies the plaintext) and `seal_in_place`,
//!   and the C ABI's `tseal_aead_seal` and `tseal_aead_seal_in_place`. Ours also take an atomic step per
//!   nonce and check the key's message limit.
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
use tradeseal::noise::{
    tseal_noise_builder_allow_peer, tseal_noise_builder_build_initiator, tseal_noise_builder_build_responder,
    tseal_noise_builder_free, tseal_noise_builder_limits, tseal_noise_builder_local_private_key,
    tseal_noise_builder_new, tseal_noise_session, tseal_noise_session_free, tseal_noise_session_read,
    tseal_noise_session_write,
};
use tradeseal_core::aead::{Algorithm, SealingKey, TAG_BYTES};
use tradeseal_core::noise::{Limits, NoiseBuilder, NoiseProtocol, NoiseSession, StaticKeypair};
use tradeseal_core::MacKey;

const ROUNDS: usize = 15;
const CALLS: u32 = 200_000;
const HANDSHAKES: u32 = 200;
const NOW: u64 = 1;
const PROTOCOL: &[u8] = b"Noise_XX_25519_ChaChaPoly_SHA256";
/// Unbounded age and count so the loop never expires; rekey stays on (every 100 messages).
const LIMITS: Limits = Limits {
    max_age_ms: u64::MAX,
    max_messages: u64::MAX,
    idle_timeout_ms: 300_000,
    rekey_interval: 100,
};

type SignFn = extern "C" fn(*const tseal_mac_key, *const u8, usize, *mut u8, *mut usize) -> i32;
type SealFn =
    extern "C" fn(*const tseal_sealing_key, *const u8, usize, *const u8, usize, *mut u8, *mut usize) -> i32;
type SealInPlaceFn = extern "C" fn(*const tseal_sealing_key, *const u8, usize, *mut u8, usize) -> i32;

/// A sealed 64-byte message with a 12-byte nonce.
const SEALED: usize = 12 + 64 + TAG_BYTES;

/// Nanoseconds per call over one round of `calls` calls of `op` (given the call's index).
fn round_ns(calls: u32, mut op: impl FnMut(u32) -> u8) -> f64 {
    let start = Instant::now();
    let mut sink = 0u8;
    for i in 0..calls {
        sink ^= op(i);
    }
    black_box(sink);
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}

/// The 64-byte message of call `i` (its first byte varies).
fn message(i: u32) -> [u8; 64] {
    let mut message = [0u8; 64];
    message[0] = i as u8;
    message
}

fn median(mut rounds: Vec<f64>) -> f64 {
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

/// Medians of the contenders over interleaved rounds (one warm-up round each first).
fn medians(contenders: &mut [&mut dyn FnMut() -> f64]) -> Vec<f64> {
    let mut rounds = vec![Vec::new(); contenders.len()];
    for round in 0..=ROUNDS {
        for (contender, rounds) in contenders.iter_mut().zip(&mut rounds) {
            let ns = contender();
            if round > 0 {
                rounds.push(ns);
            }
        }
    }
    rounds.into_iter().map(median).collect()
}

/// Medians of `core` and `ffi` over interleaved rounds (one warm-up round each first).
fn interleaved(mut core: impl FnMut() -> f64, mut ffi: impl FnMut() -> f64) -> (f64, f64) {
    let ns = medians(&mut [&mut core, &mut ffi]);
    (ns[0], ns[1])
}

/// One side through the core, as core/benches/noise.rs builds it.
fn core_side(local: &StaticKeypair, peer: &StaticKeypair, initiator: bool) -> NoiseSession {
    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    b.local_keypair(local)
        .unwrap()
        .allow_peer(peer.public())
        .unwrap()
        .limits(LIMITS)
        .unwrap();
    if initiator {
        b.build_initiator(NOW).unwrap()
    } else {
        b.build_responder(NOW).unwrap()
    }
}

fn core_handshake(a: &StaticKeypair, b: &StaticKeypair, buf: &mut [u8], out: &mut [u8]) -> [NoiseSession; 2] {
    let mut sides = [core_side(a, b, true), core_side(b, a, false)];
    for step in 0..3 {
        let [i, r] = &mut sides;
        let (from, to) = if step % 2 == 0 { (i, r) } else { (r, i) };
        let n = from.write_message(NOW, &[], buf).unwrap();
        to.read_message(NOW, &buf[..n], out).unwrap();
    }
    sides
}

/// One side through the C ABI, as benches/c/bench_sign.c builds it (the private key as bytes).
fn ffi_side(local: &StaticKeypair, peer: &StaticKeypair, initiator: bool) -> *mut tseal_noise_session {
    let (mut b, mut s) = (std::ptr::null_mut(), std::ptr::null_mut());
    let l = LIMITS;
    assert_eq!(
        tseal_noise_builder_new(PROTOCOL.as_ptr(), PROTOCOL.len(), &mut b),
        0
    );
    assert_eq!(
        tseal_noise_builder_local_private_key(b, local.private_bytes().as_ptr(), 32),
        0
    );
    assert_eq!(tseal_noise_builder_allow_peer(b, peer.public().as_ptr(), 32), 0);
    assert_eq!(
        tseal_noise_builder_limits(
            b,
            l.max_age_ms,
            l.max_messages,
            l.idle_timeout_ms,
            l.rekey_interval
        ),
        0
    );
    let status = if initiator {
        tseal_noise_builder_build_initiator(b, NOW, &mut s)
    } else {
        tseal_noise_builder_build_responder(b, NOW, &mut s)
    };
    assert_eq!(status, 0);
    tseal_noise_builder_free(b);
    s
}

/// One message with `payload` from `from` to `to` through the C ABI; returns the payload length read.
fn ffi_pass(
    from: *mut tseal_noise_session,
    to: *mut tseal_noise_session,
    payload: &[u8],
    buf: &mut [u8],
    out: &mut [u8],
) -> usize {
    let (mut n, mut m) = (buf.len(), out.len());
    assert_eq!(
        tseal_noise_session_write(
            from,
            NOW,
            payload.as_ptr(),
            payload.len(),
            buf.as_mut_ptr(),
            &mut n
        ),
        0
    );
    assert_eq!(
        tseal_noise_session_read(to, NOW, buf.as_ptr(), n, out.as_mut_ptr(), &mut m),
        0
    );
    m
}

/// Sessions made by the C ABI, freed on drop.
struct FfiPair([*mut tseal_noise_session; 2]);

impl Drop for FfiPair {
    fn drop(&mut self) {
        for session in self.0 {
            tseal_noise_session_free(session);
        }
    }
}

fn ffi_handshake(a: &StaticKeypair, b: &StaticKeypair, buf: &mut [u8], out: &mut [u8]) -> FfiPair {
    let pair = FfiPair([ffi_side(a, b, true), ffi_side(b, a, false)]);
    let [i, r] = pair.0;
    for (from, to) in [(i, r), (r, i), (i, r)] {
        ffi_pass(from, to, &[], buf, out);
    }
    pair
}

const ABI: &str = "c abi overhead";

/// AES-256-GCM, 64 B: raw ring, the core and the C ABI in one harness (see the module documentation).
fn aead_seal() -> Vec<(&'static str, &'static str, usize, f64)> {
    let key_bytes = [0x0bu8; 32];
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
    let mut boxes = [[0u8; SEALED]; 5];
    let [raw_box, core_box, core_in_place_box, ffi_box, ffi_in_place_box] = &mut boxes;
    let mut counter = 0u64;
    let mut raw = || {
        round_ns(CALLS, |i| {
            counter += 1;
            let (nonce, rest) = raw_box.split_at_mut(12);
            nonce[4..].copy_from_slice(&counter.to_be_bytes());
            let (body, tag) = rest.split_at_mut(64);
            body.copy_from_slice(&black_box(message(i)));
            let nonce = Nonce::try_assume_unique_for_key(nonce).unwrap();
            let t = ring_key
                .seal_in_place_separate_tag(nonce, Aad::empty(), body)
                .unwrap();
            tag.copy_from_slice(t.as_ref());
            raw_box[SEALED - 1]
        })
    };
    let mut core_seal = || {
        round_ns(CALLS, |i| {
            let n = sealing_key
                .seal_into(b"", &black_box(message(i)), core_box)
                .unwrap();
            core_box[n - 1]
        })
    };
    let mut core_in_place = || {
        round_ns(CALLS, |i| {
            core_in_place_box[12..12 + 64].copy_from_slice(&black_box(message(i)));
            sealing_key.seal_in_place(b"", core_in_place_box).unwrap();
            core_in_place_box[SEALED - 1]
        })
    };
    let mut ffi_seal = || {
        round_ns(CALLS, |i| {
            let m = black_box(message(i));
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
        round_ns(CALLS, |i| {
            ffi_in_place_box[12..12 + 64].copy_from_slice(&black_box(message(i)));
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
    let ns = medians(&mut [
        &mut raw,
        &mut core_seal,
        &mut core_in_place,
        &mut ffi_seal,
        &mut ffi_in_place,
    ]);
    tseal_sealing_key_free(c_key);
    println!("AES-256-GCM seal, 64 B message, median of {ROUNDS} x {CALLS} calls (ratio to raw ring)");
    for (name, &t) in names.iter().zip(&ns) {
        println!("  {name:48} {t:7.1} ns/op  {:5.2}x", t / ns[0]);
    }
    names
        .into_iter()
        .zip(ns)
        .map(|(name, ns)| ("aes-256-gcm seal, same harness", name, 64, ns))
        .collect()
}

fn main() {
    let mut results = Vec::new();

    let key_bytes = [0x0bu8; 32];
    let core_key = MacKey::from_bytes(&key_bytes).unwrap();
    let mut handle = std::ptr::null_mut();
    assert_eq!(
        tseal_mac_key_new(key_bytes.as_ptr(), key_bytes.len(), &mut handle),
        0
    );
    let c_sign: SignFn = black_box(tseal_mac_sign as SignFn);
    let (core_ns, ffi_ns) = interleaved(
        || round_ns(CALLS, |i| core_key.sign(black_box(&message(i)))[0]),
        || {
            round_ns(CALLS, |i| {
                let m = black_box(message(i));
                let mut tag = [0u8; 32];
                let mut len = tag.len();
                assert_eq!(c_sign(handle, m.as_ptr(), m.len(), tag.as_mut_ptr(), &mut len), 0);
                tag[0]
            })
        },
    );
    tseal_mac_key_free(handle);
    println!("HMAC-SHA256 sign, 64 B message, median of {ROUNDS} x {CALLS} calls");
    println!("  core MacKey::sign:        {core_ns:7.1} ns/op");
    println!("  C ABI tseal_mac_sign:     {ffi_ns:7.1} ns/op");
    println!("  C ABI overhead:           {:7.1} ns/op", ffi_ns - core_ns);
    results.push((ABI, "core MacKey::sign", 64, core_ns));
    results.push((ABI, "C ABI tseal_mac_sign (fn pointer)", 64, ffi_ns));

    let (a, b) = (
        StaticKeypair::generate().unwrap(),
        StaticKeypair::generate().unwrap(),
    );
    let buffers = || (vec![0u8; 1024], vec![0u8; 1024]);
    let ((mut core_buf, mut core_out), (mut ffi_buf, mut ffi_out)) = (buffers(), buffers());
    let (core_ns, ffi_ns) = interleaved(
        || {
            round_ns(HANDSHAKES, |_| {
                core_handshake(&a, &b, &mut core_buf, &mut core_out).len() as u8
            })
        },
        || {
            round_ns(HANDSHAKES, |_| {
                ffi_handshake(&a, &b, &mut ffi_buf, &mut ffi_out).0.len() as u8
            })
        },
    );
    println!("Noise XX handshake, median of {ROUNDS} x {HANDSHAKES} handshakes");
    println!("  core NoiseSession:        {:7.1} us/op", core_ns / 1e3);
    println!(
        "  C ABI tseal_noise_*:      {:7.1} us/op  ({:.3}x)",
        ffi_ns / 1e3,
        ffi_ns / core_ns
    );
    results.push((ABI, "core NoiseSession XX handshake", 0, core_ns));
    results.push((ABI, "C ABI tseal_noise_session XX handshake", 0, ffi_ns));

    let payload = [0x42u8; 64];
    let [mut ci, mut cr] = core_handshake(&a, &b, &mut core_buf, &mut core_out);
    let pair = ffi_handshake(&a, &b, &mut ffi_buf, &mut ffi_out);
    let [fi, fr] = pair.0;
    let (core_ns, ffi_ns) = interleaved(
        || {
            round_ns(CALLS, |_| {
                let n = ci.write_message(NOW, black_box(&payload), &mut core_buf).unwrap();
                cr.read_message(NOW, &core_buf[..n], &mut core_out).unwrap() as u8
            })
        },
        || {
            round_ns(CALLS, |_| {
                ffi_pass(fi, fr, black_box(&payload), &mut ffi_buf, &mut ffi_out) as u8
            })
        },
    );
    drop(pair);
    println!("Noise transport 64 B write+read, median of {ROUNDS} x {CALLS}");
    println!("  core NoiseSession:        {core_ns:7.1} ns/op");
    println!(
        "  C ABI tseal_noise_*:      {ffi_ns:7.1} ns/op  ({:.3}x)",
        ffi_ns / core_ns
    );
    results.push((ABI, "core NoiseSession transport write+read", 64, core_ns));
    results.push((ABI, "C ABI tseal_noise_session transport write+read", 64, ffi_ns));

    results.extend(aead_seal());

    if let Ok(path) = std::env::var("TSEAL_BENCH_JSON") {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        for (group, name, bytes, ns) in results {
            writeln!(
                file,
                r#"{{"group": "{group}", "lang": "Rust", "impl": "{name}", "bytes": {bytes}, "median_ns": {ns:.3}}}"#
            )
            .unwrap();
        }
    }
}
