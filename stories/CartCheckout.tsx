import { useId, useState } from 'react';
import { useFlowwiseCheckout, type CreateOrderRequest, type UseFlowwiseCheckoutOptions } from '@flowwise/react';

/** Props of the example cart: the checkout options of {@link useFlowwiseCheckout}, plus the cart's contents. */
export interface CartCheckoutProps extends UseFlowwiseCheckoutOptions {
  /** The product in the cart. Defaults to `"Summer dress (Medium, Blue)"`. */
  productName?: string;
  /** Price of one item. Defaults to `2299.5`. */
  unitPrice?: number;
  /** Three-letter currency code. Defaults to `"INR"`. */
  currency?: string;
  /** Items in the cart at first. Defaults to `1`. */
  initialQuantity?: number;
}

const statusText = {
  idle: null,
  pending: 'Creating your order…',
  redirecting: 'Taking you to the secure payment page…',
  error: null,
} as const;

/**
 * A small cart built on `useFlowwiseCheckout`: its own markup and wording, with the order built from
 * the cart at the moment the shopper clicks Pay.
 */
export function CartCheckout({
  productName = 'Summer dress (Medium, Blue)',
  unitPrice = 2299.5,
  currency = 'INR',
  initialQuantity = 1,
  ...options
}: CartCheckoutProps) {
  const [quantity, setQuantity] = useState(initialQuantity);
  const { checkout, status, error, reset } = useFlowwiseCheckout(options);
  const titleId = useId();
  const busy = status === 'pending' || status === 'redirecting';
  const total = Math.round(unitPrice * quantity * 100) / 100;
  const money = new Intl.NumberFormat('en-IN', { style: 'currency', currency });

  const buildOrder = (): CreateOrderRequest => ({
    order_id: `order_cart_${Date.now().toString(36)}`,
    order_amount: total,
    order_currency: currency,
    customer_details: { customer_email: 'priya.sharma@example.com' },
    order_note: `${quantity} × ${productName}`,
  });

  const change = (by: number) => {
    if (status === 'error') reset();
    setQuantity((current) => Math.max(1, current + by));
  };

  return (
    <section className="cart" aria-labelledby={titleId}>
      <h2 id={titleId}>Your cart</h2>
      <div className="cart-line">
        <span>{productName}</span>
        <span>{money.format(unitPrice)}</span>
      </div>
      <div className="cart-line">
        <span id={`${titleId}-quantity`}>Quantity</span>
        <span className="cart-quantity" role="group" aria-labelledby={`${titleId}-quantity`}>
          <button type="button" onClick={() => change(-1)} disabled={busy || quantity <= 1}>
            <span aria-hidden="true">−</span>
            <span className="visually-hidden">Remove one</span>
          </button>
          <span className="cart-count" aria-live="polite">
            {quantity}
          </span>
          <button type="button" onClick={() => change(1)} disabled={busy}>
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">Add one</span>
          </button>
        </span>
      </div>
      <p className="cart-total">
        <span>Total</span>
        <span>{money.format(total)}</span>
      </p>
      <button
        type="button"
        className="cart-pay"
        aria-busy={busy || undefined}
        aria-disabled={busy || undefined}
        onClick={() => checkout(buildOrder)}
      >
        {busy ? 'Please wait…' : `Pay ${money.format(total)}`}
      </button>
      {statusText[status] ? <p className="cart-status">{statusText[status]}</p> : null}
      {error ? <p role="alert">{error.message}</p> : null}
    </section>
  );
}
