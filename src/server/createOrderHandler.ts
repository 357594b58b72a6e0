import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder, parseWith, type PayloadSchema } from '../core/validate';
import type { CreateOrderRequest, CreateOrderResponse, FlowwiseErrorResponse } from '../schemas';
import type { FlowwiseClient } from './createFlowwiseClient';
import { isCrossSite, isJsonMediaType, parseAllowedOrigins } from './crossSite';
import { newOrderId } from './ids';
import { readBody } from './readBody';
import { resumeOrder } from './resumeOrder';
import { createResponder, defaultOnError, describeError } from './responses';
import type { FetchHandler, HandlerErrorReporter } from './types';

/** What `prepareOrder` returns: the order to create, whose `order_id` the handler makes when it is left out. */
export type PreparedOrder = Omit<CreateOrderRequest, 'order_id'> & { order_id?: string };

/** Options for {@link createOrderHandler}. */
export interface CreateOrderHandlerOptions<TPayload = CreateOrderRequest> {
  /**
   * The Flowwise client, from `createFlowwiseClient()` (its `createOrder`, `redact`, and `getOrder` to
   * resume a reused `order_id`). Required.
   */
  client: Pick<FlowwiseClient, 'createOrder' | 'redact'> & Partial<Pick<FlowwiseClient, 'getOrder'>>;
  /**
   * The schema of what the browser posts, in your own shape (a zod schema such as
   * `z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })) })`). A body
   * that fails it is answered 400 (`invalid_payload`, with `issues` naming each field) and never reaches
   * `prepareOrder`. Defaults to none: the body must then be a full `CreateOrderRequest` (else 400
   * `invalid_order`), as posted by older versions of the browser side.
   */
  schema?: PayloadSchema<TPayload>;
  /**
   * Builds the order to send to Flowwise from what the browser posted and your own data: price the
   * cart from your catalogue, attach the signed-in customer, set `return_base_url`. Required, because
   * what the browser sends (an amount above all) is whatever the shopper chose to send. Leave out
   * `order_id` and the handler makes an unguessable one for each request, so that no two shoppers
   * share one (an `order_id` the browser sent is used only if you pass it on). The result is checked
   * against `CreateOrderRequest`: an invalid order answers 500 and nothing is sent to Flowwise.
   * Throw a `FlowwiseError` of kind `validation` to answer 400 with its message (and its `code`, if
   * set); any other error answers 500 with a generic message. Trusting a full order from the browser
   * as is must be said explicitly: `prepareOrder: (order) => order`.
   *
   * `request` is the `Request` the handler was given (through `toNodeHandler()` too), its body
   * already read into `payload`: use its headers (a session cookie) and its `signal` (aborted when the
   * shopper goes away).
   */
  prepareOrder: (payload: TPayload, request: Request) => PreparedOrder | Promise<PreparedOrder>;
  /** The largest request body accepted, in bytes; larger ones get 413 without being read. Defaults to `16384`. */
  maxBodyBytes?: number;
  /**
   * How long the request body may take to arrive, in milliseconds, from when the handler starts
   * reading it. A body still incomplete then (a client sending a byte a second, a stalled stream) is
   * answered 408 and left unread; through `toNodeHandler()` the connection is then closed. Defaults
   * to `10000`.
   */
  bodyTimeoutMs?: number;
  /**
   * Origins, besides the endpoint's own, whose pages may post orders: `['https://shop.example']`.
   * Each is a bare origin (scheme, host and optional port) written as a browser sends it in `Origin`.
   *
   * A browser request from another site is refused with 403 (`cross_site_request`): one whose
   * `Sec-Fetch-Site` is `cross-site`, or whose `Origin` names another host than both the request
   * URL's and the `Host` header's (Next.js builds route handlers' request URLs on `localhost`).
   * The scheme is not compared, so a proxy that ends TLS in front of the server changes nothing.
   * Requests with neither header (your own server, curl) are not browser requests and pass.
   * List an origin here when the storefront's pages are served from another host than this
   * endpoint sees: a storefront on its own domain, or a proxy or rewrite that passes this endpoint
   * another `Host`. A storefront that posts to another origin directly also needs CORS (a
   * preflight answer) in front of this handler. Defaults to `[]`.
   */
  allowedOrigins?: readonly string[];
  /**
   * Called once Flowwise has the order, before the browser is answered: record it in your database
   * (`order.order_id` is the id to keep, with the cart you priced). Awaited; if it throws, the browser
   * is answered 500 and the shopper is not sent to pay an order you have no record of. Called again for
   * an `order_id` resumed after a retry, so make it idempotent on `order_id`. Defaults to none.
   */
  onOrderCreated?: (response: CreateOrderResponse, order: CreateOrderRequest, request: Request) => void | Promise<void>;
  /**
   * Called when the handler answers 500, 502 or 504, for your logs. Defaults to one `console.error`
   * line (never containing the client secret) ending with the request id. `error` is the original error.
   */
  onError?: HandlerErrorReporter;
}

