import { FlowwiseError, FlowwiseProvider, useFlowwiseCheckout, type CreateOrderRequest } from '@flowwise/react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { requestExample, responseExample } from './spec';
import type { ReactNode } from 'react';
import { setupMsw, withQueryClient } from './support';

const server = setupMsw();
const order: CreateOrderRequest = structuredClone(requestExample);

function respondWith(checkoutUrl: string) {
  server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json({ ...responseExample, checkout_url: checkoutUrl })));
}

describe('useFlowwiseCheckout', () => {
  it('goes idle → pending → redirecting and hands the verified URL to the redirect function', async () => {
    // The endpoint answers only when the test says so, so 'pending' is seen however slow the machine is.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        await answered;
        return HttpResponse.json(responseExample);
      }),
    );
    const redirect = vi.fn();
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect }), { wrapper: withQueryClient() });
    expect(result.current.status).toBe('idle');

    act(() => void result.current.checkout(order));
    await waitFor(() => expect(result.current.status).toBe('pending'));
    expect(redirect).not.toHaveBeenCalled();
    answer();
    await waitFor(() => expect(result.current.status).toBe('redirecting'));

    expect(redirect).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url);
    expect(result.current.data).toEqual(responseExample);
    expect(result.current.error).toBeNull();
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http:', 'http://payments.flowwise.com/checkout/1'],
    ['a foreign origin', 'https://evil.example/checkout/1'],
    ['a relative URL', '/checkout/order_summer_fashion_001'],
    ['a protocol-relative URL', '//evil.example/checkout'],
    ['credentials in the URL', 'https://payments.flowwise.com@evil.example/checkout'],
    ['a look-alike host', 'https://payments.flowwise.com.evil.example/checkout'],
  ])('never navigates to %s and reports unsafe_redirect', async (_, url) => {
    respondWith(url);
    const redirect = vi.fn();
    const onError = vi.fn();
    const onSuccess = vi.fn();
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect, onError, onSuccess }), {
      wrapper: withQueryClient(),
    });

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.kind).toBe('unsafe_redirect');
    expect(onError).toHaveBeenCalledExactlyOnceWith(result.current.error);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(redirect).not.toHaveBeenCalled();
  });

  it('allows an http loopback origin only when it is listed in checkoutOrigins', async () => {
    respondWith('http://localhost:4010/checkout/order_summer_fashion_001');
    const redirect = vi.fn();
    const listed = renderHook(() => useFlowwiseCheckout({ redirect, checkoutOrigins: ['http://localhost:4010'] }), {
      wrapper: withQueryClient(),
    });
    act(() => void listed.result.current.checkout(order));
    await waitFor(() => expect(listed.result.current.status).toBe('redirecting'));
    expect(redirect).toHaveBeenCalledWith('http://localhost:4010/checkout/order_summer_fashion_001');

    const unlisted = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => void unlisted.result.current.checkout(order));
    await waitFor(() => expect(unlisted.result.current.error?.kind).toBe('unsafe_redirect'));
  });

  it('lets onSuccess cancel the redirect by returning false, even asynchronously', async () => {
    respondWith(responseExample.checkout_url);
    const redirect = vi.fn();
    const onSuccess = vi.fn(async () => false);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect, onSuccess }), { wrapper: withQueryClient() });

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(responseExample));
    await waitFor(() => expect(result.current.data).toEqual(responseExample));
    expect(result.current.status).toBe('idle');
    expect(redirect).not.toHaveBeenCalled();
  });

  it('runs onSuccess before the redirect', async () => {
    respondWith(responseExample.checkout_url);
    const calls: string[] = [];
    const { result } = renderHook(
      () =>
        useFlowwiseCheckout({
          onSuccess: () => void calls.push('onSuccess'),
          redirect: () => void calls.push('redirect'),
        }),
      { wrapper: withQueryClient() },
    );

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(calls).toEqual(['onSuccess', 'redirect']));
  });

  it('stays on the page with redirect: false, leaving the response in data', async () => {
    respondWith(responseExample.checkout_url);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: false }), { wrapper: withQueryClient() });

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(result.current.data?.checkout_url).toBe(responseExample.checkout_url));
    expect(result.current.status).toBe('idle');
  });

  it('builds the order from an async function when the checkout starts', async () => {
    const posted: unknown[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(responseExample);
      }),
    );
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: false }), { wrapper: withQueryClient() });

    act(() => void result.current.checkout(async () => ({ ...order, order_amount: 10 })));

    await waitFor(() => expect(posted).toEqual([{ ...order, order_amount: 10 }]));
  });

  it('shows a shopper a generic message when the order function throws, keeping what it threw as cause', async () => {
    const onError = vi.fn();
    const bug = new TypeError("Cannot read properties of undefined (reading 'price')");
    const { result } = renderHook(() => useFlowwiseCheckout({ onError }), { wrapper: withQueryClient() });

    act(
      () =>
        void result.current.checkout(() => {
          throw bug;
        }),
    );

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({
      kind: 'integration',
      message: 'The payment could not be started. Please try again.',
      detail: 'The order function threw.',
    });
    expect(result.current.error?.cause).toBe(bug);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('passes on a FlowwiseError thrown by the order function as it is', async () => {
    const { result } = renderHook(() => useFlowwiseCheckout(), { wrapper: withQueryClient() });
    const empty = new FlowwiseError('validation', 'Your cart is empty.');

    act(
      () =>
        void result.current.checkout(() => {
          throw empty;
        }),
    );

    await waitFor(() => expect(result.current.error).toBe(empty));
  });

  it('still sends the shopper to the created order when onSuccess throws, and reports the error', async () => {
    const posted: string[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        posted.push(((await request.json()) as CreateOrderRequest).order_id);
        return HttpResponse.json(responseExample);
      }),
    );
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    const failure = new Error('analytics is down');
    const redirect = vi.fn();
    const { result } = renderHook(
      () =>
        useFlowwiseCheckout({
          redirect,
          onSuccess: () => {
            throw failure;
          },
        }),
      { wrapper: withQueryClient() },
    );

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(result.current.status).toBe('redirecting'));
    expect(redirect).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url);
    expect(reported).toHaveBeenCalledExactlyOnceWith(failure);
    expect(result.current.error).toBeNull();
    expect(posted).toEqual([order.order_id]);
  });

  it('reports a redirect function that throws as an integration error, not a TypeError', async () => {
    respondWith(responseExample.checkout_url);
    const broken = new TypeError('navigate is not a function');
    const { result } = renderHook(
      () =>
        useFlowwiseCheckout({
          redirect: () => {
            throw broken;
          },
        }),
      { wrapper: withQueryClient() },
    );

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({
      name: 'FlowwiseError',
      kind: 'integration',
      message: 'The payment could not be started. Please try again.',
      detail: 'The redirect function threw.',
    });
    expect(result.current.error?.cause).toBe(broken);
  });

  it('never sends the shopper to a checkout for another order than the one sent', async () => {
    server.use(
      http.post('*/api/flowwise/orders', () =>
        HttpResponse.json({
          ...responseExample,
          order_id: 'someone_else',
          checkout_url: 'https://payments.flowwise.com/checkout/someone_else',
        }),
      ),
    );
    const redirect = vi.fn();
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect }), { wrapper: withQueryClient() });

    act(() => void result.current.checkout(order));

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ kind: 'invalid_response', code: 'order_id_mismatch' });
    expect(redirect).not.toHaveBeenCalled();
  });

  it('throws where checkoutOrigins is given when it is not a list of bare origins', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      renderHook(() => useFlowwiseCheckout({ checkoutOrigins: 'https://payments.flowwise.com' as never }), {
        wrapper: withQueryClient(),
      }),
    ).toThrow(expect.objectContaining({ name: 'FlowwiseError', kind: 'integration', code: 'invalid_checkout_origins' }));
    expect(() =>
      renderHook(() => useFlowwiseCheckout({ checkoutOrigins: ['https://payments.flowwise.com@evil.example'] }), {
        wrapper: withQueryClient(),
      }),
    ).toThrow(/payments\.flowwise\.com@evil\.example/);
  });

  it('never rejects from checkout(), and reset() returns to idle', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.error()));
    const { result } = renderHook(() => useFlowwiseCheckout(), { wrapper: withQueryClient() });

    await act(() => expect(result.current.checkout(order)).resolves.toBeUndefined());
    await waitFor(() => expect(result.current.error?.kind).toBe('network'));

    act(() => result.current.reset());
    await waitFor(() => expect(result.current).toMatchObject({ status: 'idle', error: null, data: undefined }));
  });

  it('returns to idle when the page is restored from the back/forward cache after a redirect', async () => {
    respondWith(responseExample.checkout_url);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => void result.current.checkout(order));
    await waitFor(() => expect(result.current.status).toBe('redirecting'));

    act(() => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false })));
    expect(result.current.status).toBe('redirecting');
    act(() => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await waitFor(() => expect(result.current.status).toBe('idle'));
  });

  it('uses the redirect option and callbacks current at the time of the response', async () => {
    // The endpoint answers only once the test has re-rendered with new options.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        await answered;
        return HttpResponse.json(responseExample);
      }),
    );
    const first = vi.fn();
    const second = vi.fn();
    const { result, rerender } = renderHook(({ redirect }) => useFlowwiseCheckout({ redirect }), {
      wrapper: withQueryClient(),
      initialProps: { redirect: first },
    });

    act(() => void result.current.checkout(order));
    rerender({ redirect: second });
    answer();

    await waitFor(() => expect(second).toHaveBeenCalledTimes(1));
    expect(first).not.toHaveBeenCalled();
  });

  it('takes redirect from the provider, and a redirect given to the hook wins over it', async () => {
    respondWith(responseExample.checkout_url);
    const fromProvider = vi.fn<(url: string) => void>();
    const fromHook = vi.fn<(url: string) => void>();
    const wrapper = ({ children }: { children: ReactNode }) => <FlowwiseProvider redirect={fromProvider}>{children}</FlowwiseProvider>;

    const plain = renderHook(() => useFlowwiseCheckout(), { wrapper });
    act(() => void plain.result.current.checkout(order));
    await waitFor(() => expect(fromProvider).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));

    const own = renderHook(() => useFlowwiseCheckout({ redirect: fromHook }), { wrapper });
    act(() => void own.result.current.checkout(order));
    await waitFor(() => expect(fromHook).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));
    expect(fromProvider).toHaveBeenCalledTimes(1);

    // `false` on the provider keeps every checkout below it on the page, with the order in `data`.
    const stay = renderHook(() => useFlowwiseCheckout(), {
      wrapper: ({ children }: { children: ReactNode }) => <FlowwiseProvider redirect={false}>{children}</FlowwiseProvider>,
    });
    act(() => void stay.result.current.checkout(order));
    await waitFor(() => expect(stay.result.current.data?.checkout_url).toBe(responseExample.checkout_url));
    expect(stay.result.current.status).toBe('idle');
  });
});
