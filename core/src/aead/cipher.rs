//! The three AEAD primitives behind one type: ring for AES-256-GCM and ChaCha20-Poly1305, RustCrypto for
//! XChaCha20-Poly1305. Every output layout is `ciphertext || tag`, written into a caller buffer.

use core::fmt;

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag as XTag, XChaCha20Poly1305, XNonce};
use ring::aead::{Aad, LessSafeKey, Nonce as RingNonce, Tag as RingTag, UnboundKey};
use zeroize::Zeroize;

use super::{Algorithm, KEY_BYTES, TAG_BYTES};
use crate::error::{Error, Result};

/// A keyed AEAD. ring does not zeroize its expanded key schedule; RustCrypto's XChaCha key is zeroized on
/// drop. Our own copies of key bytes are always zeroized.
#[allow(
    clippy::large_enum_variant,
    reason = "one per key; boxing would add an indirection to every seal"
)]
pub(crate) enum Cipher {
    Ring(LessSafeKey),
    XChaCha(XChaCha20Poly1305),
}

impl Cipher {
    /// Keys `algorithm` with exactly [`KEY_BYTES`] bytes, or fails with [`Error::InvalidLength`].
    pub(crate) fn new(algorithm: Algorithm, key: &[u8]) -> Result<Self> {
        if key.len() != KEY_BYTES {
            return Err(Error::InvalidLength);
        }
        let ring_algorithm = match algorithm {
            Algorithm::Aes256Gcm => &ring::aead::AES_256_GCM,
            Algorithm::ChaCha20Poly1305 => &ring::aead::CHACHA20_POLY1305,
            Algorithm::XChaCha20Poly1305 => {
                let cipher = XChaCha20Poly1305::new_from_slice(key).map_err(|_| Error::InvalidLength)?;
                return Ok(Cipher::XChaCha(cipher));
            }
        };
        let key = UnboundKey::new(ring_algorithm, key).map_err(|_| Error::InvalidLength)?;
        Ok(Cipher::Ring(LessSafeKey::new(key)))
    }

    /// Encrypts `plaintext` under `nonce` into `out` as `ciphertext || tag`; returns the bytes written.
    ///
    /// Fails with [`Error::BufferTooSmall`] when `out` is shorter than `plaintext.len() + TAG_BYTES`, and
    /// with [`Error::InvalidLength`] for a nonce of the wrong length or a message longer than the algorithm
    /// allows. On failure the part of `out` it wrote is wiped.
    pub(crate) fn seal(&self, nonce: &[u8], aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_nonce(nonce)?;
        let needed = plaintext
            .len()
            .checked_add(TAG_BYTES)
            .ok_or(Error::InvalidLength)?;
        let out = out.get_mut(..needed).ok_or(Error::BufferTooSmall)?;
        wipe_on_error(out, |out| {
            let (body, tag_out) = out
                .split_last_chunk_mut::<TAG_BYTES>()
                .ok_or(Error::BufferTooSmall)?;
            body.copy_from_slice(plaintext);
            self.seal_in_place(nonce, aad, body, tag_out)
        })?;
        Ok(needed)
    }

    /// Encrypts `body` in place under `nonce` and writes the tag into `tag_out`.
    ///
    /// Fails with [`Error::InvalidLength`] for a nonce of the wrong length or a message longer than the
    /// algorithm allows; `body` is then unchanged.
    #[inline]
    pub(crate) fn seal_in_place(
        &self,
        nonce: &[u8],
        aad: &[u8],
        body: &mut [u8],
        tag_out: &mut [u8; TAG_BYTES],
    ) -> Result<()> {
        match self {
            Cipher::Ring(key) => {
                let nonce =
                    RingNonce::assume_unique_for_key(nonce.try_into().map_err(|_| Error::InvalidLength)?);
                let tag = key
                    .seal_in_place_separate_tag(nonce, Aad::from(aad), body)
                    .map_err(|_| Error::InvalidLength)?;
                tag_out.copy_from_slice(tag.as_ref());
            }
            Cipher::XChaCha(key) => xchacha_seal_in_place(key, nonce, aad, body, tag_out)?,
        }
        Ok(())
    }

