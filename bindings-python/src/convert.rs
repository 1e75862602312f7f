//! Conversions between Python objects and core types, and the one mapping of core errors to Python.
//!
//! Everything here is conversion: byte-like arguments, key ids, and [`raise`], which hands a core
//! [`tradeseal::Error`] to `tradeseal.exceptions._from_core` so the exception classes live in Python.

use std::ops::Deref;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyInt, PyMemoryView, PyString, PyType};
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

/// An integer argument of type `T` (ids, sequence numbers, timestamps): out of range is a `ValueError`,
/// not an `OverflowError`, like every other wrong size.
pub struct Int<T>(pub T);

impl<'a, 'py, T> FromPyObject<'a, 'py> for Int<T>
where
    T: FromPyObject<'a, 'py, Error = PyErr>,
{
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.extract::<T>().map(Int).map_err(|err| {
            if err.is_instance_of::<PyOverflowError>(obj.py()) {
                PyValueError::new_err(format!("integer out of range: {err}"))
            } else {
                err
            }
        })
    }
}

/// A subscription id argument: a `uuid.UUID`, or its text form (parsed by the core: ``InvalidUuid``).
pub struct SubscriptionId(pub tradeseal::SubscriptionId);

impl<'a, 'py> FromPyObject<'a, 'py> for SubscriptionId {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.cast::<PyString>().is_ok() {
            return obj
                .extract::<String>()?
                .parse()
                .map(SubscriptionId)
                .map_err(raise);
        }
        if obj.is_instance(uuid_class(obj.py())?)? {
            let bytes: [u8; 16] = obj.getattr("bytes")?.extract()?;
            return Ok(SubscriptionId(tradeseal::SubscriptionId::from_bytes(bytes)));
        }
        Err(PyTypeError::new_err(format!(
            "expected uuid.UUID or str, got {}",
            obj.get_type().name()?
        )))
    }
}

/// A subscription id as a `uuid.UUID`.
pub fn to_uuid<'py>(py: Python<'py>, id: &tradeseal::SubscriptionId) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("bytes", PyBytes::new(py, id.as_bytes()))?;
    uuid_class(py)?.call((), Some(&kwargs))
}

fn uuid_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static UUID: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    UUID.import(py, "uuid", "UUID")
}

/// An order type argument: its MT5 name (``"BUY_LIMIT"``) or MT5 value (``2``); others are
/// ``InvalidOrderType``.
pub struct OrderType(pub tradeseal::OrderType);

impl<'a, 'py> FromPyObject<'a, 'py> for OrderType {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let parsed = if obj.cast::<PyString>().is_ok() {
            obj.extract::<String>()?.parse()
        } else if obj.cast::<PyInt>().is_ok() {
            let value = obj
                .extract::<u8>()
                .map_err(|_| tradeseal::Error::InvalidOrderType);
            value.and_then(tradeseal::OrderType::try_from)
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected an order type name (str) or MT5 value (int), got {}",
                obj.get_type().name()?
            )));
        };
        parsed.map(OrderType).map_err(raise)
    }
}
