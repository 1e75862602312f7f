"""Type stubs of the native module ``tradeseal._native`` (checked against it by ``mypy.stubtest``)."""

from typing import Dict, List, Optional, Tuple, Union, final
from os import PathLike
from uuid import UUID

__all__ = [
    "__version__",
    "MAC_KEY_BYTES",
    "MAC_TAG_BYTES",
    "errors",
    "MacKey",
    "Keyring",
    "Decimal",
    "Signal",
    "legacy_sign",
    "legacy_verify",
    "Frame",
    "Request",
    "CheckedSeq",
    "ReplayWindow",
    "GapTracker",
    "Admission",
    "StreamGuard",
    "TimeWindow",
    "ClockOffset",
    "NonceCache",
    "RateLimiter",
    "PriceGuard",
    "SignalVerifier",
    "RequestVerifier",
    "SealingKey",
    "LessSafeKey",
    "SealingKeyring",
    "hkdf_extract",
    "hkdf_expand",
    "argon2id",
    "MasterKey",
    "SigningKey",
    "VerifyingKey",
]

_Bytes = Union[bytes, bytearray, memoryview]

__version__: str
MAC_KEY_BYTES: int
MAC_TAG_BYTES: int

def errors() -> List[Tuple[int, str]]:
    """Every core error as ``(code, name)``, in code order."""

@final
class MacKey:
    """An HMAC-SHA256 key, pre-keyed for fast signing; its bytes never appear in ``repr``."""

    @staticmethod
    def generate() -> MacKey:
        """A new random 32-byte key from the operating system's random number generator."""
    @staticmethod
    def from_bytes(key: _Bytes) -> MacKey:
        """Imports a key of at least 32 bytes (``KeyTooShort`` otherwise)."""
    @staticmethod
    def from_short_bytes(key: _Bytes) -> MacKey:
        """Imports a key of any non-empty length, for existing shorter shared secrets."""
    @staticmethod
    def from_hex(key: str) -> MacKey:
        """Imports a key of at least 32 bytes written as hex (either case)."""
    def sign(self, message: _Bytes) -> bytes:
        """The 32-byte HMAC-SHA256 tag of ``message``."""
    def verify(self, message: _Bytes, tag: _Bytes) -> None:
        """Checks ``tag`` in constant time; raises ``InvalidSignature`` if it does not match."""

@final
class Keyring:
    """HMAC keys by ``key_id`` with at most one primary: the primary signs, every key verifies."""

    def __init__(self) -> None:
        """An empty keyring."""
    @staticmethod
    def with_primary(key_id: int, key: _Bytes) -> Keyring:
        """A keyring holding ``key`` (at least 32 bytes) under ``key_id`` as its primary."""
    def insert(self, key_id: int, key: _Bytes) -> None:
        """Adds ``key`` under ``key_id``; raises ``DuplicateKeyId`` if the id is taken."""
    def promote(self, key_id: int) -> None:
        """Makes ``key_id`` the primary; raises ``UnknownKey`` if absent."""
    def retire(self, key_id: int) -> None:
        """Removes and wipes the key ``key_id``; the primary cannot be retired (``WrongState``)."""
    @property
    def primary_id(self) -> int:
        """The id of the primary key; raises ``NoPrimaryKey`` when there is none."""
    def ids(self) -> List[int]:
        """The ids of all keys."""
    def __len__(self) -> int: ...
    def __contains__(self, key_id: int, /) -> bool: ...

