#!/usr/bin/env bash
# Python: creates .venv (maturin, pytest, mypy, and cryptography for the vector generators), builds the wheel
# with maturin and installs it into .venv (the real wheel, not an editable tree). Used by test-python.sh and
# demo.sh.
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
if ! "$PY" -c 'import maturin, pytest, mypy, cryptography' 2>/dev/null \
  || [ "$("$PY" -m maturin --version)" != "maturin 1.16.0" ]; then
  step "python: installing maturin, pytest, mypy, cryptography into .venv"
  "$PY" -m pip install -q --disable-pip-version-check maturin==1.16.0 pytest mypy cryptography
fi

step "python: maturin build --release"
rm -f dist/tradeseal-*.whl
(cd bindings-python && "$PY" -m maturin build --release --out "$ROOT/dist")
step "python: installing the wheel"
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/tradeseal-*.whl
