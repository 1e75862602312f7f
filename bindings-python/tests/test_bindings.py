"""Signals, frames, requests, replay guards, AEAD, KDF and Ed25519 from Python: conversions and misuse.

The byte-level behaviour is pinned by the vector files (test_vectors.py); these tests cover what only the
binding decides: accepted Python types, ``TypeError``/``ValueError`` for misuse, reprs, threads and the GIL.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any, Callable, Dict, List

import pytest

import tradeseal
from tradeseal import Decimal, Keyring, Signal

KEY = bytes(range(32))
SUBSCRIPTION = uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")


def signal(sequence: int = 1, **changes: Any) -> Signal:
    fields: Dict[str, Any] = dict(
        subscription_id=SUBSCRIPTION,
        sequence=sequence,
        generated_at_ms=1_700_000_000_000,
        symbol="EURUSD",
        order_type="BUY_LIMIT",
        volume=Decimal.parse("0.10"),
        price=Decimal(108125, 5),
    )
    fields.update(changes)
    return Signal(**fields)


def test_signal_round_trip_and_conversions() -> None:
    ring = Keyring.with_primary(7, KEY)
    packet = signal().sign(ring)
    verified = Signal.verify(ring, bytearray(packet))
    assert verified != signal()  # it carries the key id that verified it
    assert (verified.sequence, verified.symbol, verified.key_id, signal().key_id) == (1, "EURUSD", 7, None)
    assert verified.subscription_id == SUBSCRIPTION and isinstance(verified.subscription_id, uuid.UUID)
    assert (verified.order_type, str(verified.volume), repr(verified.price)) == (
        "BUY_LIMIT",
        "0.10",
        "Decimal('1.08125')",
    )
    assert Signal.parse_unverified(memoryview(packet)) == (7, SUBSCRIPTION, 1)
    assert signal(subscription_id=str(SUBSCRIPTION).upper(), order_type=2) == signal()


@pytest.mark.parametrize(
    "changes, name",
    [
        ({"symbol": ""}, "TSEAL_INVALID_SYMBOL"),
        ({"order_type": 8}, "TSEAL_INVALID_ORDER_TYPE"),
        ({"order_type": 256}, "TSEAL_INVALID_ORDER_TYPE"),
        ({"order_type": "MARKET"}, "TSEAL_INVALID_ORDER_TYPE"),
        ({"subscription_id": "not-a-uuid"}, "TSEAL_INVALID_UUID"),
    ],
)
def test_signal_field_errors_have_core_names(changes: Any, name: str) -> None:
    with pytest.raises(tradeseal.TradesealError) as raised:
        signal(**changes)
    assert raised.value.name == name


@pytest.mark.parametrize(
    "changes",
    [{"subscription_id": 5}, {"order_type": 1.0}, {"volume": 0.1}, {"symbol": b"EURUSD"}, {"sequence": "1"}],
)
def test_signal_wrong_types(changes: Any) -> None:
    with pytest.raises(TypeError):
        signal(**changes)


@pytest.mark.parametrize("bad", [-1, 2**64])
def test_out_of_range_integers_are_value_errors(bad: int) -> None:
    with pytest.raises(ValueError):
        signal(sequence=bad)
    with pytest.raises(ValueError):
        tradeseal.Frame(bad, 1, 1, b"")
    with pytest.raises(ValueError):
        tradeseal.ReplayWindow().check(bad)


def test_decimal() -> None:
    assert Decimal.from_float(2.675, 2) == Decimal.parse("2.67")
    assert hash(Decimal(1, 0)) == hash(Decimal(1, 0)) and {Decimal(1, 0), Decimal(1, 0)} == {Decimal(1, 0)}
    makers: List[Callable[[], Decimal]] = [
        lambda: Decimal(-1, 2),
        lambda: Decimal.parse("01.0"),
        lambda: Decimal.from_float(float("nan"), 5),
    ]
    for make in makers:
        with pytest.raises(tradeseal.InvalidNumber):
            make()


def test_frame_and_payload_limit() -> None:
    ring = Keyring.with_primary(3, KEY)
    packet = tradeseal.Frame(1, 2, 3, b"x" * 100).sign(ring)
    frame = tradeseal.Frame.verify(ring, packet)
    assert (frame.stream_id, frame.sequence, frame.payload, frame.key_id) == (1, 2, b"x" * 100, 3)
    assert tradeseal.Frame.parse_unverified(packet) == (3, 1)
    with pytest.raises(tradeseal.FrameTooLarge):
        tradeseal.Frame.verify(ring, packet, max_payload=99)
    assert tradeseal.Frame.parse_unverified(bytearray(packet), max_payload=100) == (3, 1)
    with pytest.raises(tradeseal.FrameTooLarge):
        tradeseal.Frame.parse_unverified(packet, max_payload=99)
    with pytest.raises(tradeseal.InvalidArgument):
        tradeseal.Frame.parse_unverified(packet, max_payload=2**40)
    with pytest.raises(ValueError):
        tradeseal.Frame.parse_unverified(packet, max_payload=-1)
    with pytest.raises(TypeError):
        tradeseal.Frame.parse_unverified("packet")  # type: ignore[arg-type]
    assert "x" not in repr(frame)


def test_request_signing() -> None:
    secret = tradeseal.MacKey.from_bytes(KEY)
    request = tradeseal.Request("POST", "/api/order", 1_700_000_000_000, "n-1", b'{"side":"BUY"}')
    headers = request.sign("key-1", secret)
    assert list(headers) == ["X-API-Key", "X-Timestamp", "X-Nonce", "X-Signature"]
    received = tradeseal.Request.from_headers(
        "POST", "/api/order", headers["X-Timestamp"], headers["X-Nonce"], b'{"side":"BUY"}'
    )
    received.verify(secret, headers["X-Signature"])
    with pytest.raises(tradeseal.InvalidSignature):
        tradeseal.Request.from_headers("POST", "/api/order", headers["X-Timestamp"], "n-1").verify(
            secret, headers["X-Signature"]
        )
    with pytest.raises(tradeseal.Malformed):
        tradeseal.Request.from_headers("POST", "/", "+1", "n")


def test_replay_window_commits_a_check_once() -> None:
    window = tradeseal.ReplayWindow(64)
    checked = window.check(5)
    window.commit(checked)
    with pytest.raises(tradeseal.WrongState):
        window.commit(checked)
    with pytest.raises(tradeseal.Replayed):
        window.check(5)
    with pytest.raises(tradeseal.OutOfRange):
        tradeseal.ReplayWindow(100)
    assert (window.top, window.size) == (5, 64)


def test_gap_tracker_and_time_window() -> None:
    gaps = tradeseal.GapTracker(max_gap_age_ms=5_000, max_missing=1_000)
    assert gaps.record(1, 0) == "NORMAL" and gaps.record(5, 10) == "GAP"
    assert gaps.missing() == [(2, 4)] and gaps.missing_count == 3 and gaps.highest == 5
    with pytest.raises(tradeseal.StreamDegraded):
        gaps.check(6_000)
    gaps.resync()
    assert gaps.state(6_000) == "NORMAL"
    with pytest.raises(tradeseal.Stale):
        tradeseal.TimeWindow(1_000, 100).check(0, 2_000)


def test_aead_round_trip_sizes_and_repr() -> None:
    for algorithm in (1, 2, 3):
        key = tradeseal.SealingKey.from_bytes(algorithm, KEY)
        big = bytes(1 << 20)  # sealed and opened with the GIL released
        assert key.open(b"aad", key.seal(b"aad", big)) == big
        with pytest.raises(tradeseal.DecryptFailed):
            key.open(b"other", key.seal(b"aad", b"m"))
        assert KEY.hex() not in repr(key)
    with pytest.raises(tradeseal.UnsupportedAlgorithm):
        tradeseal.SealingKey.generate(9)
    with pytest.raises(ValueError):
        tradeseal.SealingKey.from_bytes(1, KEY[:16])
    with pytest.raises(TypeError):
        tradeseal.SealingKey.from_bytes(1, "key")  # type: ignore[arg-type]


def test_aead_seal_in_place_and_the_message_limit() -> None:
    for algorithm in (1, 2, 3):
        key = tradeseal.SealingKey.from_bytes(algorithm, KEY)
        start = key.nonce_len
        sealed_box = bytearray(start) + bytearray(b"BUY 1.00 EURUSD") + bytearray(16)
        key.seal_in_place(b"ad", sealed_box)
        assert b"EURUSD" not in sealed_box
        assert key.open(b"ad", bytes(sealed_box)) == b"BUY 1.00 EURUSD"
        with pytest.raises(tradeseal.BufferTooSmall):
            key.seal_in_place(b"", bytearray(start + 15))
        with pytest.raises(TypeError):
            key.seal_in_place(b"", bytes(start + 16))  # type: ignore[arg-type]
        fresh = tradeseal.SealingKey.from_bytes(algorithm, KEY)
        fresh.set_limit_for_testing_only(1)  # an empty message costs 1
        fresh.seal(b"", b"")
        with pytest.raises(tradeseal.KeyExhausted):
            fresh.seal(b"", b"")
        plain = bytearray(start) + bytearray(b"kept") + bytearray(16)
        with pytest.raises(tradeseal.KeyExhausted):
            fresh.seal_in_place(b"", plain)
        assert plain[start : start + 4] == b"kept"
        assert fresh.open(b"ad", key.seal(b"ad", b"m")) == b"m"


def test_ed25519_and_kdf() -> None:
    key = tradeseal.SigningKey.from_seed(KEY)
    public = tradeseal.VerifyingKey.from_bytes(key.public_key)
    public.verify(b"m", key.sign(b"m"))
    with pytest.raises(tradeseal.InvalidSignature):
        public.verify(b"n", key.sign(b"m"))
    with pytest.raises(ValueError):
        tradeseal.SigningKey.from_seed(KEY[:31])
    assert repr(key) == "SigningKey(<secret>)"
    master = tradeseal.MasterKey.from_bytes(KEY)
    assert master.derive("a", b"", 32) != master.derive("b", b"", 32)
    assert len(tradeseal.hkdf_expand(tradeseal.hkdf_extract(b"salt", KEY), b"info", 42)) == 42
    with pytest.raises(tradeseal.SaltTooShort):
        tradeseal.argon2id(b"pw", b"short", 19 * 1024, 2, 1, 32)


def test_argon2id_defaults_are_64_mib_3_passes_4_lanes() -> None:
    salt = b"0123456789abcdef"
    assert tradeseal.argon2id(b"pw", salt) == tradeseal.argon2id(b"pw", salt, 64 * 1024, 3, 4, 32)


def test_argon2id_releases_the_gil() -> None:
    # While one thread runs Argon2id, another thread must be able to run Python code and finish first.
    order: List[str] = []
    started = threading.Event()

    def hash_password() -> None:
        started.set()
        tradeseal.argon2id(b"password", b"0123456789abcdef", 64 * 1024, 3, 1, 32)
        order.append("argon2id")

    def python_work() -> None:
        started.wait()
        order.append("python")

    threads = [threading.Thread(target=hash_password), threading.Thread(target=python_work)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order == ["python", "argon2id"]


def test_signals_signed_from_8_threads_with_one_keyring() -> None:
    ring = Keyring.with_primary(1, KEY)
    start = threading.Barrier(8)
    packets: List[bytes] = []

    def work(n: int) -> None:
        start.wait()
        for i in range(200):
            packets.append(signal(sequence=n * 1000 + i + 1).sign(ring))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(Signal.verify(ring, p).sequence for p in packets) == sorted(
        n * 1000 + i + 1 for n in range(8) for i in range(200)
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: Signal.verify(Keyring(), "packet"),  # type: ignore[arg-type]
        lambda: Signal.verify("ring", b"packet"),  # type: ignore[arg-type]
        lambda: tradeseal.legacy_verify(tradeseal.MacKey.generate(), "line", "00"),  # type: ignore[arg-type]
        lambda: tradeseal.Frame(1, 1, 1, "payload"),  # type: ignore[arg-type]
        lambda: tradeseal.Request("GET", "/", 1, "n", "body"),  # type: ignore[arg-type]
    ],
)
def test_more_wrong_types(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_request_guards() -> None:
    cache = tradeseal.NonceCache(tradeseal.TimeWindow(1_000, 100), 16)
    cache.insert(b"key-1", 5_000, b"n-1", 5_000)
    with pytest.raises(tradeseal.NonceReused):
        cache.insert(bytearray(b"key-1"), 5_000, b"n-1", 5_001)
    assert len(cache) == 1
    with pytest.raises(tradeseal.OutOfRange):
        tradeseal.NonceCache(tradeseal.TimeWindow(), 15)
    limiter = tradeseal.RateLimiter(1, 1, 1)
    limiter.acquire("key-1", 0)
    with pytest.raises(tradeseal.RateLimited):
        limiter.acquire("key-1", 10)
    with pytest.raises(tradeseal.RateLimited):
        limiter.acquire("key-2", 10)  # one key at most, and key-1 is not idle
    assert limiter.tracked_keys == 1
    with pytest.raises(tradeseal.OutOfRange):
        tradeseal.RateLimiter(1, 1, 0)
    with pytest.raises(TypeError):
        limiter.acquire(b"key-1", 0)  # type: ignore[arg-type]
    guard = tradeseal.PriceGuard(10, Decimal.parse("0.0001"))
    guard.check(Decimal.parse("1.0850"), Decimal.parse("1.0859"))
    with pytest.raises(tradeseal.PriceDeviation):
        guard.check(Decimal.parse("1.0850"), Decimal.parse("1.0861"))


def test_signal_verifier_persists_across_restarts(tmp_path: Any) -> None:
    ring = Keyring.with_primary(1, KEY)
    now = 1_700_000_000_000
    packet = signal(generated_at_ms=now).sign(ring)
    state = tmp_path / "guard.state"
    first = tradeseal.SignalVerifier(state_path=str(state))
    assert first.verify(ring, packet, now).sequence == 1
    with pytest.raises(tradeseal.Replayed):
        first.verify(ring, packet, now)
    del first
    restarted = tradeseal.SignalVerifier(state_path=state)
    with pytest.raises(tradeseal.ReplayError):
        restarted.verify(ring, packet, now)
    assert restarted.state(SUBSCRIPTION, now) == "NORMAL" and restarted.missing(str(SUBSCRIPTION)) == []
    with pytest.raises(tradeseal.Stale):
        tradeseal.SignalVerifier().verify(ring, packet, now + 120_000)


def test_sealing_keyring_rotation() -> None:
    ring = tradeseal.SealingKeyring()
    ring.insert(1, 1, KEY)
    ring.promote(1)
    old = ring.seal(b"aad", b"order")
    ring.insert(2, 3, bytes(reversed(KEY)))
    ring.promote(2)
    new = ring.seal(b"aad", b"order")
    assert ring.primary_id == 2 and ring.open(b"aad", old) == ring.open(b"aad", new) == b"order"
    assert ring.seal(b"aad", b"order") != new  # the key picks a fresh nonce every time
    with pytest.raises(tradeseal.DecryptFailed):
        ring.open(b"other", new)
    with pytest.raises(tradeseal.WrongState):
        ring.retire(2)
    ring.retire(1)
    with pytest.raises(tradeseal.UnknownKey):
        ring.open(b"aad", old)
    with pytest.raises(tradeseal.NoPrimaryKey):
        tradeseal.SealingKeyring().seal(b"", b"m")
    assert KEY.hex() not in repr(ring)


def test_stream_guard_admits_once_and_persists(tmp_path: Any) -> None:
    state = tmp_path / "streams.state"
    guard = tradeseal.StreamGuard(max_streams=4, state_path=state)
    assert guard.commit(guard.check(SUBSCRIPTION, 1, 0), 0) == "NORMAL"
    admission = guard.check(SUBSCRIPTION, 4, 0)
    assert admission.seq == 4 and guard.commit(admission, 0) == "GAP"
    with pytest.raises(tradeseal.WrongState):
        guard.commit(admission, 0)
    assert guard.missing(str(SUBSCRIPTION)) == [(2, 3)] and len(guard) == 1
    del guard
    with pytest.raises(tradeseal.ReplayError):
        tradeseal.StreamGuard(max_streams=4, state_path=str(state)).check(SUBSCRIPTION, 4, 0)
    with pytest.raises(tradeseal.OutOfRange):
        tradeseal.StreamGuard(window=100)
    with pytest.raises(tradeseal.InvalidUuid):
        tradeseal.StreamGuard().check("not-a-uuid", 1, 0)


def test_stream_clock_offsets() -> None:
    guard = tradeseal.StreamGuard()
    assert guard.clock_offset_ms(SUBSCRIPTION) is None
    guard.commit(guard.check(SUBSCRIPTION, 1, 1_000), 1_000)
    assert guard.clock_offset_ms(SUBSCRIPTION) is None, "no sample without sent_ms"
    guard.commit(guard.check(SUBSCRIPTION, 2, 1_040), 1_040, sent_ms=1_000)
    assert guard.clock_offset_ms(str(SUBSCRIPTION)) == 40
    guard.commit(guard.check(SUBSCRIPTION, 3, 2_000), 2_000, sent_ms=2_120)
    assert guard.clock_offset_ms(SUBSCRIPTION) == 40 + (-120 - 40) // 8
    with pytest.raises(ValueError):
        guard.commit(guard.check(SUBSCRIPTION, 4, 0), 0, sent_ms=-1)
    with pytest.raises(TypeError):
        guard.commit(guard.check(SUBSCRIPTION, 5, 0), 0, sent_ms="0")  # type: ignore[arg-type]
    with pytest.raises(tradeseal.InvalidUuid):
        guard.clock_offset_ms("not-a-uuid")

    ring = Keyring.with_primary(1, KEY)
    now = 1_700_000_000_000
    verifier = tradeseal.SignalVerifier()
    assert verifier.clock_offset_ms(SUBSCRIPTION) is None
    verifier.verify(ring, signal(generated_at_ms=now - 25).sign(ring), now)
    assert verifier.clock_offset_ms(SUBSCRIPTION) == 25


def test_clock_offset_on_its_own() -> None:
    offset = tradeseal.ClockOffset()
    assert offset.estimate_ms is None and repr(offset) == "ClockOffset(estimate_ms=None)"
    offset.observe(1_000, 1_080)
    assert offset.estimate_ms == 80
    offset.observe(2_000, 1_990)  # the peer's clock ran ahead: a negative sample pulls the estimate down
    assert offset.estimate_ms == 69 and repr(offset) == "ClockOffset(estimate_ms=69)"  # 80 + (-90 / 8 -> -11)
    with pytest.raises(ValueError):
        offset.observe(-1, 0)
    with pytest.raises(TypeError):
        offset.observe(b"0", 0)  # type: ignore[arg-type]


def test_master_key_typed_derivations() -> None:
    master = tradeseal.MasterKey.from_bytes(KEY)
    mac = master.mac_key(b"orders")
    mac.verify(b"m", master.mac_key(bytearray(b"orders")).sign(b"m"))
    with pytest.raises(tradeseal.InvalidSignature):
        mac.verify(b"m", master.mac_key(b"quotes").sign(b"m"))
    sealing = master.sealing_key(2, b"orders")
    assert sealing.algorithm == 2
    assert master.sealing_key(2, memoryview(b"orders")).open(b"", sealing.seal(b"", b"order")) == b"order"
    with pytest.raises(tradeseal.DecryptFailed):
        master.sealing_key(2, b"quotes").open(b"", sealing.seal(b"", b"order"))
    signer = master.ed25519_key(b"receipts")
    assert signer.public_key == master.ed25519_key(b"receipts").public_key
    assert tradeseal.SigningKey.from_seed(signer.seed()).public_key == signer.public_key
    tradeseal.VerifyingKey.from_bytes(signer.public_key).verify(b"m", signer.sign(b"m"))
    assert tradeseal.VerifyingKey.from_bytes(signer.public_key).to_bytes() == signer.public_key
    assert tradeseal.MasterKey.generate().derive("a", b"", 32) != master.derive("a", b"", 32)
    with pytest.raises(tradeseal.UnsupportedAlgorithm):
        master.sealing_key(9, b"orders")
    with pytest.raises(ValueError):
        master.sealing_key(256, b"orders")
    with pytest.raises(TypeError):
        master.mac_key("orders")  # type: ignore[arg-type]
    with pytest.raises(tradeseal.KeyTooShort):
        tradeseal.MasterKey.from_bytes(KEY[:31])


def test_master_key_from_password() -> None:
    salt = b"0123456789abcdef"
    one = tradeseal.MasterKey.from_password(b"password", salt, 19 * 1024, 2, 1)
    two = tradeseal.MasterKey.from_password(bytearray(b"password"), memoryview(salt), 19 * 1024, 2, 1)
    assert one.derive("a", b"", 32) == two.derive("a", b"", 32)
    assert repr(one) == "MasterKey(<secret>)"
    with pytest.raises(tradeseal.SaltTooShort):
        tradeseal.MasterKey.from_password(b"password", salt[:8], 19 * 1024, 2, 1)
    with pytest.raises(tradeseal.OutOfRange):
        tradeseal.MasterKey.from_password(b"password", salt, 1024, 2, 1)
    with pytest.raises(TypeError):
        tradeseal.MasterKey.from_password("password", salt)  # type: ignore[arg-type]


def test_keyrings_share_their_rotation_methods() -> None:
    for ring in (tradeseal.Keyring(), tradeseal.SealingKeyring()):
        ring.insert(3, 2, KEY) if isinstance(ring, tradeseal.SealingKeyring) else ring.insert(3, KEY)
        assert 3 in ring and 4 not in ring and len(ring) == 1 and ring.ids() == [3]
        with pytest.raises(tradeseal.NoPrimaryKey):
            ring.primary_id
        ring.promote(3)
        assert repr(ring) == f"{type(ring).__name__}(ids=[3], primary=3)"
        with pytest.raises(tradeseal.UnknownKey):
            ring.promote(4)
        with pytest.raises(ValueError):
            ring.retire(-1)
        with pytest.raises(TypeError):
            ring.promote("3")  # type: ignore[arg-type]


def test_nonce_cache_window_and_time_window_oldest() -> None:
    window = tradeseal.NonceCache(tradeseal.TimeWindow(1_000, 100), 16).window
    assert (window.max_age_ms, window.max_future_ms) == (1_000, 100)
    assert window.oldest(5_000) == 4_000 and window.oldest(10) == 0
    with pytest.raises(ValueError):
        window.oldest(-1)
