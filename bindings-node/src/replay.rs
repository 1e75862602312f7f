//! Replay protection and freshness: `ReplayWindow`, `StreamGuard` (per-stream windows, gaps, optional
//! persistence), `NonceCache`, `RateLimiter`, `PriceGuard`, `checkTimestamp`, and the two verification
//! pipelines `SignalVerifier` and `RequestVerifier`.

use napi::Env;
use napi_derive::napi;
use tradeseal::clock::TimeWindow;
use tradeseal::gap::GapPolicy;
use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::ratelimit::RateLimit;
use tradeseal::signal_verifier::SignalPolicy;
use tradeseal::{Decimal, Error, SubscriptionId};

use crate::convert::{object_arg, OrThrow, Text, U32, U64};
use crate::formats::{
    decimal, received, verified_signal, DecimalInit, DecimalValue, ReceivedRequest, VerifiedSignal,
};
use crate::mac::{MacKey, MacKeyring};

/// How old or how far in the future a timestamp may be. Omitted fields: the core's defaults.
#[napi(object, object_to_js = false, js_name = "TimeWindowInit")]
pub struct TimeWindowInitFields {
    /// The oldest accepted timestamp is `now - maxAgeMs`.
    pub max_age_ms: Option<U64>,
    /// The newest accepted timestamp is `now + maxFutureMs` (clock skew).
    pub max_future_ms: Option<U64>,
}

object_arg!(TimeWindowInit(TimeWindowInitFields));

fn time_window(init: &TimeWindowInit) -> TimeWindow {
    let default = TimeWindow::default();
    TimeWindow {
        max_age_ms: init.max_age_ms.as_ref().map_or(default.max_age_ms, |v| v.0),
        max_future_ms: init.max_future_ms.as_ref().map_or(default.max_future_ms, |v| v.0),
    }
}

/// Checks a timestamp against `window` at `nowMs`: throws `TSEAL_STALE` or `TSEAL_FROM_FUTURE`.
#[napi]
pub fn check_timestamp(
    env: &Env,
    window: TimeWindowInit,
    timestamp_ms: U64,
    now_ms: U64,
) -> napi::Result<()> {
    time_window(&window).check(timestamp_ms.0, now_ms.0).or_throw(env)
}

/// The oldest timestamp `window` still accepts at `nowMs`.
#[napi]
pub fn oldest_timestamp(window: TimeWindowInit, now_ms: U64) -> u64 {
    time_window(&window).oldest(now_ms.0)
}

/// A smoothed estimate of how far a peer's timestamps lag this clock (transit time plus clock offset), in
/// milliseconds; negative when the peer's clock runs ahead.
#[napi]
pub struct ClockOffset(tradeseal::clock::ClockOffset);

#[napi]
impl ClockOffset {
    /// An estimator without samples.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        ClockOffset(tradeseal::clock::ClockOffset::default())
    }

    /// Adds the sample `receivedMs - sentMs`.
    #[napi]
    pub fn observe(&mut self, sent_ms: U64, received_ms: U64) {
        self.0.observe(sent_ms.0, received_ms.0);
    }

    /// The current estimate, or `null` before the first sample.
    #[napi(getter)]
    pub fn estimate_ms(&self) -> Option<i64> {
        self.0.estimate_ms()
    }
}

/// Parses canonical decimal text (`"1.08500"`: digits, optionally `.` and 1 to 18 digits).
#[napi]
pub fn parse_decimal(env: &Env, text: Text) -> napi::Result<DecimalValue> {
    text.parse::<Decimal>()
        .map(crate::formats::decimal_value)
        .or_throw(env)
}

/// A token taken by `commit`: the proof a check passed. A second commit of it throws `TSEAL_WRONG_STATE`.
fn take<T>(env: &Env, token: &mut Option<T>) -> napi::Result<T> {
    token.take().ok_or(Error::WrongState).or_throw(env)
}

/// Proof that a sequence number passed `ReplayWindow.check`; `commit` it once the message authenticated.
#[napi]
pub struct CheckedSeq(Option<tradeseal::CheckedSeq>);

