import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { PayloadSchema } from '../core/validate';
import { DEFAULT_ENDPOINT } from '../core/config';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import type { FlowwiseClient } from '../server/createFlowwiseClient';
import { postOrder, upstreamRequest } from '../server/upstream';
import { createOrderHandler, type PreparedOrder } from '../server/createOrderHandler';
import { newOrderId } from '../server/ids';
import { createMemoryOrderStore } from '../server/memoryOrderStore';
import { endpointPattern } from './endpointPattern';
import {
  BAD_GATEWAY_HTML,
  buildCreateOrderRequest,
  buildCreateOrderResponse,
  DEFAULT_PAYMENT_METHODS,
  exampleErrorResponses,
  mockCheckoutUrl,
} from './fixtures';
import { isoSeconds } from './isoSeconds';

/** Every way the mocked merchant endpoint can answer. */
export const createOrderScenarios = [
  'success',
  'invalid_amount',
  'already_paid',
  'already_expired',
  'unauthorized',
  'server_error',
  'bad_gateway_html',
  'malformed',
  'unsafe_url',
  'timeout',
  'network_error',
  'slow',
  'never',
] as const;

/**
 * What happens, and so how the mocked merchant endpoint answers. The answer is made by the real
 * `createOrderHandler` (from `@flowwise/react/server`) in front of a stand-in for Flowwise, so it is
 * exactly what your endpoint sends in the same situation, `x-request-id` (`MOCK_REQUEST_ID`) included:
 * - `success`: Flowwise creates the order: 200 `{ order_id, checkout_url }`, the `checkout_url` on
 *   `https://payments.flowwise.com`.
 * - `invalid_amount`: Flowwise refuses the amount (400 `invalid_amount`): passed on as it is.
 * - `already_paid`, `already_expired`: the order store already holds the posted order, the same
 *   shopper's, and it is paid or has expired: 409 `order_already_paid` or `order_expired`, with no call
 *   to Flowwise. (Posting the same order again through the same handlers resumes it: 200 with its
 *   `order_id` and `checkout_url`.)
 * - `unauthorized`: Flowwise refuses the merchant's credentials (401): 502 `bad_gateway`.
 * - `server_error`, `bad_gateway_html`, `malformed`: Flowwise answers 500, an HTML error page, or
 *   JSON without a `checkout_url`: 502 `bad_gateway`.
 * - `unsafe_url`: Flowwise answers `checkout_url: "javascript:alert(1)"`: 200, passed on (the browser refuses it).
 * - `timeout`: Flowwise does not answer in time (`delayMs` here): 504 `gateway_timeout`.
 * - `network_error`: the merchant endpoint cannot be reached at all.
 * - `slow`: `success` after `delayMs`.
 * - `never`: the merchant endpoint never answers, so the browser's timeout decides.
 * A body that is not a valid order (or fails `schema`) gets the handler's 400, as from a real endpoint.
 */
export type CreateOrderScenario = (typeof createOrderScenarios)[number];

/** Options for {@link mockCreateOrderEndpoint}. */
export interface MockCreateOrderEndpointOptions<TPayload = CreateOrderRequest> {
  /** What happens. Defaults to `'success'`. */
  scenario?: CreateOrderScenario;
  /**
   * The merchant endpoint to mock, as given to `<FlowwiseProvider endpoint>`. A path (starting with
   * `/`) matches on any origin. Defaults to `/api/flowwise/orders`.
   */
  endpoint?: string;
  /** How long `slow` and `timeout` wait before answering, in milliseconds. Defaults to `2000`. */
  delayMs?: number;
  /** Fields to set on Flowwise's answer in `success` and `slow`, over the echoed order (e.g. a different `checkout_url`). */
  response?: Partial<CreateOrderResponse>;
  /** Your endpoint's payload schema, as given to `createOrderHandler`. Defaults to none (a full order is expected). */
  schema?: PayloadSchema<TPayload>;
  /**
   * Your endpoint's `prepareOrder`, or a stand-in. Defaults to sending a full order as posted, or, with
   * `schema`, the example order from the Flowwise reference with a fresh `order_id`.
   */
  prepareOrder?: (payload: TPayload, request: Request) => PreparedOrder | Promise<PreparedOrder>;
  /** As given to `createOrderHandler`. Defaults to `[]`. */
  allowedOrigins?: readonly string[];
}

/** The `x-request-id` of every answer Flowwise's stand-in gives, so `FlowwiseError.requestId` can be shown and tested. */
export const MOCK_REQUEST_ID = 'req_flowwise_mock_0001';

// The owner of every order the mocked endpoint records: one shopper, so that posting an order again resumes it.
const MOCK_OWNER = 'mock_shopper';

const DEFAULT_SLOW_DELAY_MS = 2000;

