import type { OrderStore } from './orderStore';
import { storeFailure } from './storeFailure';

/** What each method of a store does, for its failure's message; typed, so that a method added to the interface is here too. */
const steps: Record<keyof OrderStore, string> = {
  insert: 'recording an order',
  get: 'reading an order',
  beginRead: 'starting a read',
  recordRead: 'recording a read',
  claimFulfilment: 'claiming fulfilment',
  completeFulfilment: 'completing fulfilment',
  releaseFulfilment: 'releasing fulfilment',
  claimDue: 'claiming due orders',
  reschedule: 'rescheduling an order',
  takeCalls: 'taking calls from a budget',
  pauseCalls: 'pausing a budget',
};

/**
 * `store` with every failure turned into a store failure (`FlowwiseError` code `store_unavailable`,
 * unless it already is one), so that a handler can tell the store's failures from Flowwise's whatever
 * store it was given. Throws a TypeError naming the caller when `store` is not an order store.
 */
export function guardStore(store: OrderStore, caller: string): OrderStore {
  const missing = (Object.keys(steps) as Array<keyof OrderStore>).filter((method) => typeof store?.[method] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `${caller}: store ${store == null ? 'is missing' : `has no ${missing.join(', ')}`}. Pass createPostgresOrderStore({ db }) ` +
        '(or createMemoryOrderStore() in tests and the sandbox): the handlers keep every order they create there.',
    );
  }
  const guard = async <R>(what: string, run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw storeFailure(error, what);
    }
  };
  return {
    insert: (order) => guard(steps.insert, () => store.insert(order)),
    get: (orderId) => guard(steps.get, () => store.get(orderId)),
    beginRead: (orderId, minIntervalMs) => guard(steps.beginRead, () => store.beginRead(orderId, minIntervalMs)),
    recordRead: (orderId, read) => guard(steps.recordRead, () => store.recordRead(orderId, read)),
    claimFulfilment: (orderId, leaseMs) => guard(steps.claimFulfilment, () => store.claimFulfilment(orderId, leaseMs)),
    completeFulfilment: (orderId, token) => guard(steps.completeFulfilment, () => store.completeFulfilment(orderId, token)),
    releaseFulfilment: (orderId, token) => guard(steps.releaseFulfilment, () => store.releaseFulfilment(orderId, token)),
    claimDue: (limit, leaseMs) => guard(steps.claimDue, () => store.claimDue(limit, leaseMs)),
    reschedule: (orderId, at) => guard(steps.reschedule, () => store.reschedule(orderId, at)),
    takeCalls: (kind, count, limit, windowMs) => guard(steps.takeCalls, () => store.takeCalls(kind, count, limit, windowMs)),
    pauseCalls: (kind, until) => guard(steps.pauseCalls, () => store.pauseCalls(kind, until)),
  };
}
