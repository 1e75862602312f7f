#!/usr/bin/env python3
"""Writes tests/vectors/noise_session.json: Noise session state v1 (docs/WIRE.md) imported and used.

Independent of tradeseal: the state is laid out from the WIRE.md table, sealed in an Envelope v1 with
pyca/cryptography under explicit nonces, and every expected message, plaintext and error comes from the small
model of the importer and of both transport modes below (Noise ENCRYPT/REKEY, the datagram replay window and
epoch keys), written from docs/WIRE.md. Inputs are fixed, so the output is deterministic.
Run from anywhere: python3 scripts/gen-vectors-noise-session.py (needs `pip install cryptography`).
"""
import json
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

OUT = Path(os.environ.get("TSEAL_VECTORS_DIR") or Path(__file__).resolve().parent.parent / "tests" / "vectors") / "noise_session.json"
AAD = b"tradeseal noise session"
ENV_AES, ENV_CHACHA = 1, 2
PATTERNS = {"XX": 1, "IK": 2, "NK": 3, "XXpsk3": 4}
CIPHERS = {"ChaChaPoly": 1, "AESGCM": 2}
MODES = {"stream": 1, "datagram": 2}
INITIATOR, RESPONDER = 1, 2
WINDOW = 1024  # the replay window of a datagram receiver
MAX_EPOCH_SKIP = 4
MAX_RESTORE_EPOCHS = 1 << 16  # the most epochs a restored key may lag its next nonce
MAX_MESSAGE = 65535
TAG = 16


class Fail(Exception):
    """A rejection, named as the vectors name it."""

    def __init__(self, name):
        super().__init__(name)
        self.name = "TSEAL_" + name


def pattern(n, start):
    return bytes((start + i * 13) % 256 for i in range(n))


def public(private):
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


# --- Noise transport (Noise spec sections 5.1 and 12) ------------------------------------------------------

def noise_aead(cipher, key, n):
    if cipher == "ChaChaPoly":
        return ChaCha20Poly1305(key), b"\0" * 4 + struct.pack("<Q", n)
    return AESGCM(key), b"\0" * 4 + struct.pack(">Q", n)


def encrypt(cipher, key, n, payload):
    aead, nonce = noise_aead(cipher, key, n)
    return aead.encrypt(nonce, payload, b"")


def decrypt(cipher, key, n, message):
    if len(message) < TAG:
        raise Fail("DECRYPT_FAILED")
    aead, nonce = noise_aead(cipher, key, n)
    try:
        return aead.decrypt(nonce, message, b"")
    except InvalidTag:
        raise Fail("DECRYPT_FAILED") from None


def rekey(cipher, key):
    return encrypt(cipher, key, 2**64 - 1, b"\0" * 32)[:32]


def epoch_of(n, interval):
    return n // interval if interval else 0


def key_at(cipher, key, from_epoch, to_epoch):
    for _ in range(to_epoch - from_epoch):
        key = rekey(cipher, key)
    return key


# --- The state (docs/WIRE.md, "Noise session state v1") and its envelope -------------------------------------

FIELDS = [  # name, struct format
    ("version", "B"), ("pattern", "B"), ("cipher", "B"), ("mode", "B"), ("role", "B"),
    ("max_age_ms", "Q"), ("max_messages", "Q"), ("idle_timeout_ms", "Q"), ("rekey_interval", "Q"),
    ("started_ms", "Q"), ("last_activity_ms", "Q"), ("handshake_hash", "32s"),
    ("has_remote_static", "B"), ("remote_static", "32s"),
    ("send_key", "32s"), ("send_epoch", "Q"), ("send_next", "Q"),
    ("receive_key", "32s"), ("receive_epoch", "Q"), ("receive_next", "Q"),
    ("has_previous_key", "B"), ("previous_receive_key", "32s"),
]
LAYOUT = ">" + "".join(f for _, f in FIELDS)
assert struct.calcsize(LAYOUT) == 247


def offset_of(name):
    at = 0
    for field, fmt in FIELDS:
        if field == name:
            return at
        at += struct.calcsize(">" + fmt)
    raise KeyError(name)


def encode_state(state):
    return struct.pack(LAYOUT, *(state[name] for name, _ in FIELDS))


