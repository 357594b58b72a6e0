/**
 * The ledger the status handler (and a background job) share: checkOrder reads an active order from
 * the local sandbox into the store (one Get Order, Get Payments only when needed, paid only when paid
 * in full), fulfilOrder runs onPaid exactly once under a lease. Calls to Flowwise are counted at the
 * client's fetch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFlowwiseClient, createMemoryOrderStore, type OrderRecord, type OrderStore, type PaidOrder } from '@flowwise/react/server';
import { type CreateOrderRequest } from '@flowwise/react';
import { startSandbox, type Sandbox, type SandboxOrder } from '../sandbox';
import { checkOrder } from '../src/server/checkOrder';
import { fulfilOrder } from '../src/server/fulfilOrder';
import { paidInFull } from '../src/server/paidInFull';

let sandbox: Sandbox;
let clock = new Date('2026-12-02T10:00:00.000Z');
const now = () => clock;
const later = (ms: number) => void (clock = new Date(clock.getTime() + ms));
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock, upiDelayMs: 60_000 });
});
afterAll(async () => {
  await sandbox.close();
});

type SandboxPayment = SandboxOrder['payments'][number];

/** Every request to Flowwise, as `GET /orders/<id>` or `GET /orders/<id>/payments`. */
let calls: string[] = [];
let store: OrderStore;
beforeEach(() => {
  sandbox.reset();
  clock = new Date('2026-12-02T10:00:00.000Z');
  calls = [];
  store = createMemoryOrderStore({ now });
});
const client = () =>
  createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    timeoutMs: 1000,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace('/router', '')}`);
      return fetch(input, init);
    },
  });

let count = 0;
/** An order created at the sandbox and recorded in the store, as createOrderHandler records it. */
async function recorded(overrides: Partial<CreateOrderRequest> = {}): Promise<OrderRecord> {
  count += 1;
  const order: CreateOrderRequest = {
    order_id: `order_ledger_${count}`,
    order_amount: 250,
    order_currency: 'INR',
    customer_details: { customer_email: 'asha@example.com' },
    ...overrides,
  };
  const created = await client().createOrder(order);
  calls = [];
  const { record } = await store.insert({
    orderId: order.order_id,
    owner: 'session_asha',
    orderIdSource: 'handler',
    payload: { items: [{ sku: 'tee', quantity: 1 }] },
    order,
    checkoutUrl: created.checkout_url,
    expiresAt: new Date(created.order_expiry_time!),
  });
  return record;
}

/** Makes the sandbox's order PAID with these payments, as if the shopper had paid. */
function paidAtFlowwise(orderId: string, payments: Array<Partial<Omit<SandboxPayment, 'status'>> & { status: string }>) {
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
    // REVERSED too, which the sandbox's own pages never make but Flowwise does.
    status: payment.status as SandboxPayment['status'],
  }));
}

/** The record as checkOrder leaves it. */
const check = async (...args: Parameters<typeof checkOrder>) => (await checkOrder(...args)).record;

describe('checkOrder', () => {
  it('reads a new order with one Get Order and one Get Payments, and records it as pending', async () => {
    const record = await recorded();

    const checked = await check(record, { client: client(), store });

    expect(calls).toEqual([`GET /orders/${record.orderId}`, `GET /orders/${record.orderId}/payments`]);
    expect(checked).toMatchObject({ status: 'active', outcome: 'pending', flowwiseStatus: 'ACTIVE', payments: [], checkedAt: clock });
    expect(await store.get(record.orderId)).toEqual(checked);
  });

  it('reads an order at most once per interval, answering from the store meanwhile', async () => {
    const record = await recorded();
    await check(record, { client: client(), store, minIntervalMs: 5000 });
    sandbox.orders.get(record.orderId)!.status = 'EXPIRED';
    calls = [];

    later(4999);
    expect(await checkOrder(record, { client: client(), store, minIntervalMs: 5000 })).toMatchObject({
      record: { status: 'active' },
      fresh: false,
    });
    expect(calls).toEqual([]);
    later(1);
    expect(await checkOrder(record, { client: client(), store, minIntervalMs: 5000 })).toMatchObject({
      record: { status: 'expired' },
      fresh: true,
    });
    expect(calls).toHaveLength(1);
    // Final: as it is, with no call.
    expect(await checkOrder((await store.get(record.orderId))!, { client: client(), store })).toMatchObject({ fresh: false });
    expect(calls).toHaveLength(1);
  });

  it('records failed when every payment attempt ended without success', async () => {
    const record = await recorded();
    const order = sandbox.orders.get(record.orderId)!;
    order.payments = [{ ...paymentOf(record.orderId), status: 'FAILED', capture_status: 'FAILED' }];

    expect(await check(record, { client: client(), store })).toMatchObject({
      status: 'active',
      outcome: 'failed',
      payments: [{ status: 'FAILED' }],
    });
  });

  it('asks no payments of an EXPIRED order, nor of one in a status it does not know', async () => {
    const expired = await recorded();
    sandbox.orders.get(expired.orderId)!.status = 'EXPIRED';
    expect(await check(expired, { client: client(), store })).toMatchObject({
      status: 'expired',
      flowwiseStatus: 'EXPIRED',
      nextCheckAt: null,
    });
    expect(calls).toEqual([`GET /orders/${expired.orderId}`]);

    const odd = await recorded();
    sandbox.orders.get(odd.orderId)!.status = 'REFUNDED' as 'PAID';
    expect(await check(odd, { client: client(), store })).toMatchObject({
      status: 'active',
      outcome: 'pending',
      flowwiseStatus: 'REFUNDED',
    });
    expect(calls).toEqual([`GET /orders/${odd.orderId}`]);
  });

  it('records paid when Flowwise says PAID and successful payments cover the recorded amount and currency', async () => {
    const record = await recorded();
    paidAtFlowwise(record.orderId, [{ status: 'FAILED' }, { status: 'SUCCESS' }]);
    const onReview = vi.fn();

    expect(await check(record, { client: client(), store, onReview })).toMatchObject({
      status: 'paid',
      fulfilment: 'none',
      nextCheckAt: null,
    });
    expect(onReview).not.toHaveBeenCalled();
  });

  it.each([
    ['whose only payment was REVERSED', [{ status: 'REVERSED' }]],
    ['with no payments', []],
    ['paid less than the recorded amount (a stale, cheaper checkout)', [{ status: 'SUCCESS', payment_amount: 100 }]],
    ['paid in another currency', [{ status: 'SUCCESS', payment_currency: 'USD' }]],
    ['with a SUCCESS payment whose amount Flowwise left out', [{ status: 'SUCCESS', payment_amount: undefined }]],
  ])('sends a PAID order %s to review, never to paid, and reports it', async (_case, payments) => {
    const record = await recorded();
    paidAtFlowwise(record.orderId, payments);
    const onReview = vi.fn();

    const checked = await check(record, { client: client(), store, onReview });

    expect(checked).toMatchObject({ status: 'review', reviewReason: 'payment_mismatch', flowwiseStatus: 'PAID' });
    expect(onReview).toHaveBeenCalledExactlyOnceWith({
      record: checked,
      reason: 'payment_mismatch',
      message: `Flowwise says order ${record.orderId} is PAID, but its successful payments do not cover the 250 INR recorded for it: it was not fulfilled and needs a review.`,
    });
    // Final: never read again, never fulfilled.
    later(3_600_000);
    calls = [];
    expect(await check(checked, { client: client(), store })).toEqual(checked);
    expect(calls).toEqual([]);
    expect(await store.claimFulfilment(record.orderId, 1000)).toBeUndefined();
  });

  it('sends a recorded order Flowwise does not know (404) to review', async () => {
    const record = await recorded();
    sandbox.orders.delete(record.orderId);
    const onReview = vi.fn();

    expect(await check(record, { client: client(), store, onReview })).toMatchObject({ status: 'review', reviewReason: 'not_found' });
    expect(onReview).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'not_found', message: expect.stringContaining(`Flowwise has no order ${record.orderId}`) }),
    );
    expect(calls).toEqual([`GET /orders/${record.orderId}`]);
  });

  it('throws what else Flowwise fails with, leaving the record as it was', async () => {
    const record = await recorded();
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    try {
      await expect(checkOrder(record, { client: client(), store })).rejects.toMatchObject({ kind: 'http', status: 500 });
    } finally {
      sandbox.configure({});
    }
    expect(await store.get(record.orderId)).toMatchObject({ status: 'active', outcome: 'pending', checkedAt: clock });
  });
});

function paymentOf(orderId: string): SandboxPayment {
  return {
    order_id: orderId,
    payment_id: 'pay_x',
    status: 'SUCCESS',
    capture_status: 'SUCCESS',
    capture_amount: 250,
    payment_amount: 250,
    payment_currency: 'INR',
    payment_method: 'card',
    gateway_details: { auth_id: null, processor_ref: null, utr: null },
  };
}

describe('paidInFull', () => {
  it('adds amounts in hundredths, where floating point would fall short', () => {
    // 0.7 + 0.1 is 0.7999999999999999 in floating point.
    const payments = [
      { payment_id: 'a', status: 'SUCCESS', payment_amount: 0.7, payment_currency: 'INR' },
      { payment_id: 'b', status: 'SUCCESS', payment_amount: 0.1, payment_currency: 'INR' },
    ];
    expect(paidInFull({ order_amount: 0.8, order_currency: 'INR' }, payments)).toBe(true);
    expect(paidInFull({ order_amount: 0.81, order_currency: 'INR' }, payments)).toBe(false);
    expect(
      paidInFull({ order_amount: 1, order_currency: 'INR' }, [
        { payment_id: 'c', status: 'SUCCESS', payment_amount: -5, payment_currency: 'INR' },
      ]),
    ).toBe(false);
  });
});

describe('fulfilOrder', () => {
  async function paidRecord() {
    const record = await recorded();
    paidAtFlowwise(record.orderId, [{ status: 'SUCCESS' }]);
    return check(record, { client: client(), store });
  }

  it('runs onPaid with the recorded cart, the prepared order, the payments, an idempotency key and the attempt, then marks it done', async () => {
    const record = await paidRecord();
    const onPaid = vi.fn();

    expect(await fulfilOrder(record, store, onPaid)).toEqual({ status: 'fulfilled' });
    expect(onPaid).toHaveBeenCalledExactlyOnceWith({
      orderId: record.orderId,
      owner: 'session_asha',
      payload: { items: [{ sku: 'tee', quantity: 1 }] },
      order: record.order,
      payments: [expect.objectContaining({ payment_id: 'pay_0', status: 'SUCCESS', payment_amount: 250 })],
      idempotencyKey: `fulfil:${record.orderId}`,
      attempt: 1,
    } satisfies PaidOrder);
    expect(await store.get(record.orderId)).toMatchObject({ fulfilment: 'done', fulfilledAt: clock });
    expect(await fulfilOrder((await store.get(record.orderId))!, store, onPaid)).toEqual({ status: 'done' });
    expect(await fulfilOrder(record, store, onPaid)).toEqual({ status: 'done' });
    expect(onPaid).toHaveBeenCalledTimes(1);
  });

  it('runs onPaid once for 50 concurrent callers', async () => {
    const record = await paidRecord();
    const onPaid = vi.fn(async () => undefined);

    const results = await Promise.all(Array.from({ length: 50 }, () => fulfilOrder(record, store, onPaid)));

    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(results.filter(({ status }) => status === 'fulfilled')).toHaveLength(1);
    expect(results.filter(({ status }) => status === 'held')).toHaveLength(49);
  });

  it('gives the claim back when onPaid throws, so the next caller tries again with the same key', async () => {
    const record = await paidRecord();
    const onPaid = vi
      .fn<(paid: PaidOrder) => Promise<void>>()
      .mockRejectedValueOnce(new Error('warehouse down'))
      .mockResolvedValueOnce(undefined);

    expect(await fulfilOrder(record, store, onPaid)).toEqual({ status: 'failed', error: new Error('warehouse down') });
    expect(await store.get(record.orderId)).toMatchObject({ fulfilment: 'none', attempts: 1 });
    expect(await fulfilOrder(record, store, onPaid)).toEqual({ status: 'fulfilled' });
    expect(onPaid.mock.calls.map(([paid]) => [paid.attempt, paid.idempotencyKey])).toEqual([
      [1, `fulfil:${record.orderId}`],
      [2, `fulfil:${record.orderId}`],
    ]);
  });

  it('runs onPaid again, with the same key, only once the lease of a claim whose holder stopped has run out', async () => {
    const record = await paidRecord();
    let finish!: () => void;
    const stuck = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const first = fulfilOrder(record, store, stuck, 1000);
    await vi.waitFor(() => expect(stuck).toHaveBeenCalled());

    const again = vi.fn();
    later(999);
    expect(await fulfilOrder(record, store, again, 1000)).toEqual({ status: 'held' });
    later(1);
    expect(await fulfilOrder(record, store, again, 1000)).toEqual({ status: 'fulfilled' });
    expect(again).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ attempt: 2, idempotencyKey: `fulfil:${record.orderId}` }));

    finish();
    expect(await first).toEqual({ status: 'lease_lost' });
    expect(await store.get(record.orderId)).toMatchObject({ fulfilment: 'done', attempts: 2 });
  });

  it('refuses a record that is not paid', async () => {
    const record = await recorded();
    await expect(fulfilOrder(record, store, vi.fn())).rejects.toThrow(`fulfilOrder(): order ${record.orderId} is active, not paid.`);
  });
});
