#!/usr/bin/env python3
"""Turns every tests/vectors/*.json file into the line format the MQL5-DLL harness reads (stdout).

The harness is plain C under wine, so JSON parsing happens here; the harness only looks values up by path.
Each case, and each of its tamper entries as a case of its own, becomes:

    case <file>: <name>          label, rest of the line
    op <op>
    in <path> <hex>              every input; <hex> is the UTF-8 of the value's canonical text, "-" if empty
    out <path> <hex>             every expected output (absent for error cases)
    error <TSEAL_NAME>           expected error (absent for success cases)
    tamper <input> <offset> <mask>   (tamper cases only)
    end

Tampering is left to the harness: only the op knows whether an input is bytes (hex in the vector, tampered
in its decoded bytes) or text (tampered in its UTF-8 bytes).

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


def emit(label, op, inputs, outputs, error, lines, tamper=None):
    if "\n" in label:
        raise ValueError(f"newline in case name {label!r}")
    lines.append(f"case {label}")
    lines.append(f"op {op}")
    for kind, values in (("in", inputs), ("out", outputs)):
        flat = []
        flatten("", values or {}, flat)
        for path, text in flat:
            lines.append(f"{kind} {path} {text.encode('utf-8', 'surrogatepass').hex() or '-'}")
    if error is not None:
        lines.append(f"error {error}")
    if tamper is not None:
        lines.append(f"tamper {tamper['input']} {int(tamper['offset'])} {int(tamper['mask'])}")
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
                emit(tlabel, case["op"], case.get("in"), None, t["error"], lines, t)
    sys.stdout.write("\n".join(lines) + "\n" if lines else "")
    print(f"flatten_vectors: {len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