#[napi]
impl CheckedSeq {
    /// The checked sequence number (`TSEAL_WRONG_STATE` once committed).
    #[napi(getter)]
    pub fn seq(&self, env: &Env) -> napi::Result<u64> {
        self.0
            .as_ref()
            .map(|c| c.seq())
            .ok_or(Error::WrongState)
            .or_throw(env)
    }
}

/// An anti-replay window (RFC 6479 bitmap): `check` before the expensive work, `commit` after it.
#[napi]
pub struct ReplayWindow(tradeseal::ReplayWindow);

#[napi]
impl ReplayWindow {
    /// A window remembering the last `size` sequence numbers.
    #[napi(constructor)]
    pub fn new(env: &Env, size: U64) -> napi::Result<Self> {
        tradeseal::ReplayWindow::new(size.0)
            .map(ReplayWindow)
            .or_throw(env)
    }

    /// A window that accepts only numbers after `seq` (restarting from a persisted position).
    #[napi(factory)]
    pub fn starting_after(env: &Env, size: U64, seq: U64) -> napi::Result<Self> {
        tradeseal::ReplayWindow::starting_after(size.0, seq.0)
            .map(ReplayWindow)
            .or_throw(env)
    }

    /// The highest committed sequence number.
    #[napi(getter)]
    pub fn top(&self) -> u64 {
        self.0.top()
    }

    /// How many sequence numbers the window remembers.
    #[napi(getter)]
    pub fn size(&self) -> u64 {
        self.0.size()
    }

    /// Throws `TSEAL_REPLAYED`, `TSEAL_TOO_OLD` or `TSEAL_INVALID_SEQUENCE`; else the proof to commit.
    #[napi]
    pub fn check(&self, env: &Env, seq: U64) -> napi::Result<CheckedSeq> {
        self.0.check(seq.0).map(|c| CheckedSeq(Some(c))).or_throw(env)
    }

    /// Records a checked number as seen.
    #[napi]
    pub fn commit(&mut self, env: &Env, checked: &mut CheckedSeq) -> napi::Result<()> {
        let checked = take(env, &mut checked.0)?;
        self.0.commit(checked).or_throw(env)
    }
}

/// Settings of a `StreamGuard`. Omitted fields: the core's defaults.
#[napi(object, object_to_js = false, js_name = "GuardConfigInit")]
pub struct GuardConfigInitFields {
    /// Replay window size per stream.
    pub window: Option<U64>,
    /// How long a gap may stay open before the stream is degraded.
    pub max_gap_age_ms: Option<U64>,
    /// How many numbers may be missing before the stream is degraded.
    pub max_missing: Option<U64>,
    /// How many streams are tracked at most.
    pub max_streams: Option<U32>,
    /// How far ahead of the persisted position numbers are reserved (persistent guards).
    pub reserve_ahead: Option<U64>,
}

object_arg!(GuardConfigInit(GuardConfigInitFields));

fn guard_config(init: Option<GuardConfigInit>) -> GuardConfig {
    let default = GuardConfig::default();
    let Some(GuardConfigInit(init)) = init else {
        return default;
    };
    let pick = |value: &Option<U64>, default: u64| value.as_ref().map_or(default, |v| v.0);
    GuardConfig {
        window: pick(&init.window, default.window),
        gap: GapPolicy {
            max_gap_age_ms: pick(&init.max_gap_age_ms, default.gap.max_gap_age_ms),
            max_missing: pick(&init.max_missing, default.gap.max_missing),
        },
        max_streams: init.max_streams.map_or(default.max_streams, |v| v.0 as usize),
        reserve_ahead: pick(&init.reserve_ahead, default.reserve_ahead),
    }
}

fn stream(env: &Env, text: &Text) -> napi::Result<SubscriptionId> {
    text.parse().or_throw(env)
}

/// Proof that a stream's sequence number passed `StreamGuard.check`; `commit` it after authentication.
#[napi]
pub struct Admission(Option<tradeseal::guard::Admission>);

