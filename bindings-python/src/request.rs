//! `Request`: exchange-style HTTP request signing (`X-API-Key`, `X-Timestamp`, `X-Nonce`, `X-Signature`).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::convert::{raise, run, Bytes, Int};
use crate::mac::MacKey;

/// An HTTP request as signed: method, path (with query), timestamp, nonce and body.
///
/// The timestamp's freshness and the nonce's uniqueness are the receiver's to check.
#[pyclass(frozen, name = "Request", module = "tradeseal._native")]
pub struct Request {
    method: String,
    path: String,
    timestamp_ms: u64,
    nonce: String,
    body: Vec<u8>,
}

impl Request {
    /// The core request, borrowing these fields.
    pub fn core(&self) -> tradeseal::request::Request<'_> {
        tradeseal::request::Request {
            method: &self.method,
            path: &self.path,
            timestamp_ms: self.timestamp_ms,
            nonce: &self.nonce,
            body: &self.body,
        }
    }
}

#[pymethods]
impl Request {
    /// A request. Its fields are checked when it is signed or verified.
    #[new]
    #[pyo3(signature = (method, path, timestamp_ms, nonce, body = None))]
    fn new(
        method: String,
        path: String,
        timestamp_ms: Int<u64>,
        nonce: String,
        body: Option<Bytes<'_>>,
    ) -> Self {
        Request {
            method,
            path,
            timestamp_ms: timestamp_ms.0,
            nonce,
            body: body.map(|b| b.to_vec()).unwrap_or_default(),
        }
    }

    /// The request a server received, with the ``X-Timestamp`` header as text (``Malformed`` unless it
    /// is a canonical decimal).
    #[staticmethod]
    #[pyo3(signature = (method, path, timestamp, nonce, body = None))]
    fn from_headers(
        method: String,
        path: String,
        timestamp: &str,
        nonce: String,
        body: Option<Bytes<'_>>,
    ) -> PyResult<Self> {
        let body = body.map(|b| b.to_vec()).unwrap_or_default();
        let parsed = tradeseal::request::Request::from_headers(&method, &path, timestamp, &nonce, &body)
            .map_err(raise)?;
        let timestamp_ms = parsed.timestamp_ms;
        Ok(Request {
            method,
            path,
            timestamp_ms,
            nonce,
            body,
        })
    }

    /// The four headers as ``{name: value}``: ``X-API-Key``, ``X-Timestamp``, ``X-Nonce``, ``X-Signature``.
    fn sign<'py>(
        &self,
        py: Python<'py>,
        api_key: &str,
        key: PyRef<'_, MacKey>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let key = key.inner();
        let headers = run(py, self.body.len(), || self.core().sign(api_key, key)).map_err(raise)?;
        let dict = PyDict::new(py);
        for (name, value) in headers.pairs() {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    /// Checks the ``X-Signature`` value (64 hex digits) in constant time; raises ``InvalidSignature``
    /// if it does not verify, or a ``FormatError`` for a field off the rules.
    fn verify(&self, py: Python<'_>, key: PyRef<'_, MacKey>, signature: &str) -> PyResult<()> {
        let key = key.inner();
        run(py, self.body.len(), || {
            self.core().verify(key, signature).map(drop)
        })
        .map_err(raise)
    }

    /// The HTTP method.
    #[getter]
    fn method(&self) -> &str {
        &self.method
    }

    /// The path and query, as sent.
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// Milliseconds since the Unix epoch.
    #[getter]
    fn timestamp_ms(&self) -> u64 {
        self.timestamp_ms
    }

    /// The nonce.
    #[getter]
    fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The body bytes.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.body)
    }

    fn __repr__(&self) -> String {
        format!(
            "Request(method={:?}, path={:?}, timestamp_ms={}, nonce={:?}, body=<{} bytes>)",
            self.method,
            self.path,
            self.timestamp_ms,
            self.nonce,
            self.body.len()
        )
    }
}
