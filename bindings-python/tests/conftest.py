"""Shared paths for the tradeseal Python tests (they test the installed wheel, not the source tree)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def external_vectors() -> Path:
    """``shared/vectors/external``, beside the repository or beside one of its parents (worktrees)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "vectors" / "external"
        if candidate.is_dir():
            return candidate
    pytest.fail("shared/vectors/external not found beside the repository")


def load_external(relative: str) -> Dict[str, Any]:
    """One external known-answer file, parsed."""
    with open(external_vectors() / relative, encoding="utf-8") as f:
        data: Dict[str, Any] = json.load(f)
    return data


def vector_cases() -> Iterator[Tuple[str, Dict[str, Any]]]:
    """Every case of every ``tests/vectors/*.json`` file, as ``(file name, case)``."""
    for path in sorted(VECTORS.glob("*.json")):
        with open(path, encoding="utf-8") as f:
            for case in json.load(f)["cases"]:
                yield path.name, case
