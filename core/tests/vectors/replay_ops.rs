//! The ops of `replay.json`, `pipeline.json` and `guard_state.json` (documented in `tests/vectors/README.md`). Sequence ops run
//! their `steps` in order on one object and report one verdict per step: `"OK"` or the error's name.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};
use tradeseal::clock::TimeWindow;
use tradeseal::gap::GapPolicy;
use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::hex;
use tradeseal::nonce_cache::NonceCache;
use tradeseal::price_guard::PriceGuard;
use tradeseal::ratelimit::{RateLimit, RateLimiter};
use tradeseal::request::Request;
use tradeseal::request_verifier::RequestVerifier;
use tradeseal::signal_verifier::{SignalPolicy, SignalVerifier};
use tradeseal::{Decimal, Error, ReplayWindow};

use super::In;

fn verdict<T>(result: Result<T, Error>) -> Value {
    json!(result.err().map_or("OK", Error::name))
}

fn steps<'a>(input: &In<'a>) -> impl Iterator<Item = In<'a>> {
    let steps = input.get("steps").as_array().expect("steps is an array");
    steps
        .iter()
        .map(|step| In(step.as_object().expect("step is an object")))
}

fn size(input: &In<'_>, name: &str) -> Result<usize, Error> {
    usize::try_from(input.int(name)).map_err(|_| Error::OutOfRange)
}

fn u32_of(input: &In<'_>, name: &str) -> Result<u32, Error> {
    u32::try_from(input.int(name)).map_err(|_| Error::OutOfRange)
}

fn time_window(input: &In<'_>) -> TimeWindow {
    TimeWindow {
        max_age_ms: input.int("max_age_ms"),
        max_future_ms: input.int("max_future_ms"),
    }
}

/// `replay_window`: check each `seq_str`; commit it when the check passed and `commit` is true.
pub fn replay_window(input: &In<'_>) -> Result<Value, Error> {
    let mut window = ReplayWindow::new(input.int("window"))?;
    let mut verdicts = Vec::new();
    for step in steps(input) {
        let checked = window.check(step.parse("seq_str"));
        verdicts.push(verdict(checked.as_ref().map(|_| ()).map_err(|e| *e)));
        if let (Ok(checked), true) = (checked, step.get("commit").as_bool().expect("commit is a bool")) {
            window.commit(checked)?;
        }
    }
    Ok(json!({ "verdicts": verdicts }))
}

/// `stream_guard`: `accept` (check then commit) or `resync` per step; reports verdict, state and missing.
pub fn stream_guard(input: &In<'_>) -> Result<Value, Error> {
    let gap = GapPolicy {
        max_gap_age_ms: input.int("max_gap_age_ms"),
        max_missing: input.int("max_missing"),
    };
    let config = GuardConfig {
        window: input.int("window"),
        gap,
        max_streams: size(input, "max_streams")?,
        ..GuardConfig::default()
    };
    let guard = Guard::new(config)?;
    let mut out = Vec::new();
    for step in steps(input) {
        let stream = step.text("stream").parse()?;
        let now_ms = step.parse("now_ms_str");
        let result = match step.text("action") {
            "accept" => guard
                .check(stream, step.parse("seq_str"), now_ms)
                .and_then(|a| guard.commit(a, now_ms))
                .map(drop),
            "resync" => {
                guard.resync(stream);
                Ok(())
            }
            other => panic!("unknown stream_guard action {other:?}"),
        };
        let missing: Vec<String> = guard
            .missing(stream)
            .into_iter()
            .map(|r| format!("{}-{}", r.start(), r.end()))
            .collect();
        out.push(json!({
            "verdict": verdict(result),
            "state": guard.state(stream, now_ms).name(),
            "missing": missing,
        }));
    }
    Ok(json!({ "steps": out }))
}

/// `guard_state`: writes `file` (when given) to a fresh path, opens a `Guard` persisted there (default gap
/// policy, stream limit and `reserve_ahead`), accepts each step at time 0 and reports the verdicts and the
/// file's bytes afterwards.
pub fn guard_state(input: &In<'_>) -> Result<Value, Error> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tseal-vectors-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("guard.state");
    if input.0.contains_key("file") {
        std::fs::write(&path, input.bytes("file")).expect("write the state file");
    }
    let config = GuardConfig {
        window: input.int("window"),
        ..GuardConfig::default()
    };
    let result = Guard::open(&path, config).map(|guard| {
        let verdicts: Vec<Value> = steps(input)
            .map(|step| {
                let stream = step.text("stream").parse().expect("stream is a UUID");
                verdict(
                    guard
                        .check(stream, step.parse("seq_str"), 0)
                        .and_then(|a| guard.commit(a, 0)),
                )
            })
            .collect();
        let file = std::fs::read(&path).expect("the guard wrote its file");
        json!({ "verdicts": verdicts, "file": hex::encode(&file) })
    });
    std::fs::remove_dir_all(&dir).expect("remove the temp dir");
    result
}

