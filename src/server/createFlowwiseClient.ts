import type * as z from 'zod/mini';
import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { requestJson, type JsonRequest } from '../core/request';
import { assertSameOrder, parseOrderId } from '../core/validate';
import {
  getOrderResponseSchema,
  orderPaymentsSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type GetOrderResponse,
  type OrderPayments,
} from '../schemas';
import { redactSecret } from './redact';
import { DEFAULT_RETRY_AFTER_MS, retryAfterMs } from '../core/retryAfter';
import { DEFAULT_SERVER_TIMEOUT_MS, postOrder, resolveBaseUrl, upstreamRequest, type FlowwiseEnvironment } from './upstream';

/** Options for {@link createFlowwiseClient}. */
export interface FlowwiseClientOptions {
  /**
   * Your Flowwise client (app) id, sent as `x-client-id`. Defaults to `process.env.FLOWWISE_CLIENT_ID`,
   * read at each request, so that a build without credentials (`next build` in CI) still works; a
   * request with neither fails as `integration` (code `missing_credentials`) naming the variable.
   */
  clientId?: string;
  /**
   * Your Flowwise client secret, sent as `x-client-secret`; keep it on the server. Defaults to
   * `process.env.FLOWWISE_CLIENT_SECRET`, read at each request, as for `clientId`.
   */
  clientSecret?: string;
  /** `'sandbox'` or `'production'`; picks the API base URL. Required. */
  environment: FlowwiseEnvironment;
  /**
   * The API base URL, overriding the environment's (for a proxy or the local sandbox), without the
   * trailing `/orders`. It must be `https:`, since every request carries the client secret; plain
   * `http:` is accepted only with `environment: 'sandbox'` on `localhost`, `127.0.0.1` or `[::1]` (the
   * local sandbox), and anything else fails at creation as `integration` (code `insecure_base_url`).
   * Defaults to `https://sandbox.flowwise.com/router` or `https://app.flowwise.com/router`.
   */
  baseUrl?: string;
  /** The `fetch` to use. Defaults to the global `fetch` at call time. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds before a request to Flowwise is given up as a `timeout`. Defaults to `10000`. */
  timeoutMs?: number;
}

/** Options for one call of a {@link FlowwiseClient} method. */
export interface FlowwiseClientCallOptions {
  /** Aborts the request (e.g. the shopper's request was cancelled); the call then fails with a `network` error. */
  signal?: AbortSignal;
  /** Called with Flowwise's `x-request-id` when its answer arrives (and has one), success or not. */
  onRequestId?: (requestId: string) => void;
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
   * set), `network`, `timeout`, `invalid_response`, or `integration` (no credentials: code `missing_credentials`). A redirect is not followed (it would carry your
   * credentials wherever it points): it fails as `network`.
   */
  createOrder(order: CreateOrderRequest, options?: FlowwiseClientCallOptions): Promise<CreateOrderResponse>;
  /**
   * Reads an order with Flowwise `GET /orders/{order_id}`: its `order_status` (ACTIVE, PAID, EXPIRED, or
   * a value added later: treat one you do not know as not paid), `checkout_url` and expiry. It needs no
   * `this`, so it can be passed around on its own (`const { getOrder } = flowwise`). The id is
   * checked first (a `validation` error, nothing sent) and sent encoded in the path. Fails as
   * `createOrder` does; an unknown order is an `http` error with `status` 404 (code `not_found`), and an
   * answer for another order is `invalid_response` (code `order_id_mismatch`).
   *
   * @example
   * const order = await flowwise.getOrder(orderId, { signal: request.signal });
   * if (order.order_status === 'PAID') await fulfil(order.order_id);
   */
  getOrder(this: void, orderId: string, options?: FlowwiseClientCallOptions): Promise<GetOrderResponse>;
  /**
   * Lists every payment attempt on an order with Flowwise `GET /orders/{orderId}/payments` (empty before
   * the shopper tries to pay; the spec gives no order). Each has its `payment_id` and `status` (SUCCESS,
   * FAILED, USER_DROPPED, INIT_FAILED and REVERSED are final; INITIATED, REDIRECTED and PENDING are still
   * moving), and usually its method, amount and currency. Checks the id and fails as {@link getOrder}
   * does; a payment naming another order is `invalid_response` (code `order_id_mismatch`).
   *
   * @example
   * const payments = await flowwise.getOrderPayments(orderId);
   * const waiting = payments.some((payment) => payment.status === 'PENDING');
   */
  getOrderPayments(this: void, orderId: string, options?: FlowwiseClientCallOptions): Promise<OrderPayments>;
  /**
   * Returns `value` with the client secret replaced by `[redacted]` in every string it holds (errors
   * and their causes included). The client applies it to all it returns and throws; use it on your
   * own log lines. `createOrderHandler` applies it to what your `prepareOrder` throws.
   */
  redact?<T>(value: T): T;
}

function configError(message: string): TypeError {
  return new TypeError(`createFlowwiseClient(): ${message}`);
}

