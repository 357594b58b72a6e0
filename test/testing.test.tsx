import {
  createOrderRequestSchema,
  createOrderResponseSchema,
  errorResponseSchema,
  FlowwiseProvider,
  useFlowwiseCheckout,
  type CreateOrderRequest,
} from '@flowwise/react';
import {
  buildCreateOrderRequest,
  buildCreateOrderResponse,
  mockCreateOrderEndpoint,
  createOrderScenarios,
  exampleErrorResponses,
  MOCK_CHECKOUT_ORIGIN,
  MOCK_REQUEST_ID,
} from '@flowwise/react/testing';
import { act, renderHook, waitFor } from '@testing-library/react';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import addFormats from 'ajv-formats';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { componentSchemas, errorExamples, requestExample, responseExample } from './spec';
import { setupMsw } from './support';

const server = setupMsw();

// The spec's own JSON Schemas, with `#/components/schemas/X` refs pointing at ajv schema ids.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(componentSchemas)) {
  const json = JSON.stringify(schema).replaceAll('#/components/schemas/', '');
  ajv.addSchema(JSON.parse(json), name);
}
function specErrors(schemaName: string, value: unknown) {
  const validate = ajv.getSchema(schemaName)!;
  return validate(value) ? [] : validate.errors;
}

function wrapper({ children }: { children: ReactNode }) {
  return <FlowwiseProvider>{children}</FlowwiseProvider>;
}

/** Runs one checkout of `order` through the real hook and fetch, and returns what the shopper's UI would see. */
async function checkoutWith(order: CreateOrderRequest, options: Parameters<typeof useFlowwiseCheckout>[0] = {}) {
  const redirect = vi.fn<(url: string) => void>();
  const { result } = renderHook(() => useFlowwiseCheckout({ redirect, ...options }), { wrapper });
  act(() => result.current.checkout(order));
  await waitFor(() => expect(['redirecting', 'error']).toContain(result.current.status));
  return { result, redirect };
}

