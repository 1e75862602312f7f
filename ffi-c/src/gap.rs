//! One stream's sequence gaps on their own: `tseal_gap_tracker` (a `tradeseal::gap::GapTracker`), for
//! receivers that keep their own replay state. `tseal_guard` combines it with a replay window per stream.
//! States are the guard's `TSEAL_STREAM_STATE_*`.

use std::sync::{Mutex, MutexGuard};

use tradeseal_core::gap::{GapPolicy, GapTracker, StreamState, MAX_GAP_RANGES};
use tradeseal_core::Error;

use crate::boundary::{c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref};
use crate::guard::{
    state_code, write_ranges, TSEAL_STREAM_STATE_DEGRADED, TSEAL_STREAM_STATE_GAP, TSEAL_STREAM_STATE_NORMAL,
};
use crate::tseal_status;

/// The most missing ranges a tracker keeps (`tseal_gap_tracker_missing` writes at most twice as many
/// `uint64_t`s).
pub const TSEAL_MAX_GAP_RANGES: usize = 16;
const _: () = assert!(TSEAL_MAX_GAP_RANGES == MAX_GAP_RANGES);

/// `TSEAL_MAX_GAP_RANGES`.
#[no_mangle]
pub extern "C" fn tseal_max_gap_ranges() -> usize {
    ffi_boundary! { TSEAL_MAX_GAP_RANGES }
}

/// The missing sequence numbers of one stream (opaque, thread-safe).
pub struct tseal_gap_tracker(Mutex<GapTracker>);

impl tseal_gap_tracker {
    fn new(tracker: GapTracker) -> Self {
        tseal_gap_tracker(Mutex::new(tracker))
    }

    fn lock(&self) -> Result<MutexGuard<'_, GapTracker>, Error> {
        self.0.lock().map_err(|_| Error::Internal)
    }
}

/// A tracker whose first recorded number sets the baseline, degrading when a gap is older than
/// `max_gap_age_ms` or more than `max_missing` numbers are missing, in `*out`.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_new(
    max_gap_age_ms: u64,
    max_missing: u64,
    out: *mut *mut tseal_gap_tracker,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_gap_tracker::new(GapTracker::new(GapPolicy { max_gap_age_ms, max_missing })))
    }
}

/// Like `tseal_gap_tracker_new`, but expecting `seq + 1` next: numbers skipped after `seq` count as
/// missing (`seq` = 0 expects the stream to start at 1, as a FIX session does).
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_new_after(
    max_gap_age_ms: u64,
    max_missing: u64,
    seq: u64,
    out: *mut *mut tseal_gap_tracker,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        let policy = GapPolicy { max_gap_age_ms, max_missing };
        new_handle(out, tseal_gap_tracker::new(GapTracker::after(policy, seq)))
    }
}

/// Frees a tracker; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_free(tracker: *mut tseal_gap_tracker) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `tracker` is NULL or a live handle.
        unsafe { free_handle(tracker) }
    }
}

/// Records that `seq` was accepted at `now_ms`; the new state goes to `*state`. Fails with
/// `TSEAL_STREAM_DEGRADED` when this made (or found) the stream degraded.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_record(
    tracker: *const tseal_gap_tracker,
    seq: u64,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (tracker, state) = c_args!(try_ref(tracker), try_mut(state));
        *state = state_code(tracker.lock()?.record(seq, now_ms)?);
        Ok(())
    }
}

/// The state at `now_ms` in `*state` (`TSEAL_STREAM_STATE_*`).
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_state(
    tracker: *const tseal_gap_tracker,
    now_ms: u64,
    state: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (tracker, state) = c_args!(try_ref(tracker), try_mut(state));
        *state = state_code(tracker.lock()?.state(now_ms));
        Ok(())
    }
}

/// `TSEAL_STREAM_DEGRADED` when the stream is degraded at `now_ms`, else `TSEAL_OK`. Changes nothing.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_check(tracker: *const tseal_gap_tracker, now_ms: u64) -> tseal_status {
    ffi_boundary! {
        let tracker = c_args!(try_ref(tracker));
        tracker.lock()?.check(now_ms)
    }
}

/// Forgets every missing number and leaves `TSEAL_STREAM_STATE_DEGRADED`, after a full resync from the
/// sender.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_resync(tracker: *const tseal_gap_tracker) -> tseal_status {
    ffi_boundary! {
        let tracker = c_args!(try_ref(tracker));
        tracker.lock()?.resync();
        Ok(())
    }
}

/// The highest number recorded (or the baseline of `tseal_gap_tracker_new_after`) in `*highest`, and how
/// many numbers are missing in total in `*missing_count`.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_progress(
    tracker: *const tseal_gap_tracker,
    highest: *mut u64,
    missing_count: *mut u64,
) -> tseal_status {
    ffi_boundary! {
        let (tracker, highest, missing_count) =
            c_args!(try_ref(tracker), try_mut(highest), try_mut(missing_count));
        let tracker = tracker.lock()?;
        (*highest, *missing_count) = (tracker.highest(), tracker.missing_count());
        Ok(())
    }
}

/// The missing sequence numbers, oldest first, as `(first, last)` pairs in `ranges`, sized like
/// `tseal_guard_missing`'s.
#[no_mangle]
pub extern "C" fn tseal_gap_tracker_missing(
    tracker: *const tseal_gap_tracker,
    ranges: *mut u64,
    ranges_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (tracker, ranges) = c_args!(try_ref(tracker), try_out(ranges, ranges_len));
        write_ranges(tracker.lock()?.missing(), ranges)
    }
}

/// The name of a stream state (`"NORMAL"`, `"GAP"`, `"DEGRADED"`; UTF-8, no NUL) into `out`, as test
/// vectors and the other bindings spell it; `TSEAL_INVALID_ARGUMENT` for a value that is not a state.
#[no_mangle]
pub extern "C" fn tseal_stream_state_name(state: u8, out: *mut u8, out_len: *mut usize) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        let state = match state {
            TSEAL_STREAM_STATE_NORMAL => StreamState::Normal,
            TSEAL_STREAM_STATE_GAP => StreamState::Gap,
            TSEAL_STREAM_STATE_DEGRADED => StreamState::Degraded,
            _ => return Err(Error::InvalidArgument),
        };
        out.write(state.name().as_bytes())
    }
}
