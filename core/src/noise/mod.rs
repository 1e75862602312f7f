//! Noise protocol sessions with lifetimes, deterministic rekey, framing and persistence.
//!
//! A [`NoiseSession`] runs one of the [`NoiseProtocol`]s (`Noise_XX_25519_ChaChaPoly_SHA256` by default;
//! IK, NK and XXpsk3; ChaChaPoly or AESGCM) through an explicit [`SessionState`] machine:
//! `Handshaking -> Transport`, with `Failed` (a bad handshake message or a refused peer, final) and
//! `Expired` (age, idle or message limit, see [`Limits`]; renew with a fresh handshake). Every call in the
//! wrong state fails with [`Error::WrongState`] (or [`Error::SessionExpired`]). The peer's static key must
//! pass a pinned allowlist or a callback before the session reaches `Transport`.
//!
//! The handshake is [snow](https://docs.rs/snow)'s (with ring's ciphers and hashes). Transport messages
//! are Noise `ENCRYPT`/`DECRYPT` with the split keys, driven here so that nonces are owned by this crate:
//! a failed decrypt never advances a nonce, both directions rekey every [`Limits::rekey_interval`]
//! messages in step, and a session can be persisted without nonce reuse.
//!
//! Time is injected: every call takes `now_ms` from the caller's monotonic clock.
//!
//! ```
//! use tradeseal::noise::{NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair, NOISE_MAX_MESSAGE_BYTES};
//!
//! let (alice, bob) = (StaticKeypair::generate()?, StaticKeypair::generate()?);
//! let mut builder = NoiseBuilder::new(NoiseProtocol::default());
//! builder.prologue(b"tradeseal demo v1")?.local_keypair(&alice)?.allow_peer(bob.public())?;
//! let mut initiator = builder.build_initiator(0)?;
//! let mut builder = NoiseBuilder::new(NoiseProtocol::default());
//! builder.prologue(b"tradeseal demo v1")?.local_keypair(&bob)?.allow_peer(alice.public())?;
//! let mut responder = builder.build_responder(0)?;
//!
//! let (mut msg, mut out) = (vec![0u8; NOISE_MAX_MESSAGE_BYTES], vec![0u8; NOISE_MAX_MESSAGE_BYTES]);
//! let now = 1_000;
//! let n = initiator.write_message(now, b"", &mut msg)?;   // -> e
//! responder.read_message(now, &msg[..n], &mut out)?;
//! let n = responder.write_message(now, b"", &mut msg)?;   // <- e, ee, s, es
//! initiator.read_message(now, &msg[..n], &mut out)?;
//! let n = initiator.write_message(now, b"", &mut msg)?;   // -> s, se
//! responder.read_message(now, &msg[..n], &mut out)?;
//! assert_eq!(responder.state(), SessionState::Transport);
//!
//! let n = initiator.write_message(now, b"BUY 1 EURUSD", &mut msg)?;
//! let m = responder.read_message(now, &msg[..n], &mut out)?;
//! assert_eq!(&out[..m], b"BUY 1 EURUSD");
//! # Ok::<(), tradeseal::Error>(())
//! ```

mod builder;
mod cipher;
mod framing;
mod handshake;
mod keys;
mod limits;
mod persist;
mod session;
mod transport;

pub use builder::{NoiseBuilder, PeerVerifier};
pub use framing::{encode_frame, FrameDecoder, FRAME_HEADER_BYTES};
pub use keys::StaticKeypair;
pub use limits::{Limits, NEAR_EXPIRY_PERCENT};
pub use persist::{EXPORT_MAX_BYTES, STATE_BYTES, STATE_VERSION};
pub use session::{NoiseSession, SessionState};
pub use transport::{MAX_EPOCH_SKIP, MAX_RESTORE_EPOCHS};

use crate::error::{Error, Result};

/// Bytes of an X25519 key, a Noise transport key and the handshake hash.
pub const NOISE_KEY_BYTES: usize = 32;
/// Bytes of a pre-shared key.
pub const NOISE_PSK_BYTES: usize = 32;
/// Bytes of the authentication tag on every encrypted Noise payload.
pub const NOISE_TAG_BYTES: usize = 16;
/// The largest Noise message (handshake or transport), as fixed by the Noise spec.
pub const NOISE_MAX_MESSAGE_BYTES: usize = 65535;
/// Bytes of the explicit nonce in front of every [`TransportMode::Datagram`] message.
pub const NOISE_NONCE_BYTES: usize = 8;
/// The most bytes a message adds to its payload, in every supported protocol: the second XX message and
/// the first IK message carry an ephemeral key, an encrypted static key and the payload's tag
/// (32 + 48 + 16). Transport messages add [`NOISE_TAG_BYTES`], and datagrams [`NOISE_NONCE_BYTES`] more.
pub const NOISE_MAX_OVERHEAD_BYTES: usize = 96;

/// A supported handshake pattern (all with X25519 and SHA-256).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NoisePattern {
    /// Mutual authentication, static keys sent encrypted (the default).
    Xx = 1,
    /// Initiator already knows the responder's static key; 1-RTT.
    Ik = 2,
    /// Anonymous initiator, known responder.
    Nk = 3,
    /// XX with a pre-shared key mixed in at the end.
    XxPsk3 = 4,
}