describe('mockCreateOrderEndpoint scenarios, through useFlowwiseCheckout and fetch', () => {
  it('lists every scenario', () => {
    expect(createOrderScenarios).toEqual([
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
    ]);
  });

  it("success (the default): answers the order_id and an allowed checkout_url, and nothing else of Flowwise's answer", async () => {
    server.use(...mockCreateOrderEndpoint());
    const order = buildCreateOrderRequest({
      order_id: 'order_echo_7',
      order_currency: 'USD',
      order_note: 'Two scarves',
      customer_details: { customer_email: 'sam@example.com', customer_id: 'cust_sam' },
      payment_methods: 'upi',
    });

    const { result, redirect } = await checkoutWith(order);

    expect(result.current.status).toBe('redirecting');
    expect(redirect).toHaveBeenCalledExactlyOnceWith('https://payments.flowwise.com/checkout/order_echo_7');
    // As from a real endpoint: the order's hash, project and customer stay on the server.
    expect(result.current.data).toEqual({ order_id: 'order_echo_7', checkout_url: 'https://payments.flowwise.com/checkout/order_echo_7' });
    expect(createOrderResponseSchema.safeParse(result.current.data).success).toBe(true);
  });

  it('success: `response` overrides fields of the echoed response', async () => {
    server.use(...mockCreateOrderEndpoint({ response: { checkout_url: `${MOCK_CHECKOUT_ORIGIN}/checkout/custom` } }));
    const { result, redirect } = await checkoutWith(buildCreateOrderRequest());

    expect(redirect).toHaveBeenCalledWith('https://payments.flowwise.com/checkout/custom');
    expect(result.current.data?.checkout_url).toBe('https://payments.flowwise.com/checkout/custom');
  });

  it.each([
    ['invalid_amount', 400, errorExamples[400], 'The payment could not be started. Please try again.'],
    [
      'already_paid',
      409,
      { message: 'Order order_summer_fashion_001 exists and is already paid.', code: 'order_already_paid', type: 'invalid_request_error' },
      'This order has already been paid. Check your e-mail for the receipt.',
    ],
    [
      'already_expired',
      409,
      { message: 'Order order_summer_fashion_001 exists and has expired.', code: 'order_expired', type: 'invalid_request_error' },
      'This order has expired. Please refresh the page to start a new one.',
    ],
  ] as const)(
    "%s: the order is refused with %i (by Flowwise, or by the store for a paid or expired order): the endpoint's words in detail, the shopper's in message",
    async (scenario, status, body, message) => {
      server.use(...mockCreateOrderEndpoint({ scenario }));
      const { result, redirect } = await checkoutWith(buildCreateOrderRequest());

      expect(result.current.status).toBe('error');
      expect(result.current.error).toMatchObject({
        kind: 'http',
        status,
        code: body.code,
        type: body.type,
        message,
        detail: body.message,
        // Flowwise's id when Flowwise answered; the handler's own when the store answered alone.
        requestId: scenario === 'invalid_amount' ? MOCK_REQUEST_ID : expect.stringMatching(/^req_[\w-]{22}$/),
      });
      expect(redirect).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['unauthorized', 502, 'bad_gateway'],
    ['server_error', 502, 'bad_gateway'],
    ['bad_gateway_html', 502, 'bad_gateway'],
    ['malformed', 502, 'bad_gateway'],
    ['timeout', 504, 'gateway_timeout'],
  ] as const)('%s: a Flowwise fault is %i %s with no Flowwise text, as from createOrderHandler', async (scenario, status, code) => {
    server.use(...mockCreateOrderEndpoint({ scenario, delayMs: 50 }));
    const response = await fetch(new URL('/api/flowwise/orders', location.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(buildCreateOrderRequest()),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // Flowwise's id when it answered; one made by the handler when it did not.
    expect(response.headers.get('x-request-id')).toMatch(scenario === 'timeout' ? /^req_[\w-]{22}$/ : MOCK_REQUEST_ID);
    const body = (await response.json()) as Record<string, unknown>;
    expect(errorResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ code, type: 'server_error' });
    expect(JSON.stringify(body)).not.toMatch(/credentials|Internal server error|Bad Gateway/);

    const { result, redirect } = await checkoutWith(buildCreateOrderRequest());
    expect(result.current.error).toMatchObject({
      kind: 'http',
      status,
      code,
      message: 'The payment could not be started. Please try again.',
    });
    expect(redirect).not.toHaveBeenCalled();
  });

  it('unsafe_url: a javascript: checkout_url is refused and never navigated to', async () => {
    server.use(...mockCreateOrderEndpoint({ scenario: 'unsafe_url' }));
    const { result, redirect } = await checkoutWith(buildCreateOrderRequest());

    expect(result.current.error?.kind).toBe('unsafe_redirect');
    expect(redirect).not.toHaveBeenCalled();
  });

  it('network_error: the request fails as a network error', async () => {
    server.use(...mockCreateOrderEndpoint({ scenario: 'network_error' }));
    const { result } = await checkoutWith(buildCreateOrderRequest());

    expect(result.current.error).toMatchObject({
      kind: 'network',
      message: 'Could not reach the store. Check your connection and try again.',
      detail: 'Unreachable',
    });
  });

  it('slow: stays pending for delayMs, then succeeds', async () => {
    server.use(...mockCreateOrderEndpoint({ scenario: 'slow', delayMs: 150 }));
    const redirect = vi.fn<(url: string) => void>();
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect }), { wrapper });
    const started = performance.now();

    act(() => result.current.checkout(buildCreateOrderRequest({ order_id: 'order_slow' })));

    await waitFor(() => expect(result.current.status).toBe('pending'));
    await waitFor(() => expect(result.current.status).toBe('redirecting'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(redirect).toHaveBeenCalledWith('https://payments.flowwise.com/checkout/order_slow');
  });

  it('never: does not answer, so the client times out', async () => {
    server.use(...mockCreateOrderEndpoint({ scenario: 'never' }));
    const { result } = await checkoutWith(buildCreateOrderRequest(), { timeoutMs: 100 });

    expect(result.current.error).toMatchObject({
      kind: 'timeout',
      message: 'The payment took too long to start. Please try again.',
    });
  });

  it('mocks only the endpoint it is given, on any origin for a path', async () => {
    server.use(...mockCreateOrderEndpoint({ endpoint: '/shop/checkout', scenario: 'server_error' }));
    server.use(...mockCreateOrderEndpoint({ endpoint: 'https://api.example.com/orders' }));

    const onPath = await checkoutWith(buildCreateOrderRequest(), { endpoint: '/shop/checkout' });
    expect(onPath.result.current.error?.status).toBe(502);

    const absolute = await checkoutWith(buildCreateOrderRequest({ order_id: 'order_abs' }), {
      endpoint: 'https://api.example.com/orders',
    });
    expect(absolute.redirect).toHaveBeenCalledWith('https://payments.flowwise.com/checkout/order_abs');

    // The default endpoint has no handler in this test, so msw's onUnhandledRequest: 'error' rejects it.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unhandled = await checkoutWith(buildCreateOrderRequest());
    expect(unhandled.result.current.error?.kind).toBe('network');
    expect(String(printed.mock.calls[0]?.[0])).toContain('intercepted a request without a matching request handler');
  });

  it('answers a body that is not a valid order with a 400, as a merchant endpoint would', async () => {
    server.use(...mockCreateOrderEndpoint());
    const response = await fetch(new URL('/api/flowwise/orders', location.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order_id: 'x', order_amount: -1 }),
    });

    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    expect(errorResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ code: 'invalid_order', type: 'validation_error' });
    expect((body as { message: string }).message).toContain('order_amount must be at least 0.01');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[\w-]{22}$/);
  });

  it("takes the store's payload schema and prepareOrder, as createOrderHandler does, and makes the order_id", async () => {
    const cartSchema = z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).min(1) });
    const prepareOrder = vi.fn((cart: z.infer<typeof cartSchema>) => {
      const { order_id: _unused, ...order } = buildCreateOrderRequest({ order_amount: 500 * cart.items[0]!.quantity });
      return order;
    });
    server.use(...mockCreateOrderEndpoint({ schema: cartSchema, prepareOrder }));

    const first = await checkoutWith({ items: [{ sku: 'mug', quantity: 2 }] } as never);
    const second = await checkoutWith({ items: [{ sku: 'mug', quantity: 2 }] } as never);
    expect(prepareOrder.mock.calls.map(([cart]) => cart)).toEqual([
      { items: [{ sku: 'mug', quantity: 2 }] },
      { items: [{ sku: 'mug', quantity: 2 }] },
    ]);
    const ids = [first, second].map(({ result }) => result.current.data!.order_id);
    expect(ids[0]).toMatch(/^order_[\w-]{22}$/);
    expect(ids[1]).not.toBe(ids[0]);

    const response = await fetch(new URL('/api/flowwise/orders', location.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'mug', quantity: 0 }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'invalid_payload',
      issues: [{ path: ['items', 0, 'quantity'] }],
    });
  });

  it('throws a clear error for an unknown scenario', () => {
    expect(() => mockCreateOrderEndpoint({ scenario: 'teapot' as never })).toThrow(
      'mockCreateOrderEndpoint(): unknown scenario "teapot". Use one of: success, invalid_amount, already_paid, already_expired, unauthorized, server_error, bad_gateway_html, malformed, unsafe_url, timeout, network_error, slow, never.',
    );
  });
});

