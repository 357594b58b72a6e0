import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrder, parseWith, type PayloadSchema } from '../core/validate';
import type { CreateOrderRequest, CreateOrderResponse, FlowwiseErrorResponse } from '../schemas';
import { readLimited } from '../core/request';
import type { FlowwiseClient } from './createFlowwiseClient';
import { answers, defaultOnError, describe, randomId, type HandlerErrorReporter } from './answer';

/** A Fetch-API request handler: a Next.js App Router route handler, a Hono, Remix or Bun handler as is. */
export type FetchHandler = (request: Request) => Promise<Response>;

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

/** An `order_id` for an order whose `prepareOrder` left it out: `order_` and 22 URL-safe characters. */
export const newOrderId = () => randomId('order_');

/** The issues of a validation error as an `ErrorResponse` carries them: code, field path and message. */
function issuesOf(error: unknown): FlowwiseErrorResponse['issues'] {
  return (error as FlowwiseError).issues
    ?.slice(0, 10)
    .map(({ code, path, message }) => ({ code, path: path.map((key) => (typeof key === 'number' ? key : String(key))), message }));
}

const DEFAULT_MAX_BODY_BYTES = 16_384;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;

function isJsonMediaType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Checks `allowedOrigins` once, where it is given: an entry a browser would never send as `Origin`
 * (a path, a trailing slash, userinfo, a wildcard) would silently match nothing, or something else.
 */
function parseAllowedOrigins(allowedOrigins: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(allowedOrigins)) {
    throw new TypeError(
      `createOrderHandler(): allowedOrigins must be an array of origins such as ['https://shop.example'] (got ${JSON.stringify(allowedOrigins)}).`,
    );
  }
  allowedOrigins.forEach((entry: unknown, index) => {
    const text = String(entry);
    let origin = '';
    try {
      origin = new URL(text).origin;
    } catch {
      // Not a URL at all: no origin to suggest.
    }
    // A URL may hold `*` in its host, but no browser sends a pattern as its Origin.
    if (origin === entry && !text.includes('*')) return;
    // Suggested only for the origin plus a path or in another case, never for userinfo ("https://a@b").
    const hint = origin && !text.includes('*') && text.toLowerCase().startsWith(origin) ? ` Did you mean ${JSON.stringify(origin)}?` : '';
    throw new TypeError(
      `createOrderHandler(): allowedOrigins[${index}] must be an origin as a browser sends it in the Origin header: ` +
        `scheme, host and optional port, nothing else, such as "https://shop.example" (got ${JSON.stringify(entry)}).${hint}`,
    );
  });
  return new Set(allowedOrigins);
}

/** The host (and port) of an `Origin` header, or `undefined` for `null` and anything unparsable. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser sent this request from another site's page: `Sec-Fetch-Site: cross-site`, or an
 * `Origin` whose host is neither the request URL's nor the `Host` header's, and not one of
 * `allowedOrigins`. The scheme is left out because a proxy that ends TLS hands the server an `http:`
 * URL for an `https:` page. The `Host` header counts because some frameworks build the request URL
 * from their own configuration: Next.js (`next start`, `next dev`) gives route handlers a
 * `http://localhost:<port>` URL whatever host the page was loaded from. A page cannot set `Host`.
 */
