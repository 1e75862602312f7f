//! Nonces chosen by the library, never by the caller.
//!
//! - AES-256-GCM and ChaCha20-Poly1305 (96-bit nonces): each key object draws a random 96-bit starting point
//!   when it is created and hands out `start + used` (mod 2^96), where `used` is an atomic counter that every
//!   seal advances. One atomic read-modify-write per seal makes the nonces of one key object distinct across
//!   threads, by construction.
//! - XChaCha20-Poly1305 (192-bit nonces): a fresh random nonce from the OS for every message.
//!
//! The counter also meters the key's safe message limit: for AES-256-GCM each seal costs
//! `1 + ceil(plaintext_len / 16)` (one for the message, one per encrypted block), which is the `q + σ` of
//! the AES-GCM confidentiality and integrity bounds; the other algorithms cost one per message.

use core::sync::atomic::{AtomicU64, Ordering};

use super::Algorithm;
use crate::error::{Error, Result};

/// The AES-256-GCM budget, in `q + σ` units (messages plus 16-byte blocks): 2^36, about 1 TiB of data.
///
/// Keeps the confidentiality advantage of AES-GCM at `(q + σ + 1)^2 / 2^129 <= 2^-57` (the bound used by
/// the IRTF CFRG AEAD-limits draft). ChaCha20-Poly1305 and XChaCha20-Poly1305 have no practical limit.
pub const AES_256_GCM_LIMIT: u64 = 1 << 36;

/// The nonce source and message budget of one key object. Deliberately not `Clone`.
#[derive(Debug)]
pub(crate) struct Nonces {
    algorithm: Algorithm,
    start: u128,
    used: AtomicU64,
    /// Only ever lowered (by tests), so a shared key can have it lowered without `&mut`.
    limit: AtomicU64,
}

impl Nonces {
    pub(crate) fn new(algorithm: Algorithm) -> Result<Self> {
        let mut start = [0u8; 16];
        if algorithm != Algorithm::XChaCha20Poly1305 {
            crate::rand::fill(&mut start[4..])?;
        }
        let limit = match algorithm {
            Algorithm::Aes256Gcm => AES_256_GCM_LIMIT,
            Algorithm::ChaCha20Poly1305 | Algorithm::XChaCha20Poly1305 => u64::MAX,
        };
        Ok(Nonces {
            algorithm,
            start: u128::from_be_bytes(start),
            used: AtomicU64::new(0),
            limit: AtomicU64::new(limit),
        })
    }

    /// Writes the nonce for sealing `plaintext_len` bytes into `out` (exactly [`Algorithm::nonce_len`]
    /// bytes), or fails with [`Error::KeyExhausted`] once the budget is spent (then every later call fails
    /// too: the counter never moves past the limit).
    pub(crate) fn next_into(&self, plaintext_len: usize, out: &mut [u8]) -> Result<()> {
        let cost = match self.algorithm {
            Algorithm::Aes256Gcm => 1 + (plaintext_len as u64).div_ceil(16),
            Algorithm::ChaCha20Poly1305 | Algorithm::XChaCha20Poly1305 => 1,
        };
        // Relaxed is enough: distinctness needs only the single modification order of `used`.
        let limit = self.limit.load(Ordering::Relaxed);
        let before = self
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(cost).filter(|&after| after <= limit)
            })
            .map_err(|_| Error::KeyExhausted)?;
        if self.algorithm == Algorithm::XChaCha20Poly1305 {
            return crate::rand::fill(out);
        }
        let value = self.start.wrapping_add(u128::from(before));
        out.copy_from_slice(&value.to_be_bytes()[4..]);
        Ok(())
    }

    /// Lowers the budget (never raises it).
    pub(crate) fn lower_limit(&self, limit: u64) {
        self.limit.fetch_min(limit, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MASK_96: u128 = (1 << 96) - 1;

    /// The next 96-bit nonce.
    fn next(nonces: &Nonces, plaintext_len: usize) -> Result<[u8; 12]> {
        let mut nonce = [0u8; 12];
        nonces.next_into(plaintext_len, &mut nonce)?;
        Ok(nonce)
    }

    #[test]
    fn counter_nonces_are_consecutive_and_gcm_pays_per_block() {
        let nonces = Nonces::new(Algorithm::Aes256Gcm).unwrap();
        let value = |n: [u8; 12]| {
            let mut wide = [0u8; 16];
            wide[4..].copy_from_slice(&n);
            u128::from_be_bytes(wide)
        };
        let a = value(next(&nonces, 0).unwrap());
        let b = value(next(&nonces, 17).unwrap());
        let c = value(next(&nonces, 0).unwrap());
        assert_eq!(b, (a + 1) & MASK_96);
        assert_eq!(c, (b + 3) & MASK_96);
    }

    #[test]
    fn the_budget_is_exact_and_stays_spent() {
        let nonces = Nonces::new(Algorithm::ChaCha20Poly1305).unwrap();
        nonces.lower_limit(2);
        nonces.lower_limit(100);
        assert!(next(&nonces, 1000).is_ok());
        assert!(next(&nonces, 1000).is_ok());
        assert!(matches!(next(&nonces, 0), Err(Error::KeyExhausted)));
        assert!(matches!(next(&nonces, 0), Err(Error::KeyExhausted)));
    }

    #[test]
    fn the_start_wraps_modulo_2_pow_96() {
        let mut nonces = Nonces::new(Algorithm::ChaCha20Poly1305).unwrap();
        nonces.start = MASK_96;
        assert_eq!(next(&nonces, 0).unwrap(), [0xff; 12]);
        assert_eq!(next(&nonces, 0).unwrap(), [0; 12]);
    }
}
