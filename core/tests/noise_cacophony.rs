//! The Noise cacophony known-answer vectors, run through the public API with fixed ephemeral keys.

use std::path::Path;

use serde::Deserialize;
use tradeseal::noise::{
    NoiseBuilder, NoiseProtocol, SessionState, StaticKeypair, NOISE_MAX_MESSAGE_BYTES,
    NOISE_MAX_OVERHEAD_BYTES,
};
use tradeseal::{hex, NoiseSession};

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    protocol_name: String,
    init_prologue: String,
    init_ephemeral: String,
    init_static: Option<String>,
    init_remote_static: Option<String>,
    init_psks: Option<Vec<String>>,
    resp_prologue: String,
    resp_ephemeral: String,
    resp_static: Option<String>,
    resp_psks: Option<Vec<String>>,
    handshake_hash: String,
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    payload: String,
    ciphertext: String,
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn public_of(private: &Option<String>) -> Option<[u8; 32]> {
    private
        .as_ref()
        .map(|k| *StaticKeypair::from_private(&unhex(k)).unwrap().public())
}

struct Side<'a> {
    prologue: &'a str,
    ephemeral: &'a str,
    local: &'a Option<String>,
    remote: &'a Option<String>,
    psks: &'a Option<Vec<String>>,
    peer_public: Option<[u8; 32]>,
}

fn build(protocol: NoiseProtocol, side: Side<'_>, initiator: bool) -> NoiseSession {
    let mut builder = NoiseBuilder::new(protocol);
    builder.prologue(&unhex(side.prologue)).unwrap();
    builder
        .fixed_ephemeral_key_for_testing_only(&unhex(side.ephemeral))
        .unwrap();
    if let Some(local) = side.local {
        builder
            .local_keypair(&StaticKeypair::from_private(&unhex(local)).unwrap())
            .unwrap();
    }
    if let Some(remote) = side.remote {
        builder.remote_public_key(&unhex(remote)).unwrap();
    }
    if let Some(psks) = side.psks {
        builder.psk(&unhex(&psks[0])).unwrap();
    }
    // Pin the peer wherever this side learns the peer's static key during the handshake.
    if let (None, Some(peer)) = (side.remote, side.peer_public) {
        builder.allow_peer(&peer).unwrap();
    }
    if initiator {
        builder.build_initiator(0).unwrap()
    } else {
        builder.build_responder(0).unwrap()
    }
}

#[test]
fn cacophony_vectors_pass_through_the_public_api() {
    // The shared external vectors sit beside the repository (../shared), found from any checkout depth.
    let relative = "shared/vectors/external/noise/cacophony_25519_sha256_subset.json";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join(relative))
        .find(|path| path.exists())
        .expect("shared/vectors/external next to the repository");
    let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file.vectors.len(), 8);
    let mut max_overhead = 0;
    for v in &file.vectors {
        let protocol = NoiseProtocol::from_name(&v.protocol_name).unwrap();
        let no_remote = None;
        let mut initiator = build(
            protocol,
            Side {
                prologue: &v.init_prologue,
                ephemeral: &v.init_ephemeral,
                local: &v.init_static,
                remote: &v.init_remote_static,
                psks: &v.init_psks,
                peer_public: public_of(&v.resp_static),
            },
            true,
        );
        let mut responder = build(
            protocol,
            Side {
                prologue: &v.resp_prologue,
                ephemeral: &v.resp_ephemeral,
                local: &v.resp_static,
                remote: &no_remote,
                psks: &v.resp_psks,
                peer_public: public_of(&v.init_static),
            },
            false,
        );
        let mut wire = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
        let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
        for (i, m) in v.messages.iter().enumerate() {
            let (writer, reader) = if i % 2 == 0 {
                (&mut initiator, &mut responder)
            } else {
                (&mut responder, &mut initiator)
            };
            let payload = unhex(&m.payload);
            let n = writer.write_message(1, &payload, &mut wire).unwrap();
            max_overhead = max_overhead.max(n - payload.len());
            assert_eq!(
                hex::encode(&wire[..n]),
                m.ciphertext,
                "{} message {i}",
                v.protocol_name
            );
            let len = reader.read_message(1, &wire[..n], &mut out).unwrap();
            assert_eq!(out[..len], payload[..], "{} message {i}", v.protocol_name);
        }
        for side in [&initiator, &responder] {
            assert_eq!(side.state(), SessionState::Transport);
            assert_eq!(
                hex::encode(side.handshake_hash().unwrap()),
                v.handshake_hash,
                "{}",
                v.protocol_name
            );
        }
    }
    // Every supported protocol is in the file: the constant is the largest overhead, exactly.
    assert_eq!(max_overhead, NOISE_MAX_OVERHEAD_BYTES);
}
