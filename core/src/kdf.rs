//! Key derivation: HKDF-SHA256 subkeys with purpose labels, and Argon2id keys from passwords.
//!
//! One [`MasterKey`] yields independent keys for each purpose and channel: a [`MacKey`] for signing, a
//! [`SealingKey`] per AEAD algorithm, an Ed25519 seed, or raw bytes under your own label. The label and the
//! context are encoded into HKDF's `info` without ambiguity (docs/WIRE.md, "KDF info"), so no two
//! (label, context) pairs share a key.
//!
//! ```
//! use tradeseal::aead::Algorithm;
//! use tradeseal::kdf::{MasterKey, PasswordParams};
//!
//! let master = MasterKey::from_bytes(&[7u8; 32])?;
//! let mac = master.mac_key(b"channel-7")?;
//! let seal = master.sealing_key(Algorithm::Aes256Gcm, b"channel-7")?;
//! let sealed = seal.seal(b"", b"hi")?;
//! # let _ = (mac, sealed);
//! let mut raw = [0u8; 32];
//! master.derive_into("my-app/session", b"2026-11-23", &mut raw)?;
//! assert_ne!(raw, [0u8; 32]);
//!
//! // From a password (use PasswordParams::DEFAULT in production: 64 MiB, 3 passes, 4 lanes).
//! let params = PasswordParams::new(19 * 1024, 2, 1)?;
//! let from_password = MasterKey::from_password(b"correct horse", b"sixteen byte salt", &params)?;
//! # let _ = from_password;
//! # Ok::<(), tradeseal::Error>(())
//! ```

use core::fmt;

use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use crate::aead::{Algorithm, SealingKey, KEY_BYTES};
use crate::error::{Error, Result};
use crate::mac::MacKey;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Length of an HKDF-SHA256 pseudorandom key.
pub const PRK_BYTES: usize = 32;
/// Longest HKDF-SHA256 output (255 blocks).
pub const MAX_OKM_BYTES: usize = 255 * PRK_BYTES;
/// Shortest master key [`MasterKey::from_bytes`] accepts.
pub const MIN_MASTER_KEY_BYTES: usize = 32;
/// Version byte at the start of every `info` this module builds.
pub const INFO_VERSION: u8 = 1;
/// Shortest salt Argon2id accepts here.
pub const MIN_SALT_BYTES: usize = 16;
/// Output length range of [`argon2id`].
pub const ARGON2_OUTPUT_BYTES: core::ops::RangeInclusive<usize> = 16..=64;

/// Label of [`MasterKey::mac_key`].
pub const LABEL_MAC: &str = "tradeseal/mac";
/// Label of [`MasterKey::ed25519_seed`].
pub const LABEL_ED25519: &str = "tradeseal/ed25519";

/// Label of [`MasterKey::sealing_key`] for `algorithm` (one label per algorithm: keys are never shared
/// across algorithms).
pub const fn sealing_label(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::Aes256Gcm => "tradeseal/aead/AES-256-GCM",
        Algorithm::ChaCha20Poly1305 => "tradeseal/aead/CHACHA20-POLY1305",
        Algorithm::XChaCha20Poly1305 => "tradeseal/aead/XCHACHA20-POLY1305",
    }
}

/// HKDF-Extract (RFC 5869) with HMAC-SHA256: the pseudorandom key of `ikm` under `salt` (empty salt means
/// 32 zero bytes, as the RFC says).
pub fn hkdf_extract(salt: &[u8], ikm: &[u8]) -> Zeroizing<[u8; PRK_BYTES]> {
    let mut mac = hmac_key(salt);
    mac.update(ikm);
    Zeroizing::new(mac.finalize().into_bytes().into())
}

/// HKDF-Expand (RFC 5869) with HMAC-SHA256 into `out`, for any length up to [`MAX_OKM_BYTES`].
///
/// Fails with [`Error::InvalidLength`] for a longer `out` or a `prk` shorter than [`PRK_BYTES`].
pub fn hkdf_expand(prk: &[u8], info: &[u8], out: &mut [u8]) -> Result<()> {
    if prk.len() < PRK_BYTES {
        return Err(Error::InvalidLength);
    }
    expand_parts(prk, &[info], out)
}

