import { http, type HttpHandler } from 'msw';
import { DEFAULT_ENDPOINT } from '../core/config';
import { orderIdSchema, type FlowwiseErrorResponse, type OrderSummary } from '../schemas';
import { MOCK_REQUEST_ID } from './createOrderHandlers';
import { buildOrderPayment, buildOrderSummary, mockCheckoutUrl } from './fixtures';

/** Every way the mocked status endpoint can answer. */
export const orderStatusScenarios = ['paid', 'failed', 'user_dropped', 'expired', 'not_found', 'pending_then_paid', 'server_error'] as const;

/**
 * What the status endpoint (`createOrderStatusHandler` on your merchant endpoint) answers about the
 * order asked for, echoing its `order_id`:
 * - `paid`: PAID, outcome `paid`, one SUCCESS UPI payment.
 * - `failed`, `user_dropped`: ACTIVE, outcome `failed`, the order's `checkout_url` (for "Try again") and
 *   one FAILED card payment, or one USER_DROPPED UPI payment (the shopper left the payment page).
 * - `expired`: EXPIRED, outcome `expired`, no payments and no `checkout_url`.
 * - `not_found`: 404 `not_found`, as for an unknown order or one `authorize` refuses.
 * - `pending_then_paid`: ACTIVE, outcome `pending` with a PENDING UPI payment for the first
 *   `pendingPolls` requests about each order, then as `paid`.
 * - `server_error`: Flowwise failed: 502 `bad_gateway`.
 * A missing or malformed `order_id` gets 400 `invalid_order_id` in every scenario, as from the real handler.
 */
export type OrderStatusScenario = (typeof orderStatusScenarios)[number];

/** Options for {@link orderStatusHandlers}. */
export interface OrderStatusHandlersOptions {
  /** What the status endpoint answers. Defaults to `'paid'`. */
  scenario?: OrderStatusScenario;
  /**
   * The merchant endpoint to mock, as given to `<FlowwiseProvider endpoint>` (orders are posted to it,
   * and their status read from it). A path (starting with `/`) matches on any origin. Defaults to
   * `/api/flowwise/orders`.
   */
  endpoint?: string;
  /** How many requests about an order `pending_then_paid` answers `pending` before `paid`. Defaults to `2`. */
  pendingPolls?: number;
  /** Fields to set on every summary answered (200), over the scenario's. Defaults to none. */
  summary?: Partial<OrderSummary>;
}

const SERVICE_UNAVAILABLE = 'Flowwise could not be reached or failed; see the server log for this request id.';

/** A JSON answer with the headers the real handler sends with every answer. */
function answer(status: number, body: OrderSummary | FlowwiseErrorResponse): Response {
  return Response.json(body, {
    status,
    headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-request-id': MOCK_REQUEST_ID },
  });
}

/** The summary of `orderId` in a scenario that answers one. */
function summaryOf(scenario: OrderStatusScenario, orderId: string, pending: boolean): OrderSummary {
  const active = { order_id: orderId, order_status: 'ACTIVE', checkout_url: mockCheckoutUrl(orderId) } as const;
  if (pending) return buildOrderSummary({ ...active, outcome: 'pending', payments: [buildOrderPayment({ status: 'PENDING' })] });
  switch (scenario) {
    case 'failed':
      return buildOrderSummary({
        ...active,
        outcome: 'failed',
        payments: [buildOrderPayment({ payment_id: 'pay_summer_fashion_001_cc', status: 'FAILED', payment_method: 'card' })],
      });
    case 'user_dropped':
      return buildOrderSummary({ ...active, outcome: 'failed', payments: [buildOrderPayment({ status: 'USER_DROPPED' })] });
    case 'expired':
      return buildOrderSummary({ order_id: orderId, order_status: 'EXPIRED', outcome: 'expired', payments: [] });
    default:
      return buildOrderSummary({ order_id: orderId });
  }
}

/**
 * msw request handlers for the status endpoint that `useFlowwiseOrder`, `useFlowwiseReturn` and
 * `<FlowwiseOrderStatus>` read (`GET <endpoint>?order_id=…`), answering as `createOrderStatusHandler`
 * would in `scenario`, with `Cache-Control: no-store` and `x-request-id` (`MOCK_REQUEST_ID`). They answer
 * GET only, so they sit beside `createOrderHandlers` on the same endpoint. Each call keeps its own count
 * of requests per order for `pending_then_paid`: make fresh handlers for each test.
 *
 * @example
 * const server = setupServer(...createOrderHandlers(), ...orderStatusHandlers());
 * // later, in one test:
 * server.use(...orderStatusHandlers({ scenario: 'pending_then_paid', pendingPolls: 3 }));
 */
export function orderStatusHandlers(options: OrderStatusHandlersOptions = {}): HttpHandler[] {
  const { scenario = 'paid', endpoint = DEFAULT_ENDPOINT, pendingPolls = 2, summary } = options;
  if (!(orderStatusScenarios as readonly string[]).includes(scenario)) {
    throw new TypeError(`orderStatusHandlers(): unknown scenario ${JSON.stringify(scenario)}. Use one of: ${orderStatusScenarios.join(', ')}.`);
  }
  const requests = new Map<string, number>();
  // A leading wildcard lets one handler serve jsdom (http://localhost:3000), Node and any browser origin.
  const handler = http.get(endpoint.startsWith('/') ? `*${endpoint}` : endpoint, ({ request }) => {
    const orderId = new URL(request.url).searchParams.get('order_id');
    const valid = orderIdSchema.safeParse(orderId);
    if (!valid.success) {
      const problem = orderId === null ? 'is missing' : `is not an order id (${valid.error.issues[0]!.message})`;
      return answer(400, { message: `The order_id query parameter ${problem}.`, code: 'invalid_order_id', type: 'invalid_request_error' });
    }
    if (scenario == 'not_found') {
      return answer(404, { message: `No order ${orderId} for this request.`, code: 'not_found', type: 'invalid_request_error' });
    }
    if (scenario == 'server_error') return answer(502, { message: SERVICE_UNAVAILABLE, code: 'bad_gateway', type: 'server_error' });
    const asked = (requests.get(orderId!) ?? 0) + 1;
    requests.set(orderId!, asked);
    return answer(200, { ...summaryOf(scenario, orderId!, scenario == 'pending_then_paid' && asked <= pendingPolls), ...structuredClone(summary) });
  });
  return [handler];
}
