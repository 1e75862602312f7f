//! `MacKey` (HMAC-SHA256) and `Keyring` (keys by id, one primary) for Python.

use std::sync::RwLock;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{raise, run, Bytes, Int};
use crate::keyring::keyring_class;

/// An HMAC-SHA256 key, pre-keyed for fast signing. The key bytes cannot be read back and never appear
/// in `repr`. Immutable, so one key may be shared by any number of threads.
#[pyclass(frozen, name = "MacKey", module = "tradeseal._native")]
pub struct MacKey(pub(crate) tradeseal::MacKey);

#[pymethods]
impl MacKey {
    /// A new random 32-byte key from the operating system's random number generator.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        tradeseal::MacKey::generate().map(MacKey).map_err(raise)
    }

    /// Imports a key of at least 32 bytes (``KeyTooShort`` otherwise).
    #[staticmethod]
    fn from_bytes(key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::MacKey::from_bytes(&key).map(MacKey).map_err(raise)
    }

    /// Imports a key of any non-empty length, for existing shorter shared secrets. Prefer ``from_bytes``.
    #[staticmethod]
    fn from_short_bytes(key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::MacKey::from_short_bytes(&key)
            .map(MacKey)
            .map_err(raise)
    }

    /// Imports a key of at least 32 bytes written as hex (either case).
    #[staticmethod]
    fn from_hex(key: &str) -> PyResult<Self> {
        tradeseal::MacKey::from_hex(key).map(MacKey).map_err(raise)
    }

    /// The 32-byte HMAC-SHA256 tag of ``message`` (long messages are hashed with the GIL released).
    fn sign<'py>(&self, py: Python<'py>, message: Bytes<'_>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &run(py, message.len(), || self.0.sign(&message)))
    }

    /// Checks ``tag`` against ``message`` in constant time; raises ``InvalidSignature`` if it does not match.
    fn verify(&self, py: Python<'_>, message: Bytes<'_>, tag: Bytes<'_>) -> PyResult<()> {
        run(py, message.len(), || self.0.verify(&message, &tag)).map_err(raise)
    }

    fn __repr__(&self) -> &'static str {
        "MacKey(<secret>)"
    }
}

keyring_class! {
    /// HMAC keys by ``key_id`` (0..=4294967295) with at most one primary: the primary signs, every key verifies.
    ///
    /// Rotate without a flag day: ``insert`` the new key everywhere, ``promote`` it on the senders, then
    /// ``retire`` the old one. Thread-safe: signing and verifying share a read lock; changes take a write lock.
    Keyring(tradeseal::MacKey) as "Keyring";

    /// A keyring holding ``key`` (at least 32 bytes) under ``key_id`` as its primary.
    #[staticmethod]
    fn with_primary(key_id: Int<u32>, key: Bytes<'_>) -> PyResult<Self> {
        let key = tradeseal::MacKey::from_bytes(&key).map_err(raise)?;
        Ok(Keyring(RwLock::new(tradeseal::Keyring::with_primary(
            key_id.0, key,
        ))))
    }

    /// Adds ``key`` (at least 32 bytes) under ``key_id``; it verifies at once and signs once promoted.
    /// Raises ``DuplicateKeyId`` if the id is taken.
    fn insert(&self, key_id: Int<u32>, key: Bytes<'_>) -> PyResult<()> {
        let key = tradeseal::MacKey::from_bytes(&key).map_err(raise)?;
        self.write().insert(key_id.0, key).map_err(raise)
    }
}

impl MacKey {
    /// The core key.
    pub fn inner(&self) -> &tradeseal::MacKey {
        &self.0
    }
}