/// A supported transport cipher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NoiseCipher {
    /// ChaCha20-Poly1305 (the default).
    ChaChaPoly = 1,
    /// AES-256-GCM.
    AesGcm = 2,
}

/// How transport messages travel. Both peers must use the same mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TransportMode {
    /// Reliable, ordered delivery (TCP; frame with [`encode_frame`] / [`FrameDecoder`]). Nonces are
    /// implicit: each side counts messages.
    Stream = 1,
    /// Unordered, lossy delivery (UDP). Each message starts with its 8-byte big-endian nonce; the receiver
    /// accepts each nonce once through a [`crate::ReplayWindow`] (duplicates fail with [`Error::Replayed`],
    /// nonces too far behind with [`Error::TooOld`]).
    Datagram = 2,
}

/// What a pattern requires from one side's builder.
pub(crate) struct Needs {
    pub(crate) local: bool,
    pub(crate) remote: bool,
    pub(crate) psk: bool,
    /// Whether this side learns the peer's static key during the handshake (and so must authorise it).
    pub(crate) policy: bool,
}

impl NoisePattern {
    /// Every pattern.
    pub const ALL: [NoisePattern; 4] = [
        NoisePattern::Xx,
        NoisePattern::Ik,
        NoisePattern::Nk,
        NoisePattern::XxPsk3,
    ];

    fn token(self) -> &'static str {
        match self {
            NoisePattern::Xx => "XX",
            NoisePattern::Ik => "IK",
            NoisePattern::Nk => "NK",
            NoisePattern::XxPsk3 => "XXpsk3",
        }
    }

    pub(crate) fn needs(self, initiator: bool) -> Needs {
        let xx = matches!(self, NoisePattern::Xx | NoisePattern::XxPsk3);
        Needs {
            local: !(initiator && self == NoisePattern::Nk),
            remote: initiator && !xx,
            psk: self == NoisePattern::XxPsk3,
            policy: xx || (!initiator && self == NoisePattern::Ik),
        }
    }
}

impl NoiseCipher {
    /// Every cipher.
    pub const ALL: [NoiseCipher; 2] = [NoiseCipher::ChaChaPoly, NoiseCipher::AesGcm];

    fn token(self) -> &'static str {
        match self {
            NoiseCipher::ChaChaPoly => "ChaChaPoly",
            NoiseCipher::AesGcm => "AESGCM",
        }
    }
}

/// A pattern and a cipher: one of the eight protocols this crate speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NoiseProtocol {
    /// The handshake pattern.
    pub pattern: NoisePattern,
    /// The transport cipher.
    pub cipher: NoiseCipher,
}

impl Default for NoiseProtocol {
    /// `Noise_XX_25519_ChaChaPoly_SHA256`.
    fn default() -> Self {
        NoiseProtocol {
            pattern: NoisePattern::Xx,
            cipher: NoiseCipher::ChaChaPoly,
        }
    }
}

impl NoiseProtocol {
    /// Parses a full protocol name such as `Noise_IK_25519_AESGCM_SHA256`; anything this crate does not
    /// support fails with [`Error::UnsupportedAlgorithm`].
    pub fn from_name(name: &str) -> Result<Self> {
        let mut parts = name.split('_');
        let (Some("Noise"), Some(pattern), Some("25519"), Some(cipher), Some("SHA256"), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Error::UnsupportedAlgorithm);
        };
        let pattern = NoisePattern::ALL
            .into_iter()
            .find(|p| p.token() == pattern)
            .ok_or(Error::UnsupportedAlgorithm)?;
        let cipher = NoiseCipher::ALL
            .into_iter()
            .find(|c| c.token() == cipher)
            .ok_or(Error::UnsupportedAlgorithm)?;
        Ok(NoiseProtocol { pattern, cipher })
    }

    /// The full protocol name, e.g. `Noise_XX_25519_ChaChaPoly_SHA256`.
    pub fn name(&self) -> String {
        format!(
            "Noise_{}_25519_{}_SHA256",
            self.pattern.token(),
            self.cipher.token()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_names_round_trip_and_unknown_ones_are_refused() {
        for pattern in NoisePattern::ALL {
            for cipher in NoiseCipher::ALL {
                let protocol = NoiseProtocol { pattern, cipher };
                assert_eq!(NoiseProtocol::from_name(&protocol.name()), Ok(protocol));
            }
        }
        assert_eq!(
            NoiseProtocol::default().name(),
            "Noise_XX_25519_ChaChaPoly_SHA256"
        );
        for bad in [
            "",
            "Noise_XX_25519_ChaChaPoly_SHA256_",
            "Noise_XX_448_ChaChaPoly_SHA256",
            "Noise_XX_25519_ChaChaPoly_BLAKE2s",
            "Noise_NN_25519_ChaChaPoly_SHA256",
        ] {
            assert_eq!(NoiseProtocol::from_name(bad), Err(Error::UnsupportedAlgorithm));
        }
    }
}