def envelope(alg, key_id, key, nonce, aad, plaintext):
    header = bytes([1, alg]) + struct.pack(">I", key_id) + nonce
    aead = AESGCM(key) if alg == ENV_AES else ChaCha20Poly1305(key)
    return header + aead.encrypt(nonce, plaintext, header + aad)


# --- The importer and the session, as docs/WIRE.md specifies them ----------------------------------------------

def import_state(case, plaintext):
    """The session an importer builds from `plaintext` with the case's builder settings, or `Fail`."""
    i = case["in"]
    if plaintext[:1] != b"\x01":
        raise Fail("UNSUPPORTED_VERSION")
    if len(plaintext) != 247:
        raise Fail("STATE_CORRUPT")
    s = dict(zip((name for name, _ in FIELDS), struct.unpack(LAYOUT, plaintext)))
    codes = [(s["pattern"], PATTERNS.values()), (s["cipher"], CIPHERS.values()), (s["mode"], MODES.values()),
             (s["role"], (INITIATOR, RESPONDER))]
    if any(code not in valid for code, valid in codes):
        raise Fail("STATE_CORRUPT")
    for flag, key in (("has_remote_static", "remote_static"), ("has_previous_key", "previous_receive_key")):
        if s[flag] > 1 or (s[flag] == 0 and s[key] != bytes(32)):
            raise Fail("STATE_CORRUPT")
    if s["mode"] == MODES["stream"] and s["has_previous_key"]:
        raise Fail("STATE_CORRUPT")
    for direction in ("send", "receive"):
        if epoch_of(s[f"{direction}_next"], s["rekey_interval"]) - s[f"{direction}_epoch"] > MAX_RESTORE_EPOCHS:
            raise Fail("STATE_CORRUPT")
    name, cipher = i["protocol"].split("_")[1], i["protocol"].split("_")[3]
    initiator = s["role"] == INITIATOR
    # The builder must hold what the pattern needs for the role (MISSING_SETTING) and nothing else.
    needs_local = not (initiator and name == "NK")
    needs_remote = initiator and name in ("IK", "NK")
    needs_policy = name in ("XX", "XXpsk3") or (not initiator and name == "IK")
    for needed, field in ((needs_local, "local_static"), (needs_remote, "remote_public"),
                          (name == "XXpsk3", "psk"), (needs_policy, "allow_peer")):
        if needed and not i[field]:
            raise Fail("MISSING_SETTING")
        if not needed and i[field]:
            raise Fail("INVALID_ARGUMENT")
    limits = [i["max_age_ms"], i["max_messages"], i["idle_timeout_ms"], i["rekey_interval"]]
    if ((s["pattern"], s["cipher"], s["mode"]) != (PATTERNS[name], CIPHERS[cipher], MODES[i["mode"]])
            or [s["max_age_ms"], s["max_messages"], s["idle_timeout_ms"], s["rekey_interval"]] != limits):
        raise Fail("INVALID_ARGUMENT")
    pinned = bytes.fromhex(i["allow_peer"] or i["remote_public"])
    has_remote = s["has_remote_static"] == 1
    if has_remote != bool(pinned):
        raise Fail("STATE_CORRUPT")
    if has_remote and s["remote_static"] != pinned:
        raise Fail("PEER_NOT_ALLOWED")
    now = i["now_ms"]
    age, idle = max(now - s["started_ms"], 0), max(now - s["last_activity_ms"], 0)
    if age >= s["max_age_ms"] or (s["idle_timeout_ms"] and idle >= s["idle_timeout_ms"]):
        raise Fail("SESSION_EXPIRED")
    s["cipher_name"] = cipher
    s["top"] = s["receive_next"]  # datagram: every nonce below receive_next counts as seen
    s["seen"] = set()
    s["previous"] = s["previous_receive_key"] if s["has_previous_key"] else None
    return s


def write(s, payload):
    if len(payload) > MAX_MESSAGE - TAG - (8 if s["mode"] == MODES["datagram"] else 0):
        raise Fail("FRAME_TOO_LARGE")
    n = s["send_next"]
    if n >= s["max_messages"]:
        raise Fail("SESSION_EXPIRED")
    epoch = max(s["send_epoch"], epoch_of(n, s["rekey_interval"]))
    s["send_key"] = key_at(s["cipher_name"], s["send_key"], s["send_epoch"], epoch)
    s["send_epoch"], s["send_next"] = epoch, n + 1
    body = encrypt(s["cipher_name"], s["send_key"], n, payload)
    return (struct.pack(">Q", n) if s["mode"] == MODES["datagram"] else b"") + body


