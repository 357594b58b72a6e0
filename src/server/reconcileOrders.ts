import { createCallBudgets, type CallBudgets } from './callBudgets';
import { checkOrder, type OrderReview } from './checkOrder';
import { DEFAULT_CHECK_GRACE_MS, nextCheckAt } from './checkSchedule';
import type { FlowwiseClient } from './createFlowwiseClient';
import { DEFAULT_FULFILMENT_LEASE_MS, fulfilOrder, type OnPaid } from './fulfilOrder';
import type { OrderRecord, OrderStore, OrderStoreClock } from './orderStore';
import { rateLimitWaitMs } from './rateLimit';
import { isStoreFailure } from './storeFailure';

/** Options for {@link reconcileOrders}. */
export interface ReconcileOrdersOptions {
  /** The Flowwise client, from `createFlowwiseClient()`. Required. */
  client: Pick<FlowwiseClient, 'getOrder' | 'getOrderPayments'>;
  /** The order store the handlers record into. Required. */
  store: OrderStore;
  /** Fulfils a paid order, exactly as for the status handler (the same function: it runs once per order). Required. */
  onPaid: OnPaid;
  /** The budgets of calls to Flowwise, shared with the status handler. Defaults to `createCallBudgets({ store, now })`. */
  budgets?: CallBudgets;
  /** How many due orders are claimed at a time. Defaults to `25`. */
  batchSize?: number;
  /** How many orders are checked at once. Defaults to `4`. */
  concurrency?: number;
  /** No new order is started after this long (ms); the run ends with the orders in hand. Defaults to `10000`. */
  timeBudgetMs?: number;
  /** How long a claimed order is held before another run may take it (its claimer died). Defaults to `60000`. */
  leaseMs?: number;
  /** How long `onPaid` may run before another run may run it again (its process is taken for dead). Defaults to `120000`. */
  fulfilmentLeaseMs?: number;
  /** How long after an order's expiry it is still checked. Defaults to 10 minutes. */
  graceMs?: number;
  /** Stops the run: no new order is started, the one in hand is finished. Defaults to none. */
  signal?: AbortSignal;
  /** Called when a check moved an order to `review`. Defaults to one `console.warn` line. */
  onReview?: (review: OrderReview) => void | Promise<void>;
  /** Called when checking or fulfilling one order failed; the order is tried again later. Defaults to one `console.error` line. */
  onOrderError?: (error: unknown, orderId: string) => void;
  /** The clock the schedule is kept by: give the store's. Defaults to `() => new Date()`. */
  now?: OrderStoreClock;
  /** The source of the schedule's jitter. Defaults to `Math.random`. */
  random?: () => number;
}

/** What one {@link reconcileOrders} run did, order by order. */
export interface ReconcileResult {
  /** Orders taken from the store (due for a check, or paid and not yet fulfilled). */
  claimed: number;
  /** Orders whose state was asked of Flowwise (or found read a moment ago by a status request). */
  checked: number;
  /** Checked and paid in full. */
  paid: number;
  /** Fulfilled by this run (`onPaid` ran and returned). */
  fulfilled: number;
  /** Checked and expired: no more checks. */
  expired: number;
  /** Moved to `review`: paid without matching payments, or unknown to Flowwise (404). Never checked again. */
  review: number;
  /** Checked and still waiting for payment: scheduled for a later check. */
  pending: number;
  /** Put back unchecked because a budget was spent or Flowwise answered 429: due again when it allows. */
  deferred: number;
  /** Failures of Flowwise or of `onPaid` for one order: tried again later. */
  failed: number;
}

/**
 * Checks the orders that are due, within Flowwise's limits, and fulfils each one paid in full exactly
 * once: the one path to fulfilment that does not depend on the shopper's browser. It claims due
 * orders from the store in batches (leased, so that two instances never check one order at once and
 * a run that dies loses nothing), reads each through `checkOrder` (what the status handler uses),
 * runs `onPaid` through `fulfilOrder` (once per order across every instance) and schedules the next
 * check: every 20–40 s at first, then less often, until the order's expiry plus `graceMs`. When a
 * budget is spent or Flowwise answers 429, the rest of the batch is put back for when it allows.
 * A store failure ends the run by throwing it: what was claimed and not finished comes due again
 * when its lease runs out.
 *
 * @example
 * const result = await reconcileOrders({ client: flowwise, store, onPaid: fulfil });
 * console.log(`${result.checked} checked, ${result.fulfilled} fulfilled`);
 */
