#!/usr/bin/env bash
# Cross-language Noise sessions over loopback TCP: two processes in two different languages play
# tests/interop/conversation.json (XX handshake with pinned static keys, stream frames, text, a 65519-byte
# payload, an empty one, and trading signals signed on one side and verified on the other). Pairs: Python
# server with a Node client and the reverse, C++ (tradeseal.hpp) against Rust both ways, and one refused
# handshake per pair (a side pinning a stranger's key). Each process has a time limit, so a hang fails.
# Builds with the same scripts (and caches) as test-c.sh, test-node.sh and test-python.sh.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export CARGO_TARGET_DIR="$TARGET_DIR"
OUT="$TARGET_DIR/interop"
CONVERSATION="$ROOT/tests/interop/conversation.json"
LIMIT="${INTEROP_TIMEOUT_S:-60}"
mkdir -p "$OUT"

step "interop: Python wheel, Node addon, C library, Rust peer"
bash scripts/build-python.sh
bash scripts/build-node.sh
need_apt g++ g++
[ -e /usr/include/nlohmann/json.hpp ] || need_apt tseal-needs-nlohmann-json3-dev nlohmann-json3-dev
bash scripts/install-c.sh "$OUT/prefix"
g++ -std=c++17 -O1 -Wall -Wextra -Werror -I"$OUT/prefix/include" tests/interop/peer.cpp \
  "$OUT/prefix/lib/libtradeseal.a" -lpthread -ldl -lm -o "$OUT/peer_cpp"
cargo build -q --workspace --example interop_peer  # what `cargo test --workspace` built already

PYTHON=("$ROOT/.venv/bin/python" "$ROOT/tests/interop/peer.py")
NODE=(node "$ROOT/tests/interop/peer.js")
CPP=("$OUT/peer_cpp")
RUST=("$TARGET_DIR/debug/examples/interop_peer")

# run_pair LABEL SERVER CLIENT SERVER_EXPECT CLIENT_EXPECT [SERVER_FLAG] [CLIENT_FLAG]: SERVER and CLIENT
# name the arrays above; each side must exit 0 within LIMIT seconds and print its EXPECT line.
run_pair() {
  local label="$1" server_flag="${6:-}" client_flag="${7:-}"
  local -n server="$2" client="$3"
  local dir="$OUT/$label" port="" server_status=0 client_status=0
  rm -rf "$dir" && mkdir -p "$dir" && touch "$dir/server.out"
  step "interop: $label"
  timeout "$LIMIT" "${server[@]}" server "$CONVERSATION" $server_flag >"$dir/server.out" 2>"$dir/server.err" &
  local server_pid=$!
  for _ in $(seq 1 "$((LIMIT * 10))"); do
    port="$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$dir/server.out")"
    [ -n "$port" ] || ! kill -0 "$server_pid" 2>/dev/null && break
    sleep 0.1
  done
  if [ -n "$port" ]; then
    timeout "$LIMIT" "${client[@]}" client "$CONVERSATION" --port "$port" $client_flag \
      >"$dir/client.out" 2>"$dir/client.err" || client_status=$?
  else
    client_status="no port"
  fi
  wait "$server_pid" || server_status=$?
  local ok=1 side
  for side in server client; do
    local status_var="${side}_status" expect="${4}"
    [ "$side" = client ] && expect="$5"
    if [ "${!status_var}" != 0 ] || ! grep -qx "$expect" "$dir/$side.out"; then
      printf '%s: exit status %s, expected "%s"; stdout:\n' "$side" "${!status_var}" "$expect" >&2
      cat "$dir/$side.out" "$dir/$side.err" >&2
      ok=0
    fi
  done
  local hashes
  hashes="$(cat "$dir/server.out" "$dir/client.out" | sed -n 's/^handshake_hash //p' | sort | uniq -c | awk '{print $1}')"
  if [ "$4" = "$5" ] && [ "$hashes" != 2 ]; then
    echo "the two sides' handshake hashes differ or are missing" >&2
    ok=0
  fi
  [ "$ok" = 1 ] || { echo "interop: $label FAILED (logs in $dir)" >&2; exit 1; }
  echo "$label: both sides exit 0 ($4 / $5)"
}

steps="ok $(grep -c '"from"' "$CONVERSATION") steps"
run_pair python-server-node-client PYTHON NODE "$steps" "$steps"
run_pair node-server-python-client NODE PYTHON "$steps" "$steps"
run_pair cpp-server-rust-client CPP RUST "$steps" "$steps"
run_pair rust-server-cpp-client RUST CPP "$steps" "$steps"
refused="rejected TSEAL_PEER_NOT_ALLOWED"
closed="closed as expected"
run_pair python-server-refuses-node-client PYTHON NODE "$refused" "$closed" --reject --expect-closed
run_pair python-client-refuses-node-server NODE PYTHON "$closed" "$refused" --expect-closed --reject
run_pair cpp-server-refuses-rust-client CPP RUST "$refused" "$closed" --reject --expect-closed
run_pair rust-client-refuses-cpp-server CPP RUST "$closed" "$refused" --expect-closed --reject
