"""Noise sessions through the Python binding: handshake, transport, wrong states, peer pinning, expiry."""

from __future__ import annotations

import sys
import threading
from typing import List, Tuple

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


def transport_pair(mode: str = "stream") -> Tuple[tradeseal.NoiseSession, tradeseal.NoiseSession, tradeseal.NoiseOptions]:
    """Two sessions in transport over ``mode``; returns the initiator's options too (for ``import_session``)."""
    alice, bob = tradeseal.NoiseKeypair.generate(), tradeseal.NoiseKeypair.generate()
    options = tradeseal.NoiseOptions(mode=mode, local_private_key=alice.private_key(), allow_peers=[bob.public_key])
    initiator = tradeseal.NoiseSession.initiator(options, 0)
    responder = tradeseal.NoiseSession.responder(
        tradeseal.NoiseOptions(mode=mode, local_private_key=bob.private_key(), allow_peers=[alice.public_key]), 0
    )
    sender, receiver = initiator, responder
    for _ in range(3):
        receiver.read_message(0, sender.write_message(0, b""))
        sender, receiver = receiver, sender
    return initiator, responder, options


def sealing_keys() -> tradeseal.SealingKeyring:
    keys = tradeseal.SealingKeyring()
    keys.insert(7, 2, bytes(range(32)))
    keys.promote(7)
    return keys


def test_stream_export_hands_the_session_over() -> None:
    initiator, responder, options = transport_pair()
    assert responder.read_message(1, initiator.write_message(1, b"before")) == b"before"
    keys = sealing_keys()
    with pytest.raises(tradeseal.InvalidArgument):
        initiator.export(1, keys, 5)
    saved = initiator.export(1, keys)
    assert initiator.state == "EXPIRED"
    restored = tradeseal.NoiseSession.import_session(options, 2, keys, bytearray(saved))
    assert restored.state == "TRANSPORT" and restored.is_initiator
    assert restored.handshake_hash() == responder.handshake_hash()
    assert responder.read_message(2, restored.write_message(2, b"after")) == b"after"
    assert restored.read_message(2, responder.write_message(2, b"reply")) == b"reply"


def test_datagram_export_reserves_nonces_for_the_live_session() -> None:
    initiator, responder, options = transport_pair("datagram")
    keys = sealing_keys()
    saved = initiator.export(0, keys, reserve=100)
    assert initiator.state == "TRANSPORT"
    live = initiator.write_message(0, b"live")
    restored = tradeseal.NoiseSession.import_session(options, 0, keys, memoryview(saved))
    moved = restored.write_message(0, b"restored")
    assert int.from_bytes(moved[:8], "big") == 100
    assert responder.read_message(0, moved) == b"restored"
    assert responder.read_message(0, live) == b"live"


