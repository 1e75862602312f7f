#!/usr/bin/env bash
# Python: build the wheel with maturin, install it (not an editable tree) into .venv, run pytest over every
# vector file and the binding tests, check the stubs with mypy.stubtest, and run the example in self-test mode.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"

bash scripts/build-python.sh
PY="$ROOT/.venv/bin/python"

# Run from outside the source tree so `import tradeseal` can only find the installed wheel.
cd "$ROOT/bindings-python/tests"
step "python: pytest"
set +e
"$PY" -m pytest -p no:cacheprovider -q --rootdir=. .
status=$?
set -e
if [ "$status" -eq 5 ]; then echo "python: pytest collected no tests" >&2; exit 1; fi
[ "$status" -eq 0 ] || exit "$status"

step "python: mypy.stubtest tradeseal._native"
"$PY" -m mypy.stubtest tradeseal._native
step "python: mypy --strict on the tests and the example"
"$PY" -m mypy --strict --no-incremental "$ROOT/bindings-python/tests" "$ROOT/examples/python"

step "python: example ingest server (self-test on 127.0.0.1)"
"$PY" "$ROOT/examples/python/ingest_server.py" --self-test
