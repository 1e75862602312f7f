//! Noise sessions (`NoiseSession`, `NoiseKeypair`): handshake and transport messages, with lifetimes and
//! peer allowlists enforced by the core. Time is passed in (`nowMs`, any monotonic clock).

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use napi::bindgen_prelude::{BufferSlice, ClassInstance, FromNapiValue};
use napi::{sys, Env};
use napi_derive::napi;
use tradeseal::noise::{
    encode_frame, FrameDecoder, Limits, NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair,
    TransportMode, FRAME_HEADER_BYTES, NOISE_MAX_MESSAGE_BYTES, NOISE_MAX_OVERHEAD_BYTES,
};
use zeroize::Zeroizing;

use crate::aead::SealingKeyring;
use crate::convert::{object_arg, type_error, Bytes, OrThrow, Text, U64};
use crate::direct::{Call, HotClass, Method};

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

/// A `NoiseKeypair` argument; anything else is a `TypeError` (`TSEAL_INVALID_ARGUMENT`).
pub struct KeypairArg<'a>(ClassInstance<'a, NoiseKeypair>);

impl FromNapiValue for KeypairArg<'_> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: `env` and `value` come from napi for this call; the instance is only used during it.
        unsafe { ClassInstance::from_napi_value(env, value) }
            .map(KeypairArg)
            .map_err(|_| type_error(&Env::from_raw(env), "a NoiseKeypair"))
    }
}

/// Session lifetime limits. Omitted fields: the core's defaults.
#[napi(object, object_to_js = false, js_name = "NoiseLimitsInit")]
pub struct NoiseLimitsInitFields {
    /// Maximum age in milliseconds (default one hour).
    pub max_age_ms: Option<U64>,
    /// Maximum transport messages per direction (default 1000).
    pub max_messages: Option<U64>,
    /// Idle timeout in milliseconds, 0 for none (default five minutes).
    pub idle_timeout_ms: Option<U64>,
    /// Rekey every this many messages, 0 for never (default 100).
    pub rekey_interval: Option<U64>,
}

object_arg!(NoiseLimitsInit(NoiseLimitsInitFields));

/// What a session needs; which fields a pattern requires is the core's `NoiseBuilder` table.
#[napi(object, object_to_js = false, js_name = "NoiseOptions")]
pub struct NoiseOptionsFields<'a> {
    /// The full protocol name (default `Noise_XX_25519_ChaChaPoly_SHA256`).
    pub protocol: Option<Text>,
    /// Bytes both sides must agree on (e.g. an application and version label).
    pub prologue: Option<Bytes<'a>>,
    /// This side's static keypair (cheaper than `localPrivateKey`: no public key to derive).
    #[napi(ts_type = "NoiseKeypair")]
    pub local_keypair: Option<KeypairArg<'a>>,
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

object_arg!(NoiseOptions<'a>(NoiseOptionsFields));

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
    if let Some(keypair) = &options.local_keypair {
        builder.local_keypair(&keypair.0 .0)?;
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
///
/// Every method takes the session shared and borrows the core session inside for just the core call,
/// so the hot-path methods (see `direct`) need no borrow bookkeeping of napi-derive's; they share the
/// core session with the instance.
#[napi]
pub struct NoiseSession(Rc<RefCell<tradeseal::NoiseSession>>);

impl NoiseSession {
    fn new(session: tradeseal::NoiseSession) -> Self {
        NoiseSession(Rc::new(RefCell::new(session)))
    }

    /// The core session. A call can only find it borrowed from within another call on it (a reentrant
    /// call from JS), which gets `TSEAL_WRONG_STATE`.
    fn session(&self) -> tradeseal::Result<Ref<'_, tradeseal::NoiseSession>> {
        self.0.try_borrow().map_err(|_| tradeseal::Error::WrongState)
    }

    /// The core session, to change it; see [`NoiseSession::session`].
    fn session_mut(&self) -> tradeseal::Result<RefMut<'_, tradeseal::NoiseSession>> {
        borrow_mut(&self.0)
    }
}

/// The core session in `cell`, to change it; see [`NoiseSession::session`].
fn borrow_mut(
    cell: &RefCell<tradeseal::NoiseSession>,
) -> tradeseal::Result<RefMut<'_, tradeseal::NoiseSession>> {
    cell.try_borrow_mut().map_err(|_| tradeseal::Error::WrongState)
}

#[napi]
impl NoiseSession {
    /// The initiating side, built at `nowMs`.
    #[napi(factory)]
    pub fn initiator(env: &Env, options: NoiseOptions, now_ms: U64) -> napi::Result<Self> {
        builder(&options)
            .and_then(|b| b.build_initiator(now_ms.0))
            .map(NoiseSession::new)
            .or_throw(env)
    }

