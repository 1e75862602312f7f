//! Authenticated encryption: AES-256-GCM, ChaCha20-Poly1305 and XChaCha20-Poly1305.
//!
//! Nonces are the library's job. The default key type, [`SealingKey`], takes no nonce: it picks one per
//! message (a per-key random 96-bit start plus an atomic counter for AES-256-GCM and ChaCha20-Poly1305, a
//! random 192-bit nonce for XChaCha20-Poly1305), so one key can be shared by many threads without nonce
//! reuse. It is not `Clone`: a clone would duplicate the nonce state. An AES-256-GCM key refuses to seal
//! past its safe limit ([`AES_256_GCM_LIMIT`]) with [`Error::KeyExhausted`]: rotate the key (see
//! [`crate::envelope`] and [`crate::Keyring`]).
//!
//! A sealed box is `nonce || ciphertext || tag` (docs/WIRE.md, "AEAD sealed box"). For messages on the wire
//! prefer [`crate::envelope`], which adds a version, the algorithm and the key id.
//!
//! The explicit-nonce API is [`LessSafeKey`]: it exists for known-answer tests and for protocols that
//! manage their own nonces, and it is named for its risk (a repeated nonce breaks confidentiality and,
//! for GCM, authenticity).
//!
//! ```
//! use tradeseal::aead::{Algorithm, SealingKey};
//! use tradeseal::Error;
//!
//! let key = SealingKey::generate(Algorithm::Aes256Gcm)?;
//! let mut sealed = [0u8; 64];
//! let n = key.seal_into(b"channel 7", b"BUY 1.00 EURUSD", &mut sealed)?;
//! let mut plain = [0u8; 64];
//! let m = key.open_into(b"channel 7", &sealed[..n], &mut plain)?;
//! assert_eq!(&plain[..m], b"BUY 1.00 EURUSD");
//! assert_eq!(key.open(b"channel 8", &sealed[..n]), Err(Error::DecryptFailed));
//! # Ok::<(), Error>(())
//! ```

mod cipher;
mod nonce;

use zeroize::Zeroizing;

pub(crate) use cipher::{wipe_on_error, Cipher};
pub(crate) use nonce::Nonces;
pub use nonce::AES_256_GCM_LIMIT;

use crate::error::{Error, Result};

/// Length in bytes of every AEAD key.
pub const KEY_BYTES: usize = 32;
/// Length in bytes of every AEAD tag.
pub const TAG_BYTES: usize = 16;
/// Length of the longest nonce (XChaCha20-Poly1305).
pub const MAX_NONCE_BYTES: usize = 24;

/// An AEAD algorithm. The numeric [`Algorithm::id`] is the algorithm byte of envelopes (docs/WIRE.md).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Algorithm {
    /// AES-256-GCM (96-bit nonce), via ring.
    Aes256Gcm = 1,
    /// ChaCha20-Poly1305 from RFC 8439 (96-bit nonce), via ring.
    ChaCha20Poly1305 = 2,
    /// XChaCha20-Poly1305 (192-bit nonce), via RustCrypto `chacha20poly1305`.
    XChaCha20Poly1305 = 3,
}

impl Algorithm {
    /// Every algorithm, in id order.
    pub const ALL: &'static [Algorithm] = &[
        Algorithm::Aes256Gcm,
        Algorithm::ChaCha20Poly1305,
        Algorithm::XChaCha20Poly1305,
    ];

    /// The stable id (envelope algorithm byte).
    pub const fn id(self) -> u8 {
        self as u8
    }

    /// The algorithm with this id, or [`Error::UnsupportedAlgorithm`].
    pub fn from_id(id: u8) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.id() == id)
            .ok_or(Error::UnsupportedAlgorithm)
    }

    /// The usual name, e.g. `"AES-256-GCM"`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Aes256Gcm => "AES-256-GCM",
            Algorithm::ChaCha20Poly1305 => "CHACHA20-POLY1305",
            Algorithm::XChaCha20Poly1305 => "XCHACHA20-POLY1305",
        }
    }

    /// Nonce length in bytes: 12, or 24 for XChaCha20-Poly1305.
    pub const fn nonce_len(self) -> usize {
        match self {
            Algorithm::Aes256Gcm | Algorithm::ChaCha20Poly1305 => 12,
            Algorithm::XChaCha20Poly1305 => 24,
        }
    }
}

/// An AEAD key that chooses its own nonces; seals and opens sealed boxes (`nonce || ciphertext || tag`).
///
/// Not `Clone`: cloning would duplicate the nonce state. Share it by reference (it is `Sync`). Key bytes
/// are never kept by this type and never appear in `Debug`.
#[derive(Debug)]
pub struct SealingKey {
    algorithm: Algorithm,
    cipher: Cipher,
    nonces: Nonces,
}

