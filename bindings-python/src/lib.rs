//! Python bindings of tradeseal (work in progress).
use pyo3::prelude::*;

/// The native module `tradeseal._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", tradeseal::VERSION)?;
    Ok(())
}