    /// Decrypts `ciphertext || tag` under `nonce` into `out`; returns the plaintext length.
    ///
    /// On any failure `out` is wiped. A wrong tag, key, nonce or associated data is [`Error::DecryptFailed`];
    /// input shorter than a tag is [`Error::Truncated`]; a nonce of the wrong length is
    /// [`Error::InvalidLength`]; a short `out` is [`Error::BufferTooSmall`].
    pub(crate) fn open(&self, nonce: &[u8], aad: &[u8], sealed: &[u8], out: &mut [u8]) -> Result<usize> {
        wipe_on_error(out, |out| self.open_unwiped(nonce, aad, sealed, out))
    }

    fn open_unwiped(&self, nonce: &[u8], aad: &[u8], sealed: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_nonce(nonce)?;
        let body_len = sealed.len().checked_sub(TAG_BYTES).ok_or(Error::Truncated)?;
        let (ciphertext, tag) = sealed.split_at(body_len);
        let body = out.get_mut(..body_len).ok_or(Error::BufferTooSmall)?;
        body.copy_from_slice(ciphertext);
        let mut tag_bytes = [0u8; TAG_BYTES];
        tag_bytes.copy_from_slice(tag);
        match self {
            Cipher::Ring(key) => {
                let nonce = RingNonce::try_assume_unique_for_key(nonce).map_err(|_| Error::InvalidLength)?;
                key.open_in_place_separate_tag(nonce, Aad::from(aad), RingTag::from(tag_bytes), body, 0..)
                    .map_err(|_| Error::DecryptFailed)?;
            }
            Cipher::XChaCha(key) => {
                let nonce = xnonce(nonce)?;
                key.decrypt_in_place_detached(nonce, aad, body, XTag::from_slice(&tag_bytes))
                    .map_err(|_| Error::DecryptFailed)?;
            }
        }
        Ok(body_len)
    }

    /// A nonce of the wrong length is a caller mistake, reported before anything about the data.
    fn check_nonce(&self, nonce: &[u8]) -> Result<()> {
        let algorithm = match self {
            Cipher::Ring(key) if key.algorithm() == &ring::aead::AES_256_GCM => Algorithm::Aes256Gcm,
            Cipher::Ring(_) => Algorithm::ChaCha20Poly1305,
            Cipher::XChaCha(_) => Algorithm::XChaCha20Poly1305,
        };
        if nonce.len() == algorithm.nonce_len() {
            Ok(())
        } else {
            Err(Error::InvalidLength)
        }
    }
}

/// Runs `f` on `out` and wipes all of `out` if it fails (libsodium's rule for failed decryption).
pub(crate) fn wipe_on_error<T>(out: &mut [u8], f: impl FnOnce(&mut [u8]) -> Result<T>) -> Result<T> {
    let result = f(out);
    if result.is_err() {
        out.zeroize();
    }
    result
}

/// Kept out of line: its large stack frame would otherwise burden the ring path of
/// [`Cipher::seal_in_place`].
#[inline(never)]
fn xchacha_seal_in_place(
    key: &XChaCha20Poly1305,
    nonce: &[u8],
    aad: &[u8],
    body: &mut [u8],
    tag_out: &mut [u8; TAG_BYTES],
) -> Result<()> {
    let tag = key
        .encrypt_in_place_detached(xnonce(nonce)?, aad, body)
        .map_err(|_| Error::InvalidLength)?;
    tag_out.copy_from_slice(&tag);
    Ok(())
}

fn xnonce(nonce: &[u8]) -> Result<&XNonce> {
    if nonce.len() != Algorithm::XChaCha20Poly1305.nonce_len() {
        return Err(Error::InvalidLength);
    }
    Ok(XNonce::from_slice(nonce))
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher(<secret>)")
    }
}
