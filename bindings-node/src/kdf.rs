//! Key derivation: HKDF-SHA256, `MasterKey` (derives MAC, AEAD and Ed25519 keys by label and context) and
//! Argon2id for passwords, with Promise-returning `*Async` variants that run on the libuv thread pool.

use napi::bindgen_prelude::{AsyncTask, Buffer, BufferSlice};
use napi::{Env, Task};
use napi_derive::napi;
use tradeseal::kdf::{self, PasswordParams};
use zeroize::Zeroizing;

use crate::aead::{algorithm, SealingKey};
use crate::convert::{object_arg, Bytes, OrThrow, Text, U16, U32, U8};
use crate::ed25519::Ed25519SigningKey;
use crate::mac::MacKey;

/// Argon2id cost. Omitted: the core's default (64 MiB, 3 passes, 4 lanes).
#[napi(object, object_to_js = false, js_name = "PasswordParamsInit")]
pub struct PasswordParamsInitFields {
    /// Memory in KiB (19456 to 4194304).
    pub memory_kib: U32,
    /// Passes over memory (2 to 64).
    pub passes: U32,
    /// Parallel lanes (1 to 16).
    pub lanes: U32,
}

object_arg!(PasswordParamsInit(PasswordParamsInitFields));

/// What an Argon2id call needs, owned, so it can run on another thread.
struct PasswordJob {
    password: Zeroizing<Vec<u8>>,
    salt: Vec<u8>,
    params: Option<(u32, u32, u32)>,
}

impl PasswordJob {
    fn new(password: &[u8], salt: &[u8], params: Option<PasswordParamsInit>) -> Self {
        PasswordJob {
            password: Zeroizing::new(password.to_vec()),
            salt: salt.to_vec(),
            params: params.map(|p| (p.memory_kib.0, p.passes.0, p.lanes.0)),
        }
    }

    fn params(&self) -> tradeseal::Result<PasswordParams> {
        self.params
            .map_or(Ok(PasswordParams::default()), |(memory, passes, lanes)| {
                PasswordParams::new(memory, passes, lanes)
            })
    }

    fn argon2id(&self, length: usize) -> tradeseal::Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(vec![0u8; length]);
        kdf::argon2id(&self.password, &self.salt, &self.params()?, &mut out)?;
        Ok(out)
    }

    fn master_key(&self) -> tradeseal::Result<kdf::MasterKey> {
        kdf::MasterKey::from_password(&self.password, &self.salt, &self.params()?)
    }
}

/// HKDF-Extract (RFC 5869, HMAC-SHA256): the 32-byte pseudorandom key of `ikm` under `salt`.
#[napi]
pub fn hkdf_extract<'env>(env: &'env Env, salt: Bytes, ikm: Bytes) -> napi::Result<BufferSlice<'env>> {
    BufferSlice::copy_from(env, &kdf::hkdf_extract(&salt, &ikm)[..])
}

/// HKDF-Expand (RFC 5869, HMAC-SHA256): `length` bytes (at most 8160) of output keying material.
#[napi]
pub fn hkdf_expand<'env>(
    env: &'env Env,
    prk: Bytes,
    info: Bytes,
    length: U16,
) -> napi::Result<BufferSlice<'env>> {
    let mut out = Zeroizing::new(vec![0u8; usize::from(length.0)]);
    kdf::hkdf_expand(&prk, &info, &mut out).or_throw(env)?;
    BufferSlice::copy_from(env, &out[..])
}

/// Argon2id (RFC 9106) of `password` under `salt` (at least 16 bytes): `length` bytes (16 to 64). Slow by
/// design: prefer `argon2idAsync` on a server.
#[napi(js_name = "argon2id")]
pub fn argon2id<'env>(
    env: &'env Env,
    password: Bytes,
    salt: Bytes,
    params: Option<PasswordParamsInit>,
    length: U8,
) -> napi::Result<BufferSlice<'env>> {
    let out = PasswordJob::new(&password, &salt, params)
        .argon2id(length.0.into())
        .or_throw(env)?;
    BufferSlice::copy_from(env, &out[..])
}

