//! Noise sessions (docs/WIRE.md): X25519 static keys, `tseal_noise_builder` (each setting at most once,
//! `TSEAL_ALREADY_SET` otherwise) and `tseal_noise_session` (handshake, then transport messages, with age,
//! idle and message limits; every call takes the caller's monotonic time in milliseconds). Protocols are
//! named in full, e.g. `"Noise_XX_25519_ChaChaPoly_SHA256"` (XX, IK, NK, XXpsk3; ChaChaPoly or AESGCM).
//! Session states are `TSEAL_NOISE_*`. Handles are thread-safe; a session serialises its calls.

use std::sync::{Mutex, MutexGuard};

use tradeseal_core::noise::{
    encode_frame, FrameDecoder, Limits, NoiseBuilder, NoiseProtocol, NoiseSession, SessionState,
    StaticKeypair, TransportMode, EXPORT_MAX_BYTES, FRAME_HEADER_BYTES, NOISE_KEY_BYTES,
    NOISE_MAX_MESSAGE_BYTES, NOISE_TAG_BYTES,
};
use tradeseal_core::Error;

use crate::boundary::{
    c_args, ffi_boundary, free_handle, new_handle, try_context, try_mut, try_out, try_ref, try_slice, try_str,
};
use crate::envelope::tseal_sealing_keyring;
use crate::tseal_status;

/// Length of an X25519 key (private or public) and of a handshake hash.
pub const TSEAL_NOISE_KEY_BYTES: usize = 32;
/// The largest Noise message.
pub const TSEAL_NOISE_MAX_MESSAGE_BYTES: usize = 65535;
/// The most a written message adds to its payload (16-byte tag plus up to 96 handshake bytes).
pub const TSEAL_NOISE_MAX_OVERHEAD_BYTES: usize = 112;
/// Length of a stream frame's length prefix.
pub const TSEAL_NOISE_FRAME_HEADER_BYTES: usize = 2;
const _: () =
    assert!(TSEAL_NOISE_KEY_BYTES == NOISE_KEY_BYTES && TSEAL_NOISE_FRAME_HEADER_BYTES == FRAME_HEADER_BYTES);
const _: () = assert!(TSEAL_NOISE_MAX_MESSAGE_BYTES == NOISE_MAX_MESSAGE_BYTES);
const _: () = assert!(TSEAL_NOISE_MAX_OVERHEAD_BYTES == NOISE_TAG_BYTES + 96);
/// The most bytes `tseal_noise_session_export` writes (the sealed session state, docs/WIRE.md).
pub const TSEAL_NOISE_EXPORT_MAX_BYTES: usize = 293;
const _: () = assert!(TSEAL_NOISE_EXPORT_MAX_BYTES == EXPORT_MAX_BYTES);

/// The handshake is running (`tseal_noise_session_is_my_turn` says who writes next).
pub const TSEAL_NOISE_HANDSHAKING: u8 = 1;
/// The handshake finished and the peer is authorised.
pub const TSEAL_NOISE_TRANSPORT: u8 = 2;
/// A limit was reached: build a new session.
pub const TSEAL_NOISE_EXPIRED: u8 = 3;
/// The handshake failed for good.
pub const TSEAL_NOISE_FAILED: u8 = 4;
const _: () = assert!(TSEAL_NOISE_HANDSHAKING == SessionState::Handshaking as u8);
const _: () = assert!(TSEAL_NOISE_TRANSPORT == SessionState::Transport as u8);
const _: () = assert!(TSEAL_NOISE_EXPIRED == SessionState::Expired as u8);
const _: () = assert!(TSEAL_NOISE_FAILED == SessionState::Failed as u8);