impl SealingKey {
    /// A new random key from the operating system's random number generator.
    pub fn generate(algorithm: Algorithm) -> Result<Self> {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        crate::rand::fill(&mut key[..])?;
        Self::from_bytes(algorithm, &key[..])
    }

    /// Imports a [`KEY_BYTES`]-byte key; other lengths fail with [`Error::InvalidLength`].
    ///
    /// Every `SealingKey` made from the same bytes draws its own random nonce start, so several processes
    /// may hold the same key (docs/SECURITY.md gives the collision bound).
    pub fn from_bytes(algorithm: Algorithm, key: &[u8]) -> Result<Self> {
        Ok(SealingKey {
            algorithm,
            cipher: Cipher::new(algorithm, key)?,
            nonces: Nonces::new(algorithm)?,
        })
    }

    /// The algorithm of this key.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Length of the sealed box for a plaintext of `plaintext_len` bytes.
    pub fn sealed_len(&self, plaintext_len: usize) -> usize {
        self.algorithm
            .nonce_len()
            .saturating_add(plaintext_len)
            .saturating_add(TAG_BYTES)
    }

    /// Seals `plaintext` into `out` as `nonce || ciphertext || tag`, binding `aad`; returns the bytes
    /// written. Allocates nothing.
    ///
    /// Fails with [`Error::BufferTooSmall`] if `out` is shorter than [`SealingKey::sealed_len`] (no nonce is
    /// used up then) and with [`Error::KeyExhausted`] once the key's budget is spent. To save copying the
    /// plaintext, use [`SealingKey::seal_in_place`].
    pub fn seal_into(&self, aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> Result<usize> {
        let sealed = out
            .get_mut(..self.sealed_len(plaintext.len()))
            .ok_or(Error::BufferTooSmall)?;
        let (nonce, body, tag) = self.split_box(sealed)?;
        self.nonces.next_into(body.len(), nonce)?;
        wipe_on_error(body, |body| {
            body.copy_from_slice(plaintext);
            self.cipher.seal_in_place(nonce, aad, body, tag)
        })?;
        Ok(sealed.len())
    }

    /// Seals in place: `sealed_box` is a whole sealed box, [`SealingKey::sealed_len`] of the plaintext long,
    /// whose middle (from [`Algorithm::nonce_len`] up to the last [`TAG_BYTES`]) holds the plaintext. On
    /// success it holds `nonce || ciphertext || tag`, exactly as [`SealingKey::seal_into`] writes it, and the
    /// plaintext was never copied. Allocates nothing.
    ///
    /// ```
    /// use tradeseal::aead::{Algorithm, SealingKey, TAG_BYTES};
    ///
    /// let key = SealingKey::generate(Algorithm::Aes256Gcm)?;
    /// let message = b"BUY 1.00 EURUSD";
    /// let mut sealed_box = vec![0u8; key.sealed_len(message.len())];
    /// let start = key.algorithm().nonce_len();
    /// sealed_box[start..start + message.len()].copy_from_slice(message);
    /// key.seal_in_place(b"channel 7", &mut sealed_box)?;
    /// assert_eq!(key.open(b"channel 7", &sealed_box)?, message);
    /// # Ok::<(), tradeseal::Error>(())
    /// ```
    ///
    /// Fails with [`Error::BufferTooSmall`] when `sealed_box` is shorter than a nonce and a tag, and with
    /// [`Error::KeyExhausted`] once the key's budget is spent; the plaintext is then left as it was, ready
    /// to be sealed with another key.
    pub fn seal_in_place(&self, aad: &[u8], sealed_box: &mut [u8]) -> Result<()> {
        let (nonce, body, tag) = self.split_box(sealed_box)?;
        self.nonces.next_into(body.len(), nonce)?;
        self.cipher.seal_in_place(nonce, aad, body, tag)
    }

    /// [`SealingKey::seal_into`] into a new `Vec`.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.sealed_len(plaintext.len())];
        let n = self.seal_into(aad, plaintext, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Opens a sealed box into `out`; returns the plaintext length. Allocates nothing.
    ///
    /// On failure `out` is wiped. A box shorter than nonce plus tag is [`Error::Truncated`]; a wrong key,
    /// `aad` or any changed byte is [`Error::DecryptFailed`]; a short `out` is [`Error::BufferTooSmall`].
    pub fn open_into(&self, aad: &[u8], sealed: &[u8], out: &mut [u8]) -> Result<usize> {
        wipe_on_error(out, |out| {
            if sealed.len() < self.sealed_len(0) {
                return Err(Error::Truncated);
            }
            let (nonce, body) = sealed.split_at(self.algorithm.nonce_len());
            self.cipher.open(nonce, aad, body, out)
        })
    }

    /// [`SealingKey::open_into`] into a new `Vec`.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; sealed.len().saturating_sub(self.sealed_len(0))];
        let n = self.open_into(aad, sealed, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Lowers this key's message budget to `limit` (in the units of [`AES_256_GCM_LIMIT`]; one per message
    /// for the ChaCha algorithms) so a test can reach [`Error::KeyExhausted`]. Never raises it, so it needs
    /// no `&mut`: the bindings expose it on shared keys.
    pub fn set_limit_for_testing_only(&self, limit: u64) {
        self.nonces.lower_limit(limit);
    }

    /// `sealed_box` split into nonce, body and tag, or [`Error::BufferTooSmall`] when it is shorter than a
    /// nonce and a tag.
    fn split_box<'a>(
        &self,
        sealed_box: &'a mut [u8],
    ) -> Result<(&'a mut [u8], &'a mut [u8], &'a mut [u8; TAG_BYTES])> {
        let (rest, tag) = sealed_box
            .split_last_chunk_mut::<TAG_BYTES>()
            .ok_or(Error::BufferTooSmall)?;
        let (nonce, body) = rest
            .split_at_mut_checked(self.algorithm.nonce_len())
            .ok_or(Error::BufferTooSmall)?;
        Ok((nonce, body, tag))
    }

    /// Writes the nonce for sealing `plaintext_len` bytes into `out` ([`Algorithm::nonce_len`] bytes).
    pub(crate) fn next_nonce_into(&self, plaintext_len: usize, out: &mut [u8]) -> Result<()> {
        self.nonces.next_into(plaintext_len, out)
    }

    pub(crate) fn cipher(&self) -> &Cipher {
        &self.cipher
    }
}

/// An AEAD key used with caller-chosen nonces. **Every nonce must be unique per key**: a repeated nonce
/// reveals the XOR of two plaintexts and, for AES-256-GCM, lets an attacker forge messages.
///
/// Use [`SealingKey`] unless you are checking known answers or a protocol fixes the nonces.
/// Output is `ciphertext || tag` (the nonce is not included). No message limit is enforced.
#[derive(Debug)]
pub struct LessSafeKey {
    algorithm: Algorithm,
    cipher: Cipher,
}

impl LessSafeKey {
    /// Imports a [`KEY_BYTES`]-byte key; other lengths fail with [`Error::InvalidLength`].
    pub fn from_bytes(algorithm: Algorithm, key: &[u8]) -> Result<Self> {
        Ok(LessSafeKey {
            algorithm,
            cipher: Cipher::new(algorithm, key)?,
        })
    }

    /// The algorithm of this key.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Seals `plaintext` under `nonce` into `out` as `ciphertext || tag`; returns the bytes written.
    ///
    /// A nonce of any length but [`Algorithm::nonce_len`] fails with [`Error::InvalidLength`]; a short `out`
    /// with [`Error::BufferTooSmall`].
    pub fn seal_into(&self, nonce: &[u8], aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> Result<usize> {
        self.cipher.seal(nonce, aad, plaintext, out)
    }

    /// [`LessSafeKey::seal_into`] into a new `Vec`.
    pub fn seal(&self, nonce: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; plaintext.len().saturating_add(TAG_BYTES)];
        let n = self.seal_into(nonce, aad, plaintext, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Opens `ciphertext || tag` under `nonce` into `out`; returns the plaintext length. On failure `out`
    /// is wiped. Errors as for [`SealingKey::open_into`], plus [`Error::InvalidLength`] for a bad nonce.
    pub fn open_into(&self, nonce: &[u8], aad: &[u8], sealed: &[u8], out: &mut [u8]) -> Result<usize> {
        self.cipher.open(nonce, aad, sealed, out)
    }

    /// [`LessSafeKey::open_into`] into a new `Vec`.
    pub fn open(&self, nonce: &[u8], aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; sealed.len().saturating_sub(TAG_BYTES)];
        let n = self.open_into(nonce, aad, sealed, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    pub(crate) fn cipher(&self) -> &Cipher {
        &self.cipher
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_round_trips_and_rejects_changes() {
        for &algorithm in Algorithm::ALL {
            let key = SealingKey::generate(algorithm).unwrap();
            let sealed = key.seal(b"ad", b"hello").unwrap();
            assert_eq!(sealed.len(), key.sealed_len(5));
            assert_eq!(key.open(b"ad", &sealed).unwrap(), b"hello");
            for i in 0..sealed.len() {
                let mut bad = sealed.clone();
                bad[i] ^= 0x01;
                assert_eq!(
                    key.open(b"ad", &bad),
                    Err(Error::DecryptFailed),
                    "{algorithm:?} byte {i}"
                );
            }
            assert_eq!(
                key.open(b"ad", &sealed[..key.sealed_len(0) - 1]),
                Err(Error::Truncated)
            );
            let other = SealingKey::generate(algorithm).unwrap();
            assert_eq!(other.open(b"ad", &sealed), Err(Error::DecryptFailed));
        }
    }

    #[test]
    fn two_seals_use_two_nonces() {
        for &algorithm in Algorithm::ALL {
            let key = SealingKey::generate(algorithm).unwrap();
            let (a, b) = (key.seal(b"", b"same").unwrap(), key.seal(b"", b"same").unwrap());
            assert_ne!(a[..algorithm.nonce_len()], b[..algorithm.nonce_len()]);
        }
    }

    #[test]
    fn failed_open_wipes_the_output() {
        let key = SealingKey::generate(Algorithm::ChaCha20Poly1305).unwrap();
        let mut sealed = key.seal(b"", b"secret plaintext").unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 0x80;
        let mut out = [0xaa; 32];
        assert_eq!(key.open_into(b"", &sealed, &mut out), Err(Error::DecryptFailed));
        assert_eq!(out, [0u8; 32]);
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!(
            SealingKey::from_bytes(Algorithm::Aes256Gcm, &[0; 31]).unwrap_err(),
            Error::InvalidLength
        );
        assert_eq!(Algorithm::from_id(0), Err(Error::UnsupportedAlgorithm));
        assert_eq!(Algorithm::from_id(4), Err(Error::UnsupportedAlgorithm));
        let key = SealingKey::generate(Algorithm::XChaCha20Poly1305).unwrap();
        let mut small = [0u8; 39];
        assert_eq!(key.seal_into(b"", b"x", &mut small), Err(Error::BufferTooSmall));
        let sealed = key.seal(b"", b"xy").unwrap();
        assert_eq!(
            key.open_into(b"", &sealed, &mut [0u8; 1]),
            Err(Error::BufferTooSmall)
        );
        let less = LessSafeKey::from_bytes(Algorithm::Aes256Gcm, &[1; 32]).unwrap();
        assert_eq!(less.seal(&[0; 16], b"", b"x"), Err(Error::InvalidLength));
        assert_eq!(less.open(&[0; 8], b"", &[0; 17]), Err(Error::InvalidLength));
        assert_eq!(less.open(&[0; 12], b"", &[0; 15]), Err(Error::Truncated));
    }

    #[test]
    fn gcm_refuses_to_seal_past_its_limit() {
        let key = SealingKey::generate(Algorithm::Aes256Gcm).unwrap();
        key.set_limit_for_testing_only(1 + 2 + 1 + 1);
        key.seal(b"", &[0; 32]).unwrap(); // costs 3
        key.seal(b"", b"").unwrap(); // costs 1
        assert_eq!(key.seal(b"", &[0; 16]), Err(Error::KeyExhausted)); // would cost 2
        let sealed = key.seal(b"", b"").unwrap(); // the last unit
        assert_eq!(key.seal(b"", b""), Err(Error::KeyExhausted));
        assert_eq!(
            key.open(b"", &sealed).unwrap(),
            b"",
            "an exhausted key still opens"
        );
    }

    #[test]
    fn seal_in_place_matches_seal_into_and_keeps_the_plaintext_on_failure() {
        for &algorithm in Algorithm::ALL {
            let key = SealingKey::generate(algorithm).unwrap();
            let start = algorithm.nonce_len();
            let mut sealed_box = vec![0xee; key.sealed_len(5)];
            sealed_box[start..start + 5].copy_from_slice(b"hello");
            key.seal_in_place(b"ad", &mut sealed_box).unwrap();
            assert_eq!(key.open(b"ad", &sealed_box).unwrap(), b"hello", "{algorithm:?}");
            let empty = &mut [0u8; 40][..key.sealed_len(0)];
            key.seal_in_place(b"", empty).unwrap();
            assert_eq!(key.open(b"", empty).unwrap(), b"");
            let short = &mut [0u8; 40][..key.sealed_len(0) - 1];
            assert_eq!(key.seal_in_place(b"", short), Err(Error::BufferTooSmall));
        }
        let key = SealingKey::generate(Algorithm::Aes256Gcm).unwrap();
        key.set_limit_for_testing_only(0);
        let mut sealed_box = [0u8; 12 + 5 + 16];
        sealed_box[12..17].copy_from_slice(b"hello");
        assert_eq!(key.seal_in_place(b"", &mut sealed_box), Err(Error::KeyExhausted));
        assert_eq!(
            &sealed_box[12..17],
            b"hello",
            "an exhausted key leaves the plaintext for the next key"
        );
    }

    #[test]
    fn debug_hides_the_key() {
        let key = SealingKey::from_bytes(Algorithm::ChaCha20Poly1305, &[0x41; 32]).unwrap();
        let text = format!("{key:?}");
        assert!(!text.contains("41, 65") && !text.contains("AAAA"), "{text}");
    }
}
