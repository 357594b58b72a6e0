import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { errorExamples } from './spec';

let sandbox: Sandbox;
let clock = new Date('2026-01-15T10:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  clock = new Date('2026-01-15T10:00:00Z');
});

function createOrder(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'x-client-id': sandbox.clientId,
      'x-client-secret': sandbox.clientSecret,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const order = {
  order_id: 'sb_1',
  order_amount: 2299.5,
  order_currency: 'INR',
  customer_details: { customer_email: 'priya.sharma@example.com' },
  order_note: 'Summer dress <b>M</b>',
  expiry_time_in_minutes: 120,
  return_base_url: 'https://mystore.example/payment-result?ref=cart',
};

describe('POST /router/orders', () => {
  it('creates an ACTIVE order with a hash, an expiry time and a checkout_url on the sandbox', async () => {
    const response = await createOrder(order);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      order_id: 'sb_1',
      project_id: 'proj_sandbox',
      customer_email: 'priya.sharma@example.com',
      order_status: 'ACTIVE',
      order_currency: 'INR',
      payment_methods: 'cc,dc,upi,nb,wallet',
      order_note: 'Summer dress <b>M</b>',
      checkout_url: `${sandbox.url}/checkout/sb_1`,
      order_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      order_expiry_time: '2026-01-15T12:00:00Z',
      added_on: '2026-01-15T10:00:00Z',
    });
    expect(sandbox.orders.get('sb_1')).toMatchObject({ request: order, response: body, status: 'ACTIVE' });
  });

  it('expires an order in 30 minutes when expiry_time_in_minutes is not given', async () => {
    const { expiry_time_in_minutes: _, ...rest } = order;
    const body = (await (await createOrder(rest)).json()) as { order_expiry_time: string };
    expect(body.order_expiry_time).toBe('2026-01-15T10:30:00Z');
  });

  it('answers 401 without both valid auth headers', async () => {
    for (const headers of [
      { 'x-client-id': '' } as Record<string, string>,
      { 'x-client-secret': '' },
      { 'x-client-id': 'someone_else' },
      { 'x-client-secret': 'sandbox_client_secre' },
    ]) {
      const response = await createOrder(order, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(errorExamples[401]);
    }
    expect(sandbox.orders.size).toBe(0);
  });

  it('answers 400 with a code naming the problem', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...order, order_amount: 0 }, 'invalid_amount'],
      [{ ...order, order_amount: '10' }, 'invalid_amount'],
      [{ ...order, order_amount: 1.234 }, 'invalid_amount'],
      [{ ...order, order_id: undefined }, 'missing_order_id'],
      [{ ...order, order_id: '' }, 'invalid_order_id'],
      [{ ...order, order_currency: 'inr' }, 'invalid_currency'],
      [{ ...order, customer_details: undefined }, 'missing_customer_details'],
      [{ ...order, customer_details: { customer_email: 'nope' } }, 'invalid_customer_email'],
      [{ ...order, customer_details: { nickname: 'p' } }, 'unknown_field'],
      [{ ...order, expiry_time_in_minutes: 1.5 }, 'invalid_expiry_time'],
      [{ ...order, order_tags: { a: 1 } }, 'invalid_order_tags'],
      [{ ...order, return_base_url: 'javascript:alert(1)' }, 'invalid_return_url'],
      [{ ...order, discount: 5 }, 'unknown_field'],
      [[order], 'invalid_request'],
      ['{"order_id":', 'invalid_json'],
    ];
    for (const [body, code] of cases) {
      const response = await createOrder(body);
      expect({ code, status: response.status }).toEqual({ code, status: 400 });
      expect(await response.json()).toMatchObject({ code, type: 'validation_error', message: expect.any(String) });
    }
    const amount = await createOrder({ ...order, order_amount: -1 });
    expect(await amount.json()).toEqual(errorExamples[400]);
    expect(sandbox.orders.size).toBe(0);
  });

  it('answers 409 to a reused order_id', async () => {
    expect((await createOrder(order)).status).toBe(200);
    const again = await createOrder({ ...order, order_amount: 1 });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      message: 'An order with order_id "sb_1" already exists.',
      code: 'order_already_exists',
      type: 'invalid_request_error',
    });
    expect(sandbox.orders.get('sb_1')!.request.order_amount).toBe(2299.5);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const response = await fetch(`${sandbox.apiBaseUrl}/orders`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('records every request, including rejected ones', async () => {
    await createOrder(order, { 'x-client-secret': 'wrong' });
    await createOrder({ ...order, order_id: 'sb_2' });
    expect(sandbox.requests.map((r) => JSON.parse(r.body).order_id)).toEqual(['sb_1', 'sb_2']);
    expect(sandbox.requests[0]!.headers['x-client-secret']).toBe('wrong');
  });
});

