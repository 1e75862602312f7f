//! Envelopes v1 (docs/WIRE.md): messages sealed under a rotating `tseal_sealing_keyring` (AEAD keys by
//! `uint32_t` key id; seal with the primary, open with the key the envelope names).

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use tradeseal_core::aead::{Algorithm, SealingKey};
use tradeseal_core::envelope::{self, MAX_AAD_BYTES};
use tradeseal_core::{Error, Keyring};

use crate::aead::tseal_less_safe_key;
use crate::boundary::{c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice};
use crate::keyring::write_ids;
use crate::tseal_status;

/// The longest associated data an envelope authenticates.
pub const TSEAL_ENVELOPE_MAX_AAD_BYTES: usize = 1024;
const _: () = assert!(TSEAL_ENVELOPE_MAX_AAD_BYTES == MAX_AAD_BYTES);

/// `TSEAL_ENVELOPE_MAX_AAD_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_envelope_max_aad_bytes() -> usize {
    ffi_boundary! { TSEAL_ENVELOPE_MAX_AAD_BYTES }
}

/// AEAD keys by id with one primary (opaque, thread-safe).
pub struct tseal_sealing_keyring(RwLock<Keyring<SealingKey>>);

impl tseal_sealing_keyring {
    pub(crate) fn read(&self) -> Result<RwLockReadGuard<'_, Keyring<SealingKey>>, Error> {
        self.0.read().map_err(|_| Error::Internal)
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, Keyring<SealingKey>>, Error> {
        self.0.write().map_err(|_| Error::Internal)
    }
}

/// A new empty sealing keyring in `*out`.
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_new(out: *mut *mut tseal_sealing_keyring) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_sealing_keyring(RwLock::new(Keyring::new())))
    }
}

/// Frees (and zeroizes) a sealing keyring; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_free(keyring: *mut tseal_sealing_keyring) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `keyring` is NULL or a live handle.
        unsafe { free_handle(keyring) }
    }
}

/// Adds a `TSEAL_AEAD_KEY_BYTES`-byte key for `algorithm` under `key_id` (opens at once, seals after
/// `tseal_sealing_keyring_promote`).
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_insert(
    keyring: *mut tseal_sealing_keyring,
    key_id: u32,
    algorithm: u8,
    key: *const u8,
    key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, key) = c_args!(try_ref(keyring), try_slice(key, key_len));
        let key = SealingKey::from_bytes(Algorithm::from_id(algorithm)?, key)?;
        keyring.write()?.insert(key_id, key)
    }
}

/// Makes `key_id` the primary (sealing) key.
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_promote(
    keyring: *mut tseal_sealing_keyring,
    key_id: u32,
) -> tseal_status {
    ffi_boundary! {
        let keyring = c_args!(try_ref(keyring));
        keyring.write()?.promote(key_id)
    }
}

/// Removes and zeroizes the key `key_id` (not the primary: `TSEAL_WRONG_STATE`).
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_retire(
    keyring: *mut tseal_sealing_keyring,
    key_id: u32,
) -> tseal_status {
    ffi_boundary! {
        let keyring = c_args!(try_ref(keyring));
        keyring.write()?.retire(key_id)
    }
}

/// The id of the primary (sealing) key in `*key_id`, or `TSEAL_NO_PRIMARY_KEY`.
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_primary_id(
    keyring: *const tseal_sealing_keyring,
    key_id: *mut u32,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, key_id) = c_args!(try_ref(keyring), try_mut(key_id));
        *key_id = keyring.read()?.primary()?.0;
        Ok(())
    }
}

/// The ids of all keys in `ids`, as `tseal_keyring_ids`.
#[no_mangle]
pub extern "C" fn tseal_sealing_keyring_ids(
    keyring: *const tseal_sealing_keyring,
    ids: *mut u32,
    ids_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, ids) = c_args!(try_ref(keyring), try_out(ids, ids_len));
        write_ids(&*keyring.read()?, ids)
    }
}

/// Seals `plaintext` (authenticating `aad`, at most `TSEAL_ENVELOPE_MAX_AAD_BYTES`) with the primary key
/// and a fresh nonce into an envelope in `out`.
#[no_mangle]
pub extern "C" fn tseal_envelope_seal(
    keyring: *const tseal_sealing_keyring,
    aad: *const u8,
    aad_len: usize,
    plaintext: *const u8,
    plaintext_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, aad, plaintext, out) = c_args!(
            try_ref(keyring),
            try_slice(aad, aad_len),
            try_slice(plaintext, plaintext_len),
            try_out(out, out_len),
        );
        let keyring = keyring.read()?;
        let algorithm = keyring.primary()?.1.algorithm();
        out.write_with(envelope::sealed_len(algorithm, plaintext.len()), |buf| {
            envelope::seal_into(&keyring, aad, plaintext, buf)
        })
    }
}

/// Opens an envelope with the key it names into `out` (wiped on failure): `TSEAL_TRUNCATED`,
/// `TSEAL_UNSUPPORTED_VERSION`, `TSEAL_UNSUPPORTED_ALGORITHM`, `TSEAL_UNKNOWN_KEY`, `TSEAL_DECRYPT_FAILED`.
#[no_mangle]
pub extern "C" fn tseal_envelope_open(
    keyring: *const tseal_sealing_keyring,
    aad: *const u8,
    aad_len: usize,
    envelope: *const u8,
    envelope_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, aad, sealed, out) = c_args!(
            try_ref(keyring),
            try_slice(aad, aad_len),
            try_slice(envelope, envelope_len),
            try_out(out, out_len),
        );
        let keyring = keyring.read()?;
        out.write_with(envelope::plaintext_len(sealed)?, |buf| envelope::open_into(&keyring, aad, sealed, buf))
    }
}

/// Seals an envelope under `key_id` with a caller-chosen `nonce`, for known-answer tests only: **a repeated
/// nonce breaks the key**; use `tseal_envelope_seal`.
#[no_mangle]
pub extern "C" fn tseal_envelope_seal_with_nonce_less_safe(
    key_id: u32,
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
        out.write(&envelope::seal_with_nonce_less_safe(key_id, &key.0, nonce, aad, plaintext)?)
    }
}
