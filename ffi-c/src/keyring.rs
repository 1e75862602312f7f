//! A rotating set of HMAC-SHA256 keys: `tseal_keyring` (a `tradeseal::Keyring<MacKey>` behind a lock, so
//! one handle can sign and verify from many threads while another thread rotates keys).

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use tradeseal_core::{Error, KeyId, Keyring, MacKey};

use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_mut, try_out, try_ref, try_slice, OutBuf,
};
use crate::tseal_status;

/// A keyring of HMAC-SHA256 keys with `uint32_t` key ids and one primary (opaque, thread-safe).
pub struct tseal_keyring(RwLock<Keyring<MacKey>>);

impl tseal_keyring {
    pub(crate) fn read(&self) -> Result<RwLockReadGuard<'_, Keyring<MacKey>>, Error> {
        self.0.read().map_err(|_| Error::Internal)
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, Keyring<MacKey>>, Error> {
        self.0.write().map_err(|_| Error::Internal)
    }
}

/// A new empty keyring in `*out`.
#[no_mangle]
pub extern "C" fn tseal_keyring_new(out: *mut *mut tseal_keyring) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_keyring(RwLock::new(Keyring::new())))
    }
}

/// Frees (and zeroizes) a keyring; NULL is a no-op. It must not be in use by another thread.
#[no_mangle]
pub extern "C" fn tseal_keyring_free(keyring: *mut tseal_keyring) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `keyring` is NULL or a live handle from `tseal_keyring_new`.
        unsafe { free_handle(keyring) }
    }
}

/// Adds a key of at least `TSEAL_MAC_KEY_BYTES` bytes under `key_id`; it verifies at once and signs after
/// `tseal_keyring_promote`. `TSEAL_DUPLICATE_KEY_ID` if the id is taken.
#[no_mangle]
pub extern "C" fn tseal_keyring_insert(
    keyring: *mut tseal_keyring,
    key_id: u32,
    key: *const u8,
    key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, key) = c_args!(try_ref(keyring), try_slice(key, key_len));
        let key = MacKey::from_bytes(key)?;
        keyring.write()?.insert(key_id, key)
    }
}

/// Makes `key_id` the primary (signing) key; `TSEAL_UNKNOWN_KEY` if it is not in the ring.
#[no_mangle]
pub extern "C" fn tseal_keyring_promote(keyring: *mut tseal_keyring, key_id: u32) -> tseal_status {
    ffi_boundary! {
        let keyring = c_args!(try_ref(keyring));
        keyring.write()?.promote(key_id)
    }
}

/// Removes and zeroizes the key `key_id`; the primary cannot be retired (`TSEAL_WRONG_STATE`).
#[no_mangle]
pub extern "C" fn tseal_keyring_retire(keyring: *mut tseal_keyring, key_id: u32) -> tseal_status {
    ffi_boundary! {
        let keyring = c_args!(try_ref(keyring));
        keyring.write()?.retire(key_id)
    }
}

/// The id of the primary key in `*key_id`, or `TSEAL_NO_PRIMARY_KEY`.
#[no_mangle]
pub extern "C" fn tseal_keyring_primary_id(keyring: *const tseal_keyring, key_id: *mut u32) -> tseal_status {
    ffi_boundary! {
        let (keyring, key_id) = c_args!(try_ref(keyring), try_mut(key_id));
        *key_id = keyring.read()?.primary()?.0;
        Ok(())
    }
}

/// Signs `msg` with the primary key: its id goes to `*key_id`, the tag to `tag`.
#[no_mangle]
pub extern "C" fn tseal_keyring_sign(
    keyring: *const tseal_keyring,
    msg: *const u8,
    msg_len: usize,
    key_id: *mut u32,
    tag: *mut u8,
    tag_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, msg, key_id, tag) = c_args!(
            try_ref(keyring),
            try_slice(msg, msg_len),
            try_mut(key_id),
            try_out(tag, tag_len),
        );
        let keyring = keyring.read()?;
        let (id, key): (KeyId, _) = keyring.primary()?;
        tag.write(&key.sign(msg))?;
        *key_id = id;
        Ok(())
    }
}

/// Checks `tag` over `msg` with the key `key_id` in constant time: `TSEAL_OK`, `TSEAL_UNKNOWN_KEY` or
/// `TSEAL_INVALID_SIGNATURE`.
#[no_mangle]
pub extern "C" fn tseal_keyring_verify(
    keyring: *const tseal_keyring,
    key_id: u32,
    msg: *const u8,
    msg_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, msg, tag) = c_args!(try_ref(keyring), try_slice(msg, msg_len), try_slice(tag, tag_len));
        keyring.read()?.get(key_id)?.verify(msg, tag)
    }
}

/// The ids of all keys (insertion order; retiring may reorder) in `ids`: `*ids_len` is the capacity in
/// `uint32_t`s on entry and the number written on return; too small: `TSEAL_BUFFER_TOO_SMALL` with the
/// count needed.
#[no_mangle]
pub extern "C" fn tseal_keyring_ids(
    keyring: *const tseal_keyring,
    ids: *mut u32,
    ids_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, ids) = c_args!(try_ref(keyring), try_out(ids, ids_len));
        write_ids(&*keyring.read()?, ids)
    }
}

/// Writes the ids of `keyring`'s keys.
pub(crate) fn write_ids<K>(keyring: &Keyring<K>, ids: OutBuf<'_, u32>) -> Result<(), Error> {
    ids.write(&keyring.ids().collect::<Vec<KeyId>>())
}
