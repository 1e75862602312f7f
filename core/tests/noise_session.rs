//! The Noise session state machine, lifetimes and rekey, through the public API.

use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseProtocol, NoiseSession, SessionState, StaticKeypair, NOISE_MAX_MESSAGE_BYTES,
};
use tradeseal::Error;

struct Pair {
    initiator: NoiseSession,
    responder: NoiseSession,
}

fn keypair(seed: u8) -> StaticKeypair {
    StaticKeypair::from_private(&[seed; 32]).unwrap()
}

fn builder(local: u8, peer: u8, limits: Limits) -> NoiseBuilder {
    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    // The raw private key: the peer's check of `keypair(local).public()` shows the handshake derives it.
    b.local_private_key(&[local; 32])
        .unwrap()
        .allow_peer(keypair(peer).public())
        .unwrap()
        .limits(limits)
        .unwrap();
    b
}

/// Sends one message from `from` to `to` at `now`, returning what arrived.
fn send(from: &mut NoiseSession, to: &mut NoiseSession, now: u64, payload: &[u8]) -> Result<Vec<u8>, Error> {
    let mut wire = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let n = from.write_message(now, payload, &mut wire)?;
    let m = to.read_message(now, &wire[..n], &mut out)?;
    Ok(out[..m].to_vec())
}

fn handshake(limits: Limits) -> Pair {
    handshake_with(limits, None)
}

/// A handshake; with `fixed` ephemeral keys it is reproducible (the same transport keys every time).
fn handshake_with(limits: Limits, fixed: Option<(u8, u8)>) -> Pair {
    let (mut i, mut r) = (builder(1, 2, limits), builder(2, 1, limits));
    if let Some((ei, er)) = fixed {
        i.fixed_ephemeral_key_for_testing_only(&[ei; 32]).unwrap();
        r.fixed_ephemeral_key_for_testing_only(&[er; 32]).unwrap();
    }
    let mut initiator = i.build_initiator(0).unwrap();
    let mut responder = r.build_responder(0).unwrap();
    send(&mut initiator, &mut responder, 0, b"").unwrap();
    send(&mut responder, &mut initiator, 0, b"").unwrap();
    assert_eq!(initiator.state(), SessionState::Handshaking);
    assert!(initiator.is_my_turn() && !responder.is_my_turn());
    send(&mut initiator, &mut responder, 0, b"").unwrap();
    assert_eq!(initiator.state(), SessionState::Transport);
    assert_eq!(responder.state(), SessionState::Transport);
    Pair { initiator, responder }
}

#[test]
fn handshake_authenticates_both_sides_and_agrees_on_the_hash() {
    let p = handshake(Limits::default());
    assert_eq!(p.initiator.remote_static().unwrap(), Some(keypair(2).public()));
    assert_eq!(p.responder.remote_static().unwrap(), Some(keypair(1).public()));
    assert_eq!(
        p.initiator.handshake_hash().unwrap(),
        p.responder.handshake_hash().unwrap()
    );
}

#[test]
fn calls_in_the_wrong_state_are_refused() {
    let mut initiator = builder(1, 2, Limits::default()).build_initiator(0).unwrap();
    let mut responder = builder(2, 1, Limits::default()).build_responder(0).unwrap();
    let mut buf = [0u8; 200];
    assert_eq!(responder.write_message(0, b"", &mut buf), Err(Error::WrongState));
    assert_eq!(
        initiator.read_message(0, &[0; 32], &mut buf),
        Err(Error::WrongState)
    );
    assert_eq!(initiator.handshake_hash().err(), Some(Error::WrongState));
    assert_eq!(initiator.remote_static().err(), Some(Error::WrongState));
    assert_eq!(
        initiator.write_message(0, b"", &mut buf[..10]),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        initiator.state(),
        SessionState::Handshaking,
        "misuse does not fail the session"
    );
    assert!(initiator.is_my_turn() && !responder.is_my_turn());
}

