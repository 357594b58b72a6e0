import * as React from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { checkout as runCheckout, type CheckoutOptions, type OrderInput } from '../core/checkout';
import type { FlowwiseError } from '../core/FlowwiseError';
import { checkoutKey } from '../core/flowwiseKeys';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useFlowwiseMutation } from './useFlowwiseMutation';

/** Where a checkout is: `redirecting` lasts until the page unloads (or is restored from the back/forward cache). */
export type CheckoutStatus = 'idle' | 'pending' | 'redirecting' | 'error';

/**
 * Options for {@link useFlowwiseCheckout}; every request option (and `redirect`, `messages`) defaults to
 * the provider's value. With `redirect: false` the checkout returns to `idle` with `data` set.
 */
export interface UseFlowwiseCheckoutOptions<TPayload = CreateOrderRequest> extends CheckoutOptions<TPayload> {
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
}

/** What {@link useFlowwiseCheckout} returns. */
export interface UseFlowwiseCheckoutResult<TPayload = CreateOrderRequest> {
  /**
   * Starts a checkout, and returns at once: the outcome is in `status`, `error` and `data` (and
   * `onSuccess`, `onError`). Ignored while one is under way.
   */
  checkout: (payload: OrderInput<TPayload>) => void;
  status: CheckoutStatus;
  /** The last failure, while `status` is `'error'`. */
  error: FlowwiseError | null;
  /** The created order, once there is one. */
  data: CreateOrderResponse | undefined;
  /** Back to `idle`, clearing `error` and `data`. */
  reset: () => void;
}

/** {@link useFlowwiseCheckout} for `caller`, which its error names when there is no QueryClient. */
export function useCheckout<TPayload>(caller: string, options: UseFlowwiseCheckoutOptions<TPayload>): UseFlowwiseCheckoutResult<TPayload> {
  // A ref, not state: fifty clicks inside one frame all run before React re-renders.
  const busy = React.useRef(false);
  // No retry option: after a timeout the order may already exist, so the shopper decides, with a click.
  const {
    mutate,
    reset: resetMutation,
    status,
    data,
    error,
  } = useFlowwiseMutation(caller, options, { mutationKey: checkoutKey }, runCheckout<TPayload>);

  const reset = React.useCallback(() => {
    busy.current = false;
    resetMutation();
  }, [resetMutation]);

  React.useEffect(() => {
    // A page restored from the back/forward cache after the redirect must not show a stuck button.
    const onPageShow = (event: PageTransitionEvent) => event.persisted && reset();
    addEventListener('pageshow', onPageShow);
    return () => removeEventListener('pageshow', onPageShow);
  }, [reset]);

  const checkout = React.useCallback(
    (input: OrderInput<TPayload>) => {
      if (busy.current) return;
      busy.current = true;
      // Runs only while the component is mounted.
      mutate(input, { onSettled: (result) => (busy.current = !!result?.redirecting) });
    },
    [mutate],
  );

  return {
    checkout,
    status: status === 'success' ? (data.redirecting ? 'redirecting' : 'idle') : status,
    error,
    data: data?.response,
    reset,
  };
}

/**
 * The headless checkout behind `<FlowwiseCheckoutButton>`, for custom checkout UIs: creates the order,
 * verifies `checkout_url` against `checkoutOrigins`, and redirects. A second `checkout()` while one is under
 * way is ignored. Each checkout runs with the options of the render before it (a cart changed a moment ago
 * is what gets posted, with the callbacks of that render), and is one TanStack mutation keyed
 * `flowwiseKeys.checkout`.
 *
 * @example
 * ```tsx
 * const { checkout, status, error } = useFlowwiseCheckout();
 * <button onClick={() => checkout(() => orderFromCart(cart))} aria-busy={status === 'pending'}>Pay</button>
 * ```
 */
export function useFlowwiseCheckout<TPayload = CreateOrderRequest>(
  options: UseFlowwiseCheckoutOptions<TPayload> = {},
): UseFlowwiseCheckoutResult<TPayload> {
  return useCheckout('useFlowwiseCheckout()', options);
}
