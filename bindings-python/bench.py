"""HMAC-SHA256 sign and verify of a 64-byte message (tradeseal vs stdlib ``hmac`` vs pyca ``cryptography``),
AES-256-GCM seal of 64 bytes (tradeseal vs ``cryptography``'s ``AESGCM.encrypt`` with a fresh random nonce), and
Noise: a full XX handshake and a 64-byte transport write+read, with the settings of core/benches/noise.rs.

Run by ``scripts/bench.sh`` (not by the tests). Prints a Markdown table of the median time per operation over
several repeats (ns), each a loop of many runs of the operation's statement timed with ``timeit``, which compiles
the statement into its loop: no Python function call per operation beyond the operation's own. With the environment
variable ``TSEAL_BENCH_JSON`` naming a file, also appends one JSON line per result
(``{group, lang, impl, bytes, median_ns}``) for ``scripts/bench_report.py``.
"""

from __future__ import annotations

import hmac
import json
import os
import platform
import statistics
import timeit
from typing import Any, Dict, List, Tuple

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import tradeseal

KEY = bytes(range(32))
MESSAGE = bytes(range(64))
LOOPS = 20_000
REPEATS = 15
AES_256_GCM = 1  # the algorithm id (docs/WIRE.md)


def per_call_ns(statement: str, names: Dict[str, Any], loops: int = LOOPS) -> float:
    """Median nanoseconds per run of ``statement``, with ``names`` (and this module's) as its globals."""
    timer = timeit.Timer(statement, globals={**globals(), **names})
    return statistics.median(timer.repeat(REPEATS, loops)) / loops * 1e9


# Noise: the settings of core/benches/noise.rs (unbounded age and count, rekey every 100 messages).
NOW = 1
ALICE, BOB = tradeseal.NoiseKeypair.generate(), tradeseal.NoiseKeypair.generate()


def noise_options(local: tradeseal.NoiseKeypair, peer: tradeseal.NoiseKeypair) -> tradeseal.NoiseOptions:
    return tradeseal.NoiseOptions(
        local_private_key=local.private_key(), allow_peers=[peer.public_key], max_age_ms=2**64 - 1,
        max_messages=2**64 - 1,
    )


INITIATOR_OPTIONS, RESPONDER_OPTIONS = noise_options(ALICE, BOB), noise_options(BOB, ALICE)


def noise_handshake() -> Tuple[tradeseal.NoiseSession, tradeseal.NoiseSession]:
    """A full XX handshake from building both sessions, as in the Rust benchmark (whose keypairs, like these
    options, are made once outside the loop)."""
    i = tradeseal.NoiseSession.initiator(INITIATOR_OPTIONS, NOW)
    r = tradeseal.NoiseSession.responder(RESPONDER_OPTIONS, NOW)
    r.read_message(NOW, i.write_message(NOW, b""))
    i.read_message(NOW, r.write_message(NOW, b""))
    r.read_message(NOW, i.write_message(NOW, b""))
    return i, r


# cryptography's HMAC takes three statements per message.
CRYPTOGRAPHY_HMAC = "h = crypto_hmac.HMAC(KEY, hashes.SHA256()); h.update(MESSAGE); "


def main() -> None:
    key = tradeseal.MacKey.from_bytes(KEY)
    tag = key.sign(MESSAGE)
    h = crypto_hmac.HMAC(KEY, hashes.SHA256())
    h.update(MESSAGE)
    assert tag == hmac.digest(KEY, MESSAGE, "sha256") == h.finalize()
    names = {"key": key, "tag": tag}
    rows: List[Tuple[str, float, float]] = [
        (
            "tradeseal `MacKey.sign` / `.verify`",
            per_call_ns("key.sign(MESSAGE)", names),
            per_call_ns("key.verify(MESSAGE, tag)", names),
        ),
        (
            "stdlib `hmac.digest` / `+ hmac.compare_digest`",
            per_call_ns("hmac.digest(KEY, MESSAGE, 'sha256')", names),
            per_call_ns("hmac.compare_digest(hmac.digest(KEY, MESSAGE, 'sha256'), tag)", names),
        ),
        (
            "cryptography `HMAC` update+finalize / verify",
            per_call_ns(CRYPTOGRAPHY_HMAC + "h.finalize()", names),
            per_call_ns(CRYPTOGRAPHY_HMAC + "h.verify(tag)", names),
        ),
    ]
    print(f"Python {platform.python_version()}, tradeseal {tradeseal.__version__}, 64-byte message, "
          f"median of {REPEATS} x {LOOPS} calls")
    print()
    print("| implementation | sign (ns) | verify (ns) | sign vs `hmac.digest` |")
    print("|---|---|---|---|")
    baseline = rows[1][1]
    for name, sign_ns, verify_ns in rows:
        print(f"| {name} | {sign_ns:.0f} | {verify_ns:.0f} | {baseline / sign_ns:.1f}x |")

    names = {"sealing_key": tradeseal.SealingKey.from_bytes(AES_256_GCM, KEY), "aesgcm": AESGCM(KEY)}
    seal_rows = [
        ("tradeseal SealingKey.seal", per_call_ns("sealing_key.seal(b'', MESSAGE)", names)),
        ("cryptography AESGCM.encrypt", per_call_ns("aesgcm.encrypt(os.urandom(12), MESSAGE, None)", names)),
    ]
    print()
    print("| AES-256-GCM seal, 64 B | ns |")
    print("|---|---|")
    for name, ns in seal_rows:
        print(f"| {name} | {ns:.0f} |")

    initiator, responder = noise_handshake()
    names = {"initiator": initiator, "responder": responder}
    noise_rows = [
        ("noise xx handshake", 0, per_call_ns("noise_handshake()", names, LOOPS // 100)),
        (
            "noise transport write+read",
            64,
            per_call_ns("responder.read_message(NOW, initiator.write_message(NOW, MESSAGE))", names),
        ),
    ]
    print()
    print("| Noise_XX_25519_ChaChaPoly_SHA256, tradeseal NoiseSession | ns |")
    print("|---|---|")
    for group, size, ns in noise_rows:
        print(f"| {group}{f', {size} B' if size else ''} | {ns:.0f} |")

    out = os.environ.get("TSEAL_BENCH_JSON")
    if out:
        impls = ["tradeseal MacKey", "stdlib hmac.digest", "cryptography HMAC"]
        records = [("hmac-sha256 sign", impl, 64, row[1]) for impl, row in zip(impls, rows)]
        records += [("hmac-sha256 verify", impl, 64, row[2]) for impl, row in zip(impls, rows)]
        records += [("aes-256-gcm seal", name, 64, ns) for name, ns in seal_rows]
        records += [(group, "tradeseal NoiseSession", size, ns) for group, size, ns in noise_rows]
        with open(out, "a", encoding="utf-8") as f:
            for group, impl, size, ns in records:
                f.write(json.dumps({"group": group, "lang": "Python", "impl": impl, "bytes": size, "median_ns": ns}))
                f.write("\n")


if __name__ == "__main__":
    main()
