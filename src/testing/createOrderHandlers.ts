import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { DEFAULT_ENDPOINT } from '../core/config';
import { createOrderRequestSchema, type CreateOrderRequest, type CreateOrderResponse } from '../schemas';
import { buildCreateOrderResponse, exampleErrorResponses } from './fixtures';

/** Every way the mocked merchant endpoint can answer. */
export const createOrderScenarios = [
  'success',
  'invalid_amount',
  'unauthorized',
  'server_error',
  'bad_gateway_html',
  'malformed',
  'unsafe_url',
  'network_error',
  'slow',
  'never',
] as const;

/**
 * How the mocked merchant endpoint answers:
 * - `success`: 200, the posted order echoed into a valid response whose `checkout_url` is on `https://payments.flowwise.com`.
 * - `invalid_amount`, `unauthorized`, `server_error`: 400, 401 and 500 with Flowwise's documented `ErrorResponse` bodies.
 * - `bad_gateway_html`: 502 with an HTML page, as a proxy in front of a crashed server sends.
 * - `malformed`: 200 with JSON that fails the response schema (no `checkout_url`).
 * - `unsafe_url`: 200 with `checkout_url: "javascript:alert(1)"`.
 * - `network_error`: the request fails as if the network were down.
 * - `slow`: `success` after `delayMs`.
 * - `never`: never answers, so the client's timeout decides.
 */
export type CreateOrderScenario = (typeof createOrderScenarios)[number];

/** Options for {@link createOrderHandlers}. */
export interface CreateOrderHandlersOptions {
  /** How the endpoint answers. Defaults to `'success'`. */
  scenario?: CreateOrderScenario;
  /**
   * The merchant endpoint to mock, as given to `<FlowwiseProvider endpoint>`. A path (starting with
   * `/`) matches on any origin. Defaults to `/api/flowwise/orders`.
   */
  endpoint?: string;
  /** How long the `slow` scenario waits before answering, in milliseconds. Defaults to `2000`. */
  delayMs?: number;
  /** Fields to set on the `success` and `slow` response, over the echoed order (e.g. a different `checkout_url`). */
  response?: Partial<CreateOrderResponse>;
}

/** The `x-request-id` every mocked response carries, so `FlowwiseError.requestId` can be shown and tested. */
export const MOCK_REQUEST_ID = 'req_flowwise_mock_0001';

const DEFAULT_SLOW_DELAY_MS = 2000;

const BAD_GATEWAY_HTML = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1><p>The upstream server did not respond.</p></body></html>
`;

function endpointPattern(endpoint: string): string {
  // A leading wildcard lets one handler serve jsdom (http://localhost:3000), Node and any browser origin.
  return endpoint.startsWith('/') ? `*${endpoint}` : endpoint;
}

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

function isoSeconds(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
    payment_methods: order.payment_methods,
    order_note: order.order_note,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value === undefined) delete response[key];
    else response[key] = value;
  }
  return { ...response, ...overrides };
}

const headers = { 'x-request-id': MOCK_REQUEST_ID };

/**
 * msw request handlers for the merchant endpoint that `useCreateOrder`, `useFlowwiseCheckout` and
 * `<FlowwiseCheckoutButton>` post to, answering as `scenario` says. Use them in `setupServer()` (Vitest,
 * Jest), `setupWorker()` or Storybook's `parameters.msw`. A posted body that is not a valid order gets
 * a 400, as a real merchant endpoint would send.
 *
 * @example
 * const server = setupServer(...createOrderHandlers());
 * // later, in one test:
 * server.use(...createOrderHandlers({ scenario: 'server_error' }));
 */
export function createOrderHandlers(options: CreateOrderHandlersOptions = {}): HttpHandler[] {
  const { scenario = 'success', endpoint = DEFAULT_ENDPOINT, delayMs = DEFAULT_SLOW_DELAY_MS, response } = options;
  if (!(createOrderScenarios as readonly string[]).includes(scenario)) {
    throw new TypeError(
      `createOrderHandlers(): unknown scenario ${JSON.stringify(scenario)}. Use one of: ${createOrderScenarios.join(', ')}.`,
    );
  }

  const handler = http.post(endpointPattern(endpoint), async ({ request }) => {
    switch (scenario) {
      case 'invalid_amount':
        return HttpResponse.json(exampleErrorResponses[400], { status: 400, headers });
      case 'unauthorized':
        return HttpResponse.json(exampleErrorResponses[401], { status: 401, headers });
      case 'server_error':
        return HttpResponse.json(exampleErrorResponses[500], { status: 500, headers });
      case 'bad_gateway_html':
        return HttpResponse.html(BAD_GATEWAY_HTML, { status: 502, headers });
      case 'network_error':
        return HttpResponse.error();
      case 'never':
        await delay('infinite');
        return HttpResponse.error();
      default:
        break;
    }

    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const parsed = createOrderRequestSchema.safeParse(body);
    if (!parsed.success) {
      return HttpResponse.json(
        {
          message: `The order is not valid: ${parsed.error.issues[0]!.message}.`,
          code: 'invalid_request',
          type: 'validation_error',
        },
        { status: 400, headers },
      );
    }
    const order = parsed.data;

    if (scenario === 'malformed') {
      // A plausible API drift: the URL arrives under another name, so the response fails the schema.
      const { checkout_url, ...rest } = echo(order);
      return HttpResponse.json({ ...rest, payment_link: checkout_url }, { headers });
    }
    if (scenario === 'unsafe_url') {
      return HttpResponse.json(echo(order, { checkout_url: 'javascript:alert(1)' }), { headers });
    }
    if (scenario === 'slow') await delay(delayMs);
    return HttpResponse.json(echo(order, response), { headers });
  });

  return [handler];
}