/// Transport mode for reliable, ordered delivery (TCP): implicit nonces, frame messages with
/// `tseal_noise_encode_frame`. The default.
pub const TSEAL_NOISE_STREAM: u8 = 1;
/// Transport mode for unordered, lossy delivery (UDP): each message carries its 8-byte nonce and the
/// receiver accepts each nonce once (`TSEAL_REPLAYED`, `TSEAL_TOO_OLD` otherwise).
pub const TSEAL_NOISE_DATAGRAM: u8 = 2;
const _: () = assert!(TSEAL_NOISE_STREAM == TransportMode::Stream as u8);
const _: () = assert!(TSEAL_NOISE_DATAGRAM == TransportMode::Datagram as u8);

fn transport_mode(mode: u8) -> Result<TransportMode, Error> {
    match mode {
        TSEAL_NOISE_STREAM => Ok(TransportMode::Stream),
        TSEAL_NOISE_DATAGRAM => Ok(TransportMode::Datagram),
        _ => Err(Error::InvalidArgument),
    }
}

/// `TSEAL_NOISE_KEY_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_noise_key_bytes() -> usize {
    ffi_boundary! { TSEAL_NOISE_KEY_BYTES }
}

/// `TSEAL_NOISE_MAX_MESSAGE_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_noise_max_message_bytes() -> usize {
    ffi_boundary! { TSEAL_NOISE_MAX_MESSAGE_BYTES }
}

/// `TSEAL_NOISE_MAX_OVERHEAD_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_noise_max_overhead_bytes() -> usize {
    ffi_boundary! { TSEAL_NOISE_MAX_OVERHEAD_BYTES }
}

/// `TSEAL_NOISE_EXPORT_MAX_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_noise_export_max_bytes() -> usize {
    ffi_boundary! { TSEAL_NOISE_EXPORT_MAX_BYTES }
}

/// A new random X25519 static key pair: the private key (store it safely) into `private_key` and the
/// public key (give it to peers) into `public_key`, `TSEAL_NOISE_KEY_BYTES` each.
#[no_mangle]
pub extern "C" fn tseal_noise_keypair_generate(
    private_key: *mut u8,
    private_key_len: *mut usize,
    public_key: *mut u8,
    public_key_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (mut private_out, mut public_out) = c_args!(
            try_out(private_key, private_key_len),
            try_out(public_key, public_key_len),
        );
        let private_fits = private_out.fits(NOISE_KEY_BYTES);
        private_fits.and(public_out.fits(NOISE_KEY_BYTES))?;
        let keypair = StaticKeypair::generate()?;
        private_out.write(keypair.private_bytes())?;
        public_out.write(keypair.public())
    }
}

/// The public key of a `TSEAL_NOISE_KEY_BYTES`-byte private key, into `public_key`.
#[no_mangle]
pub extern "C" fn tseal_noise_public_key(
    private_key: *const u8,
    private_key_len: usize,
    public_key: *mut u8,
    public_key_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (private_key, public_key) = c_args!(
            try_slice(private_key, private_key_len),
            try_out(public_key, public_key_len),
        );
        public_key.write(StaticKeypair::from_private(private_key)?.public())
    }
}

/// Writes `message` as a stream frame (2-byte big-endian length, then the message) into `out`.
#[no_mangle]
pub extern "C" fn tseal_noise_encode_frame(
    message: *const u8,
    message_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (message, out) = c_args!(try_slice(message, message_len), try_out(out, out_len));
        out.write_with(message.len().saturating_add(FRAME_HEADER_BYTES), |buf| encode_frame(message, buf))
    }
}

/// Reassembles stream frames from bytes that arrive in arbitrary pieces (opaque, thread-safe; allocates
/// its 64 KiB buffer once). Feed bytes with `tseal_noise_frame_decoder_feed`, then take each completed
/// message with `tseal_noise_frame_decoder_take` before feeding more.
pub struct tseal_noise_frame_decoder(Mutex<FrameDecoder>);

impl tseal_noise_frame_decoder {
    fn lock(&self) -> Result<MutexGuard<'_, FrameDecoder>, Error> {
        self.0.lock().map_err(|_| Error::Internal)
    }
}

