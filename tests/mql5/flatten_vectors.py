#!/usr/bin/env python3
"""Turns every tests/vectors/*.json file into the line format the MQL5-DLL harness reads (stdout).

The harness is plain C under wine, so JSON parsing and tamper expansion happen here; the harness only
looks values up by path. Each case (and each tamper entry, expanded into its own case) becomes:

    case <file>: <name>          label, rest of the line
    op <op>
    in <path> <hex>              every input; <hex> is the UTF-8 of the value's canonical text, "-" if empty
    out <path> <hex>             every expected output (absent for error cases)
    error <TSEAL_NAME>           expected error (absent for success cases)
    end

Canonical text: strings as they are (hex-encoded byte fields stay hex text), integers in decimal, floats
as Python repr, booleans as "true"/"false". Objects and arrays are flattened into dotted paths
("keys.0.id"); an array also gets "<path>.#" with its length. A file or case the harness cannot
represent makes this script fail, so no vector is silently skipped.
"""

import json
import sys
from pathlib import Path


def canonical(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise ValueError(f"not a scalar: {value!r}")


def flatten(prefix, value, out):
    """Appends (path, text) pairs for `value` to `out`."""
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list):
        out.append((f"{prefix}.#", str(len(value))))
        for i, item in enumerate(value):
            flatten(f"{prefix}.{i}", item, out)
    elif value is not None:
        out.append((prefix, canonical(value)))


def tampered(inputs, tamper):
    """A deep copy of `inputs` with byte `offset` of hex field `input` XORed with `mask`."""
    inputs = json.loads(json.dumps(inputs))
    parent, key = inputs, tamper["input"]
    *path, last = key.split(".")
    for part in path:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    if isinstance(parent, list):
        last = int(last)
    data = bytearray.fromhex(parent[last])
    data[tamper["offset"]] ^= tamper["mask"]
    parent[last] = data.hex()
    return inputs


def emit(label, op, inputs, outputs, error, lines):
    if "\n" in label:
        raise ValueError(f"newline in case name {label!r}")
    lines.append(f"case {label}")
    lines.append(f"op {op}")
    for kind, values in (("in", inputs), ("out", outputs)):
        flat = []
        flatten("", values or {}, flat)
        for path, text in flat:
            lines.append(f"{kind} {path} {text.encode('utf-8').hex() or '-'}")
    if error is not None:
        lines.append(f"error {error}")
    lines.append("end")


def main(vector_dir):
    files = sorted(Path(vector_dir).glob("*.json"))
    lines = []
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            label = f"{path.name}: {case['name']}"
            if ("out" in case) == ("error" in case):
                raise ValueError(f"{label}: a case has exactly one of out / error")
            emit(label, case["op"], case.get("in"), case.get("out"), case.get("error"), lines)
            for t in case.get("tamper", []):
                tlabel = f"{label} [tamper {t['field']}: {t['input']}[{t['offset']}]^{t['mask']}]"
                emit(tlabel, case["op"], tampered(case.get("in", {}), t), None, t["error"], lines)
    sys.stdout.write("\n".join(lines) + "\n" if lines else "")
    print(f"flatten_vectors: {len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
