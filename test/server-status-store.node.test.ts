/**
 * The status handler answers from the order store: who learns what about an order (the owner rule), no
 * call to Flowwise for a stranger's request, one read of Flowwise shared by concurrent requests and at
 * most one per interval across instances, onPaid exactly once and only for an order paid in full,
 * Flowwise's rate limit answered with Retry-After, and a store that fails answered 503. Against the
 * local sandbox, with every call to Flowwise counted at the client's fetch; stores in memory and on PGlite.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import {
  createFlowwiseClient,
  createMemoryOrderStore,
  createOrderStatusHandler,
  createPostgresOrderStore,
  type CreateOrderStatusHandlerOptions,
  type HandlerErrorInfo,
  type OrderIdSource,
  type OrderStore,
  type SqlDatabase,
} from '@flowwise/react/server';
import type { CreateOrderRequest } from '@flowwise/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOrder } from '../sandbox';
import { retryAfterMs } from '../src/core/retryAfter';

let sandbox: Sandbox;
let pglite: PGlite;
let clock = new Date('2026-12-02T10:00:00.000Z');
const now = () => clock;
const later = (ms: number) => void (clock = new Date(clock.getTime() + ms));
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
  pglite = new PGlite();
  await pglite.waitReady;
}, 60_000);
afterAll(async () => {
  await sandbox.close();
  await pglite.close();
});

/** Every request to Flowwise, as `GET /orders/<id>` or `GET /orders/<id>/payments`. */
let calls: string[] = [];
let store: OrderStore;
beforeEach(() => {
  sandbox.reset();
  sandbox.configure({});
  clock = new Date('2026-12-02T10:00:00.000Z');
  calls = [];
  store = createMemoryOrderStore({ now });
});

const client = (baseUrl = sandbox.apiBaseUrl) =>
  createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl,
    timeoutMs: 2000,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace('/router', '')}`);
      return fetch(input, init);
    },
  });
const getOrders = () => calls.filter((call) => /^GET \/orders\/[^/]+$/.test(call));

/** The session in the request's `session` cookie. */
const session = (request: Request) => /(?:^|;\s*)session=([^;]*)/.exec(request.headers.get('cookie') ?? '')?.[1];
const handlerFor = (options: Partial<CreateOrderStatusHandlerOptions> = {}) =>
  createOrderStatusHandler({ client: client(), store, owner: session, onError: () => undefined, ...options });
const ask = (handler: (request: Request) => Promise<Response>, orderId: string, cookie?: string) =>
  handler(
    new Request(`https://shop.example/api/flowwise/orders?order_id=${encodeURIComponent(orderId)}`, {
      headers: cookie ? { cookie } : {},
    }),
  );

let count = 0;
/** An order created at the sandbox and recorded in `into`, as createOrderHandler records it. */
async function recorded(
  {
    owner = 'asha',
    orderIdSource = 'handler',
    into = store,
  }: { owner?: string | null; orderIdSource?: OrderIdSource; into?: OrderStore } = {},
  overrides: Partial<CreateOrderRequest> = {},
) {
  count += 1;
  const order: CreateOrderRequest = {
    order_id: orderIdSource === 'handler' ? `order_${crypto.randomUUID().replaceAll('-', '')}` : `${1000 + count}`,
    order_amount: 250,
    order_currency: 'INR',
    customer_details: { customer_email: 'asha@example.com', customer_id: 'cust_asha' },
    ...overrides,
  };
  const created = await client().createOrder(order);
  await into.insert({
    orderId: order.order_id,
    owner,
    orderIdSource,
    payload: { items: [{ sku: 'tee', quantity: 1 }] },
    order,
    checkoutUrl: created.checkout_url,
    expiresAt: new Date(created.order_expiry_time!),
  });
  calls = [];
  return order.order_id;
}

/** Makes the sandbox's order PAID with these payments. */
function paidAtFlowwise(orderId: string, payments: Array<{ status: string; payment_amount?: number }> = [{ status: 'SUCCESS' }]) {
  const order = sandbox.orders.get(orderId)!;
  order.status = 'PAID';
  order.payments = payments.map((payment, index) => ({
    order_id: orderId,
    payment_id: `pay_${index}`,
    capture_status: 'SUCCESS',
    capture_amount: 250,
    payment_amount: 250,
    payment_currency: 'INR',
    payment_method: 'card',
    gateway_details: { auth_id: null, processor_ref: null, utr: null },
    ...payment,
    status: payment.status as SandboxOrder['payments'][number]['status'],
  }));
}

