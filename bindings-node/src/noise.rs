//! Noise sessions (`NoiseSession`, `NoiseKeypair`): handshake and transport messages, with lifetimes and
//! peer allowlists enforced by the core. Time is passed in (`nowMs`, any monotonic clock).

use napi::bindgen_prelude::BufferSlice;
use napi::Env;
use napi_derive::napi;
use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair, TransportMode, NOISE_MAX_MESSAGE_BYTES,
};

use crate::aead::SealingKeyring;
use crate::convert::{Bytes, OrThrow, Text, U64};

/// An X25519 static keypair for Noise. Printing it shows nothing.
#[napi]
pub struct NoiseKeypair(StaticKeypair);

#[napi]
impl NoiseKeypair {
    /// A new random keypair.
    #[napi(factory)]
    pub fn generate(env: &Env) -> napi::Result<Self> {
        StaticKeypair::generate().map(NoiseKeypair).or_throw(env)
    }

    /// The keypair of a 32-byte private key.
    #[napi(factory)]
    pub fn from_private(env: &Env, private_key: Bytes) -> napi::Result<Self> {
        StaticKeypair::from_private(&private_key)
            .map(NoiseKeypair)
            .or_throw(env)
    }

    /// The 32-byte public key (what peers pin).
    #[napi(getter)]
    pub fn public_key<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.public())
    }

    /// The 32-byte private key, for the session options' `localPrivateKey` and for storing it safely.
    #[napi]
    pub fn private_key<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.private_bytes())
    }
}

/// Session lifetime limits. Omitted fields: the core's defaults.
#[napi(object, object_to_js = false)]
pub struct NoiseLimitsInit {
    /// Maximum age in milliseconds (default one hour).
    pub max_age_ms: Option<U64>,
    /// Maximum transport messages per direction (default 1000).
    pub max_messages: Option<U64>,
    /// Idle timeout in milliseconds, 0 for none (default five minutes).
    pub idle_timeout_ms: Option<U64>,
    /// Rekey every this many messages, 0 for never (default 100).
    pub rekey_interval: Option<U64>,
}

/// What a session needs; which fields a pattern requires is the core's `NoiseBuilder` table.
#[napi(object, object_to_js = false)]
pub struct NoiseOptions<'a> {
    /// The full protocol name (default `Noise_XX_25519_ChaChaPoly_SHA256`).
    pub protocol: Option<Text>,
    /// Bytes both sides must agree on (e.g. an application and version label).
    pub prologue: Option<Bytes<'a>>,
    /// This side's static private key (see `NoiseKeypair.privateKey()`).
    pub local_private_key: Option<Bytes<'a>>,
    /// The responder's static public key, known in advance (IK, NK initiators).
    pub remote_public_key: Option<Bytes<'a>>,
    /// The 32-byte pre-shared key (XXpsk3).
    pub psk: Option<Bytes<'a>>,
    /// The peers' static public keys this side accepts.
    pub allow_peers: Option<Vec<Bytes<'a>>>,
    /// Lifetime limits.
    pub limits: Option<NoiseLimitsInit>,
    /// `"stream"` (default: TCP, implicit nonces) or `"datagram"` (UDP: explicit nonce and replay window).
    pub mode: Option<Text>,
    /// TEST ONLY, NEVER IN PRODUCTION: a fixed 32-byte ephemeral private key, for known-answer tests. It
    /// destroys the handshake's forward secrecy and makes every session with the same inputs identical.
    pub fixed_ephemeral_key_for_testing_only: Option<Bytes<'a>>,
}

/// The core's transport mode named by `mode`.
fn transport_mode(mode: &str) -> tradeseal::Result<TransportMode> {
    match mode {
        "stream" => Ok(TransportMode::Stream),
        "datagram" => Ok(TransportMode::Datagram),
        _ => Err(tradeseal::Error::InvalidArgument),
    }
}

fn builder(options: &NoiseOptions) -> tradeseal::Result<NoiseBuilder> {
    let protocol = options
        .protocol
        .as_ref()
        .map_or(Ok(NoiseProtocol::default()), |name| {
            NoiseProtocol::from_name(name)
        })?;
    let mut builder = NoiseBuilder::new(protocol);
    if let Some(prologue) = &options.prologue {
        builder.prologue(prologue)?;
    }
    if let Some(private_key) = &options.local_private_key {
        builder.local_keypair(&StaticKeypair::from_private(private_key)?)?;
    }
    if let Some(remote) = &options.remote_public_key {
        builder.remote_public_key(remote)?;
    }
    if let Some(psk) = &options.psk {
        builder.psk(psk)?;
    }
    if let Some(mode) = &options.mode {
        builder.transport_mode(transport_mode(mode)?)?;
    }
    if let Some(key) = &options.fixed_ephemeral_key_for_testing_only {
        builder.fixed_ephemeral_key_for_testing_only(key)?;
    }
    for peer in options.allow_peers.iter().flatten() {
        builder.allow_peer(peer)?;
    }
    if let Some(init) = &options.limits {
        let default = Limits::default();
        let pick = |value: &Option<U64>, default: u64| value.as_ref().map_or(default, |v| v.0);
        builder.limits(Limits {
            max_age_ms: pick(&init.max_age_ms, default.max_age_ms),
            max_messages: pick(&init.max_messages, default.max_messages),
            idle_timeout_ms: pick(&init.idle_timeout_ms, default.idle_timeout_ms),
            rekey_interval: pick(&init.rekey_interval, default.rekey_interval),
        })?;
    }
    Ok(builder)
}

