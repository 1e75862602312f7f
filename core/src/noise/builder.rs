//! [`NoiseBuilder`]: everything a session needs, each setting set at most once.

use std::sync::Arc;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{
    handshake::Handshake, Limits, NoiseProtocol, NoiseSession, StaticKeypair, TransportMode, NOISE_KEY_BYTES,
    NOISE_PSK_BYTES,
};
use crate::error::{Error, Result};

/// A caller-supplied check of the peer's static public key; return an error to refuse the peer.
pub type PeerVerifier = Box<dyn Fn(&[u8; NOISE_KEY_BYTES]) -> Result<()> + Send + Sync>;

/// How the peer's static key is authorised.
pub(crate) enum PeerPolicy {
    Allowlist(Vec<[u8; NOISE_KEY_BYTES]>),
    Verifier(PeerVerifier),
}

impl PeerPolicy {
    /// Fails with [`Error::PeerNotAllowed`] unless the key is pinned or the verifier accepts it.
    pub(crate) fn check(&self, peer: &[u8; NOISE_KEY_BYTES]) -> Result<()> {
        let allowed = match self {
            PeerPolicy::Allowlist(keys) => {
                keys.iter()
                    .fold(0u8, |found, key| found | key.ct_eq(peer).unwrap_u8())
                    == 1
            }
            PeerPolicy::Verifier(verify) => verify(peer).is_ok(),
        };
        if allowed {
            Ok(())
        } else {
            Err(Error::PeerNotAllowed)
        }
    }
}

/// The settings a session (and every renewal of it) runs with.
pub(crate) struct Config {
    pub(crate) protocol: NoiseProtocol,
    pub(crate) mode: TransportMode,
    pub(crate) limits: Limits,
    pub(crate) prologue: Vec<u8>,
    pub(crate) local: Option<Zeroizing<[u8; NOISE_KEY_BYTES]>>,
    pub(crate) remote: Option<[u8; NOISE_KEY_BYTES]>,
    pub(crate) psk: Option<Zeroizing<[u8; NOISE_PSK_BYTES]>>,
    pub(crate) policy: Option<PeerPolicy>,
}

/// Builds a [`NoiseSession`]. Every setter refuses to be called twice ([`Error::AlreadySet`]), except
/// [`NoiseBuilder::allow_peer`], which adds one key to the allowlist per call.
///
/// What each pattern needs (checked by `build_*`, [`Error::MissingSetting`] when absent, and
/// [`Error::InvalidArgument`] for a setting the pattern does not use):
///
/// | pattern | initiator | responder |
/// |---|---|---|
/// | XX | local key, peer policy | local key, peer policy |
/// | XXpsk3 | as XX, plus psk | as XX, plus psk |
/// | IK | local key, remote key | local key, peer policy |
/// | NK | remote key | local key |
///
/// The peer policy is [`NoiseBuilder::allow_peer`] (a pinned allowlist) or [`NoiseBuilder::peer_verifier`]
/// (a callback), never both. A remote key given with [`NoiseBuilder::remote_public_key`] is pinned by
/// construction.
pub struct NoiseBuilder {
    config: Config,
    limits_set: bool,
    mode_set: bool,
    prologue_set: bool,
    fixed_ephemeral: Option<Zeroizing<[u8; NOISE_KEY_BYTES]>>,
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Result<()> {
    if slot.is_some() {
        return Err(Error::AlreadySet);
    }
    *slot = Some(value);
    Ok(())
}

fn set_flag_once(flag: &mut bool) -> Result<()> {
    if core::mem::replace(flag, true) {
        return Err(Error::AlreadySet);
    }
    Ok(())
}

fn key32(bytes: &[u8]) -> Result<[u8; NOISE_KEY_BYTES]> {
    bytes.try_into().map_err(|_| Error::InvalidLength)
}

impl NoiseBuilder {
    /// A builder for `protocol` (e.g. [`NoiseProtocol::default`], `Noise_XX_25519_ChaChaPoly_SHA256`).
    pub fn new(protocol: NoiseProtocol) -> Self {
        NoiseBuilder {
            config: Config {
                protocol,
                mode: TransportMode::Stream,
                limits: Limits::default(),
                prologue: Vec::new(),
                local: None,
                remote: None,
                psk: None,
                policy: None,
            },
            limits_set: false,
            mode_set: false,
            prologue_set: false,
            fixed_ephemeral: None,
        }
    }

