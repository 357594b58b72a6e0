import { isFlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import type { FlowwiseClient, FlowwiseClientCallOptions } from './createFlowwiseClient';
import { nextCheckAt } from './checkSchedule';
import { NOT_YET_CREATED, type OrderIdSource, type OrderStore } from './orderStore';
import { resumeOrder, type Refusal } from './resumeOrder';

/** An order ready to be placed: validated, prepared, and whose it is. */
export interface OrderToPlace {
  order: CreateOrderRequest;
  payload: unknown;
  owner: string | null;
  orderIdSource: OrderIdSource;
}

/** How placing an order ended, for the handler to answer. */
export type Placement =
  | { result: 'created'; answer: Pick<CreateOrderResponse, 'order_id' | 'checkout_url'> }
  | { result: 'refused'; refusal: Refusal }
  | { result: 'store_failed'; error: unknown }
  | { result: 'upstream_failed'; error: unknown };

/**
 * Places an order: records it in the store, creates it with Flowwise, records Flowwise's answer. In
 * that order, because:
 * - the store's `insert` is the one atomic step that tells a new `order_id` from a reused one, across
 *   every server instance, before anything is sent: a reused id is judged on what the store recorded
 *   (owner, amount, cart), which Get Order cannot tell (it has no amount), and costs Flowwise nothing;
 * - a store that cannot record fails before Flowwise is asked, so no order exists that nobody knows;
 * - an order whose creation timed out (Flowwise may have it) is still in the store, so a status read
 *   finds it, and the same shopper retrying the same order is not taken for a stranger;
 * - its `checkout_url` is recorded before the browser gets it, so nobody is sent to pay an order the
 *   store does not hold; if that last step fails, the shopper is not sent to pay.
 */
export async function placeOrder(
  { order, payload, owner, orderIdSource }: OrderToPlace,
  { client, store, call }: { client: Pick<FlowwiseClient, 'createOrder'>; store: OrderStore; call: FlowwiseClientCallOptions },
): Promise<Placement> {
  const orderId = order.order_id;
  let reserved;
  try {
    reserved = await store.insert({ orderId, owner, orderIdSource, payload, order, checkoutUrl: NOT_YET_CREATED, expiresAt: null });
  } catch (error) {
    return { result: 'store_failed', error };
  }
  let toCreate = order;
  if (!reserved.inserted) {
    const reuse = resumeOrder(reserved.record, owner, order, payload, Date.now());
    if (reuse.action === 'refuse') return { result: 'refused', refusal: reuse.refusal };
    if (reuse.action === 'resume') return { result: 'created', answer: reuse.answer };
    // The recorded order, so that what Flowwise holds is what the store says was sent.
    toCreate = reuse.order;
  }

  let created: CreateOrderResponse;
  try {
    created = await client.createOrder(toCreate, call);
  } catch (error) {
    if (isFlowwiseError(error) && error.kind === 'http' && error.code === 'already_exists') {
      // Flowwise holds an order under this id that the store never saw created: whose it is, and at
      // what price, nobody here can tell, so nobody is sent to it.
      const message = `Flowwise already holds an order ${orderId} that the order store did not see created; it is not resumed.`;
      return { result: 'refused', refusal: { code: 'already_exists', message } };
    }
    return { result: 'upstream_failed', error };
  }

  const expiry = Date.parse(created.order_expiry_time ?? '');
  let recorded;
  try {
    const expiresAt = Number.isFinite(expiry) ? new Date(expiry) : null;
    const { createdAt } = reserved.record;
    recorded = await store.recordRead(orderId, {
      status: 'active',
      outcome: 'pending',
      flowwiseStatus: created.order_status ?? 'ACTIVE',
      checkoutUrl: created.checkout_url,
      expiresAt,
      // The background job's first check, 20–40 s after it was recorded: the shopper may never come back.
      nextCheckAt: nextCheckAt({ createdAt, expiresAt }, createdAt),
    });
  } catch (error) {
    return { result: 'store_failed', error };
  }
  if (!recorded) {
    // A status read found the order final (or in review) between the two steps: it is not sent to pay.
    const message = `Order ${orderId} changed in the order store while it was created; it is not resumed.`;
    return { result: 'refused', refusal: { code: 'already_exists', message } };
  }
  // The browser needs where to send the shopper, nothing more: Flowwise's answer also holds the order's
  // hash, the project and the customer's details, which stay on the server.
  return { result: 'created', answer: { order_id: created.order_id, checkout_url: created.checkout_url } };
}
