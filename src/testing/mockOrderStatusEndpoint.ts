import { http, type HttpHandler } from 'msw';
import { DEFAULT_ENDPOINT } from '../core/config';
import { FlowwiseError } from '../core/FlowwiseError';
import { parseOrderId } from '../core/parseOrderId';
import type { OrderSummary } from '../schemas';
import type { FlowwiseClient } from '../server/createFlowwiseClient';
import { createOrderStatusHandler } from '../server/createOrderStatusHandler';
import { createCallBudgets } from '../server/callBudgets';
import { endpointPattern } from './endpointPattern';
import { createMemoryOrderStore } from '../server/memoryOrderStore';
import { MOCK_REQUEST_ID } from './mockCreateOrderEndpoint';
import { buildCreateOrderRequest, buildOrderPayment, buildOrderSummary, mockCheckoutUrl } from './fixtures';

/** The session the mocked return page's requests come from, and every mocked order was created by. */
const SHOPPER = 'mock_shopper';

/** Every way the mocked status endpoint can answer. */
export const orderStatusScenarios = [
  'paid',
  'failed',
  'user_dropped',
  'expired',
  'not_found',
  'pending_then_paid',
  'server_error',
] as const;

/**
 * What the status endpoint (`createOrderStatusHandler` on your merchant endpoint) answers about the
 * order asked for, echoing its `order_id`:
 * - `paid`: PAID, outcome `paid`, one SUCCESS UPI payment.
 * - `failed`, `user_dropped`: ACTIVE, outcome `failed`, the order's `checkout_url` (for "Try again") and
 *   one FAILED card payment, or one USER_DROPPED UPI payment (the shopper left the payment page).
 * - `expired`: EXPIRED, outcome `expired`, no payments and no `checkout_url`.
 * - `not_found`: 404 `not_found`, as for an order the store does not hold or one the owner rule keeps from the asker.
 * - `pending_then_paid`: ACTIVE, outcome `pending` with a PENDING UPI payment for the first
 *   `pendingPolls` requests about each order, then as `paid`.
 * - `server_error`: Flowwise failed: 502 `bad_gateway`.
 * A missing or malformed `order_id` gets 400 `invalid_order_id` in every scenario, as from the real handler.
 */
export type OrderStatusScenario = (typeof orderStatusScenarios)[number];

/** Options for {@link mockOrderStatusEndpoint}. */
export interface MockOrderStatusEndpointOptions {
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
 * `<FlowwiseOrderStatus>` read (`GET <endpoint>?order_id=…`). The answer is made by the real
 * `createOrderStatusHandler` in front of a memory order store holding each order asked about (created by
 * the shopper asking) and a stand-in for Flowwise holding the scenario's order and payments, so it is
 * what the store's endpoint sends (the `outcome` by the same rule, `Cache-Control: no-store`,
 * `x-request-id` `MOCK_REQUEST_ID`). They answer
 * GET only, so they sit beside `mockCreateOrderEndpoint` on the same endpoint. Each call keeps its own count
 * of requests per order for `pending_then_paid`: make fresh handlers for each test.
 *
 * @example
 * const server = setupServer(...mockCreateOrderEndpoint(), ...mockOrderStatusEndpoint());
 * // later, in one test:
 * server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 3 }));
 */
export function mockOrderStatusEndpoint(options: MockOrderStatusEndpointOptions = {}): HttpHandler[] {
  const { scenario = 'paid', endpoint = DEFAULT_ENDPOINT, pendingPolls = 2, summary } = options;
  if (!(orderStatusScenarios as readonly string[]).includes(scenario)) {
    throw new TypeError(
      `mockOrderStatusEndpoint(): unknown scenario ${JSON.stringify(scenario)}. Use one of: ${orderStatusScenarios.join(', ')}.`,
    );
  }
  const requests = new Map<string, number>();
  // What Flowwise says about the order in this scenario, read by the real status handler: its answer,
  // outcome included, is exactly what the store's endpoint sends.
  const flowwise = (orderId: string, onRequestId?: (id: string) => void) => {
    onRequestId?.(MOCK_REQUEST_ID);
    if (scenario === 'server_error')
      throw new FlowwiseError('http', 'Internal server error', { status: 500, code: 'internal_error', type: 'server_error' });
    return summaryOf(scenario, orderId, scenario === 'pending_then_paid' && (requests.get(orderId) ?? 0) <= pendingPolls);
  };
  const client: Pick<FlowwiseClient, 'getOrder' | 'getOrderPayments'> = {
    getOrder: async (orderId, { onRequestId } = {}) => {
      requests.set(orderId, (requests.get(orderId) ?? 0) + 1);
      const { order_id, order_status, order_expiry_time, checkout_url } = flowwise(orderId, onRequestId);
      return { order_id, order_status, order_expiry_time, checkout_url };
    },
    getOrderPayments: async (orderId, { onRequestId } = {}) => flowwise(orderId, onRequestId).payments,
  };
  // The store holds every order asked about (as createOrderHandler would have recorded it, for the
  // shopper asking), except in `not_found`; it reads the stand-in on every request while pending.
  const store = createMemoryOrderStore();
  // A test's requests are never held back by Flowwise's rate limits: budgets no test reaches.
  const budgets = createCallBudgets({ store, perMinute: { get_order: 1_000_000, get_payments: 1_000_000 } });
  const status = createOrderStatusHandler({ client, store, owner: () => SHOPPER, budgets, readIntervalMs: 0, onError: () => undefined });
  const record = async (query: string | null) => {
    let orderId: string;
    try {
      orderId = parseOrderId(query);
    } catch {
      return; // The handler answers 400.
    }
    if (scenario === 'not_found') return;
    const order = buildCreateOrderRequest({ order_id: orderId });
    await store.insert({
      orderId,
      owner: SHOPPER,
      orderIdSource: 'handler',
      payload: {},
      order,
      checkoutUrl: mockCheckoutUrl(orderId),
      expiresAt: null,
    });
  };
  const handler = http.get(endpointPattern(endpoint), async ({ request }) => {
    await record(new URL(request.url).searchParams.get('order_id'));
    const answer = await status(request);
    // Every answer carries the mocks' request id, read from Flowwise or not.
    const headers = new Headers(answer.headers);
    headers.set('x-request-id', MOCK_REQUEST_ID);
    const body = (await answer.json()) as OrderSummary;
    return Response.json(answer.status === 200 && summary ? { ...body, ...structuredClone(summary) } : body, {
      status: answer.status,
      headers,
    });
  });
  return [handler];
}
