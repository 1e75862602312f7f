"""Handles are shared by threads: signing from 8 threads gives the same tags as a single thread."""

from __future__ import annotations

import hmac
import threading
from typing import List

import tradeseal

THREADS = 8
ROUNDS = 2000
KEY = bytes(range(32, 64))


def test_sign_and_verify_from_8_threads() -> None:
    key = tradeseal.MacKey.from_bytes(KEY)
    start = threading.Barrier(THREADS)
    failures: List[str] = []

    def work(n: int) -> None:
        start.wait()
        for i in range(ROUNDS):
            message = f"{n}:{i}".encode() * (1 + i % 5)
            tag = key.sign(message)
            if tag != hmac.digest(KEY, message, "sha256"):
                failures.append(f"thread {n} round {i}")
            key.verify(message, tag)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_keyring_changes_while_8_threads_read_it() -> None:
    ring = tradeseal.Keyring.with_primary(0, KEY)
    start = threading.Barrier(THREADS + 1)
    seen: List[int] = []

    def reader() -> None:
        start.wait()
        for _ in range(ROUNDS):
            seen.append(ring.primary_id)
            assert 0 in ring

    threads = [threading.Thread(target=reader) for _ in range(THREADS)]
    for t in threads:
        t.start()
    start.wait()
    for key_id in range(1, 200):
        ring.insert(key_id, KEY)
        ring.promote(key_id)
    for t in threads:
        t.join()
    assert len(seen) == THREADS * ROUNDS and set(seen) <= set(range(200))
    assert ring.primary_id == 199 and len(ring) == 200
