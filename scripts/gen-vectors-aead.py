#!/usr/bin/env python3
"""Writes tests/vectors/{aead,envelope,kdf,ed25519}.json.

Expected values come from pyca/cryptography (an implementation independent of tradeseal), plus a
pure-Python HChaCha20 for XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha). Inputs are fixed, so the output is
deterministic. Run from anywhere: python3 scripts/gen-vectors-aead.py (needs `pip install cryptography`).
"""
import json
import os
import struct
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

OUT = Path(os.environ.get("TSEAL_VECTORS_DIR") or Path(__file__).resolve().parent.parent / "tests" / "vectors")
AES, CHACHA, XCHACHA = 1, 2, 3
NONCE_LEN = {AES: 12, CHACHA: 12, XCHACHA: 24}
NAME = {AES: "aes256gcm", CHACHA: "chacha20poly1305", XCHACHA: "xchacha20poly1305"}
L = 2**252 + 27742317777372353535851937790883648493  # Ed25519 group order


def pattern(n, start=0):
    return bytes((start + i * 7) % 256 for i in range(n))


def hchacha20(key, nonce16):
    def rotl(v, c):
        return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))

    def qr(s, a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)

    s = list(struct.unpack("<4I", b"expand 32-byte k") + struct.unpack("<8I", key) + struct.unpack("<4I", nonce16))
    for _ in range(10):
        qr(s, 0, 4, 8, 12); qr(s, 1, 5, 9, 13); qr(s, 2, 6, 10, 14); qr(s, 3, 7, 11, 15)
        qr(s, 0, 5, 10, 15); qr(s, 1, 6, 11, 12); qr(s, 2, 7, 8, 13); qr(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def aead_seal(alg, key, nonce, aad, pt):
    if alg == AES:
        return AESGCM(key).encrypt(nonce, pt, aad)
    if alg == CHACHA:
        return ChaCha20Poly1305(key).encrypt(nonce, pt, aad)
    return ChaCha20Poly1305(hchacha20(key, nonce[:16])).encrypt(b"\0" * 4 + nonce[16:], pt, aad)


def hx(b):
    return b.hex()


def write(name, description, cases):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"capability": name, "description": description, "cases": cases}
    (OUT / f"{name}.json").write_text(json.dumps(doc, indent=1) + "\n")


def tamper(field, input_, offset, error, mask=1):
    return {"field": field, "input": input_, "offset": offset, "mask": mask, "error": error}


