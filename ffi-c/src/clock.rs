//! Clocks: the default freshness window of `tseal_time_window_check`, `tseal_time_window_oldest`, and
//! `tseal_clock_offset`, a smoothed estimate of how far a peer's timestamps lag this machine's clock.

use std::sync::Mutex;

use tradeseal_core::clock::{ClockOffset, TimeWindow, DEFAULT_MAX_AGE_MS, DEFAULT_MAX_FUTURE_MS};
use tradeseal_core::Error;

use crate::boundary::{c_args, ffi_boundary, free_handle, new_handle, try_mut, try_ref};
use crate::tseal_status;

/// The default maximum age of a message timestamp.
pub const TSEAL_DEFAULT_MAX_AGE_MS: u64 = 60000;
/// The default maximum clock skew of a message timestamp ahead of now.
pub const TSEAL_DEFAULT_MAX_FUTURE_MS: u64 = 5000;
const _: () = assert!(TSEAL_DEFAULT_MAX_AGE_MS == DEFAULT_MAX_AGE_MS);
const _: () = assert!(TSEAL_DEFAULT_MAX_FUTURE_MS == DEFAULT_MAX_FUTURE_MS);

/// `TSEAL_DEFAULT_MAX_AGE_MS`.
#[no_mangle]
pub extern "C" fn tseal_default_max_age_ms() -> u64 {
    ffi_boundary! { TSEAL_DEFAULT_MAX_AGE_MS }
}

/// `TSEAL_DEFAULT_MAX_FUTURE_MS`.
#[no_mangle]
pub extern "C" fn tseal_default_max_future_ms() -> u64 {
    ffi_boundary! { TSEAL_DEFAULT_MAX_FUTURE_MS }
}

/// The oldest timestamp a window of `max_age_ms` / `max_future_ms` accepts at `now_ms`, in `*oldest_ms`.
#[no_mangle]
pub extern "C" fn tseal_time_window_oldest(
    max_age_ms: u64,
    max_future_ms: u64,
    now_ms: u64,
    oldest_ms: *mut u64,
) -> tseal_status {
    ffi_boundary! {
        let oldest_ms = c_args!(try_mut(oldest_ms));
        *oldest_ms = TimeWindow { max_age_ms, max_future_ms }.oldest(now_ms);
        Ok(())
    }
}

/// A smoothed estimate (RFC 6298 averaging, gain 1/8) of how far a peer's timestamps lag this machine's
/// clock: transit time plus clock offset (opaque, thread-safe).
pub struct tseal_clock_offset(Mutex<ClockOffset>);

/// A new estimate without samples, in `*out`.
#[no_mangle]
pub extern "C" fn tseal_clock_offset_new(out: *mut *mut tseal_clock_offset) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_clock_offset(Mutex::new(ClockOffset::default())))
    }
}

/// Frees an estimate; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_clock_offset_free(offset: *mut tseal_clock_offset) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `offset` is NULL or a live handle.
        unsafe { free_handle(offset) }
    }
}

/// Adds the sample `received_ms - sent_ms` (a message's own timestamp and the local time it arrived).
#[no_mangle]
pub extern "C" fn tseal_clock_offset_observe(
    offset: *const tseal_clock_offset,
    sent_ms: u64,
    received_ms: u64,
) -> tseal_status {
    ffi_boundary! {
        let offset = c_args!(try_ref(offset));
        offset.0.lock().map_err(|_| Error::Internal)?.observe(sent_ms, received_ms);
        Ok(())
    }
}

/// The current estimate in `*estimate_ms` (negative when the peer's clock runs ahead), with `*known` = 1;
/// before the first sample `*known` = 0 and `*estimate_ms` = 0.
#[no_mangle]
pub extern "C" fn tseal_clock_offset_estimate(
    offset: *const tseal_clock_offset,
    known: *mut u8,
    estimate_ms: *mut i64,
) -> tseal_status {
    ffi_boundary! {
        let (offset, known, estimate_ms) = c_args!(try_ref(offset), try_mut(known), try_mut(estimate_ms));
        let estimate = offset.0.lock().map_err(|_| Error::Internal)?.estimate_ms();
        write_estimate(estimate, known, estimate_ms);
        Ok(())
    }
}

/// Writes an optional estimate as a `known` flag (0 or 1) and a value (0 when unknown).
pub(crate) fn write_estimate(estimate: Option<i64>, known: &mut u8, estimate_ms: &mut i64) {
    (*known, *estimate_ms) = (u8::from(estimate.is_some()), estimate.unwrap_or(0));
}
