import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createFlowwiseClient } from '@flowwise/react/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStorefrontHandler } from '../examples/storefront/server/merchant';
import { startStorefront } from '../examples/storefront/server/startStorefront';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

const storeUrl = 'http://localhost:5173';

function handler() {
  const client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
  });
  return createStorefrontHandler({ client, storeUrl });
}

function post(order: unknown) {
  return new Request(`${storeUrl}/api/flowwise/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(order),
  });
}

describe('the demo store endpoint', () => {
  it('prices the posted cart from the catalogue, and sets the order_id, note and return URL itself', async () => {
    const response = await handler()(
      post({
        items: [
          { id: 'linen-shirt', quantity: 2 },
          { id: 'ceramic-mug', quantity: 1 },
        ],
        email: 'asha@example.com',
      }),
    );

    expect(response.status).toBe(200);
    const { order_id } = (await response.json()) as { order_id: string };
    expect(order_id).toMatch(/^order_[\w-]{22}$/);
    expect(sandbox.orders.get(order_id)!.request).toEqual({
      order_id,
      order_amount: 3347.5, // 2 × ₹1,499.00 + ₹349.50
      order_currency: 'INR',
      customer_details: { customer_email: 'asha@example.com' },
      order_note: '2 × Linen shirt, 1 × Ceramic mug',
      order_tags: { source: 'storefront-demo' },
      expiry_time_in_minutes: 30,
      return_base_url: `${storeUrl}/return`,
    });
  });

  it('refuses a body that is not a cart it sells, naming the field, without calling Flowwise', async () => {
    const cases: Array<[unknown, string]> = [
      [{ items: [] }, 'items'],
      [{ items: [{ id: 'gold-bar', quantity: 1 }] }, 'items.0.id'],
      [{ items: [{ id: 'linen-shirt', quantity: 0 }] }, 'items.0.quantity'],
      [{ items: [{ id: 'linen-shirt', quantity: 11 }] }, 'items.0.quantity'],
      [
        {
          items: [
            { id: 'linen-shirt', quantity: 1 },
            { id: 'linen-shirt', quantity: 1 },
          ],
        },
        'items',
      ],
      [{ items: [{ id: 'linen-shirt', quantity: 1 }], email: 'not-an-address' }, 'email'],
      // What an old page posted: a priced order, whose amount is exactly what must not be trusted.
      [{ order_id: 'x', order_amount: 1, order_currency: 'INR', customer_details: {} }, 'items'],
    ];
    for (const [body, field] of cases) {
      const response = await handler()(post(body));
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { code: string; issues: Array<{ path: Array<string | number> }> };
      expect(answer.code).toBe('invalid_payload');
      expect(answer.issues[0]!.path.join('.')).toBe(field);
    }
    expect(sandbox.requests).toHaveLength(0);
  });
});

// Each starts Vite and opens a PGlite database (WebAssembly): seconds on a busy machine.
describe('startStorefront', { timeout: 60_000 }, () => {
  it('uses real Flowwise, and no sandbox, when credentials are set', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'storefront-vite-'));
    const store = await startStorefront({
      port: 0,
      env: { FLOWWISE_CLIENT_ID: 'id', FLOWWISE_CLIENT_SECRET: 'secret', FLOWWISE_ENV: 'production' },
      cacheDir,
      dataDir: null,
    });
    try {
      expect(store.sandbox).toBeUndefined();
      expect(store.mode).toBe('production');
      const page = await fetch(store.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
    } finally {
      await store.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('keeps its orders in a PGlite data folder, so they survive a restart', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'storefront-vite-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'storefront-data-'));
    try {
      const store = await startStorefront({ port: 0, sandboxPort: 0, env: {}, cacheDir, dataDir });
      let orderId: string;
      try {
        const response = await fetch(`${store.url}/api/flowwise/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items: [{ id: 'ceramic-mug', quantity: 1 }] }),
        });
        expect(response.status).toBe(200);
        orderId = ((await response.json()) as { order_id: string }).order_id;
      } finally {
        await store.close();
      }
      const db = new PGlite(dataDir);
      try {
        const { rows } = await db.query<{ order_id: string; status: string }>('select order_id, status from flowwise_orders');
        expect(rows).toEqual([{ order_id: orderId, status: 'active' }]);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails at start-up when only one credential is set', async () => {
    await expect(startStorefront({ port: 0, env: { FLOWWISE_CLIENT_ID: 'id' } })).rejects.toThrow(
      'FLOWWISE_CLIENT_SECRET is not set, but FLOWWISE_CLIENT_ID is: set both to use Flowwise, or neither to use the local sandbox.',
    );
  });
});
