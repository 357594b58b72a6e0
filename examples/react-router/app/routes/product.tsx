import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { useLoaderData } from 'react-router';
import { catalogue, formatPrice, type Cart } from '../lib/catalogue';
import { checkoutOrigins } from '../lib/checkoutOrigins.server';

// Runs on the server only: the catalogue and its prices stay out of the page's JavaScript.
export function loader() {
  const tee = catalogue.tee!;
  return {
    product: { sku: 'tee', name: tee.name, description: tee.description, price: formatPrice(tee.price) },
    checkoutOrigins: checkoutOrigins(),
  };
}

export const meta = () => [{ title: 'Flowwise × React Router' }];

export default function ProductPage() {
  const { product, checkoutOrigins } = useLoaderData<typeof loader>();
  // It names products, not prices: the resource route prices it.
  const cart: Cart = { items: [{ sku: product.sku, quantity: 1 }] };
  return (
    <main>
      <h1>{product.name}</h1>
      <p>{product.description}</p>
      <p className="price">{product.price}</p>
      <FlowwiseProvider checkoutOrigins={checkoutOrigins}>
        <FlowwiseCheckoutButton order={cart}>Buy now</FlowwiseCheckoutButton>
      </FlowwiseProvider>
    </main>
  );
}
