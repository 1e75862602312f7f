//! Runs every `tests/vectors/*.json` file (schema in `tests/vectors/README.md`) through the public API.
//!
//! One dispatcher, [`run`], maps each op name to the API; add new ops there. An unknown op, an unknown
//! file (capability not equal to the file name) or a malformed case fails the test.
//!
//! `TSEAL_REGEN_VECTORS=1 cargo test -p tradeseal --test vectors` rewrites the files this crate generates
//! (see `vectors/generate.rs`); the independent check is `tests/vectors/crosscheck.py`.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use tradeseal::aead::{Algorithm, LessSafeKey, SealingKey};
use tradeseal::ed25519::{SigningKey, VerifyingKey};
use tradeseal::envelope;
use tradeseal::frame::{Frame, SignedFrame};
use tradeseal::kdf::{self, MasterKey, PasswordParams};
use tradeseal::legacy::{self, LegacySignal};
use tradeseal::request::Request;
use tradeseal::signal::Signal;
use tradeseal::{hex, Decimal, Error, Keyring, MacKey, OrderType, Symbol};

#[path = "vectors/generate.rs"]
mod generate;
#[path = "vectors/generate_noise.rs"]
mod generate_noise;
#[path = "vectors/generate_replay.rs"]
mod generate_replay;
#[path = "vectors/noise_ops.rs"]
mod noise_ops;
#[path = "vectors/replay_ops.rs"]
mod replay_ops;

/// Where the vector files live.
fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// A case's `in` object, with typed getters that fail the test on a malformed vector.
struct In<'a>(&'a Map<String, Value>);

impl<'a> In<'a> {
    fn get(&self, name: &str) -> &'a Value {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("input {name:?} missing"))
    }

    fn text(&self, name: &str) -> &'a str {
        self.get(name)
            .as_str()
            .unwrap_or_else(|| panic!("input {name:?} is not a string"))
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        hex::decode(self.text(name)).unwrap_or_else(|e| panic!("input {name:?} is not hex: {e}"))
    }

    fn int(&self, name: &str) -> u64 {
        self.get(name)
            .as_u64()
            .unwrap_or_else(|| panic!("input {name:?} is not an integer"))
    }

    /// A `*_str` decimal integer (u64 or i64).
    fn parse<T: std::str::FromStr>(&self, name: &str) -> T {
        self.text(name)
            .parse()
            .unwrap_or_else(|_| panic!("input {name:?} is not a decimal integer"))
    }

    fn key(&self) -> Result<MacKey, Error> {
        MacKey::from_bytes(&self.bytes("key"))
    }

    fn keyring(&self) -> Result<Keyring<MacKey>, Error> {
        let mut ring = Keyring::new();
        for entry in self.get("keys").as_array().expect("keys is an array") {
            let entry = In(entry.as_object().expect("key entry is an object"));
            let id = u32::try_from(entry.int("id")).expect("key id is a u32");
            ring.insert(id, entry.key()?)?;
            if entry.get("primary").as_bool().expect("primary is a bool") {
                ring.promote(id)?;
            }
        }
        Ok(ring)
    }

    /// An integer input that must fit `T` (a malformed vector otherwise).
    fn small<T: TryFrom<u64>>(&self, name: &str) -> T {
        T::try_from(self.int(name)).unwrap_or_else(|_| panic!("input {name:?} is out of range"))
    }

    /// `algorithm` (an AEAD id); numbers that do not fit a byte are unsupported like unknown ids.
    fn algorithm(&self) -> Result<Algorithm, Error> {
        Algorithm::from_id(u8::try_from(self.int("algorithm")).map_err(|_| Error::UnsupportedAlgorithm)?)
    }

    fn less_safe_key(&self) -> Result<LessSafeKey, Error> {
        LessSafeKey::from_bytes(self.algorithm()?, &self.bytes("key"))
    }

    /// `keys: [{id, algorithm, key, primary}]` as sealing keys, and the primary entry (for explicit nonces).
    fn sealing_keyring(&self) -> Result<(Keyring<SealingKey>, Option<In<'a>>), Error> {
        let mut ring = Keyring::new();
        let mut primary = None;
        for entry in self.get("keys").as_array().expect("keys is an array") {
            let entry = In(entry.as_object().expect("key entry is an object"));
            let id = entry.small("id");
            ring.insert(
                id,
                SealingKey::from_bytes(entry.algorithm()?, &entry.bytes("key"))?,
            )?;
            if entry.get("primary").as_bool().expect("primary is a bool") {
                ring.promote(id)?;
                primary = Some(entry);
            }
        }
        Ok((ring, primary))
    }

    /// A zeroed buffer of `length` bytes filled by `fill`.
    fn filled(&self, fill: impl FnOnce(&mut [u8]) -> Result<(), Error>) -> Result<Vec<u8>, Error> {
        let mut out = vec![0u8; self.small("length")];
        fill(&mut out)?;
        Ok(out)
    }

    fn order_type(&self) -> Result<OrderType, Error> {
        u8::try_from(self.int("order_type"))
            .map_err(|_| Error::InvalidOrderType)?
            .try_into()
    }

    fn decimal(&self, prefix: &str) -> Result<Decimal, Error> {
        let decimals =
            u8::try_from(self.int(&format!("{prefix}_decimals"))).map_err(|_| Error::InvalidNumber)?;
        Decimal::new(self.parse(&format!("{prefix}_units_str")), decimals)
    }

    fn f64(&self, name: &str) -> f64 {
        self.parse(name)
    }
}

