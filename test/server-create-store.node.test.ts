/**
 * createOrderHandler and the order store: every order is recorded before the shopper is sent to pay
 * it, and a reused order_id is resumed only for the same owner's same order (red team, holes 1 and 2).
 * Against the local sandbox, with the memory store and the Postgres store on PGlite.
 */
import { PGlite } from '@electric-sql/pglite';
import {
  createFlowwiseClient,
  createMemoryOrderStore,
  createOrderHandler,
  createOrderStatusHandler,
  createPostgresOrderStore,
  type CreateOrderHandlerOptions,
  type HandlerErrorInfo,
  type OrderStore,
} from '@flowwise/react/server';
import type { CreateOrderRequest } from '@flowwise/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let pglite: PGlite;
beforeAll(async () => {
  sandbox = await startSandbox();
  pglite = new PGlite();
  await pglite.waitReady;
}, 60_000);
afterAll(async () => {
  await sandbox.close();
  await pglite.close();
});
beforeEach(() => {
  sandbox.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

const client = (timeoutMs = 2000) =>
  createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    timeoutMs,
  });

let count = 0;
function order(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  count += 1;
  return {
    order_id: `order_store_${count}`,
    order_amount: 100,
    order_currency: 'INR',
    customer_details: { customer_id: 'cust_asha', customer_email: 'asha@example.com', customer_phone: '+919800000001' },
    return_base_url: 'https://shop.example/return',
    ...overrides,
  };
}

/** A POST of `body` from the shopper whose session cookie is `session` (none for a guest). */
const post = (body: unknown, session?: string) =>
  new Request('https://shop.example/api/flowwise/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(session && { cookie: `session=${session}` }) },
    body: JSON.stringify(body),
  });

const sessionOf = (request: Request) => /session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? null;

