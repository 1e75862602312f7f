#!/usr/bin/env bash
# Node: tradeseal's binding vs node:crypto (HMAC, AES-256-GCM) and its Noise sessions (bindings-node/bench.js).
source "$(dirname "$0")/lib.sh"
cd "$ROOT/bindings-node"
need_apt node nodejs
need_apt npm npm
[ -d node_modules ] || npm install --no-audit --no-fund
step "bench: node (release addon)"
npm run --silent build
node bench.js
