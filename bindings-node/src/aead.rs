//! Authenticated encryption: `SealingKey` (chooses its own nonces), `LessSafeKey` (caller-chosen nonces,
//! for known answers only) and `SealingKeyring` (versioned envelopes naming their key id).

use napi::bindgen_prelude::BufferSlice;
use napi::Env;
use napi_derive::napi;
use tradeseal::aead::Algorithm;
use tradeseal::envelope;
use zeroize::Zeroizing;

use crate::convert::{Bytes, BytesMut, KeyId, OrThrow, U64, U8};
use crate::keyring::keyring_class;

/// Algorithm id of AES-256-GCM (the envelope's algorithm byte).
#[napi]
pub const AES_256_GCM: u8 = Algorithm::Aes256Gcm.id();
/// Algorithm id of ChaCha20-Poly1305 (RFC 8439).
#[napi]
pub const CHACHA20_POLY1305: u8 = Algorithm::ChaCha20Poly1305.id();
/// Algorithm id of XChaCha20-Poly1305 (192-bit nonces).
#[napi]
pub const XCHACHA20_POLY1305: u8 = Algorithm::XChaCha20Poly1305.id();

pub(crate) fn algorithm(env: &Env, id: U8) -> napi::Result<Algorithm> {
    Algorithm::from_id(id.0).or_throw(env)
}

/// An AEAD key that chooses its own nonces: `seal` gives `nonce || ciphertext || tag`.
#[napi]
pub struct SealingKey(pub(crate) tradeseal::SealingKey);

#[napi]
impl SealingKey {
    /// A new random key for the algorithm id (`AES_256_GCM`, `CHACHA20_POLY1305`, `XCHACHA20_POLY1305`).
    #[napi(factory)]
    pub fn generate(env: &Env, algorithm: U8) -> napi::Result<Self> {
        tradeseal::SealingKey::generate(self::algorithm(env, algorithm)?)
            .map(SealingKey)
            .or_throw(env)
    }

    /// Imports a 32-byte key for the algorithm id.
    #[napi(factory)]
    pub fn from_bytes(env: &Env, algorithm: U8, key: Bytes) -> napi::Result<Self> {
        tradeseal::SealingKey::from_bytes(self::algorithm(env, algorithm)?, &key)
            .map(SealingKey)
            .or_throw(env)
    }

    /// The algorithm id.
    #[napi(getter)]
    pub fn algorithm(&self) -> u8 {
        self.0.algorithm().id()
    }

    /// Encrypts and authenticates `plaintext` (and `aad`): `nonce || ciphertext || tag`.
    #[napi]
    pub fn seal<'env>(
        &self,
        env: &'env Env,
        aad: Bytes,
        plaintext: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.seal(&aad, &plaintext).or_throw(env)?)
    }

    /// Seals `sealedBox` in place, without copying the plaintext: it holds the plaintext after `nonceLen`
    /// bytes of room and before 16 bytes of room; afterwards it holds what `seal` returns.
    /// `TSEAL_BUFFER_TOO_SMALL` below a nonce and a tag; `TSEAL_KEY_EXHAUSTED` leaves the plaintext in place.
    #[napi]
    pub fn seal_in_place(&self, env: &Env, aad: Bytes, mut sealed_box: BytesMut) -> napi::Result<()> {
        self.0.seal_in_place(&aad, sealed_box.all()).or_throw(env)
    }

    /// The nonce length (12, or 24 for XChaCha20-Poly1305): where the plaintext starts in a sealed box.
    #[napi(getter)]
    pub fn nonce_len(&self) -> u32 {
        self.0.algorithm().nonce_len() as u32
    }

    /// Lowers the key's message budget so a test can reach `TSEAL_KEY_EXHAUSTED` (never raises it). Tests only.
    #[napi]
    pub fn set_limit_for_testing_only(&self, limit: U64) {
        self.0.set_limit_for_testing_only(limit.0);
    }

    /// Checks and decrypts what `seal` made; throws `TSEAL_DECRYPT_FAILED` on any change.
    #[napi]
    pub fn open<'env>(&self, env: &'env Env, aad: Bytes, sealed: Bytes) -> napi::Result<BufferSlice<'env>> {
        let plaintext = Zeroizing::new(self.0.open(&aad, &sealed).or_throw(env)?);
        BufferSlice::copy_from(env, plaintext.as_slice())
    }
}

