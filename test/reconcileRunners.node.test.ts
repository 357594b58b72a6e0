/**
 * The two ways to run reconcileOrders: createReconcileHandler (a cron's GET with a Bearer secret) and
 * startReconciler (a loop in a long-running Node server), against the local sandbox and the memory store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFlowwiseClient,
  createMemoryOrderStore,
  createReconcileHandler,
  startReconciler,
  type FlowwiseClient,
  type OrderStore,
  type PaidOrder,
} from '@flowwise/react/server';
import { FlowwiseError } from '@flowwise/react';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let client: FlowwiseClient;
/** Requests that reached Flowwise, besides creating orders. */
let reads = 0;
beforeAll(async () => {
  sandbox = await startSandbox({});
  client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    fetch: (input, init) => {
      if (init?.method !== 'POST') reads += 1;
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await sandbox.close();
});

let store: OrderStore;
beforeEach(() => {
  sandbox.reset();
  store = createMemoryOrderStore();
  reads = 0;
});

/** A promise and the function that resolves it (Node 20 has no Promise.withResolvers). */
function gate() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const SECRET = 'cron-secret-0123456789';
let count = 0;
/** An order created at the sandbox, recorded as due now, and paid there: its shopper closed the tab. */
async function paidOrder(): Promise<string> {
  count += 1;
  const order = { order_id: `order_runner_${count}`, order_amount: 99, order_currency: 'INR', customer_details: {} };
  const created = await client.createOrder(order);
  await store.insert({
    orderId: order.order_id,
    owner: null,
    orderIdSource: 'handler',
    payload: {},
    order,
    checkoutUrl: created.checkout_url,
    expiresAt: new Date(created.order_expiry_time!),
    nextCheckAt: new Date(),
  });
  const held = sandbox.orders.get(order.order_id)!;
  held.status = 'PAID';
  held.payments = [
    {
      order_id: order.order_id,
      payment_id: `pay_${count}`,
      status: 'SUCCESS',
      capture_status: 'SUCCESS',
      capture_amount: 99,
      payment_amount: 99,
      payment_currency: 'INR',
      payment_method: 'upi',
      gateway_details: { auth_id: null, processor_ref: null, utr: null },
    },
  ];
  return order.order_id;
}

const cron = (headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }, method = 'GET') =>
  new Request('https://shop.example/api/flowwise/reconcile', { method, headers });

