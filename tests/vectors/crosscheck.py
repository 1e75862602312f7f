#!/usr/bin/env python3
"""Independent check of the signed-format vectors: recomputes every successful case's outputs with
Python's hmac/hashlib/struct and '%.5f' (C printf semantics), without using tradeseal.

Usage: python3 tests/vectors/crosscheck.py   (exit status 1 on any mismatch)
Ops this script does not know are skipped (and counted); add a checker to CHECKS for new ops.
"""
import hashlib
import hmac
import json
import pathlib
import struct
import sys
import uuid

ORDER_TYPES = ["BUY", "SELL", "BUY_LIMIT", "SELL_LIMIT", "BUY_STOP", "SELL_STOP", "BUY_STOP_LIMIT", "SELL_STOP_LIMIT"]


def mac(key, message):
    return hmac.new(key, message, hashlib.sha256).digest()


def primary(keys):
    entry = next(k for k in keys if k["primary"])
    return entry["id"], bytes.fromhex(entry["key"])


def key_by_id(keys, key_id):
    return bytes.fromhex(next(k["key"] for k in keys if k["id"] == key_id))


def frame_body(key_id, i, payload):
    return struct.pack(">BIQQQI", 1, key_id, int(i["stream_id_str"]), int(i["sequence_str"]),
                       int(i["timestamp_ns_str"]), len(payload)) + payload


def signal_body(key_id, f):
    symbol = f["symbol"].encode()
    return (struct.pack(">BI", 1, key_id) + uuid.UUID(f["subscription_id"]).bytes
            + struct.pack(">QQB", int(f["sequence_str"]), int(f["generated_at_ms_str"]), len(symbol)) + symbol
            + struct.pack(">BqBqB", f["order_type"], int(f["volume_units_str"]), f["volume_decimals"],
                          int(f["price_units_str"]), f["price_decimals"]))


def check_tag(label, keys, signed):
    key_id = struct.unpack(">I", signed[1:5])[0]
    assert signed[-32:] == mac(key_by_id(keys, key_id), label + signed[:-32]), "tag"
    return key_id


def frame_sign(i, o):
    key_id, key = primary(i["keys"])
    body = frame_body(key_id, i, bytes.fromhex(i["payload"]))
    assert bytes.fromhex(o["signed"]) == body + mac(key, b"tradeseal/frame/v1" + body)


def frame_verify(i, o):
    signed = bytes.fromhex(i["signed"])
    key_id = check_tag(b"tradeseal/frame/v1", i["keys"], signed)
    _, _, stream, seq, ts, n = struct.unpack(">BIQQQI", signed[:33])
    assert n <= i["max_payload"] and len(signed) == 33 + n + 32
    assert o == {"key_id": key_id, "stream_id_str": str(stream), "sequence_str": str(seq),
                 "timestamp_ns_str": str(ts), "payload": signed[33:33 + n].hex()}


def signal_sign(i, o):
    key_id, key = primary(i["keys"])
    body = signal_body(key_id, i)
    assert bytes.fromhex(o["signed"]) == body + mac(key, b"tradeseal/signal/v1" + body)


def signal_verify(i, o):
    signed = bytes.fromhex(i["signed"])
    key_id = check_tag(b"tradeseal/signal/v1", i["keys"], signed)
    assert o["key_id"] == key_id
    assert signed[:-32] == signal_body(key_id, o), "fields"
    assert o["subscription_id"] == str(uuid.UUID(o["subscription_id"]))


def decimal_from_f64(i, o):
    text = "%.*f" % (i["decimals"], float(i["value"]))
    assert int(text.replace(".", "")) == int(o["units_str"]), text


def legacy_line(i):
    return "|".join([str(uuid.UUID(i["subscription_id"])), i["sequence_str"], i["generated_at_ms_str"], i["symbol"],
                     ORDER_TYPES[i["order_type"]], "%.5f" % float(i["volume"]), "%.5f" % float(i["price"])])


def legacy_sign(i, o):
    line = legacy_line(i)
    assert o["line"] == line, (o["line"], line)
    assert o["signature"] == mac(bytes.fromhex(i["key"]), line.encode()).hex()


def legacy_verify(i, o):
    line = i["line"].encode()
    assert mac(bytes.fromhex(i["key"]), line) == bytes.fromhex(i["signature"])
    f = i["line"].split("|")
    assert f[:4] == [o["subscription_id"], o["sequence_str"], o["generated_at_ms_str"], o["symbol"]] or \
        str(uuid.UUID(f[0])) == o["subscription_id"]
    assert ORDER_TYPES[o["order_type"]] == f[4]
    for text, prefix in ((f[5], "volume"), (f[6], "price")):
        assert o[prefix + "_decimals"] == 5 and int(text.replace(".", "")) == int(o[prefix + "_units_str"])


def canonical(method, path, timestamp, nonce, body_hex):
    return b"TSEAL-REQ-V1\n" + "\n".join([method, path, timestamp, nonce]).encode() + b"\n" + bytes.fromhex(body_hex)


def request_sign(i, o):
    c = canonical(i["method"], i["path"], i["timestamp_ms_str"], i["nonce"], i["body"])
    assert o == {"x_api_key": i["api_key"], "x_timestamp": i["timestamp_ms_str"], "x_nonce": i["nonce"],
                 "x_signature": mac(bytes.fromhex(i["key"]), c).hex()}


def request_verify(i, o):
    c = canonical(i["method"], i["path"], i["timestamp"], i["nonce"], i["body"])
    assert mac(bytes.fromhex(i["key"]), c) == bytes.fromhex(i["signature"]) and o == {}


def mac_sign(i, o):
    assert o["tag"] == mac(bytes.fromhex(i["key"]), bytes.fromhex(i["message"])).hex()


def mac_verify(i, o):
    assert mac(bytes.fromhex(i["key"]), bytes.fromhex(i["message"])) == bytes.fromhex(i["tag"]) and o == {}


CHECKS = {f.__name__: f for f in [mac_sign, mac_verify, frame_sign, frame_verify, signal_sign, signal_verify,
                                  decimal_from_f64, legacy_sign, legacy_verify, request_sign, request_verify]}


def main():
    failures, checked, skipped = [], 0, 0
    for path in sorted(pathlib.Path(__file__).parent.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            check = CHECKS.get(case["op"])
            if check is None or "out" not in case:
                skipped += 1
                continue
            try:
                check(case["in"], case["out"])
                checked += 1
            except Exception as e:  # noqa: BLE001 - report every mismatch
                failures.append(f"{path.name}: {case['name']}: {e!r}")
    print(f"crosscheck: {checked} successful cases recomputed independently, {skipped} skipped (errors or other ops)")
    for failure in failures:
        print("MISMATCH", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
