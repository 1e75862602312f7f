#!/usr/bin/env bash
# Builds the C library (release) and installs it under PREFIX (default /usr/local):
#   lib/libtradeseal.so, lib/libtradeseal.a, include/tradeseal.h, include/tradeseal.hpp,
#   lib/pkgconfig/tradeseal.pc, lib/cmake/tradeseal/tradesealConfig{,Version}.cmake
# Usage: scripts/install-c.sh [PREFIX]
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
prefix="$(mkdir -p "${1:-/usr/local}" && cd "${1:-/usr/local}" && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
step "c: cargo build -p tradeseal-ffi --release"
cargo build -p tradeseal-ffi --release
step "c: installing tradeseal $version into $prefix"
install -d "$prefix/lib/pkgconfig" "$prefix/lib/cmake/tradeseal" "$prefix/include"
install -m 644 "$TARGET_DIR/release/libtradeseal.a" "$prefix/lib/"
install -m 755 "$TARGET_DIR/release/libtradeseal.so" "$prefix/lib/"
install -m 644 include/tradeseal.h include/tradeseal.hpp "$prefix/include/"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" ffi-c/pkg/tradeseal.pc.in >"$prefix/lib/pkgconfig/tradeseal.pc"
install -m 644 ffi-c/pkg/tradesealConfig.cmake "$prefix/lib/cmake/tradeseal/"
sed -e "s|@VERSION@|$version|" ffi-c/pkg/tradesealConfigVersion.cmake.in \
  >"$prefix/lib/cmake/tradeseal/tradesealConfigVersion.cmake"
