//! HMAC-SHA256 with a single key: `tseal_mac_key` (a `tradeseal::MacKey`).

use tradeseal_core::MacKey;

use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice, try_str,
};
use crate::tseal_status;

/// Length of an HMAC-SHA256 tag.
pub const TSEAL_MAC_TAG_BYTES: usize = 32;
/// Length of a generated MAC key, and the minimum `tseal_mac_key_new` accepts.
pub const TSEAL_MAC_KEY_BYTES: usize = 32;
const _: () = assert!(TSEAL_MAC_TAG_BYTES == tradeseal_core::MAC_TAG_BYTES);
const _: () = assert!(TSEAL_MAC_KEY_BYTES == tradeseal_core::MAC_KEY_BYTES);

/// An HMAC-SHA256 key (opaque). Immutable: one key may sign and verify from many threads at once.
pub struct tseal_mac_key(pub(crate) MacKey);

/// `TSEAL_MAC_TAG_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_mac_tag_bytes() -> usize {
    ffi_boundary! { TSEAL_MAC_TAG_BYTES }
}

/// `TSEAL_MAC_KEY_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_mac_key_bytes() -> usize {
    ffi_boundary! { TSEAL_MAC_KEY_BYTES }
}

/// Imports a key of at least `TSEAL_MAC_KEY_BYTES` bytes into a new handle in `*out`
/// (`TSEAL_KEY_TOO_SHORT` otherwise). The key bytes are copied; the caller may wipe its copy.
#[no_mangle]
pub extern "C" fn tseal_mac_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut tseal_mac_key,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_slice(key, key_len), try_mut(out));
        new_handle(out, tseal_mac_key(MacKey::from_bytes(key)?))
    }
}

/// Imports a key of any non-empty length, for existing shorter shared secrets (less than 256-bit
/// security below 32 bytes; prefer `tseal_mac_key_new`). Empty keys fail with `TSEAL_KEY_TOO_SHORT`.
#[no_mangle]
pub extern "C" fn tseal_mac_key_new_short(
    key: *const u8,
    key_len: usize,
    out: *mut *mut tseal_mac_key,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_slice(key, key_len), try_mut(out));
        new_handle(out, tseal_mac_key(MacKey::from_short_bytes(key)?))
    }
}

/// Imports a key of at least `TSEAL_MAC_KEY_BYTES` bytes written as hex (either case, `hex_len` bytes, no
/// NUL needed) into `*out`: `TSEAL_INVALID_HEX`, `TSEAL_KEY_TOO_SHORT`.
#[no_mangle]
pub extern "C" fn tseal_mac_key_from_hex(
    hex: *const u8,
    hex_len: usize,
    out: *mut *mut tseal_mac_key,
) -> tseal_status {
    ffi_boundary! {
        let (hex, out) = c_args!(try_str(hex, hex_len), try_mut(out));
        new_handle(out, tseal_mac_key(MacKey::from_hex(hex)?))
    }
}

/// A new random `TSEAL_MAC_KEY_BYTES`-byte key from the OS random number generator, in `*out`.
#[no_mangle]
pub extern "C" fn tseal_mac_key_generate(out: *mut *mut tseal_mac_key) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_mac_key(MacKey::generate()?))
    }
}

/// Frees (and zeroizes) a key; NULL is a no-op. The key must not be in use by another thread.
#[no_mangle]
pub extern "C" fn tseal_mac_key_free(key: *mut tseal_mac_key) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `key` is NULL or a live handle from `tseal_mac_key_*`.
        unsafe { free_handle(key) }
    }
}

/// Writes the `TSEAL_MAC_TAG_BYTES`-byte HMAC-SHA256 tag of `msg` into `tag`.
#[no_mangle]
pub extern "C" fn tseal_mac_sign(
    key: *const tseal_mac_key,
    msg: *const u8,
    msg_len: usize,
    tag: *mut u8,
    tag_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, msg, tag) = c_args!(try_ref(key), try_slice(msg, msg_len), try_out(tag, tag_len));
        tag.write(&key.0.sign(msg))
    }
}

/// Checks `tag` against `msg` in constant time: `TSEAL_OK`, or `TSEAL_INVALID_SIGNATURE` (also for a tag
/// that is not `TSEAL_MAC_TAG_BYTES` long).
#[no_mangle]
pub extern "C" fn tseal_mac_verify(
    key: *const tseal_mac_key,
    msg: *const u8,
    msg_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, msg, tag) = c_args!(try_ref(key), try_slice(msg, msg_len), try_slice(tag, tag_len));
        key.0.verify(msg, tag)
    }
}
