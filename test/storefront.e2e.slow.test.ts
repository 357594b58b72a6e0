// The whole flow in headless Chromium: storefront → merchant endpoint → sandbox → checkout page → back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { startStorefront, type Storefront } from '../examples/storefront/server/startStorefront';

let store: Storefront;
let browser: Browser;
let page: Page;
const viteCache = mkdtempSync(join(tmpdir(), 'storefront-e2e-vite-'));

beforeAll(async () => {
  [store, browser] = await Promise.all([
    // Its own Vite cache, so that test runs side by side never share pre-bundled dependencies.
    startStorefront({ port: 0, sandboxPort: 0, env: {}, cacheDir: viteCache, upiDelayMs: 2500, dataDir: null }),
    chromium.launch(chromiumLaunchOptions),
  ]);
}, 60_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await store?.close();
  rmSync(viteCache, { recursive: true, force: true });
});

beforeEach(async () => {
  store.sandbox!.reset();
  // One browser context for every test, so the app's modules are fetched once; the cart lives in
  // localStorage, so it is emptied first.
  page ??= await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(store.url);
  await page.evaluate(() => localStorage.clear());
  // The first page load compiles the app's modules: seconds on a busy machine.
}, 60_000);

it('buys the cart: add to cart, pay on the checkout page, land on the return page with only the order id', async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Linen shirt to cart' }).click();
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  await page.getByRole('button', { name: 'One more Ceramic mug' }).click();
  await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹2,198.00');

  await page.getByRole('button', { name: 'Pay ₹2,198.00' }).click();

  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  await expect.poll(() => page.getByTestId('amount').textContent()).toBe('₹2,198.00');
  expect(await page.locator('dl').textContent()).toContain('1 × Linen shirt, 2 × Ceramic mug');
  const [order] = [...store.sandbox!.orders.values()];
  expect(order!.request.order_amount).toBe(2198);

  await page.getByRole('button', { name: 'Pay', exact: true }).click();

  await page.waitForURL(`${store.url}/return?**`);
  // Said only once the store's server has asked Flowwise.
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Payment received.');
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  expect(new URL(page.url()).search).toBe(`?order_id=${encodeURIComponent(order!.request.order_id)}`);
  expect(await page.locator('.order-ref code').textContent()).toBe(order!.request.order_id);
  expect(order!.status).toBe('PAID');
  expect(order!.payments.map((payment) => payment.status)).toEqual(['SUCCESS']);
  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await expect.poll(() => page.getByText('Your cart is empty.').isVisible()).toBe(true);
}, 30_000);

it('a mouse press on Pay starts the order: the checkout page opens while the button is still held down', async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  const pay = page.getByRole('button', { name: 'Pay ₹349.50' });
  await pay.hover();

  await page.mouse.down();
  // The release comes only once the checkout page is there: had the order waited for the click, it never would be.
  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  await page.mouse.up();

  await expect.poll(() => page.getByTestId('amount').textContent()).toBe('₹349.50');
  expect(store.sandbox!.orders.size).toBe(1);
});

it('a UPI payment shows "Confirming your payment…" on the return page, then paid, with no reload', async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  await page.getByRole('button', { name: 'Pay ₹349.50' }).click();
  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  await page.getByRole('button', { name: 'Pay by UPI' }).click();

  await page.waitForURL(`${store.url}/return?**`);
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Confirming your payment…');
  const [order] = [...store.sandbox!.orders.values()];
  expect(order!.payments.map((payment) => payment.status)).toEqual(['PENDING']);
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));

  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Payment received.');
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(order!.payments.map((payment) => payment.status)).toEqual(['SUCCESS']);
}, 30_000);

it('a failed payment lands on the same return page, the order still payable and the cart kept', async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Canvas tote to cart' }).click();
  await page.getByRole('button', { name: 'Pay ₹699.00' }).click();

  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  await page.getByRole('button', { name: 'Fail', exact: true }).click();

  await page.waitForURL(`${store.url}/return?**`);
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/^The payment did not go through\./);
  const [order] = [...store.sandbox!.orders.values()];
  expect(order!.status).toBe('ACTIVE');
  expect(order!.payments.map((payment) => payment.status)).toEqual(['FAILED']);

  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹699.00');
}, 30_000);

it("Try again after a failed payment reaches the same order's checkout, and paying it there lands on paid", async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Canvas tote to cart' }).click();
  await page.getByRole('button', { name: 'Pay ₹699.00' }).click();
  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  const checkoutUrl = page.url();
  await page.getByRole('button', { name: 'Fail', exact: true }).click();
  await page.waitForURL(`${store.url}/return?**`);

  await page.getByRole('link', { name: 'Try again' }).click();

  await page.waitForURL(checkoutUrl);
  expect(store.sandbox!.orders.size).toBe(1);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL(`${store.url}/return?**`);
  // Back within seconds of the failed read: the store reads the order again only after its read
  // interval (5 s), and says pending until then, not the last read's failed.
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Payment received.');
  expect([...store.sandbox!.orders.values()][0]!.payments.map((payment) => payment.status)).toEqual(['FAILED', 'SUCCESS']);
}, 30_000);

it('a typed return URL claiming a payment shows nothing paid', async () => {
  await page.goto(`${store.url}/return?order_id=order_made_up&order_status=PAID`);
  await expect.poll(() => page.getByRole('status').textContent()).toBe('We could not find this order.');
  expect(await page.locator('main').textContent()).not.toMatch(/\bpaid\b|received|successful|thank you/i);
}, 30_000);

it('shows the error next to the button and stays on the store when Flowwise is down', async () => {
  store.sandbox!.configure({ fault: { type: 'error', status: 500 } });
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Dot-grid notebook to cart' }).click();
  await page.getByRole('button', { name: 'Pay ₹249.00' }).click();

  await expect.poll(() => page.getByRole('alert').textContent()).toBe('The payment could not be started. Please try again.');
  expect(new URL(page.url()).origin).toBe(store.url);
  expect(store.sandbox!.orders.size).toBe(0);
}, 30_000);

it('asks for a valid e-mail address before creating an order', async () => {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  await page.getByLabel('E-mail for the receipt (optional)').fill('not-an-email');
  await page.getByRole('button', { name: 'Pay ₹349.50' }).click();

  await expect.poll(() => page.getByRole('alert').textContent()).toBe('Please enter a valid e-mail address, or leave it empty.');
  expect(store.sandbox!.requests).toHaveLength(0);

  await page.getByLabel('E-mail for the receipt (optional)').fill('asha@example.com');
  await page.getByRole('button', { name: 'Pay ₹349.50' }).click();
  await page.waitForURL(`${store.sandbox!.url}/checkout/**`);
  expect([...store.sandbox!.orders.values()][0]!.request.customer_details).toEqual({ customer_email: 'asha@example.com' });
}, 30_000);
