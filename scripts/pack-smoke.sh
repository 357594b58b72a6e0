#!/usr/bin/env bash
# Installs the packed tarball the way a user would, into a fresh Vite React app and a plain Node
# project, imports every subpath and builds the app. Catches a broken "exports" map before users do.
# `npm run test:pack` builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
version() { node -p "require('$1/package.json').version"; }

app="$(mktemp -d "${TMPDIR:-/tmp}/flowwise-smoke-XXXXXX")"
trap 'rm -rf "$app"' EXIT
tarball="$app/$(npm pack --silent --pack-destination "$app" | tail -n 1)"

cd "$app"
cat > package.json <<JSON
{ "name": "flowwise-smoke", "private": true, "type": "module" }
JSON
# The versions this repository tests with, so a warm npm cache serves them.
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" \
  "react@$(version "$repo/node_modules/react")" "react-dom@$(version "$repo/node_modules/react-dom")" \
  "@tanstack/react-query@$(version "$repo/node_modules/@tanstack/react-query")" "msw@$(version "$repo/node_modules/msw")" \
  "vite@$(version "$repo/node_modules/vite")" "@vitejs/plugin-react@$(version "$repo/node_modules/@vitejs/plugin-react")"

# Plain Node: every subpath through both import and require, and errors recognised across the two builds.
cat > node-smoke.mjs <<'JS'
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as client from '@flowwise/react';
import * as server from '@flowwise/react/server';
import * as testing from '@flowwise/react/testing';
import * as sandbox from '@flowwise/react/sandbox';

const require = createRequire(import.meta.url);
const cjs = {
  client: require('@flowwise/react'),
  server: require('@flowwise/react/server'),
  testing: require('@flowwise/react/testing'),
  sandbox: require('@flowwise/react/sandbox'),
};
for (const [name, esm] of Object.entries({ client, server, testing, sandbox })) {
  assert.deepEqual(Object.keys(cjs[name]).sort(), Object.keys(esm).sort(), `${name}: import and require export the same names`);
}
assert.equal(typeof client.FlowwiseCheckoutButton, 'object');
assert.equal(typeof client.useFlowwiseCheckout, 'function');
assert.equal(client.createOrderRequestSchema.safeParse(testing.buildCreateOrderRequest()).success, true);
assert.equal(typeof server.createOrderHandler, 'function');
assert.equal(typeof server.toNodeHandler, 'function');
assert.equal(typeof testing.mockCreateOrderEndpoint, 'function');
assert.equal(client.isFlowwiseError(new cjs.client.FlowwiseError('network', 'offline')), true);

// The sandbox from the installed package, and the server client reading an order from it.
const local = await sandbox.startSandbox({ port: 0 });
const flowwise = server.createFlowwiseClient({ clientId: local.clientId, clientSecret: local.clientSecret, environment: 'sandbox', baseUrl: local.apiBaseUrl });
await flowwise.createOrder(testing.buildCreateOrderRequest({ order_id: 'smoke_1' }));
assert.equal((await flowwise.getOrder('smoke_1')).order_status, 'ACTIVE');
assert.deepEqual(await flowwise.getOrderPayments('smoke_1'), []);
await local.close();
console.log('node: every subpath imports and requires; the sandbox starts and the client reads an order from it');
JS
node node-smoke.mjs

# The bin, as a user runs it in their project: `npx flowwise-sandbox --port <free port>` starts and answers.
port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
npx --no-install flowwise-sandbox --port "$port" > sandbox.log 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; rm -rf "$app"' EXIT
for _ in $(seq 1 50); do
  grep -q 'Flowwise sandbox on' sandbox.log && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/" | grep -q 'Local Flowwise sandbox' || { cat sandbox.log; echo "npx flowwise-sandbox did not answer on port $port"; exit 1; }
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/router/orders/none" -H 'x-client-id: sandbox_client_id' -H 'x-client-secret: sandbox_client_secret')"
[ "$status" = 404 ] || { echo "GET /router/orders/none answered $status, not 404"; exit 1; }
kill "$sandbox_pid"
echo "bin: npx flowwise-sandbox --port $port starts and answers"

# A Vite React app using the client entry and the test mocks, built for production.
mkdir src
cat > index.html <<'HTML'
<!doctype html>
<html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>
HTML
cat > src/main.tsx <<'TSX'
import { createRoot } from 'react-dom/client';
import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { buildCreateOrderRequest, mockCreateOrderEndpoint } from '@flowwise/react/testing';

console.log(mockCreateOrderEndpoint().length);
createRoot(document.getElementById('root')!).render(
  <FlowwiseProvider endpoint="/api/flowwise/orders">
    <FlowwiseCheckoutButton order={() => buildCreateOrderRequest()}>Pay with Flowwise</FlowwiseCheckoutButton>
  </FlowwiseProvider>,
);
TSX
cat > vite.config.js <<'JS'
import react from '@vitejs/plugin-react';
// msw (behind /testing) makes one large chunk; that is expected here.
export default { plugins: [react()], logLevel: 'warn', build: { chunkSizeWarningLimit: 2000 } };
JS
npx vite build
grep -q 'Pay with Flowwise' dist/assets/*.js
grep -q 'payments.flowwise.com' dist/assets/*.js
echo "vite: the app builds with @flowwise/react and @flowwise/react/testing"
