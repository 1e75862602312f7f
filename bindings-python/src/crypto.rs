//! Authenticated encryption (`SealingKey`, `LessSafeKey`, `SealingKeyring` envelopes), key derivation (HKDF, `MasterKey`, Argon2id) and
//! Ed25519 signatures for Python. Long inputs and Argon2id run with the GIL released.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use tradeseal::envelope;
use zeroize::Zeroizing;

use crate::convert::{raise, run, Bytes, Int};
use crate::keyring::keyring_class;
use crate::mac::MacKey;

fn algorithm(id: Int<u8>) -> PyResult<tradeseal::aead::Algorithm> {
    tradeseal::aead::Algorithm::from_id(id.0).map_err(raise)
}

/// An AEAD key that picks its own nonces (a counter; it refuses to seal past the algorithm's safe limit
/// with ``KeyExhausted``). ``algorithm``: 1 = AES-256-GCM, 2 = ChaCha20-Poly1305, 3 = XChaCha20-Poly1305.
/// Sealed boxes are ``nonce || ciphertext || tag``. Thread-safe; the key never appears in ``repr``.
#[pyclass(frozen, name = "SealingKey", module = "tradeseal._native")]
pub struct SealingKey(pub(crate) tradeseal::aead::SealingKey);

#[pymethods]
impl SealingKey {
    /// A new random key for ``algorithm``.
    #[staticmethod]
    fn generate(algorithm_id: Int<u8>) -> PyResult<Self> {
        tradeseal::aead::SealingKey::generate(algorithm(algorithm_id)?)
            .map(SealingKey)
            .map_err(raise)
    }

    /// Imports a 32-byte key for ``algorithm`` (``InvalidLength`` otherwise).
    #[staticmethod]
    fn from_bytes(algorithm_id: Int<u8>, key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::aead::SealingKey::from_bytes(algorithm(algorithm_id)?, &key)
            .map(SealingKey)
            .map_err(raise)
    }

    /// The algorithm id.
    #[getter]
    fn algorithm(&self) -> u8 {
        self.0.algorithm().id()
    }

    /// Encrypts ``plaintext`` bound to ``aad``; returns ``nonce || ciphertext || tag``.
    fn seal<'py>(
        &self,
        py: Python<'py>,
        aad: Bytes<'_>,
        plaintext: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let sealed = run(py, plaintext.len(), || self.0.seal(&aad, &plaintext)).map_err(raise)?;
        Ok(PyBytes::new(py, &sealed))
    }

    /// Seals ``sealed_box`` in place, without copying the plaintext: a ``bytearray`` holding the plaintext
    /// after ``nonce_len`` bytes of room and before 16 bytes of room; afterwards it holds what ``seal``
    /// returns. ``BufferTooSmall`` below a nonce and a tag; ``KeyExhausted`` leaves the plaintext in place.
    fn seal_in_place(&self, aad: Bytes<'_>, sealed_box: &Bound<'_, PyByteArray>) -> PyResult<()> {
        // SAFETY: the GIL is held for the whole call and no Python code runs while the slice lives, so nothing
        // else can resize or touch the bytearray; `aad` is a separate buffer (a bytearray argument is copied).
        let sealed_box = unsafe { sealed_box.as_bytes_mut() };
        self.0.seal_in_place(&aad, sealed_box).map_err(raise)
    }

    /// The nonce length (12, or 24 for XChaCha20-Poly1305): where the plaintext starts in a sealed box.
    #[getter]
    fn nonce_len(&self) -> usize {
        self.0.algorithm().nonce_len()
    }

    /// Lowers the key's message budget so a test can reach ``KeyExhausted`` (never raises it). Tests only.
    fn set_limit_for_testing_only(&self, limit: Int<u64>) {
        self.0.set_limit_for_testing_only(limit.0);
    }

    /// Decrypts a sealed box; raises ``DecryptFailed`` (no detail) when it or ``aad`` was altered.
    fn open<'py>(&self, py: Python<'py>, aad: Bytes<'_>, sealed: Bytes<'_>) -> PyResult<Bound<'py, PyBytes>> {
        let plaintext = run(py, sealed.len(), || {
            self.0.open(&aad, &sealed).map(Zeroizing::new)
        })
        .map_err(raise)?;
        Ok(PyBytes::new(py, &plaintext))
    }

    fn __repr__(&self) -> String {
        format!("SealingKey({}, <secret>)", self.0.algorithm().name())
    }
}

