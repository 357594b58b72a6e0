// A payment completed while no shopper comes back: sandbox.pay() in this process, and
// POST /__sandbox/orders/:order_id/pay for another; UPI payments that settle minutes later on the moved clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => new Date('2026-01-15T10:00:00Z'), upiDelayMs: 5 * 60_000 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

const credentials = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };

async function createOrder(orderId: string, fields: Record<string, unknown> = {}) {
  const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials },
    body: JSON.stringify({ order_id: orderId, order_amount: 250, order_currency: 'INR', customer_details: {}, ...fields }),
  });
  expect(response.status).toBe(200);
}

/** What Get Order and Get All Payments for Order say now: what the store's reconciler would read. */
async function flowwiseSays(orderId: string) {
  const order = (await (await fetch(`${sandbox.apiBaseUrl}/orders/${orderId}`, { headers: credentials })).json()) as {
    order_status: string;
  };
  const payments = (await (await fetch(`${sandbox.apiBaseUrl}/orders/${orderId}/payments`, { headers: credentials })).json()) as Array<{
    status: string;
  }>;
  return { order_status: order.order_status, payments: payments.map((payment) => payment.status) };
}

function payOverHttp(orderId: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}/__sandbox/orders/${encodeURIComponent(orderId)}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('sandbox.pay()', () => {
  it('pays an order by card with no shopper: a SUCCESS payment, the order PAID, as Get Order reads it', async () => {
    await createOrder('pay_1');
    const payment = sandbox.pay('pay_1');
    expect(payment).toMatchObject({ status: 'SUCCESS', order_id: 'pay_1', capture_amount: 250, payment_method: 'card' });
    expect(await flowwiseSays('pay_1')).toEqual({ order_status: 'PAID', payments: ['SUCCESS'] });
  });

  it('records a failed payment with fail: true, and the order can be paid after it', async () => {
    await createOrder('pay_1');
    expect(sandbox.pay('pay_1', { fail: true })).toMatchObject({ status: 'FAILED', capture_amount: 0 });
    expect(await flowwiseSays('pay_1')).toEqual({ order_status: 'ACTIVE', payments: ['FAILED'] });
    sandbox.pay('pay_1');
    expect(await flowwiseSays('pay_1')).toEqual({ order_status: 'PAID', payments: ['FAILED', 'SUCCESS'] });
  });

  it('keeps a UPI payment PENDING for upiDelayMs (minutes) on the moved clock, then it settles and the order is PAID', async () => {
    await createOrder('pay_1');
    expect(sandbox.pay('pay_1', { method: 'upi' })).toMatchObject({ status: 'PENDING', payment_method: 'upi' });
    sandbox.clock.advance(5 * 60_000 - 1);
    expect(await flowwiseSays('pay_1')).toEqual({ order_status: 'ACTIVE', payments: ['PENDING'] });
    sandbox.clock.advance(1);
    expect(await flowwiseSays('pay_1')).toEqual({ order_status: 'PAID', payments: ['SUCCESS'] });
  });

  it('settles a UPI payment after its own settleAfterMs, as FAILED with fail: true', async () => {
    await createOrder('pay_1');
    await createOrder('pay_2');
    sandbox.pay('pay_1', { method: 'upi', settleAfterMs: 12 * 60_000 });
    sandbox.pay('pay_2', { method: 'upi', settleAfterMs: 60_000, fail: true });
    sandbox.clock.advance(60_000);
    expect(sandbox.orders.get('pay_2')).toMatchObject({ status: 'ACTIVE', payments: [{ status: 'FAILED' }] });
    expect(sandbox.orders.get('pay_1')).toMatchObject({ status: 'ACTIVE', payments: [{ status: 'PENDING' }] });
    sandbox.clock.advance(11 * 60_000);
    expect(sandbox.orders.get('pay_1')).toMatchObject({ status: 'PAID', payments: [{ status: 'SUCCESS' }] });
  });

  it('refuses an order it does not have, one it cannot pay now, and options it does not know, changing nothing', async () => {
    expect(() => sandbox.pay('nope')).toThrow('sandbox.pay(): No order "nope" in the sandbox.');
    await createOrder('paid');
    sandbox.pay('paid');
    expect(() => sandbox.pay('paid')).toThrow('sandbox.pay(): Order "paid" cannot be paid now: it is PAID.');
    await createOrder('waiting');
    sandbox.pay('waiting', { method: 'upi' });
    expect(() => sandbox.pay('waiting')).toThrow('cannot be paid now: a UPI payment for it is still pending.');
    await createOrder('cards', { payment_methods: 'cc,dc' });
    expect(() => sandbox.pay('cards', { method: 'upi' })).toThrow('cannot be paid by UPI: its payment_methods leave it out.');
    await createOrder('late', { expiry_time_in_minutes: 1 });
    sandbox.clock.advance(60_000);
    expect(() => sandbox.pay('late')).toThrow('it is EXPIRED.');
    expect(() => sandbox.pay('cards', { method: 'cash' } as never)).toThrow(TypeError);
    expect(() => sandbox.pay('cards', { settleAfterMs: 10 })).toThrow(/settleAfterMs applies only with method "upi"/);
    expect(() => sandbox.pay('cards', { method: 'upi', settleAfterMs: -1 } as never)).toThrow(/settleAfterMs must be a number/);
    expect(sandbox.orders.get('cards')!.payments).toEqual([]);
    expect(sandbox.orders.get('late')!.payments).toEqual([]);
  });
});

describe('POST /__sandbox/orders/:order_id/pay', () => {
  it('pays as sandbox.pay() does, its options as the JSON body, and answers the payment', async () => {
    await createOrder('http_1');
    await createOrder('http/2');
    const paid = await payOverHttp('http_1', {});
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ status: 'SUCCESS', order_id: 'http_1', payment_method: 'card' });
    const upi = await payOverHttp('http/2', { method: 'upi', settleAfterMs: 120_000 });
    expect(await upi.json()).toMatchObject({ status: 'PENDING', payment_method: 'upi' });
    sandbox.clock.advance(120_000);
    expect(await flowwiseSays('http%2F2')).toEqual({ order_status: 'PAID', payments: ['SUCCESS'] });
  });

  it('answers 404, 409 and 400 as sandbox.pay() refuses, with its sentence', async () => {
    await createOrder('http_1');
    expect(await (await payOverHttp('nope', {})).json()).toEqual({
      message: 'No order "nope" in the sandbox.',
      code: 'not_found',
      type: 'invalid_request_error',
    });
    await payOverHttp('http_1', {});
    const again = await payOverHttp('http_1', {});
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'not_payable', message: 'Order "http_1" cannot be paid now: it is PAID.' });
    for (const body of [[], { method: 'cash' }, { fail: 'yes' }, { amount: 1 }]) {
      const response = await payOverHttp('http_1', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toMatchObject({ code: 'invalid_pay_options' });
    }
  });

  it('refuses a post from another site, a form post and any method but POST, paying nothing', async () => {
    await createOrder('http_1');
    const sent: Array<Record<string, string>> = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ];
    for (const headers of sent) {
      const response = await payOverHttp('http_1', {}, headers);
      expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
    }
    // What another site's <form method=post> can send: no JSON.
    const form = await fetch(`${sandbox.url}/__sandbox/orders/http_1/pay`, {
      method: 'POST',
      body: new URLSearchParams({ method: 'card' }),
    });
    expect(form.status).toBe(415);
    const get = await fetch(`${sandbox.url}/__sandbox/orders/http_1/pay`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(sandbox.orders.get('http_1')).toMatchObject({ status: 'ACTIVE', payments: [] });
  });
});
