"""Type stubs of the native module ``tradeseal._native`` (checked against it by ``mypy.stubtest``)."""

from typing import List, Tuple, Union, final

__all__ = ["__version__", "MAC_KEY_BYTES", "MAC_TAG_BYTES", "errors", "MacKey", "Keyring"]

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
