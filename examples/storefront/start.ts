/**
 * `npm start`: the demo storefront, its merchant endpoint and (without Flowwise credentials in the
 * environment) a local Flowwise sandbox, in one process. PORT and SANDBOX_PORT change the ports.
 */
import { startStorefront } from './server/startStorefront';

const store = await startStorefront({
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  sandboxPort: process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : undefined,
});

console.log(`
  Storefront   ${store.url}   ← open this
  Flowwise     ${store.sandbox ? `${store.sandbox.url} (local sandbox: no credentials, no real money)` : `real Flowwise, ${store.mode} environment`}

  Press Ctrl+C to stop.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void store.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
