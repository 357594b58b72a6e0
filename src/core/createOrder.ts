import { createOrderRequestSchema, createOrderResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { resolveConfig, type FlowwiseConfig } from './config';
import { FlowwiseError, type FlowwiseIssue } from './FlowwiseError';
import { forShopper } from './messages';
import { requestJson, type JsonRequest, type RequestMessages } from './request';

/**
 * A schema for what the browser posts: any zod schema, classic or `zod/mini` (anything with zod's
 * `safeParse`). Its output is what is sent.
 */
export interface PayloadSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: FlowwiseIssue[] } };
}

export interface CreateOrderCallOptions<TPayload = CreateOrderRequest> {
  /** Aborts the request; the call then fails with a `network` error. */
  signal?: AbortSignal;
  /** Checks the payload before anything is sent; a failure is a `validation` error naming the field. Defaults to none. */
  schema?: PayloadSchema<TPayload>;
}

/** `issues` as one line for a developer: the first problem, which names its field. */
function firstIssue(issues: readonly FlowwiseIssue[]): string {
  const [{ path, message }] = issues as [FlowwiseIssue];
  return path.length && !message.startsWith(path.join('.')) ? `${path.join('.')}: ${message}` : message;
}

/**
 * Runs `schema` over `value`: its output, or a `validation` FlowwiseError whose message names the first
 * problem (one thing to fix at a time reads best; `issues` has them all).
 */
export function parseWith<T>(schema: PayloadSchema<T>, value: unknown, what = 'payload'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { issues } = result.error;
  throw new FlowwiseError('validation', `The ${what} is not valid: ${firstIssue(issues)}.`, { issues });
}

/** Throws a `validation` FlowwiseError unless `order` is a valid {@link CreateOrderRequest}; returns the parsed order. */
export function parseOrder(order: unknown): CreateOrderRequest {
  return parseWith(createOrderRequestSchema, order, 'order');
}

/**
 * A response for another `order_id` than the one sent would send the shopper to someone else's
 * checkout: it is `invalid_response` (code `order_id_mismatch`).
 */
function sameOrder(sent: unknown, response: CreateOrderResponse, message: string): CreateOrderResponse {
  if (typeof sent !== 'string' || response.order_id === sent) return response;
  throw new FlowwiseError('invalid_response', message, { code: 'order_id_mismatch' });
}

/**
 * POSTs a validated order and returns the validated response, which must be for that same order. The
 * server client creates orders through this.
 */
export async function postOrder(
  order: CreateOrderRequest,
  request: Omit<JsonRequest<CreateOrderResponse>, 'method' | 'body' | 'schema'>,
): Promise<CreateOrderResponse> {
  const body = parseOrder(order);
  return sameOrder(
    body.order_id,
    await requestJson({ ...request, method: 'POST', body, schema: createOrderResponseSchema }),
    request.messages.invalid,
  );
}

/** The most of the merchant endpoint's answer the browser reads; an order or its summary is well under 2 kB. */
export const ENDPOINT_MAX_BYTES = 64 * 1024;

/**
 * What a failed request from the browser to the merchant endpoint says, for developers (`detail`), short:
 * the shopper's words come from `messages`.
 */
export const endpointWords: RequestMessages = {
  network: 'Unreachable',
  cancelled: 'Cancelled',
  timeout: 'No answer in time',
  status: (status) => `HTTP ${status}`,
  invalid: 'Unexpected reply',
};

/**
 * Creates an order through the merchant endpoint: checks `payload` with `schema` when one is given,
 * POSTs it as JSON, and returns the validated response (for the same `order_id`, when the payload
 * names one). Every failure is a {@link FlowwiseError} whose `message` is for the shopper (reworded by
 * `config.messages`) and whose `detail` is for the developer.
 *
 * @example
 * const { checkout_url } = await createOrder({ endpoint: '/api/flowwise/orders' }, { items: [{ sku: 'tee', quantity: 1 }] });
 */
export async function createOrder<TPayload = CreateOrderRequest>(
  config: FlowwiseConfig,
  payload: TPayload,
  { signal, schema }: CreateOrderCallOptions<TPayload> = {},
): Promise<CreateOrderResponse> {
  const resolved = resolveConfig(config);
  try {
    const body = schema ? parseWith(schema, payload) : payload;
    const response = await requestJson({
      // `headers`, `fetch` and `timeoutMs` go through under the names the request takes.
      ...resolved,
      method: 'POST',
      url: resolved.endpoint,
      body,
      schema: createOrderResponseSchema,
      init: { credentials: resolved.credentials },
      signal,
      maxBytes: ENDPOINT_MAX_BYTES,
      messages: endpointWords,
    });
    return sameOrder((body as { order_id?: unknown } | null)?.order_id, response, endpointWords.invalid);
  } catch (error) {
    throw forShopper(error as FlowwiseError, resolved.messages);
  }
}
