//! Session persistence: a transport session exported under the caller's sealing keyring and imported later,
//! without ever reusing a nonce.
//!
//! The state layout is `docs/WIRE.md`, "Noise session state v1"; the guarantees are on
//! [`NoiseSession::export`].

use std::sync::Arc;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::cipher::CipherKey;
use super::limits::Clock;
use super::session::{NoiseSession, Phase};
use super::transport::{within_restore_reach, Direction, Receiver, Transport};
use super::{Limits, NoiseBuilder, NoiseCipher, NoisePattern, NoiseProtocol, TransportMode, NOISE_KEY_BYTES};
use crate::aead::{Algorithm, SealingKey};
use crate::error::{Error, Result};
use crate::keyring::Keyring;
use crate::wire::{Reader, Writer};

/// The version byte of the session state.
pub const STATE_VERSION: u8 = 1;

/// Bytes of the session state inside the envelope.
pub const STATE_BYTES: usize = 1 + 4 + 6 * 8 + 32 + 1 + 32 + 2 * (32 + 8 + 8) + 1 + 32;

/// The most bytes an export takes: the sealed state under the envelope algorithm with the longest nonce
/// (XChaCha20-Poly1305). A buffer this large always suffices for [`NoiseSession::export_into`].
pub const EXPORT_MAX_BYTES: usize = crate::envelope::sealed_len(Algorithm::XChaCha20Poly1305, STATE_BYTES);

/// Associated data binding the envelope to this use.
const AAD: &[u8] = b"tradeseal noise session";

const ROLE_INITIATOR: u8 = 1;
const ROLE_RESPONDER: u8 = 2;

fn put_optional_key(w: &mut Writer<'_>, key: Option<&[u8; NOISE_KEY_BYTES]>) -> Result<()> {
    w.u8(u8::from(key.is_some()))?;
    w.put(key.unwrap_or(&[0; NOISE_KEY_BYTES]))
}

fn optional_key(r: &mut Reader<'_>) -> Result<Option<Zeroizing<[u8; NOISE_KEY_BYTES]>>> {
    let present = r.u8()?;
    let key = Zeroizing::new(r.array::<NOISE_KEY_BYTES>()?);
    match present {
        0 if *key == [0; NOISE_KEY_BYTES] => Ok(None),
        1 => Ok(Some(key)),
        _ => Err(Error::StateCorrupt),
    }
}

fn from_code<T: Copy>(all: &[T], code: u8, code_of: impl Fn(T) -> u8) -> Result<T> {
    all.iter()
        .copied()
        .find(|v| code_of(*v) == code)
        .ok_or(Error::StateCorrupt)
}

