//! `Frame`: a signed frame of opaque payload on a numbered stream (the v1 frame format).

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{raise, run, Bytes, Int};
use crate::mac::Keyring;

/// A payload on a stream, with its sequence number and timestamp, as signed in a v1 frame.
///
/// ``key_id`` is the id of the key that verified it (``None`` for a frame built here).
#[pyclass(frozen, eq, name = "Frame", module = "tradeseal._native")]
#[derive(PartialEq)]
pub struct Frame {
    stream_id: u64,
    sequence: u64,
    timestamp_ns: u64,
    payload: Vec<u8>,
    key_id: Option<u32>,
}

impl Frame {
    fn core(&self) -> tradeseal::frame::Frame<'_> {
        tradeseal::frame::Frame {
            stream_id: self.stream_id,
            sequence: self.sequence,
            timestamp_ns: self.timestamp_ns,
            payload: &self.payload,
        }
    }
}

#[pymethods]
impl Frame {
    /// A frame of ``payload`` (at most 16 MiB) on stream ``stream_id``.
    #[new]
    fn new(stream_id: Int<u64>, sequence: Int<u64>, timestamp_ns: Int<u64>, payload: Bytes<'_>) -> Self {
        Frame {
            stream_id: stream_id.0,
            sequence: sequence.0,
            timestamp_ns: timestamp_ns.0,
            payload: payload.to_vec(),
            key_id: None,
        }
    }

    /// The signed frame, made with the keyring's primary key (``FrameTooLarge`` over 16 MiB of payload).
    fn sign<'py>(&self, py: Python<'py>, keyring: PyRef<'_, Keyring>) -> PyResult<Bound<'py, PyBytes>> {
        let ring = keyring.read();
        let signed = run(py, self.payload.len(), || self.core().sign(&ring)).map_err(raise)?;
        Ok(PyBytes::new(py, &signed))
    }

    /// Verifies a signed frame with the key its key id names.
    ///
    /// ``max_payload`` (default and maximum 16 MiB) refuses longer payloads (``FrameTooLarge``) before
    /// any hashing. Raises ``UnknownKey``, ``InvalidSignature``, or a ``FormatError``.
    #[staticmethod]
    #[pyo3(signature = (keyring, packet, max_payload = Int(tradeseal::frame::MAX_FRAME_PAYLOAD)))]
    fn verify(
        py: Python<'_>,
        keyring: PyRef<'_, Keyring>,
        packet: Bytes<'_>,
        max_payload: Int<usize>,
    ) -> PyResult<Self> {
        let ring = keyring.read();
        let verified = run(py, packet.len(), || {
            tradeseal::frame::SignedFrame::parse_with_limit(&packet, max_payload.0)?.verify(&ring)
        })
        .map_err(raise)?;
        Ok(Frame {
            stream_id: verified.stream_id,
            sequence: verified.sequence,
            timestamp_ns: verified.timestamp_ns,
            payload: verified.payload.to_vec(),
            key_id: verified.key_id(),
        })
    }

    /// ``(key_id, stream_id)`` of a frame whose structure parses, WITHOUT checking its tag: only for
    /// routing it to the right keyring before ``verify``. ``max_payload`` as in ``verify``.
    #[staticmethod]
    #[pyo3(signature = (packet, max_payload = Int(tradeseal::frame::MAX_FRAME_PAYLOAD)))]
    fn parse_unverified(packet: Bytes<'_>, max_payload: Int<usize>) -> PyResult<(u32, u64)> {
        let parsed =
            tradeseal::frame::SignedFrame::parse_with_limit(&packet, max_payload.0).map_err(raise)?;
        Ok((parsed.key_id(), parsed.stream_id()))
    }

    /// The stream the frame belongs to.
    #[getter]
    fn stream_id(&self) -> u64 {
        self.stream_id
    }

    /// The frame's sequence number within its stream.
    #[getter]
    fn sequence(&self) -> u64 {
        self.sequence
    }

    /// When the frame was made, in nanoseconds since the Unix epoch.
    #[getter]
    fn timestamp_ns(&self) -> u64 {
        self.timestamp_ns
    }

    /// The payload bytes.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.payload)
    }

    /// The id of the key that verified this frame, if it came from ``verify``.
    #[getter]
    fn key_id(&self) -> Option<u32> {
        self.key_id
    }

    fn __repr__(&self) -> String {
        format!(
            "Frame(stream_id={}, sequence={}, timestamp_ns={}, payload=<{} bytes>, key_id={:?})",
            self.stream_id,
            self.sequence,
            self.timestamp_ns,
            self.payload.len(),
            self.key_id
        )
    }
}