export async function reconcileOrders(options: ReconcileOrdersOptions): Promise<ReconcileResult> {
  const {
    client,
    store,
    onPaid,
    now = () => new Date(),
    budgets = createCallBudgets({ store, now }),
    batchSize = 25,
    concurrency = 4,
    timeBudgetMs = 10_000,
    leaseMs = 60_000,
    fulfilmentLeaseMs = DEFAULT_FULFILMENT_LEASE_MS,
    graceMs = DEFAULT_CHECK_GRACE_MS,
    signal,
    onReview = ({ message }) => console.warn(`[@flowwise/react/server] ${message}`),
    onOrderError = (error, orderId) => console.error(`[@flowwise/react/server] reconcileOrders(): order ${orderId}: ${messageOf(error)}`),
    random = Math.random,
  } = options;
  const result: ReconcileResult = {
    claimed: 0,
    checked: 0,
    paid: 0,
    fulfilled: 0,
    expired: 0,
    review: 0,
    pending: 0,
    deferred: 0,
    failed: 0,
  };
  const started = Date.now();
  // Set when a budget is spent or Flowwise said 429: the rest of the run is put back until then.
  let holdUntil: Date | undefined;
  const later = (ms: number) => new Date(now().getTime() + ms);
  // A store failure: the other workers stop too, and the run throws it once they have.
  let failure: { error: unknown } | undefined;
  const stopping = () => failure !== undefined || signal?.aborted === true || Date.now() - started >= timeBudgetMs;

  async function defer(record: OrderRecord, until: Date) {
    holdUntil = holdUntil && holdUntil > until ? holdUntil : until;
    result.deferred += 1;
    // Spread over a few seconds, so that every instance does not come back at the same instant.
    await store.reschedule(record.orderId, new Date(holdUntil.getTime() + Math.round(random() * 5000)));
  }

  async function fulfil(record: OrderRecord) {
    const fulfilment = await fulfilOrder(record, store, onPaid, fulfilmentLeaseMs);
    if (fulfilment.status === 'fulfilled') result.fulfilled += 1;
    // Held: whoever holds it finishes it, or its lease runs out and the order is due again by itself.
    if (fulfilment.status === 'held') await store.reschedule(record.orderId, null);
    if (fulfilment.status === 'failed') {
      result.failed += 1;
      onOrderError(fulfilment.error, record.orderId);
      const attempt = Math.min(record.attempts + 1, 6);
      await store.reschedule(record.orderId, later(30_000 * 2 ** attempt));
    }
  }

  async function reconcile(record: OrderRecord) {
    if (holdUntil) return defer(record, holdUntil);
    if (record.status === 'paid') return fulfil(record);
    let checked: OrderRecord;
    try {
      const check = await checkOrder(record, { client, store, budgets, priority: 'reconciler', onReview });
      if (check.retryAt) return defer(record, check.retryAt);
      checked = check.record;
    } catch (error) {
      if (isStoreFailure(error)) throw error;
      const waitMs = rateLimitWaitMs(error);
      if (waitMs !== undefined) return defer(record, later(waitMs));
      result.failed += 1;
      onOrderError(error, record.orderId);
      await store.reschedule(record.orderId, nextCheckAt(record, now(), { graceMs, random }));
      return;
    }
    result.checked += 1;
    if (checked.status === 'paid') {
      result.paid += 1;
      await fulfil(checked);
    } else if (checked.status === 'expired') result.expired += 1;
    else if (checked.status === 'review') result.review += 1;
    else {
      result.pending += 1;
      await store.reschedule(record.orderId, nextCheckAt(checked, now(), { graceMs, random }));
    }
  }

  while (!stopping() && !holdUntil) {
    const batch = await store.claimDue(batchSize, leaseMs);
    result.claimed += batch.length;
    let next = 0;
    const worker = async () => {
      while (next < batch.length && failure === undefined) {
        const record = batch[next++]!;
        try {
          // Stopped: what is not started is due again at once, for the next run.
          if (stopping()) await store.reschedule(record.orderId, record.status === 'paid' ? null : now());
          else await reconcile(record);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    // Whatever was claimed and not finished comes due again when its lease runs out.
    if (failure) throw failure.error;
    if (batch.length < batchSize) break;
  }
  return result;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