@final
class Decimal:
    """A non-negative fixed-point number ``units / 10**decimals`` (prices and volumes are never floats)."""

    def __new__(cls, units: int, decimals: int) -> Decimal:
        """``units / 10**decimals``; ``InvalidNumber`` when ``units`` is negative or ``decimals`` above 18."""
    @staticmethod
    def from_float(value: float, decimals: int) -> Decimal:
        """``value`` rounded to ``decimals`` places exactly as C ``printf("%.*f")`` prints it."""
    @staticmethod
    def parse(text: str) -> Decimal:
        """Parses the canonical text ``str()`` prints (``"1.08125"``)."""
    @property
    def units(self) -> int:
        """The integer count of ``10**-decimals`` units."""
    @property
    def decimals(self) -> int:
        """The number of decimals (0 to 18)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Signal:
    """A trading signal: copy this order for this subscription. Its fields are checked when it is made."""

    def __new__(
        cls,
        subscription_id: Union[UUID, str],
        sequence: int,
        generated_at_ms: int,
        symbol: str,
        order_type: Union[str, int],
        volume: Decimal,
        price: Decimal,
    ) -> Signal:
        """A signal; raises ``InvalidSymbol``, ``InvalidOrderType`` or ``InvalidUuid`` for bad fields."""
    def sign(self, keyring: Keyring) -> bytes:
        """The signed v1 packet, made with the keyring's primary key."""
    @staticmethod
    def verify(keyring: Keyring, packet: _Bytes) -> Signal:
        """Verifies a v1 packet with the key its key id names, then checks its fields."""
    @staticmethod
    def parse_unverified(packet: _Bytes) -> Tuple[int, UUID, int]:
        """``(key_id, subscription_id, sequence)`` of a packet WITHOUT checking its tag."""
    @property
    def subscription_id(self) -> UUID:
        """The subscription the signal belongs to."""
    @property
    def sequence(self) -> int:
        """The sender's sequence number within the subscription."""
    @property
    def generated_at_ms(self) -> int:
        """When the signal was generated, in milliseconds since the Unix epoch."""
    @property
    def symbol(self) -> str:
        """The traded symbol."""
    @property
    def order_type(self) -> str:
        """The MT5 order type name without its ``ORDER_TYPE_`` prefix."""
    @property
    def volume(self) -> Decimal:
        """The volume, in lots."""
    @property
    def price(self) -> Decimal:
        """The price."""
    @property
    def key_id(self) -> Optional[int]:
        """The id of the key that verified this signal, if it came from ``verify``."""
    def __eq__(self, other: object, /) -> bool: ...

def legacy_sign(
    key: MacKey,
    subscription_id: Union[UUID, str],
    sequence: int,
    generated_at_ms: int,
    symbol: str,
    order_type: Union[str, int],
    volume: float,
    price: float,
) -> Tuple[str, str]:
    """Signs a signal in the legacy text format; returns ``(line, signature)``."""

def legacy_verify(key: MacKey, line: _Bytes, signature: str) -> Signal:
    """Verifies a legacy line's hex signature over its exact bytes, then parses it."""