#[test]
fn a_bad_handshake_message_is_terminal() {
    let mut initiator = builder(1, 2, Limits::default()).build_initiator(0).unwrap();
    let mut responder = builder(2, 1, Limits::default()).build_responder(0).unwrap();
    send(&mut initiator, &mut responder, 0, b"").unwrap();
    let mut wire = [0u8; 200];
    let n = responder.write_message(0, b"", &mut wire).unwrap();
    wire[40] ^= 1;
    let mut out = [0u8; 200];
    assert_eq!(
        initiator.read_message(0, &wire[..n], &mut out),
        Err(Error::HandshakeFailed)
    );
    assert_eq!(initiator.state(), SessionState::Failed);
    wire[40] ^= 1;
    assert_eq!(
        initiator.read_message(0, &wire[..n], &mut out),
        Err(Error::WrongState)
    );
    assert_eq!(initiator.write_message(0, b"", &mut out), Err(Error::WrongState));
}

#[test]
fn a_peer_outside_the_allowlist_is_refused_before_transport() {
    let mut initiator = builder(1, 2, Limits::default()).build_initiator(0).unwrap();
    let mut responder = builder(3, 1, Limits::default()).build_responder(0).unwrap();
    send(&mut initiator, &mut responder, 0, b"").unwrap();
    assert_eq!(
        send(&mut responder, &mut initiator, 0, b""),
        Err(Error::PeerNotAllowed)
    );
    assert_eq!(initiator.state(), SessionState::Failed);

    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    b.local_keypair(&keypair(2))
        .unwrap()
        .peer_verifier(Box::new(|_| Err(Error::PeerNotAllowed)))
        .unwrap();
    let mut responder = b.build_responder(0).unwrap();
    let mut initiator = builder(1, 2, Limits::default()).build_initiator(0).unwrap();
    send(&mut initiator, &mut responder, 0, b"").unwrap();
    send(&mut responder, &mut initiator, 0, b"").unwrap();
    assert_eq!(
        send(&mut initiator, &mut responder, 0, b""),
        Err(Error::PeerNotAllowed)
    );
    assert_eq!(responder.state(), SessionState::Failed);
}

#[test]
fn a_failed_decrypt_changes_nothing() {
    let mut p = handshake(Limits::default());
    let mut wire = [0u8; 64];
    let mut out = [0xffu8; 64];
    let n = p.initiator.write_message(1, b"first", &mut wire).unwrap();
    wire[0] ^= 1;
    assert_eq!(
        p.responder.read_message(1, &wire[..n], &mut out),
        Err(Error::DecryptFailed)
    );
    assert_eq!(out[..5], [0; 5], "output wiped");
    assert_eq!(
        p.responder.read_message(1, &wire[..3], &mut out),
        Err(Error::DecryptFailed)
    );
    wire[0] ^= 1;
    assert_eq!(
        p.responder.read_message(1, &wire[..n], &mut out),
        Ok(5),
        "nonce did not move"
    );
    assert_eq!(&out[..5], b"first");
    assert_eq!(p.responder.state(), SessionState::Transport);
    // Replaying the same message now fails: its nonce is used.
    assert_eq!(
        p.responder.read_message(1, &wire[..n], &mut out),
        Err(Error::DecryptFailed)
    );
    assert_eq!(
        send(&mut p.initiator, &mut p.responder, 1, b"second"),
        Ok(b"second".to_vec())
    );
}

