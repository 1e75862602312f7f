//! Per-stream replay and gap tracking: `tseal_guard` (a `tradeseal::guard::Guard`, thread-safe), and the
//! signal and request verification pipelines built on it: `tseal_signal_verifier`,
//! `tseal_request_verifier`.
//!
//! Streams are named by their subscription id (UUID text). Stream states are `TSEAL_STREAM_STATE_*`.

use core::ops::RangeInclusive;

use tradeseal_core::clock::TimeWindow;
use tradeseal_core::gap::{GapPolicy, StreamState};
use tradeseal_core::guard::{Guard, GuardConfig};
use tradeseal_core::ratelimit::RateLimit;
use tradeseal_core::request::Request;
use tradeseal_core::request_verifier::RequestVerifier;
use tradeseal_core::signal_verifier::{SignalPolicy, SignalVerifier};
use tradeseal_core::{Decimal, Error, SubscriptionId};

use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice, try_str, OutBuf,
};
use crate::clock::write_estimate;
use crate::keyring::tseal_keyring;
use crate::mac::tseal_mac_key;
use crate::signal::SignalOut;
use crate::tseal_status;

/// Every number up to the highest accepted one arrived.
pub const TSEAL_STREAM_STATE_NORMAL: u8 = 0;
/// Some numbers are missing (`tseal_guard_missing` lists them for a resend request).
pub const TSEAL_STREAM_STATE_GAP: u8 = 1;
/// A gap outlived its limit: messages fail with `TSEAL_STREAM_DEGRADED` until `tseal_guard_resync`.
pub const TSEAL_STREAM_STATE_DEGRADED: u8 = 2;

/// The default gap age before a stream degrades.
pub const TSEAL_DEFAULT_MAX_GAP_AGE_MS: u64 = 10000;
/// The default number of missing sequence numbers before a stream degrades.
pub const TSEAL_DEFAULT_MAX_MISSING: u64 = 1024;
/// The default number of streams a guard tracks.
pub const TSEAL_DEFAULT_MAX_STREAMS: usize = 100000;
/// The default distance a persisted guard reserves beyond an accepted number (`tseal_guard_open`).
pub const TSEAL_DEFAULT_RESERVE_AHEAD: u64 = 4096;

/// `TSEAL_DEFAULT_MAX_GAP_AGE_MS`.
#[no_mangle]
pub extern "C" fn tseal_default_max_gap_age_ms() -> u64 {
    ffi_boundary! { TSEAL_DEFAULT_MAX_GAP_AGE_MS }
}

/// `TSEAL_DEFAULT_MAX_MISSING`.
#[no_mangle]
pub extern "C" fn tseal_default_max_missing() -> u64 {
    ffi_boundary! { TSEAL_DEFAULT_MAX_MISSING }
}

/// `TSEAL_DEFAULT_MAX_STREAMS`.
#[no_mangle]
pub extern "C" fn tseal_default_max_streams() -> usize {
    ffi_boundary! { TSEAL_DEFAULT_MAX_STREAMS }
}

/// `TSEAL_DEFAULT_RESERVE_AHEAD`.
#[no_mangle]
pub extern "C" fn tseal_default_reserve_ahead() -> u64 {
    ffi_boundary! { TSEAL_DEFAULT_RESERVE_AHEAD }
}

pub(crate) fn state_code(state: StreamState) -> u8 {
    match state {
        StreamState::Normal => TSEAL_STREAM_STATE_NORMAL,
        StreamState::Gap => TSEAL_STREAM_STATE_GAP,
        StreamState::Degraded => TSEAL_STREAM_STATE_DEGRADED,
    }
}

/// Replay windows and gap trackers of many streams (opaque, thread-safe, in memory).
pub struct tseal_guard(Guard);

/// Parses a stream name (UUID text).
///
/// # Safety
/// As `try_str`.
unsafe fn try_stream(stream: *const u8, stream_len: usize) -> Result<SubscriptionId, Error> {
    // SAFETY: forwarded from this function's contract.
    unsafe { try_str(stream, stream_len) }?.parse()
}

fn guard_config(window: u64, max_gap_age_ms: u64, max_missing: u64, max_streams: usize) -> GuardConfig {
    GuardConfig {
        window,
        gap: GapPolicy {
            max_gap_age_ms,
            max_missing,
        },
        max_streams,
        ..GuardConfig::default()
    }
}

/// A guard with a replay window of `window` numbers per stream, degrading a stream whose gap is older than
/// `max_gap_age_ms` or misses more than `max_missing` numbers, tracking at most `max_streams` streams.
#[no_mangle]
pub extern "C" fn tseal_guard_new(
    window: u64,
    max_gap_age_ms: u64,
    max_missing: u64,
    max_streams: usize,
    out: *mut *mut tseal_guard,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_guard(Guard::new(guard_config(window, max_gap_age_ms, max_missing, max_streams))?))
    }
}