@final
class Frame:
    """A payload on a stream, with its sequence number and timestamp, as signed in a v1 frame."""

    def __new__(cls, stream_id: int, sequence: int, timestamp_ns: int, payload: _Bytes) -> Frame:
        """A frame of ``payload`` (at most 16 MiB) on stream ``stream_id``."""
    def sign(self, keyring: Keyring) -> bytes:
        """The signed frame, made with the keyring's primary key."""
    @staticmethod
    def verify(keyring: Keyring, packet: _Bytes, max_payload: int = ...) -> Frame:
        """Verifies a signed frame with the key its key id names."""
    @staticmethod
    def parse_unverified(packet: _Bytes, max_payload: int = ...) -> Tuple[int, int]:
        """``(key_id, stream_id)`` of a frame WITHOUT checking its tag."""
    @property
    def stream_id(self) -> int:
        """The stream the frame belongs to."""
    @property
    def sequence(self) -> int:
        """The frame's sequence number within its stream."""
    @property
    def timestamp_ns(self) -> int:
        """When the frame was made, in nanoseconds since the Unix epoch."""
    @property
    def payload(self) -> bytes:
        """The payload bytes."""
    @property
    def key_id(self) -> Optional[int]:
        """The id of the key that verified this frame, if it came from ``verify``."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Request:
    """An HTTP request as signed: method, path (with query), timestamp, nonce and body."""

    def __new__(
        cls, method: str, path: str, timestamp_ms: int, nonce: str, body: Optional[_Bytes] = None
    ) -> Request:
        """A request. Its fields are checked when it is signed or verified."""
    @staticmethod
    def from_headers(
        method: str, path: str, timestamp: str, nonce: str, body: Optional[_Bytes] = None
    ) -> Request:
        """The request a server received, with the ``X-Timestamp`` header as text."""
    def sign(self, api_key: str, key: MacKey) -> Dict[str, str]:
        """The four headers as ``{name: value}``."""
    def verify(self, key: MacKey, signature: str) -> None:
        """Checks the ``X-Signature`` value in constant time."""
    @property
    def method(self) -> str:
        """The HTTP method."""
    @property
    def path(self) -> str:
        """The path and query, as sent."""
    @property
    def timestamp_ms(self) -> int:
        """Milliseconds since the Unix epoch."""
    @property
    def nonce(self) -> str:
        """The nonce."""
    @property
    def body(self) -> bytes:
        """The body bytes."""

@final
class CheckedSeq:
    """Proof that a sequence number passed ``ReplayWindow.check``; ``ReplayWindow.commit`` uses it up."""

    @property
    def seq(self) -> int:
        """The checked sequence number."""

@final
class ReplayWindow:
    """An RFC 6479 anti-replay window: ``check`` before the signature check, ``commit`` after it."""

    def __new__(cls, size: int = ...) -> ReplayWindow:
        """A window remembering the last ``size`` numbers (a power of two, 64 to 65536)."""
    @staticmethod
    def starting_after(size: int, seq: int) -> ReplayWindow:
        """A window that treats every number up to ``seq`` as already seen."""
    def check(self, seq: int) -> CheckedSeq:
        """Checks ``seq`` without changing the window."""
    def commit(self, checked: CheckedSeq) -> None:
        """Accepts a checked number once its message authenticated (once per ``CheckedSeq``)."""
    @property
    def size(self) -> int:
        """The window size."""
    @property
    def top(self) -> int:
        """The highest accepted sequence number (0 before the first)."""

@final
class GapTracker:
    """Sequence gap detection: missing ranges for a resend request, ``DEGRADED`` until ``resync``."""

    def __new__(
        cls,
        max_gap_age_ms: Optional[int] = None,
        max_missing: Optional[int] = None,
        after: Optional[int] = None,
    ) -> GapTracker:
        """A tracker that has seen nothing yet (or everything up to ``after``)."""
    def record(self, seq: int, now_ms: int) -> str:
        """Records an accepted ``seq``; returns the state name."""
    def check(self, now_ms: int) -> None:
        """Raises ``StreamDegraded`` when the stream needs a resync."""
    def state(self, now_ms: int) -> str:
        """The state name at ``now_ms``: ``"NORMAL"``, ``"GAP"`` or ``"DEGRADED"``."""
    def resync(self) -> None:
        """Forgets every gap after the receiver reloaded full state."""
    def missing(self) -> List[Tuple[int, int]]:
        """The missing ranges as ``(first, last)`` pairs, inclusive."""
    @property
    def missing_count(self) -> int:
        """How many numbers are missing."""
    @property
    def highest(self) -> int:
        """The highest accepted sequence number."""

@final
class Admission:
    """Proof that a stream's sequence number passed ``StreamGuard.check``; commit it once."""

    @property
    def seq(self) -> int:
        """The admitted sequence number."""

@final
class StreamGuard:
    """Replay windows and gap tracking for many streams, in memory or persisted at ``state_path``."""

    def __new__(
        cls,
        window: Optional[int] = None,
        max_gap_age_ms: Optional[int] = None,
        max_missing: Optional[int] = None,
        max_streams: Optional[int] = None,
        reserve_ahead: Optional[int] = None,
        state_path: Optional[Union[str, PathLike[str]]] = None,
    ) -> StreamGuard:
        """A guard; unset settings take the core's defaults."""
    def check(self, stream: Union[str, UUID], seq: int, now_ms: int) -> Admission:
        """Checks ``seq`` of ``stream`` without changing state; returns the admission to commit."""
    def commit(self, admission: Admission, now_ms: int, sent_ms: Optional[int] = None) -> str:
        """Accepts an admission once its message authenticated; returns the stream's state name."""
    def state(self, stream: Union[str, UUID], now_ms: int) -> str:
        """The stream's state name: ``"NORMAL"``, ``"GAP"`` or ``"DEGRADED"``."""
    def missing(self, stream: Union[str, UUID]) -> List[Tuple[int, int]]:
        """The stream's missing ranges as ``(first, last)`` pairs, inclusive."""
    def resync(self, stream: Union[str, UUID]) -> None:
        """Forgets the stream's gaps after a full resync."""
    def clock_offset_ms(self, stream: Union[str, UUID]) -> Optional[int]:
        """The smoothed lag of the stream's timestamps behind our clock (ms), once a commit gave ``sent_ms``."""
    def __len__(self) -> int: ...

