/**
 * reconcileOrders against the local sandbox (a real HTTP server on loopback, on a clock the tests
 * move) and the memory store: the path to fulfilment that does not depend on the shopper's browser.
 * Calls to Flowwise are counted at the client's fetch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createCallBudgets,
  createFlowwiseClient,
  createMemoryOrderStore,
  createOrderHandler,
  createOrderStatusHandler,
  reconcileOrders,
  type FlowwiseClient,
  type OrderRecord,
  type OrderStore,
  type PaidOrder,
  type ReconcileOrdersOptions,
} from '@flowwise/react/server';
import { FlowwiseError, type CreateOrderRequest } from '@flowwise/react';
import { startSandbox, type Sandbox, type SandboxOrder } from '../sandbox';
import { checkOrder } from '../src/server/checkOrder';

let sandbox: Sandbox;
let clock = new Date('2026-12-02T10:00:00.000Z');
const now = () => clock;
const later = (ms: number) => void (clock = new Date(clock.getTime() + ms));
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});

/** Every request to Flowwise, as `GET /orders/<id>` or `GET /orders/<id>/payments`. */
let calls: string[] = [];
/** When set, Flowwise answers this instead (a 429, say). */
let answer: (() => Response) | undefined;
let store: OrderStore;
let fulfilled: PaidOrder[] = [];
beforeEach(() => {
  sandbox.reset();
  clock = new Date('2026-12-02T10:00:00.000Z');
  calls = [];
  answer = undefined;
  store = createMemoryOrderStore({ now });
  fulfilled = [];
});
let client: FlowwiseClient;
beforeAll(() => {
  client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    timeoutMs: 1000,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.pathname.endsWith('/orders') && init?.method === 'POST') return fetch(input, init);
      calls.push(`GET ${url.pathname.replace('/router', '')}`);
      return answer ? Promise.resolve(answer()) : fetch(input, init);
    },
  });
});

const options = (overrides: Partial<ReconcileOrdersOptions> = {}): ReconcileOrdersOptions => ({
  client,
  store,
  now,
  random: () => 0.5,
  onPaid: (paid) => void fulfilled.push(paid),
  ...overrides,
});

let count = 0;
/** An order created at the sandbox and recorded in the store as due now, as createOrderHandler records it. */
async function recorded(): Promise<OrderRecord> {
  count += 1;
  const order: CreateOrderRequest = {
    order_id: `order_reconcile_${count}`,
    order_amount: 250,
    order_currency: 'INR',
    customer_details: { customer_email: 'asha@example.com' },
  };
  const created = await client.createOrder(order);
  const { record } = await store.insert({
    orderId: order.order_id,
    owner: 'session_asha',
    orderIdSource: 'handler',
    payload: { items: [{ sku: 'tee', quantity: 1 }] },
    order,
    checkoutUrl: created.checkout_url,
    expiresAt: new Date(created.order_expiry_time!),
    nextCheckAt: clock,
  });
  return record;
}

/** Makes the sandbox's order PAID for `amount`, as if the shopper had paid and closed the tab. */
function paidAtFlowwise(orderId: string, amount = 250) {
  const order = sandbox.orders.get(orderId)!;
  order.status = 'PAID';
  const payment: SandboxOrder['payments'][number] = {
    order_id: orderId,
    payment_id: `pay_${orderId}`,
    status: 'SUCCESS',
    capture_status: 'SUCCESS',
    capture_amount: amount,
    payment_amount: amount,
    payment_currency: 'INR',
    payment_method: 'card',
    gateway_details: { auth_id: null, processor_ref: null, utr: null },
  };
  order.payments = [payment];
}

const figures = { claimed: 0, checked: 0, paid: 0, fulfilled: 0, expired: 0, review: 0, pending: 0, deferred: 0, failed: 0 };

