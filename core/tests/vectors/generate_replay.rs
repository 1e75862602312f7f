//! Writes `replay.json` and `pipeline.json`. Every verdict below is written by hand; the generator only
//! checks that the implementation agrees and fills in signed packets and signatures.

use std::path::Path;

use serde_json::{json, Value};
use tradeseal::request::Request;
use tradeseal::signal::Signal;
use tradeseal::{hex, Decimal, Keyring, MacKey, OrderType, Symbol};

use super::{run, In};

const K1: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const K2: &str = "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5";
const UUID_A: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const UUID_B: &str = "0e3a4c5d-1111-4222-8333-444455556666";
const UUID_C: &str = "c0ffee00-0000-4000-8000-000000000001";
const NOW: u64 = 1_700_000_000_000;
const OK: &str = "OK";

/// Cases of one file, each checked against the implementation as it is added.
struct Cases(Vec<Value>);

impl Cases {
    fn ok(&mut self, name: &str, op: &str, input: Value, out: Value) {
        let got = run(op, &In(input.as_object().expect("input object")));
        assert_eq!(got, Ok(out.clone()), "{name}");
        self.0
            .push(json!({ "name": name, "op": op, "in": input, "out": out }));
    }

    fn err(&mut self, name: &str, op: &str, input: Value, error: &str) {
        let got = run(op, &In(input.as_object().expect("input object")));
        assert_eq!(got.err().map(|e| e.name()), Some(error), "{name}");
        self.0
            .push(json!({ "name": name, "op": op, "in": input, "error": error }));
    }

    fn write(self, dir: &Path, capability: &str, description: &str) {
        let doc = json!({ "capability": capability, "description": description, "cases": self.0 });
        let text = serde_json::to_string_pretty(&doc).expect("serializable") + "\n";
        std::fs::write(dir.join(format!("{capability}.json")), text).expect("writable vectors dir");
    }
}

pub fn write_all(dir: &Path) {
    replay(dir);
    pipeline(dir);
}

/// `(seq, commit, verdict)` steps of `replay_window`.
fn window_case(cases: &mut Cases, name: &str, window: u64, steps: &[(u64, bool, &str)]) {
    let input: Vec<Value> = steps
        .iter()
        .map(|(seq, commit, _)| json!({ "seq_str": seq.to_string(), "commit": commit }))
        .collect();
    let verdicts: Vec<&str> = steps.iter().map(|s| s.2).collect();
    cases.ok(
        name,
        "replay_window",
        json!({ "window": window, "steps": input }),
        json!({ "verdicts": verdicts }),
    );
}

