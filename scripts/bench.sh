#!/usr/bin/env bash
# Every benchmark; results go to docs/BENCHMARKS.md.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "bench: rust (criterion)"
cargo bench -p tradeseal
bash scripts/bench-c.sh
bash scripts/bench-python.sh
step "bench: node (MacKey sign/verify 64 B vs node:crypto createHmac)"
(
  cd "$ROOT/bindings-node"
  [ -d node_modules ] || npm install --no-audit --no-fund
  npm run --silent build
  node bench.js
)
