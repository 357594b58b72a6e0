import type { OrderRecord, OrderStore, OrderStoreClock } from './orderStore';
import type { OrderTable } from './postgresOrderSchema';

/** Runs one statement once the table is ready (a failure is a store failure), as `createPostgresOrderStore` does. */
export type RunStatement = (what: string, text: string, values: unknown[]) => Promise<unknown[]>;

const iso = (date: Date) => date.toISOString();

/**
 * The Postgres store's statements for background checks and call budgets: claiming due orders with
 * `FOR UPDATE SKIP LOCKED` (the pattern of pg-boss and graphile-worker), rescheduling one, and the
 * per-kind budget of calls to Flowwise, each one atomic statement.
 */
export function reconcileQueries(
  run: RunStatement,
  table: OrderTable,
  now: OrderStoreClock,
  records: (rows: unknown[]) => OrderRecord[],
): Pick<OrderStore, 'claimDue' | 'reschedule' | 'takeCalls' | 'pauseCalls'> {
  const T = `${table.sql} AS t`;
  const B = `${table.budgets} AS b`;
  return {
    async claimDue(limit, leaseMs) {
      if (limit < 1) return [];
      const at = now();
      const rows = (await run(
        'claiming due orders',
        `WITH due AS (
           SELECT order_id, next_check_at FROM ${table.sql}
           WHERE (status = 'active' AND next_check_at <= $1::timestamptz)
              OR (status = 'paid' AND fulfilment <> 'done' AND (fulfilment = 'none' OR lease_expires_at <= $1::timestamptz)
                  AND (next_check_at IS NULL OR next_check_at <= $1::timestamptz))
           ORDER BY next_check_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE ${T} SET next_check_at = $2::timestamptz, updated_at = $1::timestamptz FROM due
         WHERE t.order_id = due.order_id
         RETURNING to_jsonb(t) AS row, COALESCE(extract(epoch FROM due.next_check_at)::float8, '-Infinity') AS due`,
        [iso(at), iso(new Date(at.getTime() + leaseMs)), Math.floor(limit)],
      )) as Array<{ row: unknown; due: unknown }>;
      // RETURNING keeps no order: sort by when each was due.
      rows.sort((a, b) => Number(a.due) - Number(b.due));
      return records(rows);
    },

    async reschedule(orderId, nextCheckAt) {
      const rows = await run(
        'rescheduling an order',
        `UPDATE ${T} SET next_check_at = $2::timestamptz, updated_at = $3::timestamptz
         WHERE order_id = $1 AND (status = 'active' OR (status = 'paid' AND fulfilment <> 'done')) RETURNING order_id`,
        [orderId, nextCheckAt === null ? null : iso(nextCheckAt), iso(now())],
      );
      return rows.length === 1;
    },

    async takeCalls(kind, count, limit, windowMs) {
      const at = now().getTime();
      const windowStart = at - (at % windowMs);
      const windowEnd = new Date(windowStart + windowMs);
      if (count > limit) return { granted: false, retryAt: windowEnd };
      // The row is made on first use; after that one conditional update: a new window starts from
      // zero, and nothing is taken while paused or when it would go over the limit.
      const rows = await run(
        'taking calls from a budget',
        `INSERT INTO ${B} (kind, window_start, used) VALUES ($1, $2::timestamptz, $3)
         ON CONFLICT (kind) DO UPDATE SET
           used = CASE WHEN b.window_start = $2::timestamptz THEN b.used + $3 ELSE $3 END, window_start = $2::timestamptz
         WHERE (b.paused_until IS NULL OR b.paused_until <= $5::timestamptz)
           AND CASE WHEN b.window_start = $2::timestamptz THEN b.used + $3 ELSE $3 END <= $4
         RETURNING used`,
        [kind, iso(new Date(windowStart)), count, limit, iso(new Date(at))],
      );
      if (rows.length === 1) return { granted: true };
      const [budget] = (await run('reading a budget', `SELECT paused_until FROM ${B} WHERE kind = $1`, [kind])) as Array<{
        paused_until: unknown;
      }>;
      const paused = budget?.paused_until == null ? 0 : new Date(budget.paused_until as string).getTime();
      return { granted: false, retryAt: paused > at ? new Date(paused) : windowEnd };
    },

    async pauseCalls(kind, until) {
      await run(
        'pausing a budget',
        `INSERT INTO ${B} (kind, window_start, used, paused_until) VALUES ($1, $2::timestamptz, 0, $2::timestamptz)
         ON CONFLICT (kind) DO UPDATE SET paused_until = GREATEST(COALESCE(b.paused_until, $2::timestamptz), $2::timestamptz)`,
        [kind, iso(until)],
      );
    },
  };
}
