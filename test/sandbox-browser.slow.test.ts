// The checkout page's Pay form in headless Chromium: what a real browser sends decides whether the
// sandbox's same-origin check holds, so the attack is run in one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../scripts/chromium';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let browser: Browser;
let page: Page;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([startSandbox(), chromium.launch(chromiumLaunchOptions)]);
  // Another site: `localhost` is a different site from the sandbox's `127.0.0.1`. Its page posts the
  // Pay form to the sandbox as soon as it loads, the way a CSRF page would.
  attacker = createServer((req, res) => {
    const target = new URL(req.url!, 'http://localhost').searchParams.get('target')!;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><form method="post" action="${target}"><input name="outcome" value="paid"></form>
<script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await sandbox?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

beforeEach(async () => {
  sandbox.reset();
  page ??= await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
});

async function createOrder(orderId: string) {
  const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': sandbox.clientId, 'x-client-secret': sandbox.clientSecret },
    body: JSON.stringify({ order_id: orderId, order_amount: 10, order_currency: 'INR', customer_details: {} }),
  });
  return ((await response.json()) as { checkout_url: string }).checkout_url;
}

it('a page on another site that posts the Pay form gets a 403, and the order stays unpaid', async () => {
  const checkoutUrl = await createOrder('browser_1');

  const answer = page.waitForResponse((response) => response.url() === checkoutUrl && response.request().method() === 'POST');
  await page.goto(`${attackerUrl}/?target=${encodeURIComponent(checkoutUrl)}`);

  expect((await answer).status()).toBe(403);
  await page.getByText('This payment was not confirmed.').waitFor();
  expect(sandbox.orders.get('browser_1')!.status).toBe('ACTIVE');
}, 30_000);

it('Pay on the checkout page itself still works, reached as 127.0.0.1 or as localhost', async () => {
  for (const [orderId, host] of [
    ['browser_2', '127.0.0.1'],
    ['browser_3', 'localhost'],
  ] as const) {
    const checkoutUrl = new URL(await createOrder(orderId));
    checkoutUrl.hostname = host;
    await page.goto(checkoutUrl.href);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByText('This order has been paid.').waitFor();
    expect(sandbox.orders.get(orderId)!.status).toBe('PAID');
  }
}, 30_000);

it('leaving the checkout page without choosing records one USER_DROPPED payment through its beacon', async () => {
  const checkoutUrl = await createOrder('browser_leave');
  await page.goto(checkoutUrl);
  await page.getByRole('button', { name: 'Pay by UPI' }).waitFor();

  await page.goto(`${sandbox.url}/`);

  await expect.poll(() => sandbox.orders.get('browser_leave')!.payments.map((payment) => payment.status)).toEqual(['USER_DROPPED']);
  expect(sandbox.orders.get('browser_leave')!.status).toBe('ACTIVE');
}, 30_000);

it('a choice on the page sends no beacon: Pay records only its SUCCESS, Back to the shop only its USER_DROPPED', async () => {
  for (const [orderId, button, statuses] of [
    ['browser_pay', 'Pay', ['SUCCESS']],
    ['browser_back', 'Back to the shop', ['USER_DROPPED']],
  ] as const) {
    await page.goto(await createOrder(orderId));
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.locator('p.status').waitFor();
    // Leaving the page that answered the choice too: neither may add an attempt.
    await page.goto(`${sandbox.url}/`);
    await page.getByText('Local Flowwise sandbox').waitFor();
    expect(sandbox.orders.get(orderId)!.payments.map((payment) => payment.status)).toEqual(statuses);
  }
}, 30_000);

it('Pay by UPI shows the wait, and the order is paid once upiDelayMs has passed', async () => {
  sandbox.configure({ upiDelayMs: 300 });
  await page.goto(await createOrder('browser_upi'));
  await page.getByRole('button', { name: 'Pay by UPI' }).click();
  await page.getByText('Waiting for the UPI payment to be approved.').waitFor();
  expect(sandbox.orders.get('browser_upi')!.payments.map((payment) => payment.status)).toEqual(['PENDING']);

  await expect
    .poll(async () => {
      await page.reload();
      return page.locator('p.status').textContent();
    })
    .toBe('This order has been paid.');
  expect(sandbox.orders.get('browser_upi')).toMatchObject({ status: 'PAID', payments: [{ status: 'SUCCESS', payment_method: 'upi' }] });
}, 30_000);