/// The outputs every op that yields a signal reports (`signal_verify`, `legacy_verify`).
fn signal_out(signal: &Signal<'_>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        "subscription_id".into(),
        json!(signal.subscription_id.to_string()),
    );
    out.insert("sequence_str".into(), json!(signal.sequence.to_string()));
    out.insert(
        "generated_at_ms_str".into(),
        json!(signal.generated_at_ms.to_string()),
    );
    out.insert("symbol".into(), json!(signal.symbol.as_str()));
    out.insert("order_type".into(), json!(signal.order_type as u8));
    for (prefix, number) in [("volume", signal.volume), ("price", signal.price)] {
        out.insert(format!("{prefix}_units_str"), json!(number.units().to_string()));
        out.insert(format!("{prefix}_decimals"), json!(number.decimals()));
    }
    out
}

/// Runs one op on its inputs: the `out` object, or the error.
fn run(op: &str, input: &In<'_>) -> Result<Value, Error> {
    match op {
        "mac_sign" => Ok(json!({ "tag": hex::encode(&input.key()?.sign(&input.bytes("message"))) })),
        "mac_verify" => {
            input
                .key()?
                .verify(&input.bytes("message"), &input.bytes("tag"))?;
            Ok(json!({}))
        }
        "frame_sign" => {
            let ring = input.keyring()?;
            let payload = input.bytes("payload");
            let frame = Frame {
                stream_id: input.parse("stream_id_str"),
                sequence: input.parse("sequence_str"),
                timestamp_ns: input.parse("timestamp_ns_str"),
                payload: &payload,
            };
            Ok(json!({ "signed": hex::encode(&frame.sign(&ring)?) }))
        }
        "frame_verify" => {
            let ring = input.keyring()?;
            let signed = input.bytes("signed");
            let max = usize::try_from(input.int("max_payload")).map_err(|_| Error::InvalidArgument)?;
            let frame = SignedFrame::parse_with_limit(&signed, max)?.verify(&ring)?;
            Ok(json!({
                "key_id": frame.key_id(),
                "stream_id_str": frame.stream_id.to_string(),
                "sequence_str": frame.sequence.to_string(),
                "timestamp_ns_str": frame.timestamp_ns.to_string(),
                "payload": hex::encode(frame.payload),
            }))
        }
        "signal_sign" => {
            let ring = input.keyring()?;
            let signal = Signal {
                subscription_id: input.text("subscription_id").parse()?,
                sequence: input.parse("sequence_str"),
                generated_at_ms: input.parse("generated_at_ms_str"),
                symbol: Symbol::new(input.text("symbol"))?,
                order_type: input.order_type()?,
                volume: input.decimal("volume")?,
                price: input.decimal("price")?,
            };
            Ok(json!({ "signed": hex::encode(&signal.sign(&ring)?) }))
        }
        "signal_verify" => {
            let ring = input.keyring()?;
            let signed = input.bytes("signed");
            let signal = Signal::verify(&ring, &signed)?;
            let mut out = signal_out(&signal);
            out.insert("key_id".into(), json!(signal.key_id()));
            Ok(Value::Object(out))
        }
        "decimal_from_f64" => {
            let decimals = u8::try_from(input.int("decimals")).map_err(|_| Error::InvalidNumber)?;
            let number = Decimal::from_f64(input.f64("value"), decimals)?;
            Ok(json!({ "units_str": number.units().to_string() }))
        }
        "legacy_sign" => {
            let key = input.key()?;
            let signal = LegacySignal {
                subscription_id: input.text("subscription_id").parse()?,
                sequence: input.parse("sequence_str"),
                generated_at_ms: input.parse("generated_at_ms_str"),
                symbol: input.text("symbol"),
                order_type: input.order_type()?,
                volume: input.f64("volume"),
                price: input.f64("price"),
            };
            let signed = signal.sign(&key)?;
            Ok(json!({ "line": signed.line, "signature": signed.signature }))
        }
        "legacy_verify" => {
            let key = input.key()?;
            let signal = legacy::verify(&key, input.text("line").as_bytes(), input.text("signature"))?;
            Ok(Value::Object(signal_out(&signal)))
        }
        "request_sign" => {
            let key = input.key()?;
            let body = input.bytes("body");
            let request = Request {
                method: input.text("method"),
                path: input.text("path"),
                timestamp_ms: input.parse("timestamp_ms_str"),
                nonce: input.text("nonce"),
                body: &body,
            };
            let headers = request.sign(input.text("api_key"), &key)?;
            Ok(json!({
                "x_api_key": headers.api_key,
                "x_timestamp": headers.timestamp,
                "x_nonce": headers.nonce,
                "x_signature": headers.signature,
            }))
        }
        "request_verify" => {
            let key = input.key()?;
            let body = input.bytes("body");
            let (method, path, nonce) = (input.text("method"), input.text("path"), input.text("nonce"));
            let request = Request::from_headers(method, path, input.text("timestamp"), nonce, &body)?;
            request.verify(&key, input.text("signature"))?;
            Ok(json!({}))
        }
        "aead_seal" => {
            let sealed = input.less_safe_key()?.seal(
                &input.bytes("explicit_nonce"),
                &input.bytes("aad"),
                &input.bytes("plaintext"),
            )?;
            Ok(json!({ "sealed": hex::encode(&sealed) }))
        }
        "aead_open" => {
            let plain = input.less_safe_key()?.open(
                &input.bytes("explicit_nonce"),
                &input.bytes("aad"),
                &input.bytes("sealed"),
            )?;
            Ok(json!({ "plaintext": hex::encode(&plain) }))
        }
        "envelope_seal" => {
            let (ring, primary) = input.sealing_keyring()?;
            let (id, _) = ring.primary()?;
            let key = primary.ok_or(Error::NoPrimaryKey)?.less_safe_key()?;
            let (nonce, aad) = (input.bytes("explicit_nonce"), input.bytes("aad"));
            let env = envelope::seal_with_nonce_less_safe(id, &key, &nonce, &aad, &input.bytes("plaintext"))?;
            Ok(json!({ "envelope": hex::encode(&env) }))
        }
        "envelope_open" => {
            let (ring, _) = input.sealing_keyring()?;
            let plain = envelope::open(&ring, &input.bytes("aad"), &input.bytes("envelope"))?;
            Ok(json!({ "plaintext": hex::encode(&plain) }))
        }
        "hkdf_extract" => {
            let prk = kdf::hkdf_extract(&input.bytes("salt"), &input.bytes("ikm"));
            Ok(json!({ "prk": hex::encode(&prk[..]) }))
        }
        "hkdf_expand" => {
            let okm = input.filled(|out| kdf::hkdf_expand(&input.bytes("prk"), &input.bytes("info"), out))?;
            Ok(json!({ "okm": hex::encode(&okm) }))
        }
        "kdf_derive" => {
            let master = MasterKey::from_bytes(&input.bytes("master"))?;
            let okm =
                input.filled(|out| master.derive_into(input.text("label"), &input.bytes("context"), out))?;
            Ok(json!({ "okm": hex::encode(&okm) }))
        }
        "argon2id" => {
            let params = PasswordParams::new(
                input.small("memory_kib"),
                input.small("passes"),
                input.small("lanes"),
            )?;
            let (password, salt) = (input.bytes("password"), input.bytes("salt"));
            let key = input.filled(|out| kdf::argon2id(&password, &salt, &params, out))?;
            Ok(json!({ "key": hex::encode(&key) }))
        }
        "ed25519_sign" => {
            let key = SigningKey::from_seed(&input.bytes("seed"))?;
            let sig = key.sign(&input.bytes("message"));
            Ok(json!({ "public_key": hex::encode(key.public_key()), "sig": hex::encode(&sig) }))
        }
        "ed25519_verify" => {
            let key = VerifyingKey::from_bytes(&input.bytes("public_key"))?;
            key.verify(&input.bytes("message"), &input.bytes("sig"))?;
            Ok(json!({}))
        }

        "replay_window" => replay_ops::replay_window(input),
        "stream_guard" => replay_ops::stream_guard(input),
        "guard_state" => replay_ops::guard_state(input),
        "time_window" => replay_ops::time_check(input),
        "nonce_cache" => replay_ops::nonce_cache(input),
        "rate_limit" => replay_ops::rate_limiter(input),
        "price_guard" => replay_ops::price_guard(input),
        "signal_pipeline" => replay_ops::signal_pipeline(input),
        "request_pipeline" => replay_ops::request_pipeline(input),
        "noise_transcript" => noise_ops::transcript(input),
        "noise_import" => noise_ops::import(input),
        other => panic!("unknown op {other:?}: add it to `run` in core/tests/vectors.rs"),
    }
}

