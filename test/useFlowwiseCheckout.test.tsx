import {
  FlowwiseError,
  FlowwiseProvider,
  useFlowwiseCheckout,
  type CreateOrderRequest,
  type UseFlowwiseCheckoutOptions,
} from '@flowwise/react';
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

    act(() => result.current.checkout(order));
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

    act(() => result.current.checkout(order));

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
    act(() => listed.result.current.checkout(order));
    await waitFor(() => expect(listed.result.current.status).toBe('redirecting'));
    expect(redirect).toHaveBeenCalledWith('http://localhost:4010/checkout/order_summer_fashion_001');

    const unlisted = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => unlisted.result.current.checkout(order));
    await waitFor(() => expect(unlisted.result.current.error?.kind).toBe('unsafe_redirect'));
  });

  it('in a development build, a checkout_url refused for its origin logs one warning naming it and how to allow it', async () => {
    respondWith('https://sandbox.flowwise.example/checkout/order_1');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });

    act(() => result.current.checkout(order));

    await waitFor(() => expect(result.current.error?.code).toBe('origin_not_allowed'));
    expect(warn).toHaveBeenCalledOnce();
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain('its origin https://sandbox.flowwise.example is not in checkoutOrigins (https://payments.flowwise.com)');
    expect(message).toContain("<FlowwiseProvider checkoutOrigins={['https://payments.flowwise.com', 'https://sandbox.flowwise.example']}>");
    // The shopper's sentence is unchanged.
    expect(result.current.error?.message).toBe('The payment page could not be verified, so you were not redirected.');
  });

  it('warns about nothing when the URL itself is unsafe (there is no origin to allow), nor in a production build', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    respondWith('javascript:alert(1)');
    const unsafe = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => unsafe.result.current.checkout(order));
    await waitFor(() => expect(unsafe.result.current.error?.code).toBe('invalid_url'));

    vi.stubEnv('NODE_ENV', 'production');
    respondWith('https://sandbox.flowwise.example/checkout/order_1');
    const production = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => production.result.current.checkout(order));
    await waitFor(() => expect(production.result.current.error?.code).toBe('origin_not_allowed'));

    expect(warn).not.toHaveBeenCalled();
  });

  it('lets onSuccess cancel the redirect by returning false, even asynchronously', async () => {
    respondWith(responseExample.checkout_url);
    const redirect = vi.fn();
    const onSuccess = vi.fn(async () => false);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect, onSuccess }), { wrapper: withQueryClient() });

    act(() => result.current.checkout(order));

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

    act(() => result.current.checkout(order));

    await waitFor(() => expect(calls).toEqual(['onSuccess', 'redirect']));
  });

  it('stays on the page with redirect: false, leaving the response in data', async () => {
    respondWith(responseExample.checkout_url);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: false }), { wrapper: withQueryClient() });

    act(() => result.current.checkout(order));

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

    act(() => result.current.checkout(async () => ({ ...order, order_amount: 10 })));

    await waitFor(() => expect(posted).toEqual([{ ...order, order_amount: 10 }]));
  });

  it('shows a shopper a generic message when the order function throws, keeping what it threw as cause', async () => {
    const onError = vi.fn();
    const bug = new TypeError("Cannot read properties of undefined (reading 'price')");
    const { result } = renderHook(() => useFlowwiseCheckout({ onError }), { wrapper: withQueryClient() });

    act(() =>
      result.current.checkout(() => {
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

    act(() =>
      result.current.checkout(() => {
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

    act(() => result.current.checkout(order));

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

    act(() => result.current.checkout(order));

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

    act(() => result.current.checkout(order));

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

    // It returns nothing to await: the outcome is in the state.
    act(() => expect(result.current.checkout(order)).toBeUndefined());
    await waitFor(() => expect(result.current.error?.kind).toBe('network'));

    act(() => result.current.reset());
    await waitFor(() => expect(result.current).toMatchObject({ status: 'idle', error: null, data: undefined }));
  });

  it('returns to idle when the page is restored from the back/forward cache after a redirect', async () => {
    respondWith(responseExample.checkout_url);
    const { result } = renderHook(() => useFlowwiseCheckout({ redirect: vi.fn<(url: string) => void>() }), { wrapper: withQueryClient() });
    act(() => result.current.checkout(order));
    await waitFor(() => expect(result.current.status).toBe('redirecting'));

    act(() => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false })));
    expect(result.current.status).toBe('redirecting');
    act(() => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await waitFor(() => expect(result.current.status).toBe('idle'));
  });

  it('runs each checkout with the options of the render before it, from start to finish', async () => {
    // The endpoint answers only once the test has re-rendered with other options.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let received = () => {};
    const sent = new Promise<void>((resolve) => (received = resolve));
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        received();
        await answered;
        return HttpResponse.json(responseExample);
      }),
    );
    const [first, second, third] = [vi.fn(), vi.fn(), vi.fn()];
    const [onSuccess, laterOnSuccess] = [vi.fn(), vi.fn()];
    const initialProps: UseFlowwiseCheckoutOptions = { redirect: first };
    const { result, rerender } = renderHook((options) => useFlowwiseCheckout(options), { wrapper: withQueryClient(), initialProps });

    // Changed a moment before the click: the checkout uses the new options.
    rerender({ redirect: second, onSuccess });
    act(() => result.current.checkout(order));
    await sent;
    // Changed while it runs: this checkout keeps the options it started with.
    rerender({ redirect: third, onSuccess: laterOnSuccess });
    answer();

    await waitFor(() => expect(second).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    expect(third).not.toHaveBeenCalled();
    expect(laterOnSuccess).not.toHaveBeenCalled();
  });

  it('takes redirect from the provider, and a redirect given to the hook wins over it', async () => {
    respondWith(responseExample.checkout_url);
    const fromProvider = vi.fn<(url: string) => void>();
    const fromHook = vi.fn<(url: string) => void>();
    const wrapper = ({ children }: { children: ReactNode }) => <FlowwiseProvider redirect={fromProvider}>{children}</FlowwiseProvider>;

    const plain = renderHook(() => useFlowwiseCheckout(), { wrapper });
    act(() => plain.result.current.checkout(order));
    await waitFor(() => expect(fromProvider).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));

    const own = renderHook(() => useFlowwiseCheckout({ redirect: fromHook }), { wrapper });
    act(() => own.result.current.checkout(order));
    await waitFor(() => expect(fromHook).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));
    expect(fromProvider).toHaveBeenCalledTimes(1);

    // `false` on the provider keeps every checkout below it on the page, with the order in `data`.
    const stay = renderHook(() => useFlowwiseCheckout(), {
      wrapper: ({ children }: { children: ReactNode }) => <FlowwiseProvider redirect={false}>{children}</FlowwiseProvider>,
    });
    act(() => stay.result.current.checkout(order));
    await waitFor(() => expect(stay.result.current.data?.checkout_url).toBe(responseExample.checkout_url));
    expect(stay.result.current.status).toBe('idle');
  });
});