#[napi]
impl Admission {
    /// The admitted sequence number (`TSEAL_WRONG_STATE` once committed).
    #[napi(getter)]
    pub fn seq(&self, env: &Env) -> napi::Result<u64> {
        self.0
            .as_ref()
            .map(|a| a.seq())
            .ok_or(Error::WrongState)
            .or_throw(env)
    }
}

/// Per-stream (subscription) replay windows with gap tracking, in memory or persisted to a file.
#[napi]
pub struct StreamGuard(Guard);

#[napi]
impl StreamGuard {
    /// An in-memory guard.
    #[napi(constructor)]
    pub fn new(env: &Env, config: Option<GuardConfigInit>) -> napi::Result<Self> {
        Guard::new(guard_config(config)).map(StreamGuard).or_throw(env)
    }

    /// A guard persisted at `path` (created if missing; survives restarts and crashes).
    #[napi(factory)]
    pub fn open(env: &Env, path: Text, config: Option<GuardConfigInit>) -> napi::Result<Self> {
        Guard::open(&*path, guard_config(config))
            .map(StreamGuard)
            .or_throw(env)
    }

    /// Checks `seq` of stream `stream` (a UUID): the admission to commit, or the replay/gap error.
    #[napi]
    pub fn check(&self, env: &Env, stream: Text, seq: U64, now_ms: U64) -> napi::Result<Admission> {
        let stream = self::stream(env, &stream)?;
        self.0
            .check(stream, seq.0, now_ms.0)
            .map(|a| Admission(Some(a)))
            .or_throw(env)
    }

    /// Records an admitted number; returns the stream's state (`"NORMAL"`, `"GAP"`, `"DEGRADED"`). With
    /// `sentMs`, the message's own timestamp, the commit also updates the stream's `clockOffsetMs`.
    #[napi]
    pub fn commit(
        &self,
        env: &Env,
        admission: &mut Admission,
        now_ms: U64,
        sent_ms: Option<U64>,
    ) -> napi::Result<String> {
        let admission = take(env, &mut admission.0)?;
        let admission = match sent_ms {
            Some(sent_ms) => admission.sent_at(sent_ms.0),
            None => admission,
        };
        self.0
            .commit(admission, now_ms.0)
            .map(|s| s.name().to_owned())
            .or_throw(env)
    }

    /// The stream's state at `nowMs`: `"NORMAL"`, `"GAP"` or `"DEGRADED"`.
    #[napi]
    pub fn state(&self, env: &Env, stream: Text, now_ms: U64) -> napi::Result<String> {
        Ok(self
            .0
            .state(self::stream(env, &stream)?, now_ms.0)
            .name()
            .to_owned())
    }

    /// The missing sequence numbers as `[first, last]` ranges, oldest first (what to ask a resend for).
    #[napi]
    pub fn missing(&self, env: &Env, stream: Text) -> napi::Result<Vec<Vec<u64>>> {
        let ranges = self.0.missing(self::stream(env, &stream)?);
        Ok(ranges.into_iter().map(|r| vec![*r.start(), *r.end()]).collect())
    }

    /// Forgets the stream's gaps after a full resync.
    #[napi]
    pub fn resync(&self, env: &Env, stream: Text) -> napi::Result<()> {
        self.0.resync(self::stream(env, &stream)?);
        Ok(())
    }

    /// The smoothed lag of the stream's timestamps behind this clock (see `ClockOffset`), or `null`
    /// before a commit with `sentMs`.
    #[napi]
    pub fn clock_offset_ms(&self, env: &Env, stream: Text) -> napi::Result<Option<i64>> {
        Ok(self.0.clock_offset_ms(self::stream(env, &stream)?))
    }

    /// The number of streams tracked.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.0.len()).unwrap_or(u32::MAX)
    }
}

/// Remembers request nonces inside a time window; throws `TSEAL_NONCE_REUSED` for a repeat.
#[napi]
pub struct NonceCache(tradeseal::nonce_cache::NonceCache);

