#!/usr/bin/env bash
# Fuzz smoke run: every cargo-fuzz target of fuzz/Cargo.toml for FUZZ_SECONDS (default 15) seconds each.
# Only a stable toolchain exists here: RUSTC_BOOTSTRAP=1 lets it take the flags cargo-fuzz passes.
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"
export RUSTC_BOOTSTRAP=1
need_apt g++ g++ # libfuzzer-sys compiles libFuzzer
if ! cargo fuzz --version >/dev/null 2>&1; then
  step "installing cargo-fuzz (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked
fi
seconds="${FUZZ_SECONDS:-15}"
for target in $(cargo fuzz list); do
  step "fuzz: $target (${seconds} s)"
  # Safe Rust only (the core forbids unsafe code), so no sanitizer: more executions per second.
  cargo fuzz run --sanitizer none --target-dir "$TARGET_DIR/fuzz" "$target" -- -max_total_time="$seconds"
done
