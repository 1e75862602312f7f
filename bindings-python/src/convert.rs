//! Conversions between Python objects and core types, and the one mapping of core errors to Python.
//!
//! Everything here is conversion: byte-like arguments, key ids, and [`raise`], which hands a core
//! [`tradeseal::Error`] to `tradeseal.exceptions._from_core` so the exception classes live in Python.

use std::ops::Deref;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};
use zeroize::Zeroizing;

/// Inputs at least this long are processed with the GIL released (below it, releasing costs more than it gives).
const DETACH_BYTES: usize = 16 * 1024;

/// Runs `work` on `len` input bytes, releasing the GIL when the input is long enough for that to pay off.
pub fn run<T: Ungil>(py: Python<'_>, len: usize, work: impl Ungil + FnOnce() -> T) -> T {
    if len < DETACH_BYTES {
        work()
    } else {
        py.detach(work)
    }
}

/// A `bytes`, `bytearray` or `memoryview` argument.
///
/// `bytes` is borrowed without a copy (it is immutable, so it may be read with the GIL released);
/// `bytearray` and `memoryview` are copied, because another thread may change them while we read.
/// Copies are zeroized when dropped, since arguments may be keys.
pub enum Bytes<'a> {
    /// Borrowed from an immutable `bytes` object.
    Borrowed(&'a [u8]),
    /// Copied from a mutable buffer.
    Copied(Zeroizing<Vec<u8>>),
}

impl Deref for Bytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Borrowed(bytes) => bytes,
            Bytes::Copied(bytes) => bytes,
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Bytes<'a> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = obj.extract::<&'a [u8]>() {
            return Ok(Bytes::Borrowed(bytes));
        }
        if let Ok(array) = obj.cast::<PyByteArray>() {
            return Ok(Bytes::Copied(Zeroizing::new(array.to_vec())));
        }
        if obj.cast::<PyMemoryView>().is_ok() {
            let copy = obj.call_method0("tobytes")?;
            let copy = copy.cast::<PyBytes>()?;
            return Ok(Bytes::Copied(Zeroizing::new(copy.as_bytes().to_vec())));
        }
        Err(PyTypeError::new_err(format!(
            "expected bytes, bytearray or memoryview, got {}",
            obj.get_type().name()?
        )))
    }
}

/// A `u32` argument (key ids, small counts): out of range is a `ValueError`, not an `OverflowError`.
pub struct U32(pub u32);

impl<'a, 'py> FromPyObject<'a, 'py> for U32 {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.extract::<u32>().map(U32).map_err(|err| {
            if err.is_instance_of::<PyOverflowError>(obj.py()) {
                PyValueError::new_err("expected an integer in 0..=4294967295")
            } else {
                err
            }
        })
    }
}

/// The Python exception for a core error: an instance of the `tradeseal.exceptions` class for its code.
pub fn raise(error: tradeseal::Error) -> PyErr {
    static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    Python::attach(|py| {
        let made = FROM_CORE
            .import(py, "tradeseal.exceptions", "_from_core")
            .and_then(|from_core| from_core.call1((error.code(), error.name(), error.to_string())));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            Err(import_failed) => import_failed,
        }
    })
}