/** The README's way to trust a browser-built order, the shape the red team attacked, owned by the session. */
function handler(store: OrderStore, options: Partial<CreateOrderHandlerOptions> = {}) {
  return createOrderHandler({ client: client(), store, owner: sessionOf, prepareOrder: (o) => o, onError: () => undefined, ...options });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A 409 that says nothing of the recorded order: its ErrorResponse and nothing else. */
const conflict = (code: string) => ({ status: 409, body: { message: expect.any(String), code, type: 'invalid_request_error' } });

describe('recording', () => {
  it('records the order, the cart, the owner and the id source, then Flowwise’s checkout and expiry, before answering', async () => {
    const store = createMemoryOrderStore();
    const cart = { items: [{ sku: 'tee', quantity: 2 }] };
    const create = createOrderHandler({
      client: client(),
      store,
      owner: sessionOf,
      schema: { safeParse: (value: unknown) => ({ success: true as const, data: value as typeof cart }) },
      prepareOrder: () => ({ order_amount: 998, order_currency: 'INR', customer_details: { customer_id: 'cust_asha' } }),
    });

    const { status, body } = await answer(await create(post(cart, 'asha')));

    expect(status).toBe(200);
    const record = (await store.get(body.order_id as string))!;
    expect(record).toMatchObject({
      orderId: body.order_id,
      owner: 'asha',
      orderIdSource: 'handler',
      payload: cart,
      order: { order_id: body.order_id, order_amount: 998, order_currency: 'INR', customer_details: { customer_id: 'cust_asha' } },
      checkoutUrl: body.checkout_url,
      expiresAt: new Date(sandbox.orders.get(body.order_id as string)!.response.order_expiry_time as string),
      status: 'active',
      fulfilment: 'none',
    });

    const given = order();
    await handler(store)(post(given));
    expect(await store.get(given.order_id)).toMatchObject({ orderIdSource: 'prepareOrder', owner: null, payload: given });
  });

  it('sends nobody to pay when the store cannot record the order: 503, and Flowwise is not asked', async () => {
    const down: OrderStore = { ...createMemoryOrderStore(), insert: () => Promise.reject(new Error('connection refused')) };
    const logged: HandlerErrorInfo[] = [];

    const { status, body } = await answer(await handler(down, { onError: (_e, info) => void logged.push(info) })(post(order())));

    expect({ status, body }).toEqual({
      status: 503,
      body: {
        message: 'The order could not be recorded: the order store is unavailable. See the server log for this request id.',
        code: 'store_unavailable',
        type: 'server_error',
      },
    });
    expect(logged).toEqual([
      expect.objectContaining({
        status: 503,
        code: 'store_unavailable',
        message: expect.stringMatching(/order store failed while recording an order: connection refused/),
      }),
    ]);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('sends nobody to pay when Flowwise created the order but its checkout could not be recorded', async () => {
    const store = createMemoryOrderStore();
    const failing: OrderStore = { ...store, recordRead: () => Promise.reject(new Error('disk full')) };
    const sent = order();

    const { status, body } = await answer(await handler(failing)(post(sent)));

    expect(status).toBe(503);
    expect(body).not.toHaveProperty('checkout_url');
    expect(sandbox.orders.has(sent.order_id)).toBe(true);
    // Still known, as not yet created: a status read finds it, and nobody is sent to an empty URL.
    expect(await store.get(sent.order_id)).toMatchObject({ status: 'active', checkoutUrl: '' });
  });

  it('sends nobody to pay an order a status read made final while Flowwise was creating it', async () => {
    const store = createMemoryOrderStore();
    const raced: OrderStore = {
      ...store,
      recordRead: async (orderId, read) => {
        await store.recordRead(orderId, { status: 'review', reviewReason: 'not_found', outcome: 'pending', flowwiseStatus: 'ACTIVE' });
        return store.recordRead(orderId, read);
      },
    };
    const response = await handler(raced)(post(order(), 'asha'));
    const text = await response.text();

    expect({ status: response.status, body: JSON.parse(text) as unknown }).toEqual(conflict('already_exists'));
    expect(text).not.toContain('checkout');
  });

  it('still knows an order whose creation timed out, refuses it to anyone else, and creates it for the same shopper’s retry', async () => {
    const store = createMemoryOrderStore();
    const sent = order();
    sandbox.configure({ fault: { type: 'hang' } });
    const timedOut = createOrderHandler({ client: client(100), store, owner: sessionOf, prepareOrder: (o) => o, onError: () => undefined });
    expect((await timedOut(post(sent, 'asha'))).status).toBe(504);
    sandbox.configure({});

    expect(await store.get(sent.order_id)).toMatchObject({ owner: 'asha', status: 'active', checkoutUrl: '' });
    const creates = sandbox.requests.length;
    expect(await answer(await handler(store)(post(sent, 'mallory')))).toEqual(conflict('already_exists'));
    expect(sandbox.requests).toHaveLength(creates);

    const retried = await answer(await handler(store)(post(sent, 'asha')));
    expect(retried.status).toBe(200);
    expect(await store.get(sent.order_id)).toMatchObject({ checkoutUrl: retried.body.checkout_url });
  });
  it('tells the owner’s return page of an order not yet created, without a checkout_url to send them to', async () => {
    const store = createMemoryOrderStore();
    const sent = order();
    sandbox.configure({ fault: { type: 'hang' } });
    const timedOut = createOrderHandler({ client: client(100), store, owner: sessionOf, prepareOrder: (o) => o, onError: () => undefined });
    expect((await timedOut(post(sent, 'asha'))).status).toBe(504);
    sandbox.configure({});
    // A read of Flowwise just started elsewhere, so this request is answered from the store.
    expect(await store.beginRead(sent.order_id, 0)).toBe(true);

    const status = createOrderStatusHandler({ client: client(), store, owner: sessionOf });
    const response = await status(
      new Request(`https://shop.example/api/flowwise/orders?order_id=${sent.order_id}`, { headers: { cookie: 'session=asha' } }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ order_id: sent.order_id, order_status: 'ACTIVE', outcome: 'pending', payments: [] });
  });
});

describe('a reused order_id', () => {
  it('resumes the same owner’s same order from the store: order_id and checkout_url only, and no call to Flowwise', async () => {
    const store = createMemoryOrderStore();
    const sent = order();
    const first = await answer(await handler(store)(post(sent, 'asha')));
    const creates = sandbox.requests.length;

    const again = await answer(await handler(store)(post(sent, 'asha')));

    expect(again).toEqual({ status: 200, body: { order_id: sent.order_id, checkout_url: first.body.checkout_url } });
    expect(sandbox.requests).toHaveLength(creates);
  });

  it('hole 1: is never handed to another shopper, whatever they post under it, and costs Flowwise nothing', async () => {
    const store = createMemoryOrderStore();
    const victim = order();
    expect((await handler(store)(post(victim, 'victim'))).status).toBe(200);
    const creates = sandbox.requests.length;

    for (const [body, session] of [
      [victim, 'attacker'],
      [{ ...victim, customer_details: { customer_email: 'attacker@example.com' } }, 'attacker'],
      [victim, undefined],
    ] as const) {
      const response = await handler(store)(post(body, session));
      const text = await response.text();
      expect({ status: response.status, body: JSON.parse(text) as unknown }).toEqual(conflict('already_exists'));
      for (const secret of ['checkout', 'asha@example.com', 'cust_asha', 'order_hash', '+919800000001']) expect(text).not.toContain(secret);
    }
    expect(sandbox.requests).toHaveLength(creates);
  });

  it('hole 2: is not resumed at a stale price, nor for a changed cart or customer', async () => {
    const store = createMemoryOrderStore();
    const first = order();
    expect((await handler(store)(post(first, 'asha'))).status).toBe(200);

    for (const changed of [
      { ...first, order_amount: 1000 },
      { ...first, order_currency: 'USD' },
      { ...first, customer_details: { ...first.customer_details, customer_email: 'other@example.com' } },
      // The same total for another cart: resuming it would ship the first cart.
      { ...first, order_note: 'two scarves instead of the shirt' },
    ]) {
      expect(await answer(await handler(store)(post(changed, 'asha'))), JSON.stringify(changed)).toEqual(conflict('already_exists'));
    }
    expect(sandbox.requests).toHaveLength(1);
    expect((await store.get(first.order_id))!.order.order_amount).toBe(100);
  });

  it('hole 2: is not resumed at a stale price when the same cart is priced anew', async () => {
    const store = createMemoryOrderStore();
    let price = 100;
    const cart = { cart_id: 'cart_asha_1', items: [{ sku: 'shirt', quantity: 1 }] };
    const priced = handler(store, {
      schema: { safeParse: (value: unknown) => ({ success: true as const, data: value as CreateOrderRequest }) },
      prepareOrder: () => ({ ...order(), order_id: cart.cart_id, order_amount: price }),
    });
    expect((await priced(post(cart, 'asha'))).status).toBe(200);

    price = 1000;
    expect(await answer(await priced(post(cart, 'asha')))).toEqual(conflict('already_exists'));
    expect(sandbox.requests).toHaveLength(1);
  });

  it('is never resumed for a guest, whose null owner is nobody in particular (an empty owner counts as null)', async () => {
    const store = createMemoryOrderStore();
    const sent = order();
    const guest = handler(store, { owner: () => '' });
    expect((await guest(post(sent))).status).toBe(200);
    expect((await store.get(sent.order_id))!.owner).toBeNull();
    expect(await answer(await guest(post(sent)))).toEqual(conflict('already_exists'));
  });

  it('is refused as paid or expired to its owner, with the codes the browser words', async () => {
    const store = createMemoryOrderStore();
    const paid = order();
    const expiring = order({ expiry_time_in_minutes: 15 });
    await handler(store)(post(paid, 'asha'));
    await handler(store)(post(expiring, 'asha'));
    await store.recordRead(paid.order_id, { status: 'paid', outcome: 'pending', flowwiseStatus: 'PAID' });

    expect(await answer(await handler(store)(post(paid, 'asha')))).toEqual({
      status: 409,
      body: { message: `Order ${paid.order_id} exists and is already paid.`, code: 'order_already_paid', type: 'invalid_request_error' },
    });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60_000 });
    expect(await answer(await handler(store)(post(expiring, 'asha')))).toEqual({
      status: 409,
      body: { message: `Order ${expiring.order_id} exists and has expired.`, code: 'order_expired', type: 'invalid_request_error' },
    });
    // To anyone else it is only taken.
    expect(await answer(await handler(store)(post(paid, 'mallory')))).toEqual(conflict('already_exists'));
  });

  it('that Flowwise holds but the store never recorded is a 409, not resumed', async () => {
    const sent = order();
    await client().createOrder(sent);

    const response = await handler(createMemoryOrderStore())(post(sent, 'asha'));
    const text = await response.text();

    expect({ status: response.status, body: JSON.parse(text) as unknown }).toEqual(conflict('already_exists'));
    expect(text).not.toContain('checkout');
  });

  it('posted by two shoppers at once: one order, one 200, one 409', async () => {
    const store = createMemoryOrderStore();
    const sent = order();

    const answers = await Promise.all([handler(store)(post(sent, 'asha')), handler(store)(post(sent, 'mallory'))]);

    expect(answers.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('resumes from a Postgres store, whose jsonb gives the cart and customer back with their keys in another order', async () => {
    const store = createPostgresOrderStore({ db: pglite, table: `orders_create_${process.pid}` });
    const sent = order({ order_tags: { campaign: 'winter', z: 'last' } });
    const first = await answer(await handler(store)(post(sent, 'asha')));
    expect(first.status).toBe(200);

    const again = await answer(await handler(store)(post(sent, 'asha')));

    expect(again).toEqual({ status: 200, body: { order_id: sent.order_id, checkout_url: first.body.checkout_url } });
    expect(await answer(await handler(store)(post(sent, 'mallory')))).toEqual(conflict('already_exists'));
  });
});

describe('owner and store options', () => {
  it('answers 500 when owner() throws, creating nothing; anything but a non-empty string is nobody', async () => {
    const throwing = handler(createMemoryOrderStore(), {
      owner: () => {
        throw new Error('session store down');
      },
    });
    const { status, body } = await answer(await throwing(post(order())));
    expect({ status, code: body.code }).toEqual({ status: 500, code: 'internal_error' });
    expect(sandbox.requests).toHaveLength(0);

    const store = createMemoryOrderStore();
    const sent = order();
    expect((await handler(store, { owner: () => 42 as never })(post(sent))).status).toBe(200);
    expect((await store.get(sent.order_id))!.owner).toBeNull();
  });

  it('requires a store, and owner to be a function', () => {
    expect(() => createOrderHandler({ client: client(), prepareOrder: (o: CreateOrderRequest) => o } as never)).toThrow(
      /^createOrderHandler\(\): store is missing\. Pass createPostgresOrderStore/,
    );
    expect(() => handler(createMemoryOrderStore(), { owner: 'session' as never })).toThrow(/owner must be a function/);
  });
});
