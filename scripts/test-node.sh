#!/usr/bin/env bash
# Node: build the addon with @napi-rs/cli, check the committed index.js/index.d.ts are what the build
# generates, run every test (vectors, misuse, known answers) with node --test, type-check a TypeScript
# usage file against index.d.ts, and run the Node example.
source "$(dirname "$0")/lib.sh"
NODE_DIR="$ROOT/bindings-node"
cd "$NODE_DIR"
committed="$(mktemp -d)"
trap 'rm -rf "$committed"' EXIT
cp index.js index.d.ts "$committed/"
bash "$ROOT/scripts/build-node.sh"

step "node: committed index.js and index.d.ts are current"
for f in index.js index.d.ts; do
  if ! diff -u "$committed/$f" "$f"; then
    echo "bindings-node/$f is out of date: run 'npm run build' in bindings-node and commit it" >&2
    exit 1
  fi
done

step "node: tsc --noEmit (TypeScript usage against index.d.ts)"
npx --no-install tsc --noEmit -p tsconfig.json

step "node: node --test"
node --test __test__/

step "node: examples/node/gateway.js"
node "$ROOT/examples/node/gateway.js"
