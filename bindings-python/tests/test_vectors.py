"""Every case of every ``tests/vectors/*.json`` file: expected bytes, expected error names, and tampering."""

from __future__ import annotations

import copy
from typing import Any, Dict

import pytest
from conftest import VECTORS, vector_cases
from ops import OPS

import tradeseal

CASES = list(vector_cases())


def run(case: Dict[str, Any], inputs: Dict[str, Any]) -> Dict[str, Any]:
    op = OPS.get(case["op"])
    if op is None:
        pytest.fail(f"unknown op {case['op']!r}: add it to bindings-python/tests/ops.py")
    return op(inputs)


def test_vector_directory_is_found() -> None:
    assert (VECTORS / "README.md").is_file(), f"{VECTORS} is not the vector directory"


@pytest.mark.parametrize("file, case", CASES, ids=[f"{f}:{c['name']}" for f, c in CASES])
def test_vector(file: str, case: Dict[str, Any]) -> None:
    assert ("out" in case) != ("error" in case), "a case has either out or error"
    if "error" in case:
        with pytest.raises(tradeseal.TradesealError) as raised:
            run(case, case["in"])
        assert raised.value.name == case["error"]
        return
    got = run(case, case["in"])
    for field, expected in case["out"].items():
        assert got[field] == expected, field
    for tamper in case.get("tamper", []):
        inputs = copy.deepcopy(case["in"])
        raw = bytearray.fromhex(inputs[tamper["input"]])
        raw[tamper["offset"]] ^= tamper["mask"]
        inputs[tamper["input"]] = raw.hex()
        with pytest.raises(tradeseal.TradesealError) as raised:
            run(case, inputs)
        assert raised.value.name == tamper["error"], f"tampered {tamper['field']}"
