//! The frame decoder on arbitrary bytes: never panics; whatever parses and verifies re-signs identically.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseal::frame::{Frame, SignedFrame};
use tradeseal::{Keyring, MacKey};

fuzz_target!(|data: &[u8]| {
    let ring = Keyring::with_primary(1, MacKey::from_bytes(&[7; 32]).expect("key"));
    if let Ok(signed) = SignedFrame::parse_with_limit(data, 1 << 16) {
        let _ = signed.stream_id();
    }
    if let Ok(frame) = Frame::verify(&ring, data) {
        assert_eq!(frame.sign(&ring).expect("re-sign"), data);
    }
    // Structure with a valid tag: sign whatever the input describes as a payload and verify it back.
    let frame = Frame {
        stream_id: 1,
        sequence: 2,
        timestamp_ns: 3,
        payload: data,
    };
    let bytes = frame.sign(&ring).expect("sign");
    assert_eq!(*Frame::verify(&ring, &bytes).expect("verify"), frame);
});