def test_import_refuses_bad_states_and_other_settings() -> None:
    initiator, _, options = transport_pair()
    keys = sealing_keys()
    saved = bytearray(initiator.export(0, keys))
    saved[-1] ^= 1
    with pytest.raises(tradeseal.DecryptFailed):
        tradeseal.NoiseSession.import_session(options, 0, keys, saved)
    saved[-1] ^= 1
    other = tradeseal.NoiseOptions(mode="datagram", local_private_key=bytes(32), allow_peers=[bytes(32)])
    with pytest.raises(tradeseal.InvalidArgument):
        tradeseal.NoiseSession.import_session(other, 0, keys, saved)
    with pytest.raises(tradeseal.SessionExpired):
        tradeseal.NoiseSession.import_session(options, 10**12, keys, saved)
    with pytest.raises(TypeError):
        tradeseal.NoiseSession.import_session(options, 0, keys, "text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tradeseal.NoiseSession.import_session(options, 0, b"keys", saved)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        initiator.export(-1, keys)
    fresh, _, _, _ = xx_pair()
    with pytest.raises(tradeseal.WrongState):
        fresh.export(0, keys)


def verifier_pair(
    verdict: object,
) -> Tuple[tradeseal.NoiseSession, tradeseal.NoiseSession, List[bytes], tradeseal.NoiseKeypair]:
    """An XX pair, two messages in, whose responder asks ``verdict`` (a return value, or an exception to
    raise) about the initiator; also the keys the verifier saw and the initiator's keypair."""
    seen: List[bytes] = []

    def verify(key: bytes) -> bool:
        seen.append(key)
        if isinstance(verdict, Exception):
            raise verdict
        return verdict  # type: ignore[return-value]

    alice, bob = tradeseal.NoiseKeypair.generate(), tradeseal.NoiseKeypair.generate()
    initiator = tradeseal.NoiseSession.initiator(
        tradeseal.NoiseOptions(local_private_key=alice.private_key(), allow_peers=[bob.public_key]), 0
    )
    responder = tradeseal.NoiseSession.responder(
        tradeseal.NoiseOptions(local_private_key=bob.private_key(), peer_verifier=verify), 0
    )
    responder.read_message(0, initiator.write_message(0, b""))
    initiator.read_message(0, responder.write_message(0, b""))
    return initiator, responder, seen, alice


def test_peer_verifier_accepts_only_true() -> None:
    initiator, responder, seen, alice = verifier_pair(True)
    assert seen == []
    responder.read_message(0, initiator.write_message(0, b""))
    assert responder.state == "TRANSPORT"
    assert seen == [alice.public_key]


@pytest.mark.parametrize("verdict", [False, 1, None, "yes"])
def test_peer_verifier_refuses_anything_else(verdict: object, monkeypatch: pytest.MonkeyPatch) -> None:
    reported: List[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reported.append(unraisable.exc_value))
    initiator, responder, _, _ = verifier_pair(verdict)
    with pytest.raises(tradeseal.PeerNotAllowed):
        responder.read_message(0, initiator.write_message(0, b""))
    assert responder.state == "FAILED"
    if verdict is False:
        assert reported == []
    else:
        assert len(reported) == 1 and isinstance(reported[0], TypeError), "a non-bool return is reported"


def test_peer_verifier_exception_refuses_the_peer_and_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    reported: List[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reported.append(unraisable.exc_value))
    initiator, responder, _, _ = verifier_pair(KeyError("lookup failed"))
    with pytest.raises(tradeseal.PeerNotAllowed):
        responder.read_message(0, initiator.write_message(0, b""))
    assert len(reported) == 1 and isinstance(reported[0], KeyError)


def test_peer_verifier_must_be_callable_and_not_mixed_with_an_allowlist() -> None:
    with pytest.raises(TypeError):
        tradeseal.NoiseOptions(peer_verifier=b"not callable")  # type: ignore[arg-type]
    options = tradeseal.NoiseOptions(local_private_key=bytes(32), allow_peers=[bytes(32)], peer_verifier=bool)
    with pytest.raises(tradeseal.AlreadySet):
        tradeseal.NoiseSession.responder(options, 0)


def test_handshake_releases_the_gil() -> None:
    """With a switch interval far longer than the test, another thread runs Python code before a loop of
    handshakes ends only if the handshakes release the GIL. The loop stops as soon as that thread ran, so
    a loaded machine that schedules it late only makes the loop longer, never fails the test."""
    order: List[str] = []
    started, ran = threading.Event(), threading.Event()

    def handshakes() -> None:
        started.set()
        for _ in range(2000):
            if ran.is_set():
                break
            transport_pair()
        order.append("handshakes")

    def python_work() -> None:
        started.wait()
        order.append("python")
        ran.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        threads = [threading.Thread(target=handshakes), threading.Thread(target=python_work)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert order == ["python", "handshakes"]


def test_frames_survive_every_split() -> None:
    messages = [b"\xab" * 300, b"abc", b"", b"\x5a" * tradeseal.NOISE_MAX_MESSAGE_BYTES]
    wire = b"".join(tradeseal.encode_frame(m) for m in messages)
    assert wire[:2] == b"\x01\x2c" and tradeseal.FRAME_HEADER_BYTES == 2
    for size in (1, 2, 3, 301, 1000, len(wire)):
        decoder = tradeseal.FrameDecoder()
        frames = []
        for offset in range(0, len(wire), size):
            chunk, start = wire[offset : offset + size], 0
            while start < len(chunk):
                start += decoder.feed(chunk, start)
                frame = decoder.take_frame()
                if frame is not None:
                    frames.append(frame)
        assert frames == messages
        assert decoder.take_frame() is None


def test_frame_decoder_holds_a_completed_frame_until_taken() -> None:
    decoder = tradeseal.FrameDecoder()
    assert decoder.feed(bytearray(b"\x00\x01\x07\x00\x01\x08")) == 3
    assert decoder.feed(memoryview(b"\x00\x01\x08")) == 0
    assert decoder.take_frame() == b"\x07"
    assert decoder.feed(b"\x00\x01\x08") == 3
    assert decoder.take_frame() == b"\x08"


def test_framing_refuses_bad_input() -> None:
    with pytest.raises(tradeseal.FrameTooLarge):
        tradeseal.encode_frame(bytes(tradeseal.NOISE_MAX_MESSAGE_BYTES + 1))
    with pytest.raises(TypeError):
        tradeseal.encode_frame("text")  # type: ignore[arg-type]
    decoder = tradeseal.FrameDecoder()
    with pytest.raises(TypeError):
        decoder.feed([0, 1])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        decoder.feed(b"\x00", -1)
    with pytest.raises(tradeseal.OutOfRange):
        decoder.feed(b"\x00", 2)
