import type { CreateOrderRequest, OrderPayments } from '../schemas';
import type { OrderRecord, OrderStore } from './orderStore';

/** How long a fulfilment claim holds before another may take it over, unless told otherwise: 2 minutes. */
export const DEFAULT_FULFILMENT_LEASE_MS = 120_000;

/** What `onPaid` is given: the order as recorded when it was created, and the payments that paid it. */
export interface PaidOrder {
  /** The order's id. */
  orderId: string;
  /** Who created it (`owner(request)` when it was created), or `null`. */
  owner: string | null;
  /** The validated payload the browser posted when the order was created (the cart): what to ship. */
  payload: unknown;
  /** The prepared order sent to Flowwise: its amount and currency are what the payments were checked against. */
  order: CreateOrderRequest;
  /** Every payment Flowwise listed when it said PAID; the SUCCESS ones cover `order`'s amount. */
  payments: OrderPayments;
  /**
   * The same on every attempt for this order: pass it to whatever fulfilment calls (a warehouse API,
   * an e-mail service) so that a repeat does nothing twice.
   */
  idempotencyKey: string;
  /** `1` on the first attempt; more after `onPaid` threw, or after a process died while running it. */
  attempt: number;
}

/**
 * Fulfils a paid order: called once per paid order, across concurrent requests and server instances.
 * Before it runs, the order's fulfilment is claimed in the store with a lease; when it returns, it is
 * marked done. If it throws, the claim is given back and a later request tries again (with the next
 * `attempt`). The one repeat: a process that dies (or takes longer than the lease) while it runs
 * (or whose store fails to mark it done) leaves the claim to expire, and it runs again with the same
 * `idempotencyKey`.
 */
export type OnPaid = (paid: PaidOrder) => void | Promise<void>;

/**
 * What {@link fulfilOrder} did: `fulfilled` (it ran `onPaid`, which returned, and marked it done),
 * `done` (already done), `held` (another request holds the claim), `failed` (`onPaid` threw: `error`;
 * the claim was given back), `lease_lost` (`onPaid` returned after its lease ran out and another claim
 * took over, so it may run twice).
 */
export type FulfilmentResult = { status: 'fulfilled' | 'done' | 'held' | 'lease_lost' } | { status: 'failed'; error: unknown };

/** The idempotency key of an order's fulfilment. */
export const fulfilmentKey = (orderId: string) => `fulfil:${orderId}`;

/**
 * Runs `onPaid` for a `paid` record exactly once: claims the fulfilment (one atomic step, with a
 * lease of `leaseMs`), runs `onPaid`, then completes the claim; if `onPaid` throws, releases it.
 * A store failure is thrown; `onPaid`'s failure is the result `failed`.
 */
export async function fulfilOrder(
  record: OrderRecord,
  store: OrderStore,
  onPaid: OnPaid,
  leaseMs = DEFAULT_FULFILMENT_LEASE_MS,
): Promise<FulfilmentResult> {
  if (record.status !== 'paid') throw new TypeError(`fulfilOrder(): order ${record.orderId} is ${record.status}, not paid.`);
  if (record.fulfilment === 'done') return { status: 'done' };
  const claim = await store.claimFulfilment(record.orderId, leaseMs);
  if (!claim) return { status: (await store.get(record.orderId))?.fulfilment === 'done' ? 'done' : 'held' };
  const token = claim.claimToken!;
  try {
    await onPaid({
      orderId: claim.orderId,
      owner: claim.owner,
      payload: claim.payload,
      order: claim.order,
      payments: claim.payments,
      idempotencyKey: fulfilmentKey(claim.orderId),
      attempt: claim.attempts,
    });
  } catch (error) {
    // Given back so the next request tries again; if even that fails, the lease runs out instead.
    await store.releaseFulfilment(record.orderId, token).catch(() => undefined);
    return { status: 'failed', error };
  }
  return { status: (await store.completeFulfilment(record.orderId, token)) ? 'fulfilled' : 'lease_lost' };
}
