#!/usr/bin/env bash
# Runs the unit tests and the server-rendering test against React 18.3. React 18 is installed into a folder outside the
# repository (never into node_modules), together with the libraries that import React, so that they
# resolve it too; REACT_18_DIR then makes vitest.config.ts point every import of them there.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${REACT_18_DIR:-${TMPDIR:-/tmp}/flowwise-react18}"
tanstack="$(node -p 'require("@tanstack/react-query/package.json").version')"
mkdir -p "$dir"
npm install --prefix "$dir" --prefer-offline --no-audit --no-fund --loglevel=error \
  react@18.3.1 react-dom@18.3.1 \
  @testing-library/react@16.3 @testing-library/dom@10.4 @testing-library/user-event@14.6 \
  "@tanstack/react-query@$tanstack"

echo "React $(node -p "require('$dir/node_modules/react/package.json').version"), react-dom $(node -p "require('$dir/node_modules/react-dom/package.json').version")"
# The unit tests (jsdom) and server rendering; the other node tests do not use React.
REACT_18_DIR="$dir" npx vitest run --project unit "$@"
REACT_18_DIR="$dir" npx vitest run --project node test/ssr.node.test.tsx "$@"
