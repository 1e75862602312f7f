//! Datagram mode (explicit nonces, replay window, rekey across loss and reordering) and persistence.

use tradeseal::aead::{Algorithm, SealingKey};
use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseProtocol, NoiseSession, SessionState, StaticKeypair, TransportMode,
    EXPORT_MAX_BYTES, MAX_EPOCH_SKIP, MAX_RESTORE_EPOCHS, NOISE_MAX_MESSAGE_BYTES, STATE_BYTES,
};
use tradeseal::{Error, Keyring};

const LIMITS: Limits = Limits {
    max_age_ms: 3_600_000,
    max_messages: 10_000,
    idle_timeout_ms: 0,
    rekey_interval: 10,
};

fn builder(local: u8, peer: u8, mode: TransportMode) -> NoiseBuilder {
    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    b.local_keypair(&StaticKeypair::from_private(&[local; 32]).unwrap())
        .unwrap();
    b.allow_peer(StaticKeypair::from_private(&[peer; 32]).unwrap().public())
        .unwrap();
    b.transport_mode(mode).unwrap().limits(LIMITS).unwrap();
    b
}

fn write(from: &mut NoiseSession, payload: &[u8]) -> Vec<u8> {
    let mut wire = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let n = from.write_message(1, payload, &mut wire).unwrap();
    wire.truncate(n);
    wire
}

fn read(to: &mut NoiseSession, message: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let n = to.read_message(1, message, &mut out)?;
    Ok(out[..n].to_vec())
}

fn pair(mode: TransportMode) -> (NoiseSession, NoiseSession) {
    let mut a = builder(1, 2, mode).build_initiator(0).unwrap();
    let mut b = builder(2, 1, mode).build_responder(0).unwrap();
    for i in 0..3 {
        let (from, to) = if i % 2 == 0 {
            (&mut a, &mut b)
        } else {
            (&mut b, &mut a)
        };
        let wire = write(from, b"");
        read(to, &wire).unwrap();
    }
    assert_eq!(
        (a.state(), b.state()),
        (SessionState::Transport, SessionState::Transport)
    );
    (a, b)
}

#[test]
fn datagrams_arrive_in_any_order_once_each_across_rekeys() {
    let (mut a, mut b) = pair(TransportMode::Datagram);
    let sent: Vec<Vec<u8>> = (0..35u8).map(|i| write(&mut a, &[i])).collect();
    assert_eq!(sent[3][..8], 3u64.to_be_bytes());
    // Epoch 0 and 1 out of order, then a jump into epoch 3 (epoch 2 lost), then late epoch-2 messages.
    for i in [1, 0, 5, 12, 11, 19, 31, 25, 29] {
        assert_eq!(read(&mut b, &sent[i]), Ok(vec![i as u8]), "message {i}");
    }
    assert_eq!(read(&mut b, &sent[12]), Err(Error::Replayed));
    // Epochs 0 and 1 are more than one epoch behind epoch 3: their keys are gone.
    assert_eq!(read(&mut b, &sent[2]), Err(Error::TooOld));
    assert_eq!(read(&mut b, &sent[13]), Err(Error::TooOld));
    let mut forged = sent[30].clone();
    forged[20] ^= 1;
    assert_eq!(read(&mut b, &forged), Err(Error::DecryptFailed));
    assert_eq!(
        read(&mut b, &sent[30]),
        Ok(vec![30]),
        "a forged copy does not burn the nonce"
    );
    assert_eq!(read(&mut b, &sent[33][..20]), Err(Error::DecryptFailed));
    assert_eq!(read(&mut b, &sent[0][..5]), Err(Error::DecryptFailed));
    assert_eq!(b.state(), SessionState::Transport);
}

