//! Replay protection for Python: `ReplayWindow` (check, then commit), `GapTracker`, `StreamGuard` (many
//! streams), `TimeWindow` and `ClockOffset`.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;

use crate::convert::{raise, Int, SubscriptionId};

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Proof that a sequence number passed ``ReplayWindow.check``; ``ReplayWindow.commit`` uses it up.
#[pyclass(frozen, name = "CheckedSeq", module = "tradeseal._native")]
pub struct CheckedSeq(Mutex<Option<tradeseal::CheckedSeq>>, u64);

#[pymethods]
impl CheckedSeq {
    /// The checked sequence number.
    #[getter]
    fn seq(&self) -> u64 {
        self.1
    }

    fn __repr__(&self) -> String {
        format!("CheckedSeq({})", self.1)
    }
}

/// An RFC 6479 anti-replay window over a stream's sequence numbers (thread-safe).
///
/// ``check`` (no side effect) runs before the signature check; only a message that authenticated is
/// ``commit``-ted, which checks again, so of two racing copies exactly one is accepted.
#[pyclass(frozen, name = "ReplayWindow", module = "tradeseal._native")]
pub struct ReplayWindow(Mutex<tradeseal::ReplayWindow>);

#[pymethods]
impl ReplayWindow {
    /// A window remembering the last ``size`` numbers (a power of two, 64 to 65536: ``OutOfRange``).
    #[new]
    #[pyo3(signature = (size = Int(tradeseal::replay::DEFAULT_WINDOW)))]
    fn new(size: Int<u64>) -> PyResult<Self> {
        let window = tradeseal::ReplayWindow::new(size.0).map_err(raise)?;
        Ok(ReplayWindow(Mutex::new(window)))
    }

    /// A window that treats every number up to ``seq`` as already seen (restart from persisted state).
    #[staticmethod]
    fn starting_after(size: Int<u64>, seq: Int<u64>) -> PyResult<Self> {
        let window = tradeseal::ReplayWindow::starting_after(size.0, seq.0).map_err(raise)?;
        Ok(ReplayWindow(Mutex::new(window)))
    }

    /// Checks ``seq`` without changing the window: ``Replayed``, ``TooOld`` or ``InvalidSequence`` (0).
    fn check(&self, seq: Int<u64>) -> PyResult<CheckedSeq> {
        let checked = lock(&self.0).check(seq.0).map_err(raise)?;
        Ok(CheckedSeq(Mutex::new(Some(checked)), seq.0))
    }

    /// Accepts a checked number once its message authenticated. A ``CheckedSeq`` commits only once
    /// (``WrongState`` after that).
    fn commit(&self, checked: PyRef<'_, CheckedSeq>) -> PyResult<()> {
        let checked = lock(&checked.0)
            .take()
            .ok_or(tradeseal::Error::WrongState)
            .map_err(raise)?;
        lock(&self.0).commit(checked).map_err(raise)
    }

    /// The window size.
    #[getter]
    fn size(&self) -> u64 {
        lock(&self.0).size()
    }

    /// The highest accepted sequence number (0 before the first).
    #[getter]
    fn top(&self) -> u64 {
        lock(&self.0).top()
    }

    fn __repr__(&self) -> String {
        let window = lock(&self.0);
        format!("ReplayWindow(size={}, top={})", window.size(), window.top())
    }
}

/// Sequence gap detection as in a FIX session: missing ranges for a resend request, and ``DEGRADED``
/// (``StreamDegraded``) when a gap outlives its policy, until ``resync``. Time is passed in (``now_ms``).
#[pyclass(frozen, name = "GapTracker", module = "tradeseal._native")]
pub struct GapTracker(Mutex<tradeseal::gap::GapTracker>);

fn policy(max_gap_age_ms: Option<Int<u64>>, max_missing: Option<Int<u64>>) -> tradeseal::gap::GapPolicy {
    let default = tradeseal::gap::GapPolicy::default();
    tradeseal::gap::GapPolicy {
        max_gap_age_ms: max_gap_age_ms.map_or(default.max_gap_age_ms, |v| v.0),
        max_missing: max_missing.map_or(default.max_missing, |v| v.0),
    }
}

#[pymethods]
impl GapTracker {
    /// A tracker that has seen nothing yet; unset limits take the core's defaults.
    #[new]
    #[pyo3(signature = (max_gap_age_ms = None, max_missing = None, after = None))]
    fn new(max_gap_age_ms: Option<Int<u64>>, max_missing: Option<Int<u64>>, after: Option<Int<u64>>) -> Self {
        let policy = policy(max_gap_age_ms, max_missing);
        let tracker = match after {
            Some(seq) => tradeseal::gap::GapTracker::after(policy, seq.0),
            None => tradeseal::gap::GapTracker::new(policy),
        };
        GapTracker(Mutex::new(tracker))
    }

