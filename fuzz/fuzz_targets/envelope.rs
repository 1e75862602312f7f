//! Envelope parsing and opening on arbitrary bytes: never panics, and a failed open leaves the output
//! buffer wiped. Structure-aware half: the input sealed under each algorithm opens back, and the same
//! envelope with one bit flipped (chosen by the input) is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseal::aead::{Algorithm, SealingKey};
use tradeseal::{envelope, Keyring};

fuzz_target!(|data: &[u8]| {
    let mut ring = Keyring::new();
    for (id, &algorithm) in (1u8..).zip(Algorithm::ALL) {
        let key = SealingKey::from_bytes(algorithm, &[id; 32]).expect("key");
        ring.insert(u32::from(id), key).expect("insert");
    }
    let (aad, input) = data.split_at(data.first().map_or(0, |&b| usize::from(b % 16)).min(data.len()));
    let _ = envelope::plaintext_len(input);
    let mut out = [0xa5u8; 1024];
    if envelope::open_into(&ring, aad, input, &mut out).is_err() {
        assert!(out.iter().all(|&b| b == 0), "a failed open must wipe the output");
    }

    for id in 1..=3 {
        ring.promote(id).expect("promote");
        let sealed = envelope::seal(&ring, aad, input).expect("seal");
        assert_eq!(envelope::open(&ring, aad, &sealed).expect("open"), input);
        let bit = data.iter().map(|&b| usize::from(b)).sum::<usize>() % (sealed.len() * 8);
        let mut flipped = sealed;
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert!(
            envelope::open(&ring, aad, &flipped).is_err(),
            "bit {bit} flipped and still opened"
        );
    }
});
