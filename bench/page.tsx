// The store's page of the click-to-checkout bench (bench/click.ts bundles it): one pay button, which
// `?variant=` picks, posting to the store's endpoint and sending the shopper to the checkout's site.
//   plain        a <button> whose click handler does fetch + JSON.parse + location.assign, nothing else;
//   click        <FlowwiseCheckoutButton>;
//   pointerdown  <FlowwiseCheckoutButton startOn="pointerdown">.
// The moments the bench measures from are logged to the console, as epoch milliseconds.
import { createRoot } from 'react-dom/client';
import { FlowwiseCheckoutButton, FlowwiseProvider, type CreateOrderRequest } from '@flowwise/react';

const order: CreateOrderRequest = {
  order_id: 'bench_order_1',
  order_amount: 499.5,
  order_currency: 'INR',
  customer_details: { customer_id: 'shopper_1', customer_email: 'shopper@example.com' },
};
const variant = new URLSearchParams(location.search).get('variant');
const checkoutOrigin = document.querySelector<HTMLMetaElement>('meta[name="checkout-origin"]')!.content;

// In the capture phase on the window, before any handler of the page's.
const at = (event: Event) => performance.timeOrigin + event.timeStamp;
addEventListener('pointerdown', (event) => console.log(JSON.stringify({ pointerdown: at(event) })), true);
addEventListener('pointerup', (event) => console.log(JSON.stringify({ pointerup: at(event) })), true);

async function payByHand() {
  const response = await fetch('/api/flowwise/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(order),
  });
  const { checkout_url } = JSON.parse(await response.text()) as { checkout_url: string };
  location.assign(checkout_url);
}

createRoot(document.getElementById('root')!).render(
  variant === 'plain' ? (
    <button type="button" onClick={() => void payByHand()}>
      Pay now
    </button>
  ) : (
    <FlowwiseProvider checkoutOrigins={[checkoutOrigin]}>
      <FlowwiseCheckoutButton order={order} startOn={variant === 'pointerdown' ? 'pointerdown' : 'click'} />
    </FlowwiseProvider>
  ),
);
