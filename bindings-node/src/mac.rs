//! `MacKey` and `MacKeyring`: HMAC-SHA256 keys and key rotation (core `mac` and `keyring`).

use napi::bindgen_prelude::BufferSlice;
use napi::Env;
use napi_derive::napi;

use crate::convert::{Bytes, BytesMut, KeyId, OrThrow, Text};
use crate::keyring::keyring_class;

/// An HMAC-SHA256 key. Its bytes never leave the native side (nothing prints them).
#[napi]
pub struct MacKey(pub(crate) tradeseal::MacKey);

#[napi]
impl MacKey {
    /// A new random 32-byte key.
    #[napi(factory)]
    pub fn generate(env: &Env) -> napi::Result<Self> {
        tradeseal::MacKey::generate().map(MacKey).or_throw(env)
    }

    /// Imports a key of at least 32 bytes (shorter: RangeError `TSEAL_KEY_TOO_SHORT`).
    #[napi(factory)]
    pub fn from_bytes(env: &Env, key: Bytes) -> napi::Result<Self> {
        tradeseal::MacKey::from_bytes(&key).map(MacKey).or_throw(env)
    }

    /// Imports a non-empty key of any length, for existing shorter shared secrets.
    #[napi(factory)]
    pub fn from_short_bytes(env: &Env, key: Bytes) -> napi::Result<Self> {
        tradeseal::MacKey::from_short_bytes(&key)
            .map(MacKey)
            .or_throw(env)
    }

    /// Imports a key of at least 32 bytes written as hex.
    #[napi(factory)]
    pub fn from_hex(env: &Env, hex: Text) -> napi::Result<Self> {
        tradeseal::MacKey::from_hex(&hex).map(MacKey).or_throw(env)
    }

    /// The 32-byte HMAC-SHA256 tag of `message`.
    #[napi]
    pub fn sign<'env>(&self, env: &'env Env, message: Bytes) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.sign(&message))
    }

    /// Writes the 32-byte tag of `message` into the start of `out` (allocation-free; shorter `out`:
    /// RangeError `TSEAL_BUFFER_TOO_SMALL`).
    #[napi]
    pub fn sign_into(&self, env: &Env, message: Bytes, mut out: BytesMut) -> napi::Result<()> {
        let out = out.prefix(tradeseal::MAC_TAG_BYTES).or_throw(env)?;
        out.copy_from_slice(&self.0.sign(&message));
        Ok(())
    }

    /// Returns if `tag` is the tag of `message`; throws `TSEAL_INVALID_SIGNATURE` otherwise.
    #[napi]
    pub fn verify(&self, env: &Env, message: Bytes, tag: Bytes) -> napi::Result<()> {
        self.0.verify(&message, &tag).or_throw(env)
    }
}

keyring_class! {
    /// MAC keys by key id, one of them primary: rotate keys without a flag day.
    MacKeyring(tradeseal::MacKey)
}

#[napi]
impl MacKeyring {
    /// Adds a key of at least 32 bytes under `id`; it verifies at once and signs after `promote(id)`.
    #[napi]
    pub fn insert(&mut self, env: &Env, id: KeyId, key: Bytes) -> napi::Result<()> {
        let key = tradeseal::MacKey::from_bytes(&key).or_throw(env)?;
        self.0.insert(id.0, key).or_throw(env)
    }
}