#[napi]
impl NonceCache {
    /// A cache for timestamps within `window`, holding at most `capacity` nonces.
    #[napi(constructor)]
    pub fn new(env: &Env, window: TimeWindowInit, capacity: U32) -> napi::Result<Self> {
        let cache = tradeseal::nonce_cache::NonceCache::new(time_window(&window), capacity.0 as usize);
        cache.map(NonceCache).or_throw(env)
    }

    /// Checks without inserting.
    #[napi]
    pub fn check(
        &self,
        env: &Env,
        scope: Text,
        timestamp_ms: U64,
        nonce: Text,
        now_ms: U64,
    ) -> napi::Result<()> {
        self.0
            .check(scope.as_bytes(), timestamp_ms.0, nonce.as_bytes(), now_ms.0)
            .or_throw(env)
    }

    /// Checks and inserts (`scope` is usually the API key).
    #[napi]
    pub fn insert(
        &self,
        env: &Env,
        scope: Text,
        timestamp_ms: U64,
        nonce: Text,
        now_ms: U64,
    ) -> napi::Result<()> {
        self.0
            .insert(scope.as_bytes(), timestamp_ms.0, nonce.as_bytes(), now_ms.0)
            .or_throw(env)
    }
}

/// A token-bucket rate per key: `perSecond` tokens a second, at most `burst` at once, `maxKeys` keys.
#[napi(object, object_to_js = false, js_name = "RateLimitInit")]
pub struct RateLimitInitFields {
    /// Tokens added per second.
    pub per_second: U32,
    /// Bucket size.
    pub burst: U32,
    /// How many keys are tracked at most.
    pub max_keys: U32,
}

object_arg!(RateLimitInit(RateLimitInitFields));

fn rate_limit(init: &RateLimitInit) -> RateLimit {
    RateLimit {
        per_second: init.per_second.0,
        burst: init.burst.0,
    }
}

/// A rate limiter per key (API key, address): throws `TSEAL_RATE_LIMITED`.
#[napi]
pub struct RateLimiter(tradeseal::ratelimit::RateLimiter<String>);

#[napi]
impl RateLimiter {
    /// A limiter for `limit`.
    #[napi(constructor)]
    pub fn new(env: &Env, limit: RateLimitInit) -> napi::Result<Self> {
        let limiter = tradeseal::ratelimit::RateLimiter::new(rate_limit(&limit), limit.max_keys.0 as usize);
        limiter.map(RateLimiter).or_throw(env)
    }

    /// Takes one token for `key` at `nowMs`.
    #[napi]
    pub fn acquire(&self, env: &Env, key: Text, now_ms: U64) -> napi::Result<()> {
        self.0.acquire(&*key, now_ms.0).or_throw(env)
    }
}

/// Refuses prices more than `maxPips` pips from a reference: throws `TSEAL_PRICE_DEVIATION`.
#[napi]
pub struct PriceGuard(tradeseal::price_guard::PriceGuard);

#[napi]
impl PriceGuard {
    /// A guard allowing `maxPips` pips of size `pip`.
    #[napi(constructor)]
    pub fn new(env: &Env, max_pips: U64, pip: DecimalInit) -> napi::Result<Self> {
        let pip = decimal(&pip).or_throw(env)?;
        tradeseal::price_guard::PriceGuard::new(max_pips.0, pip)
            .map(PriceGuard)
            .or_throw(env)
    }

    /// Checks `price` against `reference`.
    #[napi]
    pub fn check(&self, env: &Env, price: DecimalInit, reference: DecimalInit) -> napi::Result<()> {
        let (price, reference) = (decimal(&price).or_throw(env)?, decimal(&reference).or_throw(env)?);
        self.0.check(price, reference).or_throw(env)
    }
}

/// What a `SignalVerifier` accepts besides a valid signature. Omitted fields: the core's defaults.
#[napi(object, object_to_js = false, js_name = "SignalPolicyInit")]
pub struct SignalPolicyInitFields {
    /// The oldest accepted `generatedAtMs` is `now - maxAgeMs`.
    pub max_age_ms: Option<U64>,
    /// Allowed clock skew into the future.
    pub max_future_ms: Option<U64>,
    /// The largest accepted volume.
    pub max_volume: Option<DecimalInit>,
}

