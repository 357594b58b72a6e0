import * as React from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { checkout as runCheckout, type CheckoutOptions, type OrderInput } from '../core/checkout';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useFlowwiseMutation } from './useCreateOrder';

/** Where a checkout is: `redirecting` lasts until the page unloads (or is restored from the back/forward cache). */
export type CheckoutStatus = 'idle' | 'pending' | 'redirecting' | 'error';

/**
 * The mutation key of every checkout (`useFlowwiseCheckout` and `<FlowwiseCheckoutButton>`), for
 * `useIsMutating` and `useMutationState`: data is `{ response: CreateOrderResponse, redirecting: boolean }`,
 * variables the `OrderInput` given to `checkout()`.
 */
export const checkoutMutationKey = ['flowwise', 'checkout'] as const;

/**
 * Options for {@link useFlowwiseCheckout}; every request option (and `redirect`, `messages`) defaults to
 * the provider's value. With `redirect: false` the checkout returns to `idle` with `data` set.
 */
export interface UseFlowwiseCheckoutOptions<TPayload = CreateOrderRequest> extends CheckoutOptions<TPayload> {
  /** Runs on any failure: invalid order, HTTP or network error, timeout, invalid response or unsafe `checkout_url`. */
  onError?: (error: FlowwiseError) => void;
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
}

export interface UseFlowwiseCheckoutResult<TPayload = CreateOrderRequest> {
  /** Starts a checkout. Never rejects: the outcome is in `status`, `error` and `data`. Ignored while one is under way. */
  checkout: (payload: OrderInput<TPayload>) => Promise<void>;
  status: CheckoutStatus;
  /** The last failure, while `status` is `'error'`. */
  error: FlowwiseError | null;
  /** The created order, once there is one. */
  data: CreateOrderResponse | undefined;
  /** Back to `idle`, clearing `error` and `data`. */
  reset: () => void;
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
export function useFlowwiseCheckout<TPayload = CreateOrderRequest>(
  options: UseFlowwiseCheckoutOptions<TPayload> = {},
): UseFlowwiseCheckoutResult<TPayload> {
  // A ref, not state: fifty clicks inside one frame all run before React re-renders.
  const busy = React.useRef(false);

  // Callbacks are read when they are needed, never from an earlier render.
  const [{ mutate, reset: resetMutation, status, data, error }, latest] = useFlowwiseMutation(
    'useFlowwiseCheckout()',
    options,
    // No retry option: after a timeout the order may already exist, so the shopper decides, with a click.
    { mutationKey: checkoutMutationKey },
    runCheckout<TPayload>,
  );

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
    async (input: OrderInput<TPayload>) => {
      if (busy.current) return;
      busy.current = true;
      // These run only while the component is mounted.
      mutate(input, {
        onSuccess: ({ redirecting }) => (busy.current = redirecting),
        onError: (error) => {
          busy.current = false;
          latest().onError?.(error);
        },
      });
    },
    [mutate, latest],
  );

  return {
    checkout,
    status: status === 'success' ? (data.redirecting ? 'redirecting' : 'idle') : status,
    error,
    data: data?.response,
    reset,
  };
}
