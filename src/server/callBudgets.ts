import type { CallGrant, OrderStore, OrderStoreClock } from './orderStore';

/** A kind of call to Flowwise with a rate limit of its own: Get Order, and Get Payments for an order. */
export type FlowwiseCallKind = 'get_order' | 'get_payments';

/** Who is asking: a shopper's status request (first call on the budget) or the background reconciler (what is left). */
export type CallPriority = 'shopper' | 'reconciler';

/**
 * Calls per minute, for every instance together, unless told otherwise: Flowwise publishes no limits,
 * so these are those of its closest analogue (Get Order 400, Get Payments 100 per minute per account)
 * with a fifth kept as headroom for anything else calling with the same account.
 */
export const DEFAULT_CALL_BUDGETS: Readonly<Record<FlowwiseCallKind, number>> = { get_order: 320, get_payments: 80 };

/** The share of each budget the reconciler may take, unless told otherwise; shoppers' requests may take all of it. */
export const DEFAULT_RECONCILER_SHARE = 0.75;

const WINDOW_MS = 60_000;

/** Options for {@link createCallBudgets}. */
export interface CallBudgetsOptions {
  /** Where the calls taken are counted, shared by every instance. Required. */
  store: OrderStore;
  /** Calls per minute per kind, for all instances together. Defaults to {@link DEFAULT_CALL_BUDGETS}. */
  perMinute?: Partial<Record<FlowwiseCallKind, number>>;
  /** The share of each budget the reconciler may use, from 0 to 1. Defaults to `0.75`. */
  reconcilerShare?: number;
  /** The clock a 429's pause is measured from; give the store's. Defaults to `() => new Date()`. */
  now?: OrderStoreClock;
}

/** The budgets of calls to Flowwise, kept in the store: see {@link createCallBudgets}. */
export interface CallBudgets {
  /** Takes one call of `kind`: granted while the window's calls stay within the limit for `priority` and the kind is not paused. */
  take(kind: FlowwiseCallKind, priority: CallPriority): Promise<CallGrant>;
  /** Pauses every call of `kind`, on every instance, for `waitMs` (Flowwise answered 429). */
  pause(kind: FlowwiseCallKind, waitMs: number): Promise<void>;
}

/**
 * One budget per kind of call to Flowwise, counted in the store so that any number of instances
 * together stay under it, per minute. Shoppers' status requests may use the whole budget; the
 * reconciler only its share of it, so a shopper waiting on a return page is never the one refused.
 * A 429 pauses the kind for everyone for the wait Flowwise named.
 *
 * @example
 * const budgets = createCallBudgets({ store, perMinute: { get_order: 300 } });
 */
export function createCallBudgets(options: CallBudgetsOptions): CallBudgets {
  const { store, perMinute = {}, reconcilerShare = DEFAULT_RECONCILER_SHARE, now = () => new Date() } = options;
  const limits = { ...DEFAULT_CALL_BUDGETS, ...perMinute };
  for (const [kind, limit] of Object.entries(limits)) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`createCallBudgets(): perMinute.${kind} must be a whole number of calls, at least 1 (got ${String(limit)}).`);
    }
  }
  if (!(reconcilerShare > 0 && reconcilerShare <= 1)) {
    throw new TypeError(`createCallBudgets(): reconcilerShare must be more than 0 and at most 1 (got ${String(reconcilerShare)}).`);
  }
  return {
    take: (kind, priority) =>
      store.takeCalls(kind, 1, priority === 'shopper' ? limits[kind] : Math.max(1, Math.floor(limits[kind] * reconcilerShare)), WINDOW_MS),
    pause: (kind, waitMs) => store.pauseCalls(kind, new Date(now().getTime() + waitMs)),
  };
}
