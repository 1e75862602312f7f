#!/usr/bin/env bash
# MetaTrader 5: cross-builds tradeseal.dll, checks what it imports and exports, checks include/TradeSeal.mqh
# against include/tradeseal.h, and runs tests/mql5/harness.c (which calls the DLL the way an EA does) under
# wine on every tests/vectors/*.json file, then tests/ffi/exports.c and exports.cpp (the exports no vector
# covers) linked against the DLL.
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

step "mql5: the C and C++ export tests (tests/ffi/exports.c, exports.cpp), linked against tradeseal.dll"
mkdir -p "$OUT/exports"
cp "$MQL5_DLL" "$OUT/bcryptprimitives.dll" "$OUT/exports/"
"$MINGW-gcc" "${MINGW_CFLAGS[@]}" -o "$OUT/exports/exports_c.exe" tests/ffi/exports.c "$MQL5_IMPLIB"
"$MINGW-g++" "${MINGW_CXXFLAGS[@]}" -o "$OUT/exports/exports_cpp.exe" tests/ffi/exports.cpp "$MQL5_IMPLIB"

# passes LOG CMD...: runs CMD under wine, output to the terminal and LOG; true when it exits 0 and its last
# line is "N passed, 0 failed".
passes() {
  local log="$1" status=0
  shift
  mql5_wine "$@" | tee "$log" || status=$?
  [ "$status" = 0 ] && tr -d '\r' <"$log" | tail -n 1 | grep -Eq '^[0-9]+ passed, 0 failed$'
}

mql5_wine_prefix
cd "$OUT"
status=0
step "mql5: harness under wine (headless)"
passes harness.log harness.exe 'MQL5\Libraries-é\tradeseal.dll' cases.txt functions.txt || status=1
step "mql5: C export tests under wine"
(cd exports && passes exports_c.log exports_c.exe) || status=1
step "mql5: C++ export tests under wine"
(cd exports && passes exports_cpp.log exports_cpp.exe) || status=1
step "mql5: done in ${SECONDS}s (status $status)"
exit "$status"
