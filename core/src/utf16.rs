//! Strict text conversion for callers whose strings are UTF-16 (MQL5's `string`, Windows `wchar_t`).
//!
//! [`to_utf8`] refuses unpaired surrogates with [`Error::InvalidUtf16`] instead of replacing them
//! (MQL5's own conversion silently turns what it cannot encode into `?`, which would then be signed).
//! It writes into a caller buffer and allocates nothing; [`utf8_len`] gives the size to reserve.
//!
//! ```
//! use tradeseal::{utf16, Error};
//!
//! let wide: Vec<u16> = "EURUSD €".encode_utf16().collect();
//! let mut out = [0u8; 16];
//! let n = utf16::to_utf8(&wide, &mut out)?;
//! assert_eq!(&out[..n], "EURUSD €".as_bytes());
//! assert_eq!(utf16::utf8_len(&wide)?, n);
//! assert_eq!(utf16::to_utf8(&[0xd800], &mut out), Err(Error::InvalidUtf16));
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};

/// The number of UTF-8 bytes `utf16` converts to, or [`Error::InvalidUtf16`].
pub fn utf8_len(utf16: &[u16]) -> Result<usize> {
    char::decode_utf16(utf16.iter().copied()).try_fold(0usize, |len, c| {
        c.map(|c| len + c.len_utf8()).map_err(|_| Error::InvalidUtf16)
    })
}

/// Converts `utf16` into UTF-8 in `out` and returns the number of bytes written.
///
/// Fails with [`Error::InvalidUtf16`] on an unpaired surrogate and with [`Error::BufferTooSmall`] when
/// `out` is shorter than [`utf8_len`]; in both cases nothing is written.
pub fn to_utf8(utf16: &[u16], out: &mut [u8]) -> Result<usize> {
    let needed = utf8_len(utf16)?;
    let out = out.get_mut(..needed).ok_or(Error::BufferTooSmall)?;
    let mut written = 0;
    for c in char::decode_utf16(utf16.iter().copied()) {
        let c = c.map_err(|_| Error::InvalidUtf16)?;
        let rest = out.get_mut(written..).ok_or(Error::BufferTooSmall)?;
        written += c.encode_utf8(rest).len();
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_every_plane_and_refuses_lone_surrogates() {
        let s = "a\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}";
        let wide: Vec<u16> = s.encode_utf16().collect();
        let mut out = vec![0u8; s.len()];
        assert_eq!(to_utf8(&wide, &mut out), Ok(s.len()));
        assert_eq!(out, s.as_bytes());
        for bad in [
            &[0xd800u16][..],
            &[0xdc00],
            &[0x41, 0xd800, 0x41],
            &[0xdc00, 0xd800],
        ] {
            assert_eq!(utf8_len(bad), Err(Error::InvalidUtf16));
            assert_eq!(to_utf8(bad, &mut [0u8; 16]), Err(Error::InvalidUtf16));
        }
    }

    #[test]
    fn short_buffer_is_refused_untouched() {
        let wide: Vec<u16> = "€".encode_utf16().collect();
        let mut out = [0u8; 2];
        assert_eq!(to_utf8(&wide, &mut out), Err(Error::BufferTooSmall));
        assert_eq!(out, [0, 0]);
        assert_eq!(to_utf8(&[], &mut []), Ok(0));
    }
}
