//! Length-prefixed framing for stream transports (TCP, pipes): each Noise message travels as a 2-byte
//! big-endian length followed by that many bytes (`docs/WIRE.md`, "Noise stream frame").
//!
//! ```
//! use tradeseal::noise::{encode_frame, FrameDecoder};
//!
//! let mut wire = [0u8; 16];
//! let n = encode_frame(b"hello", &mut wire)?;
//! let m = encode_frame(b"", &mut wire[n..])?;
//! let mut decoder = FrameDecoder::new();
//! let mut frames = Vec::new();
//! for chunk in wire[..n + m].chunks(3) {          // bytes arrive in arbitrary pieces
//!     let mut rest = chunk;
//!     while !rest.is_empty() {
//!         rest = &rest[decoder.feed(rest)..];
//!         if let Some(frame) = decoder.take_frame() {
//!             frames.push(frame.to_vec());
//!         }
//!     }
//! }
//! assert_eq!(frames, [b"hello".to_vec(), Vec::new()]);
//! # Ok::<(), tradeseal::Error>(())
//! ```

use super::NOISE_MAX_MESSAGE_BYTES;
use crate::error::{Error, Result};

/// Bytes of the length prefix.
pub const FRAME_HEADER_BYTES: usize = 2;

/// Writes `message` as one frame into `out`; returns the frame length (`message.len() + 2`).
///
/// Fails with [`Error::FrameTooLarge`] for messages over 65535 bytes and [`Error::BufferTooSmall`].
pub fn encode_frame(message: &[u8], out: &mut [u8]) -> Result<usize> {
    let len = u16::try_from(message.len()).map_err(|_| Error::FrameTooLarge)?;
    let frame = out
        .get_mut(..FRAME_HEADER_BYTES + message.len())
        .ok_or(Error::BufferTooSmall)?;
    let (header, body) = frame.split_at_mut(FRAME_HEADER_BYTES);
    header.copy_from_slice(&len.to_be_bytes());
    body.copy_from_slice(message);
    Ok(frame.len())
}

/// Reassembles frames from a byte stream that arrives in arbitrary pieces.
///
/// Holds one frame at a time in a buffer allocated once (65537 bytes); feeding never allocates. A
/// completed frame must be taken with [`FrameDecoder::take_frame`] before more bytes are accepted, so
/// no frame is ever dropped.
pub struct FrameDecoder {
    buf: Box<[u8]>,
    filled: usize,
    taken: bool,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for FrameDecoder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FrameDecoder")
            .field("filled", &self.filled)
            .finish_non_exhaustive()
    }
}

impl FrameDecoder {
    /// An empty decoder.
    pub fn new() -> Self {
        let buf = vec![0; FRAME_HEADER_BYTES + NOISE_MAX_MESSAGE_BYTES].into_boxed_slice();
        FrameDecoder {
            buf,
            filled: 0,
            taken: false,
        }
    }

    /// Bytes the current frame still needs (the header first, then the body it announces).
    fn wanted(&self) -> usize {
        match self.buf.get(..FRAME_HEADER_BYTES) {
            Some(&[hi, lo]) if self.filled >= FRAME_HEADER_BYTES => {
                FRAME_HEADER_BYTES + usize::from(u16::from_be_bytes([hi, lo])) - self.filled
            }
            _ => FRAME_HEADER_BYTES - self.filled,
        }
    }

    fn complete(&self) -> bool {
        self.filled >= FRAME_HEADER_BYTES && self.wanted() == 0
    }

    /// Takes bytes from `input` up to the end of the current frame and returns how many it took: 0 while
    /// a completed frame waits to be taken.
    pub fn feed(&mut self, input: &[u8]) -> usize {
        if self.complete() {
            if !self.taken {
                return 0;
            }
            (self.filled, self.taken) = (0, false);
        }
        let mut taken = 0;
        // At most two rounds: the rest of the header, then the body.
        while taken < input.len() && !self.complete() {
            let n = self.wanted().min(input.len() - taken);
            self.buf[self.filled..self.filled + n].copy_from_slice(&input[taken..taken + n]);
            self.filled += n;
            taken += n;
        }
        taken
    }

    /// The message of the frame just completed, once; `None` until the next frame is complete.
    pub fn take_frame(&mut self) -> Option<&[u8]> {
        self.peek_frame()?;
        self.taken = true;
        self.buf.get(FRAME_HEADER_BYTES..self.filled)
    }

    /// The message [`FrameDecoder::take_frame`] would return, without taking it (to size a buffer first).
    pub fn peek_frame(&self) -> Option<&[u8]> {
        if !self.complete() || self.taken {
            return None;
        }
        self.buf.get(FRAME_HEADER_BYTES..self.filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_every_split_and_oversize_is_refused() {
        let mut wire = vec![0u8; 70_000];
        let mut len = encode_frame(&[0xab; 300], &mut wire).unwrap();
        len += encode_frame(&[1, 2, 3], &mut wire[len..]).unwrap();
        len += encode_frame(&[], &mut wire[len..]).unwrap();
        len += encode_frame(&[0x5a; NOISE_MAX_MESSAGE_BYTES], &mut wire[len..]).unwrap();
        let wire = &wire[..len];
        assert_eq!(&wire[..2], &[0x01, 0x2c]);
        for chunk in [1, 2, 3, 301, 302, 1000, len] {
            let mut decoder = FrameDecoder::new();
            let mut frames = Vec::new();
            for piece in wire.chunks(chunk) {
                let mut rest = piece;
                while !rest.is_empty() {
                    rest = &rest[decoder.feed(rest)..];
                    frames.extend(decoder.take_frame().map(<[u8]>::to_vec));
                }
            }
            assert_eq!(
                frames,
                [
                    vec![0xab; 300],
                    vec![1, 2, 3],
                    vec![],
                    vec![0x5a; NOISE_MAX_MESSAGE_BYTES]
                ]
            );
            assert_eq!(decoder.take_frame(), None, "each frame is taken once");
        }
        assert_eq!(
            encode_frame(&[0; NOISE_MAX_MESSAGE_BYTES + 1], &mut [0; 70_000]),
            Err(Error::FrameTooLarge)
        );
        assert_eq!(encode_frame(&[0; 3], &mut [0; 4]), Err(Error::BufferTooSmall));
    }

    #[test]
    fn a_completed_frame_is_never_overwritten() {
        let mut decoder = FrameDecoder::new();
        assert_eq!(decoder.feed(&[0, 1, 7, 0, 1, 8]), 3);
        assert_eq!(decoder.feed(&[0, 1, 8]), 0);
        assert_eq!(decoder.peek_frame(), Some(&[7u8][..]));
        assert_eq!(decoder.take_frame(), Some(&[7u8][..]));
        assert_eq!(decoder.peek_frame(), None);
        assert_eq!(decoder.feed(&[0, 1, 8]), 3);
        assert_eq!(decoder.take_frame(), Some(&[8u8][..]));
    }
}