/// `argon2id` on the libuv thread pool.
#[napi(js_name = "argon2idAsync", ts_return_type = "Promise<Buffer>")]
pub fn argon2id_async(
    password: Bytes,
    salt: Bytes,
    params: Option<PasswordParamsInit>,
    length: U8,
) -> AsyncTask<Argon2idTask> {
    AsyncTask::new(Argon2idTask {
        job: PasswordJob::new(&password, &salt, params),
        length: length.0.into(),
    })
}

/// The work of `argon2idAsync`.
pub struct Argon2idTask {
    job: PasswordJob,
    length: usize,
}

#[napi]
impl Task for Argon2idTask {
    type Output = tradeseal::Result<Zeroizing<Vec<u8>>>;
    type JsValue = Buffer;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.job.argon2id(self.length))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Buffer> {
        Ok(output.or_throw(&env)?.to_vec().into())
    }
}

/// A master secret that derives independent keys by label and context (HKDF-SHA256). Never printed.
#[napi]
pub struct MasterKey(kdf::MasterKey);

#[napi]
impl MasterKey {
    /// A new random master key.
    #[napi(factory)]
    pub fn generate(env: &Env) -> napi::Result<Self> {
        kdf::MasterKey::generate().map(MasterKey).or_throw(env)
    }

    /// Imports a master secret of at least 32 bytes.
    #[napi(factory)]
    pub fn from_bytes(env: &Env, key: Bytes) -> napi::Result<Self> {
        kdf::MasterKey::from_bytes(&key).map(MasterKey).or_throw(env)
    }

    /// The master key of a password (Argon2id). Slow by design: prefer `fromPasswordAsync` on a server.
    #[napi(factory)]
    pub fn from_password(
        env: &Env,
        password: Bytes,
        salt: Bytes,
        params: Option<PasswordParamsInit>,
    ) -> napi::Result<Self> {
        PasswordJob::new(&password, &salt, params)
            .master_key()
            .map(MasterKey)
            .or_throw(env)
    }

    /// `fromPassword` on the libuv thread pool.
    #[napi(ts_return_type = "Promise<MasterKey>")]
    pub fn from_password_async(
        password: Bytes,
        salt: Bytes,
        params: Option<PasswordParamsInit>,
    ) -> AsyncTask<MasterKeyFromPasswordTask> {
        AsyncTask::new(MasterKeyFromPasswordTask(PasswordJob::new(
            &password, &salt, params,
        )))
    }

    /// `length` bytes (at most 8160) derived for `label` (1 to 255 bytes) and `context`.
    #[napi]
    pub fn derive<'env>(
        &self,
        env: &'env Env,
        label: Text,
        context: Bytes,
        length: U16,
    ) -> napi::Result<BufferSlice<'env>> {
        let mut out = Zeroizing::new(vec![0u8; usize::from(length.0)]);
        self.0.derive_into(&label, &context, &mut out).or_throw(env)?;
        BufferSlice::copy_from(env, &out[..])
    }

    /// The MAC key for `context`.
    #[napi]
    pub fn mac_key(&self, env: &Env, context: Bytes) -> napi::Result<MacKey> {
        self.0.mac_key(&context).map(MacKey::from).or_throw(env)
    }

    /// The AEAD key of the algorithm id for `context`.
    #[napi]
    pub fn sealing_key(&self, env: &Env, algorithm: U8, context: Bytes) -> napi::Result<SealingKey> {
        let algorithm = self::algorithm(env, algorithm)?;
        self.0
            .sealing_key(algorithm, &context)
            .map(SealingKey)
            .or_throw(env)
    }

    /// The Ed25519 signing key for `context`.
    #[napi]
    pub fn ed25519_key(&self, env: &Env, context: Bytes) -> napi::Result<Ed25519SigningKey> {
        self.0.ed25519_key(&context).map(Ed25519SigningKey).or_throw(env)
    }
}

/// The work of `MasterKey.fromPasswordAsync`.
pub struct MasterKeyFromPasswordTask(PasswordJob);

#[napi]
impl Task for MasterKeyFromPasswordTask {
    type Output = tradeseal::Result<kdf::MasterKey>;
    type JsValue = MasterKey;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.0.master_key())
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<MasterKey> {
        output.map(MasterKey).or_throw(&env)
    }
}