/// An AEAD key used with nonces the CALLER chooses: reusing a nonce with one key breaks confidentiality and
/// integrity. For protocols that fix their nonces and for test vectors; prefer ``SealingKey``.
#[pyclass(frozen, name = "LessSafeKey", module = "tradeseal._native")]
pub struct LessSafeKey(tradeseal::aead::LessSafeKey);

#[pymethods]
impl LessSafeKey {
    /// Imports a 32-byte key for ``algorithm``.
    #[staticmethod]
    fn from_bytes(algorithm_id: Int<u8>, key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::aead::LessSafeKey::from_bytes(algorithm(algorithm_id)?, &key)
            .map(LessSafeKey)
            .map_err(raise)
    }

    /// The algorithm id.
    #[getter]
    fn algorithm(&self) -> u8 {
        self.0.algorithm().id()
    }

    /// Encrypts with the caller's ``nonce`` (12 bytes, 24 for XChaCha20); returns ``ciphertext || tag``.
    fn seal<'py>(
        &self,
        py: Python<'py>,
        nonce: Bytes<'_>,
        aad: Bytes<'_>,
        plaintext: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let sealed = run(py, plaintext.len(), || self.0.seal(&nonce, &aad, &plaintext)).map_err(raise)?;
        Ok(PyBytes::new(py, &sealed))
    }

    /// Decrypts ``ciphertext || tag``; raises ``DecryptFailed`` when anything was altered.
    fn open<'py>(
        &self,
        py: Python<'py>,
        nonce: Bytes<'_>,
        aad: Bytes<'_>,
        sealed: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let opened = run(py, sealed.len(), || {
            self.0.open(&nonce, &aad, &sealed).map(Zeroizing::new)
        });
        Ok(PyBytes::new(py, &opened.map_err(raise)?))
    }

    /// An envelope naming ``key_id``, sealed under the caller's ``nonce``: for known-answer vectors only, a
    /// repeated nonce breaks the key (``SealingKeyring.seal`` picks nonces itself).
    fn seal_envelope_with_nonce_less_safe<'py>(
        &self,
        py: Python<'py>,
        key_id: Int<u32>,
        nonce: Bytes<'_>,
        aad: Bytes<'_>,
        plaintext: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let envelope = run(py, plaintext.len(), || {
            envelope::seal_with_nonce_less_safe(key_id.0, &self.0, &nonce, &aad, &plaintext)
        });
        Ok(PyBytes::new(py, &envelope.map_err(raise)?))
    }

    fn __repr__(&self) -> String {
        format!("LessSafeKey({}, <secret>)", self.0.algorithm().name())
    }
}

keyring_class! {
    /// AEAD keys by ``key_id`` with at most one primary: ``seal`` makes a versioned envelope with the primary
    /// (naming its key id and algorithm, with a nonce the key picks), ``open`` uses the key the envelope names.
    /// Thread-safe; keys never appear in ``repr``.
    SealingKeyring(tradeseal::aead::SealingKey) as "SealingKeyring";

    /// Adds a 32-byte ``key`` for ``algorithm_id`` under ``key_id``; it opens at once and seals once promoted.
    /// Raises ``DuplicateKeyId`` if the id is taken.
    fn insert(&self, key_id: Int<u32>, algorithm_id: Int<u8>, key: Bytes<'_>) -> PyResult<()> {
        let key = tradeseal::aead::SealingKey::from_bytes(algorithm(algorithm_id)?, &key).map_err(raise)?;
        self.write().insert(key_id.0, key).map_err(raise)
    }

    /// Seals ``plaintext`` bound to ``aad`` (not sent) into an envelope with the primary key.
    fn seal<'py>(
        &self,
        py: Python<'py>,
        aad: Bytes<'_>,
        plaintext: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let envelope = run(py, plaintext.len(), || {
            envelope::seal(&self.read(), &aad, &plaintext)
        });
        Ok(PyBytes::new(py, &envelope.map_err(raise)?))
    }

    /// Opens an envelope with the key it names; raises ``DecryptFailed`` (no detail) on any change.
    fn open<'py>(
        &self,
        py: Python<'py>,
        aad: Bytes<'_>,
        envelope: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let plaintext = run(py, envelope.len(), || {
            envelope::open(&self.read(), &aad, &envelope).map(Zeroizing::new)
        });
        Ok(PyBytes::new(py, &plaintext.map_err(raise)?))
    }
}

