import type { OrderRecord, OrderStore, OrderStoreClock } from './orderStore';

/** Options for {@link createMemoryOrderStore}. */
export interface MemoryOrderStoreOptions {
  /** The clock every time in the store comes from. Defaults to `() => new Date()`. */
  now?: OrderStoreClock;
}

/** A paid order whose fulfilment is not done: the background job still has work on it. */
const unfulfilled = (record: OrderRecord) => record.status === 'paid' && record.fulfilment !== 'done';

/** What the store keeps of a value given as JSON: what Postgres would give back, never the caller's own object. */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

/**
 * An {@link OrderStore} in this process's memory: for tests, the sandbox and a demo. Its orders are
 * gone when the process ends, and two processes do not share them, so a shop in production needs
 * `createPostgresOrderStore` (or a store of its own): created with `NODE_ENV=production`, it says so once
 * with `console.warn`. Every method is atomic within the process, as the contract asks.
 *
 * @example
 * const store = createMemoryOrderStore();
 * export const GET = createOrderStatusHandler({ client: flowwise, store, onPaid });
 */
export function createMemoryOrderStore(options: MemoryOrderStoreOptions = {}): OrderStore {
  const { now = () => new Date() } = options;
  if ((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === 'production') {
    console.warn(
      '[@flowwise/react/server] createMemoryOrderStore() keeps orders in this process only: they are lost on restart and not ' +
        'shared between instances. Use createPostgresOrderStore() in production.',
    );
  }
  const records = new Map<string, OrderRecord>();
  const budgets = new Map<string, { windowStart: number; used: number; pausedUntil: number }>();
  const copy = (record: OrderRecord | undefined) => (record === undefined ? undefined : structuredClone(record));
  /** Applies `change` to the record, stamping `updatedAt`, and returns a copy of the result. */
  const update = (record: OrderRecord, change: Partial<OrderRecord>) => {
    Object.assign(record, change, { updatedAt: now() });
    return copy(record)!;
  };

  return {
    async insert(order) {
      const existing = records.get(order.orderId);
      if (existing) return { inserted: false, record: copy(existing)! };
      const at = now();
      const record: OrderRecord = {
        orderId: order.orderId,
        owner: order.owner,
        orderIdSource: order.orderIdSource,
        payload: asJson(order.payload),
        order: asJson(order.order),
        checkoutUrl: order.checkoutUrl,
        expiresAt: order.expiresAt,
        status: 'active',
        outcome: 'pending',
        flowwiseStatus: 'ACTIVE',
        payments: [],
        reviewReason: null,
        checkedAt: null,
        nextCheckAt: order.nextCheckAt ?? null,
        fulfilment: 'none',
        claimToken: null,
        leaseExpiresAt: null,
        attempts: 0,
        fulfilledAt: null,
        createdAt: at,
        updatedAt: at,
      };
      records.set(order.orderId, record);
      return { inserted: true, record: copy(record)! };
    },

    async get(orderId) {
      return copy(records.get(orderId));
    },

    async beginRead(orderId, minIntervalMs) {
      const record = records.get(orderId);
      const at = now();
      if (record?.status !== 'active') return false;
      if (record.checkedAt !== null && record.checkedAt.getTime() > at.getTime() - minIntervalMs) return false;
      update(record, { checkedAt: at });
      return true;
    },

    async recordRead(orderId, read) {
      const record = records.get(orderId);
      if (record?.status !== 'active') return undefined;
      const final = read.status !== 'active';
      return update(record, {
        status: read.status,
        outcome: read.outcome,
        flowwiseStatus: read.flowwiseStatus,
        ...(read.payments !== undefined && { payments: asJson(read.payments) }),
        ...(read.checkoutUrl !== undefined && { checkoutUrl: read.checkoutUrl }),
        ...(read.expiresAt !== undefined && { expiresAt: read.expiresAt }),
        reviewReason: read.status === 'review' ? (read.reviewReason ?? null) : null,
        ...(read.nextCheckAt !== undefined ? { nextCheckAt: read.nextCheckAt } : final && { nextCheckAt: null }),
      });
    },

    async claimFulfilment(orderId, leaseMs) {
      const record = records.get(orderId);
      const at = now();
      if (record?.status !== 'paid') return undefined;
      const free = record.fulfilment === 'none' || (record.fulfilment === 'claimed' && record.leaseExpiresAt!.getTime() <= at.getTime());
      if (!free) return undefined;
      return update(record, {
        fulfilment: 'claimed',
        claimToken: crypto.randomUUID(),
        leaseExpiresAt: new Date(at.getTime() + leaseMs),
        attempts: record.attempts + 1,
      });
    },

    async completeFulfilment(orderId, claimToken) {
      const record = records.get(orderId);
      if (record?.fulfilment !== 'claimed' || record.claimToken !== claimToken) return false;
      update(record, { fulfilment: 'done', claimToken: null, leaseExpiresAt: null, fulfilledAt: now() });
      return true;
    },

    async releaseFulfilment(orderId, claimToken) {
      const record = records.get(orderId);
      if (record?.fulfilment !== 'claimed' || record.claimToken !== claimToken) return false;
      update(record, { fulfilment: 'none', claimToken: null, leaseExpiresAt: null });
      return true;
    },

    async claimDue(limit, leaseMs) {
      const at = now().getTime();
      const dueAt = (record: OrderRecord) => record.nextCheckAt?.getTime() ?? -Infinity;
      const due = [...records.values()]
        .filter((record) =>
          record.status === 'active'
            ? record.nextCheckAt !== null && dueAt(record) <= at
            : unfulfilled(record) && (record.fulfilment === 'none' || record.leaseExpiresAt!.getTime() <= at) && dueAt(record) <= at,
        )
        .sort((a, b) => dueAt(a) - dueAt(b))
        .slice(0, Math.max(0, limit));
      return due.map((record) => update(record, { nextCheckAt: new Date(at + leaseMs) }));
    },

    async reschedule(orderId, nextCheckAt) {
      const record = records.get(orderId);
      if (!record || !(record.status === 'active' || unfulfilled(record))) return false;
      update(record, { nextCheckAt });
      return true;
    },

    async takeCalls(kind, count, limit, windowMs) {
      const at = now().getTime();
      const windowStart = at - (at % windowMs);
      const budget = budgets.get(kind) ?? { windowStart, used: 0, pausedUntil: 0 };
      if (budget.pausedUntil > at) return { granted: false, retryAt: new Date(budget.pausedUntil) };
      const used = budget.windowStart === windowStart ? budget.used : 0;
      if (used + count > limit) return { granted: false, retryAt: new Date(windowStart + windowMs) };
      budgets.set(kind, { ...budget, windowStart, used: used + count });
      return { granted: true };
    },

    async pauseCalls(kind, until) {
      const budget = budgets.get(kind) ?? { windowStart: 0, used: 0, pausedUntil: 0 };
      budgets.set(kind, { ...budget, pausedUntil: Math.max(budget.pausedUntil, until.getTime()) });
    },
  };
}
