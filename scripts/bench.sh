#!/usr/bin/env bash
# `make bench`: every benchmark in one run (Rust criterion, the C ABI's overhead, C vs OpenSSL, Python vs
# hmac/cryptography, Node vs node:crypto, Noise vs snow), then docs/BENCHMARKS.md and docs/bench/*.svg from
# the results (scripts/bench_report.py). Not part of `make test`.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
out="$TARGET_DIR/bench-run"
mkdir -p "$out"
: > "$out/results.jsonl"
export TSEAL_BENCH_JSON="$out/results.jsonl"
python3 scripts/bench_report.py machine > "$out/machine.json"  # load average before anything runs
touch "$out/started"  # criterion results older than this belong to earlier runs

step "bench: rust (criterion, every bench target of the core)"
cargo bench -p tradeseal --bench '*' -- --warm-up-time 1 --measurement-time 2 --noplot
bash scripts/bench-c.sh
bash scripts/bench-python.sh
bash scripts/bench-node.sh

step "bench: report"
python3 scripts/bench_report.py report --machine "$out/machine.json" --results "$out/results.jsonl" \
  --criterion "$TARGET_DIR/criterion" --since "$out/started" --command "make bench" --python "$ROOT/.venv/bin/python"
