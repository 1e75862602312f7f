//! Authenticated encryption: `tseal_sealing_key` (library-chosen nonces, the safe path) and
//! `tseal_less_safe_key` (caller-chosen nonces, for known-answer tests and existing protocols: a repeated
//! nonce breaks the key). Algorithms are the ids of docs/WIRE.md: `TSEAL_AEAD_AES_256_GCM`,
//! `TSEAL_AEAD_CHACHA20_POLY1305`, `TSEAL_AEAD_XCHACHA20_POLY1305`. A failed open wipes the output buffer.

use tradeseal_core::aead::{Algorithm, LessSafeKey, SealingKey, KEY_BYTES, MAX_NONCE_BYTES, TAG_BYTES};

use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_framed, try_mut, try_out, try_ref, try_slice,
};
use crate::tseal_status;

/// AES-256-GCM (12-byte nonces).
pub const TSEAL_AEAD_AES_256_GCM: u8 = 1;
/// ChaCha20-Poly1305 (12-byte nonces).
pub const TSEAL_AEAD_CHACHA20_POLY1305: u8 = 2;
/// XChaCha20-Poly1305 (24-byte nonces).
pub const TSEAL_AEAD_XCHACHA20_POLY1305: u8 = 3;
/// Length of an AEAD key.
pub const TSEAL_AEAD_KEY_BYTES: usize = 32;
/// Length of an AEAD tag.
pub const TSEAL_AEAD_TAG_BYTES: usize = 16;
/// The longest nonce (XChaCha20-Poly1305).
pub const TSEAL_AEAD_MAX_NONCE_BYTES: usize = 24;
const _: () = assert!(TSEAL_AEAD_KEY_BYTES == KEY_BYTES && TSEAL_AEAD_TAG_BYTES == TAG_BYTES);
const _: () = assert!(TSEAL_AEAD_MAX_NONCE_BYTES == MAX_NONCE_BYTES);
const _: () = assert!(TSEAL_AEAD_AES_256_GCM == Algorithm::Aes256Gcm.id());
const _: () = assert!(TSEAL_AEAD_CHACHA20_POLY1305 == Algorithm::ChaCha20Poly1305.id());
const _: () = assert!(TSEAL_AEAD_XCHACHA20_POLY1305 == Algorithm::XChaCha20Poly1305.id());

/// `TSEAL_AEAD_KEY_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_aead_key_bytes() -> usize {
    ffi_boundary! { TSEAL_AEAD_KEY_BYTES }
}

/// `TSEAL_AEAD_TAG_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_aead_tag_bytes() -> usize {
    ffi_boundary! { TSEAL_AEAD_TAG_BYTES }
}

/// `TSEAL_AEAD_MAX_NONCE_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_aead_max_nonce_bytes() -> usize {
    ffi_boundary! { TSEAL_AEAD_MAX_NONCE_BYTES }
}

/// An AEAD key that chooses its own nonces and refuses to seal past its safe message limit (opaque,
/// thread-safe).
pub struct tseal_sealing_key(pub(crate) SealingKey);

/// Imports a `TSEAL_AEAD_KEY_BYTES`-byte key for `algorithm` into `*out` (`TSEAL_UNSUPPORTED_ALGORITHM`,
/// `TSEAL_INVALID_LENGTH`).
#[no_mangle]
pub extern "C" fn tseal_sealing_key_new(
    algorithm: u8,
    key: *const u8,
    key_len: usize,
    out: *mut *mut tseal_sealing_key,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_slice(key, key_len), try_mut(out));
        new_handle(out, tseal_sealing_key(SealingKey::from_bytes(Algorithm::from_id(algorithm)?, key)?))
    }
}

/// A new random key for `algorithm` in `*out`.
#[no_mangle]
pub extern "C" fn tseal_sealing_key_generate(
    algorithm: u8,
    out: *mut *mut tseal_sealing_key,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_sealing_key(SealingKey::generate(Algorithm::from_id(algorithm)?)?))
    }
}

/// Frees (and zeroizes) a sealing key; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_sealing_key_free(key: *mut tseal_sealing_key) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `key` is NULL or a live handle.
        unsafe { free_handle(key) }
    }
}

/// Seals `plaintext` (authenticating `aad`) with a fresh nonce into `out`: nonce, ciphertext, tag
/// (`nonce length + plaintext_len + TSEAL_AEAD_TAG_BYTES` bytes). `TSEAL_KEY_EXHAUSTED` past the key's limit.
#[no_mangle]
pub extern "C" fn tseal_aead_seal(
    key: *const tseal_sealing_key,
    aad: *const u8,
    aad_len: usize,
    plaintext: *const u8,
    plaintext_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, aad, plaintext, out) = c_args!(
            try_ref(key),
            try_slice(aad, aad_len),
            try_slice(plaintext, plaintext_len),
            try_out(out, out_len),
        );
        // The plaintext is copied into place once and sealed there (no zeroing of the whole buffer first).
        let nonce_len = key.0.algorithm().nonce_len();
        out.write_around(nonce_len, plaintext, TAG_BYTES, |sealed_box| key.0.seal_in_place(aad, sealed_box))
    }
}