    /// Records an accepted ``seq`` at ``now_ms``; returns the state name (``"NORMAL"``, ``"GAP"``,
    /// ``"DEGRADED"``).
    fn record(&self, seq: Int<u64>, now_ms: Int<u64>) -> PyResult<&'static str> {
        lock(&self.0)
            .record(seq.0, now_ms.0)
            .map(|s| s.name())
            .map_err(raise)
    }

    /// Raises ``StreamDegraded`` when the stream needs a resync at ``now_ms``.
    fn check(&self, now_ms: Int<u64>) -> PyResult<()> {
        lock(&self.0).check(now_ms.0).map_err(raise)
    }

    /// The state name at ``now_ms``.
    fn state(&self, now_ms: Int<u64>) -> &'static str {
        lock(&self.0).state(now_ms.0).name()
    }

    /// Forgets every gap after the receiver reloaded full state.
    fn resync(&self) {
        lock(&self.0).resync();
    }

    /// The missing ranges as ``(first, last)`` pairs, inclusive.
    fn missing(&self) -> Vec<(u64, u64)> {
        lock(&self.0).missing().map(|r| (*r.start(), *r.end())).collect()
    }

    /// How many numbers are missing.
    #[getter]
    fn missing_count(&self) -> u64 {
        lock(&self.0).missing_count()
    }

    /// The highest accepted sequence number.
    #[getter]
    fn highest(&self) -> u64 {
        lock(&self.0).highest()
    }
}

/// Proof that a stream's sequence number passed ``StreamGuard.check``; ``StreamGuard.commit`` uses it up.
#[pyclass(frozen, name = "Admission", module = "tradeseal._native")]
pub struct Admission(Mutex<Option<tradeseal::guard::Admission>>, u64);

#[pymethods]
impl Admission {
    /// The admitted sequence number.
    #[getter]
    fn seq(&self) -> u64 {
        self.1
    }

    fn __repr__(&self) -> String {
        format!("Admission({})", self.1)
    }
}

/// Replay windows and gap tracking for many streams (subscriptions), in memory or persisted to a file
/// (thread-safe). ``check`` before authenticating, ``commit`` after; unset settings take the core's defaults.
#[pyclass(frozen, name = "StreamGuard", module = "tradeseal._native")]
pub struct StreamGuard(tradeseal::guard::Guard);

