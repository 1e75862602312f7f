"""MacKey and Keyring: known answers, an independent cross-check with the standard library, and misuse."""

from __future__ import annotations

import hmac
import random
from typing import Any, Callable

import pytest
from conftest import load_external

import tradeseal
from tradeseal import Keyring, MacKey

KEY = bytes(range(32))


def test_rfc4231() -> None:
    for case in load_external("rfc/rfc_vectors.json")["rfc4231_hmac_sha256"]["tests"]:
        key = MacKey.from_short_bytes(bytes.fromhex(case["key"]))
        data = bytes.fromhex(case["data"])
        expected = bytes.fromhex(case["hmac_sha256"])
        tag = key.sign(data)
        if "truncated_to_bits" in case:
            # tradeseal verifies only full tags: a truncated one is a failure, never a weaker success.
            assert tag[: len(expected)] == expected
            with pytest.raises(tradeseal.InvalidSignature):
                key.verify(data, expected)
        else:
            assert tag == expected
            key.verify(data, expected)


def test_wycheproof_hmac_sha256() -> None:
    groups = load_external("wycheproof/hmac_sha256_test.json")["testGroups"]
    checked = 0
    for group in groups:
        for t in group["tests"]:
            key = MacKey.from_short_bytes(bytes.fromhex(t["key"]))
            msg, tag = bytes.fromhex(t["msg"]), bytes.fromhex(t["tag"])
            full_tag = group["tagSize"] == 256
            if t["result"] == "valid":
                assert key.sign(msg)[: len(tag)] == tag, t["tcId"]
            if t["result"] == "valid" and full_tag:
                key.verify(msg, tag)
            else:
                with pytest.raises(tradeseal.InvalidSignature):
                    key.verify(msg, tag)
            checked += 1
    assert checked == 174


def test_matches_stdlib_hmac() -> None:
    rng = random.Random(4231)
    for _ in range(500):
        key = rng.randbytes(rng.choice([32, 33, 64, 65, 100]))
        message = rng.randbytes(rng.randrange(0, 300))
        expected = hmac.digest(key, message, "sha256")
        mac = MacKey.from_bytes(key)
        assert mac.sign(message) == expected
        mac.verify(message, expected)
        flipped = bytearray(expected)
        flipped[rng.randrange(32)] ^= 1 << rng.randrange(8)
        with pytest.raises(tradeseal.InvalidSignature):
            mac.verify(message, flipped)


def test_long_messages_match_stdlib() -> None:
    message = bytes(range(256)) * 1024  # long enough to be hashed with the GIL released
    assert MacKey.from_bytes(KEY).sign(message) == hmac.digest(KEY, message, "sha256")
    MacKey.from_bytes(KEY).verify(bytearray(message), hmac.digest(KEY, message, "sha256"))


def test_accepts_bytes_bytearray_memoryview_and_returns_bytes() -> None:
    message = b"BUY 0.10 EURUSD"
    expected = hmac.digest(KEY, message, "sha256")
    for convert in (bytes, bytearray, memoryview):
        key = MacKey.from_bytes(convert(KEY))
        tag = key.sign(convert(message))
        assert type(tag) is bytes and tag == expected
        key.verify(convert(message), convert(tag))
    strided = memoryview(message + message)[::2]
    assert MacKey.from_bytes(KEY).sign(strided) == hmac.digest(KEY, strided.tobytes(), "sha256")


def test_generate_and_hex() -> None:
    a, b = MacKey.generate(), MacKey.generate()
    assert a.sign(b"m") != b.sign(b"m")
    assert MacKey.from_hex(KEY.hex().upper()).sign(b"m") == hmac.digest(KEY, b"m", "sha256")


BAD_TYPES = ["text", 1, None, [1, 2], 1.5]


@pytest.mark.parametrize("bad", BAD_TYPES)
@pytest.mark.parametrize(
    "call",
    [
        lambda bad: MacKey.from_bytes(bad),
        lambda bad: MacKey.from_short_bytes(bad),
        lambda bad: MacKey.from_bytes(KEY).sign(bad),
        lambda bad: MacKey.from_bytes(KEY).verify(bad, bytes(32)),
        lambda bad: MacKey.from_bytes(KEY).verify(b"m", bad),
        lambda bad: Keyring().insert(1, bad),
        lambda bad: Keyring.with_primary(1, bad),
    ],
)
def test_wrong_types_raise_type_error(call: Callable[[Any], object], bad: Any) -> None:
    with pytest.raises(TypeError):
        call(bad)


