#!/usr/bin/env bash
# C and C++: installs the library into a scratch prefix, builds the C runner (static, via CMake and via
# pkg-config), the C++ runner and the thread test (shared, via CMake), the C and C++ tests of the exports no
# vector file covers, and examples/cpp, runs them, and runs the runners and export tests under valgrind.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# need_apt_file FILE PKG...: installs the Debian packages when FILE does not exist.
need_apt_file() { local file="$1"; shift; [ -e "$file" ] || need_apt "tseal-needs-$1" "$@"; }
need_apt cmake cmake
need_apt pkg-config pkg-config
need_apt valgrind valgrind
need_apt g++ g++
need_apt_file /usr/include/cjson/cJSON.h libcjson-dev
need_apt_file /usr/include/nlohmann/json.hpp nlohmann-json3-dev

prefix="$TARGET_DIR/c-prefix"
build="$TARGET_DIR/c-build"
rm -rf "$prefix"
bash scripts/install-c.sh "$prefix"

step "c: CMake build of the tests (find_package(tradeseal))"
cmake -S tests/ffi -B "$build/tests" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build/tests" -j 2

step "c: pkg-config build of the C runner (shared library)"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc -std=c11 -Wall -Wextra -Werror tests/ffi/vectors.c $(pkg-config --cflags --libs tradeseal) -lcjson \
  -Wl,-rpath,"$prefix/lib" -o "$build/vectors_c_shared"

step "c: examples/cpp"
cmake -S examples/cpp -B "$build/examples" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$build/examples" -j 2

export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
step "c: C runner (static library)"
"$build/tests/vectors_c" tests/vectors
step "c: C runner (shared library, pkg-config)"
"$build/vectors_c_shared" tests/vectors | tail -n 1
step "c: C exports beyond the vectors"
"$build/tests/exports_c"
step "c: C++ runner"
"$build/tests/vectors_cpp" tests/vectors
step "c: C++ exports beyond the vectors"
"$build/tests/exports_cpp"
step "c: C++ 8-thread test"
"$build/tests/threads_cpp"
step "c: C++ example"
"$build/examples/sign_and_verify"

vg=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible)
step "c: C runner under valgrind"
"${vg[@]}" "$build/tests/vectors_c" tests/vectors | tail -n 1
step "c: C++ runner under valgrind"
"${vg[@]}" "$build/tests/vectors_cpp" tests/vectors | tail -n 1
step "c: C and C++ exports tests under valgrind"
"${vg[@]}" "$build/tests/exports_c" | tail -n 1
"${vg[@]}" "$build/tests/exports_cpp" | tail -n 1
