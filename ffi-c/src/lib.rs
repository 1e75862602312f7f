//! The C ABI of tradeseal: `libtradeseal.so` / `libtradeseal.a` / `tradeseal.dll`, declared by
//! `include/tradeseal.h` (generated from this crate by cbindgen; see `tests/header.rs`).
//!
//! Conventions, identical for every export:
//! - Functions are `tseal_<module>_<verb>`; objects are opaque handles `tseal_<type>*` made by
//!   `tseal_<type>_new` (or `_generate`) into an out-parameter and released by `tseal_<type>_free`, which
//!   accepts NULL. Handles may be used from several threads at once.
//! - Inputs are `(const uint8_t* ptr, size_t len)` pairs; `ptr` may be NULL only when `len` is 0.
//! - Outputs go to a caller-owned buffer `(uint8_t* out, size_t* out_len)`: `*out_len` is the capacity on
//!   entry and the number of bytes written on return. When the buffer is too small the call fails with
//!   `TSEAL_BUFFER_TOO_SMALL`, writes nothing and stores the size needed in `*out_len` (so `out = NULL`,
//!   `*out_len = 0` asks for the size). The library never hands out memory the caller must free.
//! - Every function returns a `tseal_status`: `TSEAL_OK` (0) or the code of a `tradeseal::Error`, whose
//!   name `tseal_status_name` gives; `tseal_last_error_message` describes the thread's last failure.
//! - Only fixed-width integers, `size_t`, byte pointers and handles cross the boundary (MQL5 can call
//!   every function); sizes are also available as `size_t tseal_<name>_bytes(void)` getters.
//!
//! No logic lives here: each export converts its arguments (`c_args!`, one `unsafe` block over the
//! `try_*` helpers of `boundary`), calls the core and maps the error. Every body runs inside
//! `ffi_boundary!`, so a panic becomes `TSEAL_INTERNAL` instead of unwinding into C.

#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
// The exports are called from C, where every call is unsafe; their pointer contracts are documented on
// each function and in the header, and each dereference goes through a `try_*` helper in `boundary`.
#![allow(clippy::not_unsafe_ptr_arg_deref)]
#![allow(non_camel_case_types)]

pub mod aead;
mod boundary;
pub mod clock;
pub mod decimal;
pub mod ed25519;
pub mod envelope;
pub mod frame;
pub mod gap;
pub mod guard;
pub mod kdf;
pub mod keyring;
pub mod legacy;
pub mod mac;
pub mod noise;
pub mod replay;
pub mod request;
pub mod signal;
pub mod subscription;
pub mod text;

use core::ffi::{c_char, CStr};
use std::ffi::CString;
use std::sync::OnceLock;

use tradeseal_core::Error;

use crate::boundary::{c_args, ffi_boundary, try_out, try_slice, try_slice_mut};

/// The result of every fallible call: `TSEAL_OK` (0) or a `tradeseal::Error` code (`TSEAL_*`).
pub type tseal_status = i32;

/// Success (declared in the header's `tseal_status_code` enum with the error codes).
pub(crate) const TSEAL_OK: tseal_status = 0;

/// Version of this C ABI. It changes only when an existing function changes meaning or signature (new
/// functions do not change it); compare it with `tseal_abi_version()` when loading the library at run time.
pub const TSEAL_ABI_VERSION: u32 = 1;

/// The library version as a NUL-terminated string (static; do not free), e.g. `"0.1.0"`.
#[no_mangle]
pub extern "C" fn tseal_version() -> *const c_char {
    ffi_boundary! { VERSION.as_ptr() }
}

/// Copies the library version (UTF-8, no NUL) into `out` (for MQL5, which cannot read C strings).
#[no_mangle]
pub extern "C" fn tseal_version_copy(out: *mut u8, out_len: *mut usize) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        out.write(VERSION.to_bytes())
    }
}

