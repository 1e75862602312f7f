//! HMAC-SHA256 message authentication with [`MacKey`].
//!
//! A `MacKey` holds the pre-keyed HMAC state, so signing a 64-byte message costs two SHA-256 compressions
//! of the message plus the finalisation, with no allocation. Key material is zeroized when the key is
//! dropped and never appears in `Debug` output.
//!
//! Verification returns `Result<(), Error>`, never a `bool`, and compares in constant time. Only full
//! 32-byte tags verify: a truncated tag is rejected with [`Error::InvalidSignature`].
//!
//! ```
//! use tradeseal::{Error, MacKey};
//!
//! let key = MacKey::generate()?;
//! let tag = key.sign(b"BUY 1.00 EURUSD");
//! key.verify(b"BUY 1.00 EURUSD", &tag)?;
//! assert_eq!(key.verify(b"SELL 1.00 EURUSD", &tag), Err(Error::InvalidSignature));
//! # Ok::<(), Error>(())
//! ```

use core::fmt;

use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Length in bytes of an HMAC-SHA256 tag.
pub const MAC_TAG_BYTES: usize = 32;

/// Length in bytes of a key made by [`MacKey::generate`], and the minimum [`MacKey::from_bytes`] accepts.
pub const MAC_KEY_BYTES: usize = 32;

/// An HMAC-SHA256 tag.
pub type MacTag = [u8; MAC_TAG_BYTES];

/// An HMAC-SHA256 key, pre-keyed for fast signing.
///
/// Not `Clone` on purpose: a key has one owner, and copies of secrets are not made by accident.
pub struct MacKey {
    state: HmacSha256,
}

impl MacKey {
    /// A new random 32-byte key from the operating system's random number generator.
    pub fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; MAC_KEY_BYTES]);
        crate::rand::fill(&mut bytes[..])?;
        Self::from_bytes(&bytes[..])
    }

    /// Imports a key of at least [`MAC_KEY_BYTES`] bytes.
    ///
    /// Fails with [`Error::KeyTooShort`] for shorter keys. For existing shorter shared secrets use
    /// [`MacKey::from_short_bytes`].
    pub fn from_bytes(key: &[u8]) -> Result<Self> {
        if key.len() < MAC_KEY_BYTES {
            return Err(Error::KeyTooShort);
        }
        Self::from_short_bytes(key)
    }

    /// Imports a key of any non-empty length, for interoperating with existing secrets (and RFC 4231).
    ///
    /// HMAC keys shorter than 32 bytes give less than 256-bit security; prefer [`MacKey::from_bytes`].
    /// An empty key fails with [`Error::KeyTooShort`].
    pub fn from_short_bytes(key: &[u8]) -> Result<Self> {
        if key.is_empty() {
            return Err(Error::KeyTooShort);
        }
        let state = <HmacSha256 as KeyInit>::new_from_slice(key).map_err(|_| Error::InvalidLength)?;
        Ok(MacKey { state })
    }

    /// Imports a key of at least [`MAC_KEY_BYTES`] bytes written as hex (either case).
    pub fn from_hex(hex: &str) -> Result<Self> {
        let bytes = Zeroizing::new(crate::hex::decode(hex)?);
        Self::from_bytes(&bytes)
    }

    /// The HMAC-SHA256 tag of `message`.
    pub fn sign(&self, message: &[u8]) -> MacTag {
        self.sign_parts(&[message])
    }

    /// Checks `tag` against `message` in constant time.
    ///
    /// Fails with [`Error::InvalidSignature`] when the tag does not match or is not 32 bytes long.
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> Result<()> {
        self.verify_parts(&[message], tag)
    }

    /// The tag of the concatenation of `parts`, without concatenating them.
    pub(crate) fn sign_parts(&self, parts: &[&[u8]]) -> MacTag {
        let mut mac = self.state.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Constant-time check of `tag` against the concatenation of `parts`.
    pub(crate) fn verify_parts(&self, parts: &[&[u8]], tag: &[u8]) -> Result<()> {
        let expected = self.sign_parts(parts);
        if tag.len() == MAC_TAG_BYTES && bool::from(expected.ct_eq(tag)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl fmt::Debug for MacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MacKey(<secret>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        let key = MacKey::from_short_bytes(b"Jefe").unwrap();
        let tag = key.sign(b"what do ya want for nothing?");
        assert_eq!(
            crate::hex::encode(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn short_and_empty_keys_are_refused() {
        assert_eq!(MacKey::from_bytes(&[7u8; 31]).unwrap_err(), Error::KeyTooShort);
        assert_eq!(MacKey::from_short_bytes(&[]).unwrap_err(), Error::KeyTooShort);
        assert_eq!(MacKey::from_hex("zz").unwrap_err(), Error::InvalidHex);
    }

    #[test]
    fn truncated_and_flipped_tags_fail() {
        let key = MacKey::generate().unwrap();
        let mut tag = key.sign(b"m");
        assert_eq!(key.verify(b"m", &tag[..16]), Err(Error::InvalidSignature));
        tag[31] ^= 1;
        assert_eq!(key.verify(b"m", &tag), Err(Error::InvalidSignature));
    }

    #[test]
    fn debug_hides_the_key() {
        let key = MacKey::from_bytes(&[0x41; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "MacKey(<secret>)");
    }
}