    /// The responding side, built at `nowMs`.
    #[napi(factory)]
    pub fn responder(env: &Env, options: NoiseOptions, now_ms: U64) -> napi::Result<Self> {
        builder(&options)
            .and_then(|b| b.build_responder(now_ms.0))
            .map(NoiseSession::new)
            .or_throw(env)
    }

    /// `"HANDSHAKING"`, `"TRANSPORT"`, `"EXPIRED"` or `"FAILED"`.
    #[napi(getter)]
    pub fn state(&self, env: &Env) -> napi::Result<&'static str> {
        Ok(match self.session().or_throw(env)?.state() {
            SessionState::Handshaking => "HANDSHAKING",
            SessionState::Transport => "TRANSPORT",
            SessionState::Expired => "EXPIRED",
            SessionState::Failed => "FAILED",
        })
    }

    /// The full protocol name.
    #[napi(getter)]
    pub fn protocol(&self, env: &Env) -> napi::Result<String> {
        Ok(self.session().or_throw(env)?.protocol().name())
    }

    /// Whether this side started the handshake.
    #[napi(getter)]
    pub fn is_initiator(&self, env: &Env) -> napi::Result<bool> {
        Ok(self.session().or_throw(env)?.is_initiator())
    }

    /// Whether this side writes the next handshake message.
    #[napi(getter)]
    pub fn is_my_turn(&self, env: &Env) -> napi::Result<bool> {
        Ok(self.session().or_throw(env)?.is_my_turn())
    }

    /// The handshake hash, identical on both sides (transport only).
    #[napi]
    pub fn handshake_hash<'env>(&self, env: &'env Env) -> napi::Result<BufferSlice<'env>> {
        let session = self.session().or_throw(env)?;
        BufferSlice::copy_from(env, session.handshake_hash().or_throw(env)?)
    }

    /// The peer's authorised static public key, or `null` when the pattern has none (transport only).
    #[napi]
    pub fn remote_static<'env>(&self, env: &'env Env) -> napi::Result<Option<BufferSlice<'env>>> {
        let session = self.session().or_throw(env)?;
        let remote = session.remote_static().or_throw(env)?;
        remote.map(|key| BufferSlice::copy_from(env, key)).transpose()
    }

    /// Whether 80 % of the age or message budget is used: renew soon.
    #[napi]
    pub fn is_near_expiry(&self, env: &Env, now_ms: U64) -> napi::Result<bool> {
        Ok(self.session().or_throw(env)?.is_near_expiry(now_ms.0))
    }

    /// A fresh session with the same settings and role (a new handshake).
    #[napi]
    pub fn renew(&self, env: &Env, now_ms: U64) -> napi::Result<NoiseSession> {
        let renewed = self.session().and_then(|session| session.renew(now_ms.0));
        renewed.map(NoiseSession::new).or_throw(env)
    }

    /// The next message to send: a handshake message carrying `payload`, or an encrypted transport message
    /// (a new Buffer; `writeMessageInto` writes into a caller buffer instead).
    #[napi]
    pub fn write_message<'env>(
        &self,
        env: &'env Env,
        now_ms: U64,
        payload: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        let mut out = vec![0u8; (payload.len() + NOISE_MAX_OVERHEAD_BYTES).min(NOISE_MAX_MESSAGE_BYTES)];
        let written = self
            .session_mut()
            .and_then(|mut session| session.write_message(now_ms.0, &payload, &mut out));
        let n = written.or_throw(env)?;
        BufferSlice::copy_from(env, out.get(..n).unwrap_or_default())
    }

    /// Exports this transport session sealed under `keyring`'s primary key (docs/WIRE.md, "Noise session
    /// state v1"), reserving `reserve` sending nonces for this live session. Datagram mode takes any
    /// `reserve`; stream mode only 0, and the export is a hand-off: this session expires. Import the
    /// latest export once, with `NoiseSession.importSession`.
    #[napi]
    pub fn export_session<'env>(
        &self,
        env: &'env Env,
        now_ms: U64,
        keyring: &SealingKeyring,
        reserve: U64,
    ) -> napi::Result<BufferSlice<'env>> {
        let exported = self
            .session_mut()
            .and_then(|mut session| session.export(now_ms.0, &keyring.0, reserve.0));
        let exported = exported.or_throw(env)?;
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
            .map(NoiseSession::new)
            .or_throw(env)
    }

    /// Reads the peer's next message; returns its payload (a new Buffer; `readMessageInto` writes into
    /// a caller buffer instead).
    #[napi]
    pub fn read_message<'env>(
        &self,
        env: &'env Env,
        now_ms: U64,
        message: Bytes,
    ) -> napi::Result<BufferSlice<'env>> {
        // The payload's copy here is wiped once the Buffer has its own.
        let mut out = Zeroizing::new(vec![0u8; message.len()]);
        let read = self
            .session_mut()
            .and_then(|mut session| session.read_message(now_ms.0, &message, &mut out));
        let n = read.or_throw(env)?;
        BufferSlice::copy_from(env, out.get(..n).unwrap_or_default())
    }
}

