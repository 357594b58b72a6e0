import {
  defaultStatusMessages,
  FlowwiseProvider,
  flowwiseKeys,
  useFlowwiseOrder,
  useFlowwiseReturn,
  type UseFlowwiseOrderOptions,
  type UseFlowwiseOrderResult,
} from '@flowwise/react';
import { buildOrderSummary, MOCK_REQUEST_ID, mockOrderStatusEndpoint } from '@flowwise/react/testing';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, renderHook } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, setupMsw, withQueryClient } from './support';

const server = setupMsw();

// Timers and the clock are fake; the network (msw behind the real fetch) is not.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  history.replaceState(null, '', '/');
});

/** Every status request the endpoint gets: its URL and the fake clock's time, from 0 at the start of the test. */
function recordRequests() {
  const start = Date.now();
  const requests: Array<{ url: URL; at: number; headers: Headers }> = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'GET') requests.push({ url: new URL(request.url), at: Date.now() - start, headers: request.headers });
  });
  return requests;
}

/** Lets `ms` of fake time pass, a second at a time, with the answers of the requests sent meanwhile. */
async function pass(ms: number) {
  for (let left = ms; left > 0; left -= 1000) {
    await vi.advanceTimersByTimeAsync(Math.min(1000, left));
    // msw answers on the real event loop.
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
  }
}

/** Fake time passes until `check` holds, for at most a minute of it. */
async function until(check: () => boolean) {
  for (let step = 0; step < 600 && !check(); step += 1) await pass(100);
  expect(check()).toBe(true);
}

function renderOrder(orderId: string | undefined, options?: UseFlowwiseOrderOptions, wrapper = withQueryClient()) {
  return renderHook(() => useFlowwiseOrder(orderId, options), { wrapper });
}