/// An AEAD key used with caller-chosen nonces. **A repeated nonce breaks the key**: for known-answer
/// tests and protocols that manage nonces themselves; use `SealingKey` otherwise.
#[napi]
pub struct LessSafeKey(tradeseal::aead::LessSafeKey);

#[napi]
impl LessSafeKey {
    /// Imports a 32-byte key for the algorithm id.
    #[napi(factory)]
    pub fn from_bytes(env: &Env, algorithm: U8, key: Bytes) -> napi::Result<Self> {
        let algorithm = self::algorithm(env, algorithm)?;
        tradeseal::aead::LessSafeKey::from_bytes(algorithm, &key)
            .map(LessSafeKey)
            .or_throw(env)
    }

    /// The algorithm id.
    #[napi(getter)]
    pub fn algorithm(&self) -> u8 {
        self.0.algorithm().id()
    }

    /// `ciphertext || tag` of `plaintext` under `nonce` (12 bytes, 24 for XChaCha20-Poly1305).
    #[napi]
    pub fn seal<'env>(
        &self,
        env: &'env Env,
        nonce: Bytes,
        aad: Bytes,
        plaintext: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.seal(&nonce, &aad, &plaintext).or_throw(env)?)
    }

    /// Checks and decrypts `ciphertext || tag`; throws `TSEAL_DECRYPT_FAILED` on any change.
    #[napi]
    pub fn open<'env>(
        &self,
        env: &'env Env,
        nonce: Bytes,
        aad: Bytes,
        sealed: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        let plaintext = Zeroizing::new(self.0.open(&nonce, &aad, &sealed).or_throw(env)?);
        BufferSlice::copy_from(env, plaintext.as_slice())
    }

    /// An envelope naming `keyId`, sealed under the caller's `nonce` (known-answer vectors only).
    #[napi]
    pub fn seal_envelope<'env>(
        &self,
        env: &'env Env,
        key_id: KeyId,
        nonce: Bytes,
        aad: Bytes,
        plaintext: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        let sealed = envelope::seal_with_nonce_less_safe(key_id.0, &self.0, &nonce, &aad, &plaintext);
        BufferSlice::copy_from(env, sealed.or_throw(env)?)
    }
}

keyring_class! {
    /// AEAD keys by key id, one of them primary: seal envelopes with the primary, open with any key.
    SealingKeyring(tradeseal::SealingKey)
}

#[napi]
impl SealingKeyring {
    /// Adds a 32-byte key for the algorithm id under `id`; it opens at once and seals after `promote(id)`.
    #[napi]
    pub fn insert(&mut self, env: &Env, id: KeyId, algorithm: U8, key: Bytes) -> napi::Result<()> {
        let algorithm = self::algorithm(env, algorithm)?;
        let key = tradeseal::SealingKey::from_bytes(algorithm, &key).or_throw(env)?;
        self.0.insert(id.0, key).or_throw(env)
    }

    /// Seals `plaintext` (and `aad`, not sent) into an envelope with the primary key.
    #[napi]
    pub fn seal<'env>(
        &self,
        env: &'env Env,
        aad: Bytes,
        plaintext: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, envelope::seal(&self.0, &aad, &plaintext).or_throw(env)?)
    }

    /// Opens an envelope with the key it names; throws `TSEAL_DECRYPT_FAILED` on any change.
    #[napi]
    pub fn open<'env>(&self, env: &'env Env, aad: Bytes, envelope: Bytes) -> napi::Result<BufferSlice<'env>> {
        let plaintext = Zeroizing::new(envelope::open(&self.0, &aad, &envelope).or_throw(env)?);
        BufferSlice::copy_from(env, plaintext.as_slice())
    }
}
