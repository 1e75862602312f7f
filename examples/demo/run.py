"""The cross-language copier demo (`make demo`).

A C++ master signs trading signals, the MetaTrader 5 DLL (under wine) signs one too, this Python ingest
verifies each (signature, input rules, replay, rate) and forwards the accepted ones over a Noise XX session
to a Node receiver, which verifies them again. Every language prints the SHA-256 of the bytes it holds:
the digests in a row are identical. Then a tampered, a replayed, a stale and a wrong-key signal are
rejected with their error names.

Run by scripts/demo.sh, which builds everything and sets DEMO_MASTER, DEMO_WINE, DEMO_MT5_EXE, DEMO_DLL.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import time

import tradeseal

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_ID = 1
KEY = bytes(range(32))  # demo only: real keys come from MacKey.generate() or a KDF
ROGUE_KEY = bytes(range(32, 64))  # someone else's key under the same key id
SUBSCRIPTION = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
ORDER_TYPES = {"BUY": 0, "SELL": 1, "BUY_LIMIT": 2}


def short(digest: str | None) -> str:
    return digest[:16] if digest else "-"


def signal_line(keyring: str, seq: int, at_ms: int, symbol: str, order: str, volume: tuple[int, int],
                price: tuple[int, int]) -> list[str]:
    return [keyring, SUBSCRIPTION, str(seq), str(at_ms), symbol, str(ORDER_TYPES[order]),
            str(volume[0]), str(volume[1]), str(price[0]), str(price[1])]


def cpp_sign(lines: list[list[str]]) -> list[tuple[bytes, str]]:
    """Signs with the C++ master; returns (packet, the digest C++ computed) per line."""
    out = subprocess.run([os.environ["DEMO_MASTER"], str(KEY_ID), KEY.hex(), ROGUE_KEY.hex()],
                         input="".join(" ".join(l) + "\n" for l in lines), capture_output=True, text=True,
                         check=True).stdout.split("\n")
    results = []
    for line in out[: len(lines)]:
        packet_hex, digest = line.split()
        if packet_hex == "ERROR":
            raise SystemExit(f"C++ master failed: {digest}")
        results.append((bytes.fromhex(packet_hex), digest))
    return results


def mt5_sign(line: list[str]) -> bytes:
    """Signs with tradeseal.dll under wine, the way an EA does."""
    env = dict(os.environ, WINEDEBUG="-all")
    env.pop("DISPLAY", None)
    out = subprocess.run([os.environ["DEMO_WINE"], os.environ["DEMO_MT5_EXE"], os.environ["DEMO_DLL"],
                          str(KEY_ID), KEY.hex(), *line[1:]], capture_output=True, text=True, env=env,
                         check=True).stdout.strip()
    if out.startswith("ERROR"):
        raise SystemExit(f"MT5 DLL failed: {out}")
    return bytes.fromhex(out)


class Receiver:
    """The Node receiver process, reached over a Noise XX session on loopback TCP."""

    def __init__(self) -> None:
        self.me = tradeseal.NoiseKeypair.generate()
        self.proc = subprocess.Popen(
            ["node", os.path.join(HERE, "receiver.js"), str(KEY_ID), KEY.hex(), self.me.public_key.hex()],
            stdout=subprocess.PIPE, text=True)
        hello = json.loads(self._line())
        self.session = tradeseal.NoiseSession.initiator(
            tradeseal.NoiseOptions(prologue=b"tradeseal demo v1", local_private_key=self.me.private_key(),
                                   allow_peers=[bytes.fromhex(hello["publicKey"])]),
            now_ms())
        self.sock = socket.create_connection(("127.0.0.1", hello["port"]))
        self._send(self.session.write_message(now_ms(), b""))  # -> e
        self.session.read_message(now_ms(), self._recv())  # <- e, ee, s, es
        self._send(self.session.write_message(now_ms(), b""))  # -> s, se
        assert self.session.state == "TRANSPORT"

    def forward(self, packet: bytes) -> dict:
        self._send(self.session.write_message(now_ms(), packet))
        return json.loads(self._line())

    def close(self) -> None:
        self.sock.close()
        self.proc.wait(timeout=10)

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit("the Node receiver exited early")
        return line

    def _send(self, message: bytes) -> None:
        self.sock.sendall(struct.pack(">H", len(message)) + message)

    def _recv(self) -> bytes:
        (length,) = struct.unpack(">H", self._recv_exactly(2))
        return self._recv_exactly(length)

    def _recv_exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise SystemExit("the Node receiver closed the connection")
            data += chunk
        return data


def now_ms() -> int:
    return int(time.time() * 1000)


def main() -> int:
    keyring = tradeseal.Keyring.with_primary(KEY_ID, KEY)
    verifier = tradeseal.SignalVerifier(time=tradeseal.TimeWindow(max_age_ms=60_000, max_future_ms=5_000))
    limiter = tradeseal.RateLimiter(100, 20, 1024)

    t = now_ms()
    good = [
        signal_line("good", 1, t, "EURUSD", "BUY", (10, 2), (108125, 5)),
        signal_line("good", 2, t, "GBPUSD", "SELL", (25, 2), (126740, 5)),
        signal_line("good", 3, t, "XAUUSD", "BUY_LIMIT", (5, 2), (237550, 2)),
        signal_line("good", 4, t, "USDJPY", "SELL", (100, 2), (151234, 3)),
    ]
    stale = signal_line("good", 5, t - 600_000, "EURUSD", "BUY", (10, 2), (108125, 5))
    rogue = signal_line("rogue", 6, t, "EURUSD", "BUY", (10, 2), (108125, 5))
    fresh = signal_line("good", 7, t, "GBPUSD", "SELL", (25, 2), (126740, 5))
    signed = cpp_sign(good + [stale, rogue, fresh])

    print("signing the fourth signal with tradeseal.dll under wine (the MetaTrader 5 leg) ...", flush=True)
    mt5_packet = mt5_sign(good[3])

    tampered = bytearray(signed[6][0])
    tampered[-40] ^= 0x01  # one bit of the price
    rows = [  # (label, origin, packet, C++ digest, MT5 digest, expected verdict)
        ("#1 EURUSD BUY 0.10", "C++", signed[0][0], signed[0][1], None, "OK"),
        ("#2 GBPUSD SELL 0.25", "C++", signed[1][0], signed[1][1], None, "OK"),
        ("#3 XAUUSD BUY_LIMIT 0.05", "C++", signed[2][0], signed[2][1], None, "OK"),
        ("#4 USDJPY SELL 1.00", "MT5 DLL", mt5_packet, signed[3][1], hashlib.sha256(mt5_packet).hexdigest(), "OK"),
        ("tampered #7 (1 bit of price)", "C++", bytes(tampered), None, None, "TSEAL_INVALID_SIGNATURE"),
        ("replayed #1", "C++", signed[0][0], signed[0][1], None, "TSEAL_REPLAYED"),
        ("stale #5 (10 min old)", "C++", signed[4][0], signed[4][1], None, "TSEAL_STALE"),
        ("wrong key #6", "C++", signed[5][0], signed[5][1], None, "TSEAL_INVALID_SIGNATURE"),
    ]

    print("connecting to the Node receiver over Noise_XX_25519_ChaChaPoly_SHA256 ...", flush=True)
    receiver = Receiver()
    header = f"{'message':<30} {'from':<8} {'C++ sha256':<17} {'MT5 sha256':<17} {'Python sha256':<17} " \
             f"{'Node sha256':<17} {'ingest (Python)':<24} receiver (Node)"
    print()
    print(header)
    print("-" * len(header))
    failures = 0
    for label, origin, packet, cpp_digest, mt5_digest, expected in rows:
        py_digest = hashlib.sha256(packet).hexdigest()
        try:
            limiter.acquire(f"key:{KEY_ID}", now_ms())
            verifier.verify(keyring, packet, now_ms())
            ingest = "OK"
        except tradeseal.TradesealError as err:
            ingest = err.name
        node_digest, node_verdict = None, "-"
        if ingest == "OK":
            reply = receiver.forward(packet)
            node_digest, node_verdict = reply["sha256"], reply["verdict"]
        print(f"{label:<30} {origin:<8} {short(cpp_digest):<17} {short(mt5_digest):<17} {short(py_digest):<17} "
              f"{short(node_digest):<17} {ingest:<24} {node_verdict}")
        digests = {d for d in (cpp_digest, mt5_digest, py_digest, node_digest) if d}
        if len(digests) != 1 or ingest != expected or (expected == "OK" and node_verdict != "OK"):
            failures += 1
    receiver.close()
    print()
    if failures:
        print(f"demo: {failures} row(s) did not behave as expected")
        return 1
    print("demo: every language produced identical bytes; every bad message was rejected with its name.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
