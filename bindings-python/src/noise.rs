//! Noise sessions for Python (`NoiseKeypair`, `NoiseOptions`, `NoiseSession`, stream framing with
//! `encode_frame` / `FrameDecoder`): handshake and transport messages, with lifetimes, peer policies and
//! persistence enforced by the core. Time is passed in (`now_ms`, any monotonic clock in milliseconds).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tradeseal::noise::{
    self, Limits, NoiseBuilder, NoiseProtocol, PeerVerifier, SessionState, StaticKeypair, TransportMode,
    FRAME_HEADER_BYTES, NOISE_MAX_MESSAGE_BYTES,
};
use zeroize::{Zeroize, Zeroizing};

use crate::convert::{raise, Bytes, Int};
use crate::crypto::SealingKeyring;

/// A secret argument, copied out of its Python buffer and zeroized when dropped.
type Secret = Zeroizing<Vec<u8>>;

fn secret(bytes: Option<Bytes<'_>>) -> Option<Secret> {
    bytes.map(|b| Zeroizing::new(b.to_vec()))
}

/// An X25519 static keypair for Noise. Its private key never appears in ``repr``.
#[pyclass(frozen, name = "NoiseKeypair", module = "tradeseal._native")]
pub struct NoiseKeypair(StaticKeypair);

#[pymethods]
impl NoiseKeypair {
    /// A new random keypair.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        StaticKeypair::generate().map(NoiseKeypair).map_err(raise)
    }

    /// The keypair of a 32-byte private key (``InvalidLength`` otherwise).
    #[staticmethod]
    fn from_private(private_key: Bytes<'_>) -> PyResult<Self> {
        StaticKeypair::from_private(&private_key)
            .map(NoiseKeypair)
            .map_err(raise)
    }

    /// The 32-byte public key (what peers pin).
    #[getter]
    fn public_key<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.public())
    }

    /// The 32-byte private key, for ``NoiseOptions(local_private_key=...)`` and for storing it safely.
    fn private_key<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.private_bytes())
    }

    fn __repr__(&self) -> String {
        "NoiseKeypair(<secret>)".to_owned()
    }
}

/// What a session needs; which fields a pattern requires is the core's ``NoiseBuilder`` table, checked when a
/// session is built. ``protocol`` defaults to ``Noise_XX_25519_ChaChaPoly_SHA256``; ``mode`` is ``"stream"``
/// (TCP, the default) or ``"datagram"`` (UDP: explicit nonces and a replay window); omitted limits take the
/// core's defaults (1 h age, 1000 messages, 5 min idle, rekey every 100).
///
/// The peer's static key is authorised by ``allow_peers`` (a pinned allowlist) or by ``peer_verifier``, a
/// callable taking the 32-byte key and returning ``True`` to accept it; ``False``, any other return value or
/// an exception refuses the peer (``PeerNotAllowed``; an exception or a non-bool return is reported through
/// ``sys.unraisablehook``). ``local_private_key`` (32 bytes, else ``InvalidLength`` here) becomes a keypair
/// once, so one options object serves many sessions cheaply. ``fixed_ephemeral_key_for_testing_only`` makes
/// every handshake byte predictable: test vectors only. Keys never appear in ``repr``.
#[pyclass(frozen, name = "NoiseOptions", module = "tradeseal._native")]
pub struct NoiseOptions {
    protocol: NoiseProtocol,
    mode: Option<String>,
    prologue: Option<Vec<u8>>,
    /// Made from `local_private_key` once, so building many sessions does not recompute its public key.
    local: Option<StaticKeypair>,
    remote_public_key: Option<Vec<u8>>,
    psk: Option<Secret>,
    allow_peers: Vec<Vec<u8>>,
    peer_verifier: Option<Py<PyAny>>,
    limits: Limits,
    fixed_ephemeral: Option<Secret>,
}