describe('who learns what about an order', () => {
  it('the owner gets the full summary; anyone else holding a handler-made id learns its outcome and nothing else', async () => {
    const id = await recorded();
    const handler = handlerFor();

    const owner = await (await ask(handler, id, 'session=asha')).json();
    expect(owner).toMatchObject({
      order_id: id,
      outcome: 'pending',
      checkout_url: expect.any(String),
      order_expiry_time: expect.any(String),
    });

    for (const cookie of ['session=mallory', undefined]) {
      const response = await ask(handler, id, cookie);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ order_id: id, order_status: 'ACTIVE', outcome: 'pending', payments: [] });
    }

    // The shopper back in a UPI app, with no session: learns that it is paid, and nothing else.
    paidAtFlowwise(id);
    later(5000);
    const stranger = await (await ask(handler, id)).json();
    expect(stranger).toEqual({ order_id: id, order_status: 'PAID', outcome: 'paid', payments: [] });
    expect(JSON.stringify(stranger)).not.toMatch(/asha|cust_|checkout|pay_0|250/);
  });

  it('a store-numbered (guessable) id tells anyone but its owner nothing, at no cost at Flowwise', async () => {
    const id = await recorded({ orderIdSource: 'prepareOrder' });
    const handler = handlerFor();

    for (const cookie of ['session=mallory', 'session=', undefined]) {
      const response = await ask(handler, id, cookie);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
    expect(calls).toEqual([]);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ order_id: id, checkout_url: expect.any(String) });
  });

  it('an order with no recorded owner has none: no request, with or without a session, is its owner', async () => {
    const id = await recorded({ owner: null, orderIdSource: 'prepareOrder' });
    const handler = handlerFor({ owner: (request) => session(request) ?? null });

    for (const cookie of ['session=', undefined, 'session=asha']) expect((await ask(handler, id, cookie)).status).toBe(404);
    expect((await ask(handlerFor({ owner: undefined }), id)).status).toBe(404);
    expect(calls).toEqual([]);
  });

  it('answers a refused id and an unknown one with the same bytes: status, headers and body, all but the request id', async () => {
    const refusedId = await recorded({ orderIdSource: 'prepareOrder' });
    const handler = handlerFor();
    const answer = async (response: Response) => ({
      status: response.status,
      headers: [...response.headers].filter(([name]) => name !== 'x-request-id'),
      requestId: response.headers.get('x-request-id'),
      body: await response.text(),
    });

    const refused = await answer(await ask(handler, refusedId, 'session=mallory'));
    const unknown = await answer(await ask(handler, `${Number(refusedId) + 1}`, 'session=mallory'));

    expect({ ...refused, requestId: undefined }).toEqual({ ...unknown, requestId: undefined });
    expect(refused.requestId).toMatch(/^req_[\w-]{22}$/);
    expect(unknown.requestId).toMatch(/^req_[\w-]{22}$/);
    expect(refused.body).toBe(
      '{"message":"No order with this order_id for this request.","code":"not_found","type":"invalid_request_error"}',
    );
    expect(calls).toEqual([]);
  });

  it('answers 1,000 anonymous requests for made-up ids with 404, at no cost at Flowwise, and the shopper is then served', async () => {
    const id = await recorded();
    paidAtFlowwise(id);
    const onPaid = vi.fn();
    const handler = handlerFor({ onPaid });

    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => ask(handler, `order_${crypto.randomUUID().slice(0, 22)}`)));
      statuses.push(...answers.map(({ status }) => status));
    }

    expect(statuses).toEqual(Array.from({ length: 1000 }, () => 404));
    expect(calls).toEqual([]);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'paid' });
    expect(onPaid).toHaveBeenCalledTimes(1);
  });
});

