import { useContext, useMemo, useRef, type ReactNode } from 'react';
import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import type { FlowwiseConfig } from '../core/config';
import { FlowwiseContext, type FlowwiseContextValue } from '../hooks/FlowwiseContext';

/** Props of {@link FlowwiseProvider}: defaults for every Flowwise hook and button below it. */
export interface FlowwiseProviderProps extends FlowwiseConfig {
  /**
   * The QueryClient for Flowwise mutations. Defaults to the surrounding `QueryClientProvider`'s;
   * when there is none, the provider creates one of its own.
   */
  queryClient?: QueryClient;
  children?: ReactNode;
}

/**
 * Sets the merchant endpoint, headers, timeout and allowed checkout origins for every Flowwise hook
 * and button inside it. Options passed to a hook or button directly win over these.
 *
 * @example
 * <FlowwiseProvider endpoint="/api/checkout" headers={() => ({ 'x-csrf-token': getToken() })}>
 *   <FlowwiseCheckoutButton order={order} />
 * </FlowwiseProvider>
 */
export function FlowwiseProvider({
  queryClient,
  endpoint,
  headers,
  credentials,
  fetch,
  timeoutMs,
  checkoutOrigins,
  children,
}: FlowwiseProviderProps) {
  const outer = useContext(QueryClientContext);
  // Created only when needed, and then kept for the provider's lifetime.
  const own = useRef<QueryClient | null>(null);
  const client =
    queryClient ?? outer ?? (own.current ??= new QueryClient({ defaultOptions: { mutations: { retry: false } } }));
  // Memoised so that consumers re-render only when a setting actually changes.
  const value = useMemo<FlowwiseContextValue>(
    () => ({ queryClient: client, config: { endpoint, headers, credentials, fetch, timeoutMs, checkoutOrigins } }),
    [client, endpoint, headers, credentials, fetch, timeoutMs, checkoutOrigins],
  );
  return <FlowwiseContext.Provider value={value}>{children}</FlowwiseContext.Provider>;
}