/** The issues of a validation error as an `ErrorResponse` carries them: code, field path and message. */
function issuesOf(error: unknown): FlowwiseErrorResponse['issues'] {
  return (error as FlowwiseError).issues
    ?.slice(0, 10)
    .map(({ code, path, message }) => ({ code, path: path.map((key) => (typeof key === 'number' ? key : String(key))), message }));
}

const DEFAULT_MAX_BODY_BYTES = 16_384;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * Creates the merchant endpoint the browser's `useCreateOrder` and `<FlowwiseCheckoutButton>` post
 * to: a Fetch-API handler `(request) => Promise<Response>`. It accepts only a JSON `POST` from the
 * shop's own pages (or `allowedOrigins`) whose body arrives within `maxBodyBytes` and
 * `bodyTimeoutMs`, checks it with `schema` (or as a full order), runs `prepareOrder`, gives the order
 * an `order_id` when it has none, creates it with Flowwise and answers with its response. Every
 * failure is an `ErrorResponse` (`{ message, code, type }`, plus `issues` for an invalid body) whose
 * `message` is for developers (the browser shows shoppers its own words); bad input never reaches
 * Flowwise. Flowwise's 4xx errors pass through, except 401/403 (your credentials are wrong, which the
 * shopper cannot fix), which become 502 like any other upstream failure; a timeout is 504; missing
 * credentials are 500. Every answer carries an `x-request-id`: Flowwise's, or one made here. On
 * Node's `http` or Express, mount it with `toNodeHandler()`.
 *
 * @example
 * // app/api/flowwise/orders/route.ts (Next.js App Router)
 * export const POST = createOrderHandler({
 *   client: flowwise,
 *   schema: cartSchema,
 *   prepareOrder: async (cart) => ({ ...(await priceCart(cart)), return_base_url: 'https://shop.example/return' }),
 * });
 */
