//! [`NoiseSession`]: the state machine over the handshake and transport phases.

use std::sync::Arc;

use super::builder::Config;
use super::handshake::Handshake;
use super::limits::Clock;
use super::transport::Transport;
use super::{NoiseProtocol, NOISE_KEY_BYTES};
use crate::error::{Error, Result};

/// Where a [`NoiseSession`] is in its life. Only `Handshaking -> Transport`, `Handshaking -> Failed`,
/// and `Handshaking | Transport -> Expired` ever happen; `Expired` and `Failed` are final.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum SessionState {
    /// Handshake messages are being exchanged; see [`NoiseSession::is_my_turn`].
    Handshaking = 1,
    /// The handshake finished and the peer is authorised: application messages flow.
    Transport = 2,
    /// An age, idle or message limit was reached. Every call fails with [`Error::SessionExpired`];
    /// [`NoiseSession::renew`] starts a fresh handshake.
    Expired = 3,
    /// The handshake failed (bad message or peer not allowed). Every call fails with [`Error::WrongState`].
    Failed = 4,
}

pub(crate) enum Phase {
    Handshaking(Handshake),
    Transport(Box<Transport>),
    Expired,
    Failed,
}

/// One end of a Noise channel, from the first handshake message to expiry.
///
/// Made by [`super::NoiseBuilder`]. Every call takes the caller's current time in milliseconds (any
/// monotonic clock, the same one for the whole session) and checks the [`super::Limits`] first.
/// Messages are written into and read from caller buffers; a message never exceeds
/// [`super::NOISE_MAX_MESSAGE_BYTES`].
pub struct NoiseSession {
    pub(crate) config: Arc<Config>,
    pub(crate) initiator: bool,
    pub(crate) clock: Clock,
    pub(crate) phase: Phase,
}

