import {
  createOrderRequestSchema,
  createOrderResponseSchema,
  errorResponseSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
} from '../schemas';
import { resolveConfig, type FlowwiseConfig } from './config';
import { describeIssues, FlowwiseError, isFlowwiseError } from './FlowwiseError';

export interface CreateOrderCallOptions {
  /** Aborts the request; the call then fails with a `network` error. */
  signal?: AbortSignal;
}

/** Throws a `validation` FlowwiseError unless `order` is a valid {@link CreateOrderRequest}; returns the parsed order. */
export function parseOrder(order: unknown): CreateOrderRequest {
  const result = createOrderRequestSchema.safeParse(order);
  if (result.success) return result.data;
  return throwValidation(result.error.issues);
}

function throwValidation(issues: FlowwiseError['issues'] & object): never {
  throw new FlowwiseError('validation', `The order is not valid: ${describeIssues(issues)}.`, { issues });
}

function endpointUrl(endpoint: string): string {
  // Absolute URLs work everywhere (jsdom, Node, every browser); a path is resolved against the page.
  const base = typeof location === 'undefined' ? undefined : location.href;
  try {
    return new URL(endpoint, base).href;
  } catch {
    return endpoint;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isJson(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

const NETWORK_MESSAGE = 'We could not reach the store to start your payment. Check your connection and try again.';
const TIMEOUT_MESSAGE = 'Starting your payment took too long. Please try again.';
const INVALID_RESPONSE_MESSAGE = 'The store sent an unexpected reply while starting your payment. Please try again.';

function httpMessage(status: number): string {
  return status >= 500
    ? `The payment service is unavailable right now (error ${status}). Please try again in a moment.`
    : `Your payment could not be started (error ${status}). Please try again.`;
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
export function createOrder(
  config: FlowwiseConfig,
  order: CreateOrderRequest,
  { signal }: CreateOrderCallOptions = {},
): Promise<CreateOrderResponse> {
  let body: CreateOrderRequest;
  try {
    body = parseOrder(order);
  } catch (error) {
    return Promise.reject(error);
  }
  const resolved = resolveConfig(config);
  const url = endpointUrl(resolved.endpoint);
  const key = `${url}\n${body.order_id}`;
  const existing = inFlight.get(key);
  if (existing) return existing;
  const promise = send(resolved, url, body, signal).finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

async function send(
  config: ReturnType<typeof resolveConfig>,
  url: string,
  body: CreateOrderRequest,
  signal: AbortSignal | undefined,
): Promise<CreateOrderResponse> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Racing a timer, rather than relying on the abort alone, bounds the wait even when a custom
  // fetch ignores its signal; a late response is then simply never read.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new FlowwiseError('timeout', TIMEOUT_MESSAGE));
      controller.abort();
    }, config.timeoutMs);
  });
  const cancelled = new Promise<never>((_, reject) => {
    const onAbort = () =>
      reject(new FlowwiseError('network', 'Starting your payment was cancelled.', { cause: controller.signal.reason }));
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort);
  });
  cancelled.catch(() => undefined);
  timeout.catch(() => undefined);
  try {
    return await Promise.race([request(config, url, body, controller.signal), timeout, cancelled]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

async function request(
  config: ReturnType<typeof resolveConfig>,
  url: string,
  body: CreateOrderRequest,
  signal: AbortSignal,
): Promise<CreateOrderResponse> {
  let response: Response;
  try {
    const extra = typeof config.headers === 'function' ? await config.headers() : config.headers;
    const doFetch = config.fetch ?? globalThis.fetch;
    response = await doFetch(url, {
      method: 'POST',
      headers: { ...extra, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: config.credentials,
      signal,
    });
  } catch (error) {
    if (isFlowwiseError(error)) throw error;
    throw new FlowwiseError('network', NETWORK_MESSAGE, { cause: error });
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let json: unknown;
  try {
    json = await readJson(response);
  } catch (error) {
    throw new FlowwiseError('network', NETWORK_MESSAGE, { cause: error, status: response.status, requestId });
  }
  if (!response.ok) {
    const parsed = isJson(response) ? errorResponseSchema.safeParse(json) : undefined;
    if (parsed?.success) {
      const { message, code, type } = parsed.data;
      throw new FlowwiseError('http', message, { status: response.status, code, type, requestId });
    }
    throw new FlowwiseError('http', httpMessage(response.status), { status: response.status, requestId });
  }
  const parsed = createOrderResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new FlowwiseError('invalid_response', INVALID_RESPONSE_MESSAGE, {
      status: response.status,
      issues: parsed.error.issues,
      requestId,
    });
  }
  return parsed.data;
}
