//! The ops of `aead.json`, `envelope.json`, `kdf.json` and `ed25519.json` (documented in
//! `tests/vectors/README.md`). A vector runner calls [`run`] for every op it does not know itself.

use serde_json::{json, Map, Value};
use tradeseal::aead::{Algorithm, LessSafeKey, SealingKey};
use tradeseal::ed25519::{SigningKey, VerifyingKey};
use tradeseal::kdf::{self, MasterKey, PasswordParams};
use tradeseal::{envelope, hex, Error, Keyring};

/// The files whose ops this module runs.
pub const FILES: &[&str] = &["aead", "envelope", "kdf", "ed25519"];

type Object = Map<String, Value>;

fn get<'a>(input: &'a Map<String, Value>, name: &str) -> &'a Value {
    input
        .get(name)
        .unwrap_or_else(|| panic!("input {name:?} missing"))
}

fn text<'a>(input: &'a Map<String, Value>, name: &str) -> &'a str {
    get(input, name)
        .as_str()
        .unwrap_or_else(|| panic!("input {name:?} is not a string"))
}

fn bytes(input: &Map<String, Value>, name: &str) -> Vec<u8> {
    hex::decode(text(input, name)).unwrap_or_else(|e| panic!("input {name:?} is not hex: {e}"))
}

fn int(input: &Map<String, Value>, name: &str) -> u64 {
    get(input, name)
        .as_u64()
        .unwrap_or_else(|| panic!("input {name:?} is not an integer"))
}

fn small<T: TryFrom<u64>>(input: &Map<String, Value>, name: &str) -> T {
    T::try_from(int(input, name)).unwrap_or_else(|_| panic!("input {name:?} is out of range"))
}

/// An algorithm id; ids that do not fit a byte are unsupported like unknown ones.
fn algorithm(input: &Map<String, Value>) -> Result<Algorithm, Error> {
    Algorithm::from_id(u8::try_from(int(input, "algorithm")).map_err(|_| Error::UnsupportedAlgorithm)?)
}

fn less_safe_key(input: &Map<String, Value>) -> Result<LessSafeKey, Error> {
    LessSafeKey::from_bytes(algorithm(input)?, &bytes(input, "key"))
}

/// `keys: [{id, algorithm, key, primary}]`, also returning the primary entry (for explicit-nonce sealing).
fn keyring(input: &Object) -> Result<(Keyring<SealingKey>, Option<&Object>), Error> {
    let mut ring = Keyring::new();
    let mut primary = None;
    for entry in get(input, "keys").as_array().expect("keys is an array") {
        let entry = entry.as_object().expect("key entry is an object");
        let id = small(entry, "id");
        ring.insert(
            id,
            SealingKey::from_bytes(algorithm(entry)?, &bytes(entry, "key"))?,
        )?;
        if get(entry, "primary").as_bool().expect("primary is a bool") {
            ring.promote(id)?;
            primary = Some(entry);
        }
    }
    Ok((ring, primary))
}

fn okm(length: usize, fill: impl FnOnce(&mut [u8]) -> Result<(), Error>) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; length];
    fill(&mut out)?;
    Ok(out)
}

/// Runs `op` on `input`: `None` if the op is not one of these files', else the `out` object or the error.
pub fn run(op: &str, input: &Map<String, Value>) -> Option<Result<Value, Error>> {
    let b = |name: &str| bytes(input, name);
    Some(match op {
        "aead_seal" => less_safe_key(input)
            .and_then(|key| key.seal(&b("nonce"), &b("aad"), &b("plaintext")))
            .map(|sealed| json!({ "sealed": hex::encode(&sealed) })),
        "aead_open" => less_safe_key(input)
            .and_then(|key| key.open(&b("nonce"), &b("aad"), &b("sealed")))
            .map(|plain| json!({ "plaintext": hex::encode(&plain) })),
        "envelope_seal" => keyring(input).and_then(|(ring, primary)| {
            let (id, _) = ring.primary()?;
            let entry = primary.ok_or(Error::NoPrimaryKey)?;
            let key = less_safe_key(entry)?;
            let env = envelope::seal_with_nonce_less_safe(id, &key, &b("nonce"), &b("aad"), &b("plaintext"))?;
            Ok(json!({ "envelope": hex::encode(&env) }))
        }),
        "envelope_open" => keyring(input)
            .and_then(|(ring, _)| envelope::open(&ring, &b("aad"), &b("envelope")))
            .map(|plain| json!({ "plaintext": hex::encode(&plain) })),
        "hkdf_extract" => Ok(json!({ "prk": hex::encode(&kdf::hkdf_extract(&b("salt"), &b("ikm"))[..]) })),
        "hkdf_expand" => okm(small(input, "length"), |out| {
            kdf::hkdf_expand(&b("prk"), &b("info"), out)
        })
        .map(|okm| json!({ "okm": hex::encode(&okm) })),
        "kdf_derive" => MasterKey::from_bytes(&b("master"))
            .and_then(|master| {
                okm(small(input, "length"), |out| {
                    master.derive_into(text(input, "label"), &b("context"), out)
                })
            })
            .map(|okm| json!({ "okm": hex::encode(&okm) })),
        "argon2id" => PasswordParams::new(
            small(input, "memory_kib"),
            small(input, "passes"),
            small(input, "lanes"),
        )
        .and_then(|params| {
            okm(small(input, "length"), |out| {
                kdf::argon2id(&b("password"), &b("salt"), &params, out)
            })
        })
        .map(|key| json!({ "key": hex::encode(&key) })),
        "ed25519_sign" => SigningKey::from_seed(&b("seed")).map(|key| {
            json!({
                "public_key": hex::encode(key.public_key()),
                "signature": hex::encode(&key.sign(&b("message"))),
            })
        }),
        "ed25519_verify" => VerifyingKey::from_bytes(&b("public_key"))
            .and_then(|key| key.verify(&b("message"), &b("signature")))
            .map(|()| json!({})),
        _ => return None,
    })
}
