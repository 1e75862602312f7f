//! Key derivation: HKDF-SHA256 (`tseal_hkdf_extract`, `tseal_hkdf_expand`), tradeseal's labelled
//! derivation from a master key (`tseal_kdf_derive`), and Argon2id for passwords (`tseal_argon2id`, slow:
//! tens of milliseconds and at least 19 MiB). Outputs of a chosen length fill exactly `out_len` bytes.

use tradeseal_core::kdf::{self, MasterKey, PasswordParams, PRK_BYTES};

use crate::boundary::{c_args, ffi_boundary, try_out, try_slice, try_slice_mut, try_str};
use crate::tseal_status;

/// Length of an HKDF pseudorandom key.
pub const TSEAL_HKDF_PRK_BYTES: usize = 32;
const _: () = assert!(TSEAL_HKDF_PRK_BYTES == PRK_BYTES);

/// `TSEAL_HKDF_PRK_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_hkdf_prk_bytes() -> usize {
    ffi_boundary! { TSEAL_HKDF_PRK_BYTES }
}

/// HKDF-Extract(salt, ikm): `TSEAL_HKDF_PRK_BYTES` bytes into `prk`.
#[no_mangle]
pub extern "C" fn tseal_hkdf_extract(
    salt: *const u8,
    salt_len: usize,
    ikm: *const u8,
    ikm_len: usize,
    prk: *mut u8,
    prk_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (salt, ikm, prk) = c_args!(
            try_slice(salt, salt_len),
            try_slice(ikm, ikm_len),
            try_out(prk, prk_len),
        );
        prk.write(&kdf::hkdf_extract(salt, ikm)[..])
    }
}

/// HKDF-Expand(prk, info) filling exactly `okm_len` bytes of `okm` (at most 255 * 32).
#[no_mangle]
pub extern "C" fn tseal_hkdf_expand(
    prk: *const u8,
    prk_len: usize,
    info: *const u8,
    info_len: usize,
    okm: *mut u8,
    okm_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (prk, info, okm) = c_args!(
            try_slice(prk, prk_len),
            try_slice(info, info_len),
            try_slice_mut(okm, okm_len),
        );
        kdf::hkdf_expand(prk, info, okm)
    }
}

/// Derives `out_len` bytes for `label` (UTF-8 text) and `context` from a master key of at least 32 bytes.
#[no_mangle]
pub extern "C" fn tseal_kdf_derive(
    master: *const u8,
    master_len: usize,
    label: *const u8,
    label_len: usize,
    context: *const u8,
    context_len: usize,
    out: *mut u8,
    out_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (master, label, context, out) = c_args!(
            try_slice(master, master_len),
            try_str(label, label_len),
            try_slice(context, context_len),
            try_slice_mut(out, out_len),
        );
        MasterKey::from_bytes(master)?.derive_into(label, context, out)
    }
}

/// Argon2id of `password` with `salt` (at least 16 bytes), `memory_kib` KiB, `passes` and `lanes`, filling
/// exactly `out_len` bytes (16 to 64). Slow by design.
#[no_mangle]
pub extern "C" fn tseal_argon2id(
    password: *const u8,
    password_len: usize,
    salt: *const u8,
    salt_len: usize,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    out: *mut u8,
    out_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (password, salt, out) = c_args!(
            try_slice(password, password_len),
            try_slice(salt, salt_len),
            try_slice_mut(out, out_len),
        );
        kdf::argon2id(password, salt, &PasswordParams::new(memory_kib, passes, lanes)?, out)
    }
}
