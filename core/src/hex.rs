//! Lowercase hex encoding and strict decoding, used by the text formats and by key import.
//!
//! ```
//! assert_eq!(tradeseal::hex::encode(&[0xab, 0x01]), "ab01");
//! assert_eq!(tradeseal::hex::decode("AB01")?, vec![0xab, 0x01]);
//! # Ok::<(), tradeseal::Error>(())
//! ```

use crate::error::{Error, Result};

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lowercase hex.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// Writes `bytes` as lowercase hex into `out`, which must be exactly twice as long.
pub fn encode_into(bytes: &[u8], out: &mut [u8]) -> Result<()> {
    if out.len() != bytes.len() * 2 {
        return Err(Error::InvalidLength);
    }
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0x0f)];
    }
    Ok(())
}

/// Decodes hex (either case). Fails with [`Error::InvalidHex`] on odd length or a non-hex character.
pub fn decode(hex: &str) -> Result<Vec<u8>> {
    let mut out = vec![0u8; hex.len() / 2];
    decode_into(hex.as_bytes(), &mut out)?;
    Ok(out)
}

/// Decodes hex into `out`, which must be exactly half as long as `hex`.
pub fn decode_into(hex: &[u8], out: &mut [u8]) -> Result<()> {
    if hex.len() % 2 != 0 {
        return Err(Error::InvalidHex);
    }
    if out.len() != hex.len() / 2 {
        return Err(Error::InvalidLength);
    }
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Ok(())
}

fn nibble(c: u8) -> Result<u8> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(Error::InvalidHex),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
        assert_eq!(decode("abc").unwrap_err(), Error::InvalidHex);
        assert_eq!(decode("zz").unwrap_err(), Error::InvalidHex);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
    }
}
