//! Writes `noise.json`: deterministic Noise transcripts (fixed ephemeral keys) for every protocol, with
//! tamper entries for every message field. Inputs, tamper positions and expected errors are chosen here;
//! the messages come from the implementation, whose handshakes the cacophony vectors check independently.

use std::path::Path;

use serde_json::{json, Value};
use tradeseal::noise::{StaticKeypair, NOISE_MAX_MESSAGE_BYTES};

use super::generate::{new_file, File};
use super::noise_ops::pair;
use super::In;

const INIT_S: &str = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
const INIT_E: &str = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
const RESP_S: &str = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
const RESP_E: &str = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
const PSK: &str = "54686973206973206d7920417573747269616e20706572737065637469766521";
const HF: &str = "TSEAL_HANDSHAKE_FAILED";
const DF: &str = "TSEAL_DECRYPT_FAILED";
const PEER: &str = "TSEAL_PEER_NOT_ALLOWED";

/// A tamper entry whose offset counts from the end of the input when negative.
type Tamper = (&'static str, &'static str, isize, u8, &'static str);

fn public(private: &str) -> String {
    if private.is_empty() {
        return String::new();
    }
    let key = StaticKeypair::from_private(&tradeseal::hex::decode(private).expect("hex")).expect("key");
    tradeseal::hex::encode(key.public())
}

/// The inputs of a case before its messages are filled in.
fn config(protocol: &str, mode: &str, init_static: &str, psk: &str, payloads: &[&[u8]]) -> Value {
    let mut input = json!({
        "protocol": protocol,
        "mode": mode,
        "rekey_interval": 1,
        "prologue": tradeseal::hex::encode(b"tradeseal noise vectors"),
        "init_static": init_static,
        "init_static_public": public(init_static),
        "init_ephemeral": INIT_E,
        "resp_static": RESP_S,
        "resp_static_public": public(RESP_S),
        "resp_ephemeral": RESP_E,
        "psk": psk,
        "count": payloads.len(),
    });
    for (i, payload) in payloads.iter().enumerate() {
        input[format!("payload{i}")] = json!(tradeseal::hex::encode(payload));
    }
    input
}

/// Runs the transcript once to fill in `msg<i>`, then records the case with its tampers.
fn case(f: &mut File, name: &str, mut input: Value, tamper: &[Tamper]) {
    let (mut initiator, mut responder) =
        pair(&In(input.as_object().expect("object"))).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let mut wire = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut plain = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let count = input["count"].as_u64().expect("count");
    for i in 0..count {
        let (from, to) = if i % 2 == 0 {
            (&mut initiator, &mut responder)
        } else {
            (&mut responder, &mut initiator)
        };
        let payload =
            tradeseal::hex::decode(input[format!("payload{i}")].as_str().expect("payload")).expect("hex");
        let n = from.write_message(0, &payload, &mut wire).expect("write");
        to.read_message(0, &wire[..n], &mut plain).expect("read");
        input[format!("msg{i}")] = json!(tradeseal::hex::encode(&wire[..n]));
    }
    let tamper: Vec<(&str, &str, usize, u8, &str)> = tamper
        .iter()
        .map(|&(field, name_in, offset, mask, error)| {
            let len = input[name_in].as_str().expect("tampered input").len() / 2;
            let offset = if offset < 0 {
                len.checked_add_signed(offset).expect("offset")
            } else {
                offset as usize
            };
            (field, name_in, offset, mask, error)
        })
        .collect();
    f.ok(name, "noise_transcript", input, &tamper);
}

pub fn write_all(dir: &Path) {
    let mut f = new_file();
    let order: &[u8] = b"BUY 1.00 EURUSD";
    let stream_xx: [&[u8]; 6] = [b"", b"", b"", order, b"FILLED", b"SELL 1.00 EURUSD"];
    case(
        &mut f,
        "xx-chachapoly-stream",
        config(
            "Noise_XX_25519_ChaChaPoly_SHA256",
            "stream",
            INIT_S,
            "",
            &stream_xx,
        ),
        &[
            ("msg0 ephemeral key", "msg0", 0, 0x01, HF),
            ("msg1 ephemeral key", "msg1", 0, 0x01, HF),
            ("msg1 encrypted static key", "msg1", 40, 0x01, HF),
            ("msg1 payload tag", "msg1", -1, 0x80, HF),
            ("msg2 encrypted static key", "msg2", 0, 0x01, HF),
            ("msg2 payload tag", "msg2", -1, 0x80, HF),
            ("transport ciphertext", "msg3", 0, 0x01, DF),
            ("transport tag", "msg3", -1, 0x80, DF),
            ("responder transport ciphertext", "msg4", 2, 0x04, DF),
            ("rekeyed transport ciphertext", "msg5", 0, 0x01, DF),
            ("prologue", "prologue", 0, 0x01, HF),
            ("initiator ephemeral key", "init_ephemeral", 1, 0x01, HF),
            ("initiator static key", "init_static", 1, 0x01, DF),
            ("responder static key", "resp_static", 1, 0x01, HF),
            ("pinned initiator key", "init_static_public", 0, 0x01, PEER),
            ("pinned responder key", "resp_static_public", 0, 0x01, PEER),
        ],
    );
    let datagram_xx: [&[u8]; 7] = [b"", b"", b"", order, b"FILLED", b"SELL 1.00 EURUSD", b"FILLED"];
    case(
        &mut f,
        "xx-aesgcm-datagram",
        config(
            "Noise_XX_25519_AESGCM_SHA256",
            "datagram",
            INIT_S,
            "",
            &datagram_xx,
        ),
        &[
            ("msg1 payload tag", "msg1", -1, 0x80, HF),
            ("transport nonce", "msg3", 7, 0x01, DF),
            ("transport nonce (replayed)", "msg5", 7, 0x01, "TSEAL_REPLAYED"),
            ("transport ciphertext", "msg4", 8, 0x01, DF),
            ("transport tag", "msg6", -1, 0x80, DF),
        ],
    );
    let two_way: [&[u8]; 4] = [order, b"ACK", b"SELL 1.00 EURUSD", b"FILLED"];
    for cipher in ["ChaChaPoly", "AESGCM"] {
        let lower = cipher.to_lowercase();
        case(
            &mut f,
            &format!("ik-{lower}-stream"),
            config(
                &format!("Noise_IK_25519_{cipher}_SHA256"),
                "stream",
                INIT_S,
                "",
                &two_way,
            ),
            &[
                ("msg0 ephemeral key", "msg0", 0, 0x01, HF),
                ("msg0 encrypted static key", "msg0", 33, 0x01, HF),
                ("msg0 payload tag", "msg0", -1, 0x80, HF),
                ("msg1 ephemeral key", "msg1", 0, 0x01, HF),
                ("msg1 payload tag", "msg1", -1, 0x80, HF),
                ("transport ciphertext", "msg2", 0, 0x01, DF),
                ("pinned responder key", "resp_static_public", 0, 0x01, HF),
                ("pinned initiator key", "init_static_public", 0, 0x01, PEER),
            ],
        );
        case(
            &mut f,
            &format!("nk-{lower}-stream"),
            config(
                &format!("Noise_NK_25519_{cipher}_SHA256"),
                "stream",
                "",
                "",
                &two_way,
            ),
            &[
                ("msg0 ephemeral key", "msg0", 0, 0x01, HF),
                ("msg0 payload tag", "msg0", -1, 0x80, HF),
                ("msg1 ephemeral key", "msg1", 0, 0x01, HF),
                ("msg1 payload tag", "msg1", -1, 0x80, HF),
                ("transport tag", "msg3", -1, 0x80, DF),
                ("pinned responder key", "resp_static_public", 0, 0x01, HF),
            ],
        );
        case(
            &mut f,
            &format!("xxpsk3-{lower}-stream"),
            config(
                &format!("Noise_XXpsk3_25519_{cipher}_SHA256"),
                "stream",
                INIT_S,
                PSK,
                &stream_xx,
            ),
            &[
                ("msg1 encrypted static key", "msg1", 40, 0x01, HF),
                ("msg2 payload tag", "msg2", -1, 0x80, HF),
                ("transport ciphertext", "msg3", 0, 0x01, DF),
                ("psk", "psk", 0, 0x01, HF),
            ],
        );
    }
    let one: [&[u8]; 1] = [b""];
    let mut bad = config("Noise_NN_25519_ChaChaPoly_SHA256", "stream", INIT_S, "", &one);
    bad["msg0"] = json!("");
    f.err(
        "unsupported-protocol",
        "noise_transcript",
        bad,
        "TSEAL_UNSUPPORTED_ALGORITHM",
    );
    let mut bad = config("Noise_XX_25519_ChaChaPoly_SHA256", "stream", INIT_S, PSK, &one);
    bad["msg0"] = json!("");
    f.err(
        "psk-without-psk-pattern",
        "noise_transcript",
        bad,
        "TSEAL_INVALID_ARGUMENT",
    );
    let mut bad = config("Noise_XX_25519_ChaChaPoly_SHA256", "stream", "", "", &one);
    bad["msg0"] = json!("");
    f.err(
        "xx-without-initiator-static",
        "noise_transcript",
        bad,
        "TSEAL_MISSING_SETTING",
    );
    let mut bad = config(
        "Noise_XX_25519_ChaChaPoly_SHA256",
        "carrier-pigeon",
        INIT_S,
        "",
        &one,
    );
    bad["msg0"] = json!("");
    f.err("unknown-mode", "noise_transcript", bad, "TSEAL_INVALID_ARGUMENT");
    f.write(
        dir,
        "noise",
        "Noise transcripts with fixed ephemeral keys: every protocol, stream and datagram modes, rekey every message",
    );
}
