//! The transport phase: nonces, deterministic rekey and message limits for both directions.
//!
//! Nonces count every message of a direction from 0 and never go back; each direction rekeys (Noise `REKEY`)
//! before the first message of every epoch, where `epoch = nonce / rekey_interval`. Because the epoch is a
//! function of the nonce alone, both peers rotate in step without signalling. A nonce is consumed only by a
//! successful seal or a successful open, so a message that fails to decrypt changes nothing.
//!
//! In [`TransportMode::Datagram`] each message carries its nonce (8 bytes, big-endian) in front of the
//! ciphertext. The receiver checks it against a [`ReplayWindow`] before decrypting and commits it only
//! after the message authenticated; it keeps the key of the previous epoch for late messages and derives at
//! most [`MAX_EPOCH_SKIP`] epochs ahead, so a forged nonce costs a bounded amount of work.

use super::builder::Config;
use super::cipher::CipherKey;
use super::{
    Limits, NoiseCipher, TransportMode, NOISE_KEY_BYTES, NOISE_MAX_MESSAGE_BYTES, NOISE_NONCE_BYTES,
    NOISE_TAG_BYTES,
};
use crate::error::{Error, Result};
use crate::replay::{ReplayWindow, DEFAULT_WINDOW};

/// How many epochs past its current one a datagram receiver derives keys for (more means the peer sent
/// more than `MAX_EPOCH_SKIP * rekey_interval` messages that all got lost: renew the session).
pub const MAX_EPOCH_SKIP: u64 = 4;

/// How many epochs a restored direction may have to rekey forward: the most an export may reserve beyond
/// the sending key's epoch, and the most a state's key may lag its next nonce, so that an import costs at
/// most this many `REKEY`s (about a millisecond each thousand) instead of up to 2^64.
pub const MAX_RESTORE_EPOCHS: u64 = 1 << 16;

fn epoch_of(n: u64, limits: &Limits) -> u64 {
    n.checked_div(limits.rekey_interval).unwrap_or(0)
}

/// Whether a key of `epoch` reaches the epoch of nonce `next` within [`MAX_RESTORE_EPOCHS`] rekeys.
pub(crate) fn within_restore_reach(epoch: u64, next: u64, limits: &Limits) -> bool {
    epoch_of(next, limits).saturating_sub(epoch) <= MAX_RESTORE_EPOCHS
}

/// One direction: its current key, the epoch that key belongs to, and the next nonce.
pub(crate) struct Direction {
    pub(crate) key: CipherKey,
    pub(crate) epoch: u64,
    /// Sending and stream receiving: the next nonce. Datagram receiving: one past the highest accepted.
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
        while self.epoch < epoch_of(n, limits) {
            self.key = self.key.rekey()?;
            self.epoch += 1;
        }
        Ok(&self.key)
    }
}

/// The receiving direction of a datagram session.
pub(crate) struct DatagramReceiver {
    pub(crate) current: Direction,
    /// The key of epoch `current.epoch - 1`, for messages that arrive after the peer rekeyed.
    pub(crate) previous: Option<CipherKey>,
    pub(crate) window: ReplayWindow,
}

impl DatagramReceiver {
    fn read(&mut self, limits: &Limits, message: &[u8], out: &mut [u8]) -> Result<usize> {
        let (nonce, body) = message
            .split_first_chunk::<NOISE_NONCE_BYTES>()
            .ok_or(Error::DecryptFailed)?;
        let n = u64::from_be_bytes(*nonce);
        if n >= limits.max_messages {
            // An honest peer never uses this nonce, so the message cannot authenticate.
            return Err(Error::DecryptFailed);
        }
        // The window counts from 1; nonce n is sequence n + 1 (n < u64::MAX, see above).
        let checked = self.window.check(n + 1)?;
        let (epoch, current) = (epoch_of(n, limits), self.current.epoch);
        let len = if epoch == current {
            self.current.key.open(n, body, out)?
        } else if epoch < current {
            match (&self.previous, current - epoch) {
                (Some(previous), 1) => previous.open(n, body, out)?,
                _ => return Err(Error::TooOld),
            }
        } else if epoch - current > MAX_EPOCH_SKIP {
            return Err(Error::DecryptFailed);
        } else {
            let (mut before, mut key) = (None, self.current.key.rekey()?);
            for _ in 1..epoch - current {
                let after = key.rekey()?;
                before = Some(core::mem::replace(&mut key, after));
            }
            let len = key.open(n, body, out)?;
            let old = core::mem::replace(&mut self.current.key, key);
            self.previous = Some(before.unwrap_or(old));
            self.current.epoch = epoch;
            len
        };
        self.window.commit(checked)?;
        self.current.next = self.current.next.max(n + 1);
        Ok(len)
    }
}

