import type { GetOrderResponse, OrderOutcome, OrderPayments } from '../schemas';

// Payment statuses after which nothing more happens to that attempt (the spec's final ones).
const FINAL = new Set(['SUCCESS', 'FAILED', 'USER_DROPPED', 'INIT_FAILED', 'REVERSED']);

/**
 * How a return page should read an order: `paid` only when Flowwise says PAID; `expired` when EXPIRED;
 * `failed` when it is ACTIVE and every payment attempt has ended without success (the shopper may try
 * again); anything else, a status this package does not know included, is `pending`, never `paid`.
 */
export function orderOutcome(order: Pick<GetOrderResponse, 'order_status'>, payments: OrderPayments): OrderOutcome {
  if (order.order_status === 'PAID') return 'paid';
  if (order.order_status === 'EXPIRED') return 'expired';
  const ended = payments.length > 0 && payments.every((payment) => FINAL.has(payment.status) && payment.status !== 'SUCCESS');
  return order.order_status === 'ACTIVE' && ended ? 'failed' : 'pending';
}