/// Like `tseal_guard_new`, but persisted in the file at `path` (UTF-8, created on first use): after a
/// restart every stream starts with everything up to its persisted reservation already seen. An accepted
/// number beyond a stream's reservation moves the reservation `reserve_ahead` numbers past it (one file
/// write per `reserve_ahead` messages; up to that many never-accepted numbers are refused after a crash;
/// `TSEAL_DEFAULT_RESERVE_AHEAD`; 0 is `TSEAL_OUT_OF_RANGE`).
/// `TSEAL_STATE_CORRUPT` when the file does not decode, `TSEAL_IO` when it cannot be read or written.
#[no_mangle]
pub extern "C" fn tseal_guard_open(
    path: *const u8,
    path_len: usize,
    window: u64,
    max_gap_age_ms: u64,
    max_missing: u64,
    max_streams: usize,
    reserve_ahead: u64,
    out: *mut *mut tseal_guard,
) -> tseal_status {
    ffi_boundary! {
        let (path, out) = c_args!(try_str(path, path_len), try_mut(out));
        let config = GuardConfig {
            reserve_ahead,
            ..guard_config(window, max_gap_age_ms, max_missing, max_streams)
        };
        new_handle(out, tseal_guard(Guard::open(path, config)?))
    }
}

/// Frees a guard; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_guard_free(guard: *mut tseal_guard) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `guard` is NULL or a live handle.
        unsafe { free_handle(guard) }
    }
}

/// Whether `seq` on `stream` would be accepted at `now_ms`, without recording it: call it before the
/// expensive verification, then `tseal_guard_accept` once the message authenticated (which checks again).
/// `TSEAL_OK` or the error `tseal_guard_accept` would give.
#[no_mangle]
pub extern "C" fn tseal_guard_check(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    seq: u64,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream) = c_args!(try_ref(guard), try_stream(stream, stream_len));
        guard.0.check(stream, seq, now_ms).map(drop)
    }
}

/// Accepts `seq` on `stream` at `now_ms` (check, then commit) once its message authenticated; the stream's
/// new state goes to `*state`. Fails with `TSEAL_REPLAYED`, `TSEAL_TOO_OLD`, `TSEAL_INVALID_SEQUENCE`,
/// `TSEAL_STREAM_DEGRADED` or the stream limit error.
#[no_mangle]
pub extern "C" fn tseal_guard_accept(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    seq: u64,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream, state) = c_args!(try_ref(guard), try_stream(stream, stream_len), try_mut(state));
        *state = state_code(guard.0.commit(guard.0.check(stream, seq, now_ms)?, now_ms)?);
        Ok(())
    }
}

/// Like `tseal_guard_accept`, also taking the message's own timestamp `sent_ms` into the stream's clock
/// offset estimate (`tseal_guard_clock_offset`).
#[no_mangle]
pub extern "C" fn tseal_guard_accept_sent_at(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    seq: u64,
    sent_ms: u64,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream, state) = c_args!(try_ref(guard), try_stream(stream, stream_len), try_mut(state));
        let admission = guard.0.check(stream, seq, now_ms)?.sent_at(sent_ms);
        *state = state_code(guard.0.commit(admission, now_ms)?);
        Ok(())
    }
}

/// The state of `stream` at `now_ms` in `*state` (`TSEAL_STREAM_STATE_*`).
#[no_mangle]
pub extern "C" fn tseal_guard_state(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream, state) = c_args!(try_ref(guard), try_stream(stream, stream_len), try_mut(state));
        *state = state_code(guard.0.state(stream, now_ms));
        Ok(())
    }
}

/// The missing sequence numbers of `stream`, oldest first, as `(first, last)` pairs in `ranges`:
/// `*ranges_len` is the capacity in `uint64_t`s on entry and the number written on return (twice the number
/// of ranges); too small: `TSEAL_BUFFER_TOO_SMALL` with the count needed.
#[no_mangle]
pub extern "C" fn tseal_guard_missing(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    ranges: *mut u64,
    ranges_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream, ranges) = c_args!(
            try_ref(guard),
            try_stream(stream, stream_len),
            try_out(ranges, ranges_len),
        );
        write_ranges(guard.0.missing(stream), ranges)
    }
}

/// Writes missing ranges as `(first, last)` pairs.
pub(crate) fn write_ranges(
    missing: impl IntoIterator<Item = RangeInclusive<u64>>,
    ranges: OutBuf<'_, u64>,
) -> Result<(), Error> {
    let pairs: Vec<u64> = missing.into_iter().flat_map(|r| [*r.start(), *r.end()]).collect();
    ranges.write(&pairs)
}