def read(s, message):
    if len(message) > MAX_MESSAGE:
        raise Fail("FRAME_TOO_LARGE")
    cipher, interval = s["cipher_name"], s["rekey_interval"]
    if s["mode"] == MODES["stream"]:
        n = s["receive_next"]
        if n >= s["max_messages"]:
            raise Fail("SESSION_EXPIRED")
        epoch = max(s["receive_epoch"], epoch_of(n, interval))
        s["receive_key"] = key_at(cipher, s["receive_key"], s["receive_epoch"], epoch)
        s["receive_epoch"] = epoch
        plaintext = decrypt(cipher, s["receive_key"], n, message)
        s["receive_next"] = n + 1
        return plaintext
    if len(message) < 8:
        raise Fail("DECRYPT_FAILED")
    n = struct.unpack(">Q", message[:8])[0]
    if n >= s["max_messages"]:
        raise Fail("DECRYPT_FAILED")
    seq = n + 1  # the replay window counts from 1
    if seq <= s["top"]:
        if s["top"] - seq >= WINDOW:
            raise Fail("TOO_OLD")
        if seq <= s["receive_next"] or seq in s["seen"]:
            raise Fail("REPLAYED")
    epoch, current = epoch_of(n, interval), s["receive_epoch"]
    body = message[8:]
    if epoch == current:
        plaintext = decrypt(cipher, s["receive_key"], n, body)
    elif epoch < current:
        if s["previous"] is None or current - epoch != 1:
            raise Fail("TOO_OLD")
        plaintext = decrypt(cipher, s["previous"], n, body)
    elif epoch - current > MAX_EPOCH_SKIP:
        raise Fail("DECRYPT_FAILED")
    else:
        key = key_at(cipher, s["receive_key"], current, epoch)
        plaintext = decrypt(cipher, key, n, body)
        s["previous"] = key_at(cipher, s["receive_key"], current, epoch - 1)
        s["receive_key"], s["receive_epoch"] = key, epoch
    s["seen"].add(seq)
    s["top"] = max(s["top"], seq)
    return plaintext


def run(case):
    """Runs the op as tests/vectors/README.md describes; returns `out` or raises `Fail`."""
    i = case["in"]
    ring = {k["id"]: k for k in i["keys"]}
    exported = bytes.fromhex(i["exported"])
    if len(exported) < 2:
        raise Fail("TRUNCATED")
    if exported[0] != 1:
        raise Fail("UNSUPPORTED_VERSION")
    if exported[1] not in (ENV_AES, ENV_CHACHA, 3):
        raise Fail("UNSUPPORTED_ALGORITHM")
    nonce_len = 24 if exported[1] == 3 else 12
    if len(exported) < 6 + nonce_len + TAG:
        raise Fail("TRUNCATED")
    entry = ring.get(struct.unpack(">I", exported[2:6])[0])
    if entry is None:
        raise Fail("UNKNOWN_KEY")
    if entry["algorithm"] != exported[1]:
        raise Fail("UNSUPPORTED_ALGORITHM")
    header, sealed = exported[:6 + nonce_len], exported[6 + nonce_len:]
    key = bytes.fromhex(entry["key"])
    aead = AESGCM(key) if entry["algorithm"] == ENV_AES else ChaCha20Poly1305(key)
    try:
        plaintext = aead.decrypt(header[6:], sealed, header + AAD)
    except InvalidTag:
        raise Fail("DECRYPT_FAILED") from None
    s = import_state(case, plaintext)
    out = {"handshake_hash": s["handshake_hash"].hex(),
           "remote_static": s["remote_static"].hex() if s["has_remote_static"] else ""}
    for n in range(i["count"]):
        if f"msg{n}" in i:
            out[f"payload{n}"] = read(s, bytes.fromhex(i[f"msg{n}"])).hex()
        else:
            out[f"msg{n}"] = write(s, bytes.fromhex(i[f"payload{n}"])).hex()
    return out


# --- The cases ---------------------------------------------------------------------------------------------

