/**
 * After the payment, on the server: createOrderStatusHandler against the local sandbox and a memory
 * order store (orders paid, failed, left, pending by UPI, expired), onPaid and the owner rule; and in
 * createOrderHandler's side (recording, a reused order_id) in server-create-store.node.test.ts. The store's own guarantees (who learns
 * what, exactly-once fulfilment, the read interval) are in server-status-store.node.test.ts.
 */
import {
  createFlowwiseClient,
  createMemoryOrderStore,
  createOrderStatusHandler,
  orderOutcome,
  type CreateOrderStatusHandlerOptions,
  type HandlerErrorInfo,
  type OrderStore,
} from '@flowwise/react/server';
import { orderSummarySchema, type CreateOrderRequest, type OrderSummary } from '@flowwise/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let clock = Date.now();
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => new Date(clock), upiDelayMs: 60_000 });
});
afterAll(async () => {
  await sandbox.close();
});
let store: OrderStore;
beforeEach(() => {
  sandbox.reset();
  clock = Date.now();
  store = createMemoryOrderStore({ now: () => new Date(clock) });
});

const client = () =>
  createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    timeoutMs: 1000,
  });

let count = 0;
function order(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  count += 1;
  return {
    order_id: `order_status_${count}`,
    order_amount: 250,
    order_currency: 'INR',
    customer_details: { customer_email: 'asha@example.com' },
    ...overrides,
  };
}

/** Creates the order at the sandbox and records it, as createOrderHandler does, for the shopper of session `asha`. */
async function create(sent: CreateOrderRequest = order(), orderIdSource: 'handler' | 'prepareOrder' = 'handler') {
  const created = await client().createOrder(sent);
  await store.insert({
    orderId: sent.order_id,
    owner: 'asha',
    orderIdSource,
    payload: { items: [{ sku: 'tee', quantity: 1 }] },
    order: sent,
    checkoutUrl: created.checkout_url,
    expiresAt: new Date(created.order_expiry_time!),
  });
  return sent.order_id;
}

/** The session in the request's `session` cookie. */
const session = (request: Request) => /(?:^|;\s*)session=([^;]*)/.exec(request.headers.get('cookie') ?? '')?.[1];

const statusHandler = (options: Partial<CreateOrderStatusHandlerOptions> = {}) =>
  createOrderStatusHandler({ client: client(), store, owner: session, ...options });

/** Posts the sandbox checkout page's form as the shopper's browser on that page would. */
async function checkout(orderId: string, outcome: 'paid' | 'failed' | 'upi' | 'cancelled' | 'left') {
  const page = `${sandbox.url}/checkout/${encodeURIComponent(orderId)}`;
  const token = /name="checkout_token" value="([^"]+)"/.exec(await (await fetch(page)).text())![1]!;
  const response = await fetch(page, {
    method: 'POST',
    headers: { origin: sandbox.url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ outcome, checkout_token: token }),
    redirect: 'manual',
  });
  expect(response.status).toBeLessThan(400);
}

/** A status request from the shopper of session `asha`, who created the orders. */
const ask = (handler: (request: Request) => Promise<Response>, query: string) =>
  handler(new Request(`https://shop.example/api/flowwise/orders${query}`, { headers: { cookie: 'theme=dark; session=asha' } }));

async function summaryOf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  const body = (await response.json()) as OrderSummary;
  expect(orderSummarySchema.safeParse(body).success).toBe(true);
  return body;
}