/// A new, empty frame decoder in `*out`.
#[no_mangle]
pub extern "C" fn tseal_noise_frame_decoder_new(out: *mut *mut tseal_noise_frame_decoder) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_mut(out));
        new_handle(out, tseal_noise_frame_decoder(Mutex::new(FrameDecoder::new())))
    }
}

/// Frees a frame decoder; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_noise_frame_decoder_free(decoder: *mut tseal_noise_frame_decoder) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `decoder` is NULL or a live handle.
        unsafe { free_handle(decoder) }
    }
}

/// Takes bytes from `input` up to the end of the current frame; `*consumed` receives how many (0 while a
/// completed frame waits to be taken). Feed the rest after taking the frame.
#[no_mangle]
pub extern "C" fn tseal_noise_frame_decoder_feed(
    decoder: *const tseal_noise_frame_decoder,
    input: *const u8,
    input_len: usize,
    consumed: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (decoder, input, consumed) = c_args!(try_ref(decoder), try_slice(input, input_len), try_mut(consumed));
        *consumed = decoder.lock()?.feed(input);
        Ok(())
    }
}

/// Takes the completed frame's message: copies it into `out` (at most `TSEAL_NOISE_MAX_MESSAGE_BYTES`) and
/// sets `*has_frame` to 1; with no completed frame, sets `*has_frame` to 0 and `*out_len` to 0. A buffer
/// too small for the message fails with `TSEAL_BUFFER_TOO_SMALL` and leaves the frame to be taken.
#[no_mangle]
pub extern "C" fn tseal_noise_frame_decoder_take(
    decoder: *const tseal_noise_frame_decoder,
    out: *mut u8,
    out_len: *mut usize,
    has_frame: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (decoder, out, has_frame) = c_args!(try_ref(decoder), try_out(out, out_len), try_mut(has_frame));
        *has_frame = 0;
        let mut decoder = decoder.lock()?;
        out.write(decoder.peek_frame().unwrap_or_default())?;
        *has_frame = u8::from(decoder.take_frame().is_some());
        Ok(())
    }
}

/// The settings of one side of a session (opaque). Building a session uses it up: later calls on it fail
/// with `TSEAL_WRONG_STATE`; free it either way.
pub struct tseal_noise_builder(Mutex<Option<NoiseBuilder>>);

impl tseal_noise_builder {
    fn with(
        &self,
        set: impl FnOnce(&mut NoiseBuilder) -> Result<&mut NoiseBuilder, Error>,
    ) -> Result<(), Error> {
        let mut builder = self.0.lock().map_err(|_| Error::Internal)?;
        set(builder.as_mut().ok_or(Error::WrongState)?).map(drop)
    }

    fn take(&self) -> Result<NoiseBuilder, Error> {
        self.0
            .lock()
            .map_err(|_| Error::Internal)?
            .take()
            .ok_or(Error::WrongState)
    }
}

/// A builder for the protocol named `protocol` (UTF-8, e.g. `"Noise_XX_25519_ChaChaPoly_SHA256"`;
/// `TSEAL_UNSUPPORTED_ALGORITHM` otherwise) in `*out`.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_new(
    protocol: *const u8,
    protocol_len: usize,
    out: *mut *mut tseal_noise_builder,
) -> tseal_status {
    ffi_boundary! {
        let (protocol, out) = c_args!(try_str(protocol, protocol_len), try_mut(out));
        let builder = NoiseBuilder::new(NoiseProtocol::from_name(protocol)?);
        new_handle(out, tseal_noise_builder(Mutex::new(Some(builder))))
    }
}

/// Frees a builder; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_free(builder: *mut tseal_noise_builder) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `builder` is NULL or a live handle.
        unsafe { free_handle(builder) }
    }
}

