"""tradeseal: message signing, authenticated encryption, replay protection and Noise sessions for trading
systems, byte-identical with the Rust, C, C++, MQL5 and Node libraries (all of them call the same Rust core).

>>> import tradeseal
>>> key = tradeseal.MacKey.generate()
>>> tag = key.sign(b"BUY 1.00 EURUSD")
>>> key.verify(b"BUY 1.00 EURUSD", tag)
>>> key.verify(b"SELL 1.00 EURUSD", tag)
Traceback (most recent call last):
  ...
tradeseal.exceptions.InvalidSignature: signature verification failed

Every error is a ``tradeseal.TradesealError`` (see ``tradeseal.exceptions``) with a stable ``code`` and
``name``; wrong argument types raise ``TypeError`` and wrong sizes ``ValueError``.
"""

from . import exceptions
from ._native import (
    MAC_KEY_BYTES,
    MAC_TAG_BYTES,
    Admission,
    CheckedSeq,
    ClockOffset,
    Decimal,
    Frame,
    GapTracker,
    Keyring,
    LessSafeKey,
    MacKey,
    MasterKey,
    NonceCache,
    PriceGuard,
    RateLimiter,
    ReplayWindow,
    Request,
    RequestVerifier,
    SealingKey,
    SealingKeyring,
    Signal,
    SignalVerifier,
    StreamGuard,
    SigningKey,
    TimeWindow,
    VerifyingKey,
    __version__,
    argon2id,
    hkdf_expand,
    hkdf_extract,
    legacy_sign,
    legacy_verify,
)
from ._native import (
    FRAME_HEADER_BYTES,
    NOISE_KEY_BYTES,
    NOISE_MAX_MESSAGE_BYTES,
    FrameDecoder,
    NoiseKeypair,
    NoiseOptions,
    NoiseSession,
    encode_frame,
)
from .exceptions import *  # noqa: F403 (every exception class, listed in exceptions.__all__)

__all__ = [
    "MAC_KEY_BYTES",
    "MAC_TAG_BYTES",
    "Admission",
    "CheckedSeq",
    "ClockOffset",
    "LessSafeKey",
    "MasterKey",
    "RequestVerifier",
    "SignalVerifier",
    "NonceCache",
    "PriceGuard",
    "RateLimiter",
    "SealingKey",
    "SealingKeyring",
    "StreamGuard",
    "SigningKey",
    "VerifyingKey",
    "argon2id",
    "hkdf_expand",
    "hkdf_extract",
    "Decimal",
    "Frame",
    "GapTracker",
    "Keyring",
    "MacKey",
    "ReplayWindow",
    "Request",
    "Signal",
    "TimeWindow",
    "__version__",
    "legacy_sign",
    "legacy_verify",
    "exceptions",
    *exceptions.__all__,
]
__all__ += [
    "FRAME_HEADER_BYTES",
    "NOISE_KEY_BYTES",
    "NOISE_MAX_MESSAGE_BYTES",
    "FrameDecoder",
    "NoiseKeypair",
    "NoiseOptions",
    "NoiseSession",
    "encode_frame",
]
