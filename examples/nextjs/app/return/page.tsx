import { FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';
import Link from 'next/link';
import { checkoutOrigins } from '@/lib/checkoutOrigins';

// Where the checkout sends the shopper back, with `?order_id=…`. Anyone can type that URL, so the page
// shows only what the status endpoint says: <FlowwiseOrderStatus> reads order_id in the browser and asks
// GET /api/flowwise/orders?order_id=… until the payment is settled. The page itself is the same for
// everyone, prerendered once. Fulfilment happens on the server, in `onPaid`, never because of this page.
export default function ReturnPage() {
  return (
    <main>
      <h1>Back from checkout</h1>
      <FlowwiseProvider checkoutOrigins={checkoutOrigins}>
        <FlowwiseOrderStatus />
      </FlowwiseProvider>
      <p>
        <Link href="/">Back to the shop</Link>
      </p>
    </main>
  );
}