def aead_cases():
    cases = []
    for alg in (AES, CHACHA, XCHACHA):
        key = pattern(32, alg)
        for label, pt_len, aad in (("empty", 0, b""), ("64b-aad", 64, b"channel 7"), ("1k", 1024, b"")):
            nonce = pattern(NONCE_LEN[alg], 100 + alg)
            pt = pattern(pt_len, 200)
            sealed = aead_seal(alg, key, nonce, aad, pt)
            common = {"algorithm": alg, "key": hx(key), "explicit_nonce": hx(nonce), "aad": hx(aad)}
            cases.append({"name": f"{NAME[alg]}-{label}-seal", "op": "aead_seal",
                          "in": {**common, "plaintext": hx(pt)}, "out": {"sealed": hx(sealed)}})
            t = [tamper("key", "key", 0, "TSEAL_DECRYPT_FAILED"),
                 tamper("nonce", "explicit_nonce", len(nonce) - 1, "TSEAL_DECRYPT_FAILED"),
                 tamper("tag", "sealed", len(sealed) - 1, "TSEAL_DECRYPT_FAILED", 0x80)]
            if pt_len:
                t.append(tamper("ciphertext", "sealed", 0, "TSEAL_DECRYPT_FAILED"))
            if aad:
                t.append(tamper("aad", "aad", 0, "TSEAL_DECRYPT_FAILED"))
            cases.append({"name": f"{NAME[alg]}-{label}-open", "op": "aead_open",
                          "in": {**common, "sealed": hx(sealed)}, "out": {"plaintext": hx(pt)}, "tamper": t})
    base = {"algorithm": AES, "key": hx(pattern(32)), "explicit_nonce": hx(pattern(12)), "aad": ""}
    errors = [
        ("short-key", "aead_seal", {"key": hx(pattern(31)), "plaintext": ""}, "TSEAL_INVALID_LENGTH"),
        ("long-key", "aead_open", {"key": hx(pattern(33)), "sealed": hx(pattern(16))}, "TSEAL_INVALID_LENGTH"),
        ("gcm-nonce-16-bytes", "aead_seal", {"explicit_nonce": hx(pattern(16)), "plaintext": ""}, "TSEAL_INVALID_LENGTH"),
        ("xchacha-nonce-12-bytes", "aead_open", {"algorithm": XCHACHA, "sealed": hx(pattern(16))}, "TSEAL_INVALID_LENGTH"),
        ("algorithm-0", "aead_seal", {"algorithm": 0, "plaintext": ""}, "TSEAL_UNSUPPORTED_ALGORITHM"),
        ("algorithm-4", "aead_open", {"algorithm": 4, "sealed": hx(pattern(16))}, "TSEAL_UNSUPPORTED_ALGORITHM"),
        ("sealed-shorter-than-tag", "aead_open", {"sealed": hx(pattern(15))}, "TSEAL_TRUNCATED"),
        ("garbage-tag", "aead_open", {"sealed": hx(pattern(20))}, "TSEAL_DECRYPT_FAILED"),
    ]
    for name, op, fields, error in errors:
        cases.append({"name": name, "op": op, "in": {**base, **fields}, "error": error})
    write("aead", "AES-256-GCM, ChaCha20-Poly1305 and XChaCha20-Poly1305 with explicit nonces (LessSafeKey); "
          "sealed = ciphertext || tag", cases)


def envelope(alg, key_id, key, nonce, aad, pt):
    header = bytes([1, alg]) + struct.pack(">I", key_id) + nonce
    return header + aead_seal(alg, key, nonce, header + aad, pt)


