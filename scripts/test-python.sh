#!/usr/bin/env bash
# Python: build the wheel with maturin, install it (not an editable tree) into .venv, run pytest over every
# vector file and the binding tests, check the stubs with mypy.stubtest, and run the example in self-test mode.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"

if [ ! -x .venv/bin/python ]; then
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    step "installing python3-venv (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  step "python: creating .venv"
  python3 -m venv .venv
fi
PY="$ROOT/.venv/bin/python"
if ! "$PY" -c 'import maturin, pytest, mypy' 2>/dev/null || [ "$("$PY" -m maturin --version)" != "maturin 1.16.0" ]; then
  step "python: installing maturin, pytest, mypy into .venv"
  "$PY" -m pip install -q --disable-pip-version-check maturin==1.16.0 pytest mypy
fi

step "python: maturin build --release"
rm -f dist/tradeseal-*.whl
(cd bindings-python && "$PY" -m maturin build --release --out "$ROOT/dist")
step "python: installing the wheel"
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/tradeseal-*.whl

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