/// Byte-valued inputs (hex in JSON); every other string input is text, tampered in its UTF-8 bytes.
const BYTE_INPUTS: &[&str] = &[
    "file",
    "key",
    "message",
    "tag",
    "signed",
    "payload",
    "body",
    "explicit_nonce",
    "sealed",
    "aad",
    "envelope",
    "public_key",
    "sig",
    // noise.json
    "prologue",
    "psk",
    "init_static",
    "init_static_public",
    "init_ephemeral",
    "resp_static",
    "resp_static_public",
    "resp_ephemeral",
    "msg0",
    "msg1",
    "msg2",
    "msg3",
    "msg4",
    "msg5",
    "msg6",
    // noise_session.json
    "exported",
];

/// A copy of `input` with byte `offset` of `field` XORed with `mask`.
fn tampered(input: &Map<String, Value>, field: &str, offset: usize, mask: u8) -> Map<String, Value> {
    let mut copy = input.clone();
    let text = In(input).text(field);
    let mut bytes = if BYTE_INPUTS.contains(&field) {
        In(input).bytes(field)
    } else {
        text.as_bytes().to_vec()
    };
    *bytes
        .get_mut(offset)
        .unwrap_or_else(|| panic!("tamper offset {offset} outside {field:?}")) ^= mask;
    let value = if BYTE_INPUTS.contains(&field) {
        hex::encode(&bytes)
    } else {
        String::from_utf8(bytes).expect("a tampered text input stays UTF-8")
    };
    copy.insert(field.into(), json!(value));
    copy
}