describe('reading Flowwise', () => {
  it('asks Get Payments only when the answer needs them, and nothing of an order the store knows is final', async () => {
    const active = await recorded();
    const handler = handlerFor();
    await ask(handler, active, 'session=asha');
    expect(calls).toEqual([`GET /orders/${active}`, `GET /orders/${active}/payments`]);

    const expired = await recorded();
    sandbox.orders.get(expired)!.status = 'EXPIRED';
    expect(await (await ask(handler, expired, 'session=asha')).json()).toMatchObject({ outcome: 'expired' });
    expect(calls).toEqual([`GET /orders/${expired}`]);

    const paid = await recorded();
    paidAtFlowwise(paid);
    await ask(handler, paid, 'session=asha');
    calls = [];
    later(3_600_000);
    for (const id of [expired, paid]) expect((await ask(handler, id, 'session=asha')).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('reads an active order at most once per readIntervalMs, answering from the store meanwhile', async () => {
    const id = await recorded();
    const handler = handlerFor({ readIntervalMs: 10_000 });
    await ask(handler, id, 'session=asha');
    paidAtFlowwise(id);

    later(9999);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'pending' });
    expect(getOrders()).toHaveLength(1);
    later(1);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'paid' });
    expect(getOrders()).toHaveLength(2);
  });

  it('answers failed only as just read: within the interval it is pending, since the shopper may have tried again', async () => {
    const id = await recorded();
    const order = sandbox.orders.get(id)!;
    paidAtFlowwise(id, [{ status: 'FAILED' }]);
    order.status = 'ACTIVE';
    const handler = handlerFor();
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'failed', checkout_url: expect.any(String) });

    // "Try again" on the same checkout, and back within the interval: not the last read's failed.
    paidAtFlowwise(id, [{ status: 'FAILED' }, { status: 'SUCCESS' }]);
    later(1000);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'pending' });
    expect(getOrders()).toHaveLength(1);
    later(4000);
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'paid' });
  });

  it('answers 50 concurrent requests for a paid order with one shared read: 1 Get Order, 1 onPaid, every answer paid', async () => {
    const id = await recorded();
    paidAtFlowwise(id);
    const onPaid = vi.fn(async () => undefined);
    const handler = handlerFor({ onPaid });

    const answers = await Promise.all(Array.from({ length: 50 }, () => ask(handler, id, 'session=asha')));

    const outcomes = await Promise.all(
      answers.map(async (answer) => [answer.status, ((await answer.json()) as { outcome: string }).outcome]),
    );
    expect(outcomes).toEqual(Array.from({ length: 50 }, () => [200, 'paid']));
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(getOrders()).toHaveLength(1);
  });

  it.each([
    ['in memory', () => createMemoryOrderStore({ now })],
    ['on PGlite', () => createPostgresOrderStore({ db: pglite, table: `status_${(count += 1)}`, now })],
  ])(
    'answers 50 concurrent requests for a paid order, on two instances sharing a store %s, with 1 onPaid and 1 Get Order',
    async (_name, makeStore) => {
      const shared = makeStore();
      const id = await recorded({ into: shared });
      paidAtFlowwise(id);
      const onPaid = vi.fn(async () => undefined);
      const instances = [handlerFor({ store: shared, onPaid }), handlerFor({ store: shared, onPaid })];

      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(instances[i % 2]!, id, 'session=asha')));

      expect(answers.map(({ status }) => status)).toEqual(Array.from({ length: 50 }, () => 200));
      for (const answer of answers) expect(await answer.json()).toMatchObject({ outcome: expect.stringMatching(/^(paid|pending)$/) });
      expect(onPaid).toHaveBeenCalledTimes(1);
      expect(getOrders()).toHaveLength(1);
      expect(await shared.get(id)).toMatchObject({ status: 'paid', fulfilment: 'done', attempts: 1 });
    },
  );

  it('never fulfils a PAID order whose only payment was REVERSED: it goes to review, and onReview (else onError) hears of it', async () => {
    const id = await recorded();
    paidAtFlowwise(id, [{ status: 'REVERSED' }]);
    const onPaid = vi.fn();
    const onReview = vi.fn();

    const response = await ask(handlerFor({ onPaid, onReview }), id, 'session=asha');

    expect(await response.json()).toMatchObject({ outcome: 'pending', order_status: 'PAID' });
    expect(onPaid).not.toHaveBeenCalled();
    expect(onReview).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'payment_mismatch' }));
    expect(await store.get(id)).toMatchObject({ status: 'review', fulfilment: 'none' });

    const other = await recorded();
    paidAtFlowwise(other, []);
    const logged: HandlerErrorInfo[] = [];
    await ask(handlerFor({ onPaid, onError: (_error, info) => void logged.push(info) }), other, 'session=asha');
    expect(logged).toEqual([
      expect.objectContaining({
        status: 200,
        code: 'order_review',
        message: expect.stringContaining(`Flowwise says order ${other} is PAID`),
      }),
    ]);
    expect(onPaid).not.toHaveBeenCalled();
  });
});

