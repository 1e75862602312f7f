"""The vector ops of ``tests/vectors/README.md``, each run through the public tradeseal API.

Every op takes the case's ``in`` object and returns its outputs with bytes as lowercase hex, exactly as the
vector files write them. An op missing here makes the vector test fail: every file must be runnable.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import tradeseal

Inputs = Dict[str, Any]
Outputs = Dict[str, Any]


def unhex(value: str) -> bytes:
    """Bytes from a vector's hex string."""
    return bytes.fromhex(value)


def keyring(keys: List[Dict[str, Any]]) -> tradeseal.Keyring:
    """A keyring written as ``[{"id": 1, "key": "hex", "primary": true}, ...]``."""
    ring = tradeseal.Keyring()
    for entry in keys:
        ring.insert(entry["id"], unhex(entry["key"]))
        if entry.get("primary"):
            ring.promote(entry["id"])
    return ring


def mac_sign(i: Inputs) -> Outputs:
    return {"tag": tradeseal.MacKey.from_bytes(unhex(i["key"])).sign(unhex(i["message"])).hex()}


OPS: Dict[str, Callable[[Inputs], Outputs]] = {
    "mac_sign": mac_sign,
}
