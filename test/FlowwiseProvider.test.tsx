import {
  FlowwiseCheckoutButton,
  FlowwiseOrderStatus,
  FlowwiseProvider,
  useCreateOrder,
  useFlowwiseCheckout,
  useFlowwiseOrder,
  useFlowwiseReturn,
} from '@flowwise/react';
import { render, renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { FlowwiseContext } from '../src/hooks/FlowwiseContext';
import { requestExample } from './spec';
import { createTestQueryClient } from './support';

describe('<FlowwiseProvider>', () => {
  it.each([
    ['useCreateOrder()', () => renderHook(() => useCreateOrder())],
    ['useFlowwiseCheckout()', () => renderHook(() => useFlowwiseCheckout())],
    ['useFlowwiseOrder()', () => renderHook(() => useFlowwiseOrder('order_42'))],
    ['useFlowwiseReturn()', () => renderHook(() => useFlowwiseReturn())],
    ['<FlowwiseCheckoutButton>', () => render(<FlowwiseCheckoutButton order={requestExample} />)],
    ['<FlowwiseOrderStatus>', () => render(<FlowwiseOrderStatus orderId="order_42" />)],
  ])('without it or a QueryClientProvider, %s throws an error that names it and the fix', (caller, use) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(use).toThrow(`${caller} needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.`);
  });

  it('mounts the QueryClient it is given while it is mounted, as QueryClientProvider does, once under StrictMode too', () => {
    const client = createTestQueryClient();
    const mount = vi.spyOn(client, 'mount');
    const unmount = vi.spyOn(client, 'unmount');

    const { unmount: leave } = render(
      <StrictMode>
        <FlowwiseProvider queryClient={client} />
      </StrictMode>,
    );
    // StrictMode runs the effect, its cleanup and the effect again: one mount is left.
    expect(mount.mock.calls.length - unmount.mock.calls.length).toBe(1);
    leave();
    expect(mount.mock.calls.length - unmount.mock.calls.length).toBe(0);
  });

  it('names its context in React DevTools, and the components, in development builds', () => {
    expect(FlowwiseContext.displayName).toBe('FlowwiseContext');
    expect(FlowwiseCheckoutButton.displayName).toBe('FlowwiseCheckoutButton');
    expect(FlowwiseOrderStatus.displayName).toBe('FlowwiseOrderStatus');
  });
});
