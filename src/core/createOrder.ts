import {
  createOrderRequestSchema,
  createOrderResponseSchema,
  errorResponseSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
} from '../schemas';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from './config';
import { describeIssues, FlowwiseError, isFlowwiseError } from './FlowwiseError';

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

const NETWORK_MESSAGE = 'We could not reach the store to start your payment. Check your connection and try again.';

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
    url = new URL(url, typeof location === 'undefined' ? undefined : location.href).href;
  } catch {
    // A path with no page to resolve it against (on a server): fetch will say what is wrong.
  }
  const key = `${url}\n${body.order_id}`;
  let promise = inFlight.get(key);
  if (!promise) {
    promise = send(resolved, url, body, signal).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
  }
  return promise;
}

async function send(
  config: ResolvedFlowwiseConfig,
  url: string,
  body: CreateOrderRequest,
  signal: AbortSignal | undefined,
): Promise<CreateOrderResponse> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort);
  if (signal?.aborted) abort();
  const timer = setTimeout(
    () => controller.abort(new FlowwiseError('timeout', 'Starting your payment took too long. Please try again.')),
    config.timeoutMs,
  );
  // Racing the abort, rather than relying on fetch to honour it, bounds the wait even when a custom
  // fetch ignores its signal; a late response is then simply never read.
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => {
      const { reason } = controller.signal;
      reject(isFlowwiseError(reason) ? reason : new FlowwiseError('network', 'Starting your payment was cancelled.', { cause: reason }));
    };
    if (controller.signal.aborted) onAbort();
    controller.signal.addEventListener('abort', onAbort);
  });
  try {
    return await Promise.race([request(config, url, body, controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

async function request(
  config: ResolvedFlowwiseConfig,
  url: string,
  body: CreateOrderRequest,
  signal: AbortSignal,
): Promise<CreateOrderResponse> {
  let response: Response;
  let json: unknown;
  try {
    const headers = typeof config.headers === 'function' ? await config.headers() : config.headers;
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
    throw isFlowwiseError(error) ? error : new FlowwiseError('network', NETWORK_MESSAGE, { cause: error });
  }
  const { status } = response;
  const details = { status, requestId: response.headers.get('x-request-id') ?? undefined };
  if (!response.ok) {
    const parsed = /\bjson\b/i.test(response.headers.get('content-type') ?? '') && errorResponseSchema.safeParse(json);
    if (parsed && parsed.success) {
      const { message, code, type } = parsed.data;
      throw new FlowwiseError('http', message, { ...details, code, type });
    }
    throw new FlowwiseError(
      'http',
      status >= 500
        ? `The payment service is unavailable right now (error ${status}). Please try again in a moment.`
        : `Your payment could not be started (error ${status}). Please try again.`,
      details,
    );
  }
  const parsed = createOrderResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new FlowwiseError(
      'invalid_response',
      'The store sent an unexpected reply while starting your payment. Please try again.',
      { ...details, issues: parsed.error.issues },
    );
  }
  return parsed.data;
}