STATICS = {side: pattern(32, start) for side, start in (("init", 1), ("resp", 2), ("other", 3))}
ENV_KEYS = [
    {"id": 0x01020304, "algorithm": ENV_CHACHA, "key": pattern(32, 40).hex(), "primary": True},
    {"id": 9, "algorithm": ENV_AES, "key": pattern(32, 41).hex(), "primary": False},
]
NOW = 5_000_000


def base_state(protocol, mode, role, limits, remote, epochs):
    """A state whose keys are the epochs' keys of two fixed base keys (as if both sides had rekeyed)."""
    cipher = protocol.split("_")[3]
    send0, receive0 = pattern(32, 60 + role), pattern(32, 70 - role)
    send_epoch, send_next, receive_epoch, receive_next, previous = epochs
    return {
        "version": 1, "pattern": PATTERNS[protocol.split("_")[1]], "cipher": CIPHERS[cipher],
        "mode": MODES[mode], "role": role,
        "max_age_ms": limits[0], "max_messages": limits[1], "idle_timeout_ms": limits[2],
        "rekey_interval": limits[3],
        # One millisecond before each limit, so one millisecond less is expired.
        "started_ms": NOW - limits[0] + 1, "last_activity_ms": NOW - limits[2] + 1 if limits[2] else NOW - 7,
        "handshake_hash": pattern(32, 90 + role), "has_remote_static": int(remote is not None),
        "remote_static": remote or bytes(32),
        "send_key": key_at(cipher, send0, 0, send_epoch), "send_epoch": send_epoch, "send_next": send_next,
        "receive_key": key_at(cipher, receive0, 0, receive_epoch), "receive_epoch": receive_epoch,
        "receive_next": receive_next, "has_previous_key": int(previous),
        "previous_receive_key": key_at(cipher, receive0, 0, receive_epoch - 1) if previous else bytes(32),
        "_receive0": receive0,
    }


def peer_message(state, mode, n, payload):
    """What the peer sends with nonce `n` (its sending key is this state's receiving key)."""
    cipher = [c for c, code in CIPHERS.items() if code == state["cipher"]][0]
    key = key_at(cipher, state["_receive0"], 0, epoch_of(n, state["rekey_interval"]))
    body = encrypt(cipher, key, n, payload)
    return (struct.pack(">Q", n) if mode == "datagram" else b"") + body


def seal(state, key_index=0, nonce_start=0, aad=AAD, plaintext=None):
    entry = ENV_KEYS[key_index]
    plaintext = encode_state(state) if plaintext is None else plaintext
    return envelope(entry["algorithm"], entry["id"], bytes.fromhex(entry["key"]), pattern(12, 200 + nonce_start),
                    aad, plaintext)


def make_case(name, base, steps, state=None, exported=None, **changes):
    """A case from `base` (a dict with `in` settings and `state`), with `steps` as [("read", n, payload) |
    ("write", payload)] and `changes` to the builder settings."""
    state = dict(base["state"] if state is None else state)
    i = dict(base["in"], **changes)
    i["exported"] = (seal(state) if exported is None else exported).hex()
    i["count"] = len(steps)
    for n, step in enumerate(steps):
        if step[0] == "read":
            i[f"msg{n}"] = (step[1] if isinstance(step[1], bytes)
                            else peer_message(base["state"], base["in"]["mode"], step[1], step[2])).hex()
        else:
            i[f"payload{n}"] = step[1].hex()
    case = {"name": name, "op": "noise_import", "in": i}
    try:
        case["out"] = run(case)
    except Fail as e:
        case["error"] = e.name
    return case


def settings(protocol, mode, limits, local=None, remote_public=None, allow=None, psk=None):
    return {"keys": ENV_KEYS, "protocol": protocol, "mode": mode, "max_age_ms": limits[0],
            "max_messages": limits[1], "idle_timeout_ms": limits[2], "rekey_interval": limits[3],
            "local_static": (local or b"").hex(), "remote_public": (remote_public or b"").hex(),
            "psk": (psk or b"").hex(), "allow_peer": (allow or b"").hex(), "now_ms": NOW}


def tamper(field, input_, offset, error, mask=1):
    return {"field": field, "input": input_, "offset": offset, "mask": mask, "error": error}