describe('fixtures', () => {
  it('buildCreateOrderRequest() is the spec example, valid for the spec and for createOrderRequestSchema', () => {
    const order = buildCreateOrderRequest();

    expect(order).toEqual(requestExample);
    expect(specErrors('CreateOrderRequest', order)).toEqual([]);
    expect(createOrderRequestSchema.safeParse(order).success).toBe(true);
  });

  it('buildCreateOrderRequest(overrides) replaces top-level fields and stays valid', () => {
    const order = buildCreateOrderRequest({ order_id: 'order_42', order_amount: 499, customer_details: {} });

    expect(order).toEqual({ ...requestExample, order_id: 'order_42', order_amount: 499, customer_details: {} });
    expect(specErrors('CreateOrderRequest', order)).toEqual([]);
    expect(createOrderRequestSchema.safeParse(order).success).toBe(true);
  });

  it('buildCreateOrderResponse() is the spec example, valid for the spec and for createOrderResponseSchema', () => {
    const response = buildCreateOrderResponse();

    expect(response).toEqual(responseExample);
    expect(specErrors('CreateOrderResponse', response)).toEqual([]);
    expect(createOrderResponseSchema.safeParse(response).success).toBe(true);
  });

  it('buildCreateOrderResponse({ order_id }) moves checkout_url to the new order, unless it is given too', () => {
    expect(buildCreateOrderResponse({ order_id: 'order 42/b' }).checkout_url).toBe('https://payments.flowwise.com/checkout/order%2042%2Fb');
    expect(buildCreateOrderResponse({ order_id: 'order_42', checkout_url: 'https://payments.flowwise.com/x' }).checkout_url).toBe(
      'https://payments.flowwise.com/x',
    );
    expect(specErrors('CreateOrderResponse', buildCreateOrderResponse({ order_id: 'order 42/b' }))).toEqual([]);
  });

  it('returns a fresh object on every call', () => {
    const first = buildCreateOrderRequest();
    first.customer_details.customer_email = 'changed@example.com';
    first.order_tags!.source = 'changed';
    const firstResponse = buildCreateOrderResponse();
    firstResponse.order_id = 'changed';

    expect(buildCreateOrderRequest()).toEqual(requestExample);
    expect(buildCreateOrderResponse()).toEqual(responseExample);
  });

  it('exampleErrorResponses are the spec examples, valid ErrorResponses', () => {
    expect(exampleErrorResponses).toEqual(errorExamples);
    for (const body of Object.values(exampleErrorResponses)) {
      expect(specErrors('ErrorResponse', body)).toEqual([]);
      expect(errorResponseSchema.safeParse(body).success).toBe(true);
    }
  });
});

describe('docs/testing-and-storybook.md', () => {
  // Its examples are these test files, verbatim, so that what the guide shows is what runs here.
  it.each([
    ['src/checkout.test.tsx', 'test/docs-testing-example.test.tsx'],
    ['src/return-page.test.tsx', 'test/docs-testing-polling.test.tsx'],
  ])('shows %s as %s, verbatim', (title, file) => {
    const guide = readFileSync('docs/testing-and-storybook.md', 'utf8');
    const example = readFileSync(file, 'utf8');

    expect(guide).toContain(`\`\`\`tsx title="${title}"\n${example}\`\`\`\n`);
  });
});