#[pymethods]
impl NoiseOptions {
    #[new]
    #[pyo3(signature = (
        *, protocol = None, mode = None, prologue = None, local_private_key = None, remote_public_key = None,
        psk = None, allow_peers = Vec::new(), peer_verifier = None, max_age_ms = None, max_messages = None, idle_timeout_ms = None,
        rekey_interval = None, fixed_ephemeral_key_for_testing_only = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        protocol: Option<String>,
        mode: Option<String>,
        prologue: Option<Bytes<'_>>,
        local_private_key: Option<Bytes<'_>>,
        remote_public_key: Option<Bytes<'_>>,
        psk: Option<Bytes<'_>>,
        allow_peers: Vec<Bound<'_, PyAny>>,
        peer_verifier: Option<Bound<'_, PyAny>>,
        max_age_ms: Option<Int<u64>>,
        max_messages: Option<Int<u64>>,
        idle_timeout_ms: Option<Int<u64>>,
        rekey_interval: Option<Int<u64>>,
        fixed_ephemeral_key_for_testing_only: Option<Bytes<'_>>,
    ) -> PyResult<Self> {
        let protocol = protocol
            .map_or(Ok(NoiseProtocol::default()), |name| {
                NoiseProtocol::from_name(&name)
            })
            .map_err(raise)?;
        if let Some(callback) = peer_verifier.as_ref().filter(|c| !c.is_callable()) {
            return Err(PyTypeError::new_err(format!(
                "peer_verifier must be callable, got {}",
                callback.get_type().name()?
            )));
        }
        let default = Limits::default();
        let pick = |value: Option<Int<u64>>, default: u64| value.map_or(default, |v| v.0);
        Ok(NoiseOptions {
            protocol,
            mode,
            prologue: prologue.map(|b| b.to_vec()),
            local: local_private_key
                .map(|key| StaticKeypair::from_private(&key))
                .transpose()
                .map_err(raise)?,
            remote_public_key: remote_public_key.map(|b| b.to_vec()),
            psk: secret(psk),
            allow_peers: allow_peers
                .iter()
                .map(|peer| peer.extract::<Bytes<'_>>().map(|b| b.to_vec()))
                .collect::<PyResult<_>>()?,
            peer_verifier: peer_verifier.map(Bound::unbind),
            limits: Limits {
                max_age_ms: pick(max_age_ms, default.max_age_ms),
                max_messages: pick(max_messages, default.max_messages),
                idle_timeout_ms: pick(idle_timeout_ms, default.idle_timeout_ms),
                rekey_interval: pick(rekey_interval, default.rekey_interval),
            },
            fixed_ephemeral: secret(fixed_ephemeral_key_for_testing_only),
        })
    }

    /// The full protocol name.
    #[getter]
    fn protocol(&self) -> String {
        self.protocol.name()
    }

    fn __repr__(&self) -> String {
        format!("NoiseOptions(protocol={:?}, <keys>)", self.protocol.name())
    }
}

/// The core's peer verifier calling a Python callable: only a return of exactly ``True`` accepts the key.
fn peer_verifier(callback: Py<PyAny>) -> PeerVerifier {
    Box::new(move |key| {
        Python::attach(|py| {
            let verdict = callback
                .call1(py, (PyBytes::new(py, key),))
                .and_then(|accepted| accepted.extract::<bool>(py));
            match verdict {
                Ok(true) => Ok(()),
                Ok(false) => Err(tradeseal::Error::PeerNotAllowed),
                Err(err) => {
                    err.write_unraisable(py, Some(callback.bind(py)));
                    Err(tradeseal::Error::PeerNotAllowed)
                }
            }
        })
    })
}

impl NoiseOptions {
    fn builder(&self, py: Python<'_>) -> tradeseal::Result<NoiseBuilder> {
        let mut builder = NoiseBuilder::new(self.protocol);
        builder.limits(self.limits)?;
        if let Some(mode) = &self.mode {
            builder.transport_mode(match mode.as_str() {
                "stream" => TransportMode::Stream,
                "datagram" => TransportMode::Datagram,
                _ => return Err(tradeseal::Error::InvalidArgument),
            })?;
        }
        if let Some(prologue) = &self.prologue {
            builder.prologue(prologue)?;
        }
        if let Some(keypair) = &self.local {
            builder.local_keypair(keypair)?;
        }
        if let Some(remote) = &self.remote_public_key {
            builder.remote_public_key(remote)?;
        }
        if let Some(psk) = &self.psk {
            builder.psk(psk)?;
        }
        for peer in &self.allow_peers {
            builder.allow_peer(peer)?;
        }
        if let Some(callback) = &self.peer_verifier {
            builder.peer_verifier(peer_verifier(callback.clone_ref(py)))?;
        }
        if let Some(key) = &self.fixed_ephemeral {
            builder.fixed_ephemeral_key_for_testing_only(key)?;
        }
        Ok(builder)
    }
}

/// One end of a Noise channel, from the first handshake message to expiry. Every call in the wrong state
/// raises a specific error (``WrongState``-style codes from the core); a failed read never advances a nonce.
/// Handshake messages are processed with the GIL released (Diffie-Hellman work); a session is used by one
/// thread at a time (a concurrent call raises ``RuntimeError``).
#[pyclass(name = "NoiseSession", module = "tradeseal._native")]
pub struct NoiseSession {
    session: tradeseal::NoiseSession,
    /// Where messages are written and payloads read before they are copied into ``bytes``: allocated once,
    /// so a transport call allocates only its result.
    scratch: Box<[u8]>,
}

