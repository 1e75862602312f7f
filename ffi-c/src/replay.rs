//! Replay protection and freshness: `tseal_replay_window` (RFC 6479 bitmap window over sequence numbers),
//! `tseal_time_window_check`, `tseal_nonce_cache`, `tseal_rate_limiter` and `tseal_price_guard_check`.
//! Every handle is safe to share between threads.

use std::sync::Mutex;

use tradeseal_core::clock::TimeWindow;
use tradeseal_core::nonce_cache::NonceCache;
use tradeseal_core::price_guard::PriceGuard;
use tradeseal_core::ratelimit::{RateLimit, RateLimiter};
use tradeseal_core::{Decimal, Error, ReplayWindow};

use crate::boundary::{c_args, ffi_boundary, free_handle, new_handle, try_mut, try_ref, try_slice, try_str};
use crate::tseal_status;

/// A sliding window of accepted sequence numbers (opaque, thread-safe).
pub struct tseal_replay_window(Mutex<ReplayWindow>);

/// A new window of `size` sequence numbers (a power of two from 64 to 65536, else `TSEAL_OUT_OF_RANGE`)
/// in `*out`.
#[no_mangle]
pub extern "C" fn tseal_replay_window_new(size: u64, out: *mut *mut tseal_replay_window) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_replay_window(Mutex::new(ReplayWindow::new(size)?)))
    }
}

/// A window of `size` (as `tseal_replay_window_new`) that treats every number up to and including `seq`
/// as already seen, for a receiver restarting after `seq`, in `*out`.
#[no_mangle]
pub extern "C" fn tseal_replay_window_new_after(
    size: u64,
    seq: u64,
    out: *mut *mut tseal_replay_window,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_replay_window(Mutex::new(ReplayWindow::starting_after(size, seq)?)))
    }
}

/// Frees a window; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_replay_window_free(window: *mut tseal_replay_window) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `window` is NULL or a live handle.
        unsafe { free_handle(window) }
    }
}

/// Whether `seq` would be accepted, without recording it (call before the expensive verification):
/// `TSEAL_OK`, `TSEAL_REPLAYED`, `TSEAL_TOO_OLD` or `TSEAL_INVALID_SEQUENCE` (0).
#[no_mangle]
pub extern "C" fn tseal_replay_window_check(window: *const tseal_replay_window, seq: u64) -> tseal_status {
    ffi_boundary! {
        let window = c_args!(try_ref(window));
        window.0.lock().map_err(|_| Error::Internal)?.check(seq).map(drop)
    }
}

/// Records `seq` as accepted once its message authenticated; checks it again first under the same lock
/// (another thread may have accepted it since) and fails like `tseal_replay_window_check`.
#[no_mangle]
pub extern "C" fn tseal_replay_window_commit(window: *mut tseal_replay_window, seq: u64) -> tseal_status {
    ffi_boundary! {
        let window = c_args!(try_ref(window));
        let mut window = window.0.lock().map_err(|_| Error::Internal)?;
        let checked = window.check(seq)?;
        window.commit(checked)
    }
}

/// The highest committed sequence number (0 before the first commit) in `*top`.
#[no_mangle]
pub extern "C" fn tseal_replay_window_top(window: *const tseal_replay_window, top: *mut u64) -> tseal_status {
    ffi_boundary! {
        let (window, top) = c_args!(try_ref(window), try_mut(top));
        *top = window.0.lock().map_err(|_| Error::Internal)?.top();
        Ok(())
    }
}

/// Checks a message timestamp against `now_ms`: `TSEAL_STALE` if older than `max_age_ms`,
/// `TSEAL_FROM_FUTURE` if more than `max_future_ms` ahead.
#[no_mangle]
pub extern "C" fn tseal_time_window_check(
    max_age_ms: u64,
    max_future_ms: u64,
    timestamp_ms: u64,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! { TimeWindow { max_age_ms, max_future_ms }.check(timestamp_ms, now_ms) }
}

/// Remembers request nonces inside a time window (opaque, thread-safe).
pub struct tseal_nonce_cache(NonceCache);

/// A cache accepting timestamps inside `[now - max_age_ms, now + max_future_ms]`, holding at most
/// `capacity` nonces (at least 16, else `TSEAL_OUT_OF_RANGE`), in `*out`.
#[no_mangle]
pub extern "C" fn tseal_nonce_cache_new(
    max_age_ms: u64,
    max_future_ms: u64,
    capacity: usize,
    out: *mut *mut tseal_nonce_cache,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        let window = TimeWindow { max_age_ms, max_future_ms };
        new_handle(out, tseal_nonce_cache(NonceCache::new(window, capacity)?))
    }
}

/// Frees a nonce cache; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_nonce_cache_free(cache: *mut tseal_nonce_cache) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `cache` is NULL or a live handle.
        unsafe { free_handle(cache) }
    }
}

