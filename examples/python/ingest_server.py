"""A signal ingest server: verifies signed trading signals before anything acts on them.

Standard library only, besides tradeseal. Senders POST a signed v1 signal packet (``Signal.sign``) to
``/signals`` as ``application/octet-stream``. The server

1. reads the packet's unauthenticated key id and subscription (``Signal.parse_unverified``) to pick the
   subscription's keyring and drop duplicates before the signature check,
2. verifies it (``Signal.verify``), and only then
3. accepts its sequence number, so a replay or a forged copy never moves the window.

Replies: 202 accepted, 401 not authentic (``AuthenticationError``), 400 not a signal (``FormatError``),
409 replayed or too old (``ReplayError``), 404 unknown subscription.

Run ``python ingest_server.py --self-test`` for a self-contained check on 127.0.0.1, or
``python ingest_server.py --port 8080 --key 1:<64 hex digits>`` to serve (any subscription, one keyring).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import threading
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Tuple

import tradeseal

MAX_PACKET_BYTES = 4096


class Subscriptions:
    """The keyring and replay window of each subscription (tradeseal's windows are thread-safe)."""

    def __init__(self, default_keyring: Optional[tradeseal.Keyring] = None) -> None:
        self._keyrings: Dict[uuid.UUID, tradeseal.Keyring] = {}
        self._default = default_keyring
        self._windows: Dict[uuid.UUID, tradeseal.ReplayWindow] = {}
        self._lock = threading.Lock()  # guards the dict of windows, not the windows

    def add(self, subscription_id: uuid.UUID, keyring: tradeseal.Keyring) -> None:
        """Serves ``subscription_id`` with ``keyring``."""
        self._keyrings[subscription_id] = keyring

    def ingest(self, packet: bytes) -> tradeseal.Signal:
        """The verified signal in ``packet``, accepted at most once; raises a ``TradesealError`` otherwise."""
        _key_id, subscription_id, sequence = tradeseal.Signal.parse_unverified(packet)
        keyring = self._keyrings.get(subscription_id, self._default)
        if keyring is None:
            raise LookupError(subscription_id)
        with self._lock:
            window = self._windows.setdefault(subscription_id, tradeseal.ReplayWindow())
        checked = window.check(sequence)  # cheap: duplicates never reach the signature check
        signal = tradeseal.Signal.verify(keyring, packet)
        window.commit(checked)  # only an authentic signal moves the window
        return signal


def make_handler(subscriptions: Subscriptions) -> type:
    """A request handler class bound to ``subscriptions``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/signals" or not 0 < length <= MAX_PACKET_BYTES:
                self.reply(400, {"error": "POST a signed signal packet to /signals"})
                return
            try:
                signal = subscriptions.ingest(self.rfile.read(length))
            except tradeseal.AuthenticationError as e:
                self.reply(401, {"error": e.name})
            except tradeseal.ReplayError as e:
                self.reply(409, {"error": e.name})
            except tradeseal.TradesealError as e:
                self.reply(400, {"error": e.name})
            except LookupError:
                self.reply(404, {"error": "unknown subscription"})
            else:
                self.reply(202, describe(signal))

        def reply(self, status: int, body: Dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
            pass

    return Handler


def describe(signal: tradeseal.Signal) -> Dict[str, object]:
    """The JSON the server answers for an accepted signal."""
    return {
        "subscription_id": str(signal.subscription_id),
        "sequence": signal.sequence,
        "symbol": signal.symbol,
        "order_type": signal.order_type,
        "volume": str(signal.volume),
        "price": str(signal.price),
        "key_id": signal.key_id,
    }


def post(url: str, packet: bytes) -> Tuple[int, Dict[str, object]]:
    """POSTs ``packet``; returns the status and the JSON reply."""
    request = urllib.request.Request(
        url, data=packet, method="POST", headers={"Content-Type": "application/octet-stream"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def self_test() -> None:
    """Runs the server on 127.0.0.1 and checks every kind of reply."""
    secret = secrets.token_bytes(32)
    subscription = uuid.uuid4()
    sender = tradeseal.Keyring.with_primary(1, secret)
    outsider = tradeseal.Keyring.with_primary(1, secrets.token_bytes(32))
    subscriptions = Subscriptions()
    subscriptions.add(subscription, tradeseal.Keyring.with_primary(1, secret))
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(subscriptions))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/signals"

    def packet(
        sequence: int, subscription_id: uuid.UUID = subscription, ring: tradeseal.Keyring = sender
    ) -> bytes:
        return tradeseal.Signal(
            subscription_id,
            sequence,
            1_700_000_000_000 + sequence,
            "EURUSD",
            "BUY",
            tradeseal.Decimal.parse("0.10"),
            tradeseal.Decimal.from_float(1.08125, 5),
        ).sign(ring)

    forged = bytearray(packet(2))
    forged[-1] ^= 1
    checks = [
        ("accepted", post(url, packet(1)), 202, None),
        ("replayed", post(url, packet(1)), 409, "TSEAL_REPLAYED"),
        ("forged tag", post(url, bytes(forged)), 401, "TSEAL_INVALID_SIGNATURE"),
        ("forgery did not burn its sequence", post(url, packet(2)), 202, None),
        ("signed with another key", post(url, packet(3, ring=outsider)), 401, "TSEAL_INVALID_SIGNATURE"),
        ("not a signal", post(url, b"\x09not a signal"), 400, "TSEAL_UNSUPPORTED_VERSION"),
        ("unknown subscription", post(url, packet(3, uuid.uuid4())), 404, None),
    ]
    server.shutdown()
    server.server_close()
    failed = [
        f"{name}: got {status} {body}"
        for name, (status, body), want_status, want_error in checks
        if status != want_status or (want_error is not None and body.get("error") != want_error)
    ]
    accepted = checks[0][1][1]
    if accepted.get("price") != "1.08125" or accepted.get("sequence") != 1:
        failed.append(f"accepted signal reads back wrong: {accepted}")
    for failure in failed:
        print("FAILED", failure, file=sys.stderr)
    print(f"ingest_server self-test: {len(checks) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


def main(argv: Optional[List[str]] = None) -> int:
    """Serves, or runs the self-test."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--self-test", action="store_true", help="check the server on 127.0.0.1 and exit")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--key", help="KEY_ID:HEX of the senders' HMAC key (at least 32 bytes)")
    args = parser.parse_args(argv)
    if args.self_test:
        self_test()
        return 0
    if not args.key:
        parser.error("--key is required to serve")
    key_id, _, key_hex = args.key.partition(":")
    subscriptions = Subscriptions(tradeseal.Keyring.with_primary(int(key_id), bytes.fromhex(key_hex)))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(subscriptions))
    print(f"listening on http://127.0.0.1:{args.port}/signals")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
