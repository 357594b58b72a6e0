'use client';

// The parts of the client entry that run only in the browser (hooks, context, components), marked
// for React Server Components; src/index.ts re-exports them beside the parts that run anywhere.
export { useCreateOrder } from './hooks/useCreateOrder';
export { useFlowwiseCheckout } from './hooks/useFlowwiseCheckout';
export { FlowwiseProvider } from './components/FlowwiseProvider';
export { FlowwiseCheckoutButton } from './components/FlowwiseCheckoutButton';
export { useFlowwiseOrder } from './hooks/useFlowwiseOrder';
export { useFlowwiseReturn } from './hooks/useFlowwiseReturn';
export { FlowwiseOrderStatus } from './components/FlowwiseOrderStatus';