#[test]
fn rekey_keeps_peers_in_step_and_changes_the_keys() {
    let limits = Limits {
        rekey_interval: 3,
        max_messages: 20,
        ..Limits::default()
    };
    let mut p = handshake(limits);
    for i in 0..20u8 {
        assert_eq!(
            send(&mut p.initiator, &mut p.responder, 1, &[i; 4]),
            Ok(vec![i; 4])
        );
        assert_eq!(
            send(&mut p.responder, &mut p.initiator, 1, &[i; 4]),
            Ok(vec![i; 4])
        );
    }
    // The same handshake without rekeying reads the first interval but not the first rekeyed message.
    let mut rekeying = handshake_with(limits, Some((11, 12)));
    let mut plain = handshake_with(
        Limits {
            rekey_interval: 0,
            ..limits
        },
        Some((11, 12)),
    );
    let (mut wire, mut out) = ([0u8; 64], [0u8; 64]);
    for i in 0..4 {
        let n = rekeying.initiator.write_message(1, b"x", &mut wire).unwrap();
        let expected = if i < 3 { Ok(1) } else { Err(Error::DecryptFailed) };
        assert_eq!(
            plain.responder.read_message(1, &wire[..n], &mut out),
            expected,
            "message {i}"
        );
    }
}

#[test]
fn the_message_limit_expires_the_session() {
    let mut p = handshake(Limits {
        max_messages: 5,
        ..Limits::default()
    });
    for i in 0..5 {
        assert_eq!(p.initiator.is_near_expiry(1), i >= 4, "message {i}");
        send(&mut p.initiator, &mut p.responder, 1, b"m").unwrap();
    }
    assert!(p.initiator.is_near_expiry(1));
    assert_eq!(
        send(&mut p.initiator, &mut p.responder, 1, b"m"),
        Err(Error::SessionExpired)
    );
    assert_eq!(p.initiator.state(), SessionState::Expired);
    assert_eq!(
        p.initiator.write_message(1, b"", &mut [0; 64]),
        Err(Error::SessionExpired)
    );
    assert_eq!(p.initiator.handshake_hash().err(), Some(Error::SessionExpired));
}

#[test]
fn age_and_idle_limits_expire_the_session_and_renew_starts_over() {
    let limits = Limits {
        max_age_ms: 10_000,
        idle_timeout_ms: 3_000,
        ..Limits::default()
    };
    let mut p = handshake(limits);
    assert_eq!(
        send(&mut p.initiator, &mut p.responder, 2_999, b"a"),
        Ok(b"a".to_vec())
    );
    assert!(!p.initiator.is_near_expiry(7_999));
    assert!(p.initiator.is_near_expiry(8_000));
    assert_eq!(
        send(&mut p.responder, &mut p.initiator, 5_998, b"b"),
        Ok(b"b".to_vec())
    );
    // The initiator was active at 5_998; the responder last at 5_998 too. Idle hits at 8_998.
    assert_eq!(
        p.initiator.write_message(8_998, b"c", &mut [0; 64]),
        Err(Error::SessionExpired)
    );
    assert_eq!(p.initiator.state(), SessionState::Expired);
    assert_eq!(
        send(&mut p.responder, &mut p.initiator, 8_000, b"d"),
        Err(Error::SessionExpired)
    );
    assert_eq!(
        p.responder.write_message(10_000, b"e", &mut [0; 64]),
        Err(Error::SessionExpired),
        "age"
    );
    assert_eq!(p.responder.state(), SessionState::Expired);

    let mut initiator = p.initiator.renew(20_000).unwrap();
    let mut responder = p.responder.renew(20_000).unwrap();
    assert_eq!(initiator.state(), SessionState::Handshaking);
    send(&mut initiator, &mut responder, 20_000, b"").unwrap();
    send(&mut responder, &mut initiator, 20_000, b"").unwrap();
    send(&mut initiator, &mut responder, 20_000, b"").unwrap();
    assert_eq!(
        send(&mut initiator, &mut responder, 22_999, b"f"),
        Ok(b"f".to_vec())
    );
    assert_ne!(initiator.handshake_hash().unwrap(), &[0; 32]);
}

#[test]
fn an_unfinished_handshake_expires_too() {
    let limits = Limits {
        max_age_ms: 1_000,
        ..Limits::default()
    };
    let mut initiator = builder(1, 2, limits).build_initiator(0).unwrap();
    assert_eq!(
        initiator.write_message(1_000, b"", &mut [0; 200]),
        Err(Error::SessionExpired)
    );
    assert_eq!(initiator.state(), SessionState::Expired);
}