describe('behaviour', () => {
  it('waits latencyMs before answering', async () => {
    sandbox.configure({ latencyMs: 150 });
    const started = Date.now();
    expect((await createOrder(order)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails the share of requests given by failureRate', async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    sandbox.configure({ fault: { type: 'error', status: 500 }, failureRate: 0.5, random: () => draws.shift()! });
    const statuses = [];
    for (const id of ['r1', 'r2', 'r3', 'r4']) statuses.push((await createOrder({ ...order, order_id: id })).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect([...sandbox.orders.keys()]).toEqual(['r2', 'r4']);
  });

  it('injects each kind of fault', async () => {
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    const error = await createOrder(order);
    expect(error.status).toBe(500);
    expect(await error.json()).toEqual(errorExamples[500]);

    sandbox.configure({ fault: { type: 'error', status: 401 } });
    expect(await (await createOrder(order)).json()).toEqual(errorExamples[401]);

    sandbox.configure({ fault: { type: 'html' } });
    const html = await createOrder(order);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/<h1>502 Bad Gateway<\/h1>/);

    sandbox.configure({ fault: { type: 'invalid-response' } });
    const invalid = await createOrder(order);
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toEqual({ order_status: 'ACTIVE', checkout_url: 42 });

    sandbox.configure({ fault: { type: 'huge-body', bytes: 1_000_000 } });
    expect((await (await createOrder(order)).text()).length).toBe(1_000_000 + '{"order_id":"huge","checkout_url":""}'.length);

    sandbox.configure({ fault: { type: 'reset' } });
    await expect(createOrder(order)).rejects.toThrow(TypeError);

    sandbox.configure({ fault: { type: 'hang' } });
    const hung = await Promise.race([createOrder(order).then(() => 'answered'), new Promise((r) => setTimeout(r, 200, 'waiting'))]);
    expect(hung).toBe('waiting');

    sandbox.reset();
    expect((await createOrder(order)).status).toBe(200);
  });
});

describe('hosted checkout page', () => {
  it('shows the amount, currency and note, with Pay and Fail buttons', async () => {
    await createOrder(order);
    const page = await fetch(`${sandbox.url}/checkout/sb_1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('₹2,299.50');
    expect(html).toContain('<dt>Currency</dt><dd>INR</dd>');
    expect(html).toContain('Summer dress &#60;b&#62;M&#60;/b&#62;');
    expect(html).not.toContain('<b>M</b>');
    expect(html).toContain('<button class="pay" type="submit" name="outcome" value="paid">Pay</button>');
    expect(html).toContain('<button class="fail" type="submit" name="outcome" value="failed">Fail</button>');
  });

  it('"Pay" marks the order paid and returns to return_base_url with the order id and outcome', async () => {
    await createOrder(order);
    const response = await fetch(`${sandbox.url}/checkout/sb_1`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'paid' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      'https://mystore.example/payment-result?ref=cart&order_id=sb_1&order_status=PAID',
    );
    expect(sandbox.orders.get('sb_1')!.status).toBe('PAID');

    // A paid order cannot be paid (or failed) again.
    const again = await fetch(`${sandbox.url}/checkout/sb_1`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'failed' }),
      redirect: 'manual',
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This order has been paid.');
    expect(sandbox.orders.get('sb_1')!.status).toBe('PAID');
  });

  it('"Fail" marks the order failed and says so in the return URL', async () => {
    await createOrder(order);
    const response = await fetch(`${sandbox.url}/checkout/sb_1`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'failed' }),
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe(
      'https://mystore.example/payment-result?ref=cart&order_id=sb_1&order_status=FAILED',
    );
    expect(sandbox.orders.get('sb_1')!.status).toBe('FAILED');
    expect(await (await fetch(`${sandbox.url}/checkout/sb_1`)).text()).toContain('The payment for this order failed.');
  });

  it('shows the outcome itself when there is no return_base_url', async () => {
    await createOrder({ ...order, return_base_url: undefined });
    const response = await fetch(`${sandbox.url}/checkout/sb_1`, { method: 'POST', body: new URLSearchParams({ outcome: 'paid' }) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('This order has been paid.');
  });

  it('refuses to take payment for an expired order', async () => {
    await createOrder({ ...order, expiry_time_in_minutes: 5 });
    clock = new Date('2026-01-15T10:05:00Z');
    expect(await (await fetch(`${sandbox.url}/checkout/sb_1`)).text()).toContain('This order has expired.');
    const pay = await fetch(`${sandbox.url}/checkout/sb_1`, { method: 'POST', body: new URLSearchParams({ outcome: 'paid' }), redirect: 'manual' });
    expect(pay.status).toBe(409);
    expect(sandbox.orders.get('sb_1')!.status).toBe('EXPIRED');
  });

  it('answers 404 for an unknown order', async () => {
    const response = await fetch(`${sandbox.url}/checkout/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('No such order.');
  });

  it('lists recent orders on its home page', async () => {
    await createOrder(order);
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain(`POST ${sandbox.apiBaseUrl}/orders`);
    expect(html).toContain('<a href="/checkout/sb_1">sb_1</a>');
  });
});
