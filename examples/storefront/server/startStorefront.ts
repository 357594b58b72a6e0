import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import {
  createFlowwiseClient,
  createPostgresOrderStore,
  startReconciler,
  toNodeHandler,
  type FlowwiseClient,
  type FlowwiseEnvironment,
  type OnPaid,
} from '@flowwise/react/server';
import react from '@vitejs/plugin-react';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { packageAliases } from '../../../vite.config';
import { createStorefrontHandler, logFulfilment } from './merchant';

export interface StorefrontOptions {
  /** The store's port; `0` picks a free one. Defaults to `5173`. */
  port?: number;
  /** The local sandbox's port, when it is used; `0` picks a free one. Defaults to `4010`. */
  sandboxPort?: number;
  /** With the local sandbox: how long a UPI payment stays pending before it succeeds. Defaults to the sandbox's (5 s). */
  upiDelayMs?: number;
  /** Where the Flowwise credentials come from. Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Vite's cache directory. Defaults to `node_modules/.vite/storefront`. */
  cacheDir?: string;
  /**
   * The folder where the order store (Postgres in WebAssembly, PGlite) keeps its data, so that orders
   * survive a restart; `null` keeps them in memory. Defaults to `.data/storefront` in the repository.
   */
  dataDir?: string | null;
  /** Fulfils a paid order, once, whether its return page or the reconciler found it paid. Defaults to one log line. */
  onPaid?: OnPaid;
}

export interface Storefront {
  /** The store's URL, to open in a browser. */
  url: string;
  /** The local sandbox, unless real Flowwise credentials were given. */
  sandbox: Sandbox | undefined;
  /** `'local sandbox'`, or the real Flowwise environment in use. */
  mode: 'local sandbox' | FlowwiseEnvironment;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function listen(server: Server, port: number): Promise<string> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/**
 * Starts the demo storefront: the Vite app, its merchant endpoint at `/api/flowwise/orders`, the
 * reconciler (`startReconciler`, for the shoppers who pay and never come back), and,
 * unless `FLOWWISE_CLIENT_ID` and `FLOWWISE_CLIENT_SECRET` are set, a local Flowwise sandbox for it
 * to talk to. With them set, the endpoint talks to real Flowwise (`FLOWWISE_ENV`, default `sandbox`).
 */
export async function startStorefront(options: StorefrontOptions = {}): Promise<Storefront> {
  const env = options.env ?? process.env;
  let sandbox: Sandbox | undefined;
  let client: FlowwiseClient;
  let checkoutOrigins: string[] | undefined;
  if (env.FLOWWISE_CLIENT_ID || env.FLOWWISE_CLIENT_SECRET) {
    // One without the other is a typo in the shell, not a wish to use the sandbox: say so at start-up.
    const missing = ['FLOWWISE_CLIENT_ID', 'FLOWWISE_CLIENT_SECRET'].filter((name) => !env[name]);
    if (missing.length)
      throw new Error(
        `${missing[0]} is not set, but ${missing[0] === 'FLOWWISE_CLIENT_ID' ? 'FLOWWISE_CLIENT_SECRET' : 'FLOWWISE_CLIENT_ID'} is: set both to use Flowwise, or neither to use the local sandbox.`,
      );
    client = createFlowwiseClient({
      clientId: env.FLOWWISE_CLIENT_ID,
      clientSecret: env.FLOWWISE_CLIENT_SECRET,
      environment: (env.FLOWWISE_ENV ?? 'sandbox') as FlowwiseEnvironment,
    });
    // Real Flowwise checkout pages live on the package's default origin, unless told otherwise.
    checkoutOrigins = env.FLOWWISE_CHECKOUT_ORIGINS?.split(',').map((origin) => origin.trim());
  } else {
    sandbox = await startSandbox({ port: options.sandboxPort ?? 4010, upiDelayMs: options.upiDelayMs });
    client = createFlowwiseClient({
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      environment: 'sandbox',
      baseUrl: sandbox.apiBaseUrl,
    });
    // The sandbox's checkout page is on an http loopback origin, which must be allowed explicitly.
    checkoutOrigins = [sandbox.url];
  }

  const dataDir = options.dataDir === undefined ? join(repositoryRoot, '.data/storefront') : options.dataDir;
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === null ? new PGlite() : new PGlite(dataDir);
  const store = createPostgresOrderStore({ db });
  const onPaid = options.onPaid ?? logFulfilment;
  // Checks the orders whose shoppers never came back, so that a paid one is fulfilled all the same.
  const reconciler = startReconciler({ client, store, onPaid, stopOn: [] });

  const server = createServer();
  let vite: ViteDevServer | undefined;
  try {
    const url = await listen(server, options.port ?? 5173);
    const orders = toNodeHandler(createStorefrontHandler({ client, storeUrl: url, store, onPaid }));
    vite = await createViteServer({
      configFile: false,
      root,
      cacheDir: options.cacheDir ?? `${repositoryRoot}/node_modules/.vite/storefront`,
      logLevel: 'warn',
      clearScreen: false,
      plugins: [react()],
      resolve: { alias: packageAliases },
      define: {
        __CHECKOUT_ORIGINS__: JSON.stringify(checkoutOrigins ?? null),
        __FLOWWISE_MODE__: JSON.stringify(sandbox ? 'local sandbox' : client.environment),
      },
      // Listed up front so the first page load never stops to discover them and reload.
      optimizeDeps: {
        include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', '@tanstack/react-query', 'zod/mini'],
      },
      server: { middlewareMode: true, hmr: { server }, fs: { allow: [repositoryRoot] } },
      appType: 'spa',
    });
    const viteMiddlewares = vite.middlewares;
    server.on('request', (req, res) => {
      if (req.url === '/api/flowwise/orders' || req.url?.startsWith('/api/flowwise/orders?')) void orders(req, res);
      else viteMiddlewares(req, res);
    });
    const opened = vite;
    return {
      url,
      sandbox,
      mode: sandbox ? 'local sandbox' : client.environment,
      async close() {
        // The order in hand is finished first.
        await reconciler.stop();
        await opened.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await sandbox?.close();
        await db.close();
      },
    };
  } catch (error) {
    await reconciler.stop();
    await vite?.close();
    server.close();
    await sandbox?.close();
    await db.close();
    throw error;
  }
}
