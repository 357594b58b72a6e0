// The package's three components as the least an app could render in their place: the baseline that
// scripts/size-app.ts subtracts, so that what remains is what the package adds to each route.
import type { ReactNode } from 'react';

export function FlowwiseProvider({ children }: { children?: ReactNode }) {
  return children;
}

export function FlowwiseCheckoutButton({ children }: { children?: ReactNode; order: unknown; startOn?: string }) {
  return <button type="button">{children}</button>;
}

export function FlowwiseOrderStatus() {
  return <div role="status" />;
}
