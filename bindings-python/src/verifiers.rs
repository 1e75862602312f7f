//! The verification pipelines for Python: `SignalVerifier` (parse, replay/gap guard, signature, signal
//! rules, commit) and `RequestVerifier` (rate limit, nonce cache, signature). Both are thread-safe.

use pyo3::prelude::*;

use crate::convert::{raise, Bytes, Int, SubscriptionId};
use crate::mac::{Keyring, MacKey};
use crate::replay::TimeWindow;
use crate::request::Request;
use crate::signal::{Decimal, Signal};

/// The whole check of an incoming signal packet, in the order that keeps replays cheap: structure, replay
/// window and gap state of its subscription, signature, the signal rules (age, skew, volume), then commit.
///
/// With ``state_path`` the accepted sequence numbers are persisted, so a restart cannot accept a replay.
#[pyclass(frozen, name = "SignalVerifier", module = "tradeseal._native")]
pub struct SignalVerifier(tradeseal::signal_verifier::SignalVerifier);

#[pymethods]
impl SignalVerifier {
    /// A verifier; unset settings take the core's defaults (1024-number window, 60 s age, 5 s skew,
    /// 100 lots, 100 000 streams).
    #[new]
    #[pyo3(signature = (window = None, time = None, max_volume = None, max_streams = None, state_path = None))]
    fn new(
        window: Option<Int<u64>>,
        time: Option<PyRef<'_, TimeWindow>>,
        max_volume: Option<PyRef<'_, Decimal>>,
        max_streams: Option<Int<usize>>,
        state_path: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let defaults = tradeseal::guard::GuardConfig::default();
        let config = tradeseal::guard::GuardConfig {
            window: window.map_or(defaults.window, |w| w.0),
            max_streams: max_streams.map_or(defaults.max_streams, |m| m.0),
            ..defaults
        };
        let guard = match state_path {
            Some(path) => tradeseal::guard::Guard::open(path, config),
            None => tradeseal::guard::Guard::new(config),
        }
        .map_err(raise)?;
        let default_policy = tradeseal::signal_verifier::SignalPolicy::default();
        let policy = tradeseal::signal_verifier::SignalPolicy {
            time: time.map_or(default_policy.time, |t| t.0),
            max_volume: max_volume.map_or(default_policy.max_volume, |v| v.0),
        };
        Ok(SignalVerifier(tradeseal::signal_verifier::SignalVerifier::new(
            policy, guard,
        )))
    }

    /// The verified signal in ``packet`` received at ``now_ms``, accepted at most once; raises the first
    /// failing step's error (``Replayed``, ``InvalidSignature``, ``Stale``, ``VolumeLimit``, ...).
    fn verify(&self, keyring: PyRef<'_, Keyring>, packet: Bytes<'_>, now_ms: Int<u64>) -> PyResult<Signal> {
        let verified = self.0.verify(&keyring.read(), &packet, now_ms.0).map_err(raise)?;
        Ok(Signal::verified(verified))
    }

    /// The state name of ``subscription_id``'s stream at ``now_ms``: ``"NORMAL"``, ``"GAP"``, ``"DEGRADED"``.
    fn state(&self, subscription_id: SubscriptionId, now_ms: Int<u64>) -> &'static str {
        self.0.guard().state(subscription_id.0, now_ms.0).name()
    }

    /// The missing sequence ranges of the stream as ``(first, last)`` pairs, oldest first.
    fn missing(&self, subscription_id: SubscriptionId) -> Vec<(u64, u64)> {
        let ranges = self.0.guard().missing(subscription_id.0);
        ranges.iter().map(|r| (*r.start(), *r.end())).collect()
    }

    /// Clears the stream's gaps after the receiver reloaded full state (its replay window is kept).
    fn resync(&self, subscription_id: SubscriptionId) {
        self.0.guard().resync(subscription_id.0);
    }

    /// The smoothed lag of the stream's signal timestamps behind our clock in milliseconds, or ``None``
    /// before its first accepted signal.
    fn clock_offset_ms(&self, subscription_id: SubscriptionId) -> Option<i64> {
        self.0.guard().clock_offset_ms(subscription_id.0)
    }
}

/// The whole check of a signed HTTP request: rate limit per API key (optional), timestamp window and
/// nonce cache, then the signature.
#[pyclass(frozen, name = "RequestVerifier", module = "tradeseal._native")]
pub struct RequestVerifier(tradeseal::request_verifier::RequestVerifier);

#[pymethods]
impl RequestVerifier {
    /// A verifier for timestamps inside ``time`` remembering ``nonce_capacity`` nonces, with a rate limit
    /// of ``per_second``/``burst`` per API key when both are given.
    #[new]
    #[pyo3(signature = (time, nonce_capacity, per_second = None, burst = None, max_keys = Int(10_000)))]
    fn new(
        time: PyRef<'_, TimeWindow>,
        nonce_capacity: Int<usize>,
        per_second: Option<Int<u32>>,
        burst: Option<Int<u32>>,
        max_keys: Int<usize>,
    ) -> PyResult<Self> {
        let verifier =
            tradeseal::request_verifier::RequestVerifier::new(time.0, nonce_capacity.0).map_err(raise)?;
        let verifier = match (per_second, burst) {
            (Some(per_second), Some(burst)) => {
                let limit = tradeseal::ratelimit::RateLimit {
                    per_second: per_second.0,
                    burst: burst.0,
                };
                verifier.with_rate_limit(limit, max_keys.0).map_err(raise)?
            }
            _ => verifier,
        };
        Ok(RequestVerifier(verifier))
    }

    /// Checks ``request`` received at ``now_ms`` with headers ``X-API-Key`` = ``api_key`` (whose secret is
    /// ``secret``) and ``X-Signature`` = ``signature``; raises the first failing step's error.
    fn verify(
        &self,
        api_key: &str,
        secret: PyRef<'_, MacKey>,
        request: PyRef<'_, Request>,
        signature: &str,
        now_ms: Int<u64>,
    ) -> PyResult<()> {
        let request = request.core();
        self.0
            .verify(api_key, secret.inner(), &request, signature, now_ms.0)
            .map(drop)
            .map_err(raise)
    }
}
