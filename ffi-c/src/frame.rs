//! Signed frames v1 (docs/WIRE.md): `tseal_frame_sign` / `tseal_frame_verify` with a `tseal_keyring`.

use tradeseal_core::frame::{Frame, SignedFrame, FRAME_OVERHEAD_BYTES, MAX_FRAME_PAYLOAD};

use tradeseal_core::Error;

use crate::boundary::{c_args, ffi_boundary, try_mut, try_out, try_ref, try_slice};
use crate::keyring::tseal_keyring;
use crate::tseal_status;

/// Bytes a signed frame adds to its payload.
pub const TSEAL_FRAME_OVERHEAD_BYTES: usize = 65;
/// The largest payload a frame may carry (16 MiB); `tseal_frame_verify` accepts a lower limit.
pub const TSEAL_MAX_FRAME_PAYLOAD: usize = 16777216;
const _: () = assert!(TSEAL_FRAME_OVERHEAD_BYTES == FRAME_OVERHEAD_BYTES);
const _: () = assert!(TSEAL_MAX_FRAME_PAYLOAD == MAX_FRAME_PAYLOAD);

/// `TSEAL_FRAME_OVERHEAD_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_frame_overhead_bytes() -> usize {
    ffi_boundary! { TSEAL_FRAME_OVERHEAD_BYTES }
}

/// `TSEAL_MAX_FRAME_PAYLOAD`.
#[no_mangle]
pub extern "C" fn tseal_max_frame_payload() -> usize {
    ffi_boundary! { TSEAL_MAX_FRAME_PAYLOAD }
}

/// Signs a frame with the keyring's primary key into `out` (`payload_len + TSEAL_FRAME_OVERHEAD_BYTES`
/// bytes).
#[no_mangle]
pub extern "C" fn tseal_frame_sign(
    keyring: *const tseal_keyring,
    stream_id: u64,
    sequence: u64,
    timestamp_ns: u64,
    payload: *const u8,
    payload_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, payload, out) = c_args!(
            try_ref(keyring),
            try_slice(payload, payload_len),
            try_out(out, out_len),
        );
        let frame = Frame { stream_id, sequence, timestamp_ns, payload };
        out.write_with(frame.signed_len(), |buf| frame.sign_into(&*keyring.read()?, buf))
    }
}

/// Verifies a signed frame whose payload is at most `max_payload` bytes (`TSEAL_FRAME_TOO_LARGE`
/// otherwise) and, only if it verifies, writes its fields and copies its payload into `payload`
/// (`signed_len - TSEAL_FRAME_OVERHEAD_BYTES` bytes). Replay checks are the caller's next step.
#[no_mangle]
pub extern "C" fn tseal_frame_verify(
    keyring: *const tseal_keyring,
    signed_frame: *const u8,
    signed_frame_len: usize,
    max_payload: usize,
    key_id: *mut u32,
    stream_id: *mut u64,
    sequence: *mut u64,
    timestamp_ns: *mut u64,
    payload: *mut u8,
    payload_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, signed, key_id, stream_id, sequence, timestamp_ns, payload) = c_args!(
            try_ref(keyring),
            try_slice(signed_frame, signed_frame_len),
            try_mut(key_id),
            try_mut(stream_id),
            try_mut(sequence),
            try_mut(timestamp_ns),
            try_out(payload, payload_len),
        );
        let verified = SignedFrame::parse_with_limit(signed, max_payload)?.verify(&*keyring.read()?)?;
        payload.write(verified.payload)?;
        *key_id = verified.key_id().ok_or(Error::Internal)?;
        (*stream_id, *sequence, *timestamp_ns) = (verified.stream_id, verified.sequence, verified.timestamp_ns);
        Ok(())
    }
}

/// Parses a signed frame WITHOUT verifying it and writes the key id and stream id it claims, to pick the
/// keyring or stream state before `tseal_frame_verify` (same `max_payload` and parse errors). The values
/// are unauthenticated: act on nothing until the frame verifies.
#[no_mangle]
pub extern "C" fn tseal_frame_parse(
    signed_frame: *const u8,
    signed_frame_len: usize,
    max_payload: usize,
    key_id: *mut u32,
    stream_id: *mut u64,
) -> tseal_status {
    ffi_boundary! {
        let (signed, key_id, stream_id) =
            c_args!(try_slice(signed_frame, signed_frame_len), try_mut(key_id), try_mut(stream_id));
        let parsed = SignedFrame::parse_with_limit(signed, max_payload)?;
        (*key_id, *stream_id) = (parsed.key_id(), parsed.stream_id());
        Ok(())
    }
}
