import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder, parseWith, type PayloadSchema } from '../core/validate';
import type { CreateOrderRequest, FlowwiseErrorResponse } from '../schemas';
import type { FlowwiseClient } from './createFlowwiseClient';
import { admitRequest } from './admitRequest';
import { parseAllowedOrigins } from './crossSite';
import { newOrderId } from './ids';
import type { OrderStore } from './orderStore';
import { placeOrder } from './placeOrder';
import { createResponder, defaultOnError, describeError } from './responses';
import { guardStore } from './guardStore';
import { ownerOf, type OwnerRule } from './ownerOf';
import type { FetchHandler, HandlerErrorReporter } from './types';

/** What `prepareOrder` returns: the order to create, whose `order_id` the handler makes when it is left out. */
export type PreparedOrder = Omit<CreateOrderRequest, 'order_id'> & { order_id?: string };

/** Options for {@link createOrderHandler}. */
export interface CreateOrderHandlerOptions<TPayload = CreateOrderRequest> {
  /** The Flowwise client, from `createFlowwiseClient()` (its `createOrder` and `redact`). Required. */
  client: Pick<FlowwiseClient, 'createOrder' | 'redact'>;
  /**
   * Where every order is recorded before the shopper is sent to pay it: `createPostgresOrderStore({ db })`,
   * or `createMemoryOrderStore()` in tests and the sandbox; the same store as the status handler's. The
   * record holds the `order_id`, the validated payload (the cart), the prepared order, the owner,
   * whether the handler made the id, and once Flowwise answers, `checkout_url` and expiry. A store that
   * fails answers 503 (`store_unavailable`), and the shopper is not sent to pay. Required.
   */
  store: OrderStore;
  /**
   * Who is placing the order: your session's customer or session id for `request` (read its cookies),
   * or `null` for a guest. Recorded with the order; the status handler uses it to decide who may read
   * it. A request that reuses a recorded `order_id` is resumed only for the same, known owner with the
   * same order (amount, currency, customer and cart) while it can still be paid: any other is a 409
   * (`already_exists`) that says nothing of the recorded order. The same rule as the status
   * handler's. Defaults to nobody known: every order a guest's, and a reused `order_id` never resumed.
   */
  owner?: OwnerRule;
  /**
   * The schema of what the browser posts, in your own shape (a zod schema such as
   * `z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })) })`). A body
   * that fails it is answered 400 (`invalid_payload`, with `issues` naming each field) and never reaches
   * `prepareOrder`. Defaults to none: the body must then be a full `CreateOrderRequest` (else 400
   * `invalid_order`).
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
   * Called when the handler answers 500, 502, 503 or 504, for your logs. Defaults to one `console.error`
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
 * an `order_id` when it has none, records it in `store`, creates it with Flowwise, records Flowwise's
 * `checkout_url` and expiry, and answers `{ order_id, checkout_url }` (nothing else of Flowwise's
 * answer reaches the browser). A reused `order_id` is resumed the same way for its owner's same order, and is otherwise a 409; a store
 * that fails is a 503, and nobody is sent to pay an order the store does not hold. Every
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
 *   store: orders, // createPostgresOrderStore({ db }), shared with the status handler
 *   owner: (request) => sessionOf(request)?.customerId ?? null,
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
    owner,
    onError = defaultOnError,
  } = options ?? ({} as CreateOrderHandlerOptions<TPayload>);
  if (typeof client?.createOrder !== 'function') {
    throw new TypeError('createOrderHandler(): client is missing. Pass the client from createFlowwiseClient().');
  }
  if (owner !== undefined && typeof owner !== 'function') {
    throw new TypeError('createOrderHandler(): owner must be a function of the request returning its session or customer id, or null.');
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
  const store = guardStore(options.store, 'createOrderHandler()');
  // What the client returns and throws is already redacted; the store's own errors (prepareOrder's) and
  // log lines are not, so they go through the client's redaction here.
  const redact = (text: string) => client.redact?.(text) ?? text;

  return async function handleCreateOrder(request) {
    // Flowwise's id replaces the one made here as soon as its answer arrives.
    const { json, reject, fail, upstreamFailure, setRequestId } = createResponder(onError, redact);
    const invalid = (error: unknown, code: string) =>
      reject(400, (error as FlowwiseError).message, code, 'validation_error', { issues: issuesOf(error) });
    const notPrepared = 'Your order could not be prepared. Please try again.';

    const admitted = await admitRequest(request, { trustedOrigins, maxBodyBytes, bodyTimeoutMs });
    if (admitted.refused) return json(admitted.refused.status, admitted.refused.body, admitted.refused.headers);
    const { posted } = admitted;

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
    let ownerId: string | null;
    try {
      ownerId = await ownerOf(owner, request);
    } catch (error) {
      return fail(500, 'internal_error', error, `owner() threw: ${describeError(error)}`, notPrepared);
    }

    const placed = await placeOrder(
      { order: prepared, payload, owner: ownerId, orderIdSource: result.order_id === undefined ? 'handler' : 'prepareOrder' },
      { client, store, call: { signal: request.signal, onRequestId: setRequestId } },
    );
    switch (placed.result) {
      case 'created':
        return json(200, placed.answer);
      case 'refused':
        return reject(409, placed.refusal.message, placed.refusal.code, 'invalid_request_error');
      case 'upstream_failed':
        return upstreamFailure(placed.error, 'Creating the order');
      default:
        return fail(
          503,
          'store_unavailable',
          placed.error,
          describeError(placed.error),
          'The order could not be recorded: the order store is unavailable. See the server log for this request id.',
        );
    }
  };
}
