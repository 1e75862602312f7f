"""Every tradeseal error as a Python exception.

Each core error has one class here whose ``code`` (``int``) and ``name`` (``"TSEAL_..."``) are the same in
every language. Classes are grouped in families you can catch at once:

- ``UsageError``: the calling program used the API wrongly (codes 1-99). Those about a bad value or size
  are also ``ValueError``.
- ``DataError``: bad or hostile data (codes 100-199): ``AuthenticationError`` (``InvalidSignature``,
  ``UnknownKey``), ``FormatError``, ``DecryptError``, ``ReplayError``, ``PolicyError``, ``HandshakeError``.
- ``PlatformError``: the environment (codes 200-299): randomness, files.

Cryptographic failures carry no detail, by design.
"""

from __future__ import annotations

from typing import Dict, Type

__all__ = [
    "TradesealError",
    "UsageError",
    "DataError",
    "AuthenticationError",
    "FormatError",
    "DecryptError",
    "ReplayError",
    "PolicyError",
    "HandshakeError",
    "PlatformError",
    "NullPointer",
    "BufferTooSmall",
    "InvalidArgument",
    "InvalidLength",
    "KeyTooShort",
    "InvalidUtf8",
    "InvalidUtf16",
    "InvalidHex",
    "OutOfRange",
    "AadTooLong",
    "SaltTooShort",
    "MissingSetting",
    "WrongState",
    "DuplicateKeyId",
    "NoPrimaryKey",
    "AlreadySet",
    "Internal",
    "InvalidSignature",
    "UnknownKey",
    "UnsupportedVersion",
    "Truncated",
    "Malformed",
    "FieldTooLong",
    "InvalidSymbol",
    "InvalidNumber",
    "InvalidUuid",
    "ForbiddenCharacter",
    "UnsupportedAlgorithm",
    "InvalidOrderType",
    "DecryptFailed",
    "KeyExhausted",
    "Replayed",
    "TooOld",
    "Stale",
    "FromFuture",
    "StreamDegraded",
    "NonceReused",
    "NonceCacheFull",
    "TooManyStreams",
    "RateLimited",
    "PriceDeviation",
    "InvalidSequence",
    "VolumeLimit",
    "HandshakeFailed",
    "PeerNotAllowed",
    "SessionExpired",
    "FrameTooLarge",
    "RngFailure",
    "Io",
    "StateCorrupt",
]


class TradesealError(Exception):
    """Base class of every tradeseal error. ``code`` is its stable number, ``name`` its ``TSEAL_*`` name."""

    code: int = 0
    name: str = "TSEAL_UNKNOWN"


class UsageError(TradesealError):
    """The calling program used the API wrongly (codes 1-99): a bug in the caller, not bad data."""


class DataError(TradesealError):
    """The data is bad or hostile (codes 100-199): it does not verify, parse, decrypt or pass a check."""


class AuthenticationError(DataError):
    """The data is not authentic: wrong tag, or a key id that is not in the keyring."""


class FormatError(DataError):
    """The bytes or fields do not follow the format (version, length, field values)."""


class DecryptError(DataError):
    """Authenticated decryption failed."""


class ReplayError(DataError):
    """The message is a replay, out of the window, out of its time bounds, or its stream needs a resync."""


class PolicyError(DataError):
    """The message is authentic but breaks a configured limit (rate, price deviation, volume)."""


class HandshakeError(DataError):
    """A Noise handshake or session failed or is no longer usable."""


class PlatformError(TradesealError):
    """The environment failed (codes 200-299): the random number generator, or persisted state."""


class NullPointer(UsageError):
    """A required pointer was NULL (C ABI)."""

    code = 1
    name = "TSEAL_NULL_POINTER"


class BufferTooSmall(UsageError):
    """The caller's output buffer is too small; the needed size is reported separately."""

    code = 2
    name = "TSEAL_BUFFER_TOO_SMALL"


class InvalidArgument(UsageError, ValueError):
    """An argument has a value the operation does not accept."""

    code = 3
    name = "TSEAL_INVALID_ARGUMENT"


class InvalidLength(UsageError, ValueError):
    """A key, nonce, tag or other fixed-size input has the wrong length."""

    code = 4
    name = "TSEAL_INVALID_LENGTH"


