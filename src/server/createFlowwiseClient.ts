import { describeIssues, FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder } from '../core/createOrder';
import {
  createOrderResponseSchema,
  errorResponseSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
} from '../schemas';
import { readLimited } from './readLimited';

/** Which Flowwise environment to call. */
export type FlowwiseEnvironment = 'sandbox' | 'production';

/** The API base URL of each environment, from the `servers` of the Flowwise OpenAPI text. */
export const FLOWWISE_BASE_URLS: Readonly<Record<FlowwiseEnvironment, string>> = {
  sandbox: 'https://sandbox.flowwise.com/router',
  production: 'https://app.flowwise.com/router',
};

export const DEFAULT_SERVER_TIMEOUT_MS = 10_000;

/**
 * The most of a Flowwise response body that is read. A real order response is well under 2 kB;
 * anything past this is a broken or hostile upstream, and reading it all would let it exhaust memory.
 */
export const MAX_UPSTREAM_BODY_BYTES = 256 * 1024;

/** Options for {@link createFlowwiseClient}. */
export interface FlowwiseClientOptions {
  /** Your Flowwise client (app) id, sent as `x-client-id`. Required. */
  clientId: string;
  /** Your Flowwise client secret, sent as `x-client-secret`. Required; keep it on the server. */
  clientSecret: string;
  /** `'sandbox'` or `'production'`; picks the API base URL. Required. */
  environment: FlowwiseEnvironment;
  /**
   * The API base URL, overriding the environment's (for a proxy or the local sandbox), without the
   * trailing `/orders`. Defaults to `https://sandbox.flowwise.com/router` or `https://app.flowwise.com/router`.
   */
  baseUrl?: string;
  /** The `fetch` to use. Defaults to the global `fetch` at call time. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds before a request to Flowwise is given up as a `timeout`. Defaults to `10000`. */
  timeoutMs?: number;
}

/** Options for one {@link FlowwiseClient.createOrder} call. */
export interface FlowwiseClientCallOptions {
  /** Aborts the request (e.g. the shopper's request was cancelled); the call then fails with a `network` error. */
  signal?: AbortSignal;
}

/** A server-side Flowwise API client holding your credentials. */
export interface FlowwiseClient {
  /** The environment the client was created for. */
  readonly environment: FlowwiseEnvironment;
  /** The API base URL requests go to. */
  readonly baseUrl: string;
  /**
   * Creates an order with Flowwise `POST /orders`: validates `order`, sends it with your credentials,
   * and returns the validated response. Every failure is a `FlowwiseError`: `validation` (invalid
   * order, nothing sent), `http` (Flowwise answered with an error; `status`, `code` and `type` are
   * set), `network`, `timeout` or `invalid_response`. A redirect is not followed (it would carry your
   * credentials wherever it points): it fails as `network`.
   */
  createOrder(order: CreateOrderRequest, options?: FlowwiseClientCallOptions): Promise<CreateOrderResponse>;
}

function configError(message: string): TypeError {
  return new TypeError(`createFlowwiseClient(): ${message}`);
}