/// `TSEAL_ABI_VERSION` of the loaded library.
#[no_mangle]
pub extern "C" fn tseal_abi_version() -> u32 {
    ffi_boundary! { TSEAL_ABI_VERSION }
}

/// The `TSEAL_*` name of a status code as a NUL-terminated static string (do not free); `"TSEAL_OK"` for
/// 0 and `"TSEAL_UNKNOWN_STATUS"` for a code that is not a status.
#[no_mangle]
pub extern "C" fn tseal_status_name(status: tseal_status) -> *const c_char {
    ffi_boundary! { status_name(status).as_ptr() }
}

/// Copies the `TSEAL_*` name of a status code (UTF-8, no NUL) into `out` (for MQL5).
#[no_mangle]
pub extern "C" fn tseal_status_name_copy(
    status: tseal_status,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        out.write(status_name(status).to_bytes())
    }
}

/// Copies a description of the last failed call on this thread (UTF-8, no NUL) into `out`: its
/// `TSEAL_*` name and message, or an empty string if no call failed yet. Cryptographic failures carry no
/// detail. A failure of this function itself does not replace the last error.
#[no_mangle]
pub extern "C" fn tseal_last_error_message(out: *mut u8, out_len: *mut usize) -> tseal_status {
    let last = boundary::last_error();
    let status = ffi_boundary! {
        let message = last.map(|e| format!("{}: {e}", e.name())).unwrap_or_default();
        let out = c_args!(try_out(out, out_len));
        out.write(message.as_bytes())
    };
    if let Some(e) = last {
        boundary::record(e);
    }
    status
}

/// Fills `out` with `len` bytes from the operating system's random number generator.
#[no_mangle]
pub extern "C" fn tseal_random_fill(out: *mut u8, len: usize) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_slice_mut(out, len));
        tradeseal_core::rand::fill(out)
    }
}

/// Writes `bytes` as lowercase hex (`2 * bytes_len` bytes, no NUL) into `out`.
#[no_mangle]
pub extern "C" fn tseal_hex_encode(
    bytes: *const u8,
    bytes_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (bytes, out) = c_args!(try_slice(bytes, bytes_len), try_out(out, out_len));
        out.write_with(bytes.len().saturating_mul(2), |buf| {
            tradeseal_core::hex::encode_into(bytes, buf).map(|()| buf.len())
        })
    }
}

/// Decodes hex (either case, `hex_len` bytes, no NUL needed) into `hex_len / 2` bytes in `out`;
/// `TSEAL_INVALID_HEX` on odd length or a non-hex character.
#[no_mangle]
pub extern "C" fn tseal_hex_decode(
    hex: *const u8,
    hex_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (hex, out) = c_args!(try_slice(hex, hex_len), try_out(out, out_len));
        out.write_with(hex.len() / 2, |buf| {
            tradeseal_core::hex::decode_into(hex, buf).map(|()| buf.len())
        })
    }
}

const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(version) => version,
    Err(_) => panic!("the package version contains a NUL byte"),
};

fn status_name(status: tseal_status) -> &'static CStr {
    static NAMES: OnceLock<Vec<(tseal_status, CString)>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        Error::ALL
            .iter()
            .map(|e| (e.code(), CString::new(e.name()).unwrap_or_default()))
            .collect()
    });
    match status {
        TSEAL_OK => c"TSEAL_OK",
        _ => names
            .iter()
            .find(|(code, _)| *code == status)
            .map_or(c"TSEAL_UNKNOWN_STATUS", |(_, n)| n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_the_core() {
        assert_eq!(VERSION.to_str(), Ok(tradeseal_core::VERSION));
    }

    #[test]
    fn every_error_has_its_name() {
        for &e in Error::ALL {
            assert_eq!(status_name(e.code()).to_str(), Ok(e.name()));
        }
        assert_eq!(status_name(0), c"TSEAL_OK");
        assert_eq!(status_name(-1), c"TSEAL_UNKNOWN_STATUS");
    }
}
