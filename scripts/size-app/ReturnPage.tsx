import { FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';

export default function ReturnPage() {
  return (
    <FlowwiseProvider>
      <h1>Thank you</h1>
      <FlowwiseOrderStatus />
    </FlowwiseProvider>
  );
}
