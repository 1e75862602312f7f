#!/usr/bin/env bash
# `make demo`: builds what the cross-language copier demo needs (C library + C++ master, tradeseal.dll +
# the MT5 signer under wine, the Python wheel, the Node addon), then runs examples/demo/run.py.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
OUT="$TARGET_DIR/demo"
mkdir -p "$OUT"

step "demo 1/5: C library and the C++ master (examples/demo/master.cpp)"
need_apt g++ g++
[ -e /usr/include/openssl/sha.h ] || need_apt tseal-needs-libssl-dev libssl-dev
bash scripts/install-c.sh "$OUT/prefix"
g++ -std=c++17 -O2 -Wall -Wextra -I"$OUT/prefix/include" examples/demo/master.cpp \
  "$OUT/prefix/lib/libtradeseal.a" -lcrypto -lpthread -ldl -lm -o "$OUT/master"

step "demo 2/5: tradeseal.dll and the MetaTrader 5 signer (examples/demo/mt5_sign.c)"
source scripts/mql5-env.sh
mql5_toolchain
mql5_build_dll
mkdir -p "$OUT/mt5"
cp "$MQL5_DLL" "$OUT/mt5/tradeseal.dll"
mql5_build_stub "$OUT/mt5"
"$MINGW-gcc" "${MINGW_CFLAGS[@]}" -o "$OUT/mt5/mt5_sign.exe" examples/demo/mt5_sign.c
mql5_wine_prefix

step "demo 3/5: Python wheel"
bash scripts/build-python.sh

step "demo 4/5: Node addon"
bash scripts/build-node.sh

step "demo 5/5: running the copier flow"
cd "$OUT/mt5"
status=0
DEMO_MASTER="$OUT/master" DEMO_WINE="$WINE" DEMO_MT5_EXE=mt5_sign.exe DEMO_DLL=tradeseal.dll \
  "$ROOT/.venv/bin/python" "$ROOT/examples/demo/run.py" || status=$?
"$WINESERVER" -w
exit "$status"
