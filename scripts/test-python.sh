#!/usr/bin/env bash
# Python: build the wheel with maturin, install it (not an editable tree) into .venv, run pytest over every
# vector file and the binding tests, check the stubs with mypy.stubtest, check that the vector generators
# (scripts/gen-vectors-*.py) reproduce the committed files, and run the example in self-test mode.
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

step "vectors: scripts/gen-vectors-*.py reproduce the committed files"
generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
for generator in "$ROOT"/scripts/gen-vectors-*.py; do
  TSEAL_VECTORS_DIR="$generated" "$PY" "$generator" >/dev/null
done
ls "$generated"/*.json >/dev/null  # at least one file
for file in "$generated"/*.json; do
  if ! cmp -s "$file" "$ROOT/tests/vectors/$(basename "$file")"; then
    echo "tests/vectors/$(basename "$file") differs from what scripts/gen-vectors-*.py write: regenerate it" >&2
    exit 1
  fi
done

step "python: example ingest server (self-test on 127.0.0.1)"
"$PY" "$ROOT/examples/python/ingest_server.py" --self-test
