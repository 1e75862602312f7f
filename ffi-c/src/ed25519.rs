//! Ed25519 signatures: `tseal_ed25519_key` (a signing key from a 32-byte seed) and
//! `tseal_ed25519_verify` with a public key.

use tradeseal_core::ed25519::{SigningKey, VerifyingKey, PUBLIC_KEY_BYTES, SEED_BYTES, SIGNATURE_BYTES};

use crate::boundary::{c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice};
use crate::tseal_status;

/// Length of an Ed25519 seed (the secret key).
pub const TSEAL_ED25519_SEED_BYTES: usize = 32;
/// Length of an Ed25519 public key.
pub const TSEAL_ED25519_PUBLIC_KEY_BYTES: usize = 32;
/// Length of an Ed25519 signature.
pub const TSEAL_ED25519_SIGNATURE_BYTES: usize = 64;
const _: () =
    assert!(TSEAL_ED25519_SEED_BYTES == SEED_BYTES && TSEAL_ED25519_PUBLIC_KEY_BYTES == PUBLIC_KEY_BYTES);
const _: () = assert!(TSEAL_ED25519_SIGNATURE_BYTES == SIGNATURE_BYTES);

/// `TSEAL_ED25519_SEED_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_seed_bytes() -> usize {
    ffi_boundary! { TSEAL_ED25519_SEED_BYTES }
}

/// `TSEAL_ED25519_SIGNATURE_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_signature_bytes() -> usize {
    ffi_boundary! { TSEAL_ED25519_SIGNATURE_BYTES }
}

/// `TSEAL_ED25519_PUBLIC_KEY_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_public_key_bytes() -> usize {
    ffi_boundary! { TSEAL_ED25519_PUBLIC_KEY_BYTES }
}

/// An Ed25519 signing key (opaque, thread-safe; the seed is zeroized when freed).
pub struct tseal_ed25519_key(pub(crate) SigningKey);

/// The key for a `TSEAL_ED25519_SEED_BYTES`-byte seed in `*out` (`TSEAL_INVALID_LENGTH` otherwise).
#[no_mangle]
pub extern "C" fn tseal_ed25519_key_from_seed(
    seed: *const u8,
    seed_len: usize,
    out: *mut *mut tseal_ed25519_key,
) -> tseal_status {
    ffi_boundary! {
        let (seed, out) = c_args!(try_slice(seed, seed_len), try_mut(out));
        new_handle(out, tseal_ed25519_key(SigningKey::from_seed(seed)?))
    }
}

/// A new random key in `*out`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_key_generate(out: *mut *mut tseal_ed25519_key) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_ed25519_key(SigningKey::generate()?))
    }
}

/// Frees (and zeroizes) a key; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_ed25519_key_free(key: *mut tseal_ed25519_key) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `key` is NULL or a live handle.
        unsafe { free_handle(key) }
    }
}

/// The public key (`TSEAL_ED25519_PUBLIC_KEY_BYTES`) into `out`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_public_key(
    key: *const tseal_ed25519_key,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_ref(key), try_out(out, out_len));
        out.write(key.0.public_key())
    }
}

/// The secret seed (`TSEAL_ED25519_SEED_BYTES`) into `out`, to store a generated key; wipe the copy after
/// use.
#[no_mangle]
pub extern "C" fn tseal_ed25519_key_seed(
    key: *const tseal_ed25519_key,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, out) = c_args!(try_ref(key), try_out(out, out_len));
        out.write(key.0.seed())
    }
}

/// The signature of `msg` (`TSEAL_ED25519_SIGNATURE_BYTES`, deterministic) into `sig`.
#[no_mangle]
pub extern "C" fn tseal_ed25519_sign(
    key: *const tseal_ed25519_key,
    msg: *const u8,
    msg_len: usize,
    sig: *mut u8,
    sig_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, msg, sig) = c_args!(try_ref(key), try_slice(msg, msg_len), try_out(sig, sig_len));
        sig.write(&key.0.sign(msg))
    }
}

/// Checks `sig` over `msg` with `public_key`: `TSEAL_OK`, `TSEAL_INVALID_SIGNATURE`, or
/// `TSEAL_INVALID_LENGTH` for a public key that is not `TSEAL_ED25519_PUBLIC_KEY_BYTES` long.
#[no_mangle]
pub extern "C" fn tseal_ed25519_verify(
    public_key: *const u8,
    public_key_len: usize,
    msg: *const u8,
    msg_len: usize,
    sig: *const u8,
    sig_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (public_key, msg, sig) = c_args!(
            try_slice(public_key, public_key_len),
            try_slice(msg, msg_len),
            try_slice(sig, sig_len),
        );
        VerifyingKey::from_bytes(public_key)?.verify(msg, sig)
    }
}
