//! Ed25519 signatures: `Ed25519SigningKey` and `Ed25519VerifyingKey`.

use napi::bindgen_prelude::BufferSlice;
use napi::Env;
use napi_derive::napi;
use tradeseal::ed25519::{SigningKey, VerifyingKey};

use crate::convert::{Bytes, OrThrow};

/// An Ed25519 signing key. Its seed never leaves the native side.
#[napi]
pub struct Ed25519SigningKey(pub(crate) SigningKey);

#[napi]
impl Ed25519SigningKey {
    /// A new random key.
    #[napi(factory)]
    pub fn generate(env: &Env) -> napi::Result<Self> {
        SigningKey::generate().map(Ed25519SigningKey).or_throw(env)
    }

    /// The key for a 32-byte seed.
    #[napi(factory)]
    pub fn from_seed(env: &Env, seed: Bytes) -> napi::Result<Self> {
        SigningKey::from_seed(&seed).map(Ed25519SigningKey).or_throw(env)
    }

    /// The 32-byte public key.
    #[napi(getter)]
    pub fn public_key<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.public_key())
    }

    /// The 32-byte seed (the private key), for storing it safely; `fromSeed` restores the key.
    #[napi]
    pub fn seed<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.seed())
    }

    /// The 64-byte signature of `message`.
    #[napi]
    pub fn sign<'env>(&self, env: &'env Env, message: Bytes) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.sign(&message))
    }
}

/// An Ed25519 public key.
#[napi]
pub struct Ed25519VerifyingKey(VerifyingKey);

#[napi]
impl Ed25519VerifyingKey {
    /// Imports a 32-byte public key.
    #[napi(factory)]
    pub fn from_bytes(env: &Env, public_key: Bytes) -> napi::Result<Self> {
        VerifyingKey::from_bytes(&public_key)
            .map(Ed25519VerifyingKey)
            .or_throw(env)
    }

    /// The 32 public-key bytes.
    #[napi(getter)]
    pub fn bytes<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.as_bytes())
    }

    /// Returns if `signature` is a valid signature of `message`; throws `TSEAL_INVALID_SIGNATURE` otherwise.
    #[napi]
    pub fn verify(&self, env: &Env, message: Bytes, signature: Bytes) -> napi::Result<()> {
        self.0.verify(&message, &signature).or_throw(env)
    }
}