/// HKDF-Expand with `info` given as the concatenation of `parts` (no buffer needed).
fn expand_parts(prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<()> {
    if out.len() > MAX_OKM_BYTES {
        return Err(Error::InvalidLength);
    }
    let key = hmac_key(prk);
    let mut previous = Zeroizing::new([0u8; PRK_BYTES]);
    for (counter, chunk) in (1u8..=255).zip(out.chunks_mut(PRK_BYTES)) {
        let mut mac = key.clone();
        if counter > 1 {
            mac.update(&previous[..]);
        }
        for part in info {
            mac.update(part);
        }
        mac.update(&[counter]);
        previous.copy_from_slice(&mac.finalize().into_bytes());
        chunk.copy_from_slice(&previous[..chunk.len()]);
    }
    Ok(())
}

fn hmac_key(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// A master secret from which purpose-bound subkeys are derived. Holds only the HKDF pseudorandom key
/// (zeroized on drop, hidden from `Debug`). Not `Clone`.
pub struct MasterKey {
    prk: Zeroizing<[u8; PRK_BYTES]>,
}

impl MasterKey {
    /// A new random master key from the OS.
    pub fn generate() -> Result<Self> {
        let mut ikm = Zeroizing::new([0u8; MIN_MASTER_KEY_BYTES]);
        crate::rand::fill(&mut ikm[..])?;
        Self::from_bytes(&ikm[..])
    }

    /// Imports a master secret of at least [`MIN_MASTER_KEY_BYTES`] bytes ([`Error::KeyTooShort`] otherwise);
    /// the key is `HKDF-Extract(salt = "", ikm = key)`.
    pub fn from_bytes(key: &[u8]) -> Result<Self> {
        if key.len() < MIN_MASTER_KEY_BYTES {
            return Err(Error::KeyTooShort);
        }
        Ok(MasterKey {
            prk: hkdf_extract(&[], key),
        })
    }

    /// A master key from a password: [`argon2id`] to 32 bytes, then as [`MasterKey::from_bytes`].
    pub fn from_password(password: &[u8], salt: &[u8], params: &PasswordParams) -> Result<Self> {
        let mut ikm = Zeroizing::new([0u8; MIN_MASTER_KEY_BYTES]);
        argon2id(password, salt, params, &mut ikm[..])?;
        Self::from_bytes(&ikm[..])
    }

    /// Derives `out.len()` bytes for `label` (non-empty UTF-8, at most 255 bytes) and `context` (at most
    /// 65535 bytes): `HKDF-Expand(prk, info(label, context), out.len())`.
    ///
    /// Fails with [`Error::InvalidArgument`] for an empty label, [`Error::FieldTooLong`] for a too-long label
    /// or context, [`Error::InvalidLength`] for `out` longer than [`MAX_OKM_BYTES`].
    pub fn derive_into(&self, label: &str, context: &[u8], out: &mut [u8]) -> Result<()> {
        if label.is_empty() {
            return Err(Error::InvalidArgument);
        }
        let label_len = u8::try_from(label.len()).map_err(|_| Error::FieldTooLong)?;
        let context_len = u16::try_from(context.len())
            .map_err(|_| Error::FieldTooLong)?
            .to_be_bytes();
        let info: [&[u8]; 5] = [
            &[INFO_VERSION],
            &[label_len],
            label.as_bytes(),
            &context_len,
            context,
        ];
        expand_parts(&self.prk[..], &info, out)
    }

    /// The HMAC-SHA256 signing key for `context` (label [`LABEL_MAC`]).
    pub fn mac_key(&self, context: &[u8]) -> Result<MacKey> {
        let bytes = self.derive_array(LABEL_MAC, context)?;
        MacKey::from_bytes(&bytes[..])
    }

    /// The AEAD key for `algorithm` and `context` (label [`sealing_label`]).
    pub fn sealing_key(&self, algorithm: Algorithm, context: &[u8]) -> Result<SealingKey> {
        let bytes = self.derive_array(sealing_label(algorithm), context)?;
        SealingKey::from_bytes(algorithm, &bytes[..])
    }

    /// The Ed25519 signing key for `context` (label [`LABEL_ED25519`]).
    pub fn ed25519_key(&self, context: &[u8]) -> Result<crate::ed25519::SigningKey> {
        let seed = self.derive_array(LABEL_ED25519, context)?;
        crate::ed25519::SigningKey::from_seed(&seed[..])
    }

    fn derive_array(&self, label: &str, context: &[u8]) -> Result<Zeroizing<[u8; KEY_BYTES]>> {
        let mut out = Zeroizing::new([0u8; KEY_BYTES]);
        self.derive_into(label, context, &mut out[..])?;
        Ok(out)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<secret>)")
    }
}

/// Argon2id cost settings, validated on construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordParams {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
}

impl PasswordParams {
    /// 64 MiB, 3 passes, 4 lanes (computed one lane after another: this build is single-threaded).
    pub const DEFAULT: PasswordParams = PasswordParams {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 4,
    };
    /// Accepted memory, in KiB: 19 MiB (the OWASP minimum for Argon2id) to 4 GiB.
    pub const MEMORY_KIB: core::ops::RangeInclusive<u32> = 19 * 1024..=4 * 1024 * 1024;
    /// Accepted passes (time cost).
    pub const PASSES: core::ops::RangeInclusive<u32> = 2..=64;
    /// Accepted lanes (parallelism).
    pub const LANES: core::ops::RangeInclusive<u32> = 1..=16;

