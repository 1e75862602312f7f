//! Ed25519 signatures (RFC 8032) for non-repudiation: audit trails, licences, anything a third party must
//! be able to check without holding a secret.
//!
//! Keys come from a raw 32-byte seed ([`SigningKey::from_seed`]) or are generated from the OS; public keys
//! are raw 32 bytes. Verification returns `Result` and rejects non-canonical signatures (`S >= L`).
//!
//! ```
//! use tradeseal::ed25519::{SigningKey, VerifyingKey};
//! use tradeseal::Error;
//!
//! let signer = SigningKey::generate()?;
//! let signature = signer.sign(b"licence: account 1234, until 2027-01-01");
//! let public = VerifyingKey::from_bytes(signer.public_key())?;
//! public.verify(b"licence: account 1234, until 2027-01-01", &signature)?;
//! assert_eq!(public.verify(b"licence: account 1234, until 2099-01-01", &signature), Err(Error::InvalidSignature));
//! # Ok::<(), Error>(())
//! ```

use core::fmt;

use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Length of a seed (the RFC 8032 secret key).
pub const SEED_BYTES: usize = 32;
/// Length of a public key.
pub const PUBLIC_KEY_BYTES: usize = 32;
/// Length of a signature.
pub const SIGNATURE_BYTES: usize = 64;

/// An Ed25519 signature.
pub type Signature = [u8; SIGNATURE_BYTES];

/// An Ed25519 signing key. Not `Clone`; the seed is zeroized on drop and hidden from `Debug` (ring's own
/// expanded key is not zeroized by ring).
pub struct SigningKey {
    pair: Ed25519KeyPair,
    seed: Zeroizing<[u8; SEED_BYTES]>,
}

impl SigningKey {
    /// A new random key from the OS.
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; SEED_BYTES]);
        crate::rand::fill(&mut seed[..])?;
        Self::from_seed(&seed[..])
    }

    /// The key for a 32-byte seed; other lengths fail with [`Error::InvalidLength`].
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        let seed: [u8; SEED_BYTES] = seed.try_into().map_err(|_| Error::InvalidLength)?;
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|_| Error::InvalidLength)?;
        Ok(SigningKey {
            pair,
            seed: Zeroizing::new(seed),
        })
    }

    /// The seed, for storing the key. It is the secret: keep it like a password.
    pub fn seed(&self) -> &[u8; SEED_BYTES] {
        &self.seed
    }

    /// The public key.
    pub fn public_key(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    /// The signature of `message` (deterministic). Allocates nothing.
    pub fn sign(&self, message: &[u8]) -> Signature {
        let mut out = [0u8; SIGNATURE_BYTES];
        out.copy_from_slice(self.pair.sign(message).as_ref());
        out
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("public_key", &crate::hex::encode(self.public_key()))
            .finish()
    }
}

/// An Ed25519 public key.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyingKey {
    bytes: [u8; PUBLIC_KEY_BYTES],
}

impl VerifyingKey {
    /// A public key from its 32 bytes; other lengths fail with [`Error::InvalidLength`]. A 32-byte string
    /// that is not a valid point is accepted here and fails every verification.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Ok(VerifyingKey {
            bytes: bytes.try_into().map_err(|_| Error::InvalidLength)?,
        })
    }

    /// The 32 bytes of this key.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_BYTES] {
        &self.bytes
    }

    /// Checks `signature` over `message`; [`Error::InvalidSignature`] for any mismatch, wrong length or
    /// non-canonical encoding. Allocates nothing.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        UnparsedPublicKey::new(&ED25519, &self.bytes)
            .verify(message, signature)
            .map_err(|_| Error::InvalidSignature)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifyingKey")
            .field(&crate::hex::encode(&self.bytes))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8032_test_1() {
        let seed =
            crate::hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let key = SigningKey::from_seed(&seed).unwrap();
        assert_eq!(
            crate::hex::encode(key.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let sig = key.sign(b"");
        assert_eq!(
            crate::hex::encode(&sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        let public = VerifyingKey::from_bytes(key.public_key()).unwrap();
        public.verify(b"", &sig).unwrap();
        assert_eq!(public.verify(b"", &sig[..63]), Err(Error::InvalidSignature));
    }

    #[test]
    fn sizes_are_checked_and_debug_shows_only_public_data() {
        assert_eq!(SigningKey::from_seed(&[0; 31]).unwrap_err(), Error::InvalidLength);
        assert_eq!(
            VerifyingKey::from_bytes(&[0; 33]).unwrap_err(),
            Error::InvalidLength
        );
        let key = SigningKey::from_seed(&[0x41; 32]).unwrap();
        let text = format!("{key:?}");
        assert!(!text.contains(&"41".repeat(32)), "{text}");
    }
}