impl core::fmt::Debug for NoiseSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NoiseSession")
            .field("protocol", &self.config.protocol.name())
            .field("initiator", &self.initiator)
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl NoiseSession {
    pub(crate) fn start(config: Arc<Config>, handshake: Handshake, now_ms: u64) -> Self {
        let initiator = handshake.is_initiator();
        NoiseSession {
            config,
            initiator,
            clock: Clock::new(now_ms),
            phase: Phase::Handshaking(handshake),
        }
    }

    /// The current state.
    pub fn state(&self) -> SessionState {
        match self.phase {
            Phase::Handshaking(_) => SessionState::Handshaking,
            Phase::Transport(_) => SessionState::Transport,
            Phase::Expired => SessionState::Expired,
            Phase::Failed => SessionState::Failed,
        }
    }

    /// The protocol this session runs.
    pub fn protocol(&self) -> NoiseProtocol {
        self.config.protocol
    }

    /// Whether this side started the handshake.
    pub fn is_initiator(&self) -> bool {
        self.initiator
    }

    /// Whether the next call should be [`NoiseSession::write_message`]: during the handshake, whether it is
    /// this side's turn; in transport, always (either side may write at any time).
    pub fn is_my_turn(&self) -> bool {
        match &self.phase {
            Phase::Handshaking(handshake) => handshake.is_my_turn(),
            Phase::Transport(_) => true,
            Phase::Expired | Phase::Failed => false,
        }
    }

    /// The peer's authorised static public key (transport only; `None` when the pattern has none, as
    /// for the NK responder).
    pub fn remote_static(&self) -> Result<Option<&[u8; NOISE_KEY_BYTES]>> {
        Ok(self.transport()?.remote_static.as_ref())
    }

    /// The handshake hash, identical on both sides (for channel binding). Transport only.
    pub fn handshake_hash(&self) -> Result<&[u8; NOISE_KEY_BYTES]> {
        Ok(&self.transport()?.handshake_hash)
    }

    /// Whether the session has used 80 % of its age or message budget and should be renewed soon.
    pub fn is_near_expiry(&self, now_ms: u64) -> bool {
        let limits = &self.config.limits;
        match &self.phase {
            Phase::Handshaking(_) => self.clock.near_expiry(limits, now_ms),
            Phase::Transport(transport) => self.clock.near_expiry(limits, now_ms) || transport.near_expiry(),
            Phase::Expired | Phase::Failed => true,
        }
    }

    /// A fresh session with the same settings and role, starting a new handshake (new ephemeral keys, new
    /// transport keys, new limits). Works in any state.
    pub fn renew(&self, now_ms: u64) -> Result<NoiseSession> {
        let handshake = Handshake::new(&self.config, self.initiator, None)?;
        Ok(NoiseSession::start(Arc::clone(&self.config), handshake, now_ms))
    }

    /// Writes the next message (a handshake message with `payload`, or an encrypted transport message)
    /// into `out` and returns its length.
    ///
    /// `out` must hold `payload.len()` plus the overhead: 16 bytes per transport message (24 per
    /// datagram), at most [`NOISE_MAX_OVERHEAD_BYTES`](super::NOISE_MAX_OVERHEAD_BYTES) during the handshake
    /// (a 65535-byte buffer always suffices). Errors: [`Error::WrongState`] when
    /// it is not this side's turn or the session failed, [`Error::SessionExpired`], [`Error::BufferTooSmall`],
    /// [`Error::FrameTooLarge`] when the message would exceed 65535 bytes.
    pub fn write_message(&mut self, now_ms: u64, payload: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_alive(now_ms)?;
        let result = match &mut self.phase {
            Phase::Handshaking(handshake) => handshake.write(payload, out),
            Phase::Transport(transport) => transport.write(payload, out),
            Phase::Expired | Phase::Failed => Err(Error::WrongState),
        };
        self.settle(now_ms, result, false)
    }

    /// Reads the peer's next message into `out` and returns the payload length.
    ///
    /// `out` must hold `message.len()` bytes during the handshake and `message.len() - 16` in transport.
    /// A handshake message that does not verify fails the session for good ([`Error::HandshakeFailed`],
    /// or [`Error::PeerNotAllowed`] for a refused peer). A transport message that does not decrypt fails
    /// with [`Error::DecryptFailed`], wipes `out` and changes nothing else: the session stays usable and
    /// the expected nonce does not move.
    pub fn read_message(&mut self, now_ms: u64, message: &[u8], out: &mut [u8]) -> Result<usize> {
        self.check_alive(now_ms)?;
        let result = match &mut self.phase {
            Phase::Handshaking(handshake) => handshake.read(message, out, self.config.policy.as_ref()),
            Phase::Transport(transport) => transport.read(message, out),
            Phase::Expired | Phase::Failed => Err(Error::WrongState),
        };
        self.settle(now_ms, result, true)
    }

    pub(crate) fn transport(&self) -> Result<&Transport> {
        match &self.phase {
            Phase::Transport(transport) => Ok(transport),
            Phase::Expired => Err(Error::SessionExpired),
            _ => Err(Error::WrongState),
        }
    }

    pub(crate) fn check_alive(&mut self, now_ms: u64) -> Result<()> {
        match self.phase {
            Phase::Expired => Err(Error::SessionExpired),
            Phase::Failed => Err(Error::WrongState),
            _ => self
                .clock
                .check(&self.config.limits, now_ms)
                .inspect_err(|_| self.phase = Phase::Expired),
        }
    }

    /// Applies the state transition a read or write result implies.
    fn settle(&mut self, now_ms: u64, result: Result<usize>, reading: bool) -> Result<usize> {
        match result {
            Ok(len) => {
                self.clock.touch(now_ms);
                self.finish_handshake()?;
                Ok(len)
            }
            Err(Error::SessionExpired) => {
                self.phase = Phase::Expired;
                Err(Error::SessionExpired)
            }
            // Caller mistakes, transport data errors and refused handshake writes (snow restores its state)
            // leave the session as it was.
            Err(e)
                if e.is_misuse()
                    || matches!(self.phase, Phase::Transport(_))
                    || (!reading && e != Error::HandshakeFailed) =>
            {
                Err(e)
            }
            // A handshake that read bad data, or could not continue, is over.
            Err(e) => {
                self.phase = Phase::Failed;
                Err(e)
            }
        }
    }

    fn finish_handshake(&mut self) -> Result<()> {
        if !matches!(&self.phase, Phase::Handshaking(handshake) if handshake.is_finished()) {
            return Ok(());
        }
        let Phase::Handshaking(handshake) = core::mem::replace(&mut self.phase, Phase::Failed) else {
            return Ok(());
        };
        self.phase = Phase::Transport(Box::new(handshake.into_transport(&self.config)?));
        Ok(())
    }
}