describe('reconcileOrders', () => {
  it('fulfils an order created through createOrderHandler 20–40 s later, though its shopper never asks', async () => {
    const create = createOrderHandler({ client, store, prepareOrder: (order) => order });
    const response = await create(
      new Request('https://shop.example/api/flowwise/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order_id: 'order_from_handler', order_amount: 250, order_currency: 'INR', customer_details: {} }),
      }),
    );
    expect(response.status).toBe(200);
    const { nextCheckAt } = (await store.get('order_from_handler'))!;
    expect(nextCheckAt!.getTime() - clock.getTime()).toBeGreaterThanOrEqual(20_000);
    expect(nextCheckAt!.getTime() - clock.getTime()).toBeLessThanOrEqual(40_000);
    paidAtFlowwise('order_from_handler');

    expect(await reconcileOrders(options())).toEqual(figures);
    clock = nextCheckAt!;
    expect(await reconcileOrders(options())).toMatchObject({ checked: 1, paid: 1, fulfilled: 1 });
    expect(fulfilled).toMatchObject([{ orderId: 'order_from_handler' }]);
  });

  it('fulfils a paid order whose shopper never came back, once, with what was recorded, and then leaves it alone', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId);

    expect(await reconcileOrders(options())).toEqual({ ...figures, claimed: 1, checked: 1, paid: 1, fulfilled: 1 });
    expect(calls).toEqual([`GET /orders/${record.orderId}`, `GET /orders/${record.orderId}/payments`]);
    expect(fulfilled).toMatchObject([
      {
        orderId: record.orderId,
        payload: { items: [{ sku: 'tee', quantity: 1 }] },
        attempt: 1,
        idempotencyKey: `fulfil:${record.orderId}`,
      },
    ]);
    expect(await store.get(record.orderId)).toMatchObject({ status: 'paid', fulfilment: 'done', nextCheckAt: null });

    calls = [];
    later(60 * 60_000);
    expect(await reconcileOrders(options())).toEqual(figures);
    expect(calls).toEqual([]);
    expect(fulfilled).toHaveLength(1);
  });

  it('checks a pending order with Get Order only, then again 20–40 s later, then less often', async () => {
    const record = await recorded();

    expect(await reconcileOrders(options())).toEqual({ ...figures, claimed: 1, checked: 1, pending: 1 });
    expect(calls).toEqual([`GET /orders/${record.orderId}`]);
    // random() is 0.5: the middle of 20–40 s.
    expect((await store.get(record.orderId))!.nextCheckAt).toEqual(new Date('2026-12-02T10:00:30.000Z'));

    later(29_999);
    expect(await reconcileOrders(options())).toEqual(figures);
    later(1);
    expect(await reconcileOrders(options())).toMatchObject({ checked: 1, pending: 1 });
    expect((await store.get(record.orderId))!.nextCheckAt).toEqual(new Date('2026-12-02T10:01:00.000Z'));

    // 25 minutes old: every ~5 minutes.
    later(24 * 60_000);
    await reconcileOrders(options());
    expect((await store.get(record.orderId))!.nextCheckAt).toEqual(new Date(clock.getTime() + 5 * 60_000));
  });

  it('spreads the checks of orders created together with jitter, within 20–40 s', async () => {
    for (let index = 0; index < 3; index += 1) await recorded();
    const draws = [0, 0.999, 0.25];
    await reconcileOrders(options({ random: () => draws.shift() ?? 0.5 }));

    const next = await Promise.all([...Array(3).keys()].map(async (index) => (await store.get(`order_reconcile_${count - 2 + index}`))!));
    expect(next.map((record) => (record.nextCheckAt!.getTime() - clock.getTime()) / 1000)).toEqual([20, 39.98, 25]);
  });

  it('stops at expiry: EXPIRED ends the checks, and an order Flowwise still calls ACTIVE is last checked at expiry plus the grace period', async () => {
    const expiring = await recorded();
    const lingering = await recorded();
    sandbox.orders.get(expiring.orderId)!.status = 'EXPIRED';
    sandbox.orders.get(lingering.orderId)!.expiresAt = new Date('2026-12-03T10:00:00.000Z');

    expect(await reconcileOrders(options())).toMatchObject({ checked: 2, expired: 1, pending: 1 });
    expect(await store.get(expiring.orderId)).toMatchObject({ status: 'expired', nextCheckAt: null });

    clock = new Date(lingering.expiresAt!.getTime() + 9 * 60_000 + 59_000);
    await reconcileOrders(options());
    expect((await store.get(lingering.orderId))!.nextCheckAt).toEqual(new Date(lingering.expiresAt!.getTime() + 10 * 60_000));
    clock = new Date(lingering.expiresAt!.getTime() + 10 * 60_000);
    expect(await reconcileOrders(options())).toMatchObject({ checked: 1, pending: 1 });
    expect(await store.get(lingering.orderId)).toMatchObject({ status: 'active', nextCheckAt: null });
    calls = [];
    later(24 * 60 * 60_000);
    expect(await reconcileOrders(options())).toEqual(figures);
    expect(calls).toEqual([]);
  });

  it('marks an order Flowwise answers 404 for for review, once, and never checks it again', async () => {
    const record = await recorded();
    sandbox.orders.delete(record.orderId);
    const onReview = vi.fn();

    expect(await reconcileOrders(options({ onReview }))).toMatchObject({ checked: 1, review: 1 });
    expect(onReview).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'not_found' }));
    expect(await store.get(record.orderId)).toMatchObject({ status: 'review', reviewReason: 'not_found', nextCheckAt: null });

    calls = [];
    later(60 * 60_000);
    expect(await reconcileOrders(options({ onReview }))).toEqual(figures);
    expect(calls).toEqual([]);
  });

  it('never fulfils an underpaid order: it goes to review', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId, 249.99);

    expect(await reconcileOrders(options({ onReview: () => undefined }))).toMatchObject({ checked: 1, paid: 0, review: 1, fulfilled: 0 });
    expect(fulfilled).toEqual([]);
  });

  it('tries a fulfilment that threw again later, with the next attempt, until it succeeds', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId);
    const onOrderError = vi.fn();
    let fail = true;
    const onPaid = (paid: PaidOrder) => {
      if (fail) throw new Error('warehouse down');
      fulfilled.push(paid);
    };

    expect(await reconcileOrders(options({ onPaid, onOrderError }))).toMatchObject({ paid: 1, fulfilled: 0, failed: 1 });
    expect(onOrderError).toHaveBeenCalledExactlyOnceWith(new Error('warehouse down'), record.orderId);
    fail = false;
    calls = [];
    expect(await reconcileOrders(options({ onPaid, onOrderError }))).toEqual(figures);
    later(60_000);
    // Paid already: fulfilled without asking Flowwise again.
    expect(await reconcileOrders(options({ onPaid, onOrderError }))).toMatchObject({ claimed: 1, fulfilled: 1 });
    expect(calls).toEqual([]);
    expect(fulfilled).toMatchObject([{ orderId: record.orderId, attempt: 2 }]);
  });

  it('fulfils an order a status request recorded as paid but whose fulfilment failed', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId);
    // The shopper's request read it (no background schedule) and its onPaid threw.
    const { record: paid } = await checkOrder({ ...record }, { client, store });
    const claim = await store.claimFulfilment(paid.orderId, 120_000);
    await store.releaseFulfilment(paid.orderId, claim!.claimToken!);
    calls = [];

    expect(await reconcileOrders(options())).toMatchObject({ claimed: 1, fulfilled: 1 });
    expect(calls).toEqual([]);
  });

  it('takes only its share of the Get Order budget, and puts the rest of the batch back for the next minute', async () => {
    for (let index = 0; index < 5; index += 1) await recorded();
    const budgets = createCallBudgets({ store, now, perMinute: { get_order: 4 }, reconcilerShare: 0.5 });

    expect(await reconcileOrders(options({ budgets, concurrency: 1 }))).toEqual({
      ...figures,
      claimed: 5,
      checked: 2,
      pending: 2,
      deferred: 3,
    });
    expect(calls).toHaveLength(2);

    // Due again 30 s later, but this minute's share is spent.
    calls = [];
    later(30_000);
    expect(await reconcileOrders(options({ budgets, concurrency: 1 }))).toEqual({ ...figures, claimed: 2, deferred: 2 });
    expect(calls).toEqual([]);
    // A shopper's status request still has the other half.
    const waiting = (await store.get(`order_reconcile_${count}`))!;
    await checkOrder(waiting, { client, store, budgets, priority: 'shopper' });
    expect(calls).toHaveLength(2);
    calls = [];
    // The next minute (and a few seconds of spread): all five are due, two are checked.
    later(45_000);
    expect(await reconcileOrders(options({ budgets, concurrency: 1 }))).toEqual({
      ...figures,
      claimed: 5,
      checked: 2,
      pending: 2,
      deferred: 3,
    });
    expect(calls).toHaveLength(2);
  });

  it('counts a shopper’s read as the next check: the schedule starts again from it', async () => {
    const record = await recorded();
    await reconcileOrders(options());
    later(20_000);
    await checkOrder((await store.get(record.orderId))!, { client, store });
    // From the shopper's read, not from the reconciler's check 20 s before: 20–40 s from now.
    const next = (await store.get(record.orderId))!.nextCheckAt!.getTime() - clock.getTime();
    expect(next).toBeGreaterThanOrEqual(20_000);
    expect(next).toBeLessThanOrEqual(40_000);
    calls = [];
    later(19_999);
    expect(await reconcileOrders(options())).toEqual(figures);
  });

  it('answers a status request over budget from the store, with no call', async () => {
    const record = await recorded();
    const budgets = createCallBudgets({ store, now, perMinute: { get_order: 1 } });
    const status = createOrderStatusHandler({ client, store, budgets });
    const ask = async () => (await status(new Request(`https://shop.example/api/flowwise/orders?order_id=${record.orderId}`))).json();

    expect(await ask()).toMatchObject({ order_id: record.orderId, outcome: 'pending' });
    expect(calls).toEqual([`GET /orders/${record.orderId}`, `GET /orders/${record.orderId}/payments`]);
    calls = [];
    paidAtFlowwise(record.orderId);
    later(10_000);
    // The minute's one Get Order is spent: the store's answer, and no call.
    expect(await ask()).toMatchObject({ order_id: record.orderId, outcome: 'pending' });
    expect(calls).toEqual([]);
    later(50_000);
    expect(await ask()).toMatchObject({ order_id: record.orderId, outcome: 'paid' });
  });

  it('honours a 429: that kind of call pauses for x-ratelimit-retry (else a minute) on every instance, and the batch is put back', async () => {
    for (let index = 0; index < 3; index += 1) await recorded();
    answer = () =>
      new Response(null, { status: 429, headers: { 'x-ratelimit-limit': '400', 'x-ratelimit-remaining': '0', 'x-ratelimit-retry': '30' } });
    const budgets = createCallBudgets({ store, now });
    const takeCalls = vi.spyOn(store, 'takeCalls');

    expect(await reconcileOrders(options({ budgets, concurrency: 1 }))).toEqual({ ...figures, claimed: 3, deferred: 3 });
    expect(calls).toHaveLength(1);
    // The rest of the batch is put back without asking the budget again.
    expect(takeCalls).toHaveBeenCalledTimes(1);
    answer = undefined;
    calls = [];
    // Another instance, sharing the store: paused too.
    const otherRecord = (await store.get(`order_reconcile_${count}`))!;
    await checkOrder(otherRecord, { client, store, budgets, minIntervalMs: 0 });
    expect(calls).toEqual([]);

    later(29_999);
    expect(await reconcileOrders(options({ budgets }))).toEqual(figures);
    later(5001);
    expect(await reconcileOrders(options({ budgets }))).toMatchObject({ checked: 3, pending: 3 });
  });

  it('never checks one order in two runs at once, and a run that died loses nothing: its claims come due again', async () => {
    for (let index = 0; index < 20; index += 1) await recorded();

    const runs = await Promise.all([reconcileOrders(options({ batchSize: 3 })), reconcileOrders(options({ batchSize: 3 }))]);
    expect(runs[0].checked + runs[1].checked).toBe(20);
    expect(new Set(calls).size).toBe(20);

    // A run that claimed and died: nobody else takes its orders until the lease runs out.
    later(30_000);
    const dead = await store.claimDue(20, 60_000);
    expect(dead).toHaveLength(20);
    expect(await reconcileOrders(options())).toEqual(figures);
    later(60_000);
    expect(await reconcileOrders(options())).toMatchObject({ claimed: 20, checked: 20 });
  });

  it('throws a store that fails, and leaves what it claimed to come due again', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId);
    const failing: OrderStore = {
      ...store,
      claimFulfilment: () =>
        Promise.reject(
          new FlowwiseError('integration', 'The order store failed while claiming fulfilment: ECONNREFUSED', { code: 'store_unavailable' }),
        ),
    };

    await expect(reconcileOrders(options({ store: failing }))).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(fulfilled).toEqual([]);
    later(60_000);
    expect(await reconcileOrders(options())).toMatchObject({ claimed: 1, fulfilled: 1 });
  });

  it('starts nothing new once stopped, and puts back what it had not started', async () => {
    for (let index = 0; index < 3; index += 1) await recorded();
    const controller = new AbortController();
    const onPaid = vi.fn();
    const stopping = options({
      concurrency: 1,
      signal: controller.signal,
      client: { ...client, getOrder: (...args) => (controller.abort(), client.getOrder(...args)) },
      onPaid,
    });

    expect(await reconcileOrders(stopping)).toEqual({ ...figures, claimed: 3, checked: 1, pending: 1 });
    expect(await reconcileOrders(options())).toMatchObject({ claimed: 2, checked: 2 });
  });
});
