#!/usr/bin/env python3
"""Writes tests/vectors/guard_state.json: the Guard state file v1 (docs/WIRE.md), independently of the Rust code.

File bytes come from the WIRE.md table (struct + hashlib); verdicts and the rewritten file come from a small
model of the documented behaviour (core/src/guard.rs module docs, replay window in core/src/replay.rs docs):
- opening a file makes every number up to a stream's reservation count as seen;
- an accepted number above the stream's reservation first raises it to that number + 4096 (the default
  `reserve_ahead`) and rewrites the whole file, entries sorted by stream id;
- `check(seq)`: 0 is TSEAL_INVALID_SEQUENCE; above the highest seen is fresh; `highest - seq >= window` is
  TSEAL_TOO_OLD; seen is TSEAL_REPLAYED.
Inputs are fixed, so the output is deterministic. Run: python3 scripts/gen-vectors-guard-state.py
"""
import hashlib
import json
import os
import struct
import uuid
from pathlib import Path

OUT = Path(os.environ.get("TSEAL_VECTORS_DIR") or Path(__file__).resolve().parent.parent / "tests" / "vectors") / "guard_state.json"
RESERVE_AHEAD = 4096  # GuardConfig::default().reserve_ahead
U64_MAX = 2**64 - 1

# Stream ids chosen so that first-use order differs from sorted order.
A = "8f0c2a6e-3d41-4b7a-9e52-1c6d7f0a9b31"
B = "1b7e4d20-95c3-4f18-a6d2-7e0f3c9b5a44"
C = "c4d9e1f7-2a6b-4c80-b3e5-9f1a0d7c6e22"


def sid(text):
    return uuid.UUID(text).bytes


def encode(entries, version=1, magic=b"TSRG", count=None, extra=b""):
    """The file for `entries` [(stream id text, reservation)] in the given order; the keyword arguments
    build structurally wrong files that still carry a valid checksum."""
    body = struct.pack(">B4sI", version, magic, len(entries) if count is None else count)
    for stream, reservation in entries:
        body += sid(stream) + struct.pack(">Q", reservation)
    body += extra
    return body + hashlib.sha256(body).digest()


def canonical(reservations):
    return encode(sorted(reservations.items(), key=lambda e: sid(e[0])))


def run(file_entries, window, steps):
    """Models `Guard::open` on a file with `file_entries` (or none), then accept steps at now 0."""
    reserved = dict(file_entries or [])
    floor = dict(reserved)  # everything up to here counts as seen
    highest = dict(reserved)
    accepted = set()
    verdicts = []
    for stream, seq in steps:
        top = highest.get(stream, 0)
        if seq == 0:
            verdict = "TSEAL_INVALID_SEQUENCE"
        elif seq <= top and top - seq >= window:
            verdict = "TSEAL_TOO_OLD"
        elif seq <= floor.get(stream, 0) or (stream, seq) in accepted:
            verdict = "TSEAL_REPLAYED"
        else:
            verdict = "OK"
            if seq > reserved.get(stream, 0):
                reserved[stream] = min(seq + RESERVE_AHEAD, U64_MAX)
            highest[stream] = max(top, seq)
            accepted.add((stream, seq))
        verdicts.append(verdict)
    return verdicts, canonical(reserved)


def case(name, window, steps, file_entries=None, tamper=None):
    inputs = {}
    if file_entries is not None:
        inputs["file"] = encode(file_entries).hex()
    inputs["window"] = window
    inputs["steps"] = [{"stream": s, "seq_str": str(q)} for s, q in steps]
    verdicts, after = run(file_entries, window, steps)
    c = {"name": name, "op": "guard_state", "in": inputs, "out": {"verdicts": verdicts, "file": after.hex()}}
    if tamper:
        c["tamper"] = tamper
    return c


def corrupt(name, data, window=1024):
    return {"name": name, "op": "guard_state", "in": {"file": data.hex(), "window": window, "steps": []},
            "error": "TSEAL_STATE_CORRUPT"}


def tampers(entries):
    """One flipped byte in every field of a file with `entries` (at least two)."""
    n = len(entries)
    size = 9 + 24 * n + 32
    spots = [("version", 0), ("magic", 2), ("count", 8), ("entry 0 stream id", 9), ("entry 0 reservation", 9 + 23),
             ("entry 1 stream id", 9 + 24 + 15), ("entry 1 reservation", 9 + 24 + 16), ("checksum", size - 32),
             ("checksum", size - 1)]
    return [{"field": f, "input": "file", "offset": o, "mask": 1, "error": "TSEAL_STATE_CORRUPT"} for f, o in spots]


def main():
    two = [(B, 5000), (A, 100)]
    two.sort(key=lambda e: sid(e[0]))
    cases = [
        case("no-file-first-commits-write-it", 1024,
             [(A, 1), (A, 2), (B, 7), (A, 2), (A, 0), (B, 3), (B, 3), (A, 3)]),
        case("reopened-streams-refuse-everything-reserved", 64,
             [(A, 100), (A, 37), (A, 36), (A, 1), (A, 101), (A, 101), (B, 5000), (B, 5001), (C, 1), (A, 102)],
             file_entries=two, tamper=tampers(two)),
        case("empty-state", 1024, [(C, 1), (C, 1)], file_entries=[]),
        case("reservation-extremes", 1024,
             [(B, 1), (A, U64_MAX), (A, U64_MAX - 1023), (A, U64_MAX - 1024), (A, 1)],
             file_entries=[(B, 0), (A, U64_MAX)]),
        corrupt("empty-file", b""),
        corrupt("shorter-than-checksum", encode([])[:31]),
        corrupt("checksum-only", hashlib.sha256(b"").digest()),
        corrupt("truncated-header", encode([])[:8] + hashlib.sha256(encode([])[:8]).digest()),
        corrupt("version-0", encode(two, version=0)),
        corrupt("version-2", encode(two, version=2)),
        corrupt("magic-lowercase", encode(two, magic=b"tsrg")),
        corrupt("count-above-entries", encode(two, count=3)),
        corrupt("count-below-entries", encode(two, count=1)),
        corrupt("count-max", encode(two, count=2**32 - 1)),
        corrupt("trailing-byte-before-checksum", encode(two, extra=b"\x00")),
        corrupt("half-entry", encode(two, count=2, extra=sid(C))),
        corrupt("entries-out-of-order", encode(list(reversed(two)))),
        corrupt("duplicate-entries", encode([two[0], two[0]])),
        corrupt("duplicate-entries-other-reservation", encode([two[0], (two[0][0], 9)])),
    ]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    doc = {
        "capability": "guard_state",
        "description": "Guard state file v1 (docs/WIRE.md): opening given bytes, the verdicts after a restart, "
                       "the exact bytes persisted, and every corrupt structure (generated by "
                       "scripts/gen-vectors-guard-state.py, independently of the Rust code)",
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
