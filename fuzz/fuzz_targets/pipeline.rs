//! The signal pipeline on arbitrary message sequences: it never panics, and no (subscription, sequence) is
//! ever accepted twice, whatever the order, timing, resyncs and forgeries.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use tradeseal::gap::GapPolicy;
use tradeseal::guard::{Guard, GuardConfig};
use tradeseal::signal::SignedSignal;
use tradeseal::signal_verifier::{SignalPolicy, SignalVerifier};
use tradeseal::{Keyring, MacKey};

const KEY: [u8; 32] = [7; 32];
const NOW: u64 = 1_700_000_000_000;

/// Replaces the last 32 bytes with a valid tag, as a sender holding the key would (docs/WIRE.md).
fn retag(packet: &mut [u8]) {
    if let Some(at) = packet.len().checked_sub(32) {
        let key = MacKey::from_bytes(&KEY).expect("key");
        let tag = key.sign(&[&b"tradeseal/signal/v1"[..], &packet[..at]].concat());
        packet[at..].copy_from_slice(&tag);
    }
}

// Input: a list of messages `control u8 | len u8 | len bytes`. Control bit 0: re-tag the bytes (reach the
// checks after the MAC); bit 1: resync the message's stream first; the upper six bits advance the clock.
fuzz_target!(|data: &[u8]| {
    let ring = Keyring::with_primary(1, MacKey::from_bytes(&KEY).expect("key"));
    let gap = GapPolicy {
        max_gap_age_ms: 1_000,
        max_missing: 64,
    };
    let config = GuardConfig {
        window: 64,
        gap,
        max_streams: 8,
        ..GuardConfig::default()
    };
    let verifier = SignalVerifier::new(SignalPolicy::default(), Guard::new(config).expect("guard"));
    let mut accepted = HashSet::new();
    let mut now = NOW;
    let mut rest = data;
    while let [control, len, tail @ ..] = rest {
        let (message, next) = tail.split_at(usize::from(*len).min(tail.len()));
        rest = next;
        now += u64::from(control >> 2) * 50;
        let mut packet = message.to_vec();
        if control & 1 == 1 {
            retag(&mut packet);
        }
        if control & 2 == 2 {
            if let Ok(parsed) = SignedSignal::parse(&packet) {
                verifier.guard().resync(parsed.subscription_id());
            }
        }
        if let Ok(signal) = verifier.verify(&ring, &packet, now) {
            let signal = signal.message();
            assert!(
                accepted.insert((signal.subscription_id, signal.sequence)),
                "accepted twice"
            );
        }
    }
});