impl From<tradeseal::NoiseSession> for NoiseSession {
    fn from(session: tradeseal::NoiseSession) -> Self {
        NoiseSession {
            session,
            scratch: vec![0; NOISE_MAX_MESSAGE_BYTES].into_boxed_slice(),
        }
    }
}

/// Runs `call` on `session`, with the GIL released during the handshake (its Diffie-Hellman operations take
/// tens of microseconds); a transport call is shorter than releasing and taking back the GIL.
fn detach_handshake<T: Send>(
    py: Python<'_>,
    session: &mut tradeseal::NoiseSession,
    call: impl Send + FnOnce(&mut tradeseal::NoiseSession) -> T,
) -> T {
    if session.state() == SessionState::Handshaking {
        py.detach(|| call(session))
    } else {
        call(session)
    }
}

#[pymethods]
impl NoiseSession {
    /// The initiating side, built at ``now_ms`` (with the GIL released: it derives the static public key).
    #[staticmethod]
    fn initiator(py: Python<'_>, options: &NoiseOptions, now_ms: Int<u64>) -> PyResult<Self> {
        let builder = options.builder(py).map_err(raise)?;
        py.detach(|| builder.build_initiator(now_ms.0))
            .map(NoiseSession::from)
            .map_err(raise)
    }

    /// The responding side, built at ``now_ms`` (with the GIL released, as ``initiator``).
    #[staticmethod]
    fn responder(py: Python<'_>, options: &NoiseOptions, now_ms: Int<u64>) -> PyResult<Self> {
        let builder = options.builder(py).map_err(raise)?;
        py.detach(|| builder.build_responder(now_ms.0))
            .map(NoiseSession::from)
            .map_err(raise)
    }

    /// Restores a session from ``export``, opened with ``keys`` at ``now_ms``. ``options`` must describe the
    /// same session (protocol, mode, limits: else ``InvalidArgument``) and its peer policy is applied again
    /// (``PeerNotAllowed``); a damaged or foreign state raises the envelope's errors, ``UnsupportedVersion``
    /// or ``StateCorrupt``, an expired one ``SessionExpired``. Import each export once, and only the latest.
    #[staticmethod]
    fn import_session(
        py: Python<'_>,
        options: &NoiseOptions,
        now_ms: Int<u64>,
        keys: &SealingKeyring,
        exported: Bytes<'_>,
    ) -> PyResult<Self> {
        options
            .builder(py)
            .and_then(|b| b.import_session(now_ms.0, &keys.read(), &exported))
            .map(NoiseSession::from)
            .map_err(raise)
    }