describe('createReconcileHandler', () => {
  it('runs one batch for the scheduler and answers its figures as JSON', async () => {
    const orderId = await paidOrder();
    const onPaid = vi.fn<(paid: PaidOrder) => void>();
    const handler = createReconcileHandler({ client, store, onPaid, secret: SECRET });

    const response = await handler(cron());

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      claimed: 1,
      checked: 1,
      paid: 1,
      fulfilled: 1,
      expired: 0,
      review: 0,
      pending: 0,
      deferred: 0,
      failed: 0,
    });
    expect(onPaid).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ orderId }));
  });

  it('answers 401 and does nothing without the secret, with a wrong one, or with another scheme', async () => {
    await paidOrder();
    const claimDue = vi.spyOn(store, 'claimDue');
    const handler = createReconcileHandler({ client, store, onPaid: () => undefined, secret: SECRET });

    for (const headers of <Array<Record<string, string>>>[
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${SECRET.slice(0, -1)}` },
      { authorization: `Bearer ${SECRET}x` },
      { authorization: `Basic ${SECRET}` },
      { authorization: SECRET },
    ]) {
      const response = await handler(cron(headers));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    }
    expect(claimDue).not.toHaveBeenCalled();
    expect(reads).toBe(0);
    expect((await handler(cron({ authorization: `Bearer ${SECRET}` }, 'POST'))).status).toBe(405);
  });

  it('answers 503 with one log line when the store cannot be reached', async () => {
    const down = new FlowwiseError('integration', 'The order store failed while claiming due orders: connect ECONNREFUSED', {
      code: 'store_unavailable',
    });
    const onError = vi.fn();
    const handler = createReconcileHandler({
      client,
      store: { ...store, claimDue: () => Promise.reject(down) },
      onPaid: () => undefined,
      secret: SECRET,
      onError,
    });

    const response = await handler(cron());

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'store_unavailable' });
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      down,
      expect.objectContaining({ status: 503, message: expect.stringContaining('connect ECONNREFUSED') }),
    );
  });

  it('refuses to be created with a secret too short to be one, or without what it needs', () => {
    for (const secret of ['', 'short-secret']) {
      expect(() => createReconcileHandler({ client, store, onPaid: () => undefined, secret })).toThrow(
        /secret must be a string of at least 16 characters/,
      );
    }
    expect(() => createReconcileHandler({ client, store, secret: SECRET } as never)).toThrow(/onPaid is required/);
  });

  it('reads CRON_SECRET at each request when no secret is given: unset, it answers 500, logs one line and does nothing', async () => {
    await paidOrder();
    const claimDue = vi.spyOn(store, 'claimDue');
    const onError = vi.fn();
    vi.stubEnv('CRON_SECRET', '');
    const handler = createReconcileHandler({ client, store, onPaid: () => undefined, onError });
    const response = await handler(cron());
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.any(Error),
      expect.objectContaining({ status: 500, message: expect.stringContaining('CRON_SECRET is not set') }),
    );
    expect(claimDue).not.toHaveBeenCalled();

    vi.stubEnv('CRON_SECRET', SECRET);
    expect((await handler(cron())).status).toBe(200);
    expect((await handler(cron({ authorization: 'Bearer wrong-secret-0123456789' }))).status).toBe(401);
  });
});

describe('startReconciler', () => {
  it('fulfils paid orders in the background until stopped', async () => {
    const ids = [await paidOrder(), await paidOrder()];
    const done = gate();
    const fulfilled: string[] = [];
    const reconciler = startReconciler({
      client,
      store,
      stopOn: [],
      onPaid: ({ orderId }) => {
        fulfilled.push(orderId);
        if (fulfilled.length === 2) done.resolve();
      },
    });

    await done.promise;
    await reconciler.stop();
    expect(fulfilled.sort()).toEqual(ids.sort());
  });

  it('on SIGTERM finishes the order in hand, starts no other, and stops', async () => {
    for (let index = 0; index < 3; index += 1) await paidOrder();
    const inHand = gate();
    const release = gate();
    const fulfilled: string[] = [];
    // Another listener, as a server closing its own connections has: so the signal is not raised again here.
    const serverClose = vi.fn();
    const listeners = process.listenerCount('SIGTERM');
    process.on('SIGTERM', serverClose);
    const onRun = vi.fn();
    try {
      startReconciler({
        client,
        store,
        concurrency: 1,
        onRun,
        onPaid: async ({ orderId }) => {
          inHand.resolve();
          await release.promise;
          fulfilled.push(orderId);
        },
      });
      await inHand.promise;
      process.emit('SIGTERM', 'SIGTERM');
      release.resolve();
      await vi.waitFor(() => expect(onRun).toHaveBeenCalled());
    } finally {
      process.off('SIGTERM', serverClose);
    }

    expect(fulfilled).toHaveLength(1);
    expect(onRun).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ claimed: 3, fulfilled: 1 }));
    expect(serverClose).toHaveBeenCalledOnce();
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  it('logs a failed run in one line and goes on once the store is back', async () => {
    await paidOrder();
    let down = true;
    const failing: OrderStore = {
      ...store,
      claimDue: (...args) =>
        down
          ? Promise.reject(new FlowwiseError('integration', 'The order store failed: ECONNREFUSED', { code: 'store_unavailable' }))
          : store.claimDue(...args),
    };
    const failed = gate();
    const onRunError = vi.fn(() => {
      down = false;
      failed.resolve();
    });
    const fulfilledOne = gate();
    const reconciler = startReconciler({
      client,
      store: failing,
      stopOn: [],
      intervalMs: 1,
      onRunError,
      onPaid: () => fulfilledOne.resolve(),
    });

    await failed.promise;
    await fulfilledOne.promise;
    await reconciler.stop();
    expect(onRunError).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ code: 'store_unavailable' }));
  });
});
