import { FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';
import { Link, useLoaderData } from 'react-router';
import { checkoutOrigins } from '../lib/checkoutOrigins.server';

// Only for the "Try again" link of a failed payment, which must lead to an allowed checkout page.
export const loader = () => ({ checkoutOrigins: checkoutOrigins() });

export const meta = () => [{ title: 'Your order' }];

// Where the checkout sends the shopper back, with `?order_id=…`. Anyone can type that URL, so the page
// shows only what the status endpoint says: it asks GET /api/flowwise/orders?order_id=… until the
// payment is settled. Fulfilment happens on the server, in `onPaid`, never because of this page.
export default function ReturnPage() {
  const { checkoutOrigins } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Your order</h1>
      <FlowwiseProvider checkoutOrigins={checkoutOrigins}>
        <FlowwiseOrderStatus
          renderPaid={(summary) => (
            <>
              Payment received. Your order reference: <code>{summary.order_id}</code>
            </>
          )}
        />
      </FlowwiseProvider>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </main>
  );
}