/// Sets the prologue both sides must agree on.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_prologue(
    builder: *mut tseal_noise_builder,
    prologue: *const u8,
    prologue_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, prologue) = c_args!(try_ref(builder), try_slice(prologue, prologue_len));
        builder.with(|b| b.prologue(prologue))
    }
}

/// Sets this side's static key from its `TSEAL_NOISE_KEY_BYTES`-byte private key.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_local_private_key(
    builder: *mut tseal_noise_builder,
    private_key: *const u8,
    private_key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, private_key) = c_args!(try_ref(builder), try_slice(private_key, private_key_len));
        builder.with(|b| b.local_private_key(private_key))
    }
}

/// Sets the peer's static public key, for patterns where the initiator knows it (IK, NK).
#[no_mangle]
pub extern "C" fn tseal_noise_builder_remote_public_key(
    builder: *mut tseal_noise_builder,
    public_key: *const u8,
    public_key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, public_key) = c_args!(try_ref(builder), try_slice(public_key, public_key_len));
        builder.with(|b| b.remote_public_key(public_key))
    }
}

/// Sets the 32-byte pre-shared key (XXpsk3).
#[no_mangle]
pub extern "C" fn tseal_noise_builder_psk(
    builder: *mut tseal_noise_builder,
    psk: *const u8,
    psk_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, psk) = c_args!(try_ref(builder), try_slice(psk, psk_len));
        builder.with(|b| b.psk(psk))
    }
}

/// Adds a peer static public key to the allowlist (call once per allowed peer); a peer outside it fails
/// the handshake with `TSEAL_PEER_NOT_ALLOWED`.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_allow_peer(
    builder: *mut tseal_noise_builder,
    public_key: *const u8,
    public_key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, public_key) = c_args!(try_ref(builder), try_slice(public_key, public_key_len));
        builder.with(|b| b.allow_peer(public_key))
    }
}

/// A peer check for `tseal_noise_builder_peer_verifier`: called with the caller's `ctx` and the peer's
/// static public key (`public_key_len` is `TSEAL_NOISE_KEY_BYTES`) during the handshake, on the thread
/// reading the handshake message; returns `TSEAL_OK` to allow the peer, anything else to refuse it. It
/// must return normally (no C++ exception, no longjmp) and must not call into the session being checked.
pub type tseal_noise_peer_verifier = Option<
    extern "C" fn(ctx: *mut core::ffi::c_void, public_key: *const u8, public_key_len: usize) -> tseal_status,
>;

/// Sets a callback that decides whether the peer's static key is allowed, instead of an allowlist
/// (`TSEAL_ALREADY_SET` after `tseal_noise_builder_allow_peer`); a refused peer fails the handshake with
/// `TSEAL_PEER_NOT_ALLOWED`. `ctx` (may be NULL) is passed to every call: it must stay valid, and usable
/// from any thread, as long as any session built from this builder (or renewed from one) lives. Not for
/// MQL5, which has no callbacks (use the allowlist).
#[no_mangle]
pub extern "C" fn tseal_noise_builder_peer_verifier(
    builder: *mut tseal_noise_builder,
    verify: tseal_noise_peer_verifier,
    ctx: *mut core::ffi::c_void,
) -> tseal_status {
    ffi_boundary! {
        let (builder, ctx) = c_args!(try_ref(builder), try_context(ctx));
        let verify = verify.ok_or(Error::NullPointer)?;
        builder.with(|b| {
            b.peer_verifier(Box::new(move |key| match verify(ctx.get(), key.as_ptr(), key.len()) {
                crate::TSEAL_OK => Ok(()),
                _ => Err(Error::PeerNotAllowed),
            }))
        })
    }
}