/// Seals in place, without copying the plaintext: `sealed_box` (`sealed_box_len` bytes) holds the plaintext
/// after room for the nonce (`tseal_aead_nonce_bytes`) and before room for the tag (`TSEAL_AEAD_TAG_BYTES`),
/// so `sealed_box_len` is the sealed length; on success it holds exactly what `tseal_aead_seal` writes. The
/// room around the plaintext need not be initialised. `TSEAL_BUFFER_TOO_SMALL` below a nonce and a tag;
/// `TSEAL_KEY_EXHAUSTED` past the key's limit (the plaintext is then left in place, to seal with another key).
#[no_mangle]
pub extern "C" fn tseal_aead_seal_in_place(
    key: *const tseal_sealing_key,
    aad: *const u8,
    aad_len: usize,
    sealed_box: *mut u8,
    sealed_box_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, aad) = c_args!(try_ref(key), try_slice(aad, aad_len));
        let (nonce_len, tag_len) = (key.0.algorithm().nonce_len(), TAG_BYTES);
        let sealed_box = c_args!(try_framed(sealed_box, sealed_box_len, nonce_len, tag_len));
        key.0.seal_in_place(aad, sealed_box)
    }
}

/// Lowers `key`'s message budget to `limit` (units of 16-byte blocks plus one per message for AES-256-GCM,
/// messages otherwise) so a test can reach `TSEAL_KEY_EXHAUSTED`. Never raises it. For tests only.
#[no_mangle]
pub extern "C" fn tseal_sealing_key_set_limit_for_testing_only(
    key: *const tseal_sealing_key,
    limit: u64,
) -> tseal_status {
    ffi_boundary! {
        let key = c_args!(try_ref(key));
        key.0.set_limit_for_testing_only(limit);
        Ok(())
    }
}

/// Opens what `tseal_aead_seal` made into `out` (`sealed_len - nonce length - TSEAL_AEAD_TAG_BYTES` bytes):
/// `TSEAL_DECRYPT_FAILED` (output wiped) or `TSEAL_TRUNCATED`.
#[no_mangle]
pub extern "C" fn tseal_aead_open(
    key: *const tseal_sealing_key,
    aad: *const u8,
    aad_len: usize,
    sealed: *const u8,
    sealed_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, aad, sealed, out) = c_args!(
            try_ref(key),
            try_slice(aad, aad_len),
            try_slice(sealed, sealed_len),
            try_out(out, out_len),
        );
        out.write_with(sealed.len().saturating_sub(key.0.sealed_len(0)), |buf| key.0.open_into(aad, sealed, buf))
    }
}

/// An AEAD key used with caller-chosen nonces (opaque, thread-safe). **Never seal twice with one nonce.**
pub struct tseal_less_safe_key(pub(crate) LessSafeKey);

/// Imports a `TSEAL_AEAD_KEY_BYTES`-byte key for `algorithm` into `*out`.
#[no_mangle]
pub extern "C" fn tseal_less_safe_key_new(
    algorithm: u8,
    key: *const u8,
    key_len: usize,
    out: *mut *mut tseal_less_safe_key,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_slice(key, key_len), try_mut(out));
        new_handle(out, tseal_less_safe_key(LessSafeKey::from_bytes(Algorithm::from_id(algorithm)?, key)?))
    }
}

/// Frees (and zeroizes) a key; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_less_safe_key_free(key: *mut tseal_less_safe_key) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `key` is NULL or a live handle.
        unsafe { free_handle(key) }
    }
}

/// Seals with the caller's `nonce` into `out`: ciphertext and tag (`plaintext_len + TSEAL_AEAD_TAG_BYTES`).
#[no_mangle]
pub extern "C" fn tseal_aead_seal_less_safe(
    key: *const tseal_less_safe_key,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    plaintext: *const u8,
    plaintext_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, nonce, aad, plaintext, out) = c_args!(
            try_ref(key),
            try_slice(nonce, nonce_len),
            try_slice(aad, aad_len),
            try_slice(plaintext, plaintext_len),
            try_out(out, out_len),
        );
        out.write_with(plaintext.len().saturating_add(TAG_BYTES), |buf| key.0.seal_into(nonce, aad, plaintext, buf))
    }
}

/// Opens ciphertext and tag sealed with `nonce` into `out` (`sealed_len - TSEAL_AEAD_TAG_BYTES` bytes):
/// `TSEAL_DECRYPT_FAILED` (output wiped).
#[no_mangle]
pub extern "C" fn tseal_aead_open_less_safe(
    key: *const tseal_less_safe_key,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    sealed: *const u8,
    sealed_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, nonce, aad, sealed, out) = c_args!(
            try_ref(key),
            try_slice(nonce, nonce_len),
            try_slice(aad, aad_len),
            try_slice(sealed, sealed_len),
            try_out(out, out_len),
        );
        out.write_with(sealed.len().saturating_sub(TAG_BYTES), |buf| key.0.open_into(nonce, aad, sealed, buf))
    }
}

/// The nonce length of `algorithm` in `*nonce_len` (`TSEAL_UNSUPPORTED_ALGORITHM` for an unknown id).
#[no_mangle]
pub extern "C" fn tseal_aead_nonce_bytes(algorithm: u8, nonce_len: *mut usize) -> tseal_status {
    ffi_boundary! {
        let nonce_len = c_args!(try_mut(nonce_len));
        *nonce_len = Algorithm::from_id(algorithm)?.nonce_len();
        Ok(())
    }
}

/// The name of `algorithm` (`"AES-256-GCM"`, `"CHACHA20-POLY1305"`, `"XCHACHA20-POLY1305"`; UTF-8, no NUL)
/// into `out`.
#[no_mangle]
pub extern "C" fn tseal_aead_algorithm_name(
    algorithm: u8,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        out.write(Algorithm::from_id(algorithm)?.name().as_bytes())
    }
}

/// The algorithm (`TSEAL_AEAD_*`) of a sealing key in `*algorithm`.
#[no_mangle]
pub extern "C" fn tseal_sealing_key_algorithm(
    key: *const tseal_sealing_key,
    algorithm: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (key, algorithm) = c_args!(try_ref(key), try_mut(algorithm));
        *algorithm = key.0.algorithm().id();
        Ok(())
    }
}
