#!/usr/bin/env bash
# Python: HMAC-SHA256 sign/verify of 64 bytes, tradeseal vs stdlib hmac vs cryptography (docs/BENCHMARKS.md).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"
[ -x .venv/bin/python ] || python3 -m venv .venv
PY="$ROOT/.venv/bin/python"
"$PY" -m pip install -q --disable-pip-version-check maturin==1.16.0 cryptography
step "bench: python (release wheel)"
rm -f dist/tradeseal-*.whl
(cd bindings-python && "$PY" -m maturin build --release --out "$ROOT/dist")
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/tradeseal-*.whl
cd /tmp && "$PY" "$ROOT/bindings-python/bench.py"