    /// Data both peers must agree on (e.g. an application and version string); mixed into the handshake.
    pub fn prologue(&mut self, prologue: &[u8]) -> Result<&mut Self> {
        set_flag_once(&mut self.prologue_set)?;
        self.config.prologue = prologue.to_vec();
        Ok(self)
    }

    /// This side's static key pair (its private key is copied, and zeroized with the session).
    pub fn local_keypair(&mut self, keypair: &StaticKeypair) -> Result<&mut Self> {
        set_once(&mut self.config.local, Zeroizing::new(*keypair.private_bytes()))?;
        Ok(self)
    }

    /// This side's static private key as stored from [`StaticKeypair::private_bytes`]: the same as
    /// [`NoiseBuilder::local_keypair`], without deriving the public key (the handshake derives it anyway).
    pub fn local_private_key(&mut self, private_key: &[u8]) -> Result<&mut Self> {
        set_once(&mut self.config.local, Zeroizing::new(key32(private_key)?))?;
        Ok(self)
    }

    /// The responder's static public key, known in advance (IK and NK initiators).
    pub fn remote_public_key(&mut self, key: &[u8]) -> Result<&mut Self> {
        set_once(&mut self.config.remote, key32(key)?)?;
        Ok(self)
    }

    /// The 32-byte pre-shared key (XXpsk3).
    pub fn psk(&mut self, psk: &[u8]) -> Result<&mut Self> {
        set_once(&mut self.config.psk, Zeroizing::new(key32(psk)?))?;
        Ok(self)
    }

    /// Adds one static public key to the pinned allowlist of peers.
    pub fn allow_peer(&mut self, key: &[u8]) -> Result<&mut Self> {
        let key = key32(key)?;
        match &mut self.config.policy {
            None => self.config.policy = Some(PeerPolicy::Allowlist(vec![key])),
            Some(PeerPolicy::Allowlist(keys)) => keys.push(key),
            Some(PeerPolicy::Verifier(_)) => return Err(Error::AlreadySet),
        }
        Ok(self)
    }

    /// A callback deciding whether a peer's static public key is allowed.
    pub fn peer_verifier(&mut self, verifier: PeerVerifier) -> Result<&mut Self> {
        set_once(&mut self.config.policy, PeerPolicy::Verifier(verifier))?;
        Ok(self)
    }

    /// Lifetime limits and rekey interval (default [`Limits::default`]).
    pub fn limits(&mut self, limits: Limits) -> Result<&mut Self> {
        limits.validate()?;
        set_flag_once(&mut self.limits_set)?;
        self.config.limits = limits;
        Ok(self)
    }

    /// How transport messages travel (default [`TransportMode::Stream`]). Both peers must agree.
    pub fn transport_mode(&mut self, mode: TransportMode) -> Result<&mut Self> {
        set_flag_once(&mut self.mode_set)?;
        self.config.mode = mode;
        Ok(self)
    }

    /// Uses this ephemeral private key instead of a random one. Only for known-answer tests: a fixed
    /// ephemeral key destroys the handshake's security. Not carried over by [`NoiseSession::renew`].
    pub fn fixed_ephemeral_key_for_testing_only(&mut self, key: &[u8]) -> Result<&mut Self> {
        set_once(&mut self.fixed_ephemeral, Zeroizing::new(key32(key)?))?;
        Ok(self)
    }

    /// Starts a session as the initiator (the side that writes the first handshake message).
    pub fn build_initiator(self, now_ms: u64) -> Result<NoiseSession> {
        self.build(true, now_ms)
    }

    /// Starts a session as the responder.
    pub fn build_responder(self, now_ms: u64) -> Result<NoiseSession> {
        self.build(false, now_ms)
    }

    fn build(mut self, initiator: bool, now_ms: u64) -> Result<NoiseSession> {
        let fixed_ephemeral = self.fixed_ephemeral.take();
        let config = self.into_config(initiator)?;
        let handshake = Handshake::new(&config, initiator, fixed_ephemeral.as_deref())?;
        Ok(NoiseSession::start(Arc::new(config), handshake, now_ms))
    }

