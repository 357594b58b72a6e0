/**
 * One contract for every OrderStore: the memory store, and the Postgres store on PGlite (Postgres in
 * WebAssembly, one instance for the file: its first open takes seconds). With FLOWWISE_TEST_DATABASE_URL
 * set (`npm run test:postgres` starts a throwaway server and sets it), the Postgres cases run against that
 * real server as well, through `pg`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  createMemoryOrderStore,
  createPostgresOrderStore,
  ORDER_STORE_SCHEMA_VERSION,
  ORDER_STORE_SQL,
  type NewOrderRecord,
  type OrderRead,
  type OrderStore,
  type SqlDatabase,
} from '@flowwise/react/server';
import { isFlowwiseError } from '@flowwise/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

let clock = new Date('2026-12-02T10:00:00.000Z');
const now = () => clock;
const later = (ms: number) => void (clock = new Date(clock.getTime() + ms));
beforeEach(() => {
  clock = new Date('2026-12-02T10:00:00.000Z');
});

let pglite: PGlite;
let server: pg.Pool | undefined;
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
  const url = process.env.FLOWWISE_TEST_DATABASE_URL;
  if (url) server = new pg.Pool({ connectionString: url });
}, 60_000);
afterAll(async () => {
  await pglite.close();
  await server?.end();
});

// A fresh table for each test, so that tests share nothing (and can run against one real database).
let tables = 0;
const freshTable = () => `orders_${process.pid}_${(tables += 1)}`;

const databases: Array<[string, () => SqlDatabase]> = [
  ['PGlite', () => pglite],
  ...(process.env.FLOWWISE_TEST_DATABASE_URL ? [['PostgreSQL', () => server!] as [string, () => SqlDatabase]] : []),
];
const implementations: Array<[string, () => OrderStore]> = [
  ['memory', () => createMemoryOrderStore({ now })],
  ...databases.map(
    ([name, db]) =>
      [`Postgres (${name})`, () => createPostgresOrderStore({ db: db(), table: freshTable(), now })] as [string, () => OrderStore],
  ),
];

let ids = 0;
function newOrder(overrides: Partial<NewOrderRecord> = {}): NewOrderRecord {
  ids += 1;
  const orderId = `order_store_${ids}`;
  return {
    orderId,
    owner: 'session_asha',
    orderIdSource: 'handler',
    payload: { items: [{ sku: 'tee', quantity: 2 }], note: 'gift "wrap" ✓' },
    order: { order_id: orderId, order_amount: 1299.5, order_currency: 'INR', customer_details: { customer_email: 'asha@example.com' } },
    checkoutUrl: `https://checkout.example/${orderId}`,
    expiresAt: new Date('2026-12-02T10:30:00.000Z'),
    ...overrides,
  };
}

const paidRead: OrderRead = {
  status: 'paid',
  outcome: 'pending',
  flowwiseStatus: 'PAID',
  payments: [{ payment_id: 'pay_1', status: 'SUCCESS' }],
};

describe.each(implementations)('the %s order store', (_name, makeStore) => {
  let store: OrderStore;
  beforeEach(() => {
    store = makeStore();
  });

  it('inserts a new order as active, pending and unfulfilled, and answers exists for its id after that, unchanged', async () => {
    const order = newOrder({ nextCheckAt: new Date('2026-12-02T10:01:00.000Z') });
    const first = await store.insert(order);

    expect(first).toEqual({
      inserted: true,
      record: {
        ...order,
        status: 'active',
        outcome: 'pending',
        flowwiseStatus: 'ACTIVE',
        payments: [],
        reviewReason: null,
        checkedAt: null,
        fulfilment: 'none',
        claimToken: null,
        leaseExpiresAt: null,
        attempts: 0,
        fulfilledAt: null,
        createdAt: clock,
        updatedAt: clock,
      },
    });
    later(1000);
    const again = await store.insert({ ...order, owner: 'session_mallory', order: { ...order.order, order_amount: 1 } });
    expect(again).toEqual({ inserted: false, record: first.record });
    expect(await store.get(order.orderId)).toEqual(first.record);
  });

  it('answers undefined for an id it does not hold, and keeps any JSON payload as JSON', async () => {
    expect(await store.get('order_nobody')).toBeUndefined();
    for (const payload of ['just text', null, 42, [1, { a: [true, null] }]]) {
      const order = newOrder({ payload, owner: null, orderIdSource: 'prepareOrder', expiresAt: null });
      await store.insert(order);
      expect(await store.get(order.orderId)).toMatchObject({ payload, owner: null, orderIdSource: 'prepareOrder', expiresAt: null });
    }
  });

  it('records reads while active, and never moves a final status back', async () => {
    const order = newOrder();
    await store.insert(order);
    later(5);
    const failed = await store.recordRead(order.orderId, {
      status: 'active',
      outcome: 'failed',
      flowwiseStatus: 'ACTIVE',
      payments: [{ payment_id: 'pay_0', status: 'FAILED' }],
      nextCheckAt: new Date('2026-12-02T10:05:00.000Z'),
    });
    expect(failed).toMatchObject({
      status: 'active',
      outcome: 'failed',
      nextCheckAt: new Date('2026-12-02T10:05:00.000Z'),
      updatedAt: clock,
    });
    expect(failed!.payments).toEqual([{ payment_id: 'pay_0', status: 'FAILED' }]);

    const paid = await store.recordRead(order.orderId, paidRead);
    // A final status needs no more reads: nextCheckAt is cleared unless one is given.
    expect(paid).toMatchObject({ status: 'paid', flowwiseStatus: 'PAID', nextCheckAt: null, checkoutUrl: order.checkoutUrl });

    for (const status of ['active', 'expired', 'review'] as const) {
      expect(await store.recordRead(order.orderId, { status, outcome: 'pending', flowwiseStatus: 'ACTIVE', payments: [] })).toBeUndefined();
    }
    expect(await store.get(order.orderId)).toEqual(paid);
    expect(await store.recordRead('order_nobody', paidRead)).toBeUndefined();
  });

  it('keeps what a read leaves out, and the reason of a review', async () => {
    const order = newOrder();
    await store.insert(order);
    await store.recordRead(order.orderId, {
      status: 'active',
      outcome: 'pending',
      flowwiseStatus: 'ACTIVE',
      payments: [{ payment_id: 'p', status: 'PENDING' }],
    });
    const expired = await store.recordRead(order.orderId, { status: 'expired', outcome: 'pending', flowwiseStatus: 'EXPIRED' });
    expect(expired).toMatchObject({ status: 'expired', payments: [{ payment_id: 'p', status: 'PENDING' }], expiresAt: order.expiresAt });

    const other = newOrder();
    await store.insert(other);
    const review = await store.recordRead(other.orderId, {
      status: 'review',
      outcome: 'pending',
      flowwiseStatus: 'PAID',
      reviewReason: 'payment_mismatch',
      checkoutUrl: 'https://checkout.example/moved',
      expiresAt: null,
    });
    expect(review).toMatchObject({
      status: 'review',
      reviewReason: 'payment_mismatch',
      checkoutUrl: 'https://checkout.example/moved',
      expiresAt: null,
    });
  });

  it('lets an active order be read once per interval, across callers, and a final one never', async () => {
    const order = newOrder();
    await store.insert(order);

    const starts = await Promise.all(Array.from({ length: 10 }, () => store.beginRead(order.orderId, 5000)));
    expect(starts.filter(Boolean)).toHaveLength(1);
    expect(await store.get(order.orderId)).toMatchObject({ checkedAt: clock });
    later(4999);
    expect(await store.beginRead(order.orderId, 5000)).toBe(false);
    later(1);
    expect(await store.beginRead(order.orderId, 5000)).toBe(true);
    expect(await store.beginRead(order.orderId, 0)).toBe(true);

    await store.recordRead(order.orderId, paidRead);
    later(60_000);
    expect(await store.beginRead(order.orderId, 5000)).toBe(false);
    expect(await store.beginRead('order_nobody', 5000)).toBe(false);
  });

  it('claims the fulfilment of a paid order once, completes it only with the claim token, and never claims it again', async () => {
    const order = newOrder();
    await store.insert(order);
    expect(await store.claimFulfilment(order.orderId, 60_000)).toBeUndefined();
    await store.recordRead(order.orderId, paidRead);

    const claim = await store.claimFulfilment(order.orderId, 60_000);
    expect(claim).toMatchObject({
      fulfilment: 'claimed',
      attempts: 1,
      claimToken: expect.any(String),
      leaseExpiresAt: new Date(clock.getTime() + 60_000),
    });
    expect(await store.claimFulfilment(order.orderId, 60_000)).toBeUndefined();
    expect(await store.completeFulfilment(order.orderId, 'not-the-token')).toBe(false);
    expect(await store.releaseFulfilment(order.orderId, 'not-the-token')).toBe(false);

    later(10);
    expect(await store.completeFulfilment(order.orderId, claim!.claimToken!)).toBe(true);
    expect(await store.get(order.orderId)).toMatchObject({
      fulfilment: 'done',
      fulfilledAt: clock,
      claimToken: null,
      leaseExpiresAt: null,
      attempts: 1,
    });
    expect(await store.completeFulfilment(order.orderId, claim!.claimToken!)).toBe(false);
    later(3_600_000);
    expect(await store.claimFulfilment(order.orderId, 60_000)).toBeUndefined();
  });

  it('gives a released claim to the next claimer, with a new token and the next attempt number', async () => {
    const order = newOrder();
    await store.insert(order);
    await store.recordRead(order.orderId, paidRead);
    const first = await store.claimFulfilment(order.orderId, 60_000);

    expect(await store.releaseFulfilment(order.orderId, first!.claimToken!)).toBe(true);
    expect(await store.get(order.orderId)).toMatchObject({ fulfilment: 'none', claimToken: null, leaseExpiresAt: null, attempts: 1 });
    const second = await store.claimFulfilment(order.orderId, 60_000);
    expect(second).toMatchObject({ fulfilment: 'claimed', attempts: 2 });
    expect(second!.claimToken).not.toBe(first!.claimToken);
    expect(await store.completeFulfilment(order.orderId, first!.claimToken!)).toBe(false);
    expect(await store.completeFulfilment(order.orderId, second!.claimToken!)).toBe(true);
  });

  it('hands a claim whose lease ran out (its process died) to the next claimer, and the old token can no longer complete', async () => {
    const order = newOrder();
    await store.insert(order);
    await store.recordRead(order.orderId, paidRead);
    const first = await store.claimFulfilment(order.orderId, 1000);

    later(999);
    expect(await store.claimFulfilment(order.orderId, 1000)).toBeUndefined();
    later(1);
    const second = await store.claimFulfilment(order.orderId, 1000);
    expect(second).toMatchObject({ attempts: 2, leaseExpiresAt: new Date(clock.getTime() + 1000) });
    expect(await store.completeFulfilment(order.orderId, first!.claimToken!)).toBe(false);
    expect(await store.completeFulfilment(order.orderId, second!.claimToken!)).toBe(true);
  });

  it('of many concurrent claims, exactly one wins', async () => {
    const order = newOrder();
    await store.insert(order);
    await store.recordRead(order.orderId, paidRead);

    const claims = await Promise.all(Array.from({ length: 50 }, () => store.claimFulfilment(order.orderId, 60_000)));

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.get(order.orderId)).toMatchObject({ fulfilment: 'claimed', attempts: 1 });
  });

  it('of concurrent inserts of one id, exactly one inserts', async () => {
    const order = newOrder();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.insert({ ...order, owner: `session_${i}` })));
    expect(results.filter(({ inserted }) => inserted)).toHaveLength(1);
    const winner = results.find(({ inserted }) => inserted)!.record;
    for (const { record } of results) expect(record).toEqual(winner);
  });

  it('keeps its records apart from what callers hold', async () => {
    const order = newOrder();
    const { record } = await store.insert(order);
    (record.payload as { items: unknown[] }).items.length = 0;
    (order.payload as { items: unknown[] }).items.length = 0;
    expect(await store.get(order.orderId)).toMatchObject({ payload: { items: [{ sku: 'tee', quantity: 2 }] } });
  });
});

describe.each(databases)('the Postgres order store on %s', (_name, database) => {
  const rowOf = async (db: SqlDatabase, text: string, values: unknown[] = []) =>
    (await db.query(text, values)).rows[0] as Record<string, unknown>;
  const script = async (db: SqlDatabase, sql: string) => {
    for (const statement of sql.split(/;\s*\n/).filter((text) => text.trim())) await db.query(statement);
  };

  it('creates its table, index and version marker on first use, and ORDER_STORE_SQL makes the same table', async () => {
    const db = database();
    const table = freshTable();
    const store = createPostgresOrderStore({ db, table, now });
    await store.insert(newOrder());

    expect(await rowOf(db, `SELECT obj_description(to_regclass($1), 'pg_class') AS marker`, [table])).toEqual({
      marker: `flowwise-order-store ${ORDER_STORE_SCHEMA_VERSION}`,
    });
    expect(
      await rowOf(db, 'SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2', [table, `${table}_next_check_at_idx`]),
    ).toEqual({
      indexdef: expect.stringMatching(/\(next_check_at\) WHERE \(next_check_at IS NOT NULL\)/),
    });

    const columnsOf = async (name: string) =>
      (
        await db.query(
          'SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
          [name],
        )
      ).rows;
    const published = freshTable();
    await script(db, ORDER_STORE_SQL.replaceAll('flowwise_orders', published));
    expect(await columnsOf(published)).toEqual(await columnsOf(table));
    // A table made from the published SQL is used as it is.
    const spy = vi.fn(db.query.bind(db));
    const ready = createPostgresOrderStore({ db: { query: spy }, table: published, now });
    await ready.insert(newOrder());
    expect(spy.mock.calls.map(([text]) => text).filter((text) => /^\s*(CREATE|ALTER|COMMENT)/.test(text))).toEqual([]);
  });

  it('brings a table from an older version up to date, keeping its orders', async () => {
    const db = database();
    const table = freshTable();
    // An older shape: no version marker, no review, no reconciliation schedule, no Flowwise status.
    await db.query(`CREATE TABLE ${table} (
      order_id text PRIMARY KEY, owner text, order_id_source text NOT NULL, payload jsonb NOT NULL, order_request jsonb NOT NULL,
      checkout_url text NOT NULL, expires_at timestamptz, status text NOT NULL DEFAULT 'active', outcome text NOT NULL DEFAULT 'pending',
      payments jsonb NOT NULL DEFAULT '[]', checked_at timestamptz, fulfilment text NOT NULL DEFAULT 'none', claim_token text,
      lease_expires_at timestamptz, attempts integer NOT NULL DEFAULT 0, fulfilled_at timestamptz,
      created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await db.query(
      `INSERT INTO ${table} (order_id, owner, order_id_source, payload, order_request, checkout_url, created_at, updated_at)
       VALUES ('order_old', 'session_old', 'handler', '{"items":[]}', '{"order_id":"order_old","order_amount":5,"order_currency":"INR","customer_details":{}}', 'https://checkout.example/old', now(), now())`,
    );

    const store = createPostgresOrderStore({ db, table, now });

    expect(await store.get('order_old')).toMatchObject({
      orderId: 'order_old',
      flowwiseStatus: 'ACTIVE',
      reviewReason: null,
      nextCheckAt: null,
      status: 'active',
    });
    expect(await rowOf(db, `SELECT obj_description(to_regclass($1), 'pg_class') AS marker`, [table])).toEqual({
      marker: `flowwise-order-store ${ORDER_STORE_SCHEMA_VERSION}`,
    });
    expect(await store.beginRead('order_old', 1000)).toBe(true);
  });

  it('refuses a table that is not an order table, or one from a newer version, naming what to do', async () => {
    const db = database();
    const foreign = freshTable();
    await db.query(`CREATE TABLE ${foreign} (order_id text PRIMARY KEY, total numeric)`);
    const refused = await createPostgresOrderStore({ db, table: foreign, now })
      .get('order_1')
      .catch((error: unknown) => error);
    expect(isFlowwiseError(refused) && refused).toMatchObject({ kind: 'integration', code: 'store_schema_mismatch' });
    expect((refused as Error).message).toContain(
      `Table ${foreign} is not an order table of @flowwise/react: it has no order_id_source, payload, order_request, checkout_url`,
    );
    expect((refused as Error).message).toContain(`CREATE TABLE IF NOT EXISTS "${foreign}"`);

    const newer = freshTable();
    await createPostgresOrderStore({ db, table: newer, now }).get('order_1');
    await db.query(`COMMENT ON TABLE ${newer} IS 'flowwise-order-store ${ORDER_STORE_SCHEMA_VERSION + 1}'`);
    const error = await createPostgresOrderStore({ db, table: newer, now })
      .get('order_1')
      .catch((error: unknown) => error);
    expect(error).toMatchObject({ code: 'store_schema_mismatch', message: expect.stringContaining('newer version of @flowwise/react') });
  });

  it('turns a database failure into a store_unavailable error, and tries again on the next call', async () => {
    const real = database();
    let down = true;
    const db: SqlDatabase = {
      query: (text, values) => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : real.query(text, values)),
    };
    const store = createPostgresOrderStore({ db, table: freshTable(), now });

    const error = await store.get('order_1').catch((error: unknown) => error);
    expect(error).toMatchObject({ name: 'FlowwiseError', kind: 'integration', code: 'store_unavailable' });
    expect((error as Error).message).toMatch(/^The order store failed while preparing table orders_\d+_\d+: connect ECONNREFUSED/);
    expect((error as Error).cause).toEqual(new Error('connect ECONNREFUSED 127.0.0.1:5432'));

    down = false;
    await store.insert(newOrder({ orderId: 'order_1' }));
    down = true;
    await expect(store.get('order_1')).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('while reading an order'),
    });
    down = false;
    expect(await store.get('order_1')).toMatchObject({ orderId: 'order_1' });
  });

  it('refuses a table name that is not a plain SQL name, before anything is sent', () => {
    const db = { query: vi.fn() };
    for (const table of ['', 'Orders', '1orders', 'orders; DROP TABLE users; --', '"orders"', 'a.b.c', 'shop.', 'x'.repeat(46), 42]) {
      expect(() => createPostgresOrderStore({ db, table: table as string })).toThrow(/table must be a lower-case SQL name/);
    }
    expect(() => createPostgresOrderStore({ db, table: 'shop.orders_2026' })).not.toThrow();
    expect(() => createPostgresOrderStore({ db: undefined as unknown as SqlDatabase })).toThrow(/db is missing/);
    expect(db.query).not.toHaveBeenCalled();
  });
});

describe('createMemoryOrderStore', () => {
  it('warns once, when created in production, that its orders live in this process only', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('NODE_ENV', 'production');
    createMemoryOrderStore();
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(/createMemoryOrderStore\(\) keeps orders in this process only.*createPostgresOrderStore\(\)/),
    );
    vi.stubEnv('NODE_ENV', 'test');
    createMemoryOrderStore();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe.each(implementations)('the %s order store: due orders and call budgets', (_name, makeStore) => {
  let store: OrderStore;
  beforeEach(() => {
    store = makeStore();
  });
  const at = (iso: string) => new Date(`2026-12-02T${iso}.000Z`);

  it('claims the due active orders, longest overdue first, and leases them so that no second claim takes them', async () => {
    const late = newOrder({ nextCheckAt: at('09:58:00') });
    const due = newOrder({ nextCheckAt: at('09:59:00') });
    const now_ = newOrder({ nextCheckAt: at('10:00:00') });
    const future = newOrder({ nextCheckAt: at('10:00:01') });
    const never = newOrder();
    const expired = newOrder({ nextCheckAt: at('09:00:00') });
    for (const order of [future, now_, due, late, never, expired]) await store.insert(order);
    await store.recordRead(expired.orderId, {
      status: 'expired',
      outcome: 'pending',
      flowwiseStatus: 'EXPIRED',
      nextCheckAt: at('09:00:00'),
    });

    const first = await store.claimDue(2, 60_000);
    expect(first.map((record) => record.orderId)).toEqual([late.orderId, due.orderId]);
    expect(first.map((record) => record.nextCheckAt)).toEqual([at('10:01:00'), at('10:01:00')]);
    expect((await store.claimDue(10, 60_000)).map((record) => record.orderId)).toEqual([now_.orderId]);
    expect(await store.claimDue(10, 60_000)).toEqual([]);

    // A claimer that died: its lease runs out and the orders come due again by themselves.
    later(60_000);
    const again = await store.claimDue(10, 60_000);
    expect(again.map((record) => record.orderId).sort()).toEqual([late.orderId, due.orderId, now_.orderId, future.orderId].sort());
    expect(await store.claimDue(0, 60_000)).toEqual([]);
  });

  it('claims a paid order whose fulfilment is not done and not held, once its next check (if any) has come', async () => {
    const fresh = newOrder();
    const failed = newOrder();
    const held = newOrder();
    const done = newOrder();
    for (const order of [fresh, failed, held, done]) {
      await store.insert(order);
      await store.recordRead(order.orderId, paidRead);
    }
    const failedClaim = await store.claimFulfilment(failed.orderId, 30_000);
    await store.releaseFulfilment(failed.orderId, failedClaim!.claimToken!);
    await store.reschedule(failed.orderId, at('10:01:00'));
    await store.claimFulfilment(held.orderId, 30_000);
    const doneClaim = await store.claimFulfilment(done.orderId, 30_000);
    await store.completeFulfilment(done.orderId, doneClaim!.claimToken!);
    expect(await store.reschedule(done.orderId, at('10:01:00'))).toBe(false);

    expect((await store.claimDue(10, 60_000)).map((record) => record.orderId)).toEqual([fresh.orderId]);
    later(30_000);
    // The held claim's lease ran out: its process died, and the order is due again.
    expect((await store.claimDue(10, 60_000)).map((record) => record.orderId)).toEqual([held.orderId]);
    later(30_000);
    // The first claim's lease ran out too: nobody fulfilled it.
    expect((await store.claimDue(10, 60_000)).map((record) => record.orderId).sort()).toEqual([fresh.orderId, failed.orderId].sort());
    expect(await store.claimDue(10, 60_000)).toEqual([]);
  });

  it('never hands one due order to two concurrent claims', async () => {
    const orders = Array.from({ length: 40 }, () => newOrder({ nextCheckAt: at('09:59:00') }));
    for (const order of orders) await store.insert(order);

    const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimDue(7, 60_000)));
    const claimed = claims.flat().map((record) => record.orderId);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(orders.map((order) => order.orderId).sort());
  });

  it('reschedules an active order (null: never again), and never an expired one', async () => {
    const order = newOrder({ nextCheckAt: at('10:00:00') });
    const expired = newOrder({ nextCheckAt: at('10:00:00') });
    await store.insert(order);
    await store.insert(expired);
    await store.recordRead(expired.orderId, { status: 'expired', outcome: 'pending', flowwiseStatus: 'EXPIRED' });

    expect(await store.reschedule(order.orderId, at('10:05:00'))).toBe(true);
    expect(await store.get(order.orderId)).toMatchObject({ nextCheckAt: at('10:05:00') });
    expect(await store.reschedule(expired.orderId, at('10:05:00'))).toBe(false);
    expect(await store.get(expired.orderId)).toMatchObject({ nextCheckAt: null });
    expect(await store.reschedule('order_nobody', at('10:05:00'))).toBe(false);
    expect(await store.claimDue(10, 1000)).toEqual([]);
    later(5 * 60_000);
    expect(await store.claimDue(10, 1000)).toMatchObject([{ orderId: order.orderId }]);
    expect(await store.reschedule(order.orderId, null)).toBe(true);
    later(5 * 60_000);
    expect(await store.claimDue(10, 1000)).toEqual([]);
  });

  it('grants calls within a window’s limit, across concurrent callers, and starts again in the next window', async () => {
    later(15_000);
    const grants = await Promise.all(Array.from({ length: 12 }, () => store.takeCalls('get_order', 1, 10, 60_000)));
    expect(grants.filter((grant) => grant.granted)).toHaveLength(10);
    expect(grants.filter((grant) => !grant.granted)).toEqual(Array(2).fill({ granted: false, retryAt: at('10:01:00') }));
    // Another kind has a budget of its own; more than the limit at once is never granted.
    expect(await store.takeCalls('get_payments', 3, 3, 60_000)).toEqual({ granted: true });
    expect(await store.takeCalls('get_payments', 4, 3, 60_000)).toEqual({ granted: false, retryAt: at('10:01:00') });

    later(44_999);
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toMatchObject({ granted: false });
    later(1);
    expect(await store.takeCalls('get_order', 9, 10, 60_000)).toEqual({ granted: true });
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toEqual({ granted: true });
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toMatchObject({ granted: false });
  });

  it('refuses every call of a paused kind until the pause ends, and keeps the later of two pauses', async () => {
    await store.pauseCalls('get_order', at('10:00:30'));
    await store.pauseCalls('get_order', at('10:00:10'));
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toEqual({ granted: false, retryAt: at('10:00:30') });
    expect(await store.takeCalls('get_payments', 1, 10, 60_000)).toEqual({ granted: true });
    later(29_999);
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toMatchObject({ granted: false });
    later(1);
    expect(await store.takeCalls('get_order', 1, 10, 60_000)).toEqual({ granted: true });
  });
});