    /// Settings with these costs, or [`Error::OutOfRange`] when one is outside its accepted range.
    pub fn new(memory_kib: u32, passes: u32, lanes: u32) -> Result<Self> {
        if !Self::MEMORY_KIB.contains(&memory_kib)
            || !Self::PASSES.contains(&passes)
            || !Self::LANES.contains(&lanes)
        {
            return Err(Error::OutOfRange);
        }
        Ok(PasswordParams {
            memory_kib,
            passes,
            lanes,
        })
    }

    /// Memory in KiB.
    pub fn memory_kib(&self) -> u32 {
        self.memory_kib
    }

    /// Passes over memory (time cost).
    pub fn passes(&self) -> u32 {
        self.passes
    }

    /// Lanes (parallelism).
    pub fn lanes(&self) -> u32 {
        self.lanes
    }
}

impl Default for PasswordParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Argon2id (RFC 9106, version 0x13) of `password` under `salt` into `out`.
///
/// Fails with [`Error::SaltTooShort`] for a salt under [`MIN_SALT_BYTES`] and [`Error::InvalidLength`] for
/// an `out` length outside [`ARGON2_OUTPUT_BYTES`]. Slow by design (about a quarter second with the
/// defaults); run it off latency-sensitive threads.
pub fn argon2id(password: &[u8], salt: &[u8], params: &PasswordParams, out: &mut [u8]) -> Result<()> {
    if salt.len() < MIN_SALT_BYTES {
        return Err(Error::SaltTooShort);
    }
    if !ARGON2_OUTPUT_BYTES.contains(&out.len()) {
        return Err(Error::InvalidLength);
    }
    let costs = argon2::Params::new(params.memory_kib, params.passes, params.lanes, Some(out.len()))
        .map_err(|_| Error::OutOfRange)?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, costs)
        .hash_password_into(password, salt, out)
        .map_err(|_| Error::InvalidLength)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5869_case_1() {
        let ikm = [0x0b; 22];
        let salt = crate::hex::decode("000102030405060708090a0b0c").unwrap();
        let info = crate::hex::decode("f0f1f2f3f4f5f6f7f8f9").unwrap();
        let prk = hkdf_extract(&salt, &ikm);
        assert_eq!(
            crate::hex::encode(&prk[..]),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
        );
        let mut okm = [0u8; 42];
        hkdf_expand(&prk[..], &info, &mut okm).unwrap();
        assert_eq!(
            crate::hex::encode(&okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        );
    }

    #[test]
    fn labels_and_contexts_separate_keys() {
        let master = MasterKey::from_bytes(&[1; 32]).unwrap();
        let derive = |label: &str, context: &[u8]| {
            let mut out = [0u8; 32];
            master.derive_into(label, context, &mut out).unwrap();
            out
        };
        assert_eq!(derive("a", b"c"), derive("a", b"c"));
        assert_ne!(derive("a", b"c"), derive("b", b"c"));
        assert_ne!(derive("a", b"c"), derive("a", b"d"));
        assert_ne!(derive("ab", b""), derive("a", b"b"));
        let mut out = [0u8; 32];
        assert_eq!(master.derive_into("", b"", &mut out), Err(Error::InvalidArgument));
        assert_eq!(
            master.derive_into(&"x".repeat(256), b"", &mut out),
            Err(Error::FieldTooLong)
        );
        assert_eq!(
            master.derive_into("x", b"", &mut [0u8; MAX_OKM_BYTES + 1]),
            Err(Error::InvalidLength)
        );
        assert_eq!(MasterKey::from_bytes(&[1; 31]).unwrap_err(), Error::KeyTooShort);
        assert_eq!(format!("{master:?}"), "MasterKey(<secret>)");
    }

    #[test]
    fn password_params_are_validated() {
        assert_eq!(PasswordParams::new(19 * 1024 - 1, 2, 1), Err(Error::OutOfRange));
        assert_eq!(PasswordParams::new(19 * 1024, 1, 1), Err(Error::OutOfRange));
        assert_eq!(PasswordParams::new(19 * 1024, 2, 0), Err(Error::OutOfRange));
        assert_eq!(PasswordParams::new(19 * 1024, 2, 17), Err(Error::OutOfRange));
        let params = PasswordParams::new(19 * 1024, 2, 1).unwrap();
        let mut out = [0u8; 32];
        assert_eq!(
            argon2id(b"pw", &[0; 15], &params, &mut out),
            Err(Error::SaltTooShort)
        );
        assert_eq!(
            argon2id(b"pw", &[0; 16], &params, &mut out[..15]),
            Err(Error::InvalidLength)
        );
        assert_eq!(
            PasswordParams::default(),
            PasswordParams::new(65536, 3, 4).unwrap()
        );
    }
}
