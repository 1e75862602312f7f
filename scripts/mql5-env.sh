# Sourced by the scripts that build for MetaTrader 5 or run Windows programs under wine (test-mql5.sh,
# build-mql5.sh, demo.sh): the toolchain, tradeseal.dll, the wine prefix, one implementation for all of them.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WIN_TARGET=x86_64-pc-windows-gnu
MINGW=x86_64-w64-mingw32
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
MQL5_DLL="$TARGET_DIR/$WIN_TARGET/release/tradeseal.dll"
# The import library the cdylib build writes beside the DLL: programs linked with it load tradeseal.dll at start.
MQL5_IMPLIB="$TARGET_DIR/$WIN_TARGET/release/libtradeseal.dll.a"
# MinGW's own printf/strtod (C99 %zu, correctly rounded strtod) instead of msvcrt's.
MINGW_CFLAGS=(-O2 -std=c11 -Wall -Wextra -Werror -D__USE_MINGW_ANSI_STDIO=1 -I"$ROOT/include")
# C++ with libstdc++ and libgcc linked in, so the .exe needs no MinGW runtime DLL beside it.
MINGW_CXXFLAGS=(-O2 -std=c++17 -Wall -Wextra -Werror -I"$ROOT/include" -static-libstdc++ -static-libgcc)

# mql5_toolchain: the Rust Windows target, mingw-w64 (C and C++) and wine, installed when missing.
mql5_toolchain() {
  step "mql5: toolchain (rust target $WIN_TARGET, mingw-w64, wine)"
  rustup target list --installed | grep -qx "$WIN_TARGET" || rustup target add "$WIN_TARGET"
  need_apt "$MINGW-gcc" gcc-mingw-w64-x86-64
  need_apt "$MINGW-g++" g++-mingw-w64-x86-64-win32
  need_apt "$WINE" wine64
}

# mql5_build_dll: cross-builds tradeseal.dll into $MQL5_DLL.
mql5_build_dll() {
  # Only the cdylib: the crate's staticlib and rlib are not needed for MT5 (and each costs another LTO link).
  (cd "$ROOT" && cargo rustc -q -p tradeseal-ffi --release --target "$WIN_TARGET" --crate-type cdylib)
  echo "built $MQL5_DLL"
}

# mql5_build_stub OUTDIR: Debian's wine 8.0 lacks bcryptprimitives.dll (Rust std imports ProcessPrng from it),
# so tests and demos put this stand-in next to their .exe. Test-only: never shipped.
mql5_build_stub() {
  "$MINGW-gcc" "${MINGW_CFLAGS[@]}" -shared -o "$1/bcryptprimitives.dll" \
    "$ROOT/tests/mql5/processprng_stub.c" -ladvapi32
}

# mql5_wine_prefix: exports WINEPREFIX (created and initialised on first use), WINEDEBUG, WINEDLLOVERRIDES.
mql5_wine_prefix() {
  export WINEPREFIX="$TARGET_DIR/mql5-wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  [ -f "$WINEPREFIX/system.reg" ] && return 0
  mkdir -p "$WINEPREFIX"
  local log="$TARGET_DIR/mql5-wineboot.log"
  env -u DISPLAY "$WINE" wineboot --init >"$log" 2>&1 || { cat "$log"; return 1; }
}

# mql5_wine CMD...: runs CMD under wine, headless, waits for wineserver; returns CMD's status.
mql5_wine() {
  local status=0
  env -u DISPLAY "$WINE" "$@" || status=$?
  "$WINESERVER" -w
  return "$status"
}
