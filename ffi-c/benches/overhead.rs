//! The cost of the C ABI over the core for signing 64 bytes: `MacKey::sign` called directly against
//! `tseal_mac_sign` (pointer checks, panic boundary, copy into the caller's buffer) called through a
//! function pointer, as C calls it. Median of 15 interleaved rounds of 200,000 calls each.
//!
//! `cargo bench -p tradeseal-ffi --bench overhead` (scripts/bench.sh runs it). With `TSEAL_BENCH_JSON=<file>`,
//! also appends one JSON line per result for scripts/bench_report.py.

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use tradeseal::mac::{tseal_mac_key, tseal_mac_key_free, tseal_mac_key_new, tseal_mac_sign};
use tradeseal_core::MacKey;

const ROUNDS: usize = 15;
const CALLS: u32 = 200_000;

type SignFn = extern "C" fn(*const tseal_mac_key, *const u8, usize, *mut u8, *mut usize) -> i32;

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

fn main() {
    let key_bytes = [0x0bu8; 32];
    let core_key = MacKey::from_bytes(&key_bytes).unwrap();
    let mut handle = std::ptr::null_mut();
    assert_eq!(
        tseal_mac_key_new(key_bytes.as_ptr(), key_bytes.len(), &mut handle),
        0
    );
    let c_sign: SignFn = black_box(tseal_mac_sign as SignFn);

    let core = || {
        round_ns(|m| {
            let tag = core_key.sign(m);
            tag[0]
        })
    };
    let ffi = || {
        round_ns(|m| {
            let mut tag = [0u8; 32];
            let mut len = tag.len();
            assert_eq!(c_sign(handle, m.as_ptr(), m.len(), tag.as_mut_ptr(), &mut len), 0);
            tag[0]
        })
    };
    // Interleaved rounds, so a change in machine load hits both alike; medians of each.
    let (mut core_rounds, mut ffi_rounds) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        core_rounds.push(core());
        ffi_rounds.push(ffi());
    }
    let (core_ns, ffi_ns) = (median(core_rounds), median(ffi_rounds));
    println!("HMAC-SHA256 sign, 64 B message, median of {ROUNDS} x {CALLS} calls");
    println!("  core MacKey::sign:        {core_ns:7.1} ns/op");
    println!("  C ABI tseal_mac_sign:     {ffi_ns:7.1} ns/op");
    println!("  C ABI overhead:           {:7.1} ns/op", ffi_ns - core_ns);
    if let Ok(path) = std::env::var("TSEAL_BENCH_JSON") {
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        for (name, ns) in [
            ("core MacKey::sign", core_ns),
            ("C ABI tseal_mac_sign (fn pointer)", ffi_ns),
        ] {
            writeln!(
                out,
                r#"{{"group": "c abi overhead", "lang": "Rust", "impl": "{name}", "bytes": 64, "median_ns": {ns:.3}}}"#
            )
            .unwrap();
        }
    }
    tseal_mac_key_free(handle);
}
