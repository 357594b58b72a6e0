import { isFlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderResponse } from '../schemas';
import type { FlowwiseClient, FlowwiseClientCallOptions } from './createFlowwiseClient';

/** What became of an order Flowwise refused as `already_exists`. */
export type Resumption =
  | { resumed: CreateOrderResponse; refused?: undefined }
  | { resumed?: undefined; refused: { code: 'order_already_paid' | 'order_expired'; message: string } };

/**
 * Flowwise refused the order because its `order_id` exists (a retry after a timeout, a second tab):
 * an order still ACTIVE and unexpired is answered as if created, so the shopper goes on to the same
 * checkout; a PAID or EXPIRED one is refused with a code of its own. `undefined` when the error is
 * something else, or the order cannot be read: the refusal is then passed on as it is.
 */
export async function resumeOrder(
  getOrder: FlowwiseClient['getOrder'] | undefined,
  error: unknown,
  orderId: string,
  call: FlowwiseClientCallOptions,
): Promise<Resumption | undefined> {
  if (!(isFlowwiseError(error) && error.kind === 'http' && error.code === 'already_exists' && getOrder)) return undefined;
  let order;
  try {
    order = await getOrder(orderId, call);
  } catch {
    return undefined;
  }
  if (order.order_status === 'PAID') {
    return { refused: { code: 'order_already_paid', message: `Order ${orderId} exists and is already paid.` } };
  }
  if (order.order_status === 'EXPIRED' || Date.parse(order.order_expiry_time ?? '') <= Date.now()) {
    return { refused: { code: 'order_expired', message: `Order ${orderId} exists and has expired.` } };
  }
  if (order.order_status === 'ACTIVE' && order.checkout_url) return { resumed: { ...order, checkout_url: order.checkout_url } };
  return undefined;
}
