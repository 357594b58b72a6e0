import { createOrderRequestSchema, createOrderResponseSchema, errorResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { resolveConfig, type FlowwiseConfig } from './config';
import { describeIssues, FlowwiseError, isFlowwiseError, type FlowwiseErrorKind } from './FlowwiseError';

export interface CreateOrderCallOptions {
  /** Aborts the request; the call then fails with a `network` error. */
  signal?: AbortSignal;
}

/** Throws a `validation` FlowwiseError unless `order` is a valid {@link CreateOrderRequest}; returns the parsed order. */
export function parseOrder(order: unknown): CreateOrderRequest {
  const result = createOrderRequestSchema.safeParse(order);
  if (result.success) return result.data;
  const { issues } = result.error;
  throw new FlowwiseError('validation', `The order is not valid: ${describeIssues(issues)}.`, { issues });
}

const inFlight = new Map<string, Promise<CreateOrderResponse>>();

/**
 * Creates an order through the merchant endpoint: validates `order`, POSTs it as JSON, and returns
 * the validated response. Every failure is a {@link FlowwiseError}. While a request for the same
 * endpoint and `order_id` is in flight, a second call shares it instead of sending another.
 *
 * @example
 * const { checkout_url } = await createOrder({ endpoint: '/api/flowwise/orders' }, order);
 */
export async function createOrder(
  config: FlowwiseConfig,
  order: CreateOrderRequest,
  { signal }: CreateOrderCallOptions = {},
): Promise<CreateOrderResponse> {
  const body = parseOrder(order);
  const resolved = resolveConfig(config);
  // Absolute URLs work everywhere (jsdom, Node, every browser); a path is resolved against the page.
  let url = resolved.endpoint;
  try {
    url = new URL(url, globalThis.location?.href).href;
  } catch {
    // A path with no page to resolve it against (on a server): fetch will say what is wrong.
  }
  const key = `${url}\n${body.order_id}`;
  let promise = inFlight.get(key);
  if (!promise) {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancel: () => void;
    // Racing the abort, rather than relying on fetch to honour it, bounds the wait even when a custom
    // fetch ignores its signal; a late response is then simply never read.
    promise = Promise.race([
      send(resolved, url, body, controller.signal),
      new Promise<never>((_, reject) => {
        const stop = (kind: FlowwiseErrorKind, message: string, cause?: unknown) => {
          reject(new FlowwiseError(kind, message, { cause }));
          controller.abort();
        };
        timer = setTimeout(stop, resolved.timeoutMs, 'timeout', 'The payment took too long to start. Please try again.');
        cancel = () => stop('network', 'The payment was cancelled.', signal!.reason);
        if (signal?.aborted) cancel();
        signal?.addEventListener('abort', cancel);
      }),
    ]).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      inFlight.delete(key);
    });
    inFlight.set(key, promise);
  }
  return promise;
}

async function send(
  config: ReturnType<typeof resolveConfig>,
  url: string,
  body: CreateOrderRequest,
  signal: AbortSignal,
): Promise<CreateOrderResponse> {
  let response: Response;
  let json: unknown;
  try {
    const headers = typeof config.headers == 'function' ? await config.headers() : config.headers;
    response = await (config.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: config.credentials,
      signal,
    });
    const text = await response.text();
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: an error page or garbage, told apart below by the status.
    }
  } catch (error) {
    throw isFlowwiseError(error)
      ? error
      : new FlowwiseError('network', 'Could not reach the store. Check your connection and try again.', { cause: error });
  }
  const { status, headers } = response;
  const details = { status, requestId: headers.get('x-request-id') ?? undefined };
  if (!response.ok) {
    // A JSON ErrorResponse carries its own message; anything else (an HTML error page) gets a generic one.
    const error = errorResponseSchema.safeParse(json).data;
    throw new FlowwiseError('http', error?.message ?? `The payment could not be started (error ${status}). Please try again.`, {
      ...details,
      code: error?.code,
      type: error?.type,
    });
  }
  const parsed = createOrderResponseSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new FlowwiseError('invalid_response', 'The store sent an unexpected reply. Please try again.', {
    ...details,
    issues: parsed.error.issues,
  });
}
