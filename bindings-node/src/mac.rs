//! `MacKey` and `MacKeyring`: HMAC-SHA256 keys and key rotation (core `mac` and `keyring`).

use std::rc::Rc;

use napi::Env;
use napi_derive::napi;
use tradeseal::Error;

use crate::convert::{Bytes, KeyId, OrThrow, Text};
use crate::direct::{Call, HotClass, Method};
use crate::keyring::keyring_class;

/// The length of an HMAC-SHA256 tag in bytes (32).
#[napi]
pub const MAC_TAG_BYTES: u32 = tradeseal::MAC_TAG_BYTES as u32;

/// An HMAC-SHA256 key. Its bytes never leave the native side (nothing prints them).
#[napi]
pub struct MacKey(pub(crate) Rc<tradeseal::MacKey>);

impl From<tradeseal::MacKey> for MacKey {
    fn from(key: tradeseal::MacKey) -> Self {
        MacKey(Rc::new(key))
    }
}

#[napi]
impl MacKey {
    /// A new random 32-byte key.
    #[napi(factory)]
    pub fn generate(env: &Env) -> napi::Result<Self> {
        tradeseal::MacKey::generate().map(MacKey::from).or_throw(env)
    }

    /// Imports a key of at least 32 bytes (shorter: RangeError `TSEAL_KEY_TOO_SHORT`).
    #[napi(factory)]
    pub fn from_bytes(env: &Env, key: Bytes) -> napi::Result<Self> {
        tradeseal::MacKey::from_bytes(&key)
            .map(MacKey::from)
            .or_throw(env)
    }

    /// Imports a non-empty key of any length, for existing shorter shared secrets.
    #[napi(factory)]
    pub fn from_short_bytes(env: &Env, key: Bytes) -> napi::Result<Self> {
        tradeseal::MacKey::from_short_bytes(&key)
            .map(MacKey::from)
            .or_throw(env)
    }

    /// Imports a key of at least 32 bytes written as hex.
    #[napi(factory)]
    pub fn from_hex(env: &Env, hex: Text) -> napi::Result<Self> {
        tradeseal::MacKey::from_hex(&hex).map(MacKey::from).or_throw(env)
    }
}

// SAFETY: every `MacKey` method takes `&self`.
unsafe impl HotClass for MacKey {
    type State = tradeseal::MacKey;
    type Output = ();
    const NAME: &'static str = "MacKey";
    const METHODS: &'static [Method<tradeseal::MacKey, ()>] = &[
        Method {
            name: c"signInto",
            body: sign_into,
        },
        Method {
            name: c"verify",
            body: verify,
        },
    ];

    fn state(&self) -> &Rc<tradeseal::MacKey> {
        &self.0
    }
}

/// `macKey.signInto(message, out)`: writes the 32-byte tag of `message` into the start of `out`
/// (allocation-free; a shorter `out`: RangeError `TSEAL_BUFFER_TOO_SMALL`). `macKey.sign` (tradeseal.js)
/// is this into a pooled `Buffer`.
fn sign_into(key: &tradeseal::MacKey, call: &Call) -> napi::Result<()> {
    // SAFETY (both): the call writes JS memory only through `out`, which `output` checks.
    let message = unsafe { call.bytes(0) }?;
    let out = unsafe { call.output(1, &[message]) }?;
    let tag = out
        .get_mut(..tradeseal::MAC_TAG_BYTES)
        .ok_or(Error::BufferTooSmall);
    tag.map(|tag| tag.copy_from_slice(&key.sign(message)))
        .or_throw(&call.env())
}

/// `macKey.verify(message, tag)`: returns if `tag` is the tag of `message`; throws
/// `TSEAL_INVALID_SIGNATURE` otherwise.
fn verify(key: &tradeseal::MacKey, call: &Call) -> napi::Result<()> {
    // SAFETY: the call writes no JS memory.
    let (message, tag) = unsafe { (call.bytes(0)?, call.bytes(1)?) };
    key.verify(message, tag).or_throw(&call.env())
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
