import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresOrderStore } from '@flowwise/react/server';

// Every order is recorded here before the shopper is sent to pay, and the status endpoint answers from
// it: Postgres in WebAssembly (PGlite) in a data folder, so orders survive a restart and no database
// server is needed. In production pass a pg Pool or Neon's Pool instead: any `query(text, values)`.
// Opened on first use, so that `react-router build` and starting the server touch no data.
let database: Promise<PGlite> | undefined;
function open(): Promise<PGlite> {
  if (database) return database;
  const dataDir = process.env.ORDERS_DATA_DIR ?? '.data/orders';
  mkdirSync(dataDir, { recursive: true });
  if (!closesOnSignals) closeOnSignals();
  // A failed open is not kept: the next request tries again.
  return (database = PGlite.create(dataDir).catch((error: unknown) => {
    database = undefined;
    throw error;
  }));
}

// An open PGlite keeps the process running, so a server would never end on SIGTERM (a deploy, a
// container stopping) or Ctrl+C. On either, the database is closed, then the signal ends the process.
let closesOnSignals = false;
function closeOnSignals() {
  closesOnSignals = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void database
        ?.then((db) => db.close())
        .catch(() => {})
        .finally(() => process.kill(process.pid, signal));
    });
  }
}

export const store = createPostgresOrderStore({
  db: { query: async (text: string, values?: unknown[]) => (await open()).query(text, values) },
});
