import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { catalogue, formatPrice, type Cart } from '@/lib/catalogue';

// A Server Component, prerendered once at build time and served to every shopper as is.

// The checkout pages the button may send shoppers to: the local sandbox's. In production leave
// checkoutOrigins out; Flowwise's own is the default. Read at build time, as the page is prerendered.
const checkoutOrigins = [process.env.NEXT_PUBLIC_CHECKOUT_ORIGIN ?? 'http://127.0.0.1:4010'];

// A plain object crosses to the (client) button as is; a function could not. It names products,
// not prices: the route handler prices it.
const cart: Cart = { items: [{ sku: 'tee', quantity: 1 }] };

export default function ProductPage() {
  const tee = catalogue.tee!;
  return (
    <main>
      <h1>{tee.name}</h1>
      <p>{tee.description}</p>
      <p className="price">{formatPrice(tee.price)}</p>
      <FlowwiseProvider checkoutOrigins={checkoutOrigins}>
        <FlowwiseCheckoutButton order={cart}>Buy now</FlowwiseCheckoutButton>
      </FlowwiseProvider>
    </main>
  );
}