def expect_tamper(case, entry):
    """Checks a tamper entry against the model (so each expected error is computed, not assumed)."""
    copy = json.loads(json.dumps(case))
    raw = bytearray.fromhex(copy["in"][entry["input"]])
    raw[entry["offset"]] ^= entry["mask"]
    copy["in"][entry["input"]] = raw.hex()
    try:
        run(copy)
    except Fail as e:
        assert e.name == entry["error"], (case["name"], entry, e.name)
        return entry
    raise AssertionError(f"{case['name']}: tamper {entry} is accepted")


def with_tampers(case, entries):
    case["tamper"] = [expect_tamper(case, e) for e in entries]
    return case


def envelope_tampers(case):
    size = len(bytes.fromhex(case["in"]["exported"]))
    return [tamper("envelope version", "exported", 0, "TSEAL_UNSUPPORTED_VERSION"),
            tamper("envelope algorithm", "exported", 1, "TSEAL_UNSUPPORTED_ALGORITHM", 0x80),
            tamper("envelope key id", "exported", 2, "TSEAL_UNKNOWN_KEY", 0x10),
            tamper("envelope key id", "exported", 5, "TSEAL_UNKNOWN_KEY", 0x40),
            tamper("envelope nonce", "exported", 6, "TSEAL_DECRYPT_FAILED"),
            tamper("envelope nonce", "exported", 17, "TSEAL_DECRYPT_FAILED", 0x80),
            tamper("state ciphertext", "exported", 18, "TSEAL_DECRYPT_FAILED"),
            tamper("state ciphertext", "exported", 18 + 246, "TSEAL_DECRYPT_FAILED", 0x20),
            tamper("envelope tag", "exported", size - 16, "TSEAL_DECRYPT_FAILED"),
            tamper("envelope tag", "exported", size - 1, "TSEAL_DECRYPT_FAILED", 0x80)]


def changed(state, **fields):
    return dict(state, **fields)


def flipped(value, mask=1):
    return bytes([value[0] ^ mask]) + value[1:] if isinstance(value, bytes) else value ^ mask


