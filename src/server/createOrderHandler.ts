import { describeIssues, FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder } from '../core/createOrder';
import type { CreateOrderRequest, FlowwiseErrorResponse } from '../schemas';
import { readLimited } from '../core/request';
import type { FlowwiseClient } from './createFlowwiseClient';

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
   *
   * `request` is the incoming request, its body already read into `order`: use its headers (a
   * session cookie) and its `signal` (aborted when the shopper goes away). Called as a Fetch handler,
   * it is the `Request` the handler was given. Through `toNodeHandler()`, it is a `Request` with
   * the same URL, method, headers and signal and no body, built only when `prepareOrder` declares a
   * second parameter (a `(order) => …` function never pays for it).
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

/**
 * One request as the handler sees it, whatever carried it: a Fetch `Request`, or Node's
 * `IncomingMessage` when the handler runs through `toNodeHandler()`.
 */
export interface OrderExchange {
  /** The request method; the standard ones upper-case. */
  readonly method: string;
  /** A request header, `null` or `undefined` when absent. */
  header(name: 'content-type' | 'content-length'): string | null | undefined;
  /**
   * The body as UTF-8 text, or `undefined` as soon as it passes `maxBytes` (the rest is left
   * unread). Rejects when the body cannot be read.
   */
  readBody(maxBytes: number): Promise<string | undefined>;
  /** Aborted when the browser goes away. */
  readonly signal: AbortSignal;
  /**
   * The `Request` passed to `prepareOrder`, or a function that builds one, called only when
   * `prepareOrder` declares that parameter.
   */
  readonly request: Request | (() => Request);
}

/** The handler's answer, before it becomes a `Response` or is written to a Node `ServerResponse`. */
export interface OrderAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

type Answerer = (exchange: OrderExchange) => Promise<OrderAnswer>;

// Where a handler made by createOrderHandler keeps its transport-neutral core, so that
// toNodeHandler can drive it straight from Node's request and response.
const answerer = Symbol('createOrderHandler.answer');

/** The transport-neutral core of a handler made by {@link createOrderHandler}; `undefined` for any other handler. */
export function answererOf(handler: FetchHandler): Answerer | undefined {
  const answer = (handler as unknown as Record<symbol, unknown>)[answerer];
  return typeof answer === 'function' ? (answer as Answerer) : undefined;
}

const SERVICE_UNAVAILABLE = 'The payment service is unavailable right now. Please try again in a moment.';

function isJsonMediaType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function defaultOnError(_error: unknown, info: CreateOrderHandlerErrorInfo): void {
  console.error(`[@flowwise/react/server] ${info.status} ${info.code}: ${info.message}`);
}

function describe(error: unknown): string {
  if (isFlowwiseError(error)) {
    const details = [error.kind, error.status, error.code, error.issues && describeIssues(error.issues), error.requestId && `request ${error.requestId}`]
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
 * failure; a timeout is 504. Mounted with `toNodeHandler()`, the same logic answers straight from
 * Node's request and response, with no Fetch `Request` or `Response` in between.
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
  // A `(order) => …` prepareOrder never sees the request, so toNodeHandler need not build one.
  const wantsRequest = prepareOrder.length !== 1;
  const requestFor = ({ request }: OrderExchange) =>
    typeof request !== 'function' ? request : wantsRequest ? request() : (undefined as unknown as Request);

  /** A JSON `ErrorResponse` (the spec's `{ message, code, type }`) or order response, never cached. */
  // What the client returns and throws is already redacted; the store's own errors (prepareOrder's) and
  // log lines are not, so they go through the client's redaction here.
  const redact = (text: string) => client.redact?.(text) ?? text;

  const json = (status: number, body: unknown, headers?: Record<string, string>): OrderAnswer => ({
    status,
    headers: {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(body),
  });

  const reject = (status: number, message: string, code: string, type: string, headers?: Record<string, string>) =>
    json(status, { message, code, type } satisfies FlowwiseErrorResponse, headers);

  const fail = (status: number, code: string, error: unknown, logMessage: string, message = SERVICE_UNAVAILABLE) => {
    try {
      onError(error, { status, code, message: redact(logMessage) });
    } catch {
      // A broken logger must not turn a clear error response into a crash.
    }
    return reject(status, message, code, 'server_error');
  };

  async function answer(exchange: OrderExchange): Promise<OrderAnswer> {
    if (exchange.method !== 'POST') {
      return reject(405, `Method ${exchange.method} is not allowed; use POST.`, 'method_not_allowed', 'invalid_request_error', {
        allow: 'POST',
      });
    }
    if (!isJsonMediaType(exchange.header('content-type'))) {
      return reject(415, 'The order must be sent as JSON (Content-Type: application/json).', 'unsupported_media_type', 'invalid_request_error');
    }
    const tooLarge = () =>
      reject(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'payload_too_large', 'invalid_request_error');
    const declaredLength = Number(exchange.header('content-length') ?? 0);
    if (declaredLength > maxBodyBytes) return tooLarge();

    let text: string | undefined;
    try {
      text = await exchange.readBody(maxBodyBytes);
    } catch {
      return reject(400, 'The request body could not be read.', 'unreadable_body', 'invalid_request_error');
    }
    if (text === undefined) return tooLarge();

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return reject(400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
    }

    let order: CreateOrderRequest;
    try {
      order = parseOrder(body);
    } catch (error) {
      return reject(400, (error as FlowwiseError).message, 'invalid_order', 'validation_error');
    }

    let prepared: CreateOrderRequest;
    try {
      prepared = await prepareOrder(order, requestFor(exchange));
    } catch (error) {
      if (isFlowwiseError(error) && error.kind === 'validation') {
        return reject(400, redact(error.message), redact(error.code ?? 'order_rejected'), 'validation_error');
      }
      return fail(500, 'internal_error', error, `prepareOrder() threw: ${describe(error)}`, 'Your order could not be prepared. Please try again.');
    }
    try {
      prepared = parseOrder(prepared);
    } catch (error) {
      return fail(500, 'internal_error', error, `prepareOrder() returned an invalid order: ${describe(error)}`, 'Your order could not be prepared. Please try again.');
    }

    try {
      const created = await client.createOrder(prepared, { signal: exchange.signal });
      return json(200, created);
    } catch (error) {
      return upstreamFailure(error);
    }
  }

  function upstreamFailure(error: unknown): OrderAnswer {
    if (!isFlowwiseError(error)) return fail(500, 'internal_error', error, `Creating the order failed: ${describe(error)}`);
    const requestId = error.requestId ? { 'x-request-id': error.requestId } : undefined;
    switch (error.kind) {
      case 'http': {
        const status = error.status ?? 502;
        if (status === 401 || status === 403) {
          return fail(502, 'bad_gateway', error, `Flowwise rejected the merchant credentials (${status}): check clientId, clientSecret and environment. ${describe(error)}`);
        }
        if (status >= 400 && status < 500 && error.code !== undefined && error.type !== undefined) {
          // Flowwise's own words about the order (an invalid amount, a reused order_id) help the shopper.
          return json(status, { message: error.message, code: error.code, type: error.type }, requestId);
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

  const handleCreateOrder: FetchHandler = async function handleCreateOrder(request) {
    const { status, headers, body } = await answer({
      method: request.method,
      header: (name) => request.headers.get(name),
      readBody: (maxBytes) => readLimited(request.body, maxBytes),
      signal: request.signal,
      request,
    });
    return new Response(body, { status, headers });
  };
  Object.defineProperty(handleCreateOrder, answerer, { value: answer });
  return handleCreateOrder;
}
