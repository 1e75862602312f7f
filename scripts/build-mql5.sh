#!/usr/bin/env bash
# Cross-builds tradeseal.dll (x86_64-pc-windows-gnu) for MetaTrader 5; see README "MetaTrader 5".
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
# Only the cdylib: the crate's staticlib and rlib are not needed for MT5 (and each costs another LTO link).
cargo rustc -q -p tradeseal-ffi --release --target x86_64-pc-windows-gnu --crate-type cdylib
echo "built $TARGET_DIR/x86_64-pc-windows-gnu/release/tradeseal.dll"
