import { createOrderResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from './config';
import type { FlowwiseError } from './FlowwiseError';
import { parseWith, type PayloadSchema } from './validate';
import { toShopperError } from './messages';
import { requestEndpoint } from './requestEndpoint';

/** The TanStack mutation key of `useCreateOrder`: `flowwiseKeys.createOrder`. */
export const createOrderKey = ['flowwise', 'createOrder'] as const;

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
  return sendOrder(resolveConfig(config), payload, options);
}

/** {@link createOrder} with its config resolved already: the hooks resolve theirs once, during render. */
export async function sendOrder<TPayload>(
  config: ResolvedFlowwiseConfig,
  payload: TPayload,
  { signal, schema }: CreateOrderCallOptions<TPayload> = {},
): Promise<CreateOrderResponse> {
  try {
    const body = schema ? parseWith(schema, payload) : payload;
    return await requestEndpoint(
      config,
      { method: 'POST', url: config.endpoint, body, schema: createOrderResponseSchema, signal },
      (body as { order_id?: unknown } | null)?.order_id,
    );
  } catch (error) {
    throw toShopperError(error as FlowwiseError, config.messages);
  }
}
