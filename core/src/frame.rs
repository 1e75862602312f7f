//! Signed frame v1: an authenticated payload in a numbered stream (byte layout in `docs/WIRE.md`).
//!
//! A frame names its stream, its sequence number and its timestamp (ns since the Unix epoch), and carries
//! up to [`MAX_FRAME_PAYLOAD`] bytes of payload. [`Frame::sign_into`] writes into a caller buffer and
//! [`Frame::verify`] returns a [`Verified`] view borrowing the payload from the input: neither allocates.
//! Receivers that expect smaller frames set a lower limit with [`SignedFrame::parse_with_limit`], which
//! rejects an oversized frame from its length field alone, before reading or hashing the payload.
//!
//! ```
//! use tradeseal::frame::{Frame, SignedFrame, FRAME_OVERHEAD_BYTES};
//! use tradeseal::{Error, Keyring, MacKey};
//!
//! let ring = Keyring::with_primary(1, MacKey::generate()?);
//! let frame = Frame { stream_id: 7, sequence: 1, timestamp_ns: 1_700_000_000_000_000_000, payload: b"tick" };
//! let mut buf = [0u8; FRAME_OVERHEAD_BYTES + 4];
//! let len = frame.sign_into(&ring, &mut buf)?;
//! assert_eq!(*Frame::verify(&ring, &buf[..len])?, frame);
//!
//! assert_eq!(SignedFrame::parse_with_limit(&buf, 3).unwrap_err(), Error::FrameTooLarge);
//! assert_eq!(Frame::verify(&ring, &buf[..len - 1]), Err(Error::Truncated));
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};
use crate::keyring::{KeyId, Keyring};
use crate::mac::{MacKey, MAC_TAG_BYTES};
use crate::verified::Verified;
use crate::wire::{self, Reader, HEADER_BYTES};

/// Domain-separation label prepended to the MAC input (not sent).
const LABEL: &[u8] = b"tradeseal/frame/v1";

/// The largest payload a frame may carry (16 MiB).
pub const MAX_FRAME_PAYLOAD: usize = 16 << 20;

/// Bytes of a signed frame besides its payload.
pub const FRAME_OVERHEAD_BYTES: usize = HEADER_BYTES + 8 + 8 + 8 + 4 + MAC_TAG_BYTES;

/// A frame of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The stream the frame belongs to.
    pub stream_id: u64,
    /// The frame's sequence number within the stream.
    pub sequence: u64,
    /// When the frame was made, in nanoseconds since the Unix epoch.
    pub timestamp_ns: u64,
    /// The payload, at most [`MAX_FRAME_PAYLOAD`] bytes.
    pub payload: &'a [u8],
}

impl<'a> Frame<'a> {
    /// The size of the signed frame: [`FRAME_OVERHEAD_BYTES`] plus the payload length.
    pub fn signed_len(&self) -> usize {
        FRAME_OVERHEAD_BYTES.saturating_add(self.payload.len())
    }

    /// Writes the signed frame into the start of `out` with the keyring's primary key and returns its
    /// length. Allocates nothing.
    ///
    /// Fails with [`Error::FrameTooLarge`] for a payload over [`MAX_FRAME_PAYLOAD`],
    /// [`Error::BufferTooSmall`] when `out` is shorter than [`Frame::signed_len`] and
    /// [`Error::NoPrimaryKey`] when the keyring has no primary.
    pub fn sign_into(&self, keyring: &Keyring<MacKey>, out: &mut [u8]) -> Result<usize> {
        let payload_len = payload_len(self.payload.len(), MAX_FRAME_PAYLOAD)?;
        wire::sign_into(LABEL, keyring, self.signed_len(), out, |w| {
            w.u64(self.stream_id)?;
            w.u64(self.sequence)?;
            w.u64(self.timestamp_ns)?;
            w.u32(payload_len)?;
            w.put(self.payload)
        })
    }

    /// [`Frame::sign_into`] into a new `Vec`.
    pub fn sign(&self, keyring: &Keyring<MacKey>) -> Result<Vec<u8>> {
        payload_len(self.payload.len(), MAX_FRAME_PAYLOAD)?;
        let mut out = vec![0u8; self.signed_len()];
        self.sign_into(keyring, &mut out)?;
        Ok(out)
    }

