#!/usr/bin/env bash
# MetaTrader 5: cross-builds tradeseal.dll, checks what it imports and exports, checks include/TradeSeal.mqh
# against include/tradeseal.h, and runs tests/mql5/harness.c (which calls the DLL the way an EA does) under
# wine on every tests/vectors/*.json file.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

WIN_TARGET=x86_64-pc-windows-gnu
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
MINGW=x86_64-w64-mingw32
OUT="$TARGET_DIR/mql5-test"

step "mql5: toolchain (rust target $WIN_TARGET, mingw-w64, wine)"
rustup target list --installed | grep -qx "$WIN_TARGET" || rustup target add "$WIN_TARGET"
need_apt "$MINGW-gcc" gcc-mingw-w64-x86-64
need_apt "$WINE" wine64

step "mql5: building tradeseal.dll"
bash scripts/build-mql5.sh
DLL="$TARGET_DIR/$WIN_TARGET/release/tradeseal.dll"

rm -rf "$OUT" && mkdir -p "$OUT"

step "mql5: tradeseal.dll imports and exports; include/TradeSeal.mqh against include/tradeseal.h"
"$MINGW-objdump" -p "$DLL" >"$OUT/objdump.txt"
python3 tests/mql5/check_abi.py include/tradeseal.h include/TradeSeal.mqh "$OUT/objdump.txt"

step "mql5: building the harness and the test-only ProcessPrng stub"
# Laid out as in a terminal's data folder, under a non-ASCII name: the harness loads it with LoadLibraryW.
mkdir -p "$OUT/MQL5/Libraries-é"
cp "$DLL" "$OUT/MQL5/Libraries-é/tradeseal.dll"
# MinGW's own printf/strtod (C99 %zu, correctly rounded strtod) instead of msvcrt's.
cflags=(-O2 -std=c11 -Wall -Wextra -Werror -D__USE_MINGW_ANSI_STDIO=1 -Iinclude)
"$MINGW-gcc" "${cflags[@]}" -o "$OUT/harness.exe" tests/mql5/harness.c -lshell32
# Debian's wine 8.0 lacks bcryptprimitives.dll (Rust std imports ProcessPrng from it): a stand-in, next to
# the harness only. Never shipped.
"$MINGW-gcc" "${cflags[@]}" -shared -o "$OUT/bcryptprimitives.dll" tests/mql5/processprng_stub.c -ladvapi32
python3 tests/mql5/flatten_vectors.py tests/vectors >"$OUT/cases.txt"
python3 tests/mql5/check_abi.py --names include/tradeseal.h >"$OUT/functions.txt"

step "mql5: harness under wine (headless)"
export WINEPREFIX="$TARGET_DIR/mql5-wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  env -u DISPLAY "$WINE" wineboot --init >"$OUT/wineboot.log" 2>&1 || { cat "$OUT/wineboot.log"; exit 1; }
fi
cd "$OUT"
status=0
env -u DISPLAY "$WINE" harness.exe 'MQL5\Libraries-é\tradeseal.dll' cases.txt functions.txt | tee harness.log || status=$?
"$WINESERVER" -w
tr -d '\r' <harness.log | grep -Eq '^[0-9]+ passed, 0 failed$' || status=1
step "mql5: done in ${SECONDS}s (status $status)"
exit "$status"
