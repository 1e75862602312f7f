//! External known answers through the public API: Wycheproof AES-256-GCM, ChaCha20-Poly1305,
//! XChaCha20-Poly1305, HKDF-SHA256 and Ed25519, and RFC 5869 / 8439 / 8032, from
//! `../shared/vectors/external` (beside this repository).
//!
//! Documented outcomes:
//! - AES-GCM: only `keySize == 256` groups run. tradeseal supports only 96-bit GCM nonces (ring's choice,
//!   and the only size NIST recommends); Wycheproof's *valid* cases with other nonce sizes are rejected with
//!   `TSEAL_INVALID_LENGTH` by `LessSafeKey`, on seal and on open.
//! - ChaCha20-Poly1305 / XChaCha20-Poly1305: wrong nonce sizes are `TSEAL_INVALID_LENGTH`, other invalid
//!   cases `TSEAL_DECRYPT_FAILED`.
//! - Ed25519: the file has no `acceptable` cases; every valid case verifies, every invalid one is rejected.

use std::path::Path;

use serde_json::Value;
use tradeseal::aead::{Algorithm, LessSafeKey};
use tradeseal::ed25519::{SigningKey, VerifyingKey};
use tradeseal::{hex, kdf, Error};

/// `shared/vectors/external` in the nearest ancestor of this crate that has it (the repository is cloned
/// beside `shared/`; worktrees may sit deeper).
fn external(path: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/vectors/external"))
        .find(|dir| dir.is_dir())
        .expect("shared/vectors/external beside the repository");
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("JSON")
}

fn h(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().expect("hex string")).expect("hex")
}

