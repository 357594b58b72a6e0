import * as React from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { checkoutKey, checkout as runCheckout, type CheckoutOptions, type OrderInput } from '../core/checkout';
import type { FlowwiseError } from '../core/FlowwiseError';
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
  /**
   * Which event starts the checkout on `<FlowwiseCheckoutButton>`, or on the element given
   * {@link UseFlowwiseCheckoutResult.getTriggerProps}. With `'pointerdown'`, a press of the primary
   * button of a mouse or pen starts it, before the shopper has released the button (as much sooner as a
   * press lasts, about a tenth of a second), and the click that follows starts nothing more. A touch
   * keeps `click`, since a scroll begins with a `pointerdown` too, and keyboard activation is unchanged.
   * A press that never becomes a click (the shopper drags off the button) has created the order all the
   * same: nobody pays it, and it simply expires at Flowwise.
   * @defaultValue `'click'`
   */
  startOn?: 'click' | 'pointerdown';
}

/** The event handlers {@link UseFlowwiseCheckoutResult.getTriggerProps} gives the element that starts a checkout. */
export interface CheckoutTriggerProps<TElement extends Element = Element> {
  onPointerDown: React.PointerEventHandler<TElement>;
  onClick: React.MouseEventHandler<TElement>;
}

/** What {@link useFlowwiseCheckout} returns. */
export interface UseFlowwiseCheckoutResult<TPayload = CreateOrderRequest> {
  /**
   * Starts a checkout, and returns at once: the outcome is in `status`, `error` and `data` (and
   * `onSuccess`, `onError`). Ignored while one is under way.
   */
  checkout: (payload: OrderInput<TPayload>) => void;
  /**
   * Handlers for the element the shopper presses, which start a checkout of `payload` on `click`, or on
   * a mouse or pen press with `startOn: 'pointerdown'` (the click that follows the press is then
   * skipped). `own` handlers of yours run first; an event one of them called `preventDefault()` on
   * starts nothing.
   */
  getTriggerProps: <TElement extends Element>(
    payload: OrderInput<TPayload>,
    own?: Partial<CheckoutTriggerProps<TElement>>,
  ) => CheckoutTriggerProps<TElement>;
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

  // Whether the last pointerdown was a press that starts the checkout (whether or not a handler of the
  // store's stopped it), so that the click it becomes is skipped: that click must not start a second
  // order once the first one has failed, or stayed on the page with `redirect: false`.
  const pressed = React.useRef(false);
  const getTriggerProps = <TElement extends Element>(
    input: OrderInput<TPayload>,
    own?: Partial<CheckoutTriggerProps<TElement>>,
  ): CheckoutTriggerProps<TElement> => ({
    onPointerDown(event) {
      own?.onPointerDown?.(event);
      pressed.current = options.startOn === 'pointerdown' && event.button === 0 && /^(mouse|pen)$/.test(event.pointerType);
      if (pressed.current && !event.defaultPrevented) checkout(input);
    },
    onClick(event) {
      own?.onClick?.(event);
      // A keyboard's click has `detail` 0: it always starts the checkout, even after a press dragged off
      // the button left `pressed` set.
      if (!(pressed.current && event.detail) && !event.defaultPrevented) checkout(input);
      pressed.current = false;
    },
  });

  return {
    checkout,
    getTriggerProps,
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
 * const { getTriggerProps, status, error } = useFlowwiseCheckout({ startOn: 'pointerdown' });
 * <button {...getTriggerProps(() => orderFromCart(cart))} aria-busy={status === 'pending'}>Pay</button>
 * ```
 */
export function useFlowwiseCheckout<TPayload = CreateOrderRequest>(
  options: UseFlowwiseCheckoutOptions<TPayload> = {},
): UseFlowwiseCheckoutResult<TPayload> {
  return useCheckout('useFlowwiseCheckout()', options);
}
