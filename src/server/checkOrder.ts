import { isFlowwiseError } from '../core/FlowwiseError';
import type { CallBudgets, CallPriority, FlowwiseCallKind } from './callBudgets';
import { nextCheckAt } from './checkSchedule';
import type { FlowwiseClient, FlowwiseClientCallOptions } from './createFlowwiseClient';
import { orderOutcome } from './orderOutcome';
import type { OrderRead, OrderRecord, OrderReviewReason, OrderStore } from './orderStore';
import { paidInFull } from './paidInFull';
import { rateLimitWaitMs } from './rateLimit';

/** How often an order may be read from Flowwise, across every instance sharing a store, unless told otherwise. */
export const DEFAULT_READ_INTERVAL_MS = 5000;

/** An order that moved to `review`: what Flowwise said cannot be squared with the record, and a person should look. */
export interface OrderReview {
  /** The record, now `review`, with the payments Flowwise listed. */
  record: OrderRecord;
  reason: OrderReviewReason;
  /** One line for a log, naming the order and what did not match. */
  message: string;
}

/** What {@link checkOrder} found: the record as it now stands, and whether it was read from Flowwise just now. */
export interface CheckedOrder {
  record: OrderRecord;
  /** `false` when the record is as the store held it: final, read less than `minIntervalMs` ago, or refused by a budget. */
  fresh: boolean;
  /** Set when a budget refused the read (see `budgets`): when to ask again. */
  retryAt?: Date;
}

/** Options for {@link checkOrder}. */
export interface CheckOrderOptions {
  client: Pick<FlowwiseClient, 'getOrder' | 'getOrderPayments'>;
  store: OrderStore;
  /** The least time between two reads of one order from Flowwise. Defaults to `5000`. */
  minIntervalMs?: number;
  /** Called when this check moved the order to `review`. Awaited; what it throws is thrown. Defaults to none. */
  onReview?: (review: OrderReview) => void | Promise<void>;
  /** Passed to the Flowwise client. */
  call?: FlowwiseClientCallOptions;
  /**
   * The budgets of calls to Flowwise shared by every instance: each call is taken from its kind's
   * budget first (refused: the record is answered as stored, with `retryAt`), and a 429 pauses that
   * kind for everyone. Defaults to none (no budget).
   */
  budgets?: CallBudgets;
  /**
   * Who is asking: `shopper` (a status request: first call on the budgets; its read restarts the
   * background schedule) or `reconciler` (a background check: what is left of the budgets, and no Get
   * Payments for an ACTIVE order, since telling `failed` from `pending` is for a shopper's page).
   * Defaults to `'shopper'`.
   */
  priority?: CallPriority;
}

/** A budget refused a call: nothing more is read, and the record stands as stored. Never leaves checkOrder. */
class Deferred extends Error {
  constructor(readonly retryAt: Date) {
    super('A call budget refused the read.');
  }
}

const reviewMessages: Record<OrderReviewReason, (record: OrderRecord) => string> = {
  payment_mismatch: ({ orderId, order }) =>
    `Flowwise says order ${orderId} is PAID, but its successful payments do not cover the ${order.order_amount} ${order.order_currency} ` +
    'recorded for it: it was not fulfilled and needs a review.',
  not_found: ({ orderId }) => `Flowwise has no order ${orderId}, which the store recorded as created: it needs a review.`,
};

/**
 * Reads an `active` order from Flowwise and records what it found, at most once per `minIntervalMs`
 * for each order across every instance sharing the store (otherwise the record is answered as the
 * store holds it). One Get Order, and Get Payments only when the answer needs them: for PAID, to
 * check that the successful payments cover the recorded amount and currency (else `review`, never
 * `paid`); for ACTIVE, to tell `failed` from `pending`; never for EXPIRED or a status this package
 * does not know (`pending`). A recorded order Flowwise answers 404 for goes to `review`. Any other
 * failure of Flowwise or the store is thrown. With `budgets`, each call is taken from its budget
 * first. Returns the record as it now stands (a record that is not `active` as it is, with no call),
 * and whether it was read just now.
 */