/** A credential from the options, else from its environment variable at the time of the request. */
function credential(given: string | undefined, variable: string): string {
  const value = given || (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[variable];
  if (value?.trim()) return value;
  throw new FlowwiseError(
    'integration',
    `${variable} is not set: set it in the server's environment, or pass it to createFlowwiseClient().`,
    {
      code: 'missing_credentials',
    },
  );
}

/**
 * Creates a server-side client for the Flowwise API. Invalid options fail here, at start-up;
 * credentials are read at each request (from the options, else `FLOWWISE_CLIENT_ID` and
 * `FLOWWISE_CLIENT_SECRET`), so a build with no credentials set succeeds and a request without them
 * fails with an error naming the missing variable. The secret is kept in a closure: it is not a
 * property of the client, so logging the client never prints it. Whatever the client returns or
 * throws has the secret replaced by `[redacted]` wherever Flowwise (or a proxy) echoed it, so a
 * wrapper around the client cannot lose that guarantee.
 *
 * @example
 * // Reads FLOWWISE_CLIENT_ID and FLOWWISE_CLIENT_SECRET when a request needs them.
 * const flowwise = createFlowwiseClient({ environment: 'sandbox' });
 * const { checkout_url } = await flowwise.createOrder(order);
 */
export function createFlowwiseClient(options: FlowwiseClientOptions): FlowwiseClient {
  const { clientId, clientSecret, environment, fetch, timeoutMs = DEFAULT_SERVER_TIMEOUT_MS } = options ?? ({} as FlowwiseClientOptions);
  for (const [name, value] of Object.entries({ clientId, clientSecret })) {
    if (value !== undefined && typeof value !== 'string') {
      throw configError(`${name} must be a string (got ${typeof value}).`);
    }
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw configError(`timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)}).`);
  }
  const baseUrl = resolveBaseUrl(environment, options.baseUrl);

  /** `value` with the secret replaced in every string it holds, errors and their causes included. */
  const redact = <T>(value: T): T => {
    let secret = '';
    try {
      secret = credential(clientSecret, 'FLOWWISE_CLIENT_SECRET');
    } catch {
      // No secret, nothing to hide.
    }
    return redactSecret(value, secret);
  };

  // Read at each request, inside its time limit: a missing one fails that request, naming the variable.
  const credentials = () => ({
    'x-client-id': credential(clientId, 'FLOWWISE_CLIENT_ID'),
    'x-client-secret': credential(clientSecret, 'FLOWWISE_CLIENT_SECRET'),
  });

  async function createOrder(
    order: CreateOrderRequest,
    { signal, onRequestId }: FlowwiseClientCallOptions = {},
  ): Promise<CreateOrderResponse> {
    return send({ signal, onRequestId }, (request) => postOrder(order, { url: `${baseUrl}/orders`, headers: credentials, ...request }));
  }

  /**
   * One request to Flowwise, with the options every request gets: what it returns and throws has the
   * secret redacted, and a 429 carries the wait Flowwise asks for (`retryAfterMs`).
   */
  async function send<T>(callOptions: FlowwiseClientCallOptions, run: (request: ReturnType<typeof upstreamRequest>) => Promise<T>) {
    const request = upstreamRequest(timeoutMs, fetch, callOptions);
    let wait: number | undefined;
    const onResponse = (response: Response) => {
      request.onResponse?.(response);
      if (response.status === 429) wait = retryAfterMs(response.headers) ?? DEFAULT_RETRY_AFTER_MS;
    };
    try {
      return redact(await run({ ...request, onResponse }));
    } catch (error) {
      const limited = wait !== undefined && isFlowwiseError(error) && error.status === 429;
      throw redact(limited ? new FlowwiseError(error.kind, error.message, { ...error, cause: error.cause, retryAfterMs: wait }) : error);
    }
  }

  /**
   * One read of Flowwise (`GET <baseUrl>/orders/<id><suffix>`), with the guarantees of `createOrder`:
   * credentials from the closure, no redirect followed, the time limit, the body cap, the secret redacted.
   */
  async function readOrder<T>(
    orderId: string,
    suffix: string,
    schema: z.ZodMiniType<T>,
    callOptions: FlowwiseClientCallOptions,
    check: (body: T, messages: JsonRequest<T>['messages']) => void,
  ): Promise<T> {
    return send(callOptions, async (request) => {
      const body = await requestJson({
        ...request,
        method: 'GET',
        // Encoded, so that an id with `/`, `?`, `#` or `..` in it names that order and no other path.
        url: `${baseUrl}/orders/${encodeURIComponent(parseOrderId(orderId))}${suffix}`,
        headers: credentials,
        schema,
      });
      check(body, request.messages);
      return body;
    });
  }

  function getOrder(orderId: string, callOptions: FlowwiseClientCallOptions = {}): Promise<GetOrderResponse> {
    return readOrder(orderId, '', getOrderResponseSchema, callOptions, (order, messages) =>
      assertSameOrder(orderId, order.order_id, messages.invalid),
    );
  }

  function getOrderPayments(orderId: string, callOptions: FlowwiseClientCallOptions = {}): Promise<OrderPayments> {
    return readOrder(orderId, '/payments', orderPaymentsSchema, callOptions, (payments, messages) => {
      for (const payment of payments) assertSameOrder(orderId, payment.order_id, messages.invalid);
    });
  }

  return { environment, baseUrl, createOrder, getOrder, getOrderPayments, redact };
}
