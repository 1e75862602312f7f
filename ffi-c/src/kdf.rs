//! Key derivation: HKDF-SHA256 (`tseal_hkdf_extract`, `tseal_hkdf_expand`), tradeseal's labelled
//! derivation from a master key (`tseal_kdf_derive`, or a `tseal_master_key` handle that also derives
//! MAC, AEAD and Ed25519 keys directly), and Argon2id for passwords (`tseal_argon2id`,
//! `tseal_master_key_from_password`; slow: tens of milliseconds and at least 19 MiB). Outputs of a chosen
//! length fill exactly `out_len` bytes.

use tradeseal_core::aead::Algorithm;
use tradeseal_core::kdf::{self, MasterKey, PasswordParams, MIN_MASTER_KEY_BYTES, MIN_SALT_BYTES, PRK_BYTES};

use crate::aead::tseal_sealing_key;
use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice, try_slice_mut,
    try_str,
};
use crate::ed25519::tseal_ed25519_key;
use crate::mac::tseal_mac_key;
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

/// The shortest master key `tseal_master_key_new` accepts.
pub const TSEAL_MIN_MASTER_KEY_BYTES: usize = 32;
/// The shortest Argon2id salt.
pub const TSEAL_MIN_SALT_BYTES: usize = 16;
const _: () =
    assert!(TSEAL_MIN_MASTER_KEY_BYTES == MIN_MASTER_KEY_BYTES && TSEAL_MIN_SALT_BYTES == MIN_SALT_BYTES);

/// `TSEAL_MIN_MASTER_KEY_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_min_master_key_bytes() -> usize {
    ffi_boundary! { TSEAL_MIN_MASTER_KEY_BYTES }
}

/// `TSEAL_MIN_SALT_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_min_salt_bytes() -> usize {
    ffi_boundary! { TSEAL_MIN_SALT_BYTES }
}

/// The default Argon2id costs (`memory_kib`, `passes`, `lanes`) for `tseal_argon2id` and
/// `tseal_master_key_from_password`.
#[no_mangle]
pub extern "C" fn tseal_password_params_default(
    memory_kib: *mut u32,
    passes: *mut u32,
    lanes: *mut u32,
) -> tseal_status {
    ffi_boundary! {
        let (memory_kib, passes, lanes) = c_args!(try_mut(memory_kib), try_mut(passes), try_mut(lanes));
        let params = PasswordParams::DEFAULT;
        (*memory_kib, *passes, *lanes) = (params.memory_kib(), params.passes(), params.lanes());
        Ok(())
    }
}

/// A master secret from which purpose-bound keys are derived (opaque, thread-safe; zeroized when freed).
/// Derive with `tseal_master_key_derive` or straight into keys with `tseal_master_key_mac_key`,
/// `tseal_master_key_sealing_key` and `tseal_master_key_ed25519_key`.
pub struct tseal_master_key(MasterKey);

/// Imports a master secret of at least `TSEAL_MIN_MASTER_KEY_BYTES` bytes (`TSEAL_KEY_TOO_SHORT`
/// otherwise) into `*out`, the same master key `tseal_kdf_derive` uses.
#[no_mangle]
pub extern "C" fn tseal_master_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut tseal_master_key,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_slice(key, key_len), try_mut(out));
        new_handle(out, tseal_master_key(MasterKey::from_bytes(key)?))
    }
}

/// A new random master key in `*out` (it cannot be exported: derive what must outlive the process from a
/// stored secret with `tseal_master_key_new` instead).
#[no_mangle]
pub extern "C" fn tseal_master_key_generate(out: *mut *mut tseal_master_key) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_master_key(MasterKey::generate()?))
    }
}

/// The master key of a password: Argon2id (as `tseal_argon2id`, salt of at least `TSEAL_MIN_SALT_BYTES`)
/// to 32 bytes, then as `tseal_master_key_new`. Slow by design.
#[no_mangle]
pub extern "C" fn tseal_master_key_from_password(
    password: *const u8,
    password_len: usize,
    salt: *const u8,
    salt_len: usize,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    out: *mut *mut tseal_master_key,
) -> tseal_status {
    ffi_boundary! {
        let (password, salt, out) =
            c_args!(try_slice(password, password_len), try_slice(salt, salt_len), try_mut(out));
        let params = PasswordParams::new(memory_kib, passes, lanes)?;
        new_handle(out, tseal_master_key(MasterKey::from_password(password, salt, &params)?))
    }
}

/// Frees (and zeroizes) a master key; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_master_key_free(master: *mut tseal_master_key) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `master` is NULL or a live handle.
        unsafe { free_handle(master) }
    }
}

/// Derives exactly `out_len` bytes for `label` (UTF-8 text) and `context`, as `tseal_kdf_derive`.
#[no_mangle]
pub extern "C" fn tseal_master_key_derive(
    master: *const tseal_master_key,
    label: *const u8,
    label_len: usize,
    context: *const u8,
    context_len: usize,
    out: *mut u8,
    out_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (master, label, context, out) = c_args!(
            try_ref(master),
            try_str(label, label_len),
            try_slice(context, context_len),
            try_slice_mut(out, out_len),
        );
        master.0.derive_into(label, context, out)
    }
}

/// The HMAC-SHA256 key for `context` (label `"tradeseal/mac"`) as a new `tseal_mac_key` in `*out`.
#[no_mangle]
pub extern "C" fn tseal_master_key_mac_key(
    master: *const tseal_master_key,
    context: *const u8,
    context_len: usize,
    out: *mut *mut tseal_mac_key,
) -> tseal_status {
    ffi_boundary! {
        let (master, context, out) = c_args!(try_ref(master), try_slice(context, context_len), try_mut(out));
        new_handle(out, tseal_mac_key(master.0.mac_key(context)?))
    }
}

/// The AEAD key for `algorithm` (`TSEAL_AEAD_*`) and `context` (label `"tradeseal/aead/<algorithm>"`) as
/// a new `tseal_sealing_key` in `*out`.
#[no_mangle]
pub extern "C" fn tseal_master_key_sealing_key(
    master: *const tseal_master_key,
    algorithm: u8,
    context: *const u8,
    context_len: usize,
    out: *mut *mut tseal_sealing_key,
) -> tseal_status {
    ffi_boundary! {
        let (master, context, out) = c_args!(try_ref(master), try_slice(context, context_len), try_mut(out));
        new_handle(out, tseal_sealing_key(master.0.sealing_key(Algorithm::from_id(algorithm)?, context)?))
    }
}

/// The Ed25519 signing key for `context` (label `"tradeseal/ed25519"`) as a new `tseal_ed25519_key` in
/// `*out`.
#[no_mangle]
pub extern "C" fn tseal_master_key_ed25519_key(
    master: *const tseal_master_key,
    context: *const u8,
    context_len: usize,
    out: *mut *mut tseal_ed25519_key,
) -> tseal_status {
    ffi_boundary! {
        let (master, context, out) = c_args!(try_ref(master), try_slice(context, context_len), try_mut(out));
        new_handle(out, tseal_ed25519_key(master.0.ed25519_key(context)?))
    }
}
