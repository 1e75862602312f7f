#!/usr/bin/env bash
# The cross-language demo (see README). For now the Rust leg.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "demo: building (cargo build --release --example demo)"
cargo run -q --release -p tradeseal --example demo