def envelope_cases():
    cases = []
    for alg in (AES, CHACHA, XCHACHA):
        key, key_id = pattern(32, 40 + alg), 0x01020300 + alg
        keys = [{"id": key_id, "algorithm": alg, "key": hx(key), "primary": True}]
        for label, pt, aad in (("order", b"BUY 1.00 EURUSD @ 1.08450", b"orders/v1"), ("empty", b"", b"")):
            nonce = pattern(NONCE_LEN[alg], 60 + alg)
            env = envelope(alg, key_id, key, nonce, aad, pt)
            n = NONCE_LEN[alg]
            cases.append({"name": f"{NAME[alg]}-{label}-seal", "op": "envelope_seal",
                          "in": {"keys": keys, "explicit_nonce": hx(nonce), "aad": hx(aad), "plaintext": hx(pt)},
                          "out": {"envelope": hx(env)}})
            t = [tamper("version", "envelope", 0, "TSEAL_UNSUPPORTED_VERSION"),
                 tamper("algorithm", "envelope", 1, "TSEAL_UNSUPPORTED_ALGORITHM", 0x80),
                 tamper("key_id", "envelope", 2, "TSEAL_UNKNOWN_KEY", 0x10),
                 tamper("key_id", "envelope", 5, "TSEAL_UNKNOWN_KEY", 0x40),
                 tamper("nonce", "envelope", 6, "TSEAL_DECRYPT_FAILED"),
                 tamper("nonce", "envelope", 5 + n, "TSEAL_DECRYPT_FAILED"),
                 tamper("tag", "envelope", len(env) - 16, "TSEAL_DECRYPT_FAILED"),
                 tamper("tag", "envelope", len(env) - 1, "TSEAL_DECRYPT_FAILED", 0x80)]
            if pt:
                t.append(tamper("ciphertext", "envelope", 6 + n, "TSEAL_DECRYPT_FAILED"))
            if aad:
                t.append(tamper("aad", "aad", len(aad) - 1, "TSEAL_DECRYPT_FAILED"))
            cases.append({"name": f"{NAME[alg]}-{label}-open", "op": "envelope_open",
                          "in": {"keys": keys, "aad": hx(aad), "envelope": hx(env)},
                          "out": {"plaintext": hx(pt)}, "tamper": t})

    # Rotation: key 1 (ChaCha20-Poly1305) was primary, key 2 (AES-256-GCM) is now; both open.
    old, new = pattern(32, 1), pattern(32, 2)
    ring = [{"id": 1, "algorithm": CHACHA, "key": hx(old), "primary": False},
            {"id": 2, "algorithm": AES, "key": hx(new), "primary": True}]
    old_env = envelope(CHACHA, 1, old, pattern(12, 9), b"", b"sent before rotation")
    new_env = envelope(AES, 2, new, pattern(12, 10), b"", b"sent after rotation")
    cases += [
        {"name": "rotation-seal-uses-primary", "op": "envelope_seal",
         "in": {"keys": ring, "explicit_nonce": hx(pattern(12, 10)), "aad": "", "plaintext": hx(b"sent after rotation")},
         "out": {"envelope": hx(new_env)}},
        {"name": "rotation-open-retiring-key", "op": "envelope_open", "in": {"keys": ring, "aad": "", "envelope": hx(old_env)},
         "out": {"plaintext": hx(b"sent before rotation")}},
        {"name": "rotation-open-new-key", "op": "envelope_open", "in": {"keys": ring, "aad": "", "envelope": hx(new_env)},
         "out": {"plaintext": hx(b"sent after rotation")}},
        {"name": "rotation-old-key-retired", "op": "envelope_open", "in": {"keys": ring[1:], "aad": "", "envelope": hx(old_env)},
         "error": "TSEAL_UNKNOWN_KEY"},
    ]
    swapped = bytearray(new_env)
    swapped[1] = CHACHA  # names key 2 (an AES key) with the ChaCha algorithm id
    v2 = bytearray(new_env)
    v2[0] = 2
    errors = [
        ("open-empty", "", "TSEAL_TRUNCATED"),
        ("open-version-only", "01", "TSEAL_TRUNCATED"),
        ("open-header-without-tag", hx(new_env[:18 + 15]), "TSEAL_TRUNCATED"),
        ("open-version-0", "00" + hx(new_env[1:]), "TSEAL_UNSUPPORTED_VERSION"),
        ("open-version-2", hx(v2), "TSEAL_UNSUPPORTED_VERSION"),
        ("open-algorithm-0", "0100" + hx(new_env[2:]), "TSEAL_UNSUPPORTED_ALGORITHM"),
        ("open-algorithm-not-the-keys", hx(swapped), "TSEAL_UNSUPPORTED_ALGORITHM"),
        ("open-unknown-key-id", hx(new_env[:2]) + "00000003" + hx(new_env[6:]), "TSEAL_UNKNOWN_KEY"),
        ("open-trailing-byte", hx(new_env) + "00", "TSEAL_DECRYPT_FAILED"),
    ]
    for name, env, error in errors:
        cases.append({"name": name, "op": "envelope_open", "in": {"keys": ring, "aad": "", "envelope": env}, "error": error})
    cases += [
        {"name": "open-aad-too-long", "op": "envelope_open",
         "in": {"keys": ring, "aad": hx(bytes(1025)), "envelope": hx(new_env)}, "error": "TSEAL_AAD_TOO_LONG"},
        {"name": "seal-aad-too-long", "op": "envelope_seal",
         "in": {"keys": ring, "explicit_nonce": hx(pattern(12)), "aad": hx(bytes(1025)), "plaintext": ""}, "error": "TSEAL_AAD_TOO_LONG"},
        {"name": "seal-no-primary", "op": "envelope_seal",
         "in": {"keys": ring[:1], "explicit_nonce": hx(pattern(12)), "aad": "", "plaintext": ""}, "error": "TSEAL_NO_PRIMARY_KEY"},
        {"name": "seal-wrong-nonce-length", "op": "envelope_seal",
         "in": {"keys": ring, "explicit_nonce": hx(pattern(24)), "aad": "", "plaintext": ""}, "error": "TSEAL_INVALID_LENGTH"},
    ]
    write("envelope", "Envelope v1 (docs/WIRE.md): version | algorithm | key id u32 BE | nonce | ciphertext | tag; "
          "AEAD associated data = header || aad", cases)