function resolveBaseUrl(environment: unknown, baseUrl: string | undefined): string {
  if (environment !== 'sandbox' && environment !== 'production') {
    throw configError(`environment must be 'sandbox' or 'production' (got ${JSON.stringify(environment) ?? 'undefined'}).`);
  }
  const raw = baseUrl ?? FLOWWISE_BASE_URLS[environment];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`baseUrl must be an absolute URL such as ${FLOWWISE_BASE_URLS.sandbox} (got ${JSON.stringify(raw)}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`baseUrl must be an http(s) URL (got ${JSON.stringify(raw)}).`);
  }
  return url.href.replace(/\/+$/, '');
}

const UPSTREAM_MESSAGE = 'Flowwise could not be reached.';

/**
 * Creates a server-side client for the Flowwise API. Missing or empty credentials fail here, at
 * start-up, rather than on the first shopper's payment. The secret is kept in a closure: it is not a
 * property of the client, so logging the client never prints it.
 *
 * @example
 * const flowwise = createFlowwiseClient({
 *   clientId: process.env.FLOWWISE_CLIENT_ID!,
 *   clientSecret: process.env.FLOWWISE_CLIENT_SECRET!,
 *   environment: 'sandbox',
 * });
 * const { checkout_url } = await flowwise.createOrder(order);
 */
export function createFlowwiseClient(options: FlowwiseClientOptions): FlowwiseClient {
  const { clientId, clientSecret, environment, fetch: customFetch, timeoutMs = DEFAULT_SERVER_TIMEOUT_MS } =
    options ?? ({} as FlowwiseClientOptions);
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw configError('clientId is missing. Pass your Flowwise client id, e.g. from process.env.FLOWWISE_CLIENT_ID.');
  }
  if (typeof clientSecret !== 'string' || clientSecret.trim() === '') {
    throw configError(
      'clientSecret is missing. Pass your Flowwise client secret, e.g. from process.env.FLOWWISE_CLIENT_SECRET.',
    );
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw configError(`timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)}).`);
  }
  const baseUrl = resolveBaseUrl(environment, options.baseUrl);
  const ordersUrl = `${baseUrl}/orders`;
  // Flowwise (or a proxy in front of it) may echo the secret back in an error; it must not reach an
  // error message a merchant logs.
  const redact = (text: string) => text.split(clientSecret).join('[redacted]');

  async function createOrder(
    order: CreateOrderRequest,
    { signal }: FlowwiseClientCallOptions = {},
  ): Promise<CreateOrderResponse> {
    const body = parseOrder(order);
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      return await send(body, controller.signal);
    } catch (error) {
      if (timedOut) throw new FlowwiseError('timeout', `Flowwise did not answer within ${timeoutMs} ms.`, { cause: error });
      if (isFlowwiseError(error)) throw error;
      if (controller.signal.aborted) {
        throw new FlowwiseError('network', 'The request to Flowwise was cancelled.', { cause: error });
      }
      throw new FlowwiseError('network', UPSTREAM_MESSAGE, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function send(body: CreateOrderRequest, signal: AbortSignal): Promise<CreateOrderResponse> {
    const doFetch = customFetch ?? globalThis.fetch;
    const response = await doFetch(ordersUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'x-client-id': clientId,
        'x-client-secret': clientSecret,
      },
      body: JSON.stringify(body),
      signal,
      // A redirect would carry the secret to wherever it points: treat it as a failure. With no
      // redirect to follow (and no window), fetch also skips copying the request and its body.
      redirect: 'error',
      window: null,
    });
    const header = response.headers.get('x-request-id');
    const requestId = header === null ? undefined : redact(header);
    const status = response.status;
    const text = await readLimited(response.body, MAX_UPSTREAM_BODY_BYTES);
    const json = text === undefined ? undefined : parseJson(text);
    if (!response.ok) {
      const parsed = errorResponseSchema.safeParse(json);
      if (parsed.success) {
        const { message, code, type } = parsed.data;
        throw new FlowwiseError('http', redact(message), { status, code: redact(code), type: redact(type), requestId });
      }
      throw new FlowwiseError('http', `Flowwise answered ${status} without an error body.`, { status, requestId });
    }
    if (text === undefined) {
      throw new FlowwiseError('invalid_response', `Flowwise sent a response over ${MAX_UPSTREAM_BODY_BYTES} bytes.`, {
        status,
        requestId,
      });
    }
    const parsed = createOrderResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new FlowwiseError(
        'invalid_response',
        `Flowwise sent an unexpected response: ${describeIssues(parsed.error.issues)}.`,
        { status, issues: parsed.error.issues, requestId },
      );
    }
    return parsed.data;
  }

  const client: FlowwiseClient = { environment, baseUrl, createOrder };
  // Non-enumerable, so it stays out of logs and JSON; the handler uses it to scrub every response.
  Object.defineProperty(client, redactor, { value: redact });
  return client;
}

const redactor = Symbol.for('@flowwise/react.redactSecret');

/**
 * A function that replaces the client's secret wherever it appears in a text (for responses and
 * log lines), or the identity for a client not made by {@link createFlowwiseClient}.
 */
export function redactSecret(client: FlowwiseClient): (text: string) => string {
  const redact = (client as unknown as Record<symbol, unknown>)[redactor];
  return typeof redact === 'function' ? (redact as (text: string) => string) : (text) => text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
