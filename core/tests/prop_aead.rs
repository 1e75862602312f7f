//! Property tests: every seal opens to the same plaintext, and any single-bit change is rejected.

use proptest::prelude::*;
use tradeseal::aead::{Algorithm, LessSafeKey, SealingKey};
use tradeseal::{envelope, Error, Keyring};

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop::sample::select(Algorithm::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sealing_key_round_trips(alg in algorithm(), key in any::<[u8; 32]>(),
                               aad in prop::collection::vec(any::<u8>(), 0..64),
                               plaintext in prop::collection::vec(any::<u8>(), 0..300)) {
        let key = SealingKey::from_bytes(alg, &key).unwrap();
        let sealed = key.seal(&aad, &plaintext).unwrap();
        prop_assert_eq!(sealed.len(), key.sealed_len(plaintext.len()));
        prop_assert_eq!(key.open(&aad, &sealed).unwrap(), plaintext);
    }

    #[test]
    fn less_safe_key_round_trips(alg in algorithm(), key in any::<[u8; 32]>(), nonce in any::<[u8; 24]>(),
                                 plaintext in prop::collection::vec(any::<u8>(), 0..300)) {
        let key = LessSafeKey::from_bytes(alg, &key).unwrap();
        let nonce = &nonce[..alg.nonce_len()];
        let sealed = key.seal(nonce, b"", &plaintext).unwrap();
        prop_assert_eq!(key.open(nonce, b"", &sealed).unwrap(), plaintext);
    }

    #[test]
    fn envelopes_round_trip_and_reject_any_flipped_bit(
        alg in algorithm(), id in any::<u32>(),
        aad in prop::collection::vec(any::<u8>(), 0..64),
        plaintext in prop::collection::vec(any::<u8>(), 0..300),
        bit in any::<prop::sample::Index>(),
    ) {
        let ring = Keyring::with_primary(id, SealingKey::generate(alg).unwrap());
        let env = envelope::seal(&ring, &aad, &plaintext).unwrap();
        prop_assert_eq!(envelope::plaintext_len(&env).unwrap(), plaintext.len());
        prop_assert_eq!(envelope::open(&ring, &aad, &env).unwrap(), plaintext);
        let bit = bit.index(env.len() * 8);
        let mut bad = env.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(envelope::open(&ring, &aad, &bad).is_err());
    }

    #[test]
    fn opening_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let ring = Keyring::with_primary(1, SealingKey::generate(Algorithm::Aes256Gcm).unwrap());
        let mut out = [0xffu8; 256];
        if envelope::open_into(&ring, b"", &bytes, &mut out).is_err() {
            prop_assert_eq!(out, [0u8; 256]);
        }
        let key = SealingKey::generate(Algorithm::XChaCha20Poly1305).unwrap();
        prop_assert!(key.open(b"", &bytes).is_err());
    }
}

#[test]
fn an_exhausted_key_stays_exhausted_across_threads() {
    let key = SealingKey::generate(Algorithm::Aes256Gcm).unwrap();
    key.set_limit_for_testing_only(1000);
    let key = &key;
    let sealed: Vec<Vec<Vec<u8>>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| s.spawn(move || (0..400).filter_map(|_| key.seal(b"", b"").ok()).collect()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut nonces: Vec<&[u8]> = sealed.iter().flatten().map(|s| &s[..12]).collect();
    assert_eq!(nonces.len(), 1000, "exactly the budget is sealed");
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 1000, "no nonce repeats across threads");
    assert_eq!(key.seal(b"", b""), Err(Error::KeyExhausted));
}