describe('useFlowwiseOrder', () => {
  it('GETs the summary from the merchant endpoint with the order id, and stops at a paid outcome', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'paid' }));
    const requests = recordRequests();
    const client = createTestQueryClient();
    const { result } = renderOrder('order 1/2', {}, withQueryClient(client));

    await until(() => result.current.isSuccess);
    expect(result.current.data).toEqual(buildOrderSummary({ order_id: 'order 1/2' }));
    expect(result.current.data?.outcome).toBe('paid');
    expect(result.current.timedOut).toBe(false);
    expect(client.getQueryData(flowwiseKeys.order('order 1/2'))).toEqual(result.current.data);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.pathname).toBe('/api/flowwise/orders');
    expect(requests[0]!.url.searchParams.get('order_id')).toBe('order 1/2');
    expect([...requests[0]!.url.searchParams.keys()]).toEqual(['order_id']);
    expect(requests[0]!.headers.get('accept')).toBe('application/json');

    // A final outcome is not asked about again, neither on a schedule nor when the window regains focus.
    await pass(60_000);
    window.dispatchEvent(new Event('visibilitychange'));
    await pass(1000);
    expect(requests).toHaveLength(1);
  });

  it.each(['failed', 'user_dropped', 'expired'] as const)('stops at a final outcome: %s', async (scenario) => {
    server.use(...mockOrderStatusEndpoint({ scenario }));
    const requests = recordRequests();
    const { result } = renderOrder('order_42');

    await until(() => result.current.isSuccess);
    expect(result.current.data?.outcome).toBe(scenario === 'expired' ? 'expired' : 'failed');
    await pass(60_000);
    expect(requests).toHaveLength(1);
  });

  it('asks again while pending, 1 s after the first answer and then twice as long each time up to 10 s', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 7 }));
    const requests = recordRequests();
    const { result } = renderOrder('order_upi');

    await until(() => result.current.data?.outcome === 'paid');
    const waits = requests.slice(1).map((request, index) => request.at - requests[index]!.at);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    expect(requests.every(({ url }) => url.searchParams.get('order_id') === 'order_upi')).toBe(true);
    await pass(60_000);
    expect(requests).toHaveLength(8);
  });

  it('gives up after maxWaitMs with the order still pending: timedOut, polling stopped, then asks once when the window regains focus', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 1000 }));
    const requests = recordRequests();
    const { result } = renderOrder('order_slow', { maxWaitMs: 20_000 });

    await until(() => result.current.timedOut);
    // 0, 1, 3, 7, 15 s, and the last wait cut short to end at 20 s.
    expect(requests.map(({ at }) => at)).toEqual([0, 1000, 3000, 7000, 15_000, 20_000]);
    expect(result.current.data?.outcome).toBe('pending');
    expect(result.current.isError).toBe(false);
    await pass(120_000);
    expect(requests).toHaveLength(6);

    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => requests.length === 7);
    await pass(60_000);
    expect(requests).toHaveLength(7);
    expect(result.current.timedOut).toBe(true);
  });

  it('a payment confirmed after giving up shows when the window regains focus', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 2 }));
    const requests = recordRequests();
    const { result } = renderOrder('order_late', { maxWaitMs: 1000 });

    await until(() => result.current.timedOut);
    expect(requests).toHaveLength(2);
    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => result.current.data?.outcome === 'paid');
    expect(result.current.timedOut).toBe(false);
  });

  it.each([
    [
      'its own QueryClient',
      () =>
        ({ children }: { children: ReactNode }) => <FlowwiseProvider>{children}</FlowwiseProvider>,
    ],
    [
      'the QueryClient given to it',
      () =>
        ({ children }: { children: ReactNode }) => <FlowwiseProvider queryClient={createTestQueryClient()}>{children}</FlowwiseProvider>,
    ],
  ])('under <FlowwiseProvider> alone (%s), a payment confirmed after giving up shows when the window regains focus', async (_, wrapper) => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 2 }));
    const requests = recordRequests();
    const { result } = renderOrder('order_late', { maxWaitMs: 1000 }, wrapper());

    await until(() => result.current.timedOut);
    expect(requests).toHaveLength(2);
    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => result.current.data?.outcome === 'paid');
    expect(requests).toHaveLength(3);
    expect(result.current.timedOut).toBe(false);
  });

  it('under a QueryClientProvider, a <FlowwiseProvider> that came and went leaves its client asking again on focus', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 2 }));
    const requests = recordRequests();
    const client = createTestQueryClient();
    let order: UseFlowwiseOrderResult | undefined;
    function Order() {
      order = useFlowwiseOrder('order_late', { maxWaitMs: 1000 });
      return null;
    }
    const { rerender } = render(
      <QueryClientProvider client={client}>
        <FlowwiseProvider />
      </QueryClientProvider>,
    );
    // The provider leaves; the QueryClientProvider stays, and so does its mount of the client.
    rerender(
      <QueryClientProvider client={client}>
        <Order />
      </QueryClientProvider>,
    );

    await until(() => !!order?.timedOut);
    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => order?.data?.outcome === 'paid');
    expect(requests).toHaveLength(3);
  });

  it('an unknown order is a not_found error with the shopper words for it, and is not asked about again', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'not_found' }));
    const requests = recordRequests();
    const { result } = renderOrder('order_made_up');

    await until(() => result.current.isError);
    expect(result.current.error).toMatchObject({
      name: 'FlowwiseError',
      kind: 'http',
      status: 404,
      code: 'not_found',
      message: defaultStatusMessages.status_not_found,
      detail: 'No order with this order_id for this request.',
      requestId: MOCK_REQUEST_ID,
    });
    expect(result.current.data).toBeUndefined();
    await pass(60_000);
    window.dispatchEvent(new Event('visibilitychange'));
    await pass(1000);
    expect(requests).toHaveLength(1);
  });

  it('a store failure (502) is asked again on the same schedule, and reads status_error for the shopper', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'server_error' }));
    const requests = recordRequests();
    const { result } = renderOrder('order_42', { maxWaitMs: 10_000 });

    await until(() => result.current.isError);
    expect(result.current.error).toMatchObject({
      kind: 'http',
      status: 502,
      code: 'bad_gateway',
      message: defaultStatusMessages.status_error,
    });
    await pass(60_000);
    expect(requests.map(({ at }) => at)).toEqual([0, 1000, 3000, 7000, 10_000]);

    server.use(...mockOrderStatusEndpoint({ scenario: 'paid' }));
    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => result.current.data?.outcome === 'paid');
  });

  it('a busy store (429) is asked again, never sooner than its Retry-After, and the page learns the outcome', async () => {
    let answers = 0;
    server.use(
      http.get('*/api/flowwise/orders', () =>
        (answers += 1) <= 2
          ? HttpResponse.json(
              { message: 'Too many requests to Flowwise.', code: 'rate_limited', type: 'rate_limit_error' },
              { status: 429, headers: { 'retry-after': '5' } },
            )
          : HttpResponse.json(buildOrderSummary({ order_id: 'order_busy' })),
      ),
    );
    const requests = recordRequests();
    const { result } = renderOrder('order_busy');

    await until(() => result.current.isError);
    expect(result.current.error).toMatchObject({
      kind: 'http',
      status: 429,
      retryAfterMs: 5000,
      message: defaultStatusMessages.status_error,
    });
    await until(() => result.current.data?.outcome === 'paid');
    // The schedule's 1 s and 2 s, each stretched to the 5 s the store asked for.
    expect(requests.map(({ at }) => at)).toEqual([0, 5000, 10_000]);
    expect(result.current.error).toBeNull();
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
    let answers = 0;
    server.use(
      http.get('*/api/flowwise/orders', () =>
        (answers += 1) === 1
          ? new HttpResponse(null, { status: 503, headers: { 'retry-after': new Date(Date.now() + 8000).toUTCString() } })
          : HttpResponse.json(buildOrderSummary({ order_id: 'order_42' })),
      ),
    );
    const requests = recordRequests();
    const { result } = renderOrder('order_42');

    await until(() => result.current.isError);
    expect(result.current.error).toMatchObject({ status: 503, retryAfterMs: 8000 });
    await until(() => result.current.isSuccess);
    expect(requests.map(({ at }) => at)).toEqual([0, 8000]);
  });

  it.each([
    ['a 429 without Retry-After', () => HttpResponse.json({ message: 'Slow down.', code: 'rate_limited', type: 'x' }, { status: 429 })],
    ['a 503', () => new HttpResponse('Service Unavailable', { status: 503 })],
    ['no answer at all', () => HttpResponse.error()],
    ['an answer that is not a summary', () => HttpResponse.text('<html>Maintenance</html>')],
  ])('%s is asked again on the backoff schedule: the page never freezes', async (_, answer) => {
    let answers = 0;
    server.use(
      http.get('*/api/flowwise/orders', () =>
        (answers += 1) <= 3 ? answer() : HttpResponse.json(buildOrderSummary({ order_id: 'order_42' })),
      ),
    );
    const requests = recordRequests();
    const { result } = renderOrder('order_42');

    await until(() => result.current.data?.outcome === 'paid');
    expect(requests.map(({ at }) => at)).toEqual([0, 1000, 3000, 7000]);
  });

  it('stops when Retry-After reaches past maxWaitMs: timedOut with the pending summary, and focus waits for it too', async () => {
    let answers = 0;
    server.use(
      http.get('*/api/flowwise/orders', () =>
        (answers += 1) === 1
          ? HttpResponse.json(buildOrderSummary({ order_id: 'order_42', outcome: 'pending', order_status: 'ACTIVE', payments: [] }))
          : answers === 2
            ? HttpResponse.json(
                { message: 'Too many requests.', code: 'rate_limited', type: 'x' },
                { status: 429, headers: { 'retry-after': '60' } },
              )
            : HttpResponse.json(buildOrderSummary({ order_id: 'order_42' })),
      ),
    );
    const requests = recordRequests();
    const { result } = renderOrder('order_42', { maxWaitMs: 20_000 });

    await until(() => result.current.timedOut);
    expect(requests.map(({ at }) => at)).toEqual([0, 1000]);
    expect(result.current.data?.outcome).toBe('pending');
    expect(result.current.error).toMatchObject({ status: 429, retryAfterMs: 60_000 });

    // The shopper comes back to the tab before the minute is up: nothing is asked.
    await pass(30_000);
    window.dispatchEvent(new Event('visibilitychange'));
    await pass(1000);
    expect(requests).toHaveLength(2);

    // After it, a focus asks once more.
    await pass(30_000);
    window.dispatchEvent(new Event('visibilitychange'));
    await until(() => result.current.data?.outcome === 'paid');
    expect(requests).toHaveLength(3);
  });

  it('an id the server refuses (400 invalid_order_id) reads as not found; an id no server accepts is refused before sending', async () => {
    server.use(...mockOrderStatusEndpoint());
    const requests = recordRequests();
    const { result } = renderOrder('x'.repeat(129));

    await until(() => result.current.isError);
    expect(result.current.error).toMatchObject({
      kind: 'validation',
      code: 'invalid_order_id',
      message: defaultStatusMessages.status_not_found,
    });
    expect(requests).toHaveLength(0);
  });

  it('never reads an answer as paid unless outcome is paid: another order, an unknown outcome, a bare PAID status', async () => {
    const answers = [
      buildOrderSummary({ order_id: 'order_someone_else' }),
      { ...buildOrderSummary({ order_id: 'order_42' }), outcome: 'success' },
      { order_id: 'order_42', order_status: 'PAID' },
    ];
    for (const body of answers) {
      server.use(http.get('*/api/flowwise/orders', () => HttpResponse.json(body)));
      const { result, unmount } = renderOrder('order_42');
      await until(() => result.current.isError);
      expect(result.current.error).toMatchObject({ kind: 'invalid_response', message: defaultStatusMessages.status_error });
      expect(result.current.data).toBeUndefined();
      unmount();
    }
  });

  it('sends nothing without an order id, or while enabled is false', async () => {
    server.use(...mockOrderStatusEndpoint());
    const requests = recordRequests();
    const { result } = renderOrder(undefined);
    const { result: disabled } = renderOrder('order_42', { enabled: false });

    await pass(5000);
    expect(requests).toHaveLength(0);
    expect(result.current.fetchStatus).toBe('idle');
    expect(disabled.current.data).toBeUndefined();
  });

  it("uses the provider's endpoint, headers and messages; its own options win", async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'not_found', endpoint: '/shop/orders' }));
    const requests = recordRequests();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <FlowwiseProvider
        endpoint="/shop/orders?store=1"
        headers={{ 'x-csrf': 'token' }}
        messages={{ status_not_found: 'Unbekannte Bestellung.' }}
      >
        {children}
      </FlowwiseProvider>
    );
    const { result } = renderOrder('order_42', {}, wrapper);
    const { result: own } = renderOrder('order_42', { messages: { status_not_found: 'Not ours.' } }, wrapper);

    await until(() => result.current.isError && own.current.isError);
    expect(result.current.error?.message).toBe('Unbekannte Bestellung.');
    expect(own.current.error?.message).toBe('Not ours.');
    expect(requests[0]!.url.pathname).toBe('/shop/orders');
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ store: '1', order_id: 'order_42' });
    expect(requests[0]!.headers.get('x-csrf')).toBe('token');
  });

  it('throws an error naming the hook and the fix without a QueryClient', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useFlowwiseOrder('order_42'))).toThrow(
      'useFlowwiseOrder() needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.',
    );
  });
});

