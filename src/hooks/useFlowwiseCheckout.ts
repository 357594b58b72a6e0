import { useCallback, useEffect, useRef } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { verifyCheckoutUrl } from '../core/checkoutUrl';
import type { FlowwiseConfig } from '../core/config';
import { createOrder } from '../core/createOrder';
import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { redirectTo, type RedirectMode } from '../core/redirect';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useFlowwiseMutation } from './useCreateOrder';

/** Where a checkout is: `redirecting` lasts until the page unloads (or is restored from the back/forward cache). */
export type CheckoutStatus = 'idle' | 'pending' | 'redirecting' | 'error';

/** An order, or a sync/async function that builds one when the checkout starts (e.g. from the cart). */
export type OrderInput = CreateOrderRequest | (() => CreateOrderRequest | Promise<CreateOrderRequest>);

/** Options for {@link useFlowwiseCheckout}; every request option defaults to the provider's value. */
export interface UseFlowwiseCheckoutOptions extends FlowwiseConfig {
  /**
   * How to send the shopper to `checkout_url`: `'assign'` (a normal navigation), `'replace'` (no
   * history entry), `false` (do not navigate; the checkout returns to `idle` with `data` set), or a
   * function that receives the verified URL. Defaults to `'assign'`.
   */
  redirect?: RedirectMode;
  /** Runs after the order is created and before the redirect; return `false` (or resolve to it) to cancel the redirect. */
  onSuccess?: (response: CreateOrderResponse) => boolean | void | Promise<boolean | void>;
  /** Runs on any failure: invalid order, HTTP or network error, timeout, invalid response or unsafe `checkout_url`. */
  onError?: (error: FlowwiseError) => void;
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
}

export interface UseFlowwiseCheckoutResult {
  /** Starts a checkout. Never rejects: the outcome is in `status`, `error` and `data`. Ignored while one is under way. */
  checkout: (order: OrderInput) => Promise<void>;
  status: CheckoutStatus;
  /** The last failure, while `status` is `'error'`. */
  error: FlowwiseError | null;
  /** The created order, once there is one. */
  data: CreateOrderResponse | undefined;
  /** Back to `idle`, clearing `error` and `data`. */
  reset: () => void;
}

/** Runs a callback of the shopper's code, reporting what it throws as a `validation` error. */
async function attempt<T>(callback: () => T | Promise<T>): Promise<T> {
  try {
    return await callback();
  } catch (error) {
    throw isFlowwiseError(error)
      ? error
      : new FlowwiseError('validation', (error as Error)?.message || 'Your order could not be prepared.', { cause: error });
  }
}

/**
 * The headless checkout behind `<FlowwiseCheckoutButton>`, for custom checkout UIs: creates the
 * order, verifies `checkout_url` against `checkoutOrigins`, and redirects. A second `checkout()`
 * while one is under way is ignored, and the latest options are used at the time of the call.
 *
 * @example
 * const { checkout, status, error } = useFlowwiseCheckout();
 * <button onClick={() => checkout(() => orderFromCart(cart))} aria-busy={status === 'pending'}>Pay</button>
 */
export function useFlowwiseCheckout(options: UseFlowwiseCheckoutOptions = {}): UseFlowwiseCheckoutResult {
  // Callbacks are read when they are needed, never from an earlier render.
  const latest = useRef(options);
  latest.current = options;
  // A ref, not state: fifty clicks inside one frame all run before React re-renders.
  const busy = useRef(false);

  const mutation = useFlowwiseMutation<OrderInput, { response: CreateOrderResponse; redirecting: boolean }>(
    'useFlowwiseCheckout()',
    options,
    // No retry option: after a timeout the order may already exist, so the shopper decides, with a click.
    {},
    async (input, config, signal) => {
      const order = await attempt(() => (typeof input == 'function' ? input() : input));
      const response = await createOrder(config(), order, { signal });
      const href = verifyCheckoutUrl(response.checkout_url, config().checkoutOrigins);
      const proceed = await attempt(() => latest.current.onSuccess?.(response));
      const mode = latest.current.redirect ?? 'assign';
      // Not after the component is gone: the shopper may have moved on.
      const redirecting = proceed !== false && mode !== false && !signal?.aborted;
      if (redirecting) redirectTo(href, mode);
      return { response, redirecting };
    },
  );

  const { mutate, reset: resetMutation } = mutation;
  const reset = useCallback(() => {
    busy.current = false;
    resetMutation();
  }, [resetMutation]);

  useEffect(() => {
    // A page restored from the back/forward cache after the redirect must not show a stuck button.
    const onPageShow = (event: PageTransitionEvent) => event.persisted && reset();
    addEventListener('pageshow', onPageShow);
    return () => removeEventListener('pageshow', onPageShow);
  }, [reset]);

  const checkout = useCallback(
    async (input: OrderInput) => {
      if (busy.current) return;
      busy.current = true;
      // These run only while the component is mounted.
      mutate(input, {
        onSuccess: ({ redirecting }) => (busy.current = redirecting),
        onError: (error) => {
          busy.current = false;
          latest.current.onError?.(error);
        },
      });
    },
    [mutate],
  );

  const { status, data, error } = mutation;
  return {
    checkout,
    status: status == 'success' ? (data.redirecting ? 'redirecting' : 'idle') : status,
    error,
    data: data?.response,
    reset,
  };
}