/// Records `nonce` (bytes) seen in `scope` (e.g. the API key) with its timestamp at `now_ms`:
/// `TSEAL_NONCE_REUSED`, `TSEAL_STALE`, `TSEAL_FROM_FUTURE` or the cache's capacity error.
#[no_mangle]
pub extern "C" fn tseal_nonce_cache_insert(
    cache: *const tseal_nonce_cache,
    scope: *const u8,
    scope_len: usize,
    timestamp_ms: u64,
    nonce: *const u8,
    nonce_len: usize,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let (cache, scope, nonce) = c_args!(
            try_ref(cache),
            try_slice(scope, scope_len),
            try_slice(nonce, nonce_len),
        );
        cache.0.insert(scope, timestamp_ms, nonce, now_ms)
    }
}

/// Whether `nonce` in `scope` with its timestamp would be accepted at `now_ms`, without recording it:
/// `TSEAL_OK`, `TSEAL_NONCE_REUSED`, `TSEAL_STALE` or `TSEAL_FROM_FUTURE`.
#[no_mangle]
pub extern "C" fn tseal_nonce_cache_check(
    cache: *const tseal_nonce_cache,
    scope: *const u8,
    scope_len: usize,
    timestamp_ms: u64,
    nonce: *const u8,
    nonce_len: usize,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let (cache, scope, nonce) =
            c_args!(try_ref(cache), try_slice(scope, scope_len), try_slice(nonce, nonce_len));
        cache.0.check(scope, timestamp_ms, nonce, now_ms)
    }
}

/// The number of nonces the cache holds, in `*nonces`.
#[no_mangle]
pub extern "C" fn tseal_nonce_cache_len(cache: *const tseal_nonce_cache, nonces: *mut usize) -> tseal_status {
    ffi_boundary! {
        let (cache, nonces) = c_args!(try_ref(cache), try_mut(nonces));
        *nonces = cache.0.len();
        Ok(())
    }
}

/// Token buckets per key (opaque, thread-safe).
pub struct tseal_rate_limiter(RateLimiter<Vec<u8>>);

/// A limiter of `per_second` tokens per second with bursts of `burst`, tracking at most `max_keys` keys in
/// total (a zero rate, burst or `max_keys`: `TSEAL_OUT_OF_RANGE`), in `*out`.
#[no_mangle]
pub extern "C" fn tseal_rate_limiter_new(
    per_second: u32,
    burst: u32,
    max_keys: usize,
    out: *mut *mut tseal_rate_limiter,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_rate_limiter(RateLimiter::new(RateLimit { per_second, burst }, max_keys)?))
    }
}

/// Frees a rate limiter; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_rate_limiter_free(limiter: *mut tseal_rate_limiter) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `limiter` is NULL or a live handle.
        unsafe { free_handle(limiter) }
    }
}

/// Takes one token from `key`'s bucket at `now_ms`, or fails with `TSEAL_RATE_LIMITED`.
#[no_mangle]
pub extern "C" fn tseal_rate_limiter_acquire(
    limiter: *const tseal_rate_limiter,
    key: *const u8,
    key_len: usize,
    now_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let (limiter, key) = c_args!(try_ref(limiter), try_slice(key, key_len));
        limiter.0.acquire(key, now_ms)
    }
}

/// The number of keys the limiter tracks, in `*keys`.
#[no_mangle]
pub extern "C" fn tseal_rate_limiter_tracked_keys(
    limiter: *const tseal_rate_limiter,
    keys: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (limiter, keys) = c_args!(try_ref(limiter), try_mut(keys));
        *keys = limiter.0.tracked_keys();
        Ok(())
    }
}

/// Parses canonical decimal text (`"1.08500"`: digits, optionally `.` and 1 to 18 digits, no sign, no
/// leading zeros) into `*units` of `10^-*decimals`; anything else is `TSEAL_INVALID_NUMBER`.
#[no_mangle]
pub extern "C" fn tseal_decimal_parse(
    text: *const u8,
    text_len: usize,
    units: *mut i64,
    decimals: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (text, units, decimals) = c_args!(try_str(text, text_len), try_mut(units), try_mut(decimals));
        let value: Decimal = text.parse()?;
        (*units, *decimals) = (value.units(), value.decimals());
        Ok(())
    }
}

/// Checks that `price` is within `max_pips` pips of size `pip` from `reference` (all fixed point):
/// `TSEAL_PRICE_DEVIATION`, `TSEAL_INVALID_NUMBER` for a zero price, `TSEAL_OUT_OF_RANGE` for a zero pip.
#[no_mangle]
pub extern "C" fn tseal_price_guard_check(
    max_pips: u64,
    pip_units: i64,
    pip_decimals: u8,
    price_units: i64,
    price_decimals: u8,
    reference_units: i64,
    reference_decimals: u8,
) -> tseal_status {
    ffi_boundary! {
        let guard = PriceGuard::new(max_pips, Decimal::new(pip_units, pip_decimals)?)?;
        guard.check(Decimal::new(price_units, price_decimals)?, Decimal::new(reference_units, reference_decimals)?)
    }
}
