import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFlowwiseClient, type CreateOrderRequest } from '@flowwise/react/server';
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

function post(order: CreateOrderRequest) {
  return new Request(`${storeUrl}/api/flowwise/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(order),
  });
}

describe('the demo store endpoint', () => {
  it('charges the catalogue price, whatever amount the browser sent', async () => {
    const tampered: CreateOrderRequest = {
      order_id: 'store_tampered',
      order_amount: 1,
      order_currency: 'USD',
      customer_details: { customer_email: 'asha@example.com' },
      order_note: 'Everything for a rupee',
      order_tags: { cart: 'linen-shirt:2,ceramic-mug:1' },
      return_base_url: 'https://evil.example/phish',
    };
    const response = await handler()(post(tampered));

    expect(response.status).toBe(200);
    expect(sandbox.orders.get('store_tampered')!.request).toEqual({
      order_id: 'store_tampered',
      order_amount: 3347.5, // 2 × ₹1,499.00 + ₹349.50
      order_currency: 'INR',
      customer_details: { customer_email: 'asha@example.com' },
      order_note: '2 × Linen shirt, 1 × Ceramic mug',
      order_tags: { cart: 'linen-shirt:2,ceramic-mug:1', source: 'storefront-demo' },
      expiry_time_in_minutes: 30,
      return_base_url: `${storeUrl}/return`,
    });
  });

  it('refuses a cart it cannot price, without calling Flowwise', async () => {
    const cases: Array<[Record<string, string> | undefined, RegExp]> = [
      [undefined, /Your cart is empty/],
      [{ cart: '' }, /Your cart is empty/],
      [{ cart: 'gold-bar:1' }, /"gold-bar" is no longer sold here/],
      [{ cart: 'linen-shirt:0' }, /between 1 and 10/],
      [{ cart: 'linen-shirt:11' }, /between 1 and 10/],
      [{ cart: 'linen-shirt:1,linen-shirt:1' }, /between 1 and 10/],
      [{ cart: 'linen-shirt:-1' }, /could not be read/],
    ];
    for (const [order_tags, message] of cases) {
      const response = await handler()(
        post({ order_id: 'store_bad', order_amount: 10, order_currency: 'INR', customer_details: {}, order_tags }),
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string; code: string };
      expect(body.code).toBe('invalid_cart');
      expect(body.message).toMatch(message);
    }
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('startStorefront', () => {
  it('uses real Flowwise, and no sandbox, when credentials are set', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'storefront-vite-'));
    const store = await startStorefront({
      port: 0,
      env: { FLOWWISE_CLIENT_ID: 'id', FLOWWISE_CLIENT_SECRET: 'secret', FLOWWISE_ENV: 'production' },
      cacheDir,
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

  it('fails at start-up when only one credential is set', async () => {
    await expect(startStorefront({ port: 0, env: { FLOWWISE_CLIENT_ID: 'id' } })).rejects.toThrow(
      'FLOWWISE_CLIENT_SECRET is not set, but FLOWWISE_CLIENT_ID is: set both to use Flowwise, or neither to use the local sandbox.',
    );
  });
});