/// `time_window`: one timestamp check.
pub fn time_check(input: &In<'_>) -> Result<Value, Error> {
    time_window(input).check(input.parse("timestamp_ms_str"), input.parse("now_ms_str"))?;
    Ok(json!({}))
}

/// `nonce_cache`: insert each `(scope, timestamp, nonce)`.
pub fn nonce_cache(input: &In<'_>) -> Result<Value, Error> {
    let cache = NonceCache::new(time_window(input), size(input, "capacity")?)?;
    let verdicts: Vec<Value> = steps(input)
        .map(|s| {
            let (scope, nonce) = (s.text("scope").as_bytes(), s.text("nonce").as_bytes());
            verdict(cache.insert(scope, s.parse("timestamp_ms_str"), nonce, s.parse("now_ms_str")))
        })
        .collect();
    Ok(json!({ "verdicts": verdicts }))
}

fn rate_limit(input: &In<'_>) -> Result<RateLimit, Error> {
    Ok(RateLimit {
        per_second: u32_of(input, "per_second")?,
        burst: u32_of(input, "burst")?,
    })
}

/// `rate_limit`: acquire one token for each step's `key`.
pub fn rate_limiter(input: &In<'_>) -> Result<Value, Error> {
    let limiter: RateLimiter<String> = RateLimiter::new(rate_limit(input)?, size(input, "max_keys")?)?;
    let verdicts: Vec<Value> = steps(input)
        .map(|s| verdict(limiter.acquire(s.text("key"), s.parse("now_ms_str"))))
        .collect();
    Ok(json!({ "verdicts": verdicts }))
}

/// `price_guard`: one deviation check, prices as canonical decimal text.
pub fn price_guard(input: &In<'_>) -> Result<Value, Error> {
    let decimal = |name| input.text(name).parse::<Decimal>();
    PriceGuard::new(input.int("max_pips"), decimal("pip")?)?
        .check(decimal("price")?, decimal("reference")?)?;
    Ok(json!({}))
}

/// `signal_pipeline`: every step's `signed` packet through one `SignalVerifier`.
pub fn signal_pipeline(input: &In<'_>) -> Result<Value, Error> {
    let ring = input.keyring()?;
    let policy = SignalPolicy {
        time: time_window(input),
        max_volume: input.text("max_volume").parse()?,
    };
    let guard = Guard::new(GuardConfig {
        window: input.int("window"),
        ..GuardConfig::default()
    })?;
    let verifier = SignalVerifier::new(policy, guard);
    let verdicts: Vec<Value> = steps(input)
        .map(|s| verdict(verifier.verify(&ring, &s.bytes("signed"), s.parse("now_ms_str"))))
        .collect();
    Ok(json!({ "verdicts": verdicts }))
}

/// `request_pipeline`: every step's request (as received: header texts) through one `RequestVerifier`.
pub fn request_pipeline(input: &In<'_>) -> Result<Value, Error> {
    let secret = input.key()?;
    let mut verifier = RequestVerifier::new(time_window(input), size(input, "nonce_capacity")?)?;
    if input.0.contains_key("per_second") {
        verifier = verifier.with_rate_limit(rate_limit(input)?, size(input, "max_keys")?)?;
    }
    let verdicts: Vec<Value> = steps(input)
        .map(|s| {
            let body = s.bytes("body");
            let (method, path, nonce) = (s.text("method"), s.text("path"), s.text("nonce"));
            let result =
                Request::from_headers(method, path, s.text("timestamp"), nonce, &body).and_then(|r| {
                    verifier.verify(
                        s.text("api_key"),
                        &secret,
                        &r,
                        s.text("signature"),
                        s.parse("now_ms_str"),
                    )
                });
            verdict(result)
        })
        .collect();
    Ok(json!({ "verdicts": verdicts }))
}
