import {
  forwardRef,
  useId,
  useRef,
  type ComponentPropsWithoutRef,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { splitConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import {
  useFlowwiseCheckout,
  type OrderInput,
  type UseFlowwiseCheckoutOptions,
} from '../hooks/useFlowwiseCheckout';

/** Props of {@link FlowwiseCheckoutButton}: every native `<button>` prop, every checkout option, and these. */
export interface FlowwiseCheckoutButtonProps
  extends Omit<ComponentPropsWithoutRef<'button'>, 'onError' | 'children'>,
    UseFlowwiseCheckoutOptions {
  /** The order, or a sync/async function that builds it at click time (e.g. from the cart). */
  order: OrderInput;
  /** The label. Defaults to `"Pay now"`. */
  children?: ReactNode;
  /** The label while the order is being created or the shopper is being redirected. Defaults to `"Processing…"`. */
  pendingChildren?: ReactNode;
  /**
   * Renders the error shown next to the button. Defaults to the error's message in a `role="alert"`
   * element linked to the button with `aria-describedby`; `null` shows nothing.
   */
  renderError?: ((error: FlowwiseError) => ReactNode) | null;
}

/**
 * A button that creates the order through the merchant endpoint and sends the shopper to Flowwise's
 * hosted checkout. While busy it stays focusable but is `aria-disabled` and ignores clicks, so a
 * shopper can never start two payments. `data-state` is `idle`, `pending`, `redirecting` or `error`.
 *
 * @example
 * <FlowwiseCheckoutButton order={() => orderFromCart(cart)} onError={(e) => track(e.kind)} />
 */
export const FlowwiseCheckoutButton = forwardRef<HTMLButtonElement, FlowwiseCheckoutButtonProps>(
  function FlowwiseCheckoutButton(props, ref) {
    const [
      config,
      {
        order,
        children = 'Pay now',
        pendingChildren = 'Processing…',
        renderError,
        redirect,
        onSuccess,
        onError,
        retry,
        queryClient,
        onClick,
        type = 'button',
        'aria-describedby': describedBy,
        ...buttonProps
      },
    ] = splitConfig(props);
    const { checkout, status, error } = useFlowwiseCheckout({
      ...config,
      redirect,
      onSuccess,
      onError,
      retry,
      queryClient,
    });
    // The order is read at click time, so a cart changed a moment ago is what gets posted.
    const orderRef = useRef(order);
    orderRef.current = order;
    const errorId = useId();
    const busy = status === 'pending' || status === 'redirecting';

    const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
      onClick?.(event);
      if (event.defaultPrevented || busy || buttonProps.disabled) return;
      void checkout(orderRef.current);
    };

    const errorContent =
      error && renderError !== null
        ? renderError
          ? renderError(error)
          : error.message
        : null;
    const showError = errorContent !== null && errorContent !== undefined && errorContent !== false;
    const ariaDescribedBy = [describedBy, showError ? errorId : undefined].filter(Boolean).join(' ') || undefined;

    return (
      <>
        <button
          {...buttonProps}
          ref={ref}
          type={type}
          onClick={handleClick}
          aria-busy={busy || undefined}
          aria-disabled={busy || buttonProps['aria-disabled'] || undefined}
          aria-describedby={ariaDescribedBy}
          data-state={status}
        >
          {busy ? pendingChildren : children}
        </button>
        {showError ? (
          <span id={errorId} role="alert" data-flowwise-error="">
            {errorContent}
          </span>
        ) : null}
      </>
    );
  },
);
FlowwiseCheckoutButton.displayName = 'FlowwiseCheckoutButton';