describe('useFlowwiseReturn', () => {
  it('reads only order_id from the URL: a forged order_status=PAID changes nothing', async () => {
    history.replaceState(null, '', '/thanks?order_id=order_made_up&order_status=PAID&outcome=paid');
    server.use(...mockOrderStatusEndpoint({ scenario: 'not_found' }));
    const requests = recordRequests();
    const { result } = renderHook(() => useFlowwiseReturn(), { wrapper: withQueryClient() });

    expect(result.current.orderId).toBe('order_made_up');
    await until(() => result.current.isError);
    expect(result.current.error?.code).toBe('not_found');
    expect(result.current.data).toBeUndefined();
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ order_id: 'order_made_up' });
  });

  it('asks about the order in the URL, with the options given', async () => {
    history.replaceState(null, '', '/thanks?order_id=order_42');
    server.use(...mockOrderStatusEndpoint({ scenario: 'paid', endpoint: '/shop/orders' }));
    const { result } = renderHook(() => useFlowwiseReturn({ endpoint: '/shop/orders' }), { wrapper: withQueryClient() });

    await until(() => result.current.isSuccess);
    expect(result.current.data).toMatchObject({ order_id: 'order_42', outcome: 'paid' });
  });

  it('with no order_id in the URL, orderId is null and nothing is sent', async () => {
    history.replaceState(null, '', '/thanks?order_status=PAID');
    const requests = recordRequests();
    const { result } = renderHook(() => useFlowwiseReturn(), { wrapper: withQueryClient() });

    expect(result.current.orderId).toBeNull();
    await pass(5000);
    expect(requests).toHaveLength(0);
  });
});