@final
class ClockOffset:
    """A smoothed estimate of how far a peer's timestamps lag our clock (ms; negative when it runs ahead)."""

    def __init__(self) -> None:
        """An estimate with no samples yet."""
    def observe(self, sent_ms: int, received_ms: int) -> None:
        """Adds the sample ``received_ms - sent_ms``."""
    @property
    def estimate_ms(self) -> Optional[int]:
        """The current estimate, or ``None`` before the first sample."""

@final
class TimeWindow:
    """How old and how far in the future a timestamp may be (milliseconds)."""

    def __new__(cls, max_age_ms: int = ..., max_future_ms: int = ...) -> TimeWindow:
        """A window accepting timestamps at most ``max_age_ms`` old and ``max_future_ms`` ahead."""
    def check(self, timestamp_ms: int, now_ms: int) -> None:
        """Raises ``Stale`` or ``FromFuture`` outside the window around ``now_ms``."""
    def oldest(self, now_ms: int) -> int:
        """The oldest timestamp still accepted at ``now_ms``."""
    @property
    def max_age_ms(self) -> int:
        """The largest accepted age."""
    @property
    def max_future_ms(self) -> int:
        """The largest accepted lead."""

@final
class SealingKey:
    """An AEAD key that picks its own nonces; sealed boxes are ``nonce || ciphertext || tag``."""

    @staticmethod
    def generate(algorithm_id: int) -> SealingKey:
        """A new random key (1 = AES-256-GCM, 2 = ChaCha20-Poly1305, 3 = XChaCha20-Poly1305)."""
    @staticmethod
    def from_bytes(algorithm_id: int, key: _Bytes) -> SealingKey:
        """Imports a 32-byte key for ``algorithm_id``."""
    @property
    def algorithm(self) -> int:
        """The algorithm id."""
    def seal(self, aad: _Bytes, plaintext: _Bytes) -> bytes:
        """Encrypts ``plaintext`` bound to ``aad``."""
    def seal_in_place(self, aad: _Bytes, sealed_box: bytearray) -> None:
        """Seals the plaintext between ``nonce_len`` bytes of room and 16 bytes of room, in place."""
    @property
    def nonce_len(self) -> int:
        """The nonce length: where the plaintext starts in a sealed box."""
    def set_limit_for_testing_only(self, limit: int) -> None:
        """Lowers the message budget so a test can reach ``KeyExhausted``. Tests only."""
    def open(self, aad: _Bytes, sealed: _Bytes) -> bytes:
        """Decrypts a sealed box; raises ``DecryptFailed`` when it or ``aad`` was altered."""

@final
class LessSafeKey:
    """An AEAD key used with caller-chosen nonces (never reuse one); prefer ``SealingKey``."""

    @staticmethod
    def from_bytes(algorithm_id: int, key: _Bytes) -> LessSafeKey:
        """Imports a 32-byte key for ``algorithm_id``."""
    @property
    def algorithm(self) -> int:
        """The algorithm id."""
    def seal(self, nonce: _Bytes, aad: _Bytes, plaintext: _Bytes) -> bytes:
        """Encrypts with the caller's nonce; returns ``ciphertext || tag``."""
    def open(self, nonce: _Bytes, aad: _Bytes, sealed: _Bytes) -> bytes:
        """Decrypts ``ciphertext || tag``; raises ``DecryptFailed`` when anything was altered."""
    def seal_envelope_with_nonce_less_safe(
        self, key_id: int, nonce: _Bytes, aad: _Bytes, plaintext: _Bytes
    ) -> bytes:
        """An envelope naming ``key_id`` under the caller's nonce: known-answer vectors only."""