// SAFETY: every `NoiseSession` method takes `&self`.
unsafe impl HotClass for NoiseSession {
    type State = RefCell<tradeseal::NoiseSession>;
    type Output = u32;
    const NAME: &'static str = "NoiseSession";
    const METHODS: &'static [Method<Self::State, u32>] = &[
        Method {
            name: c"writeMessageInto",
            body: write_message_into,
        },
        Method {
            name: c"readMessageInto",
            body: read_message_into,
        },
    ];

    fn state(&self) -> &Rc<Self::State> {
        &self.0
    }
}

/// `session.writeMessageInto(nowMs, payload, out)`: writes the next message into the start of `out` and
/// returns its length. `out` needs `payload.length + 16` bytes in transport and up to 96 more during the
/// handshake (65535 always suffice); shorter: RangeError `TSEAL_BUFFER_TOO_SMALL`.
fn write_message_into(session: &RefCell<tradeseal::NoiseSession>, call: &Call) -> napi::Result<u32> {
    into_call(session, call, tradeseal::NoiseSession::write_message)
}

/// `session.readMessageInto(nowMs, message, out)`: reads the peer's next message, writes its payload
/// into the start of `out` and returns the payload's length. `out` needs `message.length - 16` bytes in
/// transport and `message.length` during the handshake; shorter: RangeError `TSEAL_BUFFER_TOO_SMALL`.
fn read_message_into(session: &RefCell<tradeseal::NoiseSession>, call: &Call) -> napi::Result<u32> {
    into_call(session, call, tradeseal::NoiseSession::read_message)
}

/// A core session step from `(nowMs, input, out)` arguments to the number of bytes written to `out`.
type Step = fn(&mut tradeseal::NoiseSession, u64, &[u8], &mut [u8]) -> tradeseal::Result<usize>;

/// The body of both into methods: `step` on `session`.
fn into_call(session: &RefCell<tradeseal::NoiseSession>, call: &Call, step: Step) -> napi::Result<u32> {
    let now_ms = call.arg::<U64>(0)?.0;
    // SAFETY (both): the call writes JS memory only through `out`, which `output` checks.
    let input = unsafe { call.bytes(1) }?;
    let out = unsafe { call.output(2, &[input]) }?;
    let written = borrow_mut(session).and_then(|mut session| step(&mut session, now_ms, input, out));
    written.map(message_length).or_throw(&call.env())
}

/// A message length as a JS number (Noise messages are at most 65535 bytes).
fn message_length(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

/// `message` as one stream frame (docs/WIRE.md, "Noise stream frame"): its length as 2 bytes big-endian,
/// then the message. Throws `TSEAL_FRAME_TOO_LARGE` for a message over 65535 bytes.
#[napi]
pub fn encode_noise_frame<'env>(env: &'env Env, message: Bytes) -> napi::Result<BufferSlice<'env>> {
    let mut frame = vec![0u8; FRAME_HEADER_BYTES + message.len()];
    let n = encode_frame(&message, &mut frame).or_throw(env)?;
    BufferSlice::copy_from(env, frame.get(..n).unwrap_or_default())
}

/// Reassembles Noise stream frames from bytes that arrive in arbitrary pieces (e.g. socket `data` events).
#[napi]
pub struct NoiseFrameDecoder(FrameDecoder);

#[napi]
impl NoiseFrameDecoder {
    /// An empty decoder.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        NoiseFrameDecoder(FrameDecoder::new())
    }

    /// Takes bytes of `data` up to the end of the current frame and returns how many it took (0 while a
    /// completed frame waits for `takeFrame`); feed the rest after taking the frame.
    #[napi]
    pub fn feed(&mut self, data: Bytes) -> u32 {
        // At most one frame (65537 bytes) is taken per call, so the count always fits.
        u32::try_from(self.0.feed(&data)).unwrap_or(u32::MAX)
    }

    /// The message of the frame just completed (once), or `null` until a frame is complete.
    #[napi]
    pub fn take_frame<'env>(&mut self, env: &'env Env) -> napi::Result<Option<BufferSlice<'env>>> {
        self.0
            .take_frame()
            .map(|frame| BufferSlice::copy_from(env, frame))
            .transpose()
    }
}