class KeyTooShort(UsageError, ValueError):
    """A key is shorter than the minimum this operation requires (or empty)."""

    code = 5
    name = "TSEAL_KEY_TOO_SHORT"


class InvalidUtf8(UsageError, ValueError):
    """Text was not valid UTF-8."""

    code = 6
    name = "TSEAL_INVALID_UTF8"


class InvalidUtf16(UsageError, ValueError):
    """Text was not valid UTF-16 (unpaired surrogate)."""

    code = 7
    name = "TSEAL_INVALID_UTF16"


class InvalidHex(UsageError, ValueError):
    """A hex string was malformed (odd length or a non-hex character)."""

    code = 8
    name = "TSEAL_INVALID_HEX"


class OutOfRange(UsageError, ValueError):
    """A number is outside the range the operation accepts."""

    code = 9
    name = "TSEAL_OUT_OF_RANGE"


class AadTooLong(UsageError, ValueError):
    """Associated data is longer than the format allows (envelopes: ``envelope::MAX_AAD_BYTES``)."""

    code = 20
    name = "TSEAL_AAD_TOO_LONG"


class SaltTooShort(UsageError, ValueError):
    """A salt is shorter than the minimum (Argon2id: ``kdf::MIN_SALT_BYTES``)."""

    code = 21
    name = "TSEAL_SALT_TOO_SHORT"


class MissingSetting(UsageError):
    """A setting the operation requires was never set (e.g. a Noise pattern's static key or peer policy)."""

    code = 30
    name = "TSEAL_MISSING_SETTING"


class WrongState(UsageError):
    """The object is in a state where this call is not allowed (e.g. a Noise session still handshaking)."""

    code = 10
    name = "TSEAL_WRONG_STATE"


class DuplicateKeyId(UsageError):
    """A key with this id is already in the keyring."""

    code = 11
    name = "TSEAL_DUPLICATE_KEY_ID"


class NoPrimaryKey(UsageError):
    """The keyring has no primary key to sign or seal with."""

    code = 12
    name = "TSEAL_NO_PRIMARY_KEY"


class AlreadySet(UsageError):
    """A one-time setting was set twice."""

    code = 13
    name = "TSEAL_ALREADY_SET"


class Internal(TradesealError):
    """An internal error (a caught panic); please report it."""

    code = 14
    name = "TSEAL_INTERNAL"


class InvalidSignature(AuthenticationError):
    """The signature or MAC tag does not verify. Carries no detail by design."""

    code = 100
    name = "TSEAL_INVALID_SIGNATURE"


class UnknownKey(AuthenticationError):
    """The message names a key id that is not (or no longer) in the keyring."""

    code = 101
    name = "TSEAL_UNKNOWN_KEY"


class UnsupportedVersion(FormatError):
    """The message's version byte is not one this library reads."""

    code = 102
    name = "TSEAL_UNSUPPORTED_VERSION"


class Truncated(FormatError):
    """The message ends before a field it declares."""

    code = 103
    name = "TSEAL_TRUNCATED"


class Malformed(FormatError):
    """The message does not parse (bad field value, trailing bytes, wrong field count)."""

    code = 104
    name = "TSEAL_MALFORMED"


class FieldTooLong(FormatError):
    """A field is longer than its format allows."""

    code = 105
    name = "TSEAL_FIELD_TOO_LONG"


class InvalidSymbol(FormatError):
    """A trading symbol is empty, too long or has characters outside its alphabet."""

    code = 106
    name = "TSEAL_INVALID_SYMBOL"


class InvalidNumber(FormatError):
    """A price or volume is NaN, infinite, negative, zero where it must be positive, or not representable."""

    code = 107
    name = "TSEAL_INVALID_NUMBER"


class InvalidUuid(FormatError):
    """A subscription id is not a UUID."""

    code = 108
    name = "TSEAL_INVALID_UUID"


class ForbiddenCharacter(FormatError):
    """A text field contains a character its format reserves (e.g. ``|`` in the legacy format)."""

    code = 109
    name = "TSEAL_FORBIDDEN_CHARACTER"


class UnsupportedAlgorithm(FormatError):
    """The algorithm identifier is unknown or not allowed here."""

    code = 110
    name = "TSEAL_UNSUPPORTED_ALGORITHM"


class InvalidOrderType(FormatError):
    """An order type is not one of the known values."""

    code = 111
    name = "TSEAL_INVALID_ORDER_TYPE"


