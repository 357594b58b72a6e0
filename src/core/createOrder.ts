import { createOrderRequestSchema, createOrderResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { resolveConfig, type FlowwiseConfig } from './config';
import { FlowwiseError } from './FlowwiseError';
import { requestJson, type JsonRequest } from './request';

export interface CreateOrderCallOptions {
  /** Aborts the request; the call then fails with a `network` error. */
  signal?: AbortSignal;
}

/** Throws a `validation` FlowwiseError unless `order` is a valid {@link CreateOrderRequest}; returns the parsed order. */
export function parseOrder(order: unknown): CreateOrderRequest {
  const result = createOrderRequestSchema.safeParse(order);
  if (result.success) return result.data;
  const { issues } = result.error;
  // The first problem, which names its field: one thing to fix at a time reads best; `issues` has them all.
  throw new FlowwiseError('validation', `The order is not valid: ${issues[0]!.message}.`, { issues });
}

/**
 * POSTs a validated order and returns the validated response, which must be for that same order: a
 * response for another `order_id` would send the shopper to someone else's checkout, so it is
 * `invalid_response` (code `order_id_mismatch`). The browser and the server client both create orders through this.
 */
export async function postOrder(
  order: CreateOrderRequest,
  request: Omit<JsonRequest<CreateOrderResponse>, 'method' | 'body' | 'schema'>,
): Promise<CreateOrderResponse> {
  const body = parseOrder(order);
  const response = await requestJson({ ...request, method: 'POST', body, schema: createOrderResponseSchema });
  if (response.order_id === body.order_id) return response;
  throw new FlowwiseError('invalid_response', request.messages.invalid, { code: 'order_id_mismatch' });
}

/**
 * Creates an order through the merchant endpoint: validates `order`, POSTs it as JSON, and returns
 * the validated response. Every failure is a {@link FlowwiseError} whose message can be shown to a shopper.
 *
 * @example
 * const { checkout_url } = await createOrder({ endpoint: '/api/flowwise/orders' }, order);
 */
export async function createOrder(
  config: FlowwiseConfig,
  order: CreateOrderRequest,
  { signal }: CreateOrderCallOptions = {},
): Promise<CreateOrderResponse> {
  const resolved = resolveConfig(config);
  let url = resolved.endpoint;
  try {
    // Absolute URLs work everywhere (jsdom, Node, every browser); a path is resolved against the page.
    url = new URL(url, location.href).href;
  } catch {
    // A path with no page to resolve it against (on a server, where `location` is not even defined):
    // fetch will say what is wrong.
  }
  return postOrder(order, {
    // `headers`, `fetch` and `timeoutMs` go through under the names the request takes.
    ...resolved,
    url,
    init: { credentials: resolved.credentials },
    signal,
    // The most of the merchant endpoint's answer the browser reads; an order response is well under 2 kB.
    maxBytes: 64 * 1024,
    messages: {
      network: 'Could not reach the store. Check your connection and try again.',
      cancelled: 'The payment was cancelled.',
      timeout: 'The payment took too long to start. Please try again.',
      status: (status) => `The payment could not be started (error ${status}). Please try again.`,
      invalid: 'The store sent an unexpected reply. Please try again.',
    },
  });
}