@final
class SealingKeyring:
    """AEAD keys by ``key_id`` with at most one primary: the primary seals envelopes, every key opens."""

    def __init__(self) -> None:
        """An empty keyring."""
    def insert(self, key_id: int, algorithm_id: int, key: _Bytes) -> None:
        """Adds a 32-byte key for ``algorithm_id``; raises ``DuplicateKeyId`` if the id is taken."""
    def promote(self, key_id: int) -> None:
        """Makes ``key_id`` the primary; raises ``UnknownKey`` if absent."""
    def retire(self, key_id: int) -> None:
        """Removes and wipes the key ``key_id``; the primary cannot be retired (``WrongState``)."""
    @property
    def primary_id(self) -> int:
        """The id of the primary key; raises ``NoPrimaryKey`` when there is none."""
    def ids(self) -> List[int]:
        """The ids of all keys."""
    def __len__(self) -> int: ...
    def __contains__(self, key_id: int, /) -> bool: ...
    def seal(self, aad: _Bytes, plaintext: _Bytes) -> bytes:
        """Seals ``plaintext`` bound to ``aad`` into an envelope with the primary key."""
    def open(self, aad: _Bytes, envelope: _Bytes) -> bytes:
        """Opens an envelope with the key it names; raises ``DecryptFailed`` on any change."""

def hkdf_extract(salt: _Bytes, ikm: _Bytes) -> bytes:
    """HKDF-SHA256 extract: the 32-byte pseudorandom key."""

def hkdf_expand(prk: _Bytes, info: _Bytes, length: int) -> bytes:
    """HKDF-SHA256 expand: ``length`` bytes (at most 8160)."""

def argon2id(
    password: _Bytes,
    salt: _Bytes,
    memory_kib: Optional[int] = None,
    passes: Optional[int] = None,
    lanes: Optional[int] = None,
    length: int = ...,
) -> bytes:
    """Argon2id of ``password`` under ``salt``; runs with the GIL released."""

@final
class MasterKey:
    """A master secret from which independent keys are derived by label and context."""

    @staticmethod
    def generate() -> MasterKey:
        """A new random master key."""
    @staticmethod
    def from_password(
        password: _Bytes,
        salt: _Bytes,
        memory_kib: Optional[int] = None,
        passes: Optional[int] = None,
        lanes: Optional[int] = None,
    ) -> MasterKey:
        """A master key from a password (Argon2id to 32 bytes, GIL released)."""
    @staticmethod
    def from_bytes(key: _Bytes) -> MasterKey:
        """Imports a master key of at least 32 bytes."""
    def derive(self, label: str, context: _Bytes, length: int) -> bytes:
        """``length`` bytes for ``label`` and ``context``."""
    def mac_key(self, context: _Bytes) -> MacKey:
        """The HMAC-SHA256 key for ``context``."""
    def sealing_key(self, algorithm_id: int, context: _Bytes) -> SealingKey:
        """The AEAD key for ``algorithm_id`` and ``context``."""
    def ed25519_key(self, context: _Bytes) -> SigningKey:
        """The Ed25519 signing key for ``context``."""

@final
class SigningKey:
    """An Ed25519 signing key (deterministic signatures)."""

    @staticmethod
    def generate() -> SigningKey:
        """A new random key."""
    @staticmethod
    def from_seed(seed: _Bytes) -> SigningKey:
        """The key of a 32-byte seed."""
    @property
    def public_key(self) -> bytes:
        """The 32-byte public key."""
    def seed(self) -> bytes:
        """The 32-byte seed (the secret), for storing the key."""
    def sign(self, message: _Bytes) -> bytes:
        """The 64-byte signature of ``message``."""

@final
class VerifyingKey:
    """An Ed25519 public key."""

    @staticmethod
    def from_bytes(public_key: _Bytes) -> VerifyingKey:
        """A public key from its 32 bytes."""
    def to_bytes(self) -> bytes:
        """The 32-byte public key."""
    def verify(self, message: _Bytes, signature: _Bytes) -> None:
        """Checks ``signature`` over ``message``; raises ``InvalidSignature`` for any mismatch."""

