import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { catalogue, formatPrice, type Cart } from '@/lib/catalogue';
import { checkoutOrigins } from '@/lib/checkoutOrigins';

// A Server Component, prerendered once at build time and served to every shopper as is.

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