    /// ``"HANDSHAKING"``, ``"TRANSPORT"``, ``"EXPIRED"`` or ``"FAILED"``.
    #[getter]
    fn state(&self) -> &'static str {
        match self.session.state() {
            SessionState::Handshaking => "HANDSHAKING",
            SessionState::Transport => "TRANSPORT",
            SessionState::Expired => "EXPIRED",
            SessionState::Failed => "FAILED",
        }
    }

    /// The full protocol name.
    #[getter]
    fn protocol(&self) -> String {
        self.session.protocol().name()
    }

    /// Whether this side started the handshake.
    #[getter]
    fn is_initiator(&self) -> bool {
        self.session.is_initiator()
    }

    /// Whether this side writes the next handshake message.
    #[getter]
    fn is_my_turn(&self) -> bool {
        self.session.is_my_turn()
    }

    /// The handshake hash, identical on both sides (transport only).
    fn handshake_hash<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let hash = self.session.handshake_hash().map_err(raise)?;
        Ok(PyBytes::new(py, hash))
    }

    /// The peer's authorised static public key, or ``None`` when the pattern has none (transport only).
    fn remote_static<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let remote = self.session.remote_static().map_err(raise)?;
        Ok(remote.map(|key| PyBytes::new(py, key)))
    }

    /// Whether 80 % of the age or message budget is used at ``now_ms``: renew soon.
    fn is_near_expiry(&self, now_ms: Int<u64>) -> bool {
        self.session.is_near_expiry(now_ms.0)
    }

    /// A fresh session with the same settings and role (a new handshake), built at ``now_ms``.
    fn renew(&self, py: Python<'_>, now_ms: Int<u64>) -> PyResult<NoiseSession> {
        py.detach(|| self.session.renew(now_ms.0))
            .map(NoiseSession::from)
            .map_err(raise)
    }

    /// The next message to send: a handshake message carrying ``payload``, or an encrypted transport message.
    fn write_message<'py>(
        &mut self,
        py: Python<'py>,
        now_ms: Int<u64>,
        payload: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let NoiseSession { session, scratch } = self;
        let n =
            detach_handshake(py, session, |s| s.write_message(now_ms.0, &payload, scratch)).map_err(raise)?;
        Ok(PyBytes::new(py, scratch.get(..n).unwrap_or_default()))
    }

    /// Reads the peer's next message; returns its payload.
    fn read_message<'py>(
        &mut self,
        py: Python<'py>,
        now_ms: Int<u64>,
        message: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let NoiseSession { session, scratch } = self;
        let n =
            detach_handshake(py, session, |s| s.read_message(now_ms.0, &message, scratch)).map_err(raise)?;
        let payload = scratch.get_mut(..n).unwrap_or_default();
        let result = PyBytes::new(py, payload);
        payload.zeroize();
        Ok(result)
    }

    /// This transport session sealed under ``keys``' primary key (an envelope holding the versioned state of
    /// docs/WIRE.md), for ``import_session`` later or in another process. ``reserve`` sending nonces stay with
    /// the live session (datagram mode); a stream session must use 0 and expires here (a hand-off).
    /// Raises ``WrongState`` outside transport, ``InvalidArgument`` for a reserve on a stream session.
    #[pyo3(signature = (now_ms, keys, reserve = Int(0)))]
    fn export<'py>(
        &mut self,
        py: Python<'py>,
        now_ms: Int<u64>,
        keys: &SealingKeyring,
        reserve: Int<u64>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let exported = self
            .session
            .export(now_ms.0, &keys.read(), reserve.0)
            .map_err(raise)?;
        Ok(PyBytes::new(py, &exported))
    }

    fn __repr__(&self) -> String {
        format!(
            "NoiseSession({}, {}, {})",
            self.session.protocol().name(),
            if self.session.is_initiator() {
                "initiator"
            } else {
                "responder"
            },
            self.state()
        )
    }
}

/// ``message`` as one stream frame: its 2-byte big-endian length, then the message (``FrameTooLarge`` over
/// 65535 bytes).
#[pyfunction]
pub fn encode_frame<'py>(py: Python<'py>, message: Bytes<'_>) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, message.len() + FRAME_HEADER_BYTES, |frame| {
        noise::encode_frame(&message, frame).map(drop).map_err(raise)
    })
}

/// Reassembles stream frames from bytes that arrive in arbitrary pieces (e.g. ``socket.recv``). ``feed``
/// takes bytes up to the end of the current frame and returns how many it took (0 while a completed frame
/// waits); ``take_frame`` returns each completed frame's message once. Holds one frame (64 KiB) at a time.
#[pyclass(name = "FrameDecoder", module = "tradeseal._native")]
pub struct FrameDecoder(noise::FrameDecoder);

#[pymethods]
impl FrameDecoder {
    /// An empty decoder.
    #[new]
    fn new() -> Self {
        FrameDecoder(noise::FrameDecoder::new())
    }

    /// Takes bytes of ``data`` from index ``start`` (so a caller walks one buffer without slicing it) up to
    /// the end of the current frame; returns how many it took.
    #[pyo3(signature = (data, start = Int(0)))]
    fn feed(&mut self, data: Bytes<'_>, start: Int<usize>) -> PyResult<usize> {
        let rest = data
            .get(start.0..)
            .ok_or(tradeseal::Error::OutOfRange)
            .map_err(raise)?;
        Ok(self.0.feed(rest))
    }

    /// The message of the frame just completed, once; ``None`` until the next frame is complete.
    fn take_frame<'py>(&mut self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.take_frame().map(|frame| PyBytes::new(py, frame))
    }

    fn __repr__(&self) -> &'static str {
        "FrameDecoder()"
    }
}

/// Adds this module's classes to `tradeseal._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NOISE_KEY_BYTES", noise::NOISE_KEY_BYTES)?;
    m.add("NOISE_MAX_MESSAGE_BYTES", NOISE_MAX_MESSAGE_BYTES)?;
    m.add("FRAME_HEADER_BYTES", FRAME_HEADER_BYTES)?;
    m.add_class::<NoiseKeypair>()?;
    m.add_class::<NoiseOptions>()?;
    m.add_class::<NoiseSession>()?;
    m.add_class::<FrameDecoder>()?;
    m.add_function(wrap_pyfunction!(encode_frame, m)?)?;
    Ok(())
}
