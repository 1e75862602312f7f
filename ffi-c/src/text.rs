//! Strict UTF-16 to UTF-8 conversion for MQL5 (`string`) and Windows (`wchar_t`) callers.

use crate::boundary::{c_args, ffi_boundary, try_out, try_slice};
use crate::tseal_status;

/// Converts `len` UTF-16 code units at `s` into UTF-8 in `out` (no NUL added).
///
/// Unpaired surrogates fail with `TSEAL_INVALID_UTF16` instead of being replaced (MQL5's own conversion
/// turns them into `?`). `s` must be 2-byte aligned (`TSEAL_INVALID_ARGUMENT` otherwise).
#[no_mangle]
pub extern "C" fn tseal_utf16_to_utf8(
    s: *const u16,
    len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (s, out) = c_args!(try_slice(s, len), try_out(out, out_len));
        out.write_with(tradeseal_core::utf16::utf8_len(s)?, |buf| tradeseal_core::utf16::to_utf8(s, buf))
    }
}
