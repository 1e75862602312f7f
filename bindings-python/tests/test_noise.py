"""Noise sessions through the Python binding: handshake, transport, wrong states, peer pinning, expiry."""

from __future__ import annotations

from typing import Tuple

import pytest

import tradeseal

PROLOGUE = b"tradeseal python test v1"


def xx_pair(
    now_ms: int = 0, max_messages: int | None = None
) -> Tuple[tradeseal.NoiseSession, tradeseal.NoiseSession, tradeseal.NoiseKeypair, tradeseal.NoiseKeypair]:
    """An XX initiator and responder that pin each other's static key."""
    alice, bob = tradeseal.NoiseKeypair.generate(), tradeseal.NoiseKeypair.generate()
    initiator = tradeseal.NoiseSession.initiator(
        tradeseal.NoiseOptions(
            prologue=PROLOGUE,
            local_private_key=alice.private_key(),
            allow_peers=[bob.public_key],
            max_messages=max_messages,
        ),
        now_ms,
    )
    responder = tradeseal.NoiseSession.responder(
        tradeseal.NoiseOptions(
            prologue=bytearray(PROLOGUE),
            local_private_key=memoryview(bob.private_key()),
            allow_peers=[alice.public_key],
            max_messages=max_messages,
        ),
        now_ms,
    )
    return initiator, responder, alice, bob


def handshake(initiator: tradeseal.NoiseSession, responder: tradeseal.NoiseSession) -> None:
    """The three XX messages, each carrying a payload that must arrive intact."""
    sender, receiver = initiator, responder
    for n in range(3):
        assert sender.is_my_turn and not receiver.is_my_turn
        payload = f"handshake {n}".encode()
        assert receiver.read_message(1, sender.write_message(1, payload)) == payload
        sender, receiver = receiver, sender


def test_handshake_then_transport_round_trip() -> None:
    initiator, responder, alice, bob = xx_pair()
    assert initiator.state == responder.state == "HANDSHAKING"
    assert initiator.protocol == "Noise_XX_25519_ChaChaPoly_SHA256"
    assert initiator.is_initiator and not responder.is_initiator
    handshake(initiator, responder)
    assert initiator.state == responder.state == "TRANSPORT"
    assert initiator.handshake_hash() == responder.handshake_hash()
    assert len(initiator.handshake_hash()) == 32
    assert initiator.remote_static() == bob.public_key
    assert responder.remote_static() == alice.public_key
    for n in range(10):
        order = f"BUY {n} EURUSD".encode()
        wire = initiator.write_message(2, order)
        assert order not in wire
        assert responder.read_message(2, wire) == order
        reply = responder.write_message(2, memoryview(b"ack %d" % n))
        assert initiator.read_message(2, bytearray(reply)) == b"ack %d" % n


def test_calls_in_the_wrong_state_raise_wrong_state() -> None:
    initiator, responder, _, _ = xx_pair()
    with pytest.raises(tradeseal.WrongState):
        initiator.handshake_hash()
    with pytest.raises(tradeseal.WrongState):
        initiator.remote_static()
    with pytest.raises(tradeseal.WrongState):
        responder.write_message(0, b"not my turn")
    first = initiator.write_message(0, b"")
    with pytest.raises(tradeseal.WrongState):
        initiator.write_message(0, b"twice in a row")
    responder.read_message(0, first)
    with pytest.raises(tradeseal.WrongState):
        responder.read_message(0, first)
    assert initiator.state == responder.state == "HANDSHAKING"


def test_tampered_handshake_fails_the_session_for_good() -> None:
    initiator, responder, _, _ = xx_pair()
    responder.read_message(0, initiator.write_message(0, b""))
    second = bytearray(responder.write_message(0, b""))
    second[-1] ^= 1
    with pytest.raises(tradeseal.HandshakeFailed):
        initiator.read_message(0, second)
    assert initiator.state == "FAILED"
    with pytest.raises(tradeseal.WrongState):
        initiator.write_message(0, b"")


def test_unpinned_peer_is_refused() -> None:
    stranger = tradeseal.NoiseKeypair.generate()
    _, responder, _, bob = xx_pair()
    initiator = tradeseal.NoiseSession.initiator(
        tradeseal.NoiseOptions(
            local_private_key=stranger.private_key(), prologue=PROLOGUE, allow_peers=[bob.public_key]
        ),
        0,
    )
    responder.read_message(0, initiator.write_message(0, b""))
    initiator.read_message(0, responder.write_message(0, b""))
    with pytest.raises(tradeseal.PeerNotAllowed):
        responder.read_message(0, initiator.write_message(0, b""))
    assert responder.state == "FAILED"


def test_tampered_transport_message_is_rejected_and_the_session_stays_usable() -> None:
    initiator, responder, _, _ = xx_pair()
    handshake(initiator, responder)
    wire = bytearray(initiator.write_message(0, b"SELL 1 XAUUSD"))
    wire[0] ^= 0x80
    with pytest.raises(tradeseal.DecryptFailed):
        responder.read_message(0, wire)
    wire[0] ^= 0x80
    assert responder.read_message(0, wire) == b"SELL 1 XAUUSD"


def test_message_limit_expires_the_session() -> None:
    initiator, responder, _, _ = xx_pair(max_messages=2)
    handshake(initiator, responder)
    for _ in range(2):
        responder.read_message(0, initiator.write_message(0, b"x"))
    with pytest.raises(tradeseal.SessionExpired):
        initiator.write_message(0, b"x")
    assert initiator.state == "EXPIRED"
    renewed = initiator.renew(0)
    assert renewed.state == "HANDSHAKING" and renewed.is_initiator


def test_options_are_checked() -> None:
    with pytest.raises(tradeseal.UnsupportedAlgorithm):
        tradeseal.NoiseOptions(protocol="Noise_XX_448_ChaChaPoly_SHA256")
    with pytest.raises(tradeseal.MissingSetting):
        tradeseal.NoiseSession.initiator(tradeseal.NoiseOptions(), 0)
    with pytest.raises(tradeseal.InvalidArgument):
        tradeseal.NoiseSession.initiator(tradeseal.NoiseOptions(mode="carrier pigeon"), 0)
    with pytest.raises(TypeError):
        tradeseal.NoiseOptions(prologue="text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tradeseal.NoiseOptions("Noise_XX_25519_ChaChaPoly_SHA256")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        tradeseal.NoiseOptions(max_messages=-1)
    with pytest.raises(tradeseal.InvalidLength):
        tradeseal.NoiseKeypair.from_private(b"short")


def test_keys_never_appear_in_repr() -> None:
    keypair = tradeseal.NoiseKeypair.generate()
    assert tradeseal.NoiseKeypair.from_private(keypair.private_key()).public_key == keypair.public_key
    options = tradeseal.NoiseOptions(local_private_key=keypair.private_key(), allow_peers=[bytes(32)])
    session = tradeseal.NoiseSession.initiator(options, 0)
    for shown in (repr(keypair), repr(options), repr(session)):
        assert keypair.private_key().hex() not in shown
        assert keypair.private_key()[:8].hex() not in shown
    assert "Noise_XX_25519_ChaChaPoly_SHA256" in repr(session)
