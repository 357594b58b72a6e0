import { orderSummarySchema, type OrderSummary } from '../schemas';
import { assignDefined } from './assignDefined';
import { resolveConfig, type FlowwiseRequestOptions, type ResolvedFlowwiseConfig } from './config';
import { ENDPOINT_MAX_BYTES, endpointWords } from './endpoint';
import type { FlowwiseError } from './FlowwiseError';
import { parseOrderId } from './parseOrderId';
import { assertSameOrder } from './validate';
import { toShopperError, type FlowwiseMessages } from './messages';
import { defaultStatusMessages } from './statusMessages';
import { requestJson } from './request';
import { retryAfterMs } from './retryAfter';

/** The TanStack query key of `useFlowwiseOrder` for `orderId`: `flowwiseKeys.order(orderId)`. */
export const orderKey = (orderId: string | undefined) => ['flowwise', 'order', orderId] as const;

/** Options for one {@link getOrderSummary} call. */
export interface GetOrderSummaryCallOptions {
  /** Aborts the request; the call then fails with a `network` error. Defaults to none. */
  signal?: AbortSignal;
}

/**
 * The shopper's words for a failed status read. A return page is not a payment being started, so the
 * checkout's "could not be started" would be wrong here: an order the store does not know (or will not
 * show this shopper) or an id it refuses reads `status_not_found`, an unreachable store keeps `network`,
 * and everything else reads `status_error`: the checkout's words by kind are not used, a store's words for
 * an error's own `code` (`bad_gateway`, say) still are.
 */
function statusWords(messages: FlowwiseMessages = {}): FlowwiseMessages {
  const words = { ...defaultStatusMessages, ...messages };
  const notFound = words.status_not_found;
  const failed = words.status_error;
  return {
    ...messages,
    not_found: notFound,
    invalid_order_id: notFound,
    integration: failed,
    validation: failed,
    http: failed,
    timeout: failed,
    invalid_response: failed,
    unsafe_redirect: failed,
  };
}

/**
 * Reads what the store's status handler says about an order: `GET <endpoint>?order_id=<orderId>` on the
 * merchant endpoint that orders are posted to, validated with `orderSummarySchema`, and for that same
 * order. Only `outcome === 'paid'` means paid. Every failure is a {@link FlowwiseError} whose `message` is
 * for the shopper and whose `detail`, `code`, `status`, `requestId` and `retryAfterMs` are for the
 * developer: a 404 (`not_found`) or an id the handler refuses (`invalid_order_id`, also checked here
 * before anything is sent) reads `status_not_found`; see `defaultStatusMessages`. It is the browser's call:
 * a server asks Flowwise itself, with the server client's `getOrder`.
 *
 * @example
 * ```ts
 * const summary = await getOrderSummary({ endpoint: '/api/flowwise/orders' }, 'order_1001');
 * if (summary.outcome === 'paid') showReceipt(summary.order_id);
 * ```
 */
export async function getOrderSummary(
  config: FlowwiseRequestOptions,
  orderId: string,
  options?: GetOrderSummaryCallOptions,
): Promise<OrderSummary> {
  return readOrderSummary(resolveConfig(config), orderId, options);
}

/** {@link getOrderSummary} with its config resolved already: `useFlowwiseOrder` resolves its own once, during render. */
export async function readOrderSummary(
  config: ResolvedFlowwiseConfig,
  orderId: string,
  { signal }: GetOrderSummaryCallOptions = {},
): Promise<OrderSummary> {
  let retryAfter: number | undefined;
  try {
    const id = parseOrderId(orderId);
    const { endpoint } = config;
    const summary = await requestJson({
      // `headers`, `fetch` and `timeoutMs` go through under the names the request takes.
      ...config,
      method: 'GET',
      // The status handler answers on the endpoint that creates orders, as `?order_id=`.
      url: `${endpoint}${endpoint.includes('?') ? '&' : '?'}order_id=${encodeURIComponent(id)}`,
      schema: orderSummarySchema,
      init: { credentials: config.credentials },
      signal,
      maxBytes: ENDPOINT_MAX_BYTES,
      messages: endpointWords,
      // A store that is busy (429) or down (503) may say how long to leave it alone.
      onResponse: (response) => (retryAfter = retryAfterMs(response.headers)),
    });
    // A summary of another order would tell this shopper about a payment that is not theirs.
    assertSameOrder(id, summary.order_id, endpointWords.invalid);
    return summary;
  } catch (error) {
    throw assignDefined(toShopperError(error as FlowwiseError, statusWords(config.messages)), { retryAfterMs: retryAfter });
  }
}