/// Forgets `stream`'s gaps after a full resync (its replay window stays).
#[no_mangle]
pub extern "C" fn tseal_guard_resync(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream) = c_args!(try_ref(guard), try_stream(stream, stream_len));
        guard.0.resync(stream);
        Ok(())
    }
}

/// The smoothed lag of `stream`'s timestamps behind this machine's clock (see `tseal_clock_offset`) from
/// the messages accepted with `tseal_guard_accept_sent_at`: `*known` = 1 and the lag in `*offset_ms`, or
/// `*known` = 0 and 0 before the first such message.
#[no_mangle]
pub extern "C" fn tseal_guard_clock_offset(
    guard: *const tseal_guard,
    stream: *const u8,
    stream_len: usize,
    known: *mut u8,
    offset_ms: *mut i64,
) -> tseal_status {
    ffi_boundary! {
        let (guard, stream, known, offset_ms) =
            c_args!(try_ref(guard), try_stream(stream, stream_len), try_mut(known), try_mut(offset_ms));
        write_estimate(guard.0.clock_offset_ms(stream), known, offset_ms);
        Ok(())
    }
}

/// The number of streams the guard tracks, in `*streams`.
#[no_mangle]
pub extern "C" fn tseal_guard_len(guard: *const tseal_guard, streams: *mut usize) -> tseal_status {
    ffi_boundary! {
        let (guard, streams) = c_args!(try_ref(guard), try_mut(streams));
        *streams = guard.0.len();
        Ok(())
    }
}

/// The receiver's pipeline for signed signals (opaque, thread-safe): parse, replay and gap check, verify,
/// policy (age, future skew, volume), then commit. Keeps its own in-memory guard.
pub struct tseal_signal_verifier(SignalVerifier);

/// A signal verifier accepting `generated_at_ms` within `max_age_ms` / `max_future_ms` of now and volumes
/// up to `max_volume_units` at `max_volume_decimals`, with a guard as `tseal_guard_new` (gap policy:
/// `max_gap_age_ms`, `max_missing`).
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_new(
    max_age_ms: u64,
    max_future_ms: u64,
    max_volume_units: i64,
    max_volume_decimals: u8,
    window: u64,
    max_gap_age_ms: u64,
    max_missing: u64,
    max_streams: usize,
    out: *mut *mut tseal_signal_verifier,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        let policy = SignalPolicy {
            time: TimeWindow { max_age_ms, max_future_ms },
            max_volume: Decimal::new(max_volume_units, max_volume_decimals)?,
        };
        let guard = Guard::new(guard_config(window, max_gap_age_ms, max_missing, max_streams))?;
        new_handle(out, tseal_signal_verifier(SignalVerifier::new(policy, guard)))
    }
}

/// Frees a signal verifier; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_free(verifier: *mut tseal_signal_verifier) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `verifier` is NULL or a live handle.
        unsafe { free_handle(verifier) }
    }
}

/// Runs the pipeline on a signed signal received at `now_ms` and, only if every step passes, writes its
/// fields as `tseal_signal_verify` does. The first failing step's error is returned.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_verify(
    verifier: *const tseal_signal_verifier,
    keyring: *const tseal_keyring,
    signed_signal: *const u8,
    signed_signal_len: usize,
    now_ms: u64,
    key_id: *mut u32,
    subscription_id: *mut u8,
    subscription_id_len: *mut usize,
    sequence: *mut u64,
    generated_at_ms: *mut u64,
    symbol: *mut u8,
    symbol_len: *mut usize,
    order_type: *mut u8,
    volume_units: *mut i64,
    volume_decimals: *mut u8,
    price_units: *mut i64,
    price_decimals: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, keyring, signed, key_id) = c_args!(
            try_ref(verifier),
            try_ref(keyring),
            try_slice(signed_signal, signed_signal_len),
            try_mut(key_id),
        );
        let fields = c_args!(SignalOut::new(
            subscription_id, subscription_id_len, sequence, generated_at_ms, symbol, symbol_len, order_type,
            volume_units, volume_decimals, price_units, price_decimals
        ));
        let verified = verifier.0.verify(&*keyring.read()?, signed, now_ms)?;
        fields.write(&verified)?;
        *key_id = verified.key_id().ok_or(Error::Internal)?;
        Ok(())
    }
}

/// The state of `stream` in the verifier's guard at `now_ms`, as `tseal_guard_state`.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_state(
    verifier: *const tseal_signal_verifier,
    stream: *const u8,
    stream_len: usize,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, stream, state) =
            c_args!(try_ref(verifier), try_stream(stream, stream_len), try_mut(state));
        *state = state_code(verifier.0.guard().state(stream, now_ms));
        Ok(())
    }
}