#[test]
fn a_forged_far_future_nonce_costs_bounded_work_and_changes_nothing() {
    let (mut a, mut b) = pair(TransportMode::Datagram);
    let first = write(&mut a, b"x");
    let mut far = first.clone();
    far[..8].copy_from_slice(&(LIMITS.rekey_interval * (MAX_EPOCH_SKIP + 1)).to_be_bytes());
    assert_eq!(read(&mut b, &far), Err(Error::DecryptFailed));
    far[..8].copy_from_slice(&LIMITS.max_messages.to_be_bytes());
    assert_eq!(read(&mut b, &far), Err(Error::DecryptFailed));
    assert_eq!(read(&mut b, &first), Ok(b"x".to_vec()));
}

fn keys() -> Keyring<SealingKey> {
    Keyring::with_primary(
        7,
        SealingKey::from_bytes(Algorithm::ChaCha20Poly1305, &[9; 32]).unwrap(),
    )
}

#[test]
fn export_max_bytes_fits_every_envelope_algorithm() {
    for &algorithm in Algorithm::ALL {
        assert!(tradeseal::envelope::sealed_len(algorithm, STATE_BYTES) <= EXPORT_MAX_BYTES);
    }
}

#[test]
fn a_datagram_export_reserves_nonces_and_survives_import() {
    let (mut a, mut b) = pair(TransportMode::Datagram);
    for i in 0..3u8 {
        let wire = write(&mut a, &[i]);
        read(&mut b, &wire).unwrap();
        let wire = write(&mut b, &[i]);
        read(&mut a, &wire).unwrap();
    }
    let saved = a.export(5, &keys(), 20).unwrap();
    // The live session may use its 20 reserved nonces (3..23), then stops.
    let live: Vec<Vec<u8>> = (0..20).map(|_| write(&mut a, b"live")).collect();
    assert_eq!(
        a.write_message(6, b"more", &mut [0; 64]),
        Err(Error::SessionExpired)
    );
    let mut restored = builder(1, 2, TransportMode::Datagram)
        .import_session(7, &keys(), &saved)
        .unwrap();
    assert_eq!(restored.state(), SessionState::Transport);
    assert_eq!(restored.handshake_hash().unwrap(), b.handshake_hash().unwrap());
    let wire = write(&mut restored, b"restored");
    assert_eq!(
        wire[..8],
        23u64.to_be_bytes(),
        "first nonce after the reservation"
    );
    for message in &live {
        assert_eq!(read(&mut b, message), Ok(b"live".to_vec()));
    }
    assert_eq!(read(&mut b, &wire), Ok(b"restored".to_vec()));
    // The restored copy refuses what the original had already accepted, and reads what is new.
    let fresh = write(&mut b, b"new");
    assert_eq!(read(&mut restored, &fresh), Ok(b"new".to_vec()));
    assert_eq!(read(&mut restored, &fresh), Err(Error::Replayed));
}

#[test]
fn an_import_never_accepts_a_datagram_the_exporter_accepted() {
    let (mut a, mut b) = pair(TransportMode::Datagram);
    let sent: Vec<Vec<u8>> = (0..40u8).map(|i| write(&mut b, &[i])).collect();
    // Out of order, across three epochs (rekey every 10): `a` ends in epoch 2 holding epoch 1's key.
    let accepted = [0, 3, 2, 9, 15, 14, 21, 27, 26, 29];
    for i in accepted {
        assert_eq!(read(&mut a, &sent[i]), Ok(vec![i as u8]), "message {i}");
    }
    let saved = a.export(5, &keys(), 0).unwrap();
    let mut restored = builder(1, 2, TransportMode::Datagram)
        .import_session(7, &keys(), &saved)
        .unwrap();
    // Every nonce up to the highest accepted one counts as seen, including the gaps (1, 20, 28): the state
    // keeps the highest nonce, not the bitmap, so a gap is given up rather than risk a replay.
    for i in accepted.into_iter().chain([1, 20, 28]) {
        assert_eq!(read(&mut restored, &sent[i]), Err(Error::Replayed), "message {i}");
    }
    for i in [31, 30, 39, 35] {
        assert_eq!(read(&mut restored, &sent[i]), Ok(vec![i as u8]), "message {i}");
    }
    assert_eq!(read(&mut restored, &sent[30]), Err(Error::Replayed));
}