/// Checks one case; returns a description of every mismatch.
fn check_case(case: &Value) -> Vec<String> {
    let name = case["name"].as_str().expect("case name");
    let op = case["op"].as_str().expect("case op");
    let input = case["in"].as_object().expect("case in");
    let mut failures = Vec::new();
    let got = run(op, &In(input));
    match (&got, case.get("out"), case.get("error")) {
        (Ok(out), Some(expected), None) if out == expected => {}
        (Err(e), None, Some(expected)) if Some(e.name()) == expected.as_str() => {}
        _ => failures.push(format!(
            "{name}: got {got:?}, expected out {:?} / error {:?}",
            case.get("out"),
            case.get("error")
        )),
    }
    for t in case.get("tamper").and_then(Value::as_array).into_iter().flatten() {
        let field = t["input"].as_str().expect("tamper input");
        let offset = usize::try_from(t["offset"].as_u64().expect("tamper offset")).expect("offset");
        let mask = u8::try_from(t["mask"].as_u64().expect("tamper mask")).expect("mask is a byte");
        assert_ne!(mask, 0, "{name}: a zero mask tampers nothing");
        let result = run(op, &In(&tampered(input, field, offset, mask)));
        if result.as_ref().err().map(|e| e.name()) != t["error"].as_str() {
            failures.push(format!("{name}: tamper {t} gave {result:?}"));
        }
    }
    failures
}

#[test]
fn every_vector_file_passes() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files found");
    let mut failures = Vec::new();
    for path in &files {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("file name");
        assert_eq!(
            doc["capability"].as_str(),
            Some(stem),
            "{}: capability must match file name",
            path.display()
        );
        let cases = doc["cases"].as_array().expect("cases array");
        assert!(!cases.is_empty(), "{stem}: no cases");
        for case in cases {
            failures.extend(check_case(case).into_iter().map(|f| format!("{stem}: {f}")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn regenerate_vectors_when_asked() {
    if std::env::var_os("TSEAL_REGEN_VECTORS").is_some() {
        generate::write_all(&vectors_dir());
        generate_replay::write_all(&vectors_dir());
        generate_noise::write_all(&vectors_dir());
    }
}
