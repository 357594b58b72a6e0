import { FlowwiseOrderStatus, useFlowwiseReturn } from '@flowwise/react';
import { useEffect } from 'react';

/**
 * Where Flowwise sends the shopper back, with `?order_id=` and nothing else. The URL proves nothing
 * (anyone can type it): what this page shows comes from the store's server, which asks Flowwise
 * (`GET /api/flowwise/orders?order_id=…`). It keeps asking while the payment is being confirmed (UPI
 * can take minutes), and empties the cart only once the server says the order is paid.
 */
export function ReturnPage({ clearCart }: { clearCart: () => void }) {
  const { orderId, data } = useFlowwiseReturn();
  const paid = data?.outcome === 'paid';
  useEffect(() => {
    if (paid) clearCart();
  }, [paid, clearCart]);

  const tone = paid ? 'success' : data?.outcome === 'failed' || data?.outcome === 'expired' ? 'failure' : '';
  return (
    <main className={`result ${tone}`}>
      <div className="result-icon" aria-hidden="true">
        {paid ? '✓' : tone ? '!' : '…'}
      </div>
      <h1>{paid ? 'Thank you' : 'Your payment'}</h1>
      {/* The one place the outcome is said: a live region, announced as it changes. */}
      <FlowwiseOrderStatus className="status" />
      {orderId && (
        <p className="order-ref">
          Order <code>{orderId}</code>
        </p>
      )}
      <a className="button secondary" href="/">
        Back to the shop
      </a>
    </main>
  );
}