/// One end of a Noise channel, from the first handshake message to expiry.
#[napi]
pub struct NoiseSession(tradeseal::NoiseSession);

#[napi]
impl NoiseSession {
    /// The initiating side, built at `nowMs`.
    #[napi(factory)]
    pub fn initiator(env: &Env, options: NoiseOptions, now_ms: U64) -> napi::Result<Self> {
        builder(&options)
            .and_then(|b| b.build_initiator(now_ms.0))
            .map(NoiseSession)
            .or_throw(env)
    }

    /// The responding side, built at `nowMs`.
    #[napi(factory)]
    pub fn responder(env: &Env, options: NoiseOptions, now_ms: U64) -> napi::Result<Self> {
        builder(&options)
            .and_then(|b| b.build_responder(now_ms.0))
            .map(NoiseSession)
            .or_throw(env)
    }

    /// `"HANDSHAKING"`, `"TRANSPORT"`, `"EXPIRED"` or `"FAILED"`.
    #[napi(getter)]
    pub fn state(&self) -> &'static str {
        match self.0.state() {
            SessionState::Handshaking => "HANDSHAKING",
            SessionState::Transport => "TRANSPORT",
            SessionState::Expired => "EXPIRED",
            SessionState::Failed => "FAILED",
        }
    }

    /// The full protocol name.
    #[napi(getter)]
    pub fn protocol(&self) -> String {
        self.0.protocol().name()
    }

    /// Whether this side started the handshake.
    #[napi(getter)]
    pub fn is_initiator(&self) -> bool {
        self.0.is_initiator()
    }

    /// Whether this side writes the next handshake message.
    #[napi(getter)]
    pub fn is_my_turn(&self) -> bool {
        self.0.is_my_turn()
    }

    /// The handshake hash, identical on both sides (transport only).
    #[napi]
    pub fn handshake_hash<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        BufferSlice::copy_from(env, self.0.handshake_hash().or_throw(env)?)
    }

    /// The peer's authorised static public key, or `null` when the pattern has none (transport only).
    #[napi]
    pub fn remote_static<'env>(&self, env: &'env Env) -> napi::Result<Option<BufferSlice<'env>>> {
        let remote = self.0.remote_static().or_throw(env)?;
        remote.map(|key| BufferSlice::copy_from(env, key)).transpose()
    }

    /// Whether 80 % of the age or message budget is used: renew soon.
    #[napi]
    pub fn is_near_expiry(&self, now_ms: U64) -> bool {
        self.0.is_near_expiry(now_ms.0)
    }

    /// A fresh session with the same settings and role (a new handshake).
    #[napi]
    pub fn renew(&self, env: &Env, now_ms: U64) -> napi::Result<NoiseSession> {
        self.0.renew(now_ms.0).map(NoiseSession).or_throw(env)
    }

    /// The next message to send: a handshake message carrying `payload`, or an encrypted transport message.
    #[napi]
    pub fn write_message<'env>(
        &mut self,
        env: &'env Env,
        now_ms: U64,
        payload: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
        let n = self.0.write_message(now_ms.0, &payload, &mut out).or_throw(env)?;
        BufferSlice::copy_from(env, out.get(..n).unwrap_or_default())
    }

    /// Exports this transport session sealed under `keyring`'s primary key (docs/WIRE.md, "Noise session
    /// state v1"), reserving `reserve` sending nonces for this live session. Datagram mode takes any
    /// `reserve`; stream mode only 0, and the export is a hand-off: this session expires. Import the
    /// latest export once, with `NoiseSession.importSession`.
    #[napi]
    pub fn export_session<'env>(
        &mut self,
        env: &'env Env,
        now_ms: U64,
        keyring: &SealingKeyring,
        reserve: U64,
    ) -> napi::Result<BufferSlice<'env>> {
        let exported = self.0.export(now_ms.0, &keyring.0, reserve.0).or_throw(env)?;
        BufferSlice::copy_from(env, exported)
    }

    /// Restores an exported session at `nowMs`. `options` must describe the same session (protocol, mode,
    /// limits) and hold what its pattern needs; the peer's key is checked against them again.
    #[napi(factory)]
    pub fn import_session(
        env: &Env,
        options: NoiseOptions,
        now_ms: U64,
        keyring: &SealingKeyring,
        exported: Bytes,
    ) -> napi::Result<Self> {
        builder(&options)
            .and_then(|b| b.import_session(now_ms.0, &keyring.0, &exported))
            .map(NoiseSession)
            .or_throw(env)
    }

    /// Reads the peer's next message; returns its payload.
    #[napi]
    pub fn read_message<'env>(
        &mut self,
        env: &'env Env,
        now_ms: U64,
        message: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        let mut out = vec![0u8; message.len()];
        let n = self.0.read_message(now_ms.0, &message, &mut out).or_throw(env)?;
        BufferSlice::copy_from(env, out.get(..n).unwrap_or_default())
    }
}