#[pymethods]
impl StreamGuard {
    /// An in-memory guard (``OutOfRange`` for an invalid window size or zero ``max_streams``).
    #[new]
    #[pyo3(signature = (window = None, max_gap_age_ms = None, max_missing = None, max_streams = None,
        reserve_ahead = None, state_path = None))]
    fn new(
        window: Option<Int<u64>>,
        max_gap_age_ms: Option<Int<u64>>,
        max_missing: Option<Int<u64>>,
        max_streams: Option<Int<usize>>,
        reserve_ahead: Option<Int<u64>>,
        state_path: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let default = tradeseal::guard::GuardConfig::default();
        let config = tradeseal::guard::GuardConfig {
            window: window.map_or(default.window, |v| v.0),
            gap: policy(max_gap_age_ms, max_missing),
            max_streams: max_streams.map_or(default.max_streams, |v| v.0),
            reserve_ahead: reserve_ahead.map_or(default.reserve_ahead, |v| v.0),
        };
        let guard = match state_path {
            Some(path) => tradeseal::guard::Guard::open(path, config),
            None => tradeseal::guard::Guard::new(config),
        };
        guard.map(StreamGuard).map_err(raise)
    }

    /// Checks ``seq`` of ``stream`` (a UUID) at ``now_ms`` without changing state: the admission to
    /// commit, or ``Replayed``, ``TooOld``, ``InvalidSequence``, ``StreamDegraded``, ``CapacityExceeded``.
    fn check(&self, stream: SubscriptionId, seq: Int<u64>, now_ms: Int<u64>) -> PyResult<Admission> {
        let admission = self.0.check(stream.0, seq.0, now_ms.0).map_err(raise)?;
        Ok(Admission(Mutex::new(Some(admission)), seq.0))
    }

    /// Accepts an admission once its message authenticated; returns the stream's state name. An admission
    /// commits only once (``WrongState`` after that). ``sent_ms``, the message's own timestamp, updates the
    /// stream's ``clock_offset_ms``.
    #[pyo3(signature = (admission, now_ms, sent_ms = None))]
    fn commit(
        &self,
        admission: PyRef<'_, Admission>,
        now_ms: Int<u64>,
        sent_ms: Option<Int<u64>>,
    ) -> PyResult<&'static str> {
        let admission = lock(&admission.0)
            .take()
            .ok_or(tradeseal::Error::WrongState)
            .map_err(raise)?;
        let admission = match sent_ms {
            Some(sent) => admission.sent_at(sent.0),
            None => admission,
        };
        self.0
            .commit(admission, now_ms.0)
            .map(|s| s.name())
            .map_err(raise)
    }

    /// The stream's state name at ``now_ms``: ``"NORMAL"``, ``"GAP"`` or ``"DEGRADED"``.
    fn state(&self, stream: SubscriptionId, now_ms: Int<u64>) -> &'static str {
        self.0.state(stream.0, now_ms.0).name()
    }

    /// The stream's missing ranges as ``(first, last)`` pairs, inclusive, oldest first.
    fn missing(&self, stream: SubscriptionId) -> Vec<(u64, u64)> {
        self.0
            .missing(stream.0)
            .into_iter()
            .map(|r| (*r.start(), *r.end()))
            .collect()
    }

    /// Forgets the stream's gaps after the receiver reloaded full state.
    fn resync(&self, stream: SubscriptionId) {
        self.0.resync(stream.0);
    }

    /// The smoothed lag of the stream's timestamps behind our clock in milliseconds (see ``ClockOffset``),
    /// or ``None`` before a commit with ``sent_ms``.
    fn clock_offset_ms(&self, stream: SubscriptionId) -> Option<i64> {
        self.0.clock_offset_ms(stream.0)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// How old and how far in the future a timestamp may be (milliseconds).
#[pyclass(frozen, name = "TimeWindow", module = "tradeseal._native")]
pub struct TimeWindow(pub tradeseal::clock::TimeWindow);

#[pymethods]
impl TimeWindow {
    /// A window accepting timestamps at most ``max_age_ms`` old and ``max_future_ms`` ahead.
    #[new]
    #[pyo3(signature = (max_age_ms = Int(tradeseal::clock::DEFAULT_MAX_AGE_MS), max_future_ms = Int(tradeseal::clock::DEFAULT_MAX_FUTURE_MS)))]
    fn new(max_age_ms: Int<u64>, max_future_ms: Int<u64>) -> Self {
        TimeWindow(tradeseal::clock::TimeWindow {
            max_age_ms: max_age_ms.0,
            max_future_ms: max_future_ms.0,
        })
    }

    /// Raises ``Stale`` or ``FromFuture`` when ``timestamp_ms`` is outside the window around ``now_ms``.
    fn check(&self, timestamp_ms: Int<u64>, now_ms: Int<u64>) -> PyResult<()> {
        self.0.check(timestamp_ms.0, now_ms.0).map_err(raise)
    }

    /// The oldest timestamp still accepted at ``now_ms``.
    fn oldest(&self, now_ms: Int<u64>) -> u64 {
        self.0.oldest(now_ms.0)
    }

    /// The largest accepted age.
    #[getter]
    fn max_age_ms(&self) -> u64 {
        self.0.max_age_ms
    }

    /// The largest accepted lead.
    #[getter]
    fn max_future_ms(&self) -> u64 {
        self.0.max_future_ms
    }
}

/// A smoothed estimate of how far a peer's timestamps lag our clock (transit time plus clock offset), in
/// milliseconds; negative when the peer's clock runs ahead (RFC 6298 smoothing, gain 1/8). Thread-safe.
#[pyclass(frozen, name = "ClockOffset", module = "tradeseal._native")]
pub struct ClockOffset(Mutex<tradeseal::clock::ClockOffset>);

#[pymethods]
impl ClockOffset {
    /// An estimate with no samples yet.
    #[new]
    fn new() -> Self {
        ClockOffset(Mutex::default())
    }

    /// Adds the sample ``received_ms - sent_ms``.
    fn observe(&self, sent_ms: Int<u64>, received_ms: Int<u64>) {
        lock(&self.0).observe(sent_ms.0, received_ms.0);
    }

    /// The current estimate, or ``None`` before the first sample.
    #[getter]
    fn estimate_ms(&self) -> Option<i64> {
        lock(&self.0).estimate_ms()
    }

    fn __repr__(&self) -> String {
        let estimate = self.estimate_ms();
        format!(
            "ClockOffset(estimate_ms={})",
            estimate.map_or_else(|| "None".to_owned(), |ms| ms.to_string())
        )
    }
}