@pytest.mark.parametrize("bad", [b"\x01", "1", None, 1.0])
def test_wrong_key_id_types_raise_type_error(bad: Any) -> None:
    with pytest.raises(TypeError):
        Keyring().insert(bad, KEY)


@pytest.mark.parametrize("bad", [b"00" * 32, bytearray(64), None, 7])
def test_wrong_hex_types_raise_type_error(bad: Any) -> None:
    with pytest.raises(TypeError):
        MacKey.from_hex(bad)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: MacKey.from_bytes(KEY[:31]), "TSEAL_KEY_TOO_SHORT"),
        (lambda: MacKey.from_bytes(b""), "TSEAL_KEY_TOO_SHORT"),
        (lambda: MacKey.from_short_bytes(b""), "TSEAL_KEY_TOO_SHORT"),
        (lambda: MacKey.from_hex("ab" * 31), "TSEAL_KEY_TOO_SHORT"),
        (lambda: MacKey.from_hex("zz" * 32), "TSEAL_INVALID_HEX"),
        (lambda: MacKey.from_hex("a" * 65), "TSEAL_INVALID_HEX"),
        (lambda: Keyring().insert(1, KEY[:16]), "TSEAL_KEY_TOO_SHORT"),
        (lambda: Keyring.with_primary(1, b""), "TSEAL_KEY_TOO_SHORT"),
    ],
)
def test_wrong_sizes_raise_value_error_with_the_core_name(call: Callable[[], object], name: str) -> None:
    with pytest.raises(ValueError) as raised:
        call()
    assert isinstance(raised.value, tradeseal.UsageError)
    assert raised.value.name == name


@pytest.mark.parametrize("key_id", [-1, 2**32, 2**64])
def test_key_id_out_of_range_is_value_error(key_id: int) -> None:
    with pytest.raises(ValueError):
        Keyring().insert(key_id, KEY)
    with pytest.raises(ValueError):
        Keyring().promote(key_id)


def test_short_or_long_tags_are_invalid_signatures_not_misuse() -> None:
    key = MacKey.from_bytes(KEY)
    tag = key.sign(b"m")
    for bad in (b"", tag[:16], tag[:31], tag + b"\0"):
        with pytest.raises(tradeseal.InvalidSignature) as raised:
            key.verify(b"m", bad)
        assert not isinstance(raised.value, ValueError)


def test_keyring_rotation() -> None:
    ring = Keyring()
    assert len(ring) == 0 and ring.ids() == []
    with pytest.raises(tradeseal.NoPrimaryKey):
        ring.primary_id
    ring.insert(1, KEY)
    with pytest.raises(tradeseal.DuplicateKeyId):
        ring.insert(1, bytes(32))
    with pytest.raises(tradeseal.UnknownKey):
        ring.promote(2)
    ring.promote(1)
    with pytest.raises(tradeseal.WrongState):
        ring.retire(1)
    ring.insert(2, bytes(32))
    ring.promote(2)
    assert ring.primary_id == 2 and 1 in ring and sorted(ring.ids()) == [1, 2]
    ring.retire(1)
    assert 1 not in ring and len(ring) == 1
    with pytest.raises(tradeseal.UnknownKey):
        ring.retire(1)
    assert Keyring.with_primary(4294967295, KEY).primary_id == 4294967295


def test_keys_never_appear_in_repr() -> None:
    key = MacKey.from_bytes(KEY)
    ring = Keyring.with_primary(7, KEY)
    for text in (repr(key), str(key), repr(ring), str(ring)):
        assert KEY.hex() not in text and str(KEY) not in text
    assert repr(key) == "MacKey(<secret>)"
    assert repr(ring) == "Keyring(ids=[7], primary=7)"


def test_handles_cannot_be_built_around_the_checks() -> None:
    with pytest.raises(TypeError):
        MacKey()
    with pytest.raises(TypeError):

        class Sub(MacKey):  # type: ignore[misc]
            pass
