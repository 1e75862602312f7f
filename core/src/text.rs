//! Formatting into caller buffers without allocating (for the text formats and number conversion).

use core::fmt;

use crate::error::{Error, Result};
use crate::mac::{MacTag, MAC_TAG_BYTES};

/// A `fmt::Write` over a byte slice; writing past the end fails instead of growing.
pub(crate) struct SliceWriter<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl<'a> SliceWriter<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        SliceWriter { out, len: 0 }
    }

    /// The bytes written so far.
    pub(crate) fn written(&self) -> &[u8] {
        self.out.get(..self.len).unwrap_or_default()
    }
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.out
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Parses a canonical decimal `u64`: ASCII digits, no sign, no leading zero (except `"0"` itself).
pub(crate) fn parse_u64(text: &[u8]) -> Option<u64> {
    if text.is_empty() || (text.len() > 1 && text.first() == Some(&b'0')) {
        return None;
    }
    text.iter().try_fold(0u64, |acc, &c| {
        let digit = if c.is_ascii_digit() { c - b'0' } else { return None };
        acc.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Decodes a 64-character hex tag (either case); anything else is [`Error::InvalidSignature`], since it
/// arrived with the message and cannot verify.
pub(crate) fn decode_hex_tag(hex: &[u8]) -> Result<MacTag> {
    let mut tag = [0u8; MAC_TAG_BYTES];
    crate::hex::decode_into(hex, &mut tag).map_err(|_| Error::InvalidSignature)?;
    Ok(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_u64_is_strict() {
        assert_eq!(parse_u64(b"0"), Some(0));
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        for bad in [
            &b""[..],
            b"01",
            b"+1",
            b"-1",
            b"1 ",
            b"18446744073709551616",
            b"1a",
        ] {
            assert_eq!(parse_u64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hex_tags_are_full_length_in_either_case() {
        assert_eq!(decode_hex_tag(&[b'A'; 64]), Ok([0xaa; 32]));
        assert_eq!(decode_hex_tag(&[b'a'; 62]), Err(Error::InvalidSignature));
        assert_eq!(decode_hex_tag(&[b'g'; 64]), Err(Error::InvalidSignature));
    }
}
