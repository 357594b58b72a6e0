import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder } from '../core/createOrder';
import type { CreateOrderRequest, FlowwiseErrorResponse } from '../schemas';
import { redactSecret, type FlowwiseClient } from './createFlowwiseClient';
import { readLimited } from './readLimited';

/** A Fetch-API request handler: a Next.js App Router route handler, a Hono, Remix or Bun handler as is. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** What the handler reports to {@link CreateOrderHandlerOptions.onError} when it answers 500, 502 or 504. */
export interface CreateOrderHandlerErrorInfo {
  /** The status sent to the browser. */
  status: number;
  /** The `code` sent to the browser. */
  code: string;
  /** One line for a log, naming what went wrong; never contains the client secret. */
  message: string;
}

/** Options for {@link createOrderHandler}. */
export interface CreateOrderHandlerOptions {
  /** The Flowwise client, from `createFlowwiseClient()`. Required. */
  client: FlowwiseClient;
  /**
   * Checks the browser's order against your own data and returns the order to send to Flowwise:
   * re-price the cart from your catalogue, attach the signed-in customer, set `return_base_url`.
   * Required, because the browser's order (its amount above all) is whatever the shopper sent.
   * Throw a `FlowwiseError` of kind `validation` to answer 400 with its message (and its `code`, if
   * set); any other error answers 500 with a generic message. Trusting the browser's order as is
   * must be said explicitly: `prepareOrder: (order) => order`.
   */
  prepareOrder: (order: CreateOrderRequest, request: Request) => CreateOrderRequest | Promise<CreateOrderRequest>;
  /** The largest request body accepted, in bytes; larger ones get 413 without being read. Defaults to `16384`. */
  maxBodyBytes?: number;
  /**
   * Called when the handler answers 500, 502 or 504, for your logs. Defaults to one `console.error`
   * line (never containing the client secret). `error` is the original error.
   */
  onError?: (error: unknown, info: CreateOrderHandlerErrorInfo) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 16_384;

const SERVICE_UNAVAILABLE = 'The payment service is unavailable right now. Please try again in a moment.';

/** A JSON `ErrorResponse` (the spec's `{ message, code, type }`) or order response, never cached. */
function jsonResponse(status: number, body: unknown, redact: (text: string) => string, headers: HeadersInit = {}) {
  return new Response(redact(JSON.stringify(body)), {
    status,
    headers: {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function defaultOnError(_error: unknown, info: CreateOrderHandlerErrorInfo): void {
  console.error(`[@flowwise/react/server] ${info.status} ${info.code}: ${info.message}`);
}

function describe(error: unknown): string {
  if (isFlowwiseError(error)) {
    const details = [error.kind, error.status, error.code, error.requestId && `request ${error.requestId}`]
      .filter(Boolean)
      .join(', ');
    return `${error.message} (${details})`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Creates the merchant endpoint the browser's `useCreateOrder` and `<FlowwiseCheckoutButton>` post
 * to: a Fetch-API handler `(request) => Promise<Response>`. It accepts only a JSON `POST` within
 * `maxBodyBytes`, validates the order, runs `prepareOrder`, creates the order with Flowwise and
 * answers with its response. Every failure is an `ErrorResponse` (`{ message, code, type }`); bad
 * input never reaches Flowwise. Flowwise's 4xx errors pass through, except 401/403 (your
 * credentials are wrong, which the shopper cannot fix), which become 502 like any other upstream
 * failure; a timeout is 504.
 *
 * @example
 * // app/api/flowwise/orders/route.ts (Next.js App Router)
 * export const POST = createOrderHandler({
 *   client: flowwise,
 *   prepareOrder: async (order) => ({ ...order, order_amount: await priceCart(order) }),
 * });
 */
export function createOrderHandler(options: CreateOrderHandlerOptions): FetchHandler {
  const { client, prepareOrder, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, onError = defaultOnError } =
    options ?? ({} as CreateOrderHandlerOptions);
  if (typeof client?.createOrder !== 'function') {
    throw new TypeError('createOrderHandler(): client is missing. Pass the client from createFlowwiseClient().');
  }
  if (typeof prepareOrder !== 'function') {
    throw new TypeError(
      'createOrderHandler(): prepareOrder is missing. It checks the order against your own data (re-price the ' +
        'cart, attach the customer) before it is sent to Flowwise. To send the order exactly as the browser ' +
        'built it, pass prepareOrder: (order) => order.',
    );
  }
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new TypeError(`createOrderHandler(): maxBodyBytes must be a positive whole number (got ${String(maxBodyBytes)}).`);
  }
  const redact = redactSecret(client);

  const reject = (status: number, message: string, code: string, type: string, headers?: HeadersInit) =>
    jsonResponse(status, { message, code, type } satisfies FlowwiseErrorResponse, redact, headers);

  const fail = (status: number, code: string, error: unknown, logMessage: string, message = SERVICE_UNAVAILABLE) => {
    try {
      onError(error, { status, code, message: redact(logMessage) });
    } catch {
      // A broken logger must not turn a clear error response into a crash.
    }
    return reject(status, message, code, 'server_error');
  };

  return async function handleCreateOrder(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return reject(405, `Method ${request.method} is not allowed; use POST.`, 'method_not_allowed', 'invalid_request_error', {
        Allow: 'POST',
      });
    }
    if (!isJsonMediaType(request.headers.get('content-type'))) {
      return reject(415, 'The order must be sent as JSON (Content-Type: application/json).', 'unsupported_media_type', 'invalid_request_error');
    }
    const tooLarge = () =>
      reject(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'payload_too_large', 'invalid_request_error');
    const declaredLength = Number(request.headers.get('content-length') ?? 0);
    if (declaredLength > maxBodyBytes) return tooLarge();

    let text: string | undefined;
    try {
      text = await readLimited(request.body, maxBodyBytes);
    } catch {
      return reject(400, 'The request body could not be read.', 'unreadable_body', 'invalid_request_error');
    }
    if (text === undefined) return tooLarge();

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return reject(400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
    }

    let order: CreateOrderRequest;
    try {
      order = parseOrder(json);
    } catch (error) {
      return reject(400, (error as FlowwiseError).message, 'invalid_order', 'validation_error');
    }

    let prepared: CreateOrderRequest;
    try {
      prepared = await prepareOrder(order, request);
    } catch (error) {
      if (isFlowwiseError(error) && error.kind === 'validation') {
        return reject(400, error.message, error.code ?? 'order_rejected', 'validation_error');
      }
      return fail(500, 'internal_error', error, `prepareOrder() threw: ${describe(error)}`, 'Your order could not be prepared. Please try again.');
    }
    try {
      prepared = parseOrder(prepared);
    } catch (error) {
      return fail(500, 'internal_error', error, `prepareOrder() returned an invalid order: ${describe(error)}`, 'Your order could not be prepared. Please try again.');
    }

    try {
      const created = await client.createOrder(prepared, { signal: request.signal });
      return jsonResponse(200, created, redact);
    } catch (error) {
      return upstreamFailure(error);
    }
  };

  function upstreamFailure(error: unknown): Response {
    if (!isFlowwiseError(error)) return fail(500, 'internal_error', error, `Creating the order failed: ${describe(error)}`);
    const requestId = error.requestId ? { 'X-Request-Id': error.requestId } : undefined;
    switch (error.kind) {
      case 'http': {
        const status = error.status ?? 502;
        if (status === 401 || status === 403) {
          return fail(502, 'bad_gateway', error, `Flowwise rejected the merchant credentials (${status}): check clientId, clientSecret and environment. ${describe(error)}`);
        }
        if (status >= 400 && status < 500 && error.code !== undefined && error.type !== undefined) {
          // Flowwise's own words about the order (an invalid amount, a reused order_id) help the shopper.
          return jsonResponse(status, { message: error.message, code: error.code, type: error.type }, redact, requestId);
        }
        return fail(502, 'bad_gateway', error, `Flowwise failed: ${describe(error)}`);
      }
      case 'timeout':
        return fail(504, 'gateway_timeout', error, `Flowwise timed out: ${describe(error)}`, 'The payment service took too long to answer. Please try again.');
      case 'validation':
        return fail(500, 'internal_error', error, `The order was rejected before it was sent: ${describe(error)}`);
      default:
        return fail(502, 'bad_gateway', error, `Flowwise failed: ${describe(error)}`);
    }
  }
}
