/**
 * Where Flowwise sends the shopper back, with `?order_id=` and nothing else. Nothing in this URL says
 * whether the order was paid (anyone can type it), so this page claims nothing: the store's server
 * confirms the payment with Flowwise (Get Order) before anything ships.
 */
export function ReturnPage() {
  const orderId = new URLSearchParams(window.location.search).get('order_id');

  if (!orderId) {
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
    <main className="result">
      <h1>Thank you</h1>
      <p>We are confirming your payment with Flowwise. Your order ships once it is confirmed; if the payment did not go through, your cart is still here.</p>
      <p className="order-ref">
        Order <code>{orderId}</code>
      </p>
      <a className="button primary" href="/">
        Back to the shop
      </a>
    </main>
  );
}
