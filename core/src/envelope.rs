//! Envelope v1: AEAD messages that name their algorithm and key, so keys rotate without a flag day.
//!
//! ```text
//! version (1) | algorithm (1) | key id (u32 BE) | nonce (12 or 24) | ciphertext | tag (16)
//! ```
//!
//! The header (version through nonce) and the caller's associated data are both authenticated: the AEAD's
//! associated data is `header || aad`. [`seal`] uses the keyring's primary key; [`open`] uses whichever key
//! the envelope names, so a receiver holding the current and the retired-but-still-held keys opens
//! envelopes made with either while senders switch over. docs/WIRE.md is the normative description.
//!
//! A failed open wipes the caller's output buffer and, for a failed decryption, says only
//! [`Error::DecryptFailed`].
//!
//! ```
//! use tradeseal::aead::{Algorithm, SealingKey};
//! use tradeseal::{envelope, Keyring};
//!
//! let mut ring = Keyring::with_primary(1, SealingKey::generate(Algorithm::Aes256Gcm)?);
//! let old = envelope::seal(&ring, b"orders", b"BUY 1.00 EURUSD")?;
//! ring.insert(2, SealingKey::generate(Algorithm::ChaCha20Poly1305)?)?;
//! ring.promote(2)?;
//! let new = envelope::seal(&ring, b"orders", b"SELL 2.00 EURUSD")?;
//! assert_eq!(envelope::open(&ring, b"orders", &old)?, b"BUY 1.00 EURUSD");
//! assert_eq!(envelope::open(&ring, b"orders", &new)?, b"SELL 2.00 EURUSD");
//! # Ok::<(), tradeseal::Error>(())
//! ```

use crate::aead::{wipe_on_error, Algorithm, Cipher, LessSafeKey, SealingKey, MAX_NONCE_BYTES, TAG_BYTES};
use crate::error::{Error, Result};
use crate::keyring::{KeyId, Keyring};

/// The version byte of this format.
pub const VERSION: u8 = 1;

/// Longest caller associated data an envelope accepts ([`Error::AadTooLong`] beyond): the header and the
/// associated data are joined on the stack, so sealing and opening allocate nothing.
pub const MAX_AAD_BYTES: usize = 1024;

const FIXED_HEADER_BYTES: usize = 1 + 1 + 4;
const MAX_HEADER_BYTES: usize = FIXED_HEADER_BYTES + MAX_NONCE_BYTES;

/// Length of the header (version, algorithm, key id, nonce) for `algorithm`.
pub const fn header_len(algorithm: Algorithm) -> usize {
    FIXED_HEADER_BYTES + algorithm.nonce_len()
}

/// Length of the envelope of a `plaintext_len`-byte message under `algorithm`.
pub const fn sealed_len(algorithm: Algorithm, plaintext_len: usize) -> usize {
    header_len(algorithm)
        .saturating_add(plaintext_len)
        .saturating_add(TAG_BYTES)
}

/// Length of the plaintext inside `envelope` (for sizing the buffer of [`open_into`]).
///
/// Fails as [`open_into`] does for a bad version, unknown algorithm or truncated envelope.
pub fn plaintext_len(envelope: &[u8]) -> Result<usize> {
    Ok(Header::parse(envelope)?.body.len() - TAG_BYTES)
}

/// Seals `plaintext` with the keyring's primary key into `out`; returns the bytes written. Allocates nothing.
///
/// Fails with [`Error::NoPrimaryKey`], [`Error::AadTooLong`], [`Error::BufferTooSmall`] (no nonce is used
/// up then) or [`Error::KeyExhausted`].
pub fn seal_into(ring: &Keyring<SealingKey>, aad: &[u8], plaintext: &[u8], out: &mut [u8]) -> Result<usize> {
    let (key_id, key) = ring.primary()?;
    let algorithm = key.algorithm();
    check_sizes(algorithm, aad, plaintext, out)?;
    let fill_nonce = |nonce: &mut [u8]| key.next_nonce_into(plaintext.len(), nonce);
    seal_with(key.cipher(), algorithm, key_id, fill_nonce, aad, plaintext, out)
}

