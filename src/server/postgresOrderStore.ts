import type { CreateOrderRequest, OrderPayments } from '../schemas';
import type { OrderRecord, OrderStore, OrderStoreClock } from './orderStore';
import { DEFAULT_ORDER_TABLE, orderTable, prepareOrderTable, type SqlDatabase } from './postgresOrderSchema';
import { reconcileQueries } from './postgresReconcileQueries';
import { storeFailure } from './storeFailure';

/** Options for {@link createPostgresOrderStore}. */
export interface PostgresOrderStoreOptions {
  /**
   * The database: anything with node-postgres's `query(text, values)` → `Promise<{ rows }>`, such as a
   * `pg` Pool, PGlite or Neon's serverless Pool. This package depends on none of them. Required.
   */
  db: SqlDatabase;
  /** The table, optionally after a schema name (`shop.orders`): lower-case letters, digits and `_`. Defaults to `'flowwise_orders'`. */
  table?: string;
  /** The clock every time in the store comes from (leases, the read interval). Defaults to `() => new Date()`. */
  now?: OrderStoreClock;
}

/** A column read back: drivers differ in what they make of `jsonb` and `timestamptz`, so rows come as one `to_jsonb` each. */
type Row = Record<string, unknown>;

const dateOf = (value: unknown) => (value == null ? null : new Date(value as string));

function recordOf(value: unknown): OrderRecord {
  const row = (typeof value === 'string' ? JSON.parse(value) : value) as Row;
  return {
    orderId: row.order_id as string,
    owner: (row.owner as string | null) ?? null,
    orderIdSource: row.order_id_source as OrderRecord['orderIdSource'],
    payload: row.payload,
    order: row.order_request as CreateOrderRequest,
    checkoutUrl: row.checkout_url as string,
    expiresAt: dateOf(row.expires_at),
    status: row.status as OrderRecord['status'],
    outcome: row.outcome as OrderRecord['outcome'],
    flowwiseStatus: row.flowwise_status as string,
    payments: row.payments as OrderPayments,
    reviewReason: (row.review_reason as OrderRecord['reviewReason']) ?? null,
    checkedAt: dateOf(row.checked_at),
    nextCheckAt: dateOf(row.next_check_at),
    fulfilment: row.fulfilment as OrderRecord['fulfilment'],
    claimToken: (row.claim_token as string | null) ?? null,
    leaseExpiresAt: dateOf(row.lease_expires_at),
    attempts: Number(row.attempts),
    fulfilledAt: dateOf(row.fulfilled_at),
    createdAt: dateOf(row.created_at)!,
    updatedAt: dateOf(row.updated_at)!,
  };
}

const iso = (date: Date | null | undefined) => (date == null ? null : date.toISOString());

/**
 * An {@link OrderStore} in a PostgreSQL table, safe for any number of server instances: every change
 * is one statement whose `WHERE` says when it applies (an `INSERT … ON CONFLICT DO NOTHING`, a
 * conditional `UPDATE … RETURNING`), so two instances can never both claim one fulfilment. On first
 * use it creates its table (`CREATE TABLE IF NOT EXISTS`, the SQL in `ORDER_STORE_SQL`), brings one
 * made by an older version up to date, or refuses one it cannot use with an error naming the SQL to
 * run. Every failure is a `FlowwiseError` of kind `integration` (code `store_unavailable` or
 * `store_schema_mismatch`), which the handlers answer with 503; the next call tries again.
 *
 * @example
 * import { Pool } from 'pg';
 * const store = createPostgresOrderStore({ db: new Pool({ connectionString: process.env.DATABASE_URL }) });
 *
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * const store = createPostgresOrderStore({ db: new PGlite('./data/orders') });
 */
