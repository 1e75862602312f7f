//! The op of `noise.json` (documented in `tests/vectors/README.md`): `noise_transcript` builds an initiator
//! and a responder with fixed ephemeral keys, then for each message lets the sender write its payload and
//! the receiver read the vector's message. `noise_import` (`noise_session.json`) restores an exported session.

use serde_json::{json, Map, Value};
use tradeseal::noise::{
    Limits, NoiseBuilder, NoisePattern, NoiseProtocol, NoiseSession, StaticKeypair, TransportMode,
    NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::{hex, Error};

use super::In;

/// The `mode` input.
fn mode(input: &In<'_>) -> Result<TransportMode, Error> {
    match input.text("mode") {
        "stream" => Ok(TransportMode::Stream),
        "datagram" => Ok(TransportMode::Datagram),
        _ => Err(Error::InvalidArgument),
    }
}

/// Both sides of a case, built as `tests/vectors/README.md` describes (time is always 0).
pub fn pair(input: &In<'_>) -> Result<(NoiseSession, NoiseSession), Error> {
    let protocol = NoiseProtocol::from_name(input.text("protocol"))?;
    let mode = mode(input)?;
    let limits = Limits {
        rekey_interval: input.int("rekey_interval"),
        ..Limits::default()
    };
    let side = |initiator: bool| -> Result<NoiseSession, Error> {
        let (me, peer) = if initiator {
            ("init", "resp")
        } else {
            ("resp", "init")
        };
        let mut b = NoiseBuilder::new(protocol);
        b.prologue(&input.bytes("prologue"))?
            .transport_mode(mode)?
            .limits(limits)?;
        b.fixed_ephemeral_key_for_testing_only(&input.bytes(&format!("{me}_ephemeral")))?;
        let local = input.bytes(&format!("{me}_static"));
        if !local.is_empty() {
            b.local_keypair(&StaticKeypair::from_private(&local)?)?;
        }
        let psk = input.bytes("psk");
        if !psk.is_empty() {
            b.psk(&psk)?;
        }
        let peer_public = input.bytes(&format!("{peer}_static_public"));
        if initiator && matches!(protocol.pattern, NoisePattern::Ik | NoisePattern::Nk) {
            b.remote_public_key(&peer_public)?;
        } else if !peer_public.is_empty() {
            b.allow_peer(&peer_public)?;
        }
        if initiator {
            b.build_initiator(0)
        } else {
            b.build_responder(0)
        }
    };
    Ok((side(true)?, side(false)?))
}

/// `noise_transcript`: outputs `msg<i>` (what the sender wrote), `payload<i>` (what the receiver read from
/// the vector's `msg<i>`) and `handshake_hash`.
pub fn transcript(input: &In<'_>) -> Result<Value, Error> {
    let (mut initiator, mut responder) = pair(input)?;
    let mut out = Map::new();
    let mut wire = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut plain = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    for i in 0..input.int("count") {
        let (from, to) = if i % 2 == 0 {
            (&mut initiator, &mut responder)
        } else {
            (&mut responder, &mut initiator)
        };
        let n = from.write_message(0, &input.bytes(&format!("payload{i}")), &mut wire)?;
        out.insert(format!("msg{i}"), json!(hex::encode(&wire[..n])));
        let m = to.read_message(0, &input.bytes(&format!("msg{i}")), &mut plain)?;
        out.insert(format!("payload{i}"), json!(hex::encode(&plain[..m])));
    }
    out.insert(
        "handshake_hash".into(),
        json!(hex::encode(initiator.handshake_hash()?)),
    );
    Ok(Value::Object(out))
}

/// `noise_import` (`noise_session.json`): a builder from the case's settings imports `exported` at
/// `now_ms`, then for each step reads `msg<i>` (output `payload<i>`) or writes `payload<i>` (output
/// `msg<i>`); outputs `handshake_hash` and `remote_static` (`""` when absent) too.
pub fn import(input: &In<'_>) -> Result<Value, Error> {
    let (keys, _) = input.sealing_keyring()?;
    let mut b = NoiseBuilder::new(NoiseProtocol::from_name(input.text("protocol"))?);
    b.transport_mode(mode(input)?)?.limits(Limits {
        max_age_ms: input.int("max_age_ms"),
        max_messages: input.int("max_messages"),
        idle_timeout_ms: input.int("idle_timeout_ms"),
        rekey_interval: input.int("rekey_interval"),
    })?;
    let local = input.bytes("local_static");
    if !local.is_empty() {
        b.local_keypair(&StaticKeypair::from_private(&local)?)?;
    }
    for (name, set) in [
        ("remote_public", NoiseBuilder::remote_public_key as Setter),
        ("psk", NoiseBuilder::psk),
        ("allow_peer", NoiseBuilder::allow_peer),
    ] {
        let value = input.bytes(name);
        if !value.is_empty() {
            set(&mut b, &value)?;
        }
    }
    let now = input.int("now_ms");
    let mut session = b.import_session(now, &keys, &input.bytes("exported"))?;
    let mut out = Map::new();
    out.insert(
        "handshake_hash".into(),
        json!(hex::encode(session.handshake_hash()?)),
    );
    let remote = session
        .remote_static()?
        .map(|key| hex::encode(key))
        .unwrap_or_default();
    out.insert("remote_static".into(), json!(remote));
    let mut buf = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    for i in 0..input.int("count") {
        let (read, n) = match input.0.get(&format!("msg{i}")) {
            Some(_) => (
                "payload",
                session.read_message(now, &input.bytes(&format!("msg{i}")), &mut buf)?,
            ),
            None => (
                "msg",
                session.write_message(now, &input.bytes(&format!("payload{i}")), &mut buf)?,
            ),
        };
        out.insert(format!("{read}{i}"), json!(hex::encode(&buf[..n])));
    }
    Ok(Value::Object(out))
}

type Setter = for<'a> fn(&'a mut NoiseBuilder, &[u8]) -> Result<&'a mut NoiseBuilder, Error>;