function isCrossSite(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null && allowedOrigins.has(origin)) return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  if (origin === null) return false;
  const host = originHost(origin);
  return host === undefined || (host !== new URL(request.url).host && host !== request.headers.get('host')?.toLowerCase());
}

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
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new TypeError(`createOrderHandler(): maxBodyBytes must be a positive whole number (got ${String(maxBodyBytes)}).`);
  }
  if (!(Number.isSafeInteger(bodyTimeoutMs) && bodyTimeoutMs > 0)) {
    throw new TypeError(
      `createOrderHandler(): bodyTimeoutMs must be a positive whole number of milliseconds (got ${String(bodyTimeoutMs)}).`,
    );
  }
  const trustedOrigins = parseAllowedOrigins(allowedOrigins);
  // What the client returns and throws is already redacted; the store's own errors (prepareOrder's) and
  // log lines are not, so they go through the client's redaction here.
  const redact = (text: string) => client.redact?.(text) ?? text;

  return async function handleCreateOrder(request) {
    // Flowwise's id replaces the one made here as soon as its answer arrives.
    const { json, reject, fail, upstreamFailure, setRequestId } = answers(onError, redact);
    const tooLarge = () =>
      reject(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'payload_too_large', 'invalid_request_error');
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
    if (Number(request.headers.get('content-length') ?? 0) > maxBodyBytes) return tooLarge();

    // A body sent a byte at a time, or a stream that stalls, must not hold the request open: at the
    // deadline the reader is cancelled, which ends the read.
    const reader = request.body?.getReader();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      void reader?.cancel().catch(() => undefined);
    }, bodyTimeoutMs);
    let text: string | undefined | null;
    try {
      text = await readLimited(reader, maxBodyBytes);
    } catch {
      text = null;
    } finally {
      clearTimeout(deadline);
    }
    if (timedOut)
      return reject(408, `The request body did not arrive within ${bodyTimeoutMs} ms.`, 'request_timeout', 'invalid_request_error');
    if (text === null) return reject(400, 'The request body could not be read.', 'unreadable_body', 'invalid_request_error');
    if (text === undefined) return tooLarge();

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return reject(400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
    }

    let payload: TPayload;
    try {
      payload = schema ? parseWith(schema, body) : (parseOrder(body) as TPayload);
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
      return fail(500, 'internal_error', error, `prepareOrder() threw: ${describe(error)}`, notPrepared);
    }
    let prepared: CreateOrderRequest;
    try {
      // Made here, not by the browser, so that a page rendered once for everyone (a prerendered Server
      // Component) still gives every shopper an order of their own.
      prepared = parseOrder(
        result && typeof result === 'object' && result.order_id === undefined ? { ...result, order_id: newOrderId() } : result,
      );
    } catch (error) {
      return fail(500, 'internal_error', error, `prepareOrder() returned an invalid order: ${describe(error)}`, notPrepared);
    }

    let created: CreateOrderResponse;
    try {
      created = await client.createOrder(prepared, { signal: request.signal, onRequestId: setRequestId });
    } catch (error) {
      const resumed = await resume(error, prepared.order_id, request.signal, setRequestId);
      if (resumed instanceof Response) return resumed;
      if (!resumed) return upstreamFailure(error, 'Creating the order');
      created = resumed;
    }
    try {
      await onOrderCreated?.(created, prepared, request);
    } catch (error) {
      return fail(
        500,
        'internal_error',
        error,
        `onOrderCreated() threw for ${prepared.order_id}: ${describe(error)}`,
        'The order could not be recorded.',
      );
    }
    return json(200, created);

    /**
     * Flowwise refused the order because its `order_id` exists (a retry after a timeout, a second tab):
     * an order still ACTIVE and unexpired is answered as if created, so the shopper goes on to the same
     * checkout; a PAID or EXPIRED one is a 409 of its own. `undefined` when the error is something else,
     * or the order cannot be read: the refusal is then passed on as it is.
     */
    async function resume(error: unknown, orderId: string, signal: AbortSignal, onRequestId: (id: string) => void) {
      if (!(isFlowwiseError(error) && error.kind === 'http' && error.code === 'already_exists' && client.getOrder)) return undefined;
      let order;
      try {
        order = await client.getOrder(orderId, { signal, onRequestId });
      } catch {
        return undefined;
      }
      const expired = order.order_status === 'EXPIRED' || Date.parse(order.order_expiry_time ?? '') <= Date.now();
      if (order.order_status === 'PAID') {
        return reject(409, `Order ${orderId} exists and is already paid.`, 'order_already_paid', 'invalid_request_error');
      }
      if (expired) return reject(409, `Order ${orderId} exists and has expired.`, 'order_expired', 'invalid_request_error');
      if (order.order_status === 'ACTIVE' && order.checkout_url)
        return { ...order, checkout_url: order.checkout_url } satisfies CreateOrderResponse;
      return undefined;
    }
  };
}