describe('createOrderStatusHandler', () => {
  it('answers pending for a new order, with its checkout_url for Try again, and nothing of the customer', async () => {
    const id = await create();
    const summary = await summaryOf(await ask(statusHandler(), `?order_id=${id}`));

    expect(summary).toEqual({
      order_id: id,
      order_status: 'ACTIVE',
      outcome: 'pending',
      order_expiry_time: expect.any(String),
      checkout_url: `${sandbox.url}/checkout/${id}`,
      payments: [],
    });
    expect(JSON.stringify(summary)).not.toMatch(/asha@example\.com|order_hash|customer/);
  });

  it('answers paid once the shopper paid, without a checkout_url, and fulfils it through onPaid with the recorded cart', async () => {
    const id = await create();
    await checkout(id, 'paid');
    const onPaid = vi.fn();

    const summary = await summaryOf(await ask(statusHandler({ onPaid }), `?order_id=${id}`));

    expect(summary).toMatchObject({ order_id: id, order_status: 'PAID', outcome: 'paid' });
    expect(summary).not.toHaveProperty('checkout_url');
    expect(summary.payments).toEqual([
      { payment_id: expect.any(String), status: 'SUCCESS', payment_method: 'card', payment_amount: 250, payment_currency: 'INR' },
    ]);
    expect(onPaid).toHaveBeenCalledExactlyOnceWith({
      orderId: id,
      owner: 'asha',
      payload: { items: [{ sku: 'tee', quantity: 1 }] },
      order: expect.objectContaining({ order_id: id, order_amount: 250, order_currency: 'INR' }),
      payments: [expect.objectContaining({ status: 'SUCCESS', payment_amount: 250, payment_currency: 'INR' })],
      idempotencyKey: `fulfil:${id}`,
      attempt: 1,
    });
  });

  it.each([
    ['failed', 'FAILED'],
    ['left', 'USER_DROPPED'],
  ] as const)('answers failed after a %s payment, keeping the checkout_url to try again on the same order', async (outcome, status) => {
    const id = await create();
    await checkout(id, outcome);
    const onPaid = vi.fn();

    const summary = await summaryOf(await ask(statusHandler({ onPaid }), `?order_id=${id}`));

    expect(summary).toMatchObject({ outcome: 'failed', order_status: 'ACTIVE', checkout_url: `${sandbox.url}/checkout/${id}` });
    expect(summary.payments.map((payment) => payment.status)).toEqual([status]);
    expect(onPaid).not.toHaveBeenCalled();
  });

  it('answers pending while a UPI payment is pending, and paid once it settles', async () => {
    const id = await create();
    await checkout(id, 'upi');
    const handler = statusHandler();

    expect(await summaryOf(await ask(handler, `?order_id=${id}`))).toMatchObject({
      outcome: 'pending',
      payments: [{ status: 'PENDING', payment_method: 'upi' }],
    });
    clock += 61_000;
    expect(await summaryOf(await ask(handler, `?order_id=${id}`))).toMatchObject({ outcome: 'paid', payments: [{ status: 'SUCCESS' }] });
  });

  it('answers expired once the order has expired, with no checkout_url', async () => {
    const id = await create(order({ expiry_time_in_minutes: 15 }));
    clock += 16 * 60_000;

    const summary = await summaryOf(await ask(statusHandler(), `?order_id=${id}`));

    expect(summary).toMatchObject({ outcome: 'expired', order_status: 'EXPIRED' });
    expect(summary).not.toHaveProperty('checkout_url');
  });

  it('never says paid for a status it does not know, or a SUCCESS on an order not PAID', () => {
    expect(orderOutcome({ order_status: 'REFUNDED' }, [{ payment_id: 'p', status: 'SUCCESS' }])).toBe('pending');
    expect(orderOutcome({ order_status: 'ACTIVE' }, [{ payment_id: 'p', status: 'SUCCESS' }])).toBe('pending');
    expect(orderOutcome({ order_status: 'ACTIVE' }, [{ payment_id: 'p', status: 'SETTLING' }])).toBe('pending');
    expect(
      orderOutcome({ order_status: 'ACTIVE' }, [
        { payment_id: 'a', status: 'FAILED' },
        { payment_id: 'b', status: 'PENDING' },
      ]),
    ).toBe('pending');
    expect(
      orderOutcome({ order_status: 'ACTIVE' }, [
        { payment_id: 'a', status: 'FAILED' },
        { payment_id: 'b', status: 'INIT_FAILED' },
      ]),
    ).toBe('failed');
    expect(orderOutcome({ order_status: 'ACTIVE' }, [])).toBe('pending');
    expect(orderOutcome({ order_status: 'PAID' }, [])).toBe('paid');
  });

  it('answers 400 for a missing or malformed id, 404 for an unknown one and for one the owner rule refuses, and 405 for a POST', async () => {
    const id = await create(order({ order_id: 'order_1002' }), 'prepareOrder');
    const handler = statusHandler();
    const body = async (response: Response) => ({ status: response.status, ...((await response.json()) as object) });
    const from = (cookie: string, orderId: string) =>
      handler(new Request(`https://shop.example/api/flowwise/orders?order_id=${orderId}`, { headers: { cookie } }));

    expect(await body(await ask(handler, ''))).toMatchObject({ status: 400, code: 'invalid_order_id' });
    // The words of the one order-id check the browser and the server client use, naming the field.
    expect(await body(await ask(handler, '?order_id='))).toMatchObject({
      status: 400,
      code: 'invalid_order_id',
      message: 'The order id is not valid: order_id must not be empty.',
    });
    expect(await body(await ask(handler, `?order_id=${'x'.repeat(129)}`))).toMatchObject({ status: 400, code: 'invalid_order_id' });
    const unknown = await body(await ask(handler, '?order_id=order_9999'));
    // A store-numbered id, asked about by another session: refused, exactly as if it did not exist.
    const refused = await body(await from('session=mallory', 'order_1002'));
    expect(unknown).toEqual({
      status: 404,
      code: 'not_found',
      type: 'invalid_request_error',
      message: 'No order with this order_id for this request.',
    });
    expect(refused).toEqual(unknown);
    expect((await from('session=asha', 'order_1002')).status).toBe(200);

    const post = await handler(new Request(`https://shop.example/api/flowwise/orders?order_id=${id}`, { method: 'POST' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('answers 502 or 504 when Flowwise fails, as for creating, and 500 when onPaid throws so that it runs again', async () => {
    const id = await create();
    await checkout(id, 'paid');
    const logged: HandlerErrorInfo[] = [];
    const onError = (_error: unknown, info: HandlerErrorInfo) => void logged.push(info);

    sandbox.configure({ fault: { type: 'error', status: 500 } });
    expect((await ask(statusHandler({ onError }), `?order_id=${id}`)).status).toBe(502);
    // The order is read at most once per readIntervalMs (5 s): the next read is due a little later.
    clock += 5000;
    sandbox.configure({ fault: { type: 'hang' } });
    expect((await ask(statusHandler({ onError }), `?order_id=${id}`)).status).toBe(504);
    sandbox.configure({});
    clock += 5000;

    const onPaid = vi.fn().mockRejectedValueOnce(new Error('warehouse down')).mockResolvedValueOnce(undefined);
    const handler = statusHandler({ onPaid, onError });
    expect((await ask(handler, `?order_id=${id}`)).status).toBe(500);
    // Paid is recorded: the next request is answered from the store, and runs onPaid again.
    expect(await summaryOf(await ask(handler, `?order_id=${id}`))).toMatchObject({ outcome: 'paid' });
    expect(onPaid).toHaveBeenCalledTimes(2);
    expect(onPaid.mock.calls.map(([paid]) => (paid as { attempt: number }).attempt)).toEqual([1, 2]);
    expect(logged.map(({ status, code }) => `${status} ${code}`)).toEqual(['502 bad_gateway', '504 gateway_timeout', '500 internal_error']);
    expect(logged[2]!.message).toContain('warehouse down');
  });
});
