//! Noise session import on arbitrary session states (`docs/WIRE.md`, "Noise session state v1"): the input
//! is a state plaintext, sealed here under a fixed keyring so the importer's parser and checks run on it
//! (the envelope itself is fuzzed by the `envelope` target). The importing builder takes the protocol, mode,
//! limits and peer key from the state, so most inputs reach the session; then 2-byte-length frames after
//! the state's 247 bytes are alternately written and read. Written datagram nonces must never go back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseal::aead::{Algorithm, SealingKey};
use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseCipher, NoisePattern, NoiseProtocol, StaticKeypair, TransportMode,
    NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::Keyring;

const STATE_BYTES: usize = 247;
const AAD: &[u8] = b"tradeseal noise session";

fn u64_at(state: &[u8], offset: usize) -> u64 {
    state
        .get(offset..offset + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_be_bytes)
}

/// A builder that matches the state where the state's codes are valid (else the defaults).
fn builder(state: &[u8]) -> Option<NoiseBuilder> {
    let code = |i: usize| state.get(i).copied().unwrap_or(0);
    let pattern = NoisePattern::ALL
        .into_iter()
        .find(|p| *p as u8 == code(1))
        .unwrap_or(NoisePattern::Xx);
    let cipher = NoiseCipher::ALL
        .into_iter()
        .find(|c| *c as u8 == code(2))
        .unwrap_or(NoiseCipher::ChaChaPoly);
    let mode = if code(3) == 2 {
        TransportMode::Datagram
    } else {
        TransportMode::Stream
    };
    let initiator = code(4) == 1;
    let mut b = NoiseBuilder::new(NoiseProtocol { pattern, cipher });
    b.transport_mode(mode).ok()?;
    b.limits(Limits {
        max_age_ms: u64_at(state, 5),
        max_messages: u64_at(state, 13),
        idle_timeout_ms: u64_at(state, 21),
        rekey_interval: u64_at(state, 29),
    })
    .ok()?;
    let remote = state.get(86..118).unwrap_or(&[0; 32]);
    let nk = pattern == NoisePattern::Nk;
    if !(initiator && nk) {
        b.local_keypair(&StaticKeypair::from_private(&[7; 32]).ok()?)
            .ok()?;
    }
    if pattern == NoisePattern::XxPsk3 {
        b.psk(&[9; 32]).ok()?;
    }
    if initiator && matches!(pattern, NoisePattern::Ik | NoisePattern::Nk) {
        b.remote_public_key(remote).ok()?;
    } else if !(nk && !initiator) {
        b.allow_peer(remote).ok()?;
    }
    Some(b)
}

fuzz_target!(|data: &[u8]| {
    let (state, frames) = data.split_at(data.len().min(STATE_BYTES));
    let Ok(key) = SealingKey::from_bytes(Algorithm::ChaCha20Poly1305, &[5; 32]) else {
        return;
    };
    let keys = Keyring::with_primary(1, key);
    let Ok(sealed) = tradeseal::envelope::seal(&keys, AAD, state) else {
        return;
    };
    let Some(b) = builder(state) else {
        return;
    };
    let now = u64_at(state, 45); // last_activity_ms: inside the limits when the state allows it
    let Ok(mut session) = b.import_session(now, &keys, &sealed) else {
        return;
    };
    let datagram = state.get(3) == Some(&2);
    let mut last_nonce = None;
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut rest = frames;
    let mut write = true;
    while let Some((len, tail)) = rest.split_first_chunk::<2>() {
        let n = usize::from(u16::from_be_bytes(*len)).min(tail.len());
        let (frame, tail) = tail.split_at(n);
        rest = tail;
        if write {
            if let Ok(m) = session.write_message(now, frame, &mut out) {
                if datagram {
                    let nonce = out[..8].try_into().map(u64::from_be_bytes).ok();
                    assert!(
                        nonce >= Some(u64_at(state, 158)),
                        "sent below the state's send_next"
                    );
                    assert!(nonce > last_nonce, "a sending nonce went back");
                    last_nonce = nonce;
                }
                assert!(m >= frame.len() + 16);
            }
        } else {
            let _ = session.read_message(now, frame, &mut out);
        }
        write = !write;
    }
});
