import { createOrderResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from './config';
import type { FlowwiseError } from './FlowwiseError';
import { ENDPOINT_MAX_BYTES, endpointWords } from './endpoint';
import { assertSameOrder, parseWith, type PayloadSchema } from './validate';
import { toShopperError } from './messages';
import { requestJson } from './request';

/** The TanStack mutation key of `useCreateOrder`: `flowwiseKeys.createOrder`. */
export const createOrderKey = ['flowwise', 'createOrder'] as const;

/** Options of one {@link createOrder} call. */
export interface CreateOrderCallOptions<TPayload = CreateOrderRequest> {
  /** Aborts the request; the call then fails with a `network` error. */
  signal?: AbortSignal;
  /** Checks the payload before anything is sent; a failure is a `validation` error naming the field. Defaults to none. */
  schema?: PayloadSchema<TPayload>;
}

/**
 * Creates an order through the merchant endpoint: checks `payload` with `schema` when one is given,
 * POSTs it as JSON, and returns the validated response (for the same `order_id`, when the payload
 * names one). Every failure is a {@link FlowwiseError} whose `message` is for the shopper (reworded by
 * `config.messages`) and whose `detail` is for the developer.
 *
 * @example
 * ```ts
 * const { checkout_url } = await createOrder({ endpoint: '/api/flowwise/orders' }, { items: [{ sku: 'tee', quantity: 1 }] });
 * ```
 */
export async function createOrder<TPayload = CreateOrderRequest>(
  config: FlowwiseConfig,
  payload: TPayload,
  options?: CreateOrderCallOptions<TPayload>,
): Promise<CreateOrderResponse> {
  return sendOrder({ ...resolveConfig(config), schema: options?.schema }, payload, options?.signal);
}

/**
 * {@link createOrder} with its config resolved already, `schema` beside it: the hooks resolve theirs once,
 * during render, with the caller's `schema` in it.
 */
export async function sendOrder<TPayload>(
  config: ResolvedFlowwiseConfig & { schema?: PayloadSchema<TPayload> },
  payload: TPayload,
  signal?: AbortSignal,
): Promise<CreateOrderResponse> {
  try {
    const body = config.schema ? parseWith(config.schema, payload) : payload;
    const response = await requestJson({
      // `headers`, `fetch` and `timeoutMs` go through under the names the request takes.
      ...config,
      method: 'POST',
      url: config.endpoint,
      body,
      schema: createOrderResponseSchema,
      init: { credentials: config.credentials },
      signal,
      maxBytes: ENDPOINT_MAX_BYTES,
      messages: endpointWords,
    });
    assertSameOrder((body as { order_id?: unknown } | null)?.order_id, response.order_id, endpointWords.invalid);
    return response;
  } catch (error) {
    throw toShopperError(error as FlowwiseError, config.messages);
  }
}
