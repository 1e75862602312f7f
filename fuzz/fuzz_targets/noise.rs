//! Noise message reading on arbitrary bytes: handshake messages into a fresh responder, and transport
//! messages (stream or datagram mode) into an established session. The input is a mode byte followed by
//! 2-byte-length frames (`docs/WIRE.md`), decoded with the library's `FrameDecoder`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tradeseal::aead::{Algorithm, SealingKey};
use tradeseal::noise::{
    FrameDecoder, NoiseBuilder, NoiseProtocol, NoiseSession, SessionState, StaticKeypair, TransportMode,
    NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::Keyring;

fn builder(local: u8, peer: u8, mode: TransportMode) -> NoiseBuilder {
    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    b.local_keypair(&StaticKeypair::from_private(&[local; 32]).expect("key"))
        .expect("set");
    b.allow_peer(StaticKeypair::from_private(&[peer; 32]).expect("key").public())
        .expect("set");
    b.transport_mode(mode).expect("set");
    b.fixed_ephemeral_key_for_testing_only(&[local ^ 0x55; 32])
        .expect("set");
    b
}

fn handshake(mode: TransportMode) -> (NoiseSession, NoiseSession) {
    let mut buf = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut i = builder(1, 2, mode).build_initiator(0).expect("build");
    let mut r = builder(2, 1, mode).build_responder(0).expect("build");
    for step in 0..3 {
        let (from, to) = if step % 2 == 0 {
            (&mut i, &mut r)
        } else {
            (&mut r, &mut i)
        };
        let n = from.write_message(0, b"", &mut buf).expect("write");
        to.read_message(0, &buf[..n], &mut out).expect("read");
    }
    (i, r)
}

fn keys() -> &'static Keyring<SealingKey> {
    static KEYS: OnceLock<Keyring<SealingKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key = SealingKey::from_bytes(Algorithm::ChaCha20Poly1305, &[3; 32]).expect("key");
        Keyring::with_primary(1, key)
    })
}

/// Both sides of an established session: one handshake per mode and process, exported, then imported
/// for each input (an envelope open instead of a handshake's X25519 operations).
fn established(mode: TransportMode) -> (NoiseSession, NoiseSession) {
    static SAVED: OnceLock<[[Vec<u8>; 2]; 2]> = OnceLock::new();
    let saved = SAVED.get_or_init(|| {
        [TransportMode::Stream, TransportMode::Datagram].map(|mode| {
            let (mut i, mut r) = handshake(mode);
            [
                i.export(0, keys(), 0).expect("export"),
                r.export(0, keys(), 0).expect("export"),
            ]
        })
    });
    let [i, r] = &saved[usize::from(mode == TransportMode::Datagram)];
    (
        builder(1, 2, mode).import_session(0, keys(), i).expect("import"),
        builder(2, 1, mode).import_session(0, keys(), r).expect("import"),
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, frames)) = data.split_first() else {
        return;
    };
    let mut buf = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut decoder = FrameDecoder::new();
    let mut rest = frames;
    let mut messages = Vec::new();
    while !rest.is_empty() {
        rest = &rest[decoder.feed(rest)..];
        messages.extend(decoder.take_frame().map(<[u8]>::to_vec));
    }
    if mode % 3 == 0 {
        // Handshake: the responder reads whatever arrives, writing when it is its turn.
        let mut r = builder(2, 1, TransportMode::Stream)
            .build_responder(0)
            .expect("build");
        for message in &messages {
            if r.is_my_turn() {
                let _ = r.write_message(0, b"", &mut buf);
            }
            if r.read_message(0, message, &mut out).is_err() {
                assert!(matches!(
                    r.state(),
                    SessionState::Failed | SessionState::Handshaking
                ));
            }
        }
        return;
    }
    let transport = if mode % 3 == 1 {
        TransportMode::Stream
    } else {
        TransportMode::Datagram
    };
    let (mut i, mut r) = established(transport);
    for message in &messages {
        let _ = r.read_message(0, message, &mut out);
        assert_eq!(
            r.state(),
            SessionState::Transport,
            "bad data never ends a transport session"
        );
    }
    // Whatever was injected, a genuine message still gets through (no nonce was burnt by a failure), unless
    // the injected bytes were themselves genuine, which the fixed keys make impossible to forge.
    let n = i.write_message(0, b"still in step", &mut buf).expect("write");
    if transport == TransportMode::Stream {
        assert_eq!(r.read_message(0, &buf[..n], &mut out).expect("read"), 13);
    }
});
