//! The signal decoder on arbitrary bytes, with the tag made valid so the field checks run too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseal::signal::{Signal, SignedSignal};
use tradeseal::{Keyring, MacKey};

fuzz_target!(|data: &[u8]| {
    let key = [7u8; 32];
    let ring = Keyring::with_primary(1, MacKey::from_bytes(&key).expect("key"));
    let _ = Signal::verify(&ring, data);
    // Re-tag the input as the sender would (label ‖ bytes before the tag, docs/WIRE.md) so that inputs
    // which parse reach the field checks after the MAC.
    if let Some(at) = data.len().checked_sub(32) {
        let mut tagged = data.to_vec();
        let mac = MacKey::from_bytes(&key)
            .expect("key")
            .sign(&[&b"tradeseal/signal/v1"[..], &data[..at]].concat());
        tagged[at..].copy_from_slice(&mac);
        if let Ok(parsed) = SignedSignal::parse(&tagged) {
            let id = parsed.key_id();
            if let Ok(signal) = Signal::verify(&ring, &tagged) {
                assert_eq!(id, 1);
                assert_eq!(signal.sign(&ring).expect("re-sign"), tagged);
            }
        }
    }
});
