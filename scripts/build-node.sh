#!/usr/bin/env bash
# Node: npm install (when node_modules is missing) and the release build of the addon with @napi-rs/cli,
# which also regenerates index.js and index.d.ts. Used by test-node.sh and demo.sh.
source "$(dirname "$0")/lib.sh"
cd "$ROOT/bindings-node"
need_apt node nodejs
need_apt npm npm
if [ ! -d node_modules ]; then
  step "node: npm install"
  npm install --no-audit --no-fund
fi
step "node: napi build --platform --release"
npm run --silent build
