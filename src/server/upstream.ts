import { FlowwiseError } from '../core/FlowwiseError';
import { requestJson, type JsonRequest } from '../core/request';
import { assertSameOrder, parseOrder } from '../core/validate';
import { createOrderResponseSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import type { FlowwiseClientCallOptions } from './createFlowwiseClient';

/** Which Flowwise environment to call. */
export type FlowwiseEnvironment = 'sandbox' | 'production';

/** The API base URL of each environment, from the `servers` of the Flowwise OpenAPI text. */
export const FLOWWISE_BASE_URLS: Readonly<Record<FlowwiseEnvironment, string>> = {
  sandbox: 'https://sandbox.flowwise.com/router',
  production: 'https://app.flowwise.com/router',
};

/** @internal */
export const DEFAULT_SERVER_TIMEOUT_MS = 10_000;

/**
 * The most of a Flowwise response body that is read. A real order response is well under 2 kB;
 * anything past this is a broken or hostile upstream, and reading it all would let it exhaust memory.
 *
 * @internal
 */
export const MAX_UPSTREAM_BODY_BYTES = 256 * 1024;

// The only hosts a plain-http sandbox may be on: the local sandbox, never another machine.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The API base URL for `environment`: `baseUrl` when given, else the environment's, without a trailing
 * slash. It must be `https:`, because every request carries the client secret: plain `http:` would send
 * it to anyone on the path. The one exception is the local sandbox (`environment: 'sandbox'` on a
 * loopback host), which never leaves the machine.
 *
 * @internal
 */
export function resolveBaseUrl(environment: unknown, baseUrl: string | undefined): string {
  if (environment !== 'sandbox' && environment !== 'production') {
    throw new TypeError(
      `createFlowwiseClient(): environment must be 'sandbox' or 'production' (got ${JSON.stringify(environment) ?? 'undefined'}).`,
    );
  }
  const raw = baseUrl ?? FLOWWISE_BASE_URLS[environment];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(
      `createFlowwiseClient(): baseUrl must be an absolute URL such as ${FLOWWISE_BASE_URLS.sandbox} (got ${JSON.stringify(raw)}).`,
    );
  }
  const localSandbox = environment === 'sandbox' && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !localSandbox) {
    throw new FlowwiseError(
      'integration',
      `createFlowwiseClient(): baseUrl must be an https: URL, because every request carries your client secret ` +
        `(got ${JSON.stringify(raw)}). Plain http: is accepted only for a local sandbox: environment 'sandbox' on ` +
        `localhost, 127.0.0.1 or [::1].`,
      { code: 'insecure_base_url' },
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * How every request to Flowwise is sent and judged (the time limit, the body cap, no redirects, the
 * words of each failure, the request id), for the client and for the `/testing` stand-in of Flowwise,
 * so the two cannot drift apart.
 *
 * @internal
 */
export function upstreamRequest(
  timeoutMs: number,
  fetch: typeof globalThis.fetch | undefined,
  { signal, onRequestId }: FlowwiseClientCallOptions,
): Omit<JsonRequest<unknown>, 'method' | 'url' | 'body' | 'schema' | 'headers'> {
  return {
    onResponse: (response) => {
      const requestId = response.headers.get('x-request-id');
      if (requestId) onRequestId?.(requestId);
    },
    fetch,
    // A redirect would carry the secret to wherever it points: treat it as a failure. With no
    // redirect to follow (and no window), fetch also skips copying the request and its body.
    init: { redirect: 'error', window: null },
    signal,
    timeoutMs,
    maxBytes: MAX_UPSTREAM_BODY_BYTES,
    messages: {
      network: 'Flowwise could not be reached.',
      cancelled: 'The request to Flowwise was cancelled.',
      timeout: `Flowwise did not answer within ${timeoutMs} ms.`,
      status: (status) => `Flowwise answered ${status} without an error body.`,
      invalid: 'Flowwise sent an unexpected response.',
    },
  };
}

/**
 * POSTs a validated order to Flowwise (`request.url`) and returns the validated response, which must be
 * for that same order. The server client creates orders through this, and so does `/testing`'s stand-in.
 *
 * @internal
 */
export async function postOrder(
  order: CreateOrderRequest,
  request: Omit<JsonRequest<CreateOrderResponse>, 'method' | 'body' | 'schema'>,
): Promise<CreateOrderResponse> {
  const body = parseOrder(order);
  const response = await requestJson({ ...request, method: 'POST', body, schema: createOrderResponseSchema });
  assertSameOrder(body.order_id, response.order_id, request.messages.invalid);
  return response;
}
