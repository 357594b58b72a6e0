import {
  createOrderRequestSchema,
  FlowwiseProvider,
  flowwiseKeys,
  isFlowwiseError,
  useCreateOrder,
  type CreateOrderRequest,
  type FlowwiseError,
} from '@flowwise/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { errorExamples, requestExample, responseExample } from './spec';
import { createTestQueryClient, setupMsw, withQueryClient } from './support';

const server = setupMsw();
const order: CreateOrderRequest = structuredClone(requestExample);

async function failureOf(promise: Promise<unknown>): Promise<FlowwiseError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the mutation to fail');
    },
    (reason: unknown) => reason,
  );
  expect(isFlowwiseError(error)).toBe(true);
  return error as FlowwiseError;
}

describe('useCreateOrder', () => {
  it('posts the spec example as JSON to the default endpoint and returns the parsed response', async () => {
    const requests: Request[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        requests.push(request.clone());
        return HttpResponse.json(responseExample);
      }),
    );
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    await expect(result.current.mutateAsync(order)).resolves.toEqual(responseExample);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(new URL(request!.url).pathname).toBe('/api/flowwise/orders');
    expect(request!.method).toBe('POST');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('accept')).toBe('application/json');
    expect(request!.credentials).toBe('same-origin');
    expect(request!.headers.get('x-client-secret')).toBeNull();
    expect(await request!.json()).toEqual(requestExample);
    await waitFor(() => expect(result.current.data).toEqual(responseExample));
  });

  it('with a schema, rejects an invalid payload with a validation error and sends nothing', async () => {
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    const { result } = renderHook(() => useCreateOrder({ schema: createOrderRequestSchema }), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync({ ...order, order_amount: -1 }));

    expect(error.kind).toBe('validation');
    expect(error.message).toBe('Some details of your order are not valid. Please check them and try again.');
    expect(error.detail).toBe('The payload is not valid: order_amount must be at least 0.01.');
    expect(error.issues?.[0]?.path).toEqual(['order_amount']);
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('tells the shopper which field to fix, and names the nested field once for the developer', async () => {
    const { result } = renderHook(() => useCreateOrder({ schema: createOrderRequestSchema }), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync({ ...order, customer_details: { customer_email: 'priya@' } }));

    expect(error.message).toBe('Please enter a valid e-mail address.');
    expect(error.detail).toBe('The payload is not valid: customer_details.customer_email must be a valid e-mail address.');
    expect(error.issues?.[0]?.path).toEqual(['customer_details', 'customer_email']);
  });

  it("with no schema, sends the payload as it is, and shows the endpoint's 400 by field", async () => {
    const posted: unknown[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(
          {
            message: 'The order is not valid: customer_details.customer_phone must be a phone number such as +919876543210.',
            code: 'invalid_order',
            type: 'validation_error',
            issues: [
              {
                code: 'invalid_format',
                path: ['customer_details', 'customer_phone'],
                message: 'customer_details.customer_phone must be a phone number such as +919876543210',
              },
            ],
          },
          { status: 400, headers: { 'x-request-id': 'req_400' } },
        );
      }),
    );
    const { result } = renderHook(() => useCreateOrder<{ cart: string }>(), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync({ cart: 'anything at all' }));

    expect(posted).toEqual([{ cart: 'anything at all' }]);
    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      code: 'invalid_order',
      message: 'Please enter a valid phone number.',
      requestId: 'req_400',
    });
    expect(error.detail).toContain('customer_details.customer_phone');
    expect(error.issues?.[0]?.path).toEqual(['customer_details', 'customer_phone']);
  });

  it("rewords or translates shopper messages from the provider's messages, by code, then field, then kind", async () => {
    server.use(
      http.post('*/api/flowwise/orders', () =>
        HttpResponse.json(
          { message: 'Order already exists for the provided order_id', code: 'already_exists', type: 'invalid_request_error' },
          { status: 409 },
        ),
      ),
    );
    const messages = {
      already_exists: 'यह ऑर्डर पहले ही शुरू हो चुका है। कृपया पेज रीफ़्रेश करें।',
      customer_email: 'कृपया सही ई-मेल पता लिखें।',
      network: 'स्टोर से संपर्क नहीं हो सका। अपना इंटरनेट जाँचें और फिर से कोशिश करें।',
    };
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={createTestQueryClient()}>
        <FlowwiseProvider messages={messages}>{children}</FlowwiseProvider>
      </QueryClientProvider>
    );
    const { result } = renderHook(() => useCreateOrder({ schema: createOrderRequestSchema }), { wrapper });

    const exists = await failureOf(result.current.mutateAsync(order));
    expect(exists).toMatchObject({
      code: 'already_exists',
      message: messages.already_exists,
      detail: 'Order already exists for the provided order_id',
    });

    const email = await failureOf(result.current.mutateAsync({ ...order, customer_details: { customer_email: 'x' } }));
    expect(email.message).toBe(messages.customer_email);

    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.error()));
    const offline = await failureOf(result.current.mutateAsync(order));
    expect(offline.message).toBe(messages.network);

    // A message left out keeps its English default.
    server.use(
      http.post('*/api/flowwise/orders', () =>
        HttpResponse.json({ message: 'x', code: 'order_expired', type: 'invalid_request_error' }, { status: 409 }),
      ),
    );
    const expired = await failureOf(result.current.mutateAsync(order));
    expect(expired.message).toBe('This order has expired. Please refresh the page to start a new one.');
  });

  it('turns a JSON ErrorResponse into an http error carrying status, code, type, message and request id', async () => {
    server.use(
      http.post('*/api/flowwise/orders', () =>
        HttpResponse.json(errorExamples[400], { status: 400, headers: { 'x-request-id': 'req_123' } }),
      ),
    );
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync(order));

    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      code: 'invalid_amount',
      type: 'validation_error',
      message: 'The payment could not be started. Please try again.',
      detail: 'Invalid order amount. Amount must be greater than 0',
      requestId: 'req_123',
    });
    await waitFor(() => expect(result.current.error).toBe(error));
  });

  it('turns a non-JSON error page into an http error with a generic message and the status', async () => {
    server.use(
      http.post('*/api/flowwise/orders', () => HttpResponse.html('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502 })),
    );
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync(order));

    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('The payment could not be started. Please try again.');
    expect(error.detail).toBe('HTTP 502');
  });

  it('turns a failed fetch into a network error', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.error()));
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync(order));

    expect(error.kind).toBe('network');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('gives up after timeoutMs with a timeout error', async () => {
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        await delay('infinite');
        return HttpResponse.json(responseExample);
      }),
    );
    const { result } = renderHook(() => useCreateOrder({ timeoutMs: 30 }), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync(order));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('The payment took too long to start. Please try again.');
  });

  it('bounds the wait even when a custom fetch ignores its abort signal', async () => {
    const neverSettles = () => new Promise<Response>(() => undefined);
    const { result } = renderHook(() => useCreateOrder({ timeoutMs: 30, fetch: neverSettles }), {
      wrapper: withQueryClient(),
    });

    expect((await failureOf(result.current.mutateAsync(order))).kind).toBe('timeout');
  });

  it.each([
    ['a body that fails the response schema', () => HttpResponse.json({ order_id: 'x', checkout_url: 42 })],
    ['a body that is not JSON', () => HttpResponse.text('OK')],
    ['an empty body', () => new HttpResponse(null, { status: 200 })],
  ])('turns a 2xx with %s into invalid_response', async (_, respond) => {
    server.use(http.post('*/api/flowwise/orders', respond));
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    const error = await failureOf(result.current.mutateAsync(order));

    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
  });

  it("sends each caller's own body for the same order_id, and one unmounting does not cancel the other", async () => {
    const bodies: CreateOrderRequest[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        const body = (await request.json()) as CreateOrderRequest;
        bodies.push(body);
        await released;
        return HttpResponse.json({ ...responseExample, order_id: body.order_id });
      }),
    );
    const client = createTestQueryClient();
    const first = renderHook(() => useCreateOrder(), { wrapper: withQueryClient(client) });
    const second = renderHook(() => useCreateOrder(), { wrapper: withQueryClient(client) });

    const firstResult = first.result.current.mutateAsync({ ...order, order_amount: 100 });
    const secondResult = second.result.current.mutateAsync({ ...order, order_amount: 250 });
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies.map((body) => body.order_amount).sort()).toEqual([100, 250]);

    first.unmount();
    await expect(firstResult).rejects.toMatchObject({ kind: 'network', detail: 'Cancelled' });
    release();
    await expect(secondResult).resolves.toMatchObject({ order_id: order.order_id });
  });

  it('sends separate requests for different order_ids', async () => {
    const ids: string[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        const body = (await request.json()) as CreateOrderRequest;
        ids.push(body.order_id);
        return HttpResponse.json({ ...responseExample, order_id: body.order_id });
      }),
    );
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });

    await Promise.all([result.current.mutateAsync({ ...order, order_id: 'a' }), result.current.mutateAsync({ ...order, order_id: 'b' })]);

    expect(ids.sort()).toEqual(['a', 'b']);
  });

  it('does not retry by default, and retries when asked', async () => {
    let count = 0;
    server.use(
      http.post('*/api/flowwise/orders', () => {
        count += 1;
        return HttpResponse.json(errorExamples[500], { status: 500 });
      }),
    );
    const noRetry = renderHook(() => useCreateOrder(), { wrapper: withQueryClient() });
    await failureOf(noRetry.result.current.mutateAsync(order));
    expect(count).toBe(1);

    count = 0;
    const withRetry = renderHook(() => useCreateOrder({ retry: 2, retryDelay: 0 }), { wrapper: withQueryClient() });
    const error = await failureOf(withRetry.result.current.mutateAsync(order));
    expect(count).toBe(3);
    expect(error).toMatchObject({ kind: 'http', status: 500, code: 'internal_error' });
  });

  it('mutate reports the failure through state and onError, without throwing', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json(errorExamples[401], { status: 401 })));
    const onError = vi.fn();
    const { result } = renderHook(() => useCreateOrder({ onError }), { wrapper: withQueryClient() });

    expect(() => result.current.mutate(order)).not.toThrow();

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ kind: 'http', status: 401, code: 'unauthorized' });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("records the mutation under ['flowwise', 'createOrder']", async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json(responseExample)));
    const client = createTestQueryClient();
    const { result } = renderHook(() => useCreateOrder(), { wrapper: withQueryClient(client) });

    await result.current.mutateAsync(order);

    expect(flowwiseKeys.createOrder).toEqual(['flowwise', 'createOrder']);
    expect(client.getMutationCache().findAll({ mutationKey: ['flowwise', 'createOrder'] })).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('uses the provider settings, and an option passed to the hook wins over the provider', async () => {
    const seen: Array<{ path: string; token: string | null; credentials: string }> = [];
    server.use(
      http.post('*/:endpoint', ({ request }) => {
        seen.push({
          path: new URL(request.url).pathname,
          token: request.headers.get('x-csrf-token'),
          credentials: request.credentials,
        });
        return HttpResponse.json(responseExample);
      }),
    );
    const wrapper = ({ children }: { children: ReactNode }) => (
      <FlowwiseProvider endpoint="/provider" headers={{ 'x-csrf-token': 'from-provider' }} credentials="include">
        {children}
      </FlowwiseProvider>
    );

    const fromProvider = renderHook(() => useCreateOrder(), { wrapper });
    await fromProvider.result.current.mutateAsync(order);
    const fromOptions = renderHook(
      () => useCreateOrder({ endpoint: '/option', headers: async () => ({ 'x-csrf-token': 'from-option' }) }),
      { wrapper },
    );
    await fromOptions.result.current.mutateAsync(order);

    expect(seen).toEqual([
      { path: '/provider', token: 'from-provider', credentials: 'include' },
      { path: '/option', token: 'from-option', credentials: 'include' },
    ]);
  });

  it('accepts an absolute endpoint URL and a custom fetch', async () => {
    const calls: string[] = [];
    const customFetch: typeof fetch = (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    server.use(http.post('https://shop.example/api/orders', () => HttpResponse.json(responseExample)));
    const { result } = renderHook(() => useCreateOrder({ endpoint: 'https://shop.example/api/orders', fetch: customFetch }), {
      wrapper: withQueryClient(),
    });

    await expect(result.current.mutateAsync(order)).resolves.toEqual(responseExample);
    expect(calls).toEqual(['https://shop.example/api/orders']);
  });

  it('works under a FlowwiseProvider with no QueryClientProvider, using a client of its own', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json(responseExample)));
    const { result } = renderHook(() => useCreateOrder(), {
      wrapper: ({ children }) => <FlowwiseProvider>{children}</FlowwiseProvider>,
    });

    await expect(result.current.mutateAsync(order)).resolves.toEqual(responseExample);
  });

  it('uses the surrounding QueryClientProvider, unless the provider is given a queryClient', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json(responseExample)));
    const outer = createTestQueryClient();
    const own = createTestQueryClient();
    const key = { mutationKey: flowwiseKeys.createOrder };

    const inherited = renderHook(() => useCreateOrder(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={outer}>
          <FlowwiseProvider>{children}</FlowwiseProvider>
        </QueryClientProvider>
      ),
    });
    await inherited.result.current.mutateAsync(order);
    expect(outer.getMutationCache().findAll(key)).toHaveLength(1);

    const explicit = renderHook(() => useCreateOrder(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={outer}>
          <FlowwiseProvider queryClient={own}>{children}</FlowwiseProvider>
        </QueryClientProvider>
      ),
    });
    await explicit.result.current.mutateAsync(order);
    expect(own.getMutationCache().findAll(key)).toHaveLength(1);
    expect(outer.getMutationCache().findAll(key)).toHaveLength(1);
  });

  it('throws one clear error naming the fix when there is neither provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useCreateOrder())).toThrow(
      'useCreateOrder() needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.',
    );
  });
});
