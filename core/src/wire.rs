//! Fixed-width big-endian fields and the signed envelope shared by the binary formats.
//!
//! Every signed binary format is `version (1) | key id (u32 BE) | body | tag (32)`, where
//! `tag = HMAC-SHA256(key, label || version || key id || body)` and `label` names the format (see
//! `docs/WIRE.md`), so bytes signed as one format never verify as another under the same key.

use crate::error::{Error, Result};
use crate::keyring::{KeyId, Keyring};
use crate::mac::{MacKey, MAC_TAG_BYTES};

/// The version byte of every v1 binary format.
pub(crate) const VERSION_1: u8 = 1;

/// Bytes of `version | key id`.
pub(crate) const HEADER_BYTES: usize = 1 + 4;

/// Writes fields into a caller buffer; running out of room is [`Error::BufferTooSmall`], never a panic.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Writer { out, pos: 0 }
    }

    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.pos.checked_add(bytes.len()).ok_or(Error::BufferTooSmall)?;
        self.out
            .get_mut(self.pos..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.pos = end;
        Ok(())
    }

    pub(crate) fn u8(&mut self, v: u8) -> Result<()> {
        self.put(&[v])
    }

    pub(crate) fn u32(&mut self, v: u32) -> Result<()> {
        self.put(&v.to_be_bytes())
    }

    pub(crate) fn u64(&mut self, v: u64) -> Result<()> {
        self.put(&v.to_be_bytes())
    }

    pub(crate) fn i64(&mut self, v: i64) -> Result<()> {
        self.put(&v.to_be_bytes())
    }

    pub(crate) fn written(&self) -> usize {
        self.pos
    }
}

/// Reads fields from untrusted bytes; running out is [`Error::Truncated`], never a panic.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(Error::Truncated);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(u8::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    /// Reads the trailing tag and requires that nothing follows it ([`Error::Malformed`]).
    pub(crate) fn finish_with_tag(mut self) -> Result<()> {
        self.take(MAC_TAG_BYTES)?;
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::Malformed)
        }
    }
}

/// Reads `version | key id`: an empty input is [`Error::Truncated`], another version
/// [`Error::UnsupportedVersion`].
pub(crate) fn read_header(r: &mut Reader<'_>) -> Result<KeyId> {
    if r.u8()? != VERSION_1 {
        return Err(Error::UnsupportedVersion);
    }
    r.u32()
}

/// Writes `version | key id | body | tag` into the first `signed_len` bytes of `out` with the keyring's
/// primary key; `write_body` must write exactly `signed_len - HEADER_BYTES - MAC_TAG_BYTES` bytes.
pub(crate) fn sign_into(
    label: &[u8],
    keyring: &Keyring<MacKey>,
    signed_len: usize,
    out: &mut [u8],
    write_body: impl FnOnce(&mut Writer<'_>) -> Result<()>,
) -> Result<usize> {
    let (key_id, key) = keyring.primary()?;
    let out = out.get_mut(..signed_len).ok_or(Error::BufferTooSmall)?;
    let tag_at = signed_len.checked_sub(MAC_TAG_BYTES).ok_or(Error::Internal)?;
    let (signed, tag) = out.split_at_mut(tag_at);
    let mut w = Writer::new(signed);
    w.u8(VERSION_1)?;
    w.u32(key_id)?;
    write_body(&mut w)?;
    if w.written() != tag_at {
        return Err(Error::Internal);
    }
    tag.copy_from_slice(&key.sign_parts(&[label, signed]));
    Ok(signed_len)
}

/// Checks the tag of a whole message whose structure already parsed, with the key `key_id` of `keyring`.
pub(crate) fn verify(label: &[u8], keyring: &Keyring<MacKey>, key_id: KeyId, bytes: &[u8]) -> Result<()> {
    let key = keyring.get(key_id)?;
    let tag_at = bytes.len().checked_sub(MAC_TAG_BYTES).ok_or(Error::Truncated)?;
    let (signed, tag) = bytes.split_at(tag_at);
    key.verify_parts(&[label, signed], tag)
}
