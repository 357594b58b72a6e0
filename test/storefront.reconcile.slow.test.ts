// The shopper who pays and never comes back, in headless Chromium: the demo storefront's reconciler
// finds the order paid and fulfils it, with no return page ever asking.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaidOrder } from '@flowwise/react/server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { startStorefront, type Storefront } from '../examples/storefront/server/startStorefront';

let store: Storefront;
let browser: Browser;
const fulfilled: PaidOrder[] = [];
const viteCache = mkdtempSync(join(tmpdir(), 'storefront-reconcile-vite-'));

beforeAll(async () => {
  [store, browser] = await Promise.all([
    startStorefront({ port: 0, sandboxPort: 0, env: {}, cacheDir: viteCache, dataDir: null, onPaid: (paid) => void fulfilled.push(paid) }),
    chromium.launch(chromiumLaunchOptions),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await store?.close();
  rmSync(viteCache, { recursive: true, force: true });
});

it('fulfils a paid order whose shopper closed the page before the return page loaded, within the first checks', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // The way back to the shop never loads: the tab was closed, or the UPI app never returned to it.
  let returnPageRequests = 0;
  await page.route(`${store.url}/return**`, (route) => {
    returnPageRequests += 1;
    return route.abort();
  });
  // The first page load compiles the app's modules: seconds on a busy machine.
  await page.goto(store.url, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  await page.getByRole('button', { name: 'Pay ₹349.50' }).click();
  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  const [order] = [...store.sandbox!.orders.values()];
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect.poll(() => order!.status).toBe('PAID');
  await context.close();
  const statusRequestsBefore = store.sandbox!.stats().getOrder.calls;
  expect(statusRequestsBefore).toBe(0);

  // The first check is 20–40 s after the order was recorded, and the loop looks every 5 s.
  await expect.poll(() => fulfilled.length, { timeout: 50_000, interval: 500 }).toBe(1);
  expect(fulfilled[0]).toMatchObject({ orderId: order!.request.order_id, attempt: 1, order: { order_amount: 349.5 } });
  expect(returnPageRequests).toBeLessThanOrEqual(1);
  // Found at the first or second check: a Get Order each, and Get Payments once it said PAID.
  expect(store.sandbox!.stats().getOrder.calls).toBeLessThanOrEqual(2);
  expect(store.sandbox!.stats().getOrderPayments.calls).toBe(1);
}, 150_000);