/// The missing sequence numbers of `stream` in the verifier's guard, as `tseal_guard_missing`.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_missing(
    verifier: *const tseal_signal_verifier,
    stream: *const u8,
    stream_len: usize,
    ranges: *mut u64,
    ranges_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, stream, ranges) = c_args!(
            try_ref(verifier),
            try_stream(stream, stream_len),
            try_out(ranges, ranges_len),
        );
        write_ranges(verifier.0.guard().missing(stream), ranges)
    }
}

/// Forgets `stream`'s gaps in the verifier's guard after a full resync, as `tseal_guard_resync`.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_resync(
    verifier: *const tseal_signal_verifier,
    stream: *const u8,
    stream_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, stream) = c_args!(try_ref(verifier), try_stream(stream, stream_len));
        verifier.0.guard().resync(stream);
        Ok(())
    }
}

/// The smoothed lag of `stream`'s `generated_at_ms` behind this machine's clock over the signals the
/// verifier accepted, as `tseal_guard_clock_offset`.
#[no_mangle]
pub extern "C" fn tseal_signal_verifier_clock_offset(
    verifier: *const tseal_signal_verifier,
    stream: *const u8,
    stream_len: usize,
    known: *mut u8,
    offset_ms: *mut i64,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, stream, known, offset_ms) =
            c_args!(try_ref(verifier), try_stream(stream, stream_len), try_mut(known), try_mut(offset_ms));
        write_estimate(verifier.0.guard().clock_offset_ms(stream), known, offset_ms);
        Ok(())
    }
}

/// The server's pipeline for signed exchange requests (opaque, thread-safe): optional rate limit per API
/// key, timestamp window and nonce reuse, then the signature.
pub struct tseal_request_verifier(RequestVerifier);

/// A request verifier accepting timestamps within `max_age_ms` / `max_future_ms` of now and remembering
/// up to `nonce_capacity` nonces; with `per_second` > 0 it also rate-limits each API key (`burst`,
/// tracking `max_keys` keys), with `per_second` = 0 it does not.
#[no_mangle]
pub extern "C" fn tseal_request_verifier_new(
    max_age_ms: u64,
    max_future_ms: u64,
    nonce_capacity: usize,
    per_second: u32,
    burst: u32,
    max_keys: usize,
    out: *mut *mut tseal_request_verifier,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        let verifier = RequestVerifier::new(TimeWindow { max_age_ms, max_future_ms }, nonce_capacity)?;
        let verifier = match per_second {
            0 => verifier,
            _ => verifier.with_rate_limit(RateLimit { per_second, burst }, max_keys)?,
        };
        new_handle(out, tseal_request_verifier(verifier))
    }
}

/// Frees a request verifier; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_request_verifier_free(verifier: *mut tseal_request_verifier) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `verifier` is NULL or a live handle.
        unsafe { free_handle(verifier) }
    }
}

/// Runs the pipeline on a request received at `now_ms` with the headers `X-API-Key` (`api_key`, whose
/// secret is `secret`), `X-Timestamp`, `X-Nonce` and `X-Signature` as received. `TSEAL_OK` or the first
/// failing step's error (`TSEAL_RATE_LIMITED`, `TSEAL_STALE`, `TSEAL_NONCE_REUSED`, `TSEAL_INVALID_SIGNATURE`,
/// ...). A forged request does not use up its nonce.
#[no_mangle]
pub extern "C" fn tseal_request_verifier_verify(
    verifier: *const tseal_request_verifier,
    secret: *const tseal_mac_key,
    api_key: *const u8,
    api_key_len: usize,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let (verifier, secret, api_key, method, path, timestamp, nonce, body, signature) = c_args!(
            try_ref(verifier),
            try_ref(secret),
            try_str(api_key, api_key_len),
            try_str(method, method_len),
            try_str(path, path_len),
            try_str(timestamp, timestamp_len),
            try_str(nonce, nonce_len),
            try_slice(body, body_len),
            try_str(signature, signature_len),
        );
        let request = Request::from_headers(method, path, timestamp, nonce, body)?;
        verifier.0.verify(api_key, &secret.0, &request, signature, now_ms).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_core() {
        let (gap, config) = (GapPolicy::default(), GuardConfig::default());
        assert_eq!(gap.max_gap_age_ms, TSEAL_DEFAULT_MAX_GAP_AGE_MS);
        assert_eq!(gap.max_missing, TSEAL_DEFAULT_MAX_MISSING);
        assert_eq!(config.max_streams, TSEAL_DEFAULT_MAX_STREAMS);
        assert_eq!(config.reserve_ahead, TSEAL_DEFAULT_RESERVE_AHEAD);
    }
}
