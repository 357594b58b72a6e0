#!/usr/bin/env bash
# Runs the Node tests (the node and slow projects) on Node 24, the current LTS, besides the Node 20 that `npm test`
# uses. Node 24 comes from the npm registry's `node` package, installed into a folder outside the repository; its
# bin folder goes first on PATH, so that vitest, its workers and every child process a test starts run on it.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${NODE_24_DIR:-${TMPDIR:-/tmp}/flowwise-node24}"
mkdir -p "$dir"
npm install --prefix "$dir" --prefer-offline --no-audit --no-fund --loglevel=error node@24
bin="$dir/node_modules/node/bin"
[[ -x $bin/node ]] || { echo "node@24 installed no binary at $bin/node"; exit 1; }

export PATH="$bin:$PATH"
echo "Node $(node --version)"
node node_modules/vitest/vitest.mjs run --project node --project slow "$@"