/// Sets the session limits: maximum age and messages per direction (non-zero), idle timeout and rekey
/// interval (0 disables them).
#[no_mangle]
pub extern "C" fn tseal_noise_builder_limits(
    builder: *mut tseal_noise_builder,
    max_age_ms: u64,
    max_messages: u64,
    idle_timeout_ms: u64,
    rekey_interval: u64,
) -> tseal_status {
    ffi_boundary! {
        let builder = c_args!(try_ref(builder));
        builder.with(|b| b.limits(Limits { max_age_ms, max_messages, idle_timeout_ms, rekey_interval }))
    }
}

/// The default limits (`max_age_ms`, `max_messages`, `idle_timeout_ms`, `rekey_interval`), to change one
/// of them before `tseal_noise_builder_limits`.
#[no_mangle]
pub extern "C" fn tseal_noise_default_limits(
    max_age_ms: *mut u64,
    max_messages: *mut u64,
    idle_timeout_ms: *mut u64,
    rekey_interval: *mut u64,
) -> tseal_status {
    ffi_boundary! {
        let (max_age_ms, max_messages, idle_timeout_ms, rekey_interval) = c_args!(
            try_mut(max_age_ms),
            try_mut(max_messages),
            try_mut(idle_timeout_ms),
            try_mut(rekey_interval),
        );
        let limits = Limits::default();
        *max_age_ms = limits.max_age_ms;
        *max_messages = limits.max_messages;
        *idle_timeout_ms = limits.idle_timeout_ms;
        *rekey_interval = limits.rekey_interval;
        Ok(())
    }
}

/// Sets how transport messages travel (`TSEAL_NOISE_STREAM` or `TSEAL_NOISE_DATAGRAM`; `TSEAL_INVALID_ARGUMENT`
/// for an unknown mode). Both peers must agree.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_transport_mode(
    builder: *mut tseal_noise_builder,
    mode: u8,
) -> tseal_status {
    ffi_boundary! {
        let builder = c_args!(try_ref(builder));
        let mode = transport_mode(mode)?;
        builder.with(|b| b.transport_mode(mode))
    }
}

/// TEST ONLY: uses this `TSEAL_NOISE_KEY_BYTES`-byte ephemeral private key instead of a random one, so a
/// handshake is reproducible for known-answer tests (tests/vectors/noise.json). A fixed ephemeral key
/// destroys the handshake's security: never call this outside tests.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_fixed_ephemeral_key_for_testing_only(
    builder: *mut tseal_noise_builder,
    private_key: *const u8,
    private_key_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (builder, private_key) = c_args!(try_ref(builder), try_slice(private_key, private_key_len));
        builder.with(|b| b.fixed_ephemeral_key_for_testing_only(private_key))
    }
}

/// One end of a Noise channel (opaque, thread-safe).
pub struct tseal_noise_session(Mutex<NoiseSession>);

impl tseal_noise_session {
    fn lock(&self) -> Result<MutexGuard<'_, NoiseSession>, Error> {
        self.0.lock().map_err(|_| Error::Internal)
    }
}

/// Builds the initiator side at `now_ms` into `*out`, using up `builder`.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_build_initiator(
    builder: *mut tseal_noise_builder,
    now_ms: u64,
    out: *mut *mut tseal_noise_session,
) -> tseal_status {
    ffi_boundary! {
        let (builder, out) = c_args!(try_ref(builder), try_mut(out));
        new_handle(out, tseal_noise_session(Mutex::new(builder.take()?.build_initiator(now_ms)?)))
    }
}

/// Builds the responder side at `now_ms` into `*out`, using up `builder`.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_build_responder(
    builder: *mut tseal_noise_builder,
    now_ms: u64,
    out: *mut *mut tseal_noise_session,
) -> tseal_status {
    ffi_boundary! {
        let (builder, out) = c_args!(try_ref(builder), try_mut(out));
        new_handle(out, tseal_noise_session(Mutex::new(builder.take()?.build_responder(now_ms)?)))
    }
}

