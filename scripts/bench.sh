#!/usr/bin/env bash
# Every benchmark; results go to docs/BENCHMARKS.md.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "bench: rust (criterion)"
cargo bench -p tradeseal
bash scripts/bench-c.sh
bash scripts/bench-python.sh
