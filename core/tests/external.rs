//! External known answers through the public API: RFC 4231 (HMAC-SHA-256 cases 1-7) and Wycheproof
//! `hmac_sha256_test.json`, from `../shared/vectors/external/` (read-only).
//!
//! tradeseal verifies only full 32-byte tags. For the truncated-tag cases (RFC 4231 case 5, Wycheproof
//! groups with `tagSize` 128) the test shows the computed tag's prefix matches the expected value (valid
//! cases) or not (invalid cases), and that `verify` rejects the truncated tag either way.

use std::path::Path;

use serde_json::Value;
use tradeseal::{hex, Error, MacKey, MAC_KEY_BYTES, MAC_TAG_BYTES};

/// `shared/vectors/external/<path>` in the nearest ancestor of this crate that has it (the repository is
/// cloned beside `shared/`; worktrees sit deeper).
fn external(path: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/vectors/external").join(path))
        .find(|file| file.is_file())
        .unwrap_or_else(|| panic!("shared/vectors/external/{path} beside the repository"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

fn bytes(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("hex")
}

/// Imports a key the way a caller would: the strict importer from 32 bytes on, the short one below.
fn key(raw: &[u8]) -> MacKey {
    let imported = if raw.len() >= MAC_KEY_BYTES {
        MacKey::from_bytes(raw)
    } else {
        MacKey::from_short_bytes(raw)
    };
    imported.expect("non-empty key")
}

/// Checks one known answer; `valid` says whether `expected` is the right tag (or tag prefix) of `msg`.
fn check(name: &str, key: &MacKey, msg: &[u8], expected: &[u8], valid: bool) {
    let tag = key.sign(msg);
    let prefix_matches = tag.get(..expected.len()) == Some(expected);
    assert_eq!(prefix_matches, valid, "{name}: computed tag prefix");
    let verdict = key.verify(msg, expected);
    if valid && expected.len() == MAC_TAG_BYTES {
        assert_eq!(verdict, Ok(()), "{name}: full valid tag must verify");
    } else {
        assert_eq!(verdict, Err(Error::InvalidSignature), "{name}: must be rejected");
    }
}

#[test]
fn rfc4231_hmac_sha256() {
    let doc = external("rfc/rfc_vectors.json");
    let tests = doc["rfc4231_hmac_sha256"]["tests"].as_array().expect("tests");
    assert_eq!(tests.len(), 7);
    for t in tests {
        let name = format!("RFC 4231 case {}", t["test_case"]);
        let expected = bytes(&t["hmac_sha256"]);
        let truncated = t.get("truncated_to_bits").is_some();
        assert_eq!(
            truncated,
            expected.len() < MAC_TAG_BYTES,
            "{name}: truncation is declared"
        );
        check(
            &name,
            &key(&bytes(&t["key"])),
            &bytes(&t["data"]),
            &expected,
            true,
        );
    }
}

#[test]
fn wycheproof_hmac_sha256() {
    let doc = external("wycheproof/hmac_sha256_test.json");
    let mut counts = [0usize; 2];
    for group in doc["testGroups"].as_array().expect("groups") {
        let tag_bits = group["tagSize"].as_u64().expect("tagSize");
        for t in group["tests"].as_array().expect("tests") {
            let name = format!("wycheproof tcId {} ({} bit tag)", t["tcId"], tag_bits);
            let valid = match t["result"].as_str() {
                Some("valid") => true,
                Some("invalid") => false,
                other => panic!("{name}: unexpected result {other:?}: decide and document it"),
            };
            let expected = bytes(&t["tag"]);
            assert_eq!(
                expected.len() * 8,
                usize::try_from(tag_bits).expect("bits"),
                "{name}"
            );
            check(
                &name,
                &key(&bytes(&t["key"])),
                &bytes(&t["msg"]),
                &expected,
                valid,
            );
            counts[usize::from(valid)] += 1;
        }
    }
    assert_eq!(counts.iter().sum::<usize>(), 174, "every test ran");
    assert!(counts[0] > 0 && counts[1] > 0);
}
