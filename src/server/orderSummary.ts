import type { OrderOutcome, OrderSummary } from '../schemas';
import { NOT_YET_CREATED, type OrderRecord } from './orderStore';

/**
 * What a status request may learn of an order: `owner` (the request's owner is the recorded one)
 * everything a return page shows; `outcome` (anyone holding an unguessable, handler-made id) whether
 * it is paid, pending, failed or expired, and nothing else.
 */
export type OrderAccess = 'owner' | 'outcome';

/**
 * How the shopper should read the record: an order in review is `pending` to them, never `paid`; and
 * `failed` only as read just now (`fresh`), since the shopper may have tried again since an earlier
 * read, and a return page takes `failed` as the last word.
 */
function outcomeOf(record: OrderRecord, fresh: boolean): OrderOutcome {
  if (record.status === 'paid' || record.status === 'expired') return record.status;
  return record.status === 'active' && record.outcome === 'failed' && fresh ? 'failed' : 'pending';
}

/**
 * The {@link OrderSummary} of a record, as the store holds it (`fresh` when it was read from Flowwise
 * for this answer): for the owner, the expiry, the
 * `checkout_url` while it can still be paid (for "Try again") and each payment's id, status, method,
 * amount and currency; for anyone else, the outcome alone (and an empty list of payments). Never the
 * customer's details or anything else of the prepared order.
 */
export function orderSummary(record: OrderRecord, access: OrderAccess, fresh: boolean): OrderSummary {
  const outcome = { order_id: record.orderId, order_status: record.flowwiseStatus, outcome: outcomeOf(record, fresh) };
  if (access === 'outcome') return { ...outcome, payments: [] };
  return {
    ...outcome,
    // In UTC, to the second when that is all there is, as Flowwise writes it (`2026-12-03T16:30:00Z`).
    ...(record.expiresAt !== null && { order_expiry_time: record.expiresAt.toISOString().replace('.000Z', 'Z') }),
    ...(record.status === 'active' &&
      record.flowwiseStatus === 'ACTIVE' &&
      record.checkoutUrl !== NOT_YET_CREATED && { checkout_url: record.checkoutUrl }),
    payments: record.payments.map(({ payment_id, status, payment_method, payment_amount, payment_currency }) => ({
      payment_id,
      status,
      ...(payment_method !== undefined && { payment_method }),
      ...(payment_amount !== undefined && { payment_amount }),
      ...(payment_currency !== undefined && { payment_currency }),
    })),
  };
}
