import { isFlowwiseError, type FlowwiseError } from '../core/FlowwiseError';
import { parseOrderId } from '../core/validate';
import { type GetOrderResponse, type OrderPayments, type OrderSummary } from '../schemas';
import type { FlowwiseClient } from './createFlowwiseClient';
import { orderOutcome } from './orderOutcome';
import { createResponder, defaultOnError, describeError } from './responses';
import type { FetchHandler, HandlerErrorReporter } from './types';

/** Options for {@link createOrderStatusHandler}. */
export interface CreateOrderStatusHandlerOptions {
  /** The Flowwise client, from `createFlowwiseClient()` (its `getOrder`, `getOrderPayments` and `redact`). Required. */
  client: Pick<FlowwiseClient, 'getOrder' | 'getOrderPayments' | 'redact'>;
  /**
   * Whether the shopper asking may see this order: look `orderId` up against the session in
   * `request`'s cookies. `false` (or a promise of it) answers 404, exactly as for an order that does not
   * exist, so that nobody learns which order ids exist. Defaults to allowing every request: an
   * `order_id` is unguessable when the handler made it, and the summary holds no customer details.
   */
  authorize?: (orderId: string, request: Request) => boolean | Promise<boolean>;
  /**
   * Called when an answer says `paid`, before it is sent: fulfil the order. At least once per paid order,
   * and possibly more (every status request for it calls it), so de-duplicate on `summary.order_id`.
   * Awaited; if it throws, the answer is 500, so the page asks again and it runs again. Defaults to none.
   */
  onPaid?: (summary: OrderSummary, request: Request) => void | Promise<void>;
  /** Called when the handler answers 500, 502 or 504, for your logs. Defaults to one `console.error` line. */
  onError?: HandlerErrorReporter;
}

/**
 * Creates the status endpoint a return page asks: a Fetch handler for `GET <endpoint>?order_id=<id>`,
 * mounted beside `createOrderHandler` (a Next.js route file exports `POST` and `GET`; `toNodeHandler()`
 * serves it on Node). It reads the order and its payments from Flowwise and answers an
 * {@link OrderSummary}: `order_id`, `order_status`, `outcome` (`paid | pending | failed | expired`),
 * `order_expiry_time`, `checkout_url` while the order is ACTIVE, and each payment's id, status, method,
 * amount and currency; no customer details and no `order_hash`. A missing or malformed id is 400
 * (`invalid_order_id`); an unknown order, or one `authorize` refuses, 404 (`not_found`); Flowwise's
 * failures 502 or 504 as for creating. Every answer is `Cache-Control: no-store` with an `x-request-id`.
 *
 * @example
 * // app/api/flowwise/orders/route.ts
 * export const GET = createOrderStatusHandler({ client: flowwise, onPaid: (summary) => fulfil(summary.order_id) });
 */
export function createOrderStatusHandler(options: CreateOrderStatusHandlerOptions): FetchHandler {
  const { client, authorize, onPaid, onError = defaultOnError } = options ?? ({} as CreateOrderStatusHandlerOptions);
  if (typeof client?.getOrder !== 'function' || typeof client.getOrderPayments !== 'function') {
    throw new TypeError('createOrderStatusHandler(): client is missing. Pass the client from createFlowwiseClient().');
  }
  const redact = (text: string) => client.redact?.(text) ?? text;

  return async function handleOrderStatus(request) {
    const { json, reject, fail, upstreamFailure, setRequestId } = createResponder(onError, redact);
    if (request.method !== 'GET') {
      return reject(405, `Method ${request.method} is not allowed; use GET.`, 'method_not_allowed', 'invalid_request_error', undefined, {
        allow: 'GET',
      });
    }
    const query = new URL(request.url).searchParams.get('order_id');
    if (query === null) return reject(400, 'The order_id query parameter is missing.', 'invalid_order_id', 'invalid_request_error');
    let orderId: string;
    try {
      orderId = parseOrderId(query);
    } catch (error) {
      return reject(400, (error as FlowwiseError).message, 'invalid_order_id', 'invalid_request_error');
    }
    const notFound = () => reject(404, `No order ${orderId} for this request.`, 'not_found', 'invalid_request_error');

    try {
      if (authorize && !(await authorize(orderId, request))) return notFound();
    } catch (error) {
      return fail(
        500,
        'internal_error',
        error,
        `authorize() threw for ${orderId}: ${describeError(error)}`,
        'The order could not be looked up.',
      );
    }

    let order: GetOrderResponse;
    let payments: OrderPayments;
    try {
      const call = { signal: request.signal, onRequestId: setRequestId };
      [order, payments] = await Promise.all([client.getOrder(orderId, call), client.getOrderPayments(orderId, call)]);
    } catch (error) {
      if (isFlowwiseError(error) && error.kind === 'http' && error.status === 404) return notFound();
      return upstreamFailure(error, 'Reading the order');
    }

    const outcome = orderOutcome(order, payments);
    const summary: OrderSummary = {
      order_id: order.order_id,
      order_status: order.order_status,
      outcome,
      ...(order.order_expiry_time !== undefined && { order_expiry_time: order.order_expiry_time }),
      // Only while it can still be paid: "Try again" goes back to the same order's checkout.
      ...(order.order_status === 'ACTIVE' && order.checkout_url !== undefined && { checkout_url: order.checkout_url }),
      payments: payments.map(({ payment_id, status, payment_method, payment_amount, payment_currency }) => ({
        payment_id,
        status,
        ...(payment_method !== undefined && { payment_method }),
        ...(payment_amount !== undefined && { payment_amount }),
        ...(payment_currency !== undefined && { payment_currency }),
      })),
    };
    if (outcome === 'paid' && onPaid) {
      try {
        await onPaid(summary, request);
      } catch (error) {
        return fail(
          500,
          'internal_error',
          error,
          `onPaid() threw for ${orderId}: ${describeError(error)}`,
          'The payment was received but the order could not be completed yet.',
        );
      }
    }
    return json(200, summary);
  };
}