def hmac_sha256(key, data):
    h = hmac.HMAC(key, hashes.SHA256())
    h.update(data)
    return h.finalize()


def hkdf_expand(prk, info, length):
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac_sha256(prk, t + info + bytes([i]))
        out, i = out + t, i + 1
    return out[:length]


def kdf_info(label, context):
    return bytes([1, len(label)]) + label + struct.pack(">H", len(context)) + context


def kdf_cases():
    cases = []
    ikm, salt, info = pattern(22, 3), pattern(13, 5), pattern(10, 11)
    prk = hmac_sha256(salt, ikm)
    cases += [
        {"name": "extract", "op": "hkdf_extract", "in": {"salt": hx(salt), "ikm": hx(ikm)}, "out": {"prk": hx(prk)}},
        {"name": "extract-empty-salt", "op": "hkdf_extract", "in": {"salt": "", "ikm": hx(ikm)},
         "out": {"prk": hx(hmac_sha256(bytes(32), ikm))}},
        {"name": "expand-42", "op": "hkdf_expand", "in": {"prk": hx(prk), "info": hx(info), "length": 42},
         "out": {"okm": hx(hkdf_expand(prk, info, 42))}},
        {"name": "expand-max", "op": "hkdf_expand", "in": {"prk": hx(prk), "info": "", "length": 8160},
         "out": {"okm": hx(hkdf_expand(prk, b"", 8160))}},
        {"name": "expand-too-long", "op": "hkdf_expand", "in": {"prk": hx(prk), "info": "", "length": 8161},
         "error": "TSEAL_INVALID_LENGTH"},
        {"name": "expand-short-prk", "op": "hkdf_expand", "in": {"prk": hx(prk[:31]), "info": "", "length": 32},
         "error": "TSEAL_INVALID_LENGTH"},
    ]
    master = pattern(32, 77)
    master_prk = hmac_sha256(bytes(32), master)
    derivations = [
        ("mac", b"tradeseal/mac", b"channel-7", 32),
        ("mac-other-channel", b"tradeseal/mac", b"channel-8", 32),
        ("seal-aes", b"tradeseal/aead/AES-256-GCM", b"channel-7", 32),
        ("seal-chacha", b"tradeseal/aead/CHACHA20-POLY1305", b"channel-7", 32),
        ("seal-xchacha", b"tradeseal/aead/XCHACHA20-POLY1305", b"channel-7", 32),
        ("ed25519", b"tradeseal/ed25519", b"", 32),
        ("custom-long-output", "my-app/ключ".encode(), pattern(300), 100),
    ]
    for name, label, context, length in derivations:
        cases.append({"name": f"derive-{name}", "op": "kdf_derive",
                      "in": {"master": hx(master), "label": label.decode(), "context": hx(context), "length": length},
                      "out": {"okm": hx(hkdf_expand(master_prk, kdf_info(label, context), length))}})
    derive_errors = [
        ("derive-short-master", {"master": hx(master[:31])}, "TSEAL_KEY_TOO_SHORT"),
        ("derive-empty-label", {"label": ""}, "TSEAL_INVALID_ARGUMENT"),
        ("derive-label-256-bytes", {"label": "x" * 256}, "TSEAL_FIELD_TOO_LONG"),
        ("derive-too-long", {"length": 8161}, "TSEAL_INVALID_LENGTH"),
    ]
    base = {"master": hx(master), "label": "tradeseal/mac", "context": "", "length": 32}
    for name, fields, error in derive_errors:
        cases.append({"name": name, "op": "kdf_derive", "in": {**base, **fields}, "error": error})

    def argon(name, password, salt, memory, passes, lanes, length, error=None):
        case = {"name": name, "op": "argon2id", "in": {"password": hx(password), "salt": hx(salt), "memory_kib": memory,
                                                       "passes": passes, "lanes": lanes, "length": length}}
        if error:
            case["error"] = error
        else:
            key = Argon2id(salt=salt, length=length, iterations=passes, lanes=lanes, memory_cost=memory).derive(password)
            case["out"] = {"key": hx(key)}
        cases.append(case)

    salt16 = pattern(16, 33)
    argon("argon2id-min-cost", b"correct horse battery staple", salt16, 19456, 2, 1, 32)
    argon("argon2id-4-lanes-64-bytes", "pässwörd".encode(), pattern(32, 1), 19456, 2, 4, 64)
    argon("argon2id-empty-password", b"", salt16, 19456, 3, 2, 16)
    argon("argon2id-salt-15-bytes", b"pw", salt16[:15], 19456, 2, 1, 32, "TSEAL_SALT_TOO_SHORT")
    argon("argon2id-memory-too-low", b"pw", salt16, 19455, 2, 1, 32, "TSEAL_OUT_OF_RANGE")
    argon("argon2id-one-pass", b"pw", salt16, 19456, 1, 1, 32, "TSEAL_OUT_OF_RANGE")
    argon("argon2id-17-lanes", b"pw", salt16, 19456, 2, 17, 32, "TSEAL_OUT_OF_RANGE")
    argon("argon2id-output-15-bytes", b"pw", salt16, 19456, 2, 1, 15, "TSEAL_INVALID_LENGTH")
    argon("argon2id-output-65-bytes", b"pw", salt16, 19456, 2, 1, 65, "TSEAL_INVALID_LENGTH")
    write("kdf", "HKDF-SHA256 (RFC 5869), purpose-labelled subkeys (docs/WIRE.md 'KDF info'), Argon2id (RFC 9106)",
          cases)


