"""The exception classes match the core's error list exactly, and families group them."""

from __future__ import annotations

import pytest

import tradeseal
from tradeseal import _native, exceptions


def test_every_core_error_has_a_class_with_its_code_and_name() -> None:
    core = _native.errors()
    assert core, "the core lists its errors"
    for code, name in core:
        error = exceptions._from_core(code, name, "message")
        assert type(error).__name__ != "TradesealError"
        assert (error.code, error.name) == (code, name)
        assert "code" in vars(type(error)), f"{name} has no class of its own"
        assert str(error) == "message"
    assert sorted(exceptions._BY_CODE) == sorted(code for code, _ in core)


def test_families_follow_the_code_ranges() -> None:
    for code, cls in exceptions._BY_CODE.items():
        if cls is tradeseal.Internal:
            continue
        family = (
            tradeseal.UsageError
            if code < 100
            else tradeseal.DataError
            if code < 200
            else tradeseal.PlatformError
        )
        assert issubclass(cls, family), cls
    assert issubclass(tradeseal.InvalidSignature, tradeseal.AuthenticationError)
    assert issubclass(tradeseal.DecryptFailed, tradeseal.DecryptError)
    assert issubclass(tradeseal.Replayed, tradeseal.ReplayError)
    assert issubclass(tradeseal.HandshakeFailed, tradeseal.HandshakeError)
    assert not issubclass(tradeseal.InvalidSignature, ValueError)


def test_a_code_unknown_to_python_keeps_its_core_name() -> None:
    error = exceptions._from_core(198, "TSEAL_SOMETHING_NEW", "new")
    assert isinstance(error, tradeseal.DataError)
    assert (error.code, error.name) == (198, "TSEAL_SOMETHING_NEW")
    assert exceptions._from_core(98, "TSEAL_X", "x").name == "TSEAL_X"
    assert isinstance(exceptions._from_core(298, "TSEAL_Y", "y"), tradeseal.PlatformError)


def test_native_errors_arrive_as_the_python_classes() -> None:
    with pytest.raises(tradeseal.InvalidSignature) as raised:
        tradeseal.MacKey.generate().verify(b"m", bytes(32))
    assert raised.value.code == 100
    assert raised.value.name == "TSEAL_INVALID_SIGNATURE"
    assert type(raised.value).__module__ == "tradeseal.exceptions"


def test_public_names() -> None:
    for name in tradeseal.__all__:
        assert getattr(tradeseal, name) is not None
        doc = getattr(getattr(tradeseal, name), "__doc__", None)
        if isinstance(getattr(tradeseal, name), type):
            assert doc, f"{name} has no docstring"
