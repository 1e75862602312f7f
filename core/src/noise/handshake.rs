//! The handshake phase: snow's `HandshakeState` plus the peer check, and the split into a [`Transport`].

use snow::params::NoiseParams;
use zeroize::Zeroizing;

use super::builder::{Config, PeerPolicy};
use super::transport::Transport;
use super::{NOISE_KEY_BYTES, NOISE_MAX_MESSAGE_BYTES};
use crate::error::{Error, Result};

/// The psk position of XXpsk3.
const PSK3: u8 = 3;

pub(crate) struct Handshake {
    state: Box<snow::HandshakeState>,
    /// Whether the peer's static key was authorised, or the pattern gives this side none to check.
    peer_checked: bool,
}

fn failed(_: snow::Error) -> Error {
    Error::HandshakeFailed
}

impl Handshake {
    pub(crate) fn new(
        config: &Config,
        initiator: bool,
        fixed_ephemeral: Option<&[u8; NOISE_KEY_BYTES]>,
    ) -> Result<Self> {
        let params: NoiseParams = config.protocol.name().parse().map_err(|_| Error::Internal)?;
        let mut builder = snow::Builder::new(params)
            .prologue(&config.prologue)
            .map_err(|_| Error::Internal)?;
        if let Some(local) = &config.local {
            builder = builder
                .local_private_key(&local[..])
                .map_err(|_| Error::Internal)?;
        }
        if let Some(remote) = &config.remote {
            builder = builder.remote_public_key(remote).map_err(|_| Error::Internal)?;
        }
        if let Some(psk) = &config.psk {
            builder = builder.psk(PSK3, psk).map_err(|_| Error::Internal)?;
        }
        if let Some(ephemeral) = fixed_ephemeral {
            builder = builder.fixed_ephemeral_key_for_testing_only(ephemeral);
        }
        let state = if initiator {
            builder.build_initiator()
        } else {
            builder.build_responder()
        };
        let state = Box::new(state.map_err(|_| Error::Internal)?);
        Ok(Handshake {
            state,
            peer_checked: !config.protocol.pattern.needs(initiator).policy,
        })
    }

    pub(crate) fn is_initiator(&self) -> bool {
        self.state.is_initiator()
    }

    pub(crate) fn is_my_turn(&self) -> bool {
        self.state.is_my_turn()
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.state.is_handshake_finished()
    }

    /// Writes the next handshake message. Failures leave the handshake as it was (snow restores it).
    pub(crate) fn write(&mut self, payload: &[u8], out: &mut [u8]) -> Result<usize> {
        if !self.state.is_my_turn() {
            return Err(Error::WrongState);
        }
        self.state.write_message(payload, out).map_err(|e| match e {
            snow::Error::Input if out.len() < NOISE_MAX_MESSAGE_BYTES => Error::BufferTooSmall,
            snow::Error::Input => Error::FrameTooLarge,
            _ => Error::HandshakeFailed,
        })
    }

    /// Reads the peer's next handshake message into `out` (which must hold `message.len()` bytes), then
    /// checks the peer's static key as soon as it is known.
    pub(crate) fn read(
        &mut self,
        message: &[u8],
        out: &mut [u8],
        policy: Option<&PeerPolicy>,
    ) -> Result<usize> {
        if self.state.is_my_turn() {
            return Err(Error::WrongState);
        }
        if out.len() < message.len().min(NOISE_MAX_MESSAGE_BYTES) {
            return Err(Error::BufferTooSmall);
        }
        let len = self.state.read_message(message, out).map_err(failed)?;
        if !self.peer_checked {
            if let Some(peer) = self.state.get_remote_static() {
                let peer: [u8; NOISE_KEY_BYTES] = peer.try_into().map_err(|_| Error::HandshakeFailed)?;
                policy.ok_or(Error::PeerNotAllowed)?.check(&peer)?;
                self.peer_checked = true;
            }
        }
        Ok(len)
    }

    /// Splits the finished handshake into the two transport directions.
    pub(crate) fn into_transport(mut self, config: &Config) -> Result<Transport> {
        if !self.is_finished() || !self.peer_checked {
            return Err(Error::WrongState);
        }
        let hash: [u8; NOISE_KEY_BYTES] = self
            .state
            .get_handshake_hash()
            .try_into()
            .map_err(|_| Error::Internal)?;
        let remote = match self.state.get_remote_static() {
            Some(key) => Some(<[u8; NOISE_KEY_BYTES]>::try_from(key).map_err(|_| Error::Internal)?),
            None => None,
        };
        let (initiator_key, responder_key) = self.state.dangerously_get_raw_split();
        let (initiator_key, responder_key) = (Zeroizing::new(initiator_key), Zeroizing::new(responder_key));
        let (tx, rx) = if self.is_initiator() {
            (&initiator_key, &responder_key)
        } else {
            (&responder_key, &initiator_key)
        };
        Transport::new(config, hash, remote, tx, rx)
    }
}