/// `(action, stream, seq, now_ms, verdict, state, missing)` steps of `stream_guard`.
type GuardStep<'a> = (&'a str, &'a str, u64, u64, &'a str, &'a str, &'a [&'a str]);

fn guard_case(cases: &mut Cases, name: &str, limits: (u64, u64, u64), steps: &[GuardStep<'_>]) {
    let (max_gap_age_ms, max_missing, max_streams) = limits;
    let input: Vec<Value> = steps
        .iter()
        .map(|(action, stream, seq, now, ..)| {
            json!({ "action": action, "stream": stream, "seq_str": seq.to_string(), "now_ms_str": now.to_string() })
        })
        .collect();
    let out: Vec<Value> = steps
        .iter()
        .map(
            |(.., verdict, state, missing)| json!({ "verdict": verdict, "state": state, "missing": missing }),
        )
        .collect();
    let config = json!({
        "window": 1024, "max_gap_age_ms": max_gap_age_ms, "max_missing": max_missing,
        "max_streams": max_streams, "steps": input,
    });
    cases.ok(name, "stream_guard", config, json!({ "steps": out }));
}

/// `(key, now_ms, verdict)` steps of `rate_limit`, or `(scope, timestamp, nonce, now, verdict)` of `nonce_cache`.
fn verdicts(steps: Vec<(Value, &str)>) -> (Vec<Value>, Value) {
    let (input, verdicts): (Vec<Value>, Vec<&str>) = steps.into_iter().unzip();
    (input, json!({ "verdicts": verdicts }))
}

fn replay(dir: &Path) {
    let mut c = Cases(Vec::new());
    const TOO_OLD: &str = "TSEAL_TOO_OLD";
    const REPLAYED: &str = "TSEAL_REPLAYED";
    window_case(
        &mut c,
        "default-window",
        1024,
        &[
            (1, true, OK),
            (2, true, OK),
            (2, true, REPLAYED),
            (0, true, "TSEAL_INVALID_SEQUENCE"),
            (1030, true, OK),
            (6, true, TOO_OLD),
            (7, true, OK),
            (7, true, REPLAYED),
            (1029, false, OK),
            (1029, true, OK),
            (1029, true, REPLAYED),
        ],
    );
    window_case(
        &mut c,
        "window-64-out-of-order",
        64,
        &[
            (10, true, OK),
            (5, true, OK),
            (7, true, OK),
            (5, true, REPLAYED),
            (100, true, OK),
            (36, true, TOO_OLD),
            (37, true, OK),
            (37, true, REPLAYED),
            (99, true, OK),
        ],
    );
    window_case(
        &mut c,
        "window-8192-edges",
        8192,
        &[
            (10_000, true, OK),
            (1_808, true, TOO_OLD),
            (1_809, true, OK),
            (1_809, true, REPLAYED),
        ],
    );
    window_case(
        &mut c,
        "large-jump-clears-the-bitmap",
        64,
        &[
            (1, true, OK),
            (2, true, OK),
            (1_000_000, true, OK),
            (999_990, true, OK),
            (2, true, TOO_OLD),
            (1_000_064, true, OK),
            (1_000_000, true, TOO_OLD),
            (1_000_001, true, OK),
        ],
    );
    window_case(
        &mut c,
        "beyond-2^53",
        1024,
        &[
            (u64::MAX, true, OK),
            (u64::MAX, true, REPLAYED),
            (u64::MAX - 1024, true, TOO_OLD),
            (u64::MAX - 1023, true, OK),
        ],
    );
    for (name, window) in [
        ("window-not-a-power-of-two", 1000),
        ("window-too-small", 32),
        ("window-too-large", 131_072),
    ] {
        c.err(
            name,
            "replay_window",
            json!({ "window": window, "steps": [] }),
            "TSEAL_OUT_OF_RANGE",
        );
    }

    let a = UUID_A;
    guard_case(
        &mut c,
        "gap-reported-then-filled",
        (5_000, 100, 10),
        &[
            ("accept", a, 1, 1_000, OK, "NORMAL", &[]),
            ("accept", a, 5, 1_000, OK, "GAP", &["2-4"]),
            ("accept", a, 3, 1_100, OK, "GAP", &["2-2", "4-4"]),
            ("accept", a, 3, 1_100, REPLAYED, "GAP", &["2-2", "4-4"]),
            ("accept", a, 2, 1_200, OK, "GAP", &["4-4"]),
            ("accept", a, 4, 1_300, OK, "NORMAL", &[]),
            ("accept", a, 6, 1_300, OK, "NORMAL", &[]),
        ],
    );
    guard_case(
        &mut c,
        "gap-outlives-time-limit-then-resync",
        (5_000, 100, 10),
        &[
            ("accept", a, 1, 0, OK, "NORMAL", &[]),
            ("accept", a, 3, 0, OK, "GAP", &["2-2"]),
            ("accept", a, 4, 5_000, OK, "GAP", &["2-2"]),
            (
                "accept",
                a,
                5,
                5_001,
                "TSEAL_STREAM_DEGRADED",
                "DEGRADED",
                &["2-2"],
            ),
            ("resync", a, 0, 5_001, OK, "NORMAL", &[]),
            ("accept", a, 5, 5_001, OK, "NORMAL", &[]),
            ("accept", a, 2, 5_002, OK, "NORMAL", &[]),
            ("accept", a, 2, 5_002, REPLAYED, "NORMAL", &[]),
        ],
    );
    guard_case(
        &mut c,
        "too-many-missing-degrades",
        (5_000, 100, 10),
        &[
            ("accept", a, 1, 0, OK, "NORMAL", &[]),
            ("accept", a, 102, 0, OK, "GAP", &["2-101"]),
            (
                "accept",
                a,
                104,
                0,
                "TSEAL_STREAM_DEGRADED",
                "DEGRADED",
                &["2-101", "103-103"],
            ),
            (
                "accept",
                a,
                2,
                0,
                "TSEAL_STREAM_DEGRADED",
                "DEGRADED",
                &["2-101", "103-103"],
            ),
            ("resync", a, 0, 0, OK, "NORMAL", &[]),
            ("accept", a, 104, 0, REPLAYED, "NORMAL", &[]),
            ("accept", a, 105, 0, OK, "NORMAL", &[]),
        ],
    );
    guard_case(
        &mut c,
        "streams-are-independent-and-bounded",
        (5_000, 100, 2),
        &[
            ("accept", a, 7, 0, OK, "NORMAL", &[]),
            ("accept", UUID_B, 7, 0, OK, "NORMAL", &[]),
            ("accept", UUID_C, 1, 0, "TSEAL_TOO_MANY_STREAMS", "NORMAL", &[]),
            ("accept", a, 7, 0, REPLAYED, "NORMAL", &[]),
            ("accept", UUID_B, 0, 0, "TSEAL_INVALID_SEQUENCE", "NORMAL", &[]),
        ],
    );
    c.err(
        "guard-window-invalid",
        "stream_guard",
        json!({ "window": 100, "max_gap_age_ms": 1, "max_missing": 1, "max_streams": 1, "steps": [] }),
        "TSEAL_OUT_OF_RANGE",
    );

    for (name, timestamp, error) in [
        ("age-at-the-limit", NOW - 60_000, None),
        ("stale", NOW - 60_001, Some("TSEAL_STALE")),
        ("skew-at-the-limit", NOW + 5_000, None),
        ("from-future", NOW + 5_001, Some("TSEAL_FROM_FUTURE")),
    ] {
        let input = json!({ "max_age_ms": 60_000, "max_future_ms": 5_000,
            "timestamp_ms_str": timestamp.to_string(), "now_ms_str": NOW.to_string() });
        match error {
            None => c.ok(name, "time_window", input, json!({})),
            Some(error) => c.err(name, "time_window", input, error),
        }
    }

    let nonce = |scope: &str, ts: u64, nonce: &str, now: u64, verdict| {
        (
            json!({ "scope": scope, "timestamp_ms_str": ts.to_string(), "nonce": nonce, "now_ms_str": now.to_string() }),
            verdict,
        )
    };
    let (steps, out) = verdicts(vec![
        nonce("key-1", 10_000, "n1", 10_000, OK),
        nonce("key-1", 10_000, "n1", 10_500, "TSEAL_NONCE_REUSED"),
        nonce("key-2", 10_000, "n1", 10_500, OK),
        nonce("key-1", 10_001, "n1", 10_500, OK),
        nonce("key-1", 8_999, "n2", 10_000, "TSEAL_STALE"),
        nonce("key-1", 10_101, "n3", 10_000, "TSEAL_FROM_FUTURE"),
        nonce("key-1", 10_000, "n1", 11_001, "TSEAL_STALE"),
    ]);
    c.ok(
        "nonces-once-per-key-inside-the-window",
        "nonce_cache",
        json!({ "max_age_ms": 1_000, "max_future_ms": 100, "capacity": 1024, "steps": steps }),
        out,
    );
    c.err(
        "nonce-capacity-too-small",
        "nonce_cache",
        json!({ "max_age_ms": 1_000, "max_future_ms": 100, "capacity": 8, "steps": [] }),
        "TSEAL_OUT_OF_RANGE",
    );

    let take = |key: &str, now: u64, verdict| (json!({ "key": key, "now_ms_str": now.to_string() }), verdict);
    let limited = "TSEAL_RATE_LIMITED";
    for (name, max_keys, steps) in [
        (
            "token-bucket-per-key",
            1000,
            vec![
                take("10.0.0.1", 0, OK),
                take("10.0.0.1", 0, OK),
                take("10.0.0.1", 0, limited),
                take("10.0.0.2", 0, OK),
                take("10.0.0.1", 99, limited),
                take("10.0.0.1", 100, OK),
                take("10.0.0.1", 100, limited),
                take("10.0.0.1", 10_000, OK),
                take("10.0.0.1", 10_000, OK),
                take("10.0.0.1", 10_000, limited),
            ],
        ),
        // Two keys at most, whatever they hash to: a third waits until a bucket is full again, which is dropped.
        (
            "max-keys-in-total-idle-buckets-make-room",
            2,
            vec![
                take("a", 0, OK),
                take("a", 0, OK),
                take("b", 0, OK),
                take("c", 0, limited),
                take("a", 0, limited),
                take("c", 99, limited),
                take("c", 100, OK),
                take("b", 100, limited),
                take("a", 100, OK),
            ],
        ),
    ] {
        let (steps, out) = verdicts(steps);
        let limit = json!({ "per_second": 10, "burst": 2, "max_keys": max_keys, "steps": steps });
        c.ok(name, "rate_limit", limit, out);
    }
    for (name, per_second, max_keys) in [("zero-rate", 0, 1000), ("zero-keys", 10, 0)] {
        let limit = json!({ "per_second": per_second, "burst": 2, "max_keys": max_keys, "steps": [] });
        c.err(name, "rate_limit", limit, "TSEAL_OUT_OF_RANGE");
    }

    for (name, max_pips, pip, price, reference, error) in [
        ("20-pips-above", 20, "0.0001", "1.08700", "1.08500", None),
        (
            "20-pips-below-other-scale",
            20,
            "0.0001",
            "1.0830",
            "1.08500",
            None,
        ),
        (
            "over-by-a-tenth-pip",
            20,
            "0.0001",
            "1.08701",
            "1.08500",
            Some("TSEAL_PRICE_DEVIATION"),
        ),
        (
            "under-by-a-tenth-pip",
            20,
            "0.0001",
            "1.08299",
            "1.08500",
            Some("TSEAL_PRICE_DEVIATION"),
        ),
        ("jpy-5-pips", 5, "0.01", "150.050", "150.000", None),
        (
            "jpy-over",
            5,
            "0.01",
            "150.051",
            "150.000",
            Some("TSEAL_PRICE_DEVIATION"),
        ),
        (
            "zero-price",
            5,
            "0.01",
            "0.000",
            "150.000",
            Some("TSEAL_INVALID_NUMBER"),
        ),
        (
            "zero-pip",
            5,
            "0.00",
            "150.000",
            "150.000",
            Some("TSEAL_OUT_OF_RANGE"),
        ),
    ] {
        let input = json!({ "max_pips": max_pips, "pip": pip, "price": price, "reference": reference });
        match error {
            None => c.ok(name, "price_guard", input, json!({})),
            Some(error) => c.err(name, "price_guard", input, error),
        }
    }
    c.write(
        dir,
        "replay",
        "Replay window, stream gaps, time window, nonce cache, rate limit and price guard",
    );
}

fn ring(id: u32, key: &str) -> Keyring<MacKey> {
    Keyring::with_primary(id, MacKey::from_hex(key).expect("key"))
}

fn signal(sequence: u64) -> Signal<'static> {
    Signal {
        subscription_id: UUID_A.parse().expect("uuid"),
        sequence,
        generated_at_ms: NOW - 100,
        symbol: Symbol::new("EURUSD").expect("symbol"),
        order_type: OrderType::Buy,
        volume: Decimal::new(150, 2).expect("volume"),
        price: Decimal::new(108_125, 5).expect("price"),
    }
}

fn pipeline(dir: &Path) {
    let mut c = Cases(Vec::new());
    let (r1, r2, r9) = (ring(1, K1), ring(2, K2), ring(9, K1));
    let packet = |s: Signal<'_>, r: &Keyring<MacKey>| hex::encode(&s.sign(r).expect("sign"));
    let mut forged = signal(2).sign(&r1).expect("sign");
    if let Some(last) = forged.last_mut() {
        *last ^= 1;
    }
    let mut version_2 = signal(5).sign(&r1).expect("sign");
    version_2[0] = 2;
    let steps: Vec<(String, u64, &str)> = vec![
        (packet(signal(1), &r1), NOW, OK),
        (packet(signal(1), &r1), NOW, "TSEAL_REPLAYED"),
        (packet(signal(3), &r2), NOW, OK),
        (hex::encode(&forged), NOW, "TSEAL_INVALID_SIGNATURE"),
        (packet(signal(2), &r1), NOW, OK),
        (packet(signal(4), &r9), NOW, "TSEAL_UNKNOWN_KEY"),
        (
            packet(
                Signal {
                    generated_at_ms: NOW - 60_001,
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_STALE",
        ),
        (
            packet(
                Signal {
                    generated_at_ms: NOW + 5_001,
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_FROM_FUTURE",
        ),
        (
            packet(
                Signal {
                    symbol: Symbol::new("EUR.USD").expect("s"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_INVALID_SYMBOL",
        ),
        (
            packet(
                Signal {
                    symbol: Symbol::new("ABCDEFGHIJKLMNOPQRSTU").expect("s"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_INVALID_SYMBOL",
        ),
        (
            packet(
                Signal {
                    volume: Decimal::new(1_001, 2).expect("v"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_VOLUME_LIMIT",
        ),
        (
            packet(
                Signal {
                    volume: Decimal::new(0, 2).expect("v"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_INVALID_NUMBER",
        ),
        (
            packet(
                Signal {
                    price: Decimal::new(0, 5).expect("p"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            "TSEAL_INVALID_NUMBER",
        ),
        (
            packet(
                Signal {
                    subscription_id: tradeseal::SubscriptionId::from_bytes([0; 16]),
                    ..signal(1)
                },
                &r1,
            ),
            NOW,
            "TSEAL_INVALID_UUID",
        ),
        (packet(signal(0), &r1), NOW, "TSEAL_INVALID_SEQUENCE"),
        (hex::encode(&version_2), NOW, "TSEAL_UNSUPPORTED_VERSION"),
        (
            packet(
                Signal {
                    symbol: Symbol::new("ABCDEFGHIJKLMNOPQRST").expect("s"),
                    volume: Decimal::new(10, 0).expect("v"),
                    ..signal(5)
                },
                &r1,
            ),
            NOW,
            OK,
        ),
        // 4 and 6..=1099 missing: more than the default 1024, so the stream degrades (1100 is consumed).
        (packet(signal(1_100), &r1), NOW, "TSEAL_STREAM_DEGRADED"),
        (packet(signal(6), &r1), NOW, "TSEAL_STREAM_DEGRADED"),
        (
            packet(
                Signal {
                    subscription_id: UUID_B.parse().expect("uuid"),
                    ..signal(7)
                },
                &r1,
            ),
            NOW,
            OK,
        ),
    ];
    let truncated = {
        let full = packet(signal(2_001), &r1);
        full[..full.len() - 2].to_owned()
    };
    let mut steps = steps;
    steps.push((truncated, NOW, "TSEAL_TRUNCATED"));
    let (input, out) = verdicts(
        steps
            .iter()
            .map(|(signed, now, v)| (json!({ "signed": signed, "now_ms_str": now.to_string() }), *v))
            .collect(),
    );
    let keys = json!([{ "id": 1, "key": K1, "primary": true }, { "id": 2, "key": K2, "primary": false }]);
    c.ok(
        "signal-pipeline-each-rejection",
        "signal_pipeline",
        json!({
            "keys": keys, "max_age_ms": 60_000, "max_future_ms": 5_000, "max_volume": "10.00", "window": 1024,
            "steps": input,
        }),
        out,
    );

    let secret = MacKey::from_hex(K1).expect("key");
    let request = |api_key: &str, ts: u64, nonce: &str, tamper: bool, now: u64, verdict| {
        let body: &[u8] = br#"{"side":"BUY"}"#;
        let r = Request {
            method: "POST",
            path: "/api/v1/order",
            timestamp_ms: ts,
            nonce,
            body,
        };
        let mut signature = r.sign(api_key, &secret).expect("sign").signature;
        if tamper {
            signature.replace_range(..1, if signature.starts_with('0') { "1" } else { "0" });
        }
        (
            json!({ "api_key": api_key, "method": "POST", "path": "/api/v1/order", "timestamp": ts.to_string(),
            "nonce": nonce, "body": hex::encode(body), "signature": signature, "now_ms_str": now.to_string() }),
            verdict,
        )
    };
    let (input, out) = verdicts(vec![
        request("key-1", NOW, "n-1", false, NOW, OK),
        request("key-1", NOW, "n-1", false, NOW + 10, "TSEAL_NONCE_REUSED"),
        request("key-1", NOW, "n-2", true, NOW, "TSEAL_INVALID_SIGNATURE"),
        request("key-1", NOW, "n-2", false, NOW, OK),
        request("key-1", NOW - 60_001, "n-3", false, NOW, "TSEAL_STALE"),
        request("key-1", NOW, "n-4", false, NOW, "TSEAL_RATE_LIMITED"),
        request("key-2", NOW + 5_001, "n-3", false, NOW, "TSEAL_FROM_FUTURE"),
        request("key-2", NOW, "n-1", false, NOW + 60_000, OK),
    ]);
    c.ok(
        "request-pipeline-each-rejection",
        "request_pipeline",
        json!({
            "key": K1, "max_age_ms": 60_000, "max_future_ms": 5_000, "nonce_capacity": 1024,
            "per_second": 1, "burst": 5, "max_keys": 1000, "steps": input,
        }),
        out,
    );
    c.write(
        dir,
        "pipeline",
        "Signal and request verification pipelines: one verdict per received message",
    );
}
