//! The transport cipher: one direction's key and the Noise `ENCRYPT`/`DECRYPT`/`REKEY` functions on ring.
//!
//! snow runs the handshake; the transport keys it splits off are driven here so that this module owns the
//! nonces (for deterministic rekey, explicit-nonce datagrams and persistence), which snow's transport types
//! keep private. The nonce encodings are the Noise spec's: 32 zero bits then the 64-bit counter, little-endian
//! for ChaChaPoly and big-endian for AESGCM.

use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_256_GCM, CHACHA20_POLY1305};
use zeroize::{Zeroize, Zeroizing};

use super::{NoiseCipher, NOISE_KEY_BYTES, NOISE_TAG_BYTES};
use crate::error::{Error, Result};

/// The nonce Noise reserves for `REKEY`; never used for a message.
const REKEY_NONCE: u64 = u64::MAX;

/// One direction's transport key. Not `Clone`: a copy would share the nonce space.
pub(crate) struct CipherKey {
    cipher: NoiseCipher,
    key: LessSafeKey,
    bytes: Zeroizing<[u8; NOISE_KEY_BYTES]>,
}

impl CipherKey {
    /// A key for `cipher` from its raw bytes (a split output or a persisted key).
    pub(crate) fn new(cipher: NoiseCipher, bytes: &[u8; NOISE_KEY_BYTES]) -> Result<Self> {
        let algorithm = match cipher {
            NoiseCipher::ChaChaPoly => &CHACHA20_POLY1305,
            NoiseCipher::AesGcm => &AES_256_GCM,
        };
        let unbound = UnboundKey::new(algorithm, bytes).map_err(|_| Error::Internal)?;
        Ok(CipherKey {
            cipher,
            key: LessSafeKey::new(unbound),
            bytes: Zeroizing::new(*bytes),
        })
    }

    /// The raw key, for persistence only.
    pub(crate) fn bytes(&self) -> &[u8; NOISE_KEY_BYTES] {
        &self.bytes
    }

    fn nonce(&self, n: u64) -> Nonce {
        let mut nonce = [0u8; 12];
        nonce[4..].copy_from_slice(&match self.cipher {
            NoiseCipher::ChaChaPoly => n.to_le_bytes(),
            NoiseCipher::AesGcm => n.to_be_bytes(),
        });
        Nonce::assume_unique_for_key(nonce)
    }

    /// Noise `ENCRYPT(k, n, ad = "", payload)` into `out`; returns the ciphertext length.
    ///
    /// The caller guarantees `n` was never used with this key and is not [`REKEY_NONCE`].
    pub(crate) fn seal(&self, n: u64, payload: &[u8], out: &mut [u8]) -> Result<usize> {
        let len = payload.len() + NOISE_TAG_BYTES;
        let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        let (body, tag_out) = out.split_at_mut(payload.len());
        body.copy_from_slice(payload);
        let tag = self
            .key
            .seal_in_place_separate_tag(self.nonce(n), Aad::empty(), body)
            .map_err(|_| Error::Internal)?;
        tag_out.copy_from_slice(tag.as_ref());
        Ok(len)
    }

    /// Noise `DECRYPT(k, n, ad = "", message)` into `out`; returns the plaintext length.
    ///
    /// On failure `out` is wiped, so no unauthenticated plaintext is left behind.
    pub(crate) fn open(&self, n: u64, message: &[u8], out: &mut [u8]) -> Result<usize> {
        let len = message
            .len()
            .checked_sub(NOISE_TAG_BYTES)
            .ok_or(Error::DecryptFailed)?;
        let (ciphertext, tag) = message.split_at(len);
        let tag = Tag::try_from(tag).map_err(|_| Error::DecryptFailed)?;
        let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        out.copy_from_slice(ciphertext);
        match self
            .key
            .open_in_place_separate_tag(self.nonce(n), Aad::empty(), tag, out, 0..)
        {
            Ok(_) => Ok(len),
            Err(_) => {
                out.zeroize();
                Err(Error::DecryptFailed)
            }
        }
    }

    /// Noise `REKEY(k)`: the first 32 bytes of `ENCRYPT(k, 2^64-1, "", zeros)`.
    pub(crate) fn rekey(&self) -> Result<Self> {
        let mut next = Zeroizing::new([0u8; NOISE_KEY_BYTES]);
        // The tag is discarded: REKEY keeps only the encrypted zeros.
        let _tag = self
            .key
            .seal_in_place_separate_tag(self.nonce(REKEY_NONCE), Aad::empty(), &mut next[..])
            .map_err(|_| Error::Internal)?;
        Self::new(self.cipher, &next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_tamper_wipes_output() {
        for cipher in [NoiseCipher::ChaChaPoly, NoiseCipher::AesGcm] {
            let key = CipherKey::new(cipher, &[7; 32]).unwrap();
            let mut sealed = [0u8; 21];
            assert_eq!(key.seal(3, b"hello", &mut sealed), Ok(21));
            let mut out = [0u8; 5];
            assert_eq!(key.open(3, &sealed, &mut out), Ok(5));
            assert_eq!(&out, b"hello");
            assert_eq!(key.open(4, &sealed, &mut out), Err(Error::DecryptFailed));
            assert_eq!(out, [0u8; 5]);
            assert_eq!(key.open(3, &sealed[..15], &mut out), Err(Error::DecryptFailed));
            assert_eq!(key.seal(3, b"hello", &mut [0u8; 20]), Err(Error::BufferTooSmall));
        }
    }

    #[test]
    fn rekey_is_deterministic_and_changes_the_key() {
        let a = CipherKey::new(NoiseCipher::ChaChaPoly, &[1; 32]).unwrap();
        let (b, c) = (a.rekey().unwrap(), a.rekey().unwrap());
        let mut sealed = [0u8; 17];
        b.seal(0, b"k", &mut sealed).unwrap();
        assert_eq!(c.open(0, &sealed, &mut [0u8; 1]), Ok(1));
        assert_eq!(a.open(0, &sealed, &mut [0u8; 1]), Err(Error::DecryptFailed));
    }
}
