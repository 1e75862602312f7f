#!/usr/bin/env bash
# Rust: formatting, lints, unit + vector + property + doc tests of the whole workspace.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "rust: cargo fmt --check"
cargo fmt --all -- --check
step "rust: cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
step "rust: cargo test"
cargo test --workspace
step "vectors: independent recomputation (python3 tests/vectors/crosscheck.py)"
need_apt python3 python3
python3 tests/vectors/crosscheck.py
