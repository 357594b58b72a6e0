/**
 * The /testing mocks against the real thing: every scenario Flowwise can be in is set up twice, once
 * through mockCreateOrderEndpoint() (msw) and once through the real createOrderHandler and client against
 * the local sandbox in the same situation, and the two answers must be the same: status, code,
 * message, type, and an x-request-id on both.
 */
import { createFlowwiseClient, createOrderHandler, createMemoryOrderStore, type OrderStore } from '@flowwise/react/server';
import { type CreateOrderRequest } from '@flowwise/react';
import { mockCreateOrderEndpoint, type CreateOrderScenario } from '@flowwise/react/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxFault } from '../sandbox';
import { checkOrder } from '../src/server/checkOrder';

const TIMEOUT_MS = 300;
const endpoint = 'http://shop.test/api/flowwise/orders';

let sandbox: Sandbox;
let clock = Date.now();
const msw = setupServer();
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => new Date(clock) });
  // Only the shop's endpoint is mocked; the sandbox on loopback is reached for real.
  msw.listen({ onUnhandledRequest: 'bypass' });
});
afterEach(() => {
  msw.resetHandlers();
  sandbox.reset();
  clock = Date.now();
});
afterAll(async () => {
  msw.close();
  await sandbox.close();
});

let count = 0;
function order(): CreateOrderRequest {
  count += 1;
  return { order_id: `order_contract_${count}`, order_amount: 499, order_currency: 'INR', customer_details: {} };
}

const post = (body: unknown) =>
  new Request(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** What a browser reads from an answer: status, body (each test's own order id written as `<id>`), and its request id. */
async function outcome(response: Response) {
  const body = JSON.parse((await response.text()).replace(/order_contract_\d+/g, '<id>')) as Record<string, unknown>;
  return { status: response.status, body, requestId: response.headers.get('x-request-id') };
}

/** Pays an order on the sandbox's checkout page, as the shopper's browser there would. */
async function payAtSandbox(orderId: string) {
  const page = `${sandbox.url}/checkout/${encodeURIComponent(orderId)}`;
  const token = /name="checkout_token" value="([^"]+)"/.exec(await (await fetch(page)).text())![1]!;
  await fetch(page, {
    method: 'POST',
    headers: { origin: sandbox.url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ outcome: 'paid', checkout_token: token }),
    redirect: 'manual',
  });
}

const flowwise = (clientSecret = sandbox.clientSecret) =>
  createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    timeoutMs: TIMEOUT_MS,
  });

/** The real endpoint, its client pointed at the sandbox, recording orders in `store`, all one shopper's. */
function realHandler(clientSecret = sandbox.clientSecret, store: OrderStore = createMemoryOrderStore()) {
  return createOrderHandler({
    store,
    owner: () => 'shopper_contract',
    client: flowwise(clientSecret),
    prepareOrder: (o) => o,
    onError: () => undefined,
  });
}

/** What the store learns when the order is read again from Flowwise (as the status endpoint does). */
async function readAgain(store: OrderStore, orderId: string) {
  await checkOrder((await store.get(orderId))!, { client: flowwise(), store, minIntervalMs: 0 });
}

/** How to put the sandbox (and the real handler) in each scenario's situation. */
const situations: Array<[CreateOrderScenario, () => Promise<Response>]> = [
  ['success', () => realHandler()(post(order()))],
  [
    'invalid_amount',
    () => {
      sandbox.configure({ fault: { type: 'error', status: 400 } });
      return realHandler()(post(order()));
    },
  ],
  [
    'already_paid',
    async () => {
      const store = createMemoryOrderStore();
      const sent = order();
      await realHandler(undefined, store)(post(sent));
      await payAtSandbox(sent.order_id);
      await readAgain(store, sent.order_id);
      return realHandler(undefined, store)(post(sent));
    },
  ],
  [
    'already_expired',
    async () => {
      const store = createMemoryOrderStore();
      const sent = { ...order(), expiry_time_in_minutes: 15 };
      await realHandler(undefined, store)(post(sent));
      clock += 16 * 60_000;
      await readAgain(store, sent.order_id);
      return realHandler(undefined, store)(post(sent));
    },
  ],
  ['unauthorized', () => realHandler('not_the_secret')(post(order()))],
  ...(
    [
      ['server_error', { type: 'error', status: 500 }],
      ['bad_gateway_html', { type: 'html' }],
      ['malformed', { type: 'invalid-response' }],
      ['unsafe_url', { type: 'unsafe-url' }],
      ['timeout', { type: 'hang' }],
    ] as Array<[CreateOrderScenario, SandboxFault]>
  ).map(([scenario, fault]): [CreateOrderScenario, () => Promise<Response>] => [
    scenario,
    () => {
      sandbox.configure({ fault });
      return realHandler()(post(order()));
    },
  ]),
];

describe('every /testing scenario answers what createOrderHandler answers against the sandbox', () => {
  it.each(situations)('%s', async (scenario, real) => {
    msw.use(...mockCreateOrderEndpoint({ scenario, endpoint, delayMs: TIMEOUT_MS }));
    const mocked = await outcome(await fetch(post(order())));
    const actual = await outcome(await real());

    expect(mocked.status).toBe(actual.status);
    expect(mocked.requestId).toEqual(expect.any(String));
    expect(actual.requestId).toEqual(expect.any(String));
    if (actual.status === 200) {
      // An order: the same fields, with the values that are Flowwise's own (hash, times, address) left out.
      expect(Object.keys(mocked.body).sort()).toEqual(Object.keys(actual.body).sort());
      expect(mocked.body.order_status).toBe(actual.body.order_status);
      expect(typeof mocked.body.checkout_url).toBe('string');
      if (scenario === 'unsafe_url')
        expect([mocked.body.checkout_url, actual.body.checkout_url]).toEqual(['javascript:alert(1)', 'javascript:alert(1)']);
    } else {
      expect(mocked.body).toEqual(actual.body);
    }
  });

  it('covers every scenario that is a situation at Flowwise', async () => {
    const { createOrderScenarios } = await import('@flowwise/react/testing');
    // The other three are between the browser and the endpoint: it cannot be reached, is slow, or never answers.
    expect(createOrderScenarios.filter((scenario) => !['network_error', 'slow', 'never'].includes(scenario))).toEqual(
      situations.map(([scenario]) => scenario),
    );
  });
});
