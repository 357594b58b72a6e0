import * as React from 'react';
import type { OrderInput } from '../core/checkout';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest } from '../schemas';
import { useCheckout, type UseFlowwiseCheckoutOptions } from '../hooks/useFlowwiseCheckout';
import type { Never } from './Never';

/**
 * Props of {@link FlowwiseCheckoutButton}: every native `<button>` prop, every checkout option, and
 * these. `TPayload` is what is posted to the merchant endpoint: a full order by default, or the
 * store's own shape (a cart) that its `prepareOrder` prices.
 */
export interface FlowwiseCheckoutButtonProps<TPayload = CreateOrderRequest>
  extends Omit<React.ComponentPropsWithoutRef<'button'>, 'onError' | 'children'>, UseFlowwiseCheckoutOptions<TPayload> {
  /**
   * What to post: the store's payload (`{ items: [{ sku: 'tee', quantity: 2 }] }`) or a full order,
   * or a sync/async function that builds it at click time. A plain object can come from a Server
   * Component; a function cannot cross that boundary.
   */
  order: OrderInput<TPayload>;
  /** The label. Defaults to `"Pay now"`. */
  children?: React.ReactNode;
  /** The label while the order is being created or the shopper is being redirected. Defaults to `"Processing…"`. */
  pendingChildren?: React.ReactNode;
  /**
   * Renders the error shown next to the button. Defaults to the error's message in a `role="alert"`
   * element linked to the button with `aria-describedby`; `null` shows nothing.
   */
  renderError?: ((error: FlowwiseError) => React.ReactNode) | null;
}

/** Renders {@link FlowwiseCheckoutButton}. */
function CheckoutButton(props: FlowwiseCheckoutButtonProps<unknown>, ref: React.ForwardedRef<HTMLButtonElement>) {
  // The checkout takes its options from the props as they are, so none can be dropped; they are named
  // here only to keep them off the <button>, and the type below fails to compile if one is missed.
  const {
    endpoint,
    headers,
    credentials,
    fetch,
    timeoutMs,
    messages,
    checkoutOrigins,
    queryClient,
    redirect,
    schema,
    onSuccess,
    onError,
    order,
    children = 'Pay now',
    pendingChildren = 'Processing…',
    renderError = (error: FlowwiseError) => error.message,
    onClick,
    type = 'button',
    'aria-describedby': describedBy,
    ...buttonProps
  } = props;
  type _NoCheckoutOptionOnTheButton = Never<Extract<keyof typeof buttonProps, keyof UseFlowwiseCheckoutOptions<unknown>>>;
  const { checkout, status, error } = useCheckout('<FlowwiseCheckoutButton>', props);
  const errorId = React.useId();
  const busy = status === 'pending' || status === 'redirecting';
  const errorContent = error && renderError?.(error);
  const showError = errorContent != null && errorContent !== false;

  // A keyed array rather than a fragment renders the same and needs one JSX helper fewer.
  return [
    <button
      key="button"
      {...buttonProps}
      ref={ref}
      type={type}
      onClick={(event) => {
        onClick?.(event);
        // `order` is this render's, so a cart changed a moment ago is what gets posted. While busy,
        // checkout() itself ignores the click.
        if (!event.defaultPrevented && !buttonProps.disabled) checkout(order);
      }}
      aria-busy={busy || undefined}
      aria-disabled={busy || buttonProps['aria-disabled'] || undefined}
      aria-describedby={[describedBy, showError && errorId].filter(Boolean).join(' ') || undefined}
      data-state={status}
    >
      {busy ? pendingChildren : children}
    </button>,
    showError && (
      <span key="error" id={errorId} role="alert" data-flowwise-error="">
        {errorContent}
      </span>
    ),
  ];
}

/**
 * A button that creates the order through the merchant endpoint and sends the shopper to Flowwise's
 * hosted checkout. While busy it stays focusable but is `aria-disabled` and ignores clicks, so a
 * shopper can never start two payments. `data-state` is `idle`, `pending`, `redirecting` or `error`.
 *
 * @example
 * ```tsx
 * <FlowwiseCheckoutButton order={{ items: [{ sku: 'tee', quantity: 2 }] }} onError={(e) => track(e.kind)} />
 * ```
 */
export const FlowwiseCheckoutButton = /* @__PURE__ */ React.forwardRef(CheckoutButton) as (<TPayload = CreateOrderRequest>(
  props: FlowwiseCheckoutButtonProps<TPayload> & React.RefAttributes<HTMLButtonElement>,
) => React.ReactElement) & { displayName?: string };
// Named in React DevTools in development builds. A production build drops the statement, which leaves one
// pure expression above, so a page that never renders the button (a return page) leaves it out.
if (process.env.NODE_ENV !== 'production') FlowwiseCheckoutButton.displayName = 'FlowwiseCheckoutButton';
