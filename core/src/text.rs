//! Formatting into caller buffers without allocating (for the text formats and number conversion).

use core::fmt;

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