describe("Flowwise's rate limit", () => {
  let limiter: Server;
  let headers: Record<string, string> = {};
  beforeAll(async () => {
    limiter = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ message: 'Too many requests', code: 'rate_limit_exceeded', type: 'rate_limit_error' }));
    });
    await new Promise<void>((resolve) => limiter.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => limiter.close(() => resolve())));
  const limitedClient = () => client(`http://127.0.0.1:${(limiter.address() as AddressInfo).port}/router`);

  it.each([
    [{ 'x-ratelimit-retry': '7', 'retry-after': '30' }, 7],
    [{ 'retry-after': '12' }, 12],
    [{}, 60],
  ])('the client reports a 429 with the wait Flowwise asks for (%j)', async (given, seconds) => {
    headers = given;
    const error = await limitedClient()
      .getOrder('order_1')
      .catch((error: unknown) => error);
    expect(error).toMatchObject({
      name: 'FlowwiseError',
      kind: 'http',
      status: 429,
      code: 'rate_limit_exceeded',
      retryAfterMs: seconds * 1000,
    });
  });

  it('reads the wait as seconds or as an HTTP date, and a wait it cannot read as none', () => {
    const at = Date.parse('2026-12-02T10:00:00Z');
    const wait = (given: Record<string, string>) => retryAfterMs(new Headers(given), at);
    expect(wait({ 'retry-after': 'Wed, 02 Dec 2026 10:01:30 GMT' })).toBe(90_000);
    expect(wait({ 'retry-after': 'Wed, 02 Dec 2026 09:00:00 GMT' })).toBeUndefined();
    expect(wait({ 'x-ratelimit-retry': '2.5' })).toBe(2_500);
    expect(wait({ 'x-ratelimit-retry': '9', 'retry-after': '4' })).toBe(9_000);
    expect(wait({ 'x-ratelimit-retry': 'soon' })).toBeUndefined();
    expect(wait({ 'x-ratelimit-retry': '-3' })).toBeUndefined();
    expect(wait({ 'retry-after': '' })).toBeUndefined();
  });

  it('the status handler answers 503 rate_limited with Retry-After, which the return page asks again after', async () => {
    headers = { 'x-ratelimit-retry': '7' };
    const id = await recorded();
    const logged: HandlerErrorInfo[] = [];
    const handler = handlerFor({ client: limitedClient(), onError: (_error, info) => void logged.push(info) });

    const response = await ask(handler, id, 'session=asha');

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({
      message: 'Flowwise is answering too many requests; ask again in 7 seconds.',
      code: 'rate_limited',
      type: 'server_error',
    });
    expect(logged).toEqual([expect.objectContaining({ status: 503, code: 'rate_limited' })]);
  });

  it('a 429 from the sandbox, which gives no wait, asks for a minute', async () => {
    const id = await recorded();
    sandbox.configure({ fault: { type: 'error', status: 429 } });
    const response = await ask(handlerFor(), id, 'session=asha');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
  });
});

describe('exactly-once fulfilment', () => {
  it('while onPaid runs, other requests answer paid without running it; if it throws, the next request runs it again', async () => {
    const id = await recorded();
    paidAtFlowwise(id);
    let fail!: (error: Error) => void;
    const onPaid = vi
      .fn()
      .mockImplementationOnce(() => new Promise<void>((_resolve, reject) => (fail = reject)))
      .mockResolvedValueOnce(undefined);
    const logged: HandlerErrorInfo[] = [];
    const handler = handlerFor({ onPaid, onError: (_error, info) => void logged.push(info) });

    const first = ask(handler, id, 'session=asha');
    await vi.waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'paid' });
    expect(onPaid).toHaveBeenCalledTimes(1);

    fail(new Error('warehouse down'));
    expect((await first).status).toBe(500);
    expect(logged).toEqual([
      expect.objectContaining({ status: 500, code: 'internal_error', message: expect.stringContaining('warehouse down') }),
    ]);
    expect((await ask(handler, id)).status).toBe(200);
    expect(onPaid.mock.calls.map(([paid]) => [paid.attempt, paid.idempotencyKey])).toEqual([
      [1, `fulfil:${id}`],
      [2, `fulfil:${id}`],
    ]);
    expect(await store.get(id)).toMatchObject({ fulfilment: 'done' });
  });

  it('runs onPaid again, with the same key, when a claim outlives its lease, and says so', async () => {
    const id = await recorded();
    paidAtFlowwise(id);
    let finish!: () => void;
    const onPaid = vi
      .fn()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)))
      .mockResolvedValueOnce(undefined);
    const logged: HandlerErrorInfo[] = [];
    const handler = handlerFor({ onPaid, fulfilmentLeaseMs: 60_000, onError: (_error, info) => void logged.push(info) });

    const first = ask(handler, id, 'session=asha');
    await vi.waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    later(60_000);
    expect((await ask(handler, id, 'session=asha')).status).toBe(200);
    finish();
    expect((await first).status).toBe(200);

    expect(onPaid.mock.calls.map(([paid]) => [paid.attempt, paid.idempotencyKey])).toEqual([
      [1, `fulfil:${id}`],
      [2, `fulfil:${id}`],
    ]);
    expect(logged).toEqual([expect.objectContaining({ status: 200, code: 'fulfilment_lease_lost' })]);
  });
});