impl NoiseSession {
    /// Exports this transport session sealed under `keys`' primary key, reserving `reserve` sending nonces
    /// for the live session. Fails with [`Error::WrongState`] outside transport and
    /// [`Error::InvalidArgument`] for a non-zero `reserve` on a stream session, or for a `reserve` that
    /// spans more than [`MAX_RESTORE_EPOCHS`](super::MAX_RESTORE_EPOCHS) rekey intervals.
    ///
    /// The result is an [`envelope`](crate::envelope) (so the keyring's keys rotate as usual) holding the
    /// session state (`docs/WIRE.md`, "Noise session state v1"). The exported copy sends from
    /// `next + reserve`; the live session may send only up to that point (then [`Error::SessionExpired`]).
    /// Live and exported copies therefore never share a sending nonce:
    ///
    /// - [`TransportMode::Datagram`]: any `reserve`; the peer follows the jump because nonces are explicit.
    /// - [`TransportMode::Stream`]: the peer counts nonces, so the export is a hand-off: `reserve` must be 0
    ///   and the live session ends (`Expired`).
    ///
    /// An export supersedes earlier ones: import only the latest, and only once (a second import of the
    /// same export would reuse its nonces; keep exports where they cannot be rolled back or copied). A
    /// datagram import rejects every nonce up to the highest one accepted when it was exported; messages
    /// the live session accepted after the export could be replayed to the imported copy, so export again
    /// after receiving if that matters. Use a wall clock for `now_ms` when a session outlives its process.
    ///
    /// ```
    /// use tradeseal::aead::{Algorithm, SealingKey};
    /// use tradeseal::noise::{NoiseBuilder, NoiseProtocol, StaticKeypair, TransportMode};
    /// use tradeseal::Keyring;
    /// # fn builder(local: u8, peer: u8) -> tradeseal::Result<NoiseBuilder> {
    /// #     let mut b = NoiseBuilder::new(NoiseProtocol::default());
    /// #     b.local_keypair(&StaticKeypair::from_private(&[local; 32])?)?;
    /// #     b.allow_peer(StaticKeypair::from_private(&[peer; 32])?.public())?;
    /// #     b.transport_mode(TransportMode::Datagram)?;
    /// #     Ok(b)
    /// # }
    /// # let (mut wire, mut out) = ([0u8; 256], [0u8; 256]);
    /// # let mut a = builder(1, 2)?.build_initiator(0)?;
    /// # let mut b = builder(2, 1)?.build_responder(0)?;
    /// # for i in 0..3 {
    /// #     let (from, to) = if i % 2 == 0 { (&mut a, &mut b) } else { (&mut b, &mut a) };
    /// #     let n = from.write_message(0, b"", &mut wire)?;
    /// #     to.read_message(0, &wire[..n], &mut out)?;
    /// # }
    /// let keys = Keyring::with_primary(1, SealingKey::generate(Algorithm::ChaCha20Poly1305)?);
    /// let saved = a.export(10, &keys, 100)?;            // `a` may still send 100 messages
    /// let mut restored = builder(1, 2)?.import_session(20, &keys, &saved)?;
    /// let n = restored.write_message(20, b"after restart", &mut wire)?;
    /// assert_eq!(&wire[..8], &100u64.to_be_bytes());    // nonce jumped past the reservation
    /// let m = b.read_message(20, &wire[..n], &mut out)?;
    /// assert_eq!(&out[..m], b"after restart");
    /// # Ok::<(), tradeseal::Error>(())
    /// ```
    pub fn export(&mut self, now_ms: u64, keys: &Keyring<SealingKey>, reserve: u64) -> Result<Vec<u8>> {
        let mut out = vec![0u8; EXPORT_MAX_BYTES];
        let n = self.export_into(now_ms, keys, reserve, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// [`NoiseSession::export`] into `out` (at most [`EXPORT_MAX_BYTES`]); returns the bytes written. Fails
    /// with [`Error::BufferTooSmall`] before changing anything when `out` cannot hold the export.
    pub fn export_into(
        &mut self,
        now_ms: u64,
        keys: &Keyring<SealingKey>,
        reserve: u64,
        out: &mut [u8],
    ) -> Result<usize> {
        self.check_alive(now_ms)?;
        let Phase::Transport(transport) = &mut self.phase else {
            return Err(Error::WrongState);
        };
        let stream = transport.rx.mode() == TransportMode::Stream;
        if stream && reserve != 0 {
            return Err(Error::InvalidArgument);
        }
        let start = transport.tx.next.checked_add(reserve).ok_or(Error::OutOfRange)?;
        if !within_restore_reach(transport.tx.epoch, start, &transport.limits) {
            return Err(Error::InvalidArgument);
        }
        let mut state = Zeroizing::new([0u8; STATE_BYTES]);
        let mut w = Writer::new(&mut state[..]);
        let protocol = self.config.protocol;
        let limits = transport.limits;
        w.u8(STATE_VERSION)?;
        w.put(&[
            protocol.pattern as u8,
            protocol.cipher as u8,
            transport.rx.mode() as u8,
        ])?;
        w.u8(if self.initiator {
            ROLE_INITIATOR
        } else {
            ROLE_RESPONDER
        })?;
        for v in [
            limits.max_age_ms,
            limits.max_messages,
            limits.idle_timeout_ms,
            limits.rekey_interval,
        ] {
            w.u64(v)?;
        }
        w.u64(self.clock.started_ms)?;
        w.u64(self.clock.last_activity_ms)?;
        w.put(&transport.handshake_hash)?;
        put_optional_key(&mut w, transport.remote_static.as_ref())?;
        w.put(transport.tx.key.bytes())?;
        w.u64(transport.tx.epoch)?;
        w.u64(start)?;
        let rx = transport.rx.direction();
        w.put(rx.key.bytes())?;
        w.u64(rx.epoch)?;
        w.u64(rx.next)?;
        put_optional_key(&mut w, transport.rx.previous().map(CipherKey::bytes))?;
        let sealed_len = crate::envelope::seal_into(keys, AAD, &state[..], out)?;
        transport.tx_ceiling = transport.tx_ceiling.min(start);
        if stream {
            self.phase = Phase::Expired;
        }
        Ok(sealed_len)
    }
}

impl NoiseBuilder {
    /// Restores a session from [`NoiseSession::export`]. The builder must describe the same session
    /// (protocol, transport mode and limits, else [`Error::InvalidArgument`]) and supplies what renewal
    /// needs; the peer's static key is checked against its peer policy, or the remote key it pins, again
    /// ([`Error::PeerNotAllowed`]).
    /// Fails with the envelope's errors, [`Error::UnsupportedVersion`], [`Error::StateCorrupt`], or
    /// [`Error::SessionExpired`] when the restored session is already past a limit at `now_ms`.
    pub fn import_session(
        self,
        now_ms: u64,
        keys: &Keyring<SealingKey>,
        exported: &[u8],
    ) -> Result<NoiseSession> {
        let state = Zeroizing::new(crate::envelope::open(keys, AAD, exported)?);
        if state.first() != Some(&STATE_VERSION) {
            return Err(Error::UnsupportedVersion);
        }
        if state.len() != STATE_BYTES {
            return Err(Error::StateCorrupt);
        }
        let mut r = Reader::new(&state[1..]);
        let pattern = from_code(&NoisePattern::ALL, r.u8()?, |p| p as u8)?;
        let cipher = from_code(&NoiseCipher::ALL, r.u8()?, |c| c as u8)?;
        let mode = from_code(&[TransportMode::Stream, TransportMode::Datagram], r.u8()?, |m| {
            m as u8
        })?;
        let initiator = match r.u8()? {
            ROLE_INITIATOR => true,
            ROLE_RESPONDER => false,
            _ => return Err(Error::StateCorrupt),
        };
        let limits = Limits {
            max_age_ms: r.u64()?,
            max_messages: r.u64()?,
            idle_timeout_ms: r.u64()?,
            rekey_interval: r.u64()?,
        };
        let clock = Clock {
            started_ms: r.u64()?,
            last_activity_ms: r.u64()?,
        };
        let handshake_hash = r.array::<NOISE_KEY_BYTES>()?;
        let remote_static = optional_key(&mut r)?.map(|key| *key);
        let tx_key = Zeroizing::new(r.array::<NOISE_KEY_BYTES>()?);
        let tx = Direction::new(cipher, &tx_key, r.u64()?, r.u64()?)?;
        let rx_key = Zeroizing::new(r.array::<NOISE_KEY_BYTES>()?);
        let rx = Direction::new(cipher, &rx_key, r.u64()?, r.u64()?)?;
        let previous = optional_key(&mut r)?
            .map(|key| CipherKey::new(cipher, &key))
            .transpose()?;
        if (mode == TransportMode::Stream && previous.is_some())
            || !within_restore_reach(tx.epoch, tx.next, &limits)
            || !within_restore_reach(rx.epoch, rx.next, &limits)
        {
            return Err(Error::StateCorrupt);
        }

        let config = self.into_config(initiator)?;
        if config.protocol != (NoiseProtocol { pattern, cipher })
            || config.mode != mode
            || config.limits != limits
        {
            return Err(Error::InvalidArgument);
        }
        // The builder has a peer policy or a pinned key exactly when the pattern gives this role a remote
        // static key, so the state must carry one then (and only then), and it must pass the same check.
        match (&config.policy, &config.remote, &remote_static) {
            (Some(policy), _, Some(peer)) => policy.check(peer)?,
            (None, Some(pinned), Some(peer)) => {
                if !bool::from(pinned.ct_eq(peer)) {
                    return Err(Error::PeerNotAllowed);
                }
            }
            (None, None, None) => {}
            _ => return Err(Error::StateCorrupt),
        }
        clock.check(&limits, now_ms)?;
        let rx = Receiver::new(mode, rx, previous)?;
        let transport = Transport {
            limits,
            handshake_hash,
            remote_static,
            tx,
            tx_ceiling: u64::MAX,
            rx,
        };
        Ok(NoiseSession {
            config: Arc::new(config),
            initiator,
            clock,
            phase: Phase::Transport(Box::new(transport)),
        })
    }
}