def ed25519_cases():
    cases = []
    for i, message in enumerate((b"", b"audit: order 42 filled 1.00 EURUSD @ 1.08450", pattern(1000))):
        seed = pattern(32, 90 + i)
        sk = Ed25519PrivateKey.from_private_bytes(seed)
        public = sk.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        sig = sk.sign(message)
        cases.append({"name": f"sign-{i}", "op": "ed25519_sign", "in": {"seed": hx(seed), "message": hx(message)},
                      "out": {"public_key": hx(public), "sig": hx(sig)}})
        t = [tamper("signature_r", "sig", 0, "TSEAL_INVALID_SIGNATURE"),
             tamper("signature_s", "sig", 32, "TSEAL_INVALID_SIGNATURE"),
             tamper("signature_s", "sig", 63, "TSEAL_INVALID_SIGNATURE", 0x80),
             tamper("public_key", "public_key", 0, "TSEAL_INVALID_SIGNATURE")]
        if message:
            t.append(tamper("message", "message", len(message) - 1, "TSEAL_INVALID_SIGNATURE"))
        cases.append({"name": f"verify-{i}", "op": "ed25519_verify",
                      "in": {"public_key": hx(public), "message": hx(message), "sig": hx(sig)}, "out": {},
                      "tamper": t})
        if i == 1:
            s = int.from_bytes(sig[32:], "little") + L
            malleable = sig[:32] + s.to_bytes(32, "little")
            cases += [
                {"name": "verify-s-plus-order", "op": "ed25519_verify",
                 "in": {"public_key": hx(public), "message": hx(message), "sig": hx(malleable)},
                 "error": "TSEAL_INVALID_SIGNATURE"},
                {"name": "verify-truncated-signature", "op": "ed25519_verify",
                 "in": {"public_key": hx(public), "message": hx(message), "sig": hx(sig[:63])},
                 "error": "TSEAL_INVALID_SIGNATURE"},
                {"name": "verify-short-public-key", "op": "ed25519_verify",
                 "in": {"public_key": hx(public[:31]), "message": hx(message), "sig": hx(sig)},
                 "error": "TSEAL_INVALID_LENGTH"},
            ]
    cases.append({"name": "sign-short-seed", "op": "ed25519_sign", "in": {"seed": hx(pattern(31)), "message": ""},
                  "error": "TSEAL_INVALID_LENGTH"})
    write("ed25519", "Ed25519 (RFC 8032) from raw 32-byte seeds and public keys", cases)


if __name__ == "__main__":
    aead_cases()
    envelope_cases()
    kdf_cases()
    ed25519_cases()
