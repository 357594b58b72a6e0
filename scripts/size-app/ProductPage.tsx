import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';

export default function ProductPage() {
  return (
    <FlowwiseProvider>
      <h1>Linen shirt</h1>
      <FlowwiseCheckoutButton order={{ items: [{ sku: 'linen-shirt', quantity: 1 }] }} startOn="pointerdown">
        Buy now
      </FlowwiseCheckoutButton>
    </FlowwiseProvider>
  );
}
