"""The Python side of the cross-language Noise test: plays tests/interop/conversation.json over loopback TCP.

Usage: peer.py server|client CONVERSATION [--port N] [--reject | --expect-closed]
See tests/interop/README.md for the protocol; scripts/test-interop.sh runs it against the other languages.
"""

import argparse
import json
import socket
import sys
import time
from typing import Any, Dict, Optional

import tradeseal
from tradeseal import Decimal, FrameDecoder, Keyring, NoiseOptions, NoiseSession, PeerNotAllowed, Signal

TIMEOUT_S = 20
START = time.monotonic()


def now_ms() -> int:
    return int((time.monotonic() - START) * 1000)


def fail(message: str) -> None:
    print(f"peer.py: {message}", file=sys.stderr)
    sys.exit(1)


class Channel:
    """A Noise session over a TCP socket, one stream frame per Noise message."""

    def __init__(self, sock: socket.socket, session: NoiseSession) -> None:
        self.sock, self.session, self.decoder = sock, session, FrameDecoder()
        self.pending = b""

    def send(self, payload: bytes) -> None:
        self.sock.sendall(tradeseal.encode_frame(self.session.write_message(now_ms(), payload)))

    def receive(self) -> Optional[bytes]:
        """The next payload, or None when the peer closed the connection."""
        while True:
            frame = self.decoder.take_frame()
            if frame is not None:
                return self.session.read_message(now_ms(), frame)
            if not self.pending:
                self.pending = self.sock.recv(4096)
                if not self.pending:
                    return None
            used = self.decoder.feed(self.pending)
            self.pending = self.pending[used:]


def payload_of(step: Dict[str, Any], keys: Keyring) -> bytes:
    if "text" in step:
        return str(step["text"]).encode()
    if "fill" in step:
        return bytes(i % 251 for i in range(step["fill"]))
    return signal_of(step["signal"]).sign(keys)


def signal_of(fields: Dict[str, Any]) -> Signal:
    return Signal(fields["subscription_id"], fields["sequence"], fields["generated_at_ms"], fields["symbol"],
                  fields["order_type"], Decimal(fields["volume_units"], fields["volume_decimals"]),
                  Decimal(fields["price_units"], fields["price_decimals"]))


def check_step(step: Dict[str, Any], payload: bytes, keys: Keyring, key_id: int, index: int) -> None:
    if "signal" not in step:
        if payload != payload_of(step, keys):
            fail(f"step {index}: payload differs ({len(payload)} bytes)")
        return
    got, want = Signal.verify(keys, payload), signal_of(step["signal"])
    fields = ("subscription_id", "sequence", "generated_at_ms", "symbol", "order_type", "volume", "price")
    for name in fields:
        if getattr(got, name) != getattr(want, name):
            fail(f"step {index}: signal field {name} is {getattr(got, name)!r}")
    if got.key_id != key_id:
        fail(f"step {index}: key id {got.key_id}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=("server", "client"))
    parser.add_argument("conversation")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject", action="store_true", help="pin a stranger's key: the handshake must fail")
    parser.add_argument("--expect-closed", action="store_true", help="the peer must hang up after the handshake")
    args = parser.parse_args()
    conv = json.load(open(args.conversation, encoding="utf-8"))
    me, peer = ("server", "client") if args.role == "server" else ("client", "server")
    pinned = bytes.fromhex(conv["stranger_public" if args.reject else f"{peer}_public"])
    options = NoiseOptions(protocol=conv["protocol"], prologue=bytes.fromhex(conv["prologue"]),
                           local_private_key=bytes.fromhex(conv[f"{me}_private"]), allow_peers=[pinned])
    keys = Keyring.with_primary(conv["mac_key_id"], bytes.fromhex(conv["mac_key"]))

    if args.role == "server":
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(TIMEOUT_S)
        print(f"port {listener.getsockname()[1]}", flush=True)
        sock, _ = listener.accept()
        session = NoiseSession.responder(options, now_ms())
    else:
        sock = socket.create_connection(("127.0.0.1", args.port), timeout=TIMEOUT_S)
        session = NoiseSession.initiator(options, now_ms())
    sock.settimeout(TIMEOUT_S)
    channel = Channel(sock, session)

    try:
        while session.state == "HANDSHAKING":
            if session.is_my_turn:
                channel.send(b"")
            elif channel.receive() is None:
                if args.expect_closed:
                    print("closed as expected", flush=True)
                    return
                fail("connection closed during the handshake")
    except PeerNotAllowed:
        if not args.reject:
            raise
        print("rejected TSEAL_PEER_NOT_ALLOWED", flush=True)
        return
    if args.reject:
        fail("the handshake with a stranger's key succeeded")
    if session.remote_static() != pinned:
        fail("the peer's static key is not the pinned one")
    print(f"handshake_hash {session.handshake_hash().hex()}", flush=True)
    if args.expect_closed:
        # The peer refused us: its first transport message never comes.
        try:
            if channel.receive() is not None:
                fail("the peer sent data although it should have refused the handshake")
        except ConnectionResetError:
            pass
        print("closed as expected", flush=True)
        return

    for index, step in enumerate(conv["steps"]):
        if step["from"] == me:
            channel.send(payload_of(step, keys))
        else:
            payload = channel.receive()
            if payload is None:
                fail(f"step {index}: connection closed")
                return
            check_step(step, payload, keys, conv["mac_key_id"], index)
    sock.shutdown(socket.SHUT_WR)
    if channel.receive() is not None:
        fail("data after the last step")
    print(f"ok {len(conv['steps'])} steps", flush=True)


if __name__ == "__main__":
    main()