@final
class NonceCache:
    """Seen ``(scope, timestamp, nonce)`` triples, bounded in number and expiring with a ``TimeWindow``."""

    def __new__(cls, window: TimeWindow, capacity: int) -> NonceCache:
        """A cache for timestamps inside ``window`` holding at most ``capacity`` (at least 16) entries."""
    def check(self, scope: _Bytes, timestamp_ms: int, nonce: _Bytes, now_ms: int) -> None:
        """Raises ``Stale``/``FromFuture`` outside the window, ``NonceReused`` for a seen nonce."""
    def insert(self, scope: _Bytes, timestamp_ms: int, nonce: _Bytes, now_ms: int) -> None:
        """Like ``check``, then remembers the nonce (``NonceCacheFull`` when full)."""
    @property
    def window(self) -> TimeWindow:
        """The time window the cache was made with."""
    def __len__(self) -> int: ...

@final
class RateLimiter:
    """Token buckets by text key: ``per_second`` tokens per second, at most ``burst`` at once."""

    def __new__(cls, per_second: int, burst: int, max_keys: int) -> RateLimiter:
        """A limiter tracking at most ``max_keys`` keys; a zero rate, burst or ``max_keys`` is ``OutOfRange``."""
    def acquire(self, key: str, now_ms: int) -> None:
        """Takes one token from ``key``'s bucket; raises ``RateLimited`` when it is empty."""
    @property
    def tracked_keys(self) -> int:
        """How many keys have a bucket."""

@final
class PriceGuard:
    """The largest allowed distance of a price from its reference, in pips."""

    def __new__(cls, max_pips: int, pip: Decimal) -> PriceGuard:
        """A guard allowing ``max_pips`` pips of size ``pip``."""
    def check(self, price: Decimal, reference: Decimal) -> None:
        """Raises ``PriceDeviation`` when ``price`` is too far from ``reference``."""

@final
class SignalVerifier:
    """The whole check of an incoming signal: structure, replay and gap guard, signature, rules, commit."""

    def __new__(
        cls,
        window: Optional[int] = None,
        time: Optional[TimeWindow] = None,
        max_volume: Optional[Decimal] = None,
        max_streams: Optional[int] = None,
        state_path: Optional[Union[str, PathLike[str]]] = None,
    ) -> SignalVerifier:
        """A verifier; unset settings take the core's defaults; ``state_path`` persists accepted numbers."""
    def verify(self, keyring: Keyring, packet: _Bytes, now_ms: int) -> Signal:
        """The verified signal in ``packet``, accepted at most once; raises the first failing step's error."""
    def state(self, subscription_id: Union[UUID, str], now_ms: int) -> str:
        """The stream's state name: ``"NORMAL"``, ``"GAP"`` or ``"DEGRADED"``."""
    def missing(self, subscription_id: Union[UUID, str]) -> List[Tuple[int, int]]:
        """The stream's missing ranges as ``(first, last)`` pairs, oldest first."""
    def resync(self, subscription_id: Union[UUID, str]) -> None:
        """Clears the stream's gaps after the receiver reloaded full state."""
    def clock_offset_ms(self, subscription_id: Union[UUID, str]) -> Optional[int]:
        """The smoothed lag of the stream's signal timestamps behind our clock (ms), if known."""

@final
class RequestVerifier:
    """The whole check of a signed HTTP request: rate limit, timestamp window, nonce cache, signature."""

    def __new__(
        cls,
        time: TimeWindow,
        nonce_capacity: int,
        per_second: Optional[int] = None,
        burst: Optional[int] = None,
        max_keys: int = ...,
    ) -> RequestVerifier:
        """A verifier; a rate limit per API key applies when ``per_second`` and ``burst`` are given."""
    def verify(self, api_key: str, secret: MacKey, request: Request, signature: str, now_ms: int) -> None:
        """Checks ``request``; raises the first failing step's error."""

# ---- Noise sessions (bindings-python/src/noise.rs) ----

from typing import Callable, Sequence

__all__ += [
    "NOISE_KEY_BYTES",
    "NOISE_MAX_MESSAGE_BYTES",
    "FRAME_HEADER_BYTES",
    "NoiseKeypair",
    "NoiseOptions",
    "NoiseSession",
    "FrameDecoder",
    "encode_frame",
]

NOISE_KEY_BYTES: int
NOISE_MAX_MESSAGE_BYTES: int
FRAME_HEADER_BYTES: int