describe('a store that fails', () => {
  it('answers 503 store_unavailable with a developer message, calls nothing, and loses nothing', async () => {
    let down = false;
    let claimsFail = false;
    const db: SqlDatabase = {
      query: (text, values) => {
        if (down) return Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
        if (claimsFail && text.includes("SET fulfilment = 'claimed'")) return Promise.reject(new Error('connection terminated'));
        return pglite.query(text, values);
      },
    };
    const flaky = createPostgresOrderStore({ db, table: `flaky_${(count += 1)}`, now });
    const id = await recorded({ into: flaky });
    paidAtFlowwise(id);
    const onPaid = vi.fn();
    const logged: HandlerErrorInfo[] = [];
    const handler = handlerFor({ store: flaky, onPaid, onError: (_error, info) => void logged.push(info) });

    down = true;
    const response = await ask(handler, id, 'session=asha');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      message: 'The order store could not be reached; see the server log for this request id.',
      code: 'store_unavailable',
      type: 'server_error',
    });
    expect(logged).toEqual([
      expect.objectContaining({
        status: 503,
        code: 'store_unavailable',
        message: expect.stringContaining('The order store failed while reading an order: connect ECONNREFUSED 10.0.0.5:5432'),
      }),
    ]);
    expect(calls).toEqual([]);

    // Down again after Flowwise was read: the claim fails, and onPaid waits for the next request.
    down = false;
    claimsFail = true;
    expect((await ask(handler, id, 'session=asha')).status).toBe(503);
    expect(await flaky.get(id)).toMatchObject({ status: 'paid', fulfilment: 'none' });
    expect(onPaid).not.toHaveBeenCalled();
    claimsFail = false;
    expect(await (await ask(handler, id, 'session=asha')).json()).toMatchObject({ outcome: 'paid' });
    expect(onPaid).toHaveBeenCalledTimes(1);
  });

  it('answers 503 for a table it cannot use, and the log names the SQL to run', async () => {
    const table = `foreign_${(count += 1)}`;
    await pglite.query(`CREATE TABLE ${table} (order_id text PRIMARY KEY)`);
    const logged: HandlerErrorInfo[] = [];
    const handler = handlerFor({
      store: createPostgresOrderStore({ db: pglite, table, now }),
      onError: (_error, info) => void logged.push(info),
    });

    expect((await ask(handler, 'order_1', 'session=asha')).status).toBe(503);
    expect(logged[0]).toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining(`CREATE TABLE IF NOT EXISTS "${table}"`),
    });
  });

  it('refuses to start without a store, naming what to pass', () => {
    expect(() => createOrderStatusHandler({ client: client() } as unknown as CreateOrderStatusHandlerOptions)).toThrow(
      'createOrderStatusHandler(): store is missing. Pass createPostgresOrderStore({ db }) (or createMemoryOrderStore() in tests and the sandbox)',
    );
    expect(() => handlerFor({ store: { get: async () => undefined } as unknown as OrderStore })).toThrow(
      'createOrderStatusHandler(): store has no insert, beginRead, recordRead, claimFulfilment, completeFulfilment, releaseFulfilment, claimDue, reschedule, takeCalls, pauseCalls.',
    );
    expect(() => handlerFor({ readIntervalMs: -1 })).toThrow('readIntervalMs must be a whole number of milliseconds, 0 or more (got -1)');
  });
});