export function createPostgresOrderStore(options: PostgresOrderStoreOptions): OrderStore {
  const { db, table: tableName = DEFAULT_ORDER_TABLE, now = () => new Date() } = options ?? ({} as PostgresOrderStoreOptions);
  if (typeof db?.query !== 'function') {
    throw new TypeError(
      'createPostgresOrderStore(): db is missing. Pass anything with query(text, values), such as a pg Pool, PGlite or Neon’s Pool.',
    );
  }
  const table = orderTable(tableName);
  const T = `${table.sql} AS t`;
  let prepared: Promise<void> | undefined;

  /** Runs one statement once the table is ready; a failure of either is a store failure, and the next call tries again. */
  async function run(what: string, text: string, values: unknown[]): Promise<unknown[]> {
    try {
      prepared ??= prepareOrderTable(db, table);
      await prepared;
    } catch (error) {
      prepared = undefined;
      throw storeFailure(error, `preparing table ${table.name}`);
    }
    try {
      return (await db.query(text, values)).rows;
    } catch (error) {
      throw storeFailure(error, what);
    }
  }
  const records = (rows: unknown[]) => rows.map((row) => recordOf((row as { row: unknown }).row));

  async function get(orderId: string) {
    return records(await run('reading an order', `SELECT to_jsonb(t) AS row FROM ${T} WHERE order_id = $1`, [orderId]))[0];
  }

  /** One fulfilment change by the claim's holder: `true` when `claimToken` still held the claim. */
  async function settle(what: string, orderId: string, claimToken: string, fulfilment: 'done' | 'none') {
    const at = iso(now());
    const rows = await run(
      what,
      `UPDATE ${T} SET fulfilment = $3, claim_token = NULL, lease_expires_at = NULL,
         fulfilled_at = CASE WHEN $3 = 'done' THEN $4::timestamptz ELSE fulfilled_at END, updated_at = $4::timestamptz
       WHERE order_id = $1 AND fulfilment = 'claimed' AND claim_token = $2 RETURNING order_id`,
      [orderId, claimToken, fulfilment, at],
    );
    return rows.length === 1;
  }

  return {
    async insert(order) {
      const at = iso(now());
      const rows = await run(
        'recording an order',
        `INSERT INTO ${T} (order_id, owner, order_id_source, payload, order_request, checkout_url, expires_at, next_check_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::timestamptz, $8::timestamptz, $9::timestamptz, $9::timestamptz)
         ON CONFLICT (order_id) DO NOTHING RETURNING to_jsonb(t) AS row`,
        [
          order.orderId,
          order.owner,
          order.orderIdSource,
          JSON.stringify(order.payload ?? null),
          JSON.stringify(order.order),
          order.checkoutUrl,
          iso(order.expiresAt),
          iso(order.nextCheckAt),
          at,
        ],
      );
      if (rows.length === 1) return { inserted: true, record: records(rows)[0]! };
      // Nothing deletes a record, so the one that was in the way is still there.
      const existing = await get(order.orderId);
      if (!existing) throw storeFailure(new Error(`order ${order.orderId} conflicted but cannot be read`), 'recording an order');
      return { inserted: false, record: existing };
    },

    get,

    async beginRead(orderId, minIntervalMs) {
      const at = now();
      const rows = await run(
        'starting a read',
        `UPDATE ${T} SET checked_at = $2::timestamptz, updated_at = $2::timestamptz
         WHERE order_id = $1 AND status = 'active' AND (checked_at IS NULL OR checked_at <= $3::timestamptz) RETURNING order_id`,
        [orderId, iso(at), iso(new Date(at.getTime() - minIntervalMs))],
      );
      return rows.length === 1;
    },

    async recordRead(orderId, read) {
      const final = read.status !== 'active';
      const setNext = read.nextCheckAt !== undefined || final;
      const rows = await run(
        'recording a read',
        `UPDATE ${T} SET status = $2, outcome = $3, flowwise_status = $4, payments = COALESCE($5::jsonb, payments),
           checkout_url = COALESCE($6::text, checkout_url),
           expires_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE expires_at END,
           review_reason = $9::text,
           next_check_at = CASE WHEN $10::boolean THEN $11::timestamptz ELSE next_check_at END,
           updated_at = $12::timestamptz
         WHERE order_id = $1 AND status = 'active' RETURNING to_jsonb(t) AS row`,
        [
          orderId,
          read.status,
          read.outcome,
          read.flowwiseStatus,
          read.payments === undefined ? null : JSON.stringify(read.payments),
          read.checkoutUrl ?? null,
          read.expiresAt !== undefined,
          iso(read.expiresAt),
          read.status === 'review' ? (read.reviewReason ?? null) : null,
          setNext,
          iso(read.nextCheckAt),
          iso(now()),
        ],
      );
      return records(rows)[0];
    },

    async claimFulfilment(orderId, leaseMs) {
      const at = now();
      const rows = await run(
        'claiming fulfilment',
        `UPDATE ${T} SET fulfilment = 'claimed', claim_token = $2, lease_expires_at = $4::timestamptz, attempts = attempts + 1,
           updated_at = $3::timestamptz
         WHERE order_id = $1 AND status = 'paid'
           AND (fulfilment = 'none' OR (fulfilment = 'claimed' AND lease_expires_at <= $3::timestamptz))
         RETURNING to_jsonb(t) AS row`,
        [orderId, crypto.randomUUID(), iso(at), iso(new Date(at.getTime() + leaseMs))],
      );
      return records(rows)[0];
    },

    completeFulfilment: (orderId, claimToken) => settle('completing fulfilment', orderId, claimToken, 'done'),
    releaseFulfilment: (orderId, claimToken) => settle('releasing fulfilment', orderId, claimToken, 'none'),
    ...reconcileQueries(run, table, now, records),
  };
}