/// Every Wycheproof test of `file` with its group, filtered by `keep(group)`; returns how many ran.
fn wycheproof(file: &str, keep: impl Fn(&Value) -> bool, mut check: impl FnMut(&Value, &Value)) -> usize {
    let doc = external(file);
    let mut ran = 0;
    for group in doc["testGroups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter(|g| keep(g))
    {
        for test in group["tests"].as_array().expect("tests") {
            check(group, test);
            ran += 1;
        }
    }
    ran
}

fn aead_file(file: &str, algorithm: Algorithm, keep: impl Fn(&Value) -> bool) -> usize {
    wycheproof(file, keep, |group, t| {
        let id = &t["tcId"];
        let key = LessSafeKey::from_bytes(algorithm, &h(&t["key"])).expect("256-bit key");
        let (iv, aad, msg) = (h(&t["iv"]), h(&t["aad"]), h(&t["msg"]));
        let sealed = [h(&t["ct"]), h(&t["tag"])].concat();
        let nonce_ok = group["ivSize"].as_u64() == Some(8 * algorithm.nonce_len() as u64);
        match (t["result"].as_str(), nonce_ok) {
            (Some("valid"), true) => {
                assert_eq!(key.seal(&iv, &aad, &msg).as_deref(), Ok(&sealed[..]), "tcId {id}");
                assert_eq!(key.open(&iv, &aad, &sealed).as_deref(), Ok(&msg[..]), "tcId {id}");
            }
            (Some("invalid"), true) => assert_eq!(
                key.open(&iv, &aad, &sealed),
                Err(Error::DecryptFailed),
                "tcId {id}"
            ),
            (_, false) => {
                assert_eq!(key.seal(&iv, &aad, &msg), Err(Error::InvalidLength), "tcId {id}");
                assert_eq!(
                    key.open(&iv, &aad, &sealed),
                    Err(Error::InvalidLength),
                    "tcId {id}"
                );
            }
            (other, _) => panic!("tcId {id}: unexpected result {other:?}"),
        }
    })
}

#[test]
fn wycheproof_aes_256_gcm() {
    let ran = aead_file("wycheproof/aes_gcm_test.json", Algorithm::Aes256Gcm, |g| {
        g["keySize"] == 256
    });
    assert_eq!(ran, 105);
}

#[test]
fn wycheproof_chacha20_poly1305() {
    assert_eq!(
        aead_file(
            "wycheproof/chacha20_poly1305_test.json",
            Algorithm::ChaCha20Poly1305,
            |_| true
        ),
        325
    );
}

#[test]
fn wycheproof_xchacha20_poly1305() {
    assert_eq!(
        aead_file(
            "wycheproof/xchacha20_poly1305_test.json",
            Algorithm::XChaCha20Poly1305,
            |_| true
        ),
        315
    );
}

#[test]
fn wycheproof_hkdf_sha256() {
    let ran = wycheproof(
        "wycheproof/hkdf_sha256_test.json",
        |_| true,
        |_, t| {
            let prk = kdf::hkdf_extract(&h(&t["salt"]), &h(&t["ikm"]));
            let mut okm = vec![0u8; usize::try_from(t["size"].as_u64().expect("size")).expect("size")];
            let result = kdf::hkdf_expand(&prk[..], &h(&t["info"]), &mut okm);
            match t["result"].as_str() {
                Some("valid") => assert_eq!((result, okm), (Ok(()), h(&t["okm"])), "tcId {}", t["tcId"]),
                _ => assert_eq!(result, Err(Error::InvalidLength), "tcId {}", t["tcId"]),
            }
        },
    );
    assert_eq!(ran, 86);
}

#[test]
fn wycheproof_ed25519() {
    let ran = wycheproof(
        "wycheproof/ed25519_test.json",
        |_| true,
        |group, t| {
            let key = VerifyingKey::from_bytes(&h(&group["publicKey"]["pk"])).expect("32-byte key");
            let result = key.verify(&h(&t["msg"]), &h(&t["sig"]));
            match t["result"].as_str() {
                Some("valid") => assert_eq!(result, Ok(()), "tcId {}", t["tcId"]),
                Some("invalid") => assert_eq!(result, Err(Error::InvalidSignature), "tcId {}", t["tcId"]),
                other => panic!("tcId {}: unexpected result {other:?}", t["tcId"]),
            }
        },
    );
    assert_eq!(ran, 151);
}

fn rfc_tests(section: &str) -> Vec<Value> {
    let tests = external("rfc/rfc_vectors.json")[section]["tests"]
        .as_array()
        .expect("tests")
        .clone();
    assert!(!tests.is_empty(), "{section}: no tests");
    tests
}

#[test]
fn rfc5869_hkdf_sha256() {
    for t in rfc_tests("rfc5869_hkdf_sha256") {
        let prk = kdf::hkdf_extract(&h(&t["salt"]), &h(&t["ikm"]));
        assert_eq!(prk[..], h(&t["prk"])[..]);
        let mut okm = vec![0u8; usize::try_from(t["l"].as_u64().expect("l")).expect("l")];
        kdf::hkdf_expand(&prk[..], &h(&t["info"]), &mut okm).unwrap();
        assert_eq!(okm, h(&t["okm"]), "{}", t["section"]);
    }
}

#[test]
fn rfc8439_chacha20_poly1305() {
    for t in rfc_tests("rfc8439_chacha20_poly1305") {
        let key = LessSafeKey::from_bytes(Algorithm::ChaCha20Poly1305, &h(&t["key"])).unwrap();
        let (nonce, aad, plaintext) = (h(&t["nonce"]), h(&t["aad"]), h(&t["plaintext"]));
        let sealed = [h(&t["ciphertext"]), h(&t["tag"])].concat();
        assert_eq!(
            key.seal(&nonce, &aad, &plaintext).unwrap(),
            sealed,
            "{}",
            t["section"]
        );
        assert_eq!(
            key.open(&nonce, &aad, &sealed).unwrap(),
            plaintext,
            "{}",
            t["section"]
        );
    }
}

#[test]
fn rfc8032_ed25519() {
    for t in rfc_tests("rfc8032_ed25519") {
        let key = SigningKey::from_seed(&h(&t["secret_key"])).unwrap();
        let (message, signature) = (h(&t["message"]), h(&t["signature"]));
        assert_eq!(key.public_key(), &h(&t["public_key"])[..], "{}", t["name"]);
        assert_eq!(key.sign(&message)[..], signature[..], "{}", t["name"]);
        VerifyingKey::from_bytes(key.public_key())
            .unwrap()
            .verify(&message, &signature)
            .unwrap();
    }
}