#[test]
fn an_export_reserves_at_most_max_restore_epochs() {
    let (mut a, _b) = pair(TransportMode::Datagram);
    let too_far = MAX_RESTORE_EPOCHS * LIMITS.rekey_interval + LIMITS.rekey_interval;
    assert_eq!(a.export(5, &keys(), too_far).err(), Some(Error::InvalidArgument));
    // The furthest reservation exports and imports; its nonces lie past these settings' message limit.
    let saved = a.export(5, &keys(), too_far - 1).unwrap();
    let mut restored = builder(1, 2, TransportMode::Datagram)
        .import_session(7, &keys(), &saved)
        .unwrap();
    assert_eq!(
        restored.write_message(7, b"x", &mut [0; 64]),
        Err(Error::SessionExpired),
        "past the message limit of these settings"
    );
}

#[test]
fn a_stream_export_is_a_hand_off() {
    let (mut a, mut b) = pair(TransportMode::Stream);
    for _ in 0..12 {
        let wire = write(&mut a, b"s");
        read(&mut b, &wire).unwrap();
    }
    assert_eq!(a.export(5, &keys(), 1).err(), Some(Error::InvalidArgument));
    let mut short = [0u8; STATE_BYTES];
    assert_eq!(
        a.export_into(5, &keys(), 0, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        a.state(),
        SessionState::Transport,
        "a refused export changes nothing"
    );
    let saved = a.export(5, &keys(), 0).unwrap();
    assert!(saved.len() <= EXPORT_MAX_BYTES);
    assert_eq!(a.state(), SessionState::Expired);
    let mut restored = builder(1, 2, TransportMode::Stream)
        .import_session(7, &keys(), &saved)
        .unwrap();
    for _ in 0..12 {
        let wire = write(&mut restored, b"t");
        assert_eq!(read(&mut b, &wire), Ok(b"t".to_vec()));
        let wire = write(&mut b, b"u");
        assert_eq!(read(&mut restored, &wire), Ok(b"u".to_vec()));
    }
}

#[test]
fn import_refuses_wrong_keys_settings_peers_and_corruption() {
    let (mut a, _b) = pair(TransportMode::Datagram);
    let saved = a.export(5, &keys(), 10).unwrap();
    let other = Keyring::with_primary(
        7,
        SealingKey::from_bytes(Algorithm::ChaCha20Poly1305, &[8; 32]).unwrap(),
    );
    let import =
        |b: NoiseBuilder, keys: &Keyring<SealingKey>, blob: &[u8]| b.import_session(7, keys, blob).err();
    assert_eq!(
        import(builder(1, 2, TransportMode::Datagram), &other, &saved),
        Some(Error::DecryptFailed)
    );
    assert_eq!(
        import(builder(1, 2, TransportMode::Stream), &keys(), &saved),
        Some(Error::InvalidArgument)
    );
    assert_eq!(
        import(builder(1, 3, TransportMode::Datagram), &keys(), &saved),
        Some(Error::PeerNotAllowed)
    );
    let mut tampered = saved.clone();
    tampered[30] ^= 1;
    assert_eq!(
        import(builder(1, 2, TransportMode::Datagram), &keys(), &tampered),
        Some(Error::DecryptFailed)
    );
    let late = builder(1, 2, TransportMode::Datagram).import_session(LIMITS.max_age_ms, &keys(), &saved);
    assert_eq!(late.err(), Some(Error::SessionExpired));
    let mut handshaking = builder(1, 2, TransportMode::Datagram).build_initiator(0).unwrap();
    assert_eq!(handshaking.export(0, &keys(), 0).err(), Some(Error::WrongState));
}