def cases():
    out = []
    resp_pub, init_pub, other_pub = (public(STATICS[s]) for s in ("resp", "init", "other"))

    # A: XX, ChaChaPoly, datagram, initiator; both directions in epoch 2 (rekey every 10). The live session
    # had sent 3 messages and reserved 20, so the import sends from 23; it had accepted up to nonce 21.
    limits_a = (3_600_000, 1000, 300_000, 10)
    a = {"in": settings("Noise_XX_25519_ChaChaPoly_SHA256", "datagram", limits_a, local=STATICS["init"],
                        allow=resp_pub),
         "state": base_state("Noise_XX_25519_ChaChaPoly_SHA256", "datagram", INITIATOR, limits_a, resp_pub,
                             (0, 23, 2, 22, True))}
    steps_a = [("read", 25, b"BUY 1.00 EURUSD"), ("read", 22, b"late but new"), ("write", b"after restart"),
               ("read", 31, b"epoch 3"), ("write", b""), ("read", 27, b"epoch 2, now the previous one"),
               ("write", b"SELL 0.50 GBPUSD")]
    case_a = make_case("xx-chachapoly-datagram-initiator", a, steps_a)
    out.append(with_tampers(case_a, envelope_tampers(case_a) + [
        tamper("datagram nonce", "msg0", 7, "TSEAL_DECRYPT_FAILED", 0x02),
        tamper("datagram nonce (at the message limit)", "msg0", 6, "TSEAL_DECRYPT_FAILED", 0x04),
        tamper("datagram nonce (already accepted)", "msg1", 7, "TSEAL_REPLAYED", 0x03),
        tamper("datagram ciphertext", "msg0", 8, "TSEAL_DECRYPT_FAILED"),
        tamper("datagram tag", "msg3", 8 + 7 + 15, "TSEAL_DECRYPT_FAILED", 0x80),
    ]))
    # The imported copy rejects whatever the exporter accepted: every nonce below receive_next.
    for n, error in ((21, "replayed"), (0, "replayed-epoch-0"), (15, "replayed-previous-epoch")):
        out.append(make_case(f"xx-datagram-{error}", a, [("read", n, b"accepted before the export")]))
    out.append(make_case("xx-datagram-duplicate-after-import", a,
                         [("read", 25, b"once"), ("read", 26, b"twice"), ("read", 25, b"once")]))
    out.append(make_case("xx-datagram-too-far-ahead", a, [("read", 22 + 10 * (MAX_EPOCH_SKIP + 1), b"x")]))
    far = changed(a["state"], receive_next=1500, receive_epoch=149, max_messages=2000,
                  receive_key=key_at("ChaChaPoly", a["state"]["_receive0"], 0, 149),
                  previous_receive_key=key_at("ChaChaPoly", a["state"]["_receive0"], 0, 148))
    out.append(make_case("xx-datagram-too-old", a, [("read", 1501, b"x"), ("read", 400, b"y")], state=far,
                         max_messages=2000))
    # A state whose receive_next lies in the previous epoch: the previous key opens it.
    prev = changed(a["state"], receive_next=17)
    out.append(make_case("xx-datagram-previous-key", a, [("read", 18, b"epoch 1"), ("read", 20, b"epoch 2")],
                         state=prev))
    out.append(make_case("state-previous-key-flipped", a, [("read", 18, b"epoch 1")],
                         state=changed(prev, previous_receive_key=flipped(prev["previous_receive_key"]))))
    out.append(make_case("state-previous-key-absent", a, [("read", 18, b"epoch 1")],
                         state=changed(prev, has_previous_key=0, previous_receive_key=bytes(32))))
    out.append(make_case("xx-datagram-write-at-the-limit", a, [("write", b"last"), ("write", b"one too many")],
                         state=changed(a["state"], send_next=999)))

    # Every field of the state, changed in turn (re-sealed, so the envelope opens): the importer's
    # rejections of docs/WIRE.md, or the step where the changed field shows.
    s = a["state"]
    plain = encode_state(s)
    field_cases = [
        ("version-2", changed(s, version=2)), ("version-0", changed(s, version=0)),
        ("pattern-0", changed(s, pattern=0)), ("pattern-5", changed(s, pattern=5)),
        ("pattern-ik", changed(s, pattern=2)), ("pattern-xxpsk3", changed(s, pattern=4)),
        ("cipher-0", changed(s, cipher=0)), ("cipher-3", changed(s, cipher=3)), ("cipher-aesgcm", changed(s, cipher=2)),
        ("mode-0", changed(s, mode=0)), ("mode-3", changed(s, mode=3)), ("mode-stream", changed(s, mode=1, has_previous_key=0, previous_receive_key=bytes(32))),
        ("role-0", changed(s, role=0)), ("role-3", changed(s, role=3)),
        ("max-age", changed(s, max_age_ms=s["max_age_ms"] + 1)),
        ("max-messages", changed(s, max_messages=s["max_messages"] - 1)),
        ("idle-timeout", changed(s, idle_timeout_ms=0)),
        ("rekey-interval", changed(s, rekey_interval=11)),
        ("started-one-ms-earlier", changed(s, started_ms=s["started_ms"] - 1)),
        ("last-activity-one-ms-earlier", changed(s, last_activity_ms=s["last_activity_ms"] - 1)),
        ("has-remote-static-2", changed(s, has_remote_static=2)),
        ("has-remote-static-0", changed(s, has_remote_static=0)),
        ("remote-static-absent", changed(s, has_remote_static=0, remote_static=bytes(32))),
        ("remote-static-flipped", changed(s, remote_static=flipped(s["remote_static"]))),
        ("has-previous-key-2", changed(s, has_previous_key=2)),
        ("has-previous-key-0", changed(s, has_previous_key=0)),
    ]
    for label, state in field_cases:
        out.append(make_case(f"state-{label}", a, steps_a[:1], state=state))
    for label, size in (("empty", 0), ("one-short", 246), ("one-long", 248)):
        body = (plain + bytes(1))[:size]
        out.append(make_case(f"state-length-{label}", a, steps_a[:1], exported=seal(s, plaintext=body)))
    # Key and counter fields import fine; the first message that uses them shows the change.
    out.append(make_case("state-send-epoch-too-far-behind", a, [("write", b"x")],
                         state=changed(s, send_next=10 * (MAX_RESTORE_EPOCHS + 1))))
    out.append(make_case("state-send-epoch-at-the-reach", a, [("write", b"x")],
                         state=changed(s, send_next=10 * MAX_RESTORE_EPOCHS + 9, max_messages=1_000_000),
                         max_messages=1_000_000))
    for label, fields in (("send-key-flipped", {"send_key": flipped(s["send_key"])}),
                          ("send-epoch-ahead", {"send_epoch": 3}),
                          ("send-next-later", {"send_next": 24})):
        out.append(make_case(f"state-{label}", a, [("write", b"after restart")], state=changed(s, **fields)))
    for label, fields in (("receive-key-flipped", {"receive_key": flipped(s["receive_key"])}),
                          ("receive-epoch-behind", {"receive_epoch": 1}),
                          ("receive-next-later", {"receive_next": 26}),
                          ("handshake-hash-flipped", {"handshake_hash": flipped(s["handshake_hash"])})):
        out.append(make_case(f"state-{label}", a, steps_a[:1], state=changed(s, **fields)))

    # Builder settings that do not match the state, and envelope failures.
    out.append(make_case("builder-other-protocol", a, steps_a[:1], protocol="Noise_XX_25519_AESGCM_SHA256"))
    out.append(make_case("builder-other-mode", a, steps_a[:1], mode="stream"))
    for field, value in (("max_age_ms", 3_600_001), ("max_messages", 999), ("idle_timeout_ms", 0),
                         ("rekey_interval", 0)):
        out.append(make_case(f"builder-other-{field.replace('_', '-')}", a, steps_a[:1], **{field: value}))
    out.append(make_case("builder-peer-not-allowed", a, steps_a[:1], allow_peer=other_pub.hex()))
    out.append(make_case("builder-expired-age", a, steps_a[:1],
                         state=changed(s, last_activity_ms=NOW), now_ms=NOW + 1))
    out.append(make_case("builder-expired-idle", a, steps_a[:1],
                         state=changed(s, started_ms=NOW - 10), now_ms=NOW + 1))
    out.append(make_case("envelope-retiring-key", a, steps_a[:1], exported=seal(s, key_index=1)))
    out.append(make_case("envelope-unknown-key", a, steps_a[:1], keys=ENV_KEYS[1:]))
    out.append(make_case("envelope-other-key", a, steps_a[:1],
                         keys=[dict(ENV_KEYS[0], key=pattern(32, 42).hex())]))
    out.append(make_case("envelope-other-algorithm", a, steps_a[:1],
                         keys=[dict(ENV_KEYS[0], algorithm=ENV_AES)]))
    out.append(make_case("envelope-other-aad", a, steps_a[:1], exported=seal(s, aad=b"tradeseal noise sessioN")))
    out.append(make_case("envelope-truncated", a, steps_a[:1], exported=seal(s)[:33]))

    # B: XX, AESGCM, stream, responder; rekey every 4, so both directions cross epochs.
    limits_b = (600_000, 50, 0, 4)
    b = {"in": settings("Noise_XX_25519_AESGCM_SHA256", "stream", limits_b, local=STATICS["resp"], allow=init_pub),
         "state": base_state("Noise_XX_25519_AESGCM_SHA256", "stream", RESPONDER, limits_b, init_pub,
                             (0, 6, 1, 5, False))}
    steps_b = [("read", 5, b"FILLED 1"), ("write", b"ack 1"), ("write", b"ack 2"), ("read", 6, b"FILLED 2"),
               ("read", 7, b"FILLED 3"), ("write", b"ack 3"), ("read", 8, b"epoch 2")]
    case_b = make_case("xx-aesgcm-stream-responder", b, steps_b)
    out.append(with_tampers(case_b, envelope_tampers(case_b) + [
        tamper("stream ciphertext", "msg0", 0, "TSEAL_DECRYPT_FAILED"),
        tamper("stream tag", "msg6", 7 + 15, "TSEAL_DECRYPT_FAILED", 0x80)]))
    out.append(make_case("xx-stream-out-of-order", b, [("read", 6, b"FILLED 2")]))
    out.append(make_case("xx-stream-replayed", b, [("read", 4, b"before the export")]))
    out.append(make_case("xx-stream-at-the-limit", b, [("read", 49, b"last"), ("read", 50, b"over")],
                         state=changed(b["state"], receive_next=49)))
    out.append(make_case("state-receive-epoch-too-far-behind", b, steps_b[:1],
                         state=changed(b["state"], receive_next=4 * (MAX_RESTORE_EPOCHS + 2))))
    out.append(make_case("state-stream-previous-key", b, steps_b[:1],
                         state=changed(b["state"], has_previous_key=1, previous_receive_key=pattern(32, 5))))

    # C: NK, ChaChaPoly, datagram, initiator: no local key, the responder's key pinned; no rekey.
    limits_c = (3_600_000, 1000, 300_000, 0)
    c = {"in": settings("Noise_NK_25519_ChaChaPoly_SHA256", "datagram", limits_c, remote_public=resp_pub),
         "state": base_state("Noise_NK_25519_ChaChaPoly_SHA256", "datagram", INITIATOR, limits_c, resp_pub,
                             (0, 998, 0, 500, False))}
    steps_c = [("write", b"order 998"), ("read", 700, b"fill 700"), ("write", b"order 999"),
               ("read", 600, b"fill 600")]
    case_c = make_case("nk-chachapoly-datagram-initiator", c, steps_c)
    out.append(with_tampers(case_c, [tamper("datagram nonce", "msg1", 6, "TSEAL_DECRYPT_FAILED", 0x01)]))
    out.append(make_case("nk-datagram-write-past-the-limit", c, steps_c[:1] + [("write", b"999"), ("write", b"x")]))
    out.append(make_case("nk-pinned-key-differs", c, steps_c[:1], remote_public=other_pub.hex()))
    out.append(make_case("nk-role-responder", c, steps_c[:1], state=changed(c["state"], role=RESPONDER)))

    # D: NK responder (no remote static key) and IK initiator (pinned) with AESGCM datagrams.
    limits_d = (3_600_000, 1000, 300_000, 100)
    d = {"in": settings("Noise_NK_25519_AESGCM_SHA256", "stream", limits_d, local=STATICS["resp"]),
         "state": base_state("Noise_NK_25519_AESGCM_SHA256", "stream", RESPONDER, limits_d, None,
                             (0, 99, 0, 199, False))}
    out.append(make_case("nk-aesgcm-stream-responder", d, [("write", b"epoch 0 ends"), ("write", b"epoch 1"),
                                                          ("read", 199, b"x"), ("read", 200, b"epoch 2")]))
    out.append(make_case("nk-responder-with-remote-static", d, [("write", b"x")],
                         state=changed(d["state"], has_remote_static=1, remote_static=init_pub)))
    e = {"in": settings("Noise_IK_25519_AESGCM_SHA256", "datagram", limits_d, local=STATICS["init"],
                        remote_public=resp_pub),
         "state": base_state("Noise_IK_25519_AESGCM_SHA256", "datagram", INITIATOR, limits_d, resp_pub,
                             (1, 150, 0, 0, False))}
    out.append(make_case("ik-aesgcm-datagram-initiator", e, [("read", 0, b"first"), ("write", b"reply"),
                                                            ("read", 101, b"epoch 1")]))
    out.append(make_case("ik-pinned-key-differs", e, [("write", b"x")], remote_public=other_pub.hex()))

    # F: XXpsk3 responder: the builder needs the psk again (renewal uses it).
    f = {"in": settings("Noise_XXpsk3_25519_ChaChaPoly_SHA256", "stream", limits_a, local=STATICS["resp"],
                        allow=init_pub, psk=pattern(32, 77)),
         "state": base_state("Noise_XXpsk3_25519_ChaChaPoly_SHA256", "stream", RESPONDER, limits_a, init_pub,
                             (0, 0, 0, 0, False))}
    out.append(make_case("xxpsk3-chachapoly-stream-responder", f, [("read", 0, b"hello"), ("write", b"world")]))
    out.append(make_case("xxpsk3-without-psk", f, [("write", b"x")], psk=""))
    return out


def main():
    all_cases = cases()
    names = [c["name"] for c in all_cases]
    assert len(names) == len(set(names)), "case names must be unique"
    doc = {"capability": "noise_session",
           "description": "Noise session state v1 (docs/WIRE.md): a given export imported with given "
                          "settings, then transport messages read and written",
           "cases": all_cases}
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{OUT}: {len(all_cases)} cases, {sum(len(c.get('tamper', [])) for c in all_cases)} tamper entries")


if __name__ == "__main__":
    main()