/// Restores a session exported by `tseal_noise_session_export` at `now_ms` into `*out`, opening it with
/// `keyring`, and uses up `builder` (also when it fails). The builder must describe the same session
/// (protocol, transport mode, limits: `TSEAL_INVALID_ARGUMENT` otherwise) and its peer policy must allow
/// the peer again (`TSEAL_PEER_NOT_ALLOWED`); other failures are the envelope's (`TSEAL_DECRYPT_FAILED`,
/// `TSEAL_TRUNCATED`, ...), `TSEAL_UNSUPPORTED_VERSION`, `TSEAL_STATE_CORRUPT` and `TSEAL_SESSION_EXPIRED`.
/// Import each export once.
#[no_mangle]
pub extern "C" fn tseal_noise_builder_import_session(
    builder: *mut tseal_noise_builder,
    now_ms: u64,
    keyring: *const tseal_sealing_keyring,
    exported: *const u8,
    exported_len: usize,
    out: *mut *mut tseal_noise_session,
) -> tseal_status {
    ffi_boundary! {
        let (builder, keyring, exported, out) =
            c_args!(try_ref(builder), try_ref(keyring), try_slice(exported, exported_len), try_mut(out));
        let keys = keyring.read()?;
        let session = builder.take()?.import_session(now_ms, &keys, exported)?;
        new_handle(out, tseal_noise_session(Mutex::new(session)))
    }
}

/// Frees (and wipes) a session; NULL is a no-op.
#[no_mangle]
pub extern "C" fn tseal_noise_session_free(session: *mut tseal_noise_session) {
    ffi_boundary! {
        // SAFETY: C contract of this function: `session` is NULL or a live handle.
        unsafe { free_handle(session) }
    }
}

/// The session's state in `*state` (`TSEAL_NOISE_*`) and whether this side writes next in `*my_turn`
/// (0 or 1).
#[no_mangle]
pub extern "C" fn tseal_noise_session_state(
    session: *const tseal_noise_session,
    state: *mut u8,
    my_turn: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (session, state, my_turn) = c_args!(try_ref(session), try_mut(state), try_mut(my_turn));
        let session = session.lock()?;
        (*state, *my_turn) = (session.state() as u8, u8::from(session.is_my_turn()));
        Ok(())
    }
}

/// The handshake hash (`TSEAL_NOISE_KEY_BYTES`, identical on both sides) into `out`; transport only.
#[no_mangle]
pub extern "C" fn tseal_noise_session_handshake_hash(
    session: *const tseal_noise_session,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, out) = c_args!(try_ref(session), try_out(out, out_len));
        out.write(session.lock()?.handshake_hash()?)
    }
}

/// Writes the next message (handshake or transport) carrying `payload` into `out`, which must hold
/// `payload_len + TSEAL_NOISE_MAX_OVERHEAD_BYTES` bytes (at most `TSEAL_NOISE_MAX_MESSAGE_BYTES`).
#[no_mangle]
pub extern "C" fn tseal_noise_session_write(
    session: *const tseal_noise_session,
    now_ms: u64,
    payload: *const u8,
    payload_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, payload, out) = c_args!(
            try_ref(session),
            try_slice(payload, payload_len),
            try_out(out, out_len),
        );
        let needed = payload.len().saturating_add(TSEAL_NOISE_MAX_OVERHEAD_BYTES).min(NOISE_MAX_MESSAGE_BYTES);
        out.write_with(needed, |buf| session.lock()?.write_message(now_ms, payload, buf))
    }
}

/// Reads the peer's next message; its payload goes to `out`, which must hold `message_len` bytes. A
/// transport message that does not decrypt fails with `TSEAL_DECRYPT_FAILED` and changes nothing; a bad
/// handshake message fails the session (`TSEAL_HANDSHAKE_FAILED`, `TSEAL_PEER_NOT_ALLOWED`).
#[no_mangle]
pub extern "C" fn tseal_noise_session_read(
    session: *const tseal_noise_session,
    now_ms: u64,
    message: *const u8,
    message_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, message, out) = c_args!(
            try_ref(session),
            try_slice(message, message_len),
            try_out(out, out_len),
        );
        out.write_with(message.len(), |buf| session.lock()?.read_message(now_ms, message, buf))
    }
}

