#!/usr/bin/env bash
# C benchmarks: the C ABI's overhead over the core, and tseal_mac_sign against OpenSSL's HMAC() from C.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
need_apt cmake cmake
[ -e /usr/include/openssl/hmac.h ] || need_apt tseal-needs-libssl-dev libssl-dev
step "bench: C ABI overhead over the core (sign 64 B)"
cargo bench -p tradeseal-ffi --bench overhead
prefix="$TARGET_DIR/c-prefix"
bash scripts/install-c.sh "$prefix"
step "bench: tseal_mac_sign vs OpenSSL HMAC() from C (sign 64 B)"
cmake -S benches/c -B "$TARGET_DIR/c-build/bench" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$TARGET_DIR/c-build/bench"
"$TARGET_DIR/c-build/bench/bench_sign"