export function createOrderHandler<TPayload = CreateOrderRequest>(options: CreateOrderHandlerOptions<TPayload>): FetchHandler {
  const {
    client,
    schema,
    prepareOrder,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    bodyTimeoutMs = DEFAULT_BODY_TIMEOUT_MS,
    allowedOrigins = [],
    onOrderCreated,
    onError = defaultOnError,
  } = options ?? ({} as CreateOrderHandlerOptions<TPayload>);
  if (typeof client?.createOrder !== 'function') {
    throw new TypeError('createOrderHandler(): client is missing. Pass the client from createFlowwiseClient().');
  }
  if (typeof prepareOrder !== 'function') {
    throw new TypeError(
      'createOrderHandler(): prepareOrder is missing. It builds the order to send to Flowwise from what the ' +
        'browser posted and your own data (price the cart, attach the customer). To send a full order exactly ' +
        'as the browser built it, pass prepareOrder: (order) => order.',
    );
  }
  if (schema !== undefined && typeof schema?.safeParse !== 'function') {
    throw new TypeError('createOrderHandler(): schema must be a zod schema (anything with safeParse), or left out.');
  }
  for (const [name, value, unit] of [
    ['maxBodyBytes', maxBodyBytes, ''],
    ['bodyTimeoutMs', bodyTimeoutMs, ' of milliseconds'],
  ] as const) {
    if (!(Number.isSafeInteger(value) && value > 0)) {
      throw new TypeError(`createOrderHandler(): ${name} must be a positive whole number${unit} (got ${String(value)}).`);
    }
  }
  const trustedOrigins = parseAllowedOrigins(allowedOrigins);
  // What the client returns and throws is already redacted; the store's own errors (prepareOrder's) and
  // log lines are not, so they go through the client's redaction here.
  const redact = (text: string) => client.redact?.(text) ?? text;

  return async function handleCreateOrder(request) {
    // Flowwise's id replaces the one made here as soon as its answer arrives.
    const { json, reject, fail, upstreamFailure, setRequestId } = createResponder(onError, redact);
    const invalid = (error: unknown, code: string) =>
      reject(400, (error as FlowwiseError).message, code, 'validation_error', { issues: issuesOf(error) });
    const notPrepared = 'Your order could not be prepared. Please try again.';

    if (request.method !== 'POST') {
      return reject(405, `Method ${request.method} is not allowed; use POST.`, 'method_not_allowed', 'invalid_request_error', undefined, {
        allow: 'POST',
      });
    }
    if (isCrossSite(request, trustedOrigins)) {
      return reject(
        403,
        'A browser request from another site was refused; list its origin in allowedOrigins if it is yours.',
        'cross_site_request',
        'invalid_request_error',
      );
    }
    if (!isJsonMediaType(request.headers.get('content-type'))) {
      return reject(
        415,
        'The order must be sent as JSON (Content-Type: application/json).',
        'unsupported_media_type',
        'invalid_request_error',
      );
    }
    const body = await readBody(request, maxBodyBytes, bodyTimeoutMs);
    if (!body.read) {
      if (body.why === 'timeout') {
        return reject(408, `The request body did not arrive within ${bodyTimeoutMs} ms.`, 'request_timeout', 'invalid_request_error');
      }
      if (body.why === 'unreadable') return reject(400, 'The request body could not be read.', 'unreadable_body', 'invalid_request_error');
      return reject(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'payload_too_large', 'invalid_request_error');
    }

    let posted: unknown;
    try {
      posted = JSON.parse(body.text);
    } catch {
      return reject(400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
    }

    let payload: TPayload;
    try {
      payload = schema ? parseWith(schema, posted) : (parseOrder(posted) as TPayload);
    } catch (error) {
      return invalid(error, schema ? 'invalid_payload' : 'invalid_order');
    }

    let result: PreparedOrder;
    try {
      result = await prepareOrder(payload, request);
    } catch (error) {
      if (isFlowwiseError(error) && error.kind === 'validation') {
        return reject(400, redact(error.message), redact(error.code ?? 'order_rejected'), 'validation_error');
      }
      return fail(500, 'internal_error', error, `prepareOrder() threw: ${describeError(error)}`, notPrepared);
    }
    let prepared: CreateOrderRequest;
    try {
      // Made here, not by the browser, so that a page rendered once for everyone (a prerendered Server
      // Component) still gives every shopper an order of their own.
      prepared = parseOrder(
        result && typeof result === 'object' && result.order_id === undefined ? { ...result, order_id: newOrderId() } : result,
      );
    } catch (error) {
      return fail(500, 'internal_error', error, `prepareOrder() returned an invalid order: ${describeError(error)}`, notPrepared);
    }

    let created: CreateOrderResponse;
    const call = { signal: request.signal, onRequestId: setRequestId };
    try {
      created = await client.createOrder(prepared, call);
    } catch (error) {
      const resumption = await resumeOrder(client.getOrder, error, prepared.order_id, call);
      if (resumption?.refused) return reject(409, resumption.refused.message, resumption.refused.code, 'invalid_request_error');
      if (!resumption) return upstreamFailure(error, 'Creating the order');
      created = resumption.resumed;
    }
    try {
      await onOrderCreated?.(created, prepared, request);
    } catch (error) {
      return fail(
        500,
        'internal_error',
        error,
        `onOrderCreated() threw for ${prepared.order_id}: ${describeError(error)}`,
        'The order could not be recorded.',
      );
    }
    return json(200, created);
  };
}