/// HKDF-SHA256 extract: the 32-byte pseudorandom key of ``ikm`` under ``salt``.
#[pyfunction]
pub fn hkdf_extract<'py>(py: Python<'py>, salt: Bytes<'_>, ikm: Bytes<'_>) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &tradeseal::kdf::hkdf_extract(&salt, &ikm)[..])
}

/// HKDF-SHA256 expand: ``length`` bytes (at most 8160) from ``prk`` and ``info``.
#[pyfunction]
pub fn hkdf_expand<'py>(
    py: Python<'py>,
    prk: Bytes<'_>,
    info: Bytes<'_>,
    length: Int<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut okm = Zeroizing::new(vec![0u8; length.0.min(tradeseal::kdf::MAX_OKM_BYTES + 1)]);
    tradeseal::kdf::hkdf_expand(&prk, &info, &mut okm).map_err(raise)?;
    Ok(PyBytes::new(py, &okm))
}

/// Argon2id costs: each unset one takes the core's default (``OutOfRange`` outside the core's bounds).
fn password_params(
    memory_kib: Option<Int<u32>>,
    passes: Option<Int<u32>>,
    lanes: Option<Int<u32>>,
) -> PyResult<tradeseal::kdf::PasswordParams> {
    let default = tradeseal::kdf::PasswordParams::DEFAULT;
    tradeseal::kdf::PasswordParams::new(
        memory_kib.map_or(default.memory_kib(), |m| m.0),
        passes.map_or(default.passes(), |p| p.0),
        lanes.map_or(default.lanes(), |l| l.0),
    )
    .map_err(raise)
}

/// Argon2id (RFC 9106) of ``password`` under ``salt`` (at least 16 bytes): ``length`` (16 to 64) bytes.
///
/// Costs (default: the core's, 64 MiB, 3 passes, 4 lanes): ``memory_kib`` 19456 to 4 GiB, ``passes`` 2 to
/// 64, ``lanes`` 1 to 16 (``OutOfRange``). Slow by design; runs with the GIL released.
#[pyfunction]
#[pyo3(signature = (password, salt, memory_kib = None, passes = None, lanes = None, length = Int(32)))]
pub fn argon2id<'py>(
    py: Python<'py>,
    password: Bytes<'_>,
    salt: Bytes<'_>,
    memory_kib: Option<Int<u32>>,
    passes: Option<Int<u32>>,
    lanes: Option<Int<u32>>,
    length: Int<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let params = password_params(memory_kib, passes, lanes)?;
    let mut key = Zeroizing::new(vec![0u8; length.0.min(1024)]);
    py.detach(|| tradeseal::kdf::argon2id(&password, &salt, &params, &mut key))
        .map_err(raise)?;
    Ok(PyBytes::new(py, &key))
}

/// A master secret from which independent keys are derived by label and context (HKDF-SHA256).
#[pyclass(frozen, name = "MasterKey", module = "tradeseal._native")]
pub struct MasterKey(tradeseal::kdf::MasterKey);

