//! Runs `tests/vectors/{aead,envelope,kdf,ed25519}.json` (ops in `vectors/aead_ops.rs`), tamper entries
//! included.

use std::path::Path;

use serde_json::{json, Map, Value};
use tradeseal::hex;

#[path = "vectors/aead_ops.rs"]
mod aead_ops;

fn tampered(input: &Map<String, Value>, field: &str, offset: usize, mask: u8) -> Map<String, Value> {
    let mut bytes = hex::decode(input[field].as_str().expect("tampered input is hex")).expect("hex");
    *bytes
        .get_mut(offset)
        .unwrap_or_else(|| panic!("tamper offset {offset} outside {field:?}")) ^= mask;
    let mut copy = input.clone();
    copy.insert(field.into(), json!(hex::encode(&bytes)));
    copy
}

fn check_case(case: &Value) -> Vec<String> {
    let name = case["name"].as_str().expect("case name");
    let op = case["op"].as_str().expect("case op");
    let input = case["in"].as_object().expect("case in");
    let run =
        |input: &Map<String, Value>| aead_ops::run(op, input).unwrap_or_else(|| panic!("unknown op {op}"));
    let mut failures = Vec::new();
    let got = run(input);
    match (&got, case.get("out"), case.get("error")) {
        (Ok(out), Some(expected), None) if out == expected => {}
        (Err(e), None, Some(expected)) if Some(e.name()) == expected.as_str() => {}
        _ => failures.push(format!(
            "{name}: got {got:?}, expected {:?} / {:?}",
            case.get("out"),
            case.get("error")
        )),
    }
    for t in case.get("tamper").and_then(Value::as_array).into_iter().flatten() {
        let field = t["input"].as_str().expect("tamper input");
        let offset = usize::try_from(t["offset"].as_u64().expect("tamper offset")).expect("offset");
        let mask = u8::try_from(t["mask"].as_u64().expect("tamper mask")).expect("mask is a byte");
        assert_ne!(mask, 0, "{name}: a zero mask tampers nothing");
        let result = run(&tampered(input, field, offset, mask));
        if result.as_ref().err().map(|e| e.name()) != t["error"].as_str() {
            failures.push(format!("{name}: tamper {t} gave {result:?}"));
        }
    }
    failures
}

#[test]
fn aead_envelope_kdf_and_ed25519_vectors_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut failures = Vec::new();
    for stem in aead_ops::FILES {
        let path = dir.join(format!("{stem}.json"));
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        assert_eq!(doc["capability"].as_str(), Some(*stem));
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