/// Whether this side started the handshake, in `*initiator` (0 or 1).
#[no_mangle]
pub extern "C" fn tseal_noise_session_is_initiator(
    session: *const tseal_noise_session,
    initiator: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (session, initiator) = c_args!(try_ref(session), try_mut(initiator));
        *initiator = u8::from(session.lock()?.is_initiator());
        Ok(())
    }
}

/// The full name of the session's protocol (UTF-8, no NUL, e.g. `Noise_XX_25519_ChaChaPoly_SHA256`) into
/// `out`.
#[no_mangle]
pub extern "C" fn tseal_noise_session_protocol(
    session: *const tseal_noise_session,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, out) = c_args!(try_ref(session), try_out(out, out_len));
        let name = session.lock()?.protocol().name();
        out.write(name.as_bytes())
    }
}

/// The peer's authorised static public key (`TSEAL_NOISE_KEY_BYTES`) into `out`; transport only. Writes
/// nothing (`*out_len` = 0) when the pattern gives this side none (the NK responder).
#[no_mangle]
pub extern "C" fn tseal_noise_session_remote_static(
    session: *const tseal_noise_session,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, out) = c_args!(try_ref(session), try_out(out, out_len));
        let session = session.lock()?;
        out.write(session.remote_static()?.map_or(&[][..], |key| &key[..]))
    }
}

/// Whether the session has used 80 % of its age or message budget at `now_ms` (renew it soon), in
/// `*near_expiry` (0 or 1; 1 once expired or failed).
#[no_mangle]
pub extern "C" fn tseal_noise_session_is_near_expiry(
    session: *const tseal_noise_session,
    now_ms: u64,
    near_expiry: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (session, near_expiry) = c_args!(try_ref(session), try_mut(near_expiry));
        *near_expiry = u8::from(session.lock()?.is_near_expiry(now_ms));
        Ok(())
    }
}

/// A fresh session with the same settings and role in `*out`, starting a new handshake at `now_ms` (new
/// ephemeral and transport keys, new limits). Works in any state; `session` is unchanged (free it).
#[no_mangle]
pub extern "C" fn tseal_noise_session_renew(
    session: *const tseal_noise_session,
    now_ms: u64,
    out: *mut *mut tseal_noise_session,
) -> tseal_status {
    ffi_boundary! {
        let (session, out) = c_args!(try_ref(session), try_mut(out));
        let renewed = session.lock()?.renew(now_ms)?;
        new_handle(out, tseal_noise_session(Mutex::new(renewed)))
    }
}

/// Exports this transport session sealed under `keyring`'s primary key into `out` (which must hold
/// `TSEAL_NOISE_EXPORT_MAX_BYTES`), reserving `reserve` sending nonces for the live session
/// (docs/WIRE.md, "Noise session state v1"). A datagram session keeps working up to the reservation; a
/// stream session must use `reserve` 0 (`TSEAL_INVALID_ARGUMENT`) and ends (`TSEAL_NOISE_EXPIRED`): the
/// export is a hand-off. Import only the latest export, once. `TSEAL_WRONG_STATE` outside transport.
#[no_mangle]
pub extern "C" fn tseal_noise_session_export(
    session: *const tseal_noise_session,
    now_ms: u64,
    keyring: *const tseal_sealing_keyring,
    reserve: u64,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (session, keyring, out) = c_args!(try_ref(session), try_ref(keyring), try_out(out, out_len));
        let keys = keyring.read()?;
        out.write_with(EXPORT_MAX_BYTES, |buf| session.lock()?.export_into(now_ms, &keys, reserve, buf))
    }
}