@final
class NoiseKeypair:
    """An X25519 static keypair for Noise; its private key never appears in ``repr``."""

    @staticmethod
    def generate() -> NoiseKeypair:
        """A new random keypair."""
    @staticmethod
    def from_private(private_key: _Bytes) -> NoiseKeypair:
        """The keypair of a 32-byte private key."""
    @property
    def public_key(self) -> bytes:
        """The 32-byte public key (what peers pin)."""
    def private_key(self) -> bytes:
        """The 32-byte private key."""

@final
class NoiseOptions:
    """What a session needs; the pattern's requirements are checked when a session is built."""

    def __new__(
        cls,
        *,
        protocol: Optional[str] = None,
        mode: Optional[str] = None,
        prologue: Optional[_Bytes] = None,
        local_private_key: Optional[_Bytes] = None,
        remote_public_key: Optional[_Bytes] = None,
        psk: Optional[_Bytes] = None,
        allow_peers: Sequence[_Bytes] = ...,
        peer_verifier: Optional[Callable[[bytes], bool]] = None,
        max_age_ms: Optional[int] = None,
        max_messages: Optional[int] = None,
        idle_timeout_ms: Optional[int] = None,
        rekey_interval: Optional[int] = None,
        fixed_ephemeral_key_for_testing_only: Optional[_Bytes] = None,
    ) -> NoiseOptions:
        """Options; ``protocol`` defaults to ``Noise_XX_25519_ChaChaPoly_SHA256``, limits to the core's.

        The peer is authorised by ``allow_peers`` (pinned keys) or ``peer_verifier`` (called with the peer's
        32-byte static key; only ``True`` accepts it, anything else or an exception raises ``PeerNotAllowed``
        in the session, and exceptions go to ``sys.unraisablehook``)."""
    @property
    def protocol(self) -> str:
        """The full protocol name."""

@final
class NoiseSession:
    """One end of a Noise channel; every call in the wrong state raises a specific error."""

    @staticmethod
    def initiator(options: NoiseOptions, now_ms: int) -> NoiseSession:
        """The initiating side, built at ``now_ms``."""
    @staticmethod
    def responder(options: NoiseOptions, now_ms: int) -> NoiseSession:
        """The responding side, built at ``now_ms``."""
    @staticmethod
    def import_session(options: NoiseOptions, now_ms: int, keys: SealingKeyring, exported: _Bytes) -> NoiseSession:
        """Restores a session from ``export``; ``options`` must describe the same session."""
    @property
    def state(self) -> str:
        """``"HANDSHAKING"``, ``"TRANSPORT"``, ``"EXPIRED"`` or ``"FAILED"``."""
    @property
    def protocol(self) -> str:
        """The full protocol name."""
    @property
    def is_initiator(self) -> bool:
        """Whether this side started the handshake."""
    @property
    def is_my_turn(self) -> bool:
        """Whether this side writes the next handshake message."""
    def handshake_hash(self) -> bytes:
        """The handshake hash, identical on both sides (transport only)."""
    def remote_static(self) -> Optional[bytes]:
        """The peer's authorised static public key, or ``None`` (transport only)."""
    def is_near_expiry(self, now_ms: int) -> bool:
        """Whether 80 % of the age or message budget is used: renew soon."""
    def renew(self, now_ms: int) -> NoiseSession:
        """A fresh session with the same settings and role."""
    def write_message(self, now_ms: int, payload: _Bytes) -> bytes:
        """The next handshake or encrypted transport message, carrying ``payload``."""
    def read_message(self, now_ms: int, message: _Bytes) -> bytes:
        """Reads the peer's next message; returns its payload."""
    def export(self, now_ms: int, keys: SealingKeyring, reserve: int = ...) -> bytes:
        """This transport session sealed under ``keys``' primary; a stream session expires (a hand-off)."""

def encode_frame(message: _Bytes) -> bytes:
    """``message`` as one stream frame (2-byte big-endian length, then the message)."""

@final
class FrameDecoder:
    """Reassembles stream frames from bytes arriving in arbitrary pieces."""

    def __init__(self) -> None:
        """An empty decoder."""
    def feed(self, data: _Bytes, start: int = ...) -> int:
        """Takes bytes of ``data`` from ``start`` up to the end of the current frame; returns how many."""
    def take_frame(self) -> Optional[bytes]:
        """The message of the frame just completed, once; ``None`` until the next one is complete."""
