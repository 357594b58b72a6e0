import { useCallback, useEffect, useRef, useState } from 'react';
import { notifyManager, type QueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { verifyCheckoutUrl } from '../core/checkoutUrl';
import type { FlowwiseConfig } from '../core/config';
import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { redirectTo, type RedirectMode } from '../core/redirect';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useCreateOrder, useFlowwiseSetup } from './useCreateOrder';

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
  /** TanStack's `retry` option for the create-order request. Defaults to `false`. */
  retry?: UseMutationOptions['retry'];
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

type Local = { phase: 'building' | 'redirecting' | 'idle' } | { phase: 'error'; error: FlowwiseError } | null;

function toFlowwiseError(error: unknown): FlowwiseError {
  if (isFlowwiseError(error)) return error;
  const message = error instanceof Error && error.message ? error.message : 'Your order could not be prepared.';
  return new FlowwiseError('validation', message, { cause: error });
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
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
  const { redirect, onSuccess, onError, retry, queryClient: clientOption, ...requestOptions } = options;
  const { queryClient, config } = useFlowwiseSetup('useFlowwiseCheckout()', { ...requestOptions, queryClient: clientOption });
  const mutation = useCreateOrder({ ...requestOptions, queryClient, retry: retry ?? false });
  const [local, setLocal] = useState<Local>(null);
  // Callbacks and config are read at the time of the checkout, never from an earlier render.
  const latest = useRef({ options, config });
  latest.current = { options, config };
  // A ref, not state: fifty clicks inside one frame all run before React re-renders.
  const busy = useRef(false);
  const mounted = useRef(false);

  const { reset: resetMutation, mutate } = mutation;
  const reset = useCallback(() => {
    busy.current = false;
    // A new object, not null: after a failed request our state is already null, and React 18 would bail
    // out of that update and show the reset only when TanStack's notification arrives a tick later.
    setLocal({ phase: 'idle' });
    resetMutation();
  }, [resetMutation]);

  useEffect(() => {
    mounted.current = true;
    // A page restored from the back/forward cache after the redirect must not show a stuck button.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) reset();
    };
    window.addEventListener('pageshow', onPageShow);
    return () => {
      mounted.current = false;
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [reset]);

  // State updates go through TanStack's notification queue, so that when they happen inside its
  // batch (as in a mutation callback) they render together with the mutation's own update.
  const update = useCallback((next: Local) => {
    notifyManager.schedule(() => {
      if (mounted.current) setLocal(next);
    });
  }, []);

  const fail = useCallback(
    (error: FlowwiseError, keep: boolean) => {
      if (!mounted.current) return;
      busy.current = false;
      if (keep) update({ phase: 'error', error });
      latest.current.options.onError?.(error);
    },
    [update],
  );

  const succeed = useCallback(
    (response: CreateOrderResponse) => {
      if (!mounted.current) return;
      const { options: now, config: configNow } = latest.current;
      const mode = now.redirect ?? 'assign';
      let href: string;
      try {
        href = verifyCheckoutUrl(response.checkout_url, configNow.checkoutOrigins);
      } catch (error) {
        fail(toFlowwiseError(error), true);
        return;
      }
      const finish = (proceed: boolean | void) => {
        if (!mounted.current) return;
        if (proceed === false || mode === false) {
          busy.current = false;
          update({ phase: 'idle' });
          return;
        }
        update({ phase: 'redirecting' });
        redirectTo(href, mode);
      };
      try {
        const result = now.onSuccess?.(response);
        if (isPromiseLike(result)) result.then(finish, (error: unknown) => fail(toFlowwiseError(error), true));
        else finish(result);
      } catch (error) {
        fail(toFlowwiseError(error), true);
      }
    },
    [fail, update],
  );

  const checkout = useCallback(
    async (input: OrderInput) => {
      if (busy.current) return;
      busy.current = true;
      let order: CreateOrderRequest;
      try {
        const built = typeof input === 'function' ? input() : input;
        if (isPromiseLike(built)) {
          setLocal({ phase: 'building' });
          order = await built;
        } else {
          order = built;
        }
      } catch (error) {
        fail(toFlowwiseError(error), true);
        return;
      }
      if (!mounted.current) return;
      // Clearing our state in the same batch as the mutation going pending avoids an "idle" flash.
      notifyManager.batch(() => {
        mutate(order, { onSuccess: succeed, onError: (error) => fail(error, false) });
        update(null);
      });
    },
    [fail, mutate, succeed, update],
  );

  let status: CheckoutStatus;
  if (local?.phase === 'building') status = 'pending';
  else if (local) status = local.phase;
  else if (mutation.status === 'pending') status = 'pending';
  else if (mutation.status === 'error') status = 'error';
  else status = 'idle';

  return {
    checkout,
    status,
    error: local?.phase === 'error' ? local.error : status === 'error' ? mutation.error : null,
    data: mutation.data,
    reset,
  };
}