/** A deterministic 32-hex-digit stand-in for Flowwise's `order_hash`. */
function mockOrderHash(orderId: string): string {
  let hex = '';
  for (let round = 0; round < 4; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of orderId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** What Flowwise would answer for `order`: the order's own fields, a fresh hash and times. */
function echo(order: CreateOrderRequest, overrides: Partial<CreateOrderResponse> = {}): CreateOrderResponse {
  const now = Date.now();
  const response = buildCreateOrderResponse({
    order_id: order.order_id,
    order_currency: order.order_currency,
    order_hash: mockOrderHash(order.order_id),
    added_on: isoSeconds(now),
    order_expiry_time: isoSeconds(now + (order.expiry_time_in_minutes ?? 120) * 60_000),
  });
  const optional = {
    customer_email: order.customer_details.customer_email,
    customer_id: order.customer_details.customer_id,
    // Flowwise's default when the order names none, as the sandbox answers.
    payment_methods: order.payment_methods ?? DEFAULT_PAYMENT_METHODS,
    order_note: order.order_note,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value === undefined) delete response[key];
    else response[key] = value;
  }
  return { ...response, ...overrides };
}

const headers = { 'x-request-id': MOCK_REQUEST_ID };

/** Flowwise's stand-in: what Flowwise answers `POST /orders` with in `scenario`. */
function flowwiseAnswer(scenario: CreateOrderScenario, order: CreateOrderRequest, response?: Partial<CreateOrderResponse>): Response {
  switch (scenario) {
    case 'invalid_amount':
      return Response.json(exampleErrorResponses[400], { status: 400, headers });
    case 'unauthorized':
      return Response.json(exampleErrorResponses[401], { status: 401, headers });
    case 'server_error':
      return Response.json(exampleErrorResponses[500], { status: 500, headers });
    case 'bad_gateway_html':
      return new Response(BAD_GATEWAY_HTML, { status: 502, headers: { ...headers, 'content-type': 'text/html' } });
    case 'malformed': {
      // A plausible API drift: the URL arrives under another name, so the response fails the schema.
      const { checkout_url, ...rest } = echo(order);
      return Response.json({ ...rest, payment_link: checkout_url }, { headers });
    }
    case 'unsafe_url':
      return Response.json(echo(order, { checkout_url: 'javascript:alert(1)' }), { headers });
    default:
      return Response.json(echo(order, response), { headers });
  }
}

/**
 * msw request handlers for the merchant endpoint that `useCreateOrder`, `useFlowwiseCheckout` and
 * `<FlowwiseCheckoutButton>` post to, answering as your `createOrderHandler` would in `scenario`
 * (it is the same handler, in front of a stand-in for Flowwise). Use them in `setupServer()` (Vitest,
 * Jest), `setupWorker()` or Storybook's `parameters.msw`.
 *
 * @example
 * const server = setupServer(...mockCreateOrderEndpoint());
 * // later, in one test:
 * server.use(...mockCreateOrderEndpoint({ scenario: 'server_error' }));
 * // a store that posts its cart:
 * server.use(...mockCreateOrderEndpoint({ schema: cartSchema, prepareOrder: priceCart }));
 */
export function mockCreateOrderEndpoint<TPayload = CreateOrderRequest>(
  options: MockCreateOrderEndpointOptions<TPayload> = {},
): HttpHandler[] {
  const { scenario = 'success', endpoint = DEFAULT_ENDPOINT, delayMs = DEFAULT_SLOW_DELAY_MS, response, schema, allowedOrigins } = options;
  if (!(createOrderScenarios as readonly string[]).includes(scenario)) {
    throw new TypeError(
      `mockCreateOrderEndpoint(): unknown scenario ${JSON.stringify(scenario)}. Use one of: ${createOrderScenarios.join(', ')}.`,
    );
  }
  const prepareOrder =
    options.prepareOrder ??
    ((payload: TPayload): PreparedOrder => {
      if (!schema) return payload as CreateOrderRequest;
      const { order_id: _made_by_the_handler, ...order } = buildCreateOrderRequest();
      return order;
    });

  // The server client's own request, sent to a stand-in for Flowwise instead of the network: no
  // credentials exist here, so none can end up in a browser bundle (Storybook) through the mocks.
  const flowwise: typeof fetch = async (_url, init) => {
    // The client sends the order it validated, as a JSON string.
    const order = JSON.parse(init?.body as string) as CreateOrderRequest;
    if (scenario === 'timeout') await delay('infinite');
    return flowwiseAnswer(scenario, order, response);
  };
  const client: Pick<FlowwiseClient, 'createOrder'> = {
    createOrder: (order, callOptions = {}) =>
      postOrder(order, {
        ...upstreamRequest(scenario === 'timeout' ? delayMs : 60_000, flowwise, callOptions),
        url: 'https://flowwise.mock/orders',
      }),
  };
  // The orders these handlers created, all one shopper's, as a store's endpoint records them.
  const store = createMemoryOrderStore();
  const ended = scenario === 'already_paid' ? 'paid' : scenario === 'already_expired' ? 'expired' : undefined;
  const recorded = async (payload: TPayload, request: Request): Promise<PreparedOrder> => {
    const prepared = await prepareOrder(payload, request);
    if (!ended) return prepared;
    // The shopper's earlier checkout of this very order, since paid or expired.
    const order = { ...prepared, order_id: prepared.order_id ?? newOrderId() };
    const { order_id: orderId } = order;
    await store.insert({
      orderId,
      owner: MOCK_OWNER,
      orderIdSource: 'prepareOrder',
      payload,
      order,
      checkoutUrl: mockCheckoutUrl(orderId),
      expiresAt: null,
    });
    await store.recordRead(orderId, { status: ended, outcome: 'pending', flowwiseStatus: ended.toUpperCase() });
    return order;
  };
  const owner = () => MOCK_OWNER;
  const endpointHandler = createOrderHandler({
    client,
    store,
    owner,
    schema,
    prepareOrder: recorded,
    allowedOrigins,
    onError: () => undefined,
  });

  const handler = http.post(endpointPattern(endpoint), async ({ request }) => {
    if (scenario === 'network_error') return HttpResponse.error();
    if (scenario === 'never') {
      await delay('infinite');
      return HttpResponse.error();
    }
    if (scenario === 'slow') await delay(delayMs);
    return endpointHandler(request);
  });

  return [handler];
}