/// The receiving direction, per [`TransportMode`].
// The whole `Transport` is boxed once per session; boxing a variant too would cost an indirection per read.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Receiver {
    Stream(Direction),
    Datagram(DatagramReceiver),
}

impl Receiver {
    pub(crate) fn new(mode: TransportMode, rx: Direction, previous: Option<CipherKey>) -> Result<Self> {
        Ok(match mode {
            TransportMode::Stream => Receiver::Stream(rx),
            TransportMode::Datagram => {
                let window = ReplayWindow::starting_after(DEFAULT_WINDOW, rx.next)?;
                Receiver::Datagram(DatagramReceiver {
                    current: rx,
                    previous,
                    window,
                })
            }
        })
    }

    pub(crate) fn mode(&self) -> TransportMode {
        match self {
            Receiver::Stream(_) => TransportMode::Stream,
            Receiver::Datagram(_) => TransportMode::Datagram,
        }
    }

    /// The direction whose key and counters a persisted session records.
    pub(crate) fn direction(&self) -> &Direction {
        match self {
            Receiver::Stream(direction) => direction,
            Receiver::Datagram(datagram) => &datagram.current,
        }
    }

    pub(crate) fn previous(&self) -> Option<&CipherKey> {
        match self {
            Receiver::Stream(_) => None,
            Receiver::Datagram(datagram) => datagram.previous.as_ref(),
        }
    }
}

pub(crate) struct Transport {
    pub(crate) limits: Limits,
    pub(crate) handshake_hash: [u8; NOISE_KEY_BYTES],
    pub(crate) remote_static: Option<[u8; NOISE_KEY_BYTES]>,
    pub(crate) tx: Direction,
    /// Sending stops before this nonce: the nonces from here on were handed to an exported copy.
    pub(crate) tx_ceiling: u64,
    pub(crate) rx: Receiver,
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
            rx: Receiver::new(config.mode, Direction::new(cipher, rx, 0, 0)?, None)?,
        })
    }

    /// Bytes a message adds to its payload.
    pub(crate) fn overhead(&self) -> usize {
        match self.rx.mode() {
            TransportMode::Stream => NOISE_TAG_BYTES,
            TransportMode::Datagram => NOISE_NONCE_BYTES + NOISE_TAG_BYTES,
        }
    }

    /// Whether either direction has used [`super::limits::NEAR_EXPIRY_PERCENT`] of its messages.
    pub(crate) fn near_expiry(&self) -> bool {
        let used = self.tx.next.max(self.rx.direction().next);
        super::limits::past_threshold(used, self.limits.max_messages)
    }

    pub(crate) fn write(&mut self, payload: &[u8], out: &mut [u8]) -> Result<usize> {
        let overhead = self.overhead();
        if payload.len() > NOISE_MAX_MESSAGE_BYTES - overhead {
            return Err(Error::FrameTooLarge);
        }
        let n = self.tx.next;
        if n >= self.limits.max_messages || n >= self.tx_ceiling {
            return Err(Error::SessionExpired);
        }
        let out = out
            .get_mut(..payload.len() + overhead)
            .ok_or(Error::BufferTooSmall)?;
        let (prefix, body) = out.split_at_mut(overhead - NOISE_TAG_BYTES);
        prefix.copy_from_slice(&n.to_be_bytes()[..prefix.len()]);
        self.tx.key_for(n, &self.limits)?.seal(n, payload, body)?;
        self.tx.next = n + 1;
        Ok(out.len())
    }

    pub(crate) fn read(&mut self, message: &[u8], out: &mut [u8]) -> Result<usize> {
        if message.len() > NOISE_MAX_MESSAGE_BYTES {
            return Err(Error::FrameTooLarge);
        }
        match &mut self.rx {
            Receiver::Stream(rx) => {
                let n = rx.next;
                if n >= self.limits.max_messages {
                    return Err(Error::SessionExpired);
                }
                let len = rx.key_for(n, &self.limits)?.open(n, message, out)?;
                rx.next = n + 1;
                Ok(len)
            }
            Receiver::Datagram(rx) => rx.read(&self.limits, message, out),
        }
    }
}
