"""Every case of every ``tests/vectors/*.json`` file: expected bytes, expected error names, and tampering."""

from __future__ import annotations

import copy
from typing import Any, Dict

import pytest
from conftest import VECTORS, vector_cases
from ops import BYTE_INPUTS, OPS, UNBOUND

import tradeseal

CASES = list(vector_cases())


def run(case: Dict[str, Any], inputs: Dict[str, Any]) -> Dict[str, Any]:
    op = OPS.get(case["op"])
    if op is None and case["op"] in UNBOUND:
        pytest.xfail(f"{case['op']}: {UNBOUND[case['op']]}")
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
    assert run(case, case["in"]) == case["out"]
    for tamper in case.get("tamper", []):
        inputs = copy.deepcopy(case["in"])
        field = tamper["input"]
        text = field not in BYTE_INPUTS
        raw = bytearray(inputs[field].encode() if text else bytes.fromhex(inputs[field]))
        raw[tamper["offset"]] ^= tamper["mask"]
        inputs[field] = raw.decode() if text else raw.hex()
        with pytest.raises(tradeseal.TradesealError) as raised:
            run(case, inputs)
        assert raised.value.name == tamper["error"], f"tampered {tamper['field']}"
