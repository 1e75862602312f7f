//! Noise sessions for Python (`NoiseKeypair`, `NoiseOptions`, `NoiseSession`): handshake and transport
//! messages, with lifetimes and peer allowlists enforced by the core. Time is passed in (`now_ms`, any
//! monotonic clock in milliseconds).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair, TransportMode, NOISE_MAX_MESSAGE_BYTES,
};
use zeroize::Zeroizing;

use crate::convert::{raise, Bytes, Int};

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
/// ``fixed_ephemeral_key_for_testing_only`` makes every handshake byte predictable: test vectors only.
/// Keys never appear in ``repr``.
#[pyclass(frozen, name = "NoiseOptions", module = "tradeseal._native")]
pub struct NoiseOptions {
    protocol: NoiseProtocol,
    mode: Option<String>,
    prologue: Option<Vec<u8>>,
    local_private_key: Option<Secret>,
    remote_public_key: Option<Vec<u8>>,
    psk: Option<Secret>,
    allow_peers: Vec<Vec<u8>>,
    limits: Limits,
    fixed_ephemeral: Option<Secret>,
}

#[pymethods]
impl NoiseOptions {
    #[new]
    #[pyo3(signature = (
        *, protocol = None, mode = None, prologue = None, local_private_key = None, remote_public_key = None,
        psk = None, allow_peers = Vec::new(), max_age_ms = None, max_messages = None, idle_timeout_ms = None,
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
        let default = Limits::default();
        let pick = |value: Option<Int<u64>>, default: u64| value.map_or(default, |v| v.0);
        Ok(NoiseOptions {
            protocol,
            mode,
            prologue: prologue.map(|b| b.to_vec()),
            local_private_key: secret(local_private_key),
            remote_public_key: remote_public_key.map(|b| b.to_vec()),
            psk: secret(psk),
            allow_peers: allow_peers
                .iter()
                .map(|peer| peer.extract::<Bytes<'_>>().map(|b| b.to_vec()))
                .collect::<PyResult<_>>()?,
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

impl NoiseOptions {
    fn builder(&self) -> tradeseal::Result<NoiseBuilder> {
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
        if let Some(private_key) = &self.local_private_key {
            builder.local_keypair(&StaticKeypair::from_private(private_key)?)?;
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
        if let Some(key) = &self.fixed_ephemeral {
            builder.fixed_ephemeral_key_for_testing_only(key)?;
        }
        Ok(builder)
    }
}

/// One end of a Noise channel, from the first handshake message to expiry. Every call in the wrong state
/// raises a specific error (``WrongState``-style codes from the core); a failed read never advances a nonce.
#[pyclass(name = "NoiseSession", module = "tradeseal._native")]
pub struct NoiseSession(tradeseal::NoiseSession);

#[pymethods]
impl NoiseSession {
    /// The initiating side, built at ``now_ms``.
    #[staticmethod]
    fn initiator(options: &NoiseOptions, now_ms: Int<u64>) -> PyResult<Self> {
        options
            .builder()
            .and_then(|b| b.build_initiator(now_ms.0))
            .map(NoiseSession)
            .map_err(raise)
    }

    /// The responding side, built at ``now_ms``.
    #[staticmethod]
    fn responder(options: &NoiseOptions, now_ms: Int<u64>) -> PyResult<Self> {
        options
            .builder()
            .and_then(|b| b.build_responder(now_ms.0))
            .map(NoiseSession)
            .map_err(raise)
    }

    /// ``"HANDSHAKING"``, ``"TRANSPORT"``, ``"EXPIRED"`` or ``"FAILED"``.
    #[getter]
    fn state(&self) -> &'static str {
        match self.0.state() {
            SessionState::Handshaking => "HANDSHAKING",
            SessionState::Transport => "TRANSPORT",
            SessionState::Expired => "EXPIRED",
            SessionState::Failed => "FAILED",
        }
    }

    /// The full protocol name.
    #[getter]
    fn protocol(&self) -> String {
        self.0.protocol().name()
    }

    /// Whether this side started the handshake.
    #[getter]
    fn is_initiator(&self) -> bool {
        self.0.is_initiator()
    }

    /// Whether this side writes the next handshake message.
    #[getter]
    fn is_my_turn(&self) -> bool {
        self.0.is_my_turn()
    }

    /// The handshake hash, identical on both sides (transport only).
    fn handshake_hash<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let hash = self.0.handshake_hash().map_err(raise)?;
        Ok(PyBytes::new(py, hash))
    }

    /// The peer's authorised static public key, or ``None`` when the pattern has none (transport only).
    fn remote_static<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let remote = self.0.remote_static().map_err(raise)?;
        Ok(remote.map(|key| PyBytes::new(py, key)))
    }

    /// Whether 80 % of the age or message budget is used at ``now_ms``: renew soon.
    fn is_near_expiry(&self, now_ms: Int<u64>) -> bool {
        self.0.is_near_expiry(now_ms.0)
    }

    /// A fresh session with the same settings and role (a new handshake), built at ``now_ms``.
    fn renew(&self, now_ms: Int<u64>) -> PyResult<NoiseSession> {
        self.0.renew(now_ms.0).map(NoiseSession).map_err(raise)
    }

    /// The next message to send: a handshake message carrying ``payload``, or an encrypted transport message.
    fn write_message<'py>(
        &mut self,
        py: Python<'py>,
        now_ms: Int<u64>,
        payload: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
        let n = self
            .0
            .write_message(now_ms.0, &payload, &mut out)
            .map_err(raise)?;
        Ok(PyBytes::new(py, out.get(..n).unwrap_or_default()))
    }

    /// Reads the peer's next message; returns its payload.
    fn read_message<'py>(
        &mut self,
        py: Python<'py>,
        now_ms: Int<u64>,
        message: Bytes<'_>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = Zeroizing::new(vec![0u8; message.len()]);
        let n = self.0.read_message(now_ms.0, &message, &mut out).map_err(raise)?;
        Ok(PyBytes::new(py, out.get(..n).unwrap_or_default()))
    }

    fn __repr__(&self) -> String {
        format!(
            "NoiseSession({}, {}, {})",
            self.0.protocol().name(),
            if self.0.is_initiator() {
                "initiator"
            } else {
                "responder"
            },
            self.state()
        )
    }
}

/// Adds this module's classes to `tradeseal._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NoiseKeypair>()?;
    m.add_class::<NoiseOptions>()?;
    m.add_class::<NoiseSession>()?;
    Ok(())
}
