//! Request-side guards for Python: `NonceCache`, `RateLimiter` and `PriceGuard` (all thread-safe).

use pyo3::prelude::*;

use crate::convert::{raise, Bytes, Int};
use crate::replay::TimeWindow;
use crate::signal::Decimal;

/// Seen ``(scope, timestamp, nonce)`` triples, bounded in number and expiring with a ``TimeWindow``.
#[pyclass(frozen, name = "NonceCache", module = "tradeseal._native")]
pub struct NonceCache(tradeseal::nonce_cache::NonceCache);

#[pymethods]
impl NonceCache {
    /// A cache for timestamps inside ``window`` holding at most ``capacity`` (at least 16) entries.
    #[new]
    fn new(window: PyRef<'_, TimeWindow>, capacity: Int<usize>) -> PyResult<Self> {
        tradeseal::nonce_cache::NonceCache::new(window.0, capacity.0)
            .map(NonceCache)
            .map_err(raise)
    }

    /// Raises ``Stale``/``FromFuture`` for a timestamp outside the window, ``NonceReused`` for a seen nonce.
    fn check(
        &self,
        scope: Bytes<'_>,
        timestamp_ms: Int<u64>,
        nonce: Bytes<'_>,
        now_ms: Int<u64>,
    ) -> PyResult<()> {
        self.0
            .check(&scope, timestamp_ms.0, &nonce, now_ms.0)
            .map_err(raise)
    }

    /// Like ``check``, then remembers the nonce (``NonceCacheFull`` when full of unexpired entries).
    fn insert(
        &self,
        scope: Bytes<'_>,
        timestamp_ms: Int<u64>,
        nonce: Bytes<'_>,
        now_ms: Int<u64>,
    ) -> PyResult<()> {
        self.0
            .insert(&scope, timestamp_ms.0, &nonce, now_ms.0)
            .map_err(raise)
    }

    /// The time window the cache was made with.
    #[getter]
    fn window(&self) -> TimeWindow {
        TimeWindow(self.0.window())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// Token buckets by text key: ``per_second`` tokens per second, at most ``burst`` at once.
#[pyclass(frozen, name = "RateLimiter", module = "tradeseal._native")]
pub struct RateLimiter(tradeseal::ratelimit::RateLimiter<String>);

#[pymethods]
impl RateLimiter {
    /// A limiter tracking at most ``max_keys`` keys; a zero rate, burst or ``max_keys`` is ``OutOfRange``.
    #[new]
    fn new(per_second: Int<u32>, burst: Int<u32>, max_keys: Int<usize>) -> PyResult<Self> {
        let limit = tradeseal::ratelimit::RateLimit {
            per_second: per_second.0,
            burst: burst.0,
        };
        tradeseal::ratelimit::RateLimiter::new(limit, max_keys.0)
            .map(RateLimiter)
            .map_err(raise)
    }

    /// Takes one token from ``key``'s bucket at ``now_ms``; raises ``RateLimited`` when it is empty.
    fn acquire(&self, key: &str, now_ms: Int<u64>) -> PyResult<()> {
        self.0.acquire(key, now_ms.0).map_err(raise)
    }

    /// How many keys have a bucket.
    #[getter]
    fn tracked_keys(&self) -> usize {
        self.0.tracked_keys()
    }
}

/// The largest allowed distance of a price from its reference, in pips.
#[pyclass(frozen, name = "PriceGuard", module = "tradeseal._native")]
pub struct PriceGuard(tradeseal::price_guard::PriceGuard);

#[pymethods]
impl PriceGuard {
    /// A guard allowing ``max_pips`` pips of size ``pip`` (a zero pip is ``OutOfRange``).
    #[new]
    fn new(max_pips: Int<u64>, pip: PyRef<'_, Decimal>) -> PyResult<Self> {
        tradeseal::price_guard::PriceGuard::new(max_pips.0, pip.0)
            .map(PriceGuard)
            .map_err(raise)
    }

    /// Raises ``PriceDeviation`` when ``price`` is too far from ``reference`` (``InvalidNumber`` for zero).
    fn check(&self, price: PyRef<'_, Decimal>, reference: PyRef<'_, Decimal>) -> PyResult<()> {
        self.0.check(price.0, reference.0).map_err(raise)
    }
}