/// [`seal_into`] into a new `Vec`.
pub fn seal(ring: &Keyring<SealingKey>, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let (_, key) = ring.primary()?;
    let mut out = vec![0u8; sealed_len(key.algorithm(), plaintext.len())];
    let n = seal_into(ring, aad, plaintext, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// Seals with a caller-chosen `nonce` under `key_id`: for known-answer vectors only. **A repeated nonce
/// breaks the key**; use [`seal_into`].
pub fn seal_with_nonce_less_safe(
    key_id: KeyId,
    key: &LessSafeKey,
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let algorithm = key.algorithm();
    if nonce.len() != algorithm.nonce_len() {
        return Err(Error::InvalidLength);
    }
    let mut out = vec![0u8; sealed_len(algorithm, plaintext.len())];
    check_sizes(algorithm, aad, plaintext, &out)?;
    let fill_nonce = |out: &mut [u8]| {
        out.copy_from_slice(nonce);
        Ok(())
    };
    let n = seal_with(
        key.cipher(),
        algorithm,
        key_id,
        fill_nonce,
        aad,
        plaintext,
        &mut out,
    )?;
    out.truncate(n);
    Ok(out)
}

/// Opens `envelope` with the key it names into `out`; returns the plaintext length. Allocates nothing.
///
/// On any failure `out` is wiped. Errors, in the order they are checked: [`Error::Truncated`] (shorter than
/// its header plus tag), [`Error::UnsupportedVersion`], [`Error::UnsupportedAlgorithm`] (unknown id, or not
/// the algorithm of the named key), [`Error::AadTooLong`], [`Error::UnknownKey`], [`Error::BufferTooSmall`],
/// [`Error::DecryptFailed`].
pub fn open_into(ring: &Keyring<SealingKey>, aad: &[u8], envelope: &[u8], out: &mut [u8]) -> Result<usize> {
    wipe_on_error(out, |out| {
        let header = Header::parse(envelope)?;
        let key = ring.get(header.key_id)?;
        if key.algorithm() != header.algorithm {
            return Err(Error::UnsupportedAlgorithm);
        }
        with_associated_data(header.bytes, aad, |ad| {
            key.cipher().open(header.nonce, ad, header.body, out)
        })
    })
}

/// [`open_into`] into a new `Vec`.
pub fn open(ring: &Keyring<SealingKey>, aad: &[u8], envelope: &[u8]) -> Result<Vec<u8>> {
    let mut out = vec![0u8; plaintext_len(envelope)?];
    let n = open_into(ring, aad, envelope, &mut out)?;
    out.truncate(n);
    Ok(out)
}

fn check_sizes(algorithm: Algorithm, aad: &[u8], plaintext: &[u8], out: &[u8]) -> Result<()> {
    if aad.len() > MAX_AAD_BYTES {
        return Err(Error::AadTooLong);
    }
    if out.len() < sealed_len(algorithm, plaintext.len()) {
        return Err(Error::BufferTooSmall);
    }
    Ok(())
}

/// Writes header (the nonce by `fill_nonce`) and body; `out` was checked by [`check_sizes`].
fn seal_with(
    cipher: &Cipher,
    algorithm: Algorithm,
    key_id: KeyId,
    fill_nonce: impl FnOnce(&mut [u8]) -> Result<()>,
    aad: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let (header, body) = out.split_at_mut(header_len(algorithm));
    let (fixed, nonce) = header.split_at_mut(FIXED_HEADER_BYTES);
    fixed[0] = VERSION;
    fixed[1] = algorithm.id();
    fixed[2..].copy_from_slice(&key_id.to_be_bytes());
    fill_nonce(nonce)?;
    let nonce = &header[FIXED_HEADER_BYTES..];
    let written = with_associated_data(header, aad, |ad| cipher.seal(nonce, ad, plaintext, body))?;
    Ok(header.len() + written)
}

/// Calls `f` with `header || aad` joined in a stack buffer.
fn with_associated_data<T>(header: &[u8], aad: &[u8], f: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    if aad.len() > MAX_AAD_BYTES {
        return Err(Error::AadTooLong);
    }
    let mut joined = [0u8; MAX_HEADER_BYTES + MAX_AAD_BYTES];
    let dest = joined
        .get_mut(..header.len() + aad.len())
        .ok_or(Error::AadTooLong)?;
    let (head, tail) = dest.split_at_mut(header.len());
    head.copy_from_slice(header);
    tail.copy_from_slice(aad);
    f(dest)
}

/// A parsed envelope, borrowing from it.
struct Header<'a> {
    algorithm: Algorithm,
    key_id: KeyId,
    /// Version through nonce: the authenticated header.
    bytes: &'a [u8],
    nonce: &'a [u8],
    /// Ciphertext and tag (at least a tag long).
    body: &'a [u8],
}

impl<'a> Header<'a> {
    fn parse(envelope: &'a [u8]) -> Result<Self> {
        let (&version, rest) = envelope.split_first().ok_or(Error::Truncated)?;
        if version != VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let (&algorithm, rest) = rest.split_first().ok_or(Error::Truncated)?;
        let algorithm = Algorithm::from_id(algorithm)?;
        let header_len = header_len(algorithm);
        if envelope.len() < header_len + TAG_BYTES {
            return Err(Error::Truncated);
        }
        let (key_id, rest) = rest.split_at(4);
        let (nonce, body) = rest.split_at(algorithm.nonce_len());
        let mut id = [0u8; 4];
        id.copy_from_slice(key_id);
        Ok(Header {
            algorithm,
            key_id: KeyId::from_be_bytes(id),
            bytes: &envelope[..header_len],
            nonce,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring_of(algorithm: Algorithm) -> Keyring<SealingKey> {
        Keyring::with_primary(7, SealingKey::generate(algorithm).unwrap())
    }

    #[test]
    fn layout_and_round_trip() {
        for &algorithm in Algorithm::ALL {
            let ring = ring_of(algorithm);
            let env = seal(&ring, b"ad", b"hello").unwrap();
            assert_eq!(env.len(), sealed_len(algorithm, 5));
            assert_eq!(env[..6], [1, algorithm.id(), 0, 0, 0, 7]);
            assert_eq!(plaintext_len(&env).unwrap(), 5);
            assert_eq!(open(&ring, b"ad", &env).unwrap(), b"hello");
            assert_eq!(open(&ring, b"da", &env), Err(Error::DecryptFailed));
        }
    }

    #[test]
    fn every_header_field_is_checked() {
        let ring = ring_of(Algorithm::Aes256Gcm);
        let env = seal(&ring, b"", b"x").unwrap();
        let flip = |i: usize, mask: u8| {
            let mut bad = env.clone();
            bad[i] ^= mask;
            open(&ring, b"", &bad)
        };
        assert_eq!(flip(0, 1), Err(Error::UnsupportedVersion));
        assert_eq!(flip(1, 0x80), Err(Error::UnsupportedAlgorithm));
        assert_eq!(
            flip(1, 0x03),
            Err(Error::UnsupportedAlgorithm),
            "GCM -> ChaCha: not this key's algorithm"
        );
        assert_eq!(flip(5, 1), Err(Error::UnknownKey));
        assert_eq!(flip(6, 1), Err(Error::DecryptFailed));
        assert_eq!(open(&ring, b"", &env[..env.len() - 2]), Err(Error::Truncated));
        assert_eq!(open(&ring, b"", &[]), Err(Error::Truncated));
        assert_eq!(open(&ring, b"", &[1]), Err(Error::Truncated));
    }

    #[test]
    fn failures_wipe_and_limits_hold() {
        let ring = ring_of(Algorithm::XChaCha20Poly1305);
        let mut env = seal(&ring, b"", b"secret").unwrap();
        let mut out = [0x55u8; 16];
        env[40] ^= 1;
        assert_eq!(open_into(&ring, b"", &env, &mut out), Err(Error::DecryptFailed));
        assert_eq!(out, [0u8; 16]);
        let long = [0u8; MAX_AAD_BYTES + 1];
        assert_eq!(seal(&ring, &long, b"x"), Err(Error::AadTooLong));
        assert!(seal(&ring, &long[1..], b"x").is_ok());
        assert_eq!(seal(&Keyring::new(), b"", b"x"), Err(Error::NoPrimaryKey));
    }
}
