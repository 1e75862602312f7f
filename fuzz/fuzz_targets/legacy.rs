//! The legacy line parser on arbitrary bytes, with a valid signature so parsing always runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseal::{hex, legacy, MacKey};

fuzz_target!(|data: &[u8]| {
    let key = MacKey::from_bytes(&[7; 32]).expect("key");
    let signature = hex::encode(&key.sign(data));
    if let Ok(signal) = legacy::verify(&key, data, &signature) {
        // What parses is canonical: it prints back to the same line.
        let line = format!(
            "{}|{}|{}|{}|{}|{}|{}",
            signal.subscription_id,
            signal.sequence,
            signal.generated_at_ms,
            signal.symbol,
            signal.order_type.name(),
            signal.volume,
            signal.price
        );
        // The UUID may arrive in either case and prints lowercase.
        let (id, rest) = data.split_at(36);
        assert!(line.as_bytes()[..36].eq_ignore_ascii_case(id));
        assert_eq!(&line.as_bytes()[36..], rest);
    }
    let _ = legacy::verify(&key, data, "00");
});
