import { useEffect } from 'react';

/**
 * Where the checkout page sends the shopper back, with `order_id` and `order_status` in the query.
 * A real store confirms the payment on its server (Flowwise's order status or webhook) before
 * shipping anything: anyone can type this URL.
 */
export function ReturnPage({ clearCart }: { clearCart: () => void }) {
  const params = new URLSearchParams(window.location.search);
  const orderId = params.get('order_id');
  const status = params.get('order_status');
  const paid = status === 'PAID';

  useEffect(() => {
    if (paid) clearCart();
  }, [paid, clearCart]);

  if (!orderId || !status) {
    return (
      <main className="result">
        <h1>Nothing to show here</h1>
        <p>This page shows the outcome of a payment.</p>
        <a className="button primary" href="/">
          Back to the shop
        </a>
      </main>
    );
  }

  return (
    <main className={`result ${paid ? 'success' : 'failure'}`}>
      <div className="result-icon" aria-hidden="true">
        {paid ? '✓' : '!'}
      </div>
      <h1>{paid ? 'Payment successful' : 'Payment failed'}</h1>
      <p>
        {paid
          ? 'Thank you! Your order is confirmed and a receipt is on its way.'
          : 'Your payment did not go through and you have not been charged. Your cart is still here.'}
      </p>
      <p className="order-ref">
        Order <code>{orderId}</code>
      </p>
      <a className="button primary" href="/">
        {paid ? 'Continue shopping' : 'Back to your cart'}
      </a>
    </main>
  );
}