export async function checkOrder(record: OrderRecord, options: CheckOrderOptions): Promise<CheckedOrder> {
  const { client, store, minIntervalMs = DEFAULT_READ_INTERVAL_MS, onReview, call, budgets, priority = 'shopper' } = options;
  const { orderId } = record;
  if (record.status !== 'active') return { record, fresh: false };
  if (!(await store.beginRead(orderId, minIntervalMs))) return { record: (await store.get(orderId)) ?? record, fresh: false };

  /** One call of `kind`, taken from its budget first; a 429 pauses the kind on every instance. */
  async function budgeted<T>(kind: FlowwiseCallKind, send: () => Promise<T>): Promise<T> {
    if (!budgets) return send();
    const grant = await budgets.take(kind, priority);
    if (!grant.granted) throw new Deferred(grant.retryAt);
    try {
      return await send();
    } catch (error) {
      const waitMs = rateLimitWaitMs(error);
      if (waitMs !== undefined) await budgets.pause(kind, waitMs);
      throw error;
    }
  }

  let read: OrderRead;
  try {
    read = await readFlowwise(record, client, call, budgeted, priority);
  } catch (error) {
    if (error instanceof Deferred) return { record: (await store.get(orderId)) ?? record, fresh: false, retryAt: error.retryAt };
    if (!(isFlowwiseError(error) && error.kind === 'http' && error.status === 404)) throw error;
    read = { status: 'review', outcome: 'pending', flowwiseStatus: record.flowwiseStatus, reviewReason: 'not_found' };
  }
  const updated = await store.recordRead(orderId, read);
  // `undefined`: another read made it final first, and that is what stands.
  if (!updated) return { record: (await store.get(orderId)) ?? record, fresh: false };
  // A shopper's read counts as the background job's next check: the job waits its interval from now.
  if (updated.status === 'active' && priority === 'shopper' && updated.nextCheckAt !== null && updated.checkedAt !== null) {
    await store.reschedule(orderId, nextCheckAt(updated, updated.checkedAt));
  }
  if (updated.status === 'review') {
    const reason = updated.reviewReason!;
    await onReview?.({ record: updated, reason, message: reviewMessages[reason](updated) });
  }
  return { record: updated, fresh: true };
}

/** What Flowwise says about the order now, as a read for the store. */
async function readFlowwise(
  record: OrderRecord,
  client: CheckOrderOptions['client'],
  call: FlowwiseClientCallOptions | undefined,
  budgeted: <T>(kind: FlowwiseCallKind, send: () => Promise<T>) => Promise<T>,
  priority: CallPriority,
): Promise<OrderRead> {
  const order = await budgeted('get_order', () => client.getOrder(record.orderId, call));
  const flowwiseStatus = order.order_status;
  const expiry = Date.parse(order.order_expiry_time ?? '');
  const seen = {
    flowwiseStatus,
    ...(order.checkout_url !== undefined && { checkoutUrl: order.checkout_url }),
    ...(Number.isFinite(expiry) && { expiresAt: new Date(expiry) }),
  };
  if (flowwiseStatus === 'EXPIRED') return { ...seen, status: 'expired', outcome: 'pending' };
  if (flowwiseStatus !== 'PAID' && flowwiseStatus !== 'ACTIVE') return { ...seen, status: 'active', outcome: 'pending' };
  if (flowwiseStatus === 'ACTIVE' && priority === 'reconciler') return { ...seen, status: 'active', outcome: record.outcome };

  const payments = await budgeted('get_payments', () => client.getOrderPayments(record.orderId, call));
  if (flowwiseStatus === 'PAID') {
    return paidInFull(record.order, payments)
      ? { ...seen, payments, status: 'paid', outcome: 'pending' }
      : { ...seen, payments, status: 'review', outcome: 'pending', reviewReason: 'payment_mismatch' };
  }
  return { ...seen, payments, status: 'active', outcome: orderOutcome(order, payments) === 'failed' ? 'failed' : 'pending' };
}