#[pymethods]
impl MasterKey {
    /// A new random master key.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        tradeseal::kdf::MasterKey::generate()
            .map(MasterKey)
            .map_err(raise)
    }

    /// A master key from a password: ``argon2id`` (same costs and defaults) to 32 bytes, then as
    /// ``from_bytes``. Slow by design; runs with the GIL released.
    #[staticmethod]
    #[pyo3(signature = (password, salt, memory_kib = None, passes = None, lanes = None))]
    fn from_password(
        py: Python<'_>,
        password: Bytes<'_>,
        salt: Bytes<'_>,
        memory_kib: Option<Int<u32>>,
        passes: Option<Int<u32>>,
        lanes: Option<Int<u32>>,
    ) -> PyResult<Self> {
        let params = password_params(memory_kib, passes, lanes)?;
        py.detach(|| tradeseal::kdf::MasterKey::from_password(&password, &salt, &params))
            .map(MasterKey)
            .map_err(raise)
    }

    /// Imports a master key of at least 32 bytes (``KeyTooShort``).
    #[staticmethod]
    fn from_bytes(key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::kdf::MasterKey::from_bytes(&key)
            .map(MasterKey)
            .map_err(raise)
    }

    /// ``length`` bytes for ``label`` (non-empty text) and ``context``.
    fn derive<'py>(
        &self,
        py: Python<'py>,
        label: &str,
        context: Bytes<'_>,
        length: Int<usize>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut okm = Zeroizing::new(vec![0u8; length.0.min(tradeseal::kdf::MAX_OKM_BYTES + 1)]);
        self.0.derive_into(label, &context, &mut okm).map_err(raise)?;
        Ok(PyBytes::new(py, &okm))
    }

    /// The HMAC-SHA256 key for ``context`` (the core's MAC label).
    fn mac_key(&self, context: Bytes<'_>) -> PyResult<MacKey> {
        self.0.mac_key(&context).map(MacKey).map_err(raise)
    }

    /// The ``SealingKey`` for ``algorithm_id`` and ``context`` (a label per algorithm).
    fn sealing_key(&self, algorithm_id: Int<u8>, context: Bytes<'_>) -> PyResult<SealingKey> {
        self.0
            .sealing_key(algorithm(algorithm_id)?, &context)
            .map(SealingKey)
            .map_err(raise)
    }

    /// The Ed25519 ``SigningKey`` for ``context`` (the core's Ed25519 label).
    fn ed25519_key(&self, context: Bytes<'_>) -> PyResult<SigningKey> {
        self.0.ed25519_key(&context).map(SigningKey).map_err(raise)
    }

    fn __repr__(&self) -> &'static str {
        "MasterKey(<secret>)"
    }
}

/// An Ed25519 signing key (deterministic signatures); its seed never appears in ``repr``.
#[pyclass(frozen, name = "SigningKey", module = "tradeseal._native")]
pub struct SigningKey(pub(crate) tradeseal::ed25519::SigningKey);

#[pymethods]
impl SigningKey {
    /// A new random key.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        tradeseal::ed25519::SigningKey::generate()
            .map(SigningKey)
            .map_err(raise)
    }

    /// The key of a 32-byte seed (``InvalidLength`` otherwise).
    #[staticmethod]
    fn from_seed(seed: Bytes<'_>) -> PyResult<Self> {
        tradeseal::ed25519::SigningKey::from_seed(&seed)
            .map(SigningKey)
            .map_err(raise)
    }

    /// The 32-byte public key.
    #[getter]
    fn public_key<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.public_key())
    }

    /// The 32-byte seed, for storing the key: it is the secret, keep it like a password.
    fn seed<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.seed())
    }

    /// The 64-byte signature of ``message``.
    fn sign<'py>(&self, py: Python<'py>, message: Bytes<'_>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &run(py, message.len(), || self.0.sign(&message)))
    }

    fn __repr__(&self) -> &'static str {
        "SigningKey(<secret>)"
    }
}

/// An Ed25519 public key.
#[pyclass(frozen, name = "VerifyingKey", module = "tradeseal._native")]
pub struct VerifyingKey(tradeseal::ed25519::VerifyingKey);

#[pymethods]
impl VerifyingKey {
    /// A public key from its 32 bytes (``InvalidLength`` otherwise).
    #[staticmethod]
    fn from_bytes(public_key: Bytes<'_>) -> PyResult<Self> {
        tradeseal::ed25519::VerifyingKey::from_bytes(&public_key)
            .map(VerifyingKey)
            .map_err(raise)
    }

    /// The 32-byte public key.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.as_bytes())
    }

    /// Checks ``signature`` over ``message``; raises ``InvalidSignature`` for any mismatch.
    fn verify(&self, py: Python<'_>, message: Bytes<'_>, signature: Bytes<'_>) -> PyResult<()> {
        run(py, message.len(), || self.0.verify(&message, &signature)).map_err(raise)
    }

    fn __repr__(&self) -> String {
        format!("VerifyingKey({})", tradeseal::hex::encode(self.0.as_bytes()))
    }
}
