//! X25519 static key pairs for Noise.

use core::fmt;

use snow::params::DHChoice;
use snow::resolvers::{CryptoResolver, DefaultResolver};
use zeroize::Zeroizing;

use super::NOISE_KEY_BYTES;
use crate::error::{Error, Result};

/// A Noise static (long-term) X25519 key pair.
///
/// The private half is zeroized on drop and never printed: `Debug` shows only the public key.
/// Not `Clone`, so copies of the secret are never made by accident.
pub struct StaticKeypair {
    private: Zeroizing<[u8; NOISE_KEY_BYTES]>,
    public: [u8; NOISE_KEY_BYTES],
}

impl StaticKeypair {
    /// A new key pair from the operating system's random number generator.
    pub fn generate() -> Result<Self> {
        let mut private = Zeroizing::new([0u8; NOISE_KEY_BYTES]);
        crate::rand::fill(&mut private[..])?;
        Self::from_private(&private[..])
    }

    /// Imports a 32-byte X25519 private key (as stored from [`StaticKeypair::private_bytes`]).
    pub fn from_private(private: &[u8]) -> Result<Self> {
        let private: [u8; NOISE_KEY_BYTES] = private.try_into().map_err(|_| Error::InvalidLength)?;
        let private = Zeroizing::new(private);
        let mut dh = DefaultResolver
            .resolve_dh(&DHChoice::Curve25519)
            .ok_or(Error::Internal)?;
        dh.set(&private[..]);
        let public = dh.pubkey().try_into().map_err(|_| Error::Internal)?;
        Ok(StaticKeypair { private, public })
    }

    /// The public key, to give to peers (for their allowlist or as their `remote_public_key`).
    pub fn public(&self) -> &[u8; NOISE_KEY_BYTES] {
        &self.public
    }

    /// The private key, for storing it somewhere safe. Handle with care.
    pub fn private_bytes(&self) -> &[u8; NOISE_KEY_BYTES] {
        &self.private
    }
}

impl fmt::Debug for StaticKeypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticKeypair")
            .field("public", &crate::hex::encode(&self.public))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_derives_the_public_key_and_debug_hides_the_private_key() {
        // RFC 7748 section 6.1, Alice.
        let private =
            crate::hex::decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a").unwrap();
        let pair = StaticKeypair::from_private(&private).unwrap();
        let public = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
        assert_eq!(crate::hex::encode(pair.public()), public);
        assert_eq!(pair.private_bytes()[..], private[..]);
        let debug = format!("{pair:?}");
        assert!(debug.contains(public) && !debug.contains("77076d0a"));
        assert_eq!(
            StaticKeypair::from_private(&private[1..]).unwrap_err(),
            Error::InvalidLength
        );
        assert_ne!(StaticKeypair::generate().unwrap().public(), pair.public());
    }
}
