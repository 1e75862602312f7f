#!/usr/bin/env bash
# MetaTrader 5: cross-builds tradeseal.dll, checks what it imports and exports, checks include/TradeSeal.mqh
# against include/tradeseal.h, and runs tests/mql5/harness.c (which calls the DLL the way an EA does) under
# wine on every tests/vectors/*.json file.
source "$(dirname "$0")/mql5-env.sh"
cd "$ROOT"
OUT="$TARGET_DIR/mql5-test"

mql5_toolchain

step "mql5: building tradeseal.dll"
mql5_build_dll

rm -rf "$OUT" && mkdir -p "$OUT"

step "mql5: tradeseal.dll imports and exports; include/TradeSeal.mqh against include/tradeseal.h"
"$MINGW-objdump" -p "$MQL5_DLL" >"$OUT/objdump.txt"
python3 tests/mql5/check_abi.py include/tradeseal.h include/TradeSeal.mqh "$OUT/objdump.txt"

step "mql5: building the harness and the test-only ProcessPrng stub"
# Laid out as in a terminal's data folder, under a non-ASCII name: the harness loads it with LoadLibraryW.
mkdir -p "$OUT/MQL5/Libraries-é"
cp "$MQL5_DLL" "$OUT/MQL5/Libraries-é/tradeseal.dll"
"$MINGW-gcc" "${MINGW_CFLAGS[@]}" -o "$OUT/harness.exe" tests/mql5/harness.c -lshell32
mql5_build_stub "$OUT"
python3 tests/mql5/flatten_vectors.py tests/vectors >"$OUT/cases.txt"
python3 tests/mql5/check_abi.py --names include/tradeseal.h >"$OUT/functions.txt"

step "mql5: harness under wine (headless)"
mql5_wine_prefix
cd "$OUT"
status=0
mql5_wine harness.exe 'MQL5\Libraries-é\tradeseal.dll' cases.txt functions.txt | tee harness.log || status=$?
tr -d '\r' <harness.log | grep -Eq '^[0-9]+ passed, 0 failed$' || status=1
step "mql5: done in ${SECONDS}s (status $status)"
exit "$status"