    /// Parses (with the default limit) and verifies a signed frame: [`SignedFrame::parse`] then
    /// [`SignedFrame::verify`].
    pub fn verify(keyring: &Keyring<MacKey>, bytes: &'a [u8]) -> Result<Verified<Frame<'a>>> {
        SignedFrame::parse(bytes)?.verify(keyring)
    }
}

/// The payload length as its u32 field, or [`Error::FrameTooLarge`] above `max`.
fn payload_len(len: usize, max: usize) -> Result<u32> {
    if len > max {
        return Err(Error::FrameTooLarge);
    }
    u32::try_from(len).map_err(|_| Error::FrameTooLarge)
}

/// A signed frame whose structure parsed but whose tag is not checked yet.
///
/// It exposes only what a receiver needs to route it (the key id and the stream id); the frame itself comes
/// out of [`SignedFrame::verify`].
#[derive(Clone, Copy, Debug)]
pub struct SignedFrame<'a> {
    bytes: &'a [u8],
    key_id: KeyId,
    frame: Frame<'a>,
}

impl<'a> SignedFrame<'a> {
    /// Parses the frame's structure with the default payload limit [`MAX_FRAME_PAYLOAD`].
    ///
    /// Fails with [`Error::UnsupportedVersion`] for another version byte, [`Error::FrameTooLarge`] when
    /// the length field exceeds the limit, [`Error::Truncated`] when the input ends early and
    /// [`Error::Malformed`] when bytes follow the tag.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_with_limit(bytes, MAX_FRAME_PAYLOAD)
    }

    /// Like [`SignedFrame::parse`] with a lower payload limit; a `max_payload` above
    /// [`MAX_FRAME_PAYLOAD`] is [`Error::InvalidArgument`].
    pub fn parse_with_limit(bytes: &'a [u8], max_payload: usize) -> Result<Self> {
        if max_payload > MAX_FRAME_PAYLOAD {
            return Err(Error::InvalidArgument);
        }
        let mut r = Reader::new(bytes);
        let key_id = wire::read_header(&mut r)?;
        let stream_id = r.u64()?;
        let sequence = r.u64()?;
        let timestamp_ns = r.u64()?;
        let len = usize::try_from(r.u32()?).map_err(|_| Error::FrameTooLarge)?;
        payload_len(len, max_payload)?;
        let payload = r.take(len)?;
        r.finish_with_tag()?;
        Ok(SignedFrame {
            bytes,
            key_id,
            frame: Frame {
                stream_id,
                sequence,
                timestamp_ns,
                payload,
            },
        })
    }

    /// The key id the frame claims (unauthenticated until verified).
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The stream id the frame claims (unauthenticated until verified).
    pub fn stream_id(&self) -> u64 {
        self.frame.stream_id
    }

    /// Checks the tag with the key the frame names: [`Error::UnknownKey`] when the ring has no such key,
    /// [`Error::InvalidSignature`] when the tag does not verify.
    pub fn verify(self, keyring: &Keyring<MacKey>) -> Result<Verified<Frame<'a>>> {
        wire::verify(LABEL, keyring, self.key_id, self.bytes)?;
        Ok(Verified::new(self.frame, Some(self.key_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_payloads_are_refused_on_both_sides() {
        let ring = Keyring::with_primary(1, MacKey::from_bytes(&[1; 32]).unwrap());
        let big = vec![0u8; MAX_FRAME_PAYLOAD + 1];
        let frame = Frame {
            stream_id: 0,
            sequence: 0,
            timestamp_ns: 0,
            payload: &big,
        };
        assert_eq!(frame.sign(&ring), Err(Error::FrameTooLarge));
        let mut header = Frame {
            payload: b"",
            ..frame
        }
        .sign(&ring)
        .unwrap();
        header[29..33].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(Frame::verify(&ring, &header), Err(Error::FrameTooLarge));
        assert_eq!(
            SignedFrame::parse_with_limit(&header, MAX_FRAME_PAYLOAD + 1).unwrap_err(),
            Error::InvalidArgument
        );
    }
}