class DecryptFailed(DecryptError):
    """Authenticated decryption failed. Carries no detail by design."""

    code = 120
    name = "TSEAL_DECRYPT_FAILED"


class KeyExhausted(DataError):
    """A key reached its safe message limit and refuses to seal more; rotate the key."""

    code = 121
    name = "TSEAL_KEY_EXHAUSTED"


class Replayed(ReplayError):
    """The sequence number was already accepted (duplicate)."""

    code = 130
    name = "TSEAL_REPLAYED"


class TooOld(ReplayError):
    """The sequence number is older than the replay window."""

    code = 131
    name = "TSEAL_TOO_OLD"


class Stale(ReplayError):
    """The timestamp is older than the allowed age."""

    code = 132
    name = "TSEAL_STALE"


class FromFuture(ReplayError):
    """The timestamp is further in the future than the allowed clock skew."""

    code = 133
    name = "TSEAL_FROM_FUTURE"


class StreamDegraded(ReplayError):
    """The stream had a gap for too long and needs a full resync."""

    code = 134
    name = "TSEAL_STREAM_DEGRADED"


class NonceReused(ReplayError):
    """A request nonce was already seen inside the time window."""

    code = 135
    name = "TSEAL_NONCE_REUSED"


class NonceCacheFull(ReplayError):
    """The nonce cache is full of unexpired entries; the request is refused (size it for the peak rate)."""

    code = 150
    name = "TSEAL_NONCE_CACHE_FULL"


class TooManyStreams(ReplayError):
    """A guard tracks its maximum number of streams; a new stream is refused."""

    code = 151
    name = "TSEAL_TOO_MANY_STREAMS"


class RateLimited(PolicyError):
    """The rate limit for this key or address is exceeded."""

    code = 136
    name = "TSEAL_RATE_LIMITED"


class PriceDeviation(PolicyError):
    """The price deviates from the reference by more than allowed."""

    code = 137
    name = "TSEAL_PRICE_DEVIATION"


class InvalidSequence(ReplayError):
    """The sequence number is not valid (zero)."""

    code = 138
    name = "TSEAL_INVALID_SEQUENCE"


class VolumeLimit(PolicyError):
    """The volume exceeds the configured limit."""

    code = 139
    name = "TSEAL_VOLUME_LIMIT"


class HandshakeFailed(HandshakeError):
    """The Noise handshake failed. Carries no detail by design."""

    code = 140
    name = "TSEAL_HANDSHAKE_FAILED"


class PeerNotAllowed(HandshakeError):
    """The peer's static key is not allowed."""

    code = 141
    name = "TSEAL_PEER_NOT_ALLOWED"


class SessionExpired(HandshakeError):
    """The session reached its age, message or idle limit."""

    code = 142
    name = "TSEAL_SESSION_EXPIRED"


class FrameTooLarge(FormatError):
    """A frame is larger than its format allows."""

    code = 143
    name = "TSEAL_FRAME_TOO_LARGE"


class RngFailure(PlatformError):
    """The operating system's random number generator failed."""

    code = 200
    name = "TSEAL_RNG_FAILURE"


class Io(PlatformError):
    """Reading or writing persisted state failed."""

    code = 201
    name = "TSEAL_IO"


class StateCorrupt(PlatformError):
    """Persisted state is corrupt or was written by an incompatible version."""

    code = 202
    name = "TSEAL_STATE_CORRUPT"


def _leaves(cls: Type[TradesealError]) -> Dict[int, Type[TradesealError]]:
    """The classes below ``cls`` that stand for one core error, by code."""
    found: Dict[int, Type[TradesealError]] = {}
    for sub in cls.__subclasses__():
        if "code" in vars(sub):
            found[sub.code] = sub
        found.update(_leaves(sub))
    return found


_BY_CODE: Dict[int, Type[TradesealError]] = _leaves(TradesealError)


def _from_core(code: int, name: str, message: str) -> TradesealError:
    """The exception for a core error; called by ``tradeseal._native`` (do not call it yourself).

    A code this module does not know yet (a newer core) still gets its exact ``code`` and ``name``, on an
    instance of the family its code range belongs to.
    """
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls(message)
    family = UsageError if code < 100 else DataError if code < 200 else PlatformError
    error = family(message)
    error.code = code
    error.name = name
    return error