    /// The settings, checked against what the pattern needs on this side.
    pub(crate) fn into_config(self, initiator: bool) -> Result<Config> {
        let config = self.config;
        let needs = config.protocol.pattern.needs(initiator);
        for (needed, present) in [
            (needs.local, config.local.is_some()),
            (needs.remote, config.remote.is_some()),
            (needs.psk, config.psk.is_some()),
            (needs.policy, config.policy.is_some()),
        ] {
            match (needed, present) {
                (true, false) => return Err(Error::MissingSetting),
                (false, true) => return Err(Error::InvalidArgument),
                _ => {}
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_refuse_to_be_set_twice() {
        let mut b = NoiseBuilder::new(NoiseProtocol::default());
        b.prologue(b"p").unwrap();
        assert_eq!(b.prologue(b"p").err(), Some(Error::AlreadySet));
        b.psk(&[1; 32]).unwrap();
        assert_eq!(b.psk(&[1; 32]).err(), Some(Error::AlreadySet));
        b.remote_public_key(&[2; 32]).unwrap();
        assert_eq!(b.remote_public_key(&[2; 32]).err(), Some(Error::AlreadySet));
        b.limits(Limits::default()).unwrap();
        assert_eq!(b.limits(Limits::default()).err(), Some(Error::AlreadySet));
        b.transport_mode(TransportMode::Datagram).unwrap();
        assert_eq!(
            b.transport_mode(TransportMode::Stream).err(),
            Some(Error::AlreadySet)
        );
        b.fixed_ephemeral_key_for_testing_only(&[3; 32]).unwrap();
        assert_eq!(
            b.fixed_ephemeral_key_for_testing_only(&[3; 32]).err(),
            Some(Error::AlreadySet)
        );
        b.local_keypair(&StaticKeypair::generate().unwrap()).unwrap();
        assert_eq!(
            b.local_keypair(&StaticKeypair::generate().unwrap()).err(),
            Some(Error::AlreadySet)
        );
        assert_eq!(b.local_private_key(&[6; 32]).err(), Some(Error::AlreadySet));
        let mut fresh = NoiseBuilder::new(NoiseProtocol::default());
        assert_eq!(
            fresh.local_private_key(&[6; 31]).err(),
            Some(Error::InvalidLength)
        );
        b.allow_peer(&[4; 32]).unwrap().allow_peer(&[5; 32]).unwrap();
        assert_eq!(
            b.peer_verifier(Box::new(|_| Ok(()))).err(),
            Some(Error::AlreadySet)
        );
        assert_eq!(b.allow_peer(&[5; 31]).err(), Some(Error::InvalidLength));
        assert_eq!(
            b.limits(Limits {
                max_messages: 0,
                ..Limits::default()
            })
            .err(),
            Some(Error::OutOfRange)
        );
    }

    #[test]
    fn build_checks_what_the_pattern_needs() {
        let xx = NoiseProtocol::default();
        assert_eq!(
            NoiseBuilder::new(xx).build_initiator(0).err(),
            Some(Error::MissingSetting)
        );
        let mut b = NoiseBuilder::new(xx);
        b.local_keypair(&StaticKeypair::generate().unwrap()).unwrap();
        assert_eq!(b.build_responder(0).err(), Some(Error::MissingSetting));
        let mut b = NoiseBuilder::new(xx);
        b.local_keypair(&StaticKeypair::generate().unwrap())
            .unwrap()
            .allow_peer(&[1; 32])
            .unwrap();
        b.remote_public_key(&[1; 32]).unwrap();
        assert_eq!(b.build_initiator(0).err(), Some(Error::InvalidArgument));
        let nk = NoiseProtocol::from_name("Noise_NK_25519_ChaChaPoly_SHA256").unwrap();
        let mut b = NoiseBuilder::new(nk);
        b.remote_public_key(&[9; 32]).unwrap();
        assert!(b.build_initiator(0).is_ok());
    }

    #[test]
    fn allowlist_and_verifier_decide() {
        let list = PeerPolicy::Allowlist(vec![[1; 32], [2; 32]]);
        assert_eq!(list.check(&[2; 32]), Ok(()));
        assert_eq!(list.check(&[3; 32]), Err(Error::PeerNotAllowed));
        let verifier = PeerPolicy::Verifier(Box::new(|k| {
            if k[0] == 7 {
                Ok(())
            } else {
                Err(Error::InvalidArgument)
            }
        }));
        assert_eq!(verifier.check(&[7; 32]), Ok(()));
        assert_eq!(verifier.check(&[8; 32]), Err(Error::PeerNotAllowed));
    }
}
