//! The transport phase: nonces, deterministic rekey and message limits for both directions.
//!
//! Nonces count every message of a direction from 0 and never go back; each direction rekeys (Noise `REKEY`)
//! before the first message of every epoch, where `epoch = nonce / rekey_interval`. Because the epoch is a
//! function of the nonce alone, both peers rotate in step without signalling. A nonce is consumed only by a
//! successful seal or a successful open, so a message that fails to decrypt changes nothing.

use super::builder::Config;
use super::cipher::CipherKey;
use super::{Limits, NoiseCipher, NOISE_KEY_BYTES, NOISE_MAX_MESSAGE_BYTES, NOISE_TAG_BYTES};
use crate::error::{Error, Result};

/// One direction: its current key, the epoch that key belongs to, and the next nonce.
pub(crate) struct Direction {
    pub(crate) key: CipherKey,
    pub(crate) epoch: u64,
    pub(crate) next: u64,
}

impl Direction {
    pub(crate) fn new(
        cipher: NoiseCipher,
        key: &[u8; NOISE_KEY_BYTES],
        epoch: u64,
        next: u64,
    ) -> Result<Self> {
        Ok(Direction {
            key: CipherKey::new(cipher, key)?,
            epoch,
            next,
        })
    }

    /// Rekeys until the key belongs to the epoch of nonce `n`.
    fn key_for(&mut self, n: u64, limits: &Limits) -> Result<&CipherKey> {
        let epoch = n.checked_div(limits.rekey_interval).unwrap_or(0);
        while self.epoch < epoch {
            self.key = self.key.rekey()?;
            self.epoch += 1;
        }
        Ok(&self.key)
    }
}

pub(crate) struct Transport {
    pub(crate) limits: Limits,
    pub(crate) handshake_hash: [u8; NOISE_KEY_BYTES],
    pub(crate) remote_static: Option<[u8; NOISE_KEY_BYTES]>,
    pub(crate) tx: Direction,
    /// Sending stops before this nonce: the nonces from here on were handed to an exported copy.
    pub(crate) tx_ceiling: u64,
    pub(crate) rx: Direction,
}

impl Transport {
    pub(crate) fn new(
        config: &Config,
        handshake_hash: [u8; NOISE_KEY_BYTES],
        remote_static: Option<[u8; NOISE_KEY_BYTES]>,
        tx: &[u8; NOISE_KEY_BYTES],
        rx: &[u8; NOISE_KEY_BYTES],
    ) -> Result<Self> {
        let cipher = config.protocol.cipher;
        Ok(Transport {
            limits: config.limits,
            handshake_hash,
            remote_static,
            tx: Direction::new(cipher, tx, 0, 0)?,
            tx_ceiling: u64::MAX,
            rx: Direction::new(cipher, rx, 0, 0)?,
        })
    }

    /// Whether either direction has used [`super::limits::NEAR_EXPIRY_PERCENT`] of its messages.
    pub(crate) fn near_expiry(&self) -> bool {
        let used = self.tx.next.max(self.rx.next);
        super::limits::past_threshold(used, self.limits.max_messages)
    }

    pub(crate) fn write(&mut self, payload: &[u8], out: &mut [u8]) -> Result<usize> {
        if payload.len() > NOISE_MAX_MESSAGE_BYTES - NOISE_TAG_BYTES {
            return Err(Error::FrameTooLarge);
        }
        let n = self.tx.next;
        if n >= self.limits.max_messages || n >= self.tx_ceiling {
            return Err(Error::SessionExpired);
        }
        let len = self.tx.key_for(n, &self.limits)?.seal(n, payload, out)?;
        self.tx.next = n + 1;
        Ok(len)
    }

    pub(crate) fn read(&mut self, message: &[u8], out: &mut [u8]) -> Result<usize> {
        if message.len() > NOISE_MAX_MESSAGE_BYTES {
            return Err(Error::FrameTooLarge);
        }
        let n = self.rx.next;
        if n >= self.limits.max_messages {
            return Err(Error::SessionExpired);
        }
        let len = self.rx.key_for(n, &self.limits)?.open(n, message, out)?;
        self.rx.next = n + 1;
        Ok(len)
    }
}