object_arg!(SignalPolicyInit(SignalPolicyInitFields));

/// The receiver's pipeline for trading signals: replay and gap check, signature, policy, then commit.
#[napi]
pub struct SignalVerifier(tradeseal::signal_verifier::SignalVerifier);

fn signal_verifier(
    env: &Env,
    policy: Option<SignalPolicyInit>,
    guard: tradeseal::Result<Guard>,
) -> napi::Result<SignalVerifier> {
    let default = SignalPolicy::default();
    let policy = match policy {
        None => default,
        Some(SignalPolicyInit(init)) => SignalPolicy {
            time: time_window(&TimeWindowInit(TimeWindowInitFields {
                max_age_ms: init.max_age_ms,
                max_future_ms: init.max_future_ms,
            })),
            max_volume: init
                .max_volume
                .as_ref()
                .map_or(Ok(default.max_volume), decimal)
                .or_throw(env)?,
        },
    };
    let guard = guard.or_throw(env)?;
    Ok(SignalVerifier(tradeseal::signal_verifier::SignalVerifier::new(
        policy, guard,
    )))
}

#[napi]
impl SignalVerifier {
    /// A verifier with an in-memory guard.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        policy: Option<SignalPolicyInit>,
        guard: Option<GuardConfigInit>,
    ) -> napi::Result<Self> {
        signal_verifier(env, policy, Guard::new(guard_config(guard)))
    }

    /// A verifier whose guard is persisted at `path`.
    #[napi(factory)]
    pub fn open(
        env: &Env,
        path: Text,
        policy: Option<SignalPolicyInit>,
        guard: Option<GuardConfigInit>,
    ) -> napi::Result<Self> {
        signal_verifier(env, policy, Guard::open(&*path, guard_config(guard)))
    }

    /// Verifies a signed signal packet at `nowMs` with `keyring`; the signal, or the first error.
    #[napi]
    pub fn verify(
        &self,
        env: &Env,
        keyring: &MacKeyring,
        packet: crate::convert::Bytes,
        now_ms: U64,
    ) -> napi::Result<VerifiedSignal> {
        self.0
            .verify(&keyring.0, &packet, now_ms.0)
            .map(|s| verified_signal(&s))
            .or_throw(env)
    }

    /// The smoothed lag of the stream's signal timestamps behind this clock, or `null` before its
    /// first verified signal.
    #[napi]
    pub fn clock_offset_ms(&self, env: &Env, stream: Text) -> napi::Result<Option<i64>> {
        Ok(self.0.guard().clock_offset_ms(self::stream(env, &stream)?))
    }
}

/// The exchange's pipeline for signed requests: rate limit, nonce and time window, then signature.
#[napi]
pub struct RequestVerifier(tradeseal::request_verifier::RequestVerifier);

#[napi]
impl RequestVerifier {
    /// A verifier for timestamps within `window`, remembering at most `nonceCapacity` nonces, optionally
    /// rate limited per API key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        window: TimeWindowInit,
        nonce_capacity: U32,
        rate_limit: Option<RateLimitInit>,
    ) -> napi::Result<Self> {
        let verifier = tradeseal::request_verifier::RequestVerifier::new(
            time_window(&window),
            nonce_capacity.0 as usize,
        );
        let verifier = match rate_limit {
            Some(limit) => {
                verifier.and_then(|v| v.with_rate_limit(self::rate_limit(&limit), limit.max_keys.0 as usize))
            }
            None => verifier,
        };
        verifier.map(RequestVerifier).or_throw(env)
    }

    /// Verifies a received request for `apiKey` signed with `secret`; throws the first error.
    #[napi]
    pub fn verify(
        &self,
        env: &Env,
        api_key: Text,
        secret: &MacKey,
        request: ReceivedRequest,
        signature: Text,
        now_ms: U64,
    ) -> napi::Result<()> {
        received(&request)
            .and_then(|r| {
                self.0
                    .verify(&api_key, &secret.0, &r, &signature, now_ms.0)
                    .map(drop)
            })
            .or_throw(env)
    }
}
