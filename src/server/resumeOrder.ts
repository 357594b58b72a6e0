import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { NOT_YET_CREATED, type OrderRecord } from './orderStore';

/** Why a request's order is not created: a 409 whose `message` says nothing of the recorded order. */
export interface Refusal {
  code: 'already_exists' | 'order_already_paid' | 'order_expired';
  message: string;
}

/** What a request that reuses a recorded `order_id` gets. */
export type Reuse =
  /** The same owner's same order, still payable: the browser needs only these two fields to go on. */
  | { action: 'resume'; answer: Pick<CreateOrderResponse, 'order_id' | 'checkout_url'> }
  /** The same owner's same order, recorded but never created at Flowwise (a failed or timed-out attempt): create it again. */
  | { action: 'retry'; order: CreateOrderRequest }
  | { action: 'refuse'; refusal: Refusal };

/** `value` as JSON keeps it, with object keys in one order, so that a record read back from Postgres (`jsonb` reorders keys) compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(JSON.parse(JSON.stringify(value ?? null)), (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Whether a request may go on with the order recorded under the `order_id` it reuses. Only the same
 * owner (a known one: `null` is nobody in particular, so a guest never resumes) with the same order as
 * recorded: the same amount, currency and customer, and the same cart. Anything else would hand one
 * shopper another's checkout (and their details), or a checkout priced for another cart: the cart too,
 * because a cart whose items changed at the same total would otherwise be paid for and the old one
 * shipped. It is then a 409 that says nothing of the recorded order. A paid or expired order of the
 * same owner is refused with a code of its own, which the browser words for the shopper.
 */
export function resumeOrder(record: OrderRecord, owner: string | null, order: CreateOrderRequest, payload: unknown, now: number): Reuse {
  const { order: recorded } = record;
  const same =
    owner !== null &&
    record.owner === owner &&
    recorded.order_amount === order.order_amount &&
    recorded.order_currency === order.order_currency &&
    canonical(recorded.customer_details) === canonical(order.customer_details) &&
    canonical(record.payload) === canonical(payload);
  const id = record.orderId;
  if (!same || record.status === 'review') {
    const message =
      `Order ${id} exists and is not resumed: a reused order_id is resumed only for the same owner's same order ` +
      '(amount, currency, customer and cart) while it can still be paid. Make a new order_id for a new order.';
    return { action: 'refuse', refusal: { code: 'already_exists', message } };
  }
  if (record.status === 'paid') {
    return { action: 'refuse', refusal: { code: 'order_already_paid', message: `Order ${id} exists and is already paid.` } };
  }
  if (record.status === 'expired' || (record.expiresAt !== null && record.expiresAt.getTime() <= now)) {
    return { action: 'refuse', refusal: { code: 'order_expired', message: `Order ${id} exists and has expired.` } };
  }
  if (record.checkoutUrl === NOT_YET_CREATED) return { action: 'retry', order: recorded };
  return { action: 'resume', answer: { order_id: id, checkout_url: record.checkoutUrl } };
}
