import * as React from 'react';
import * as ReactQuery from '@tanstack/react-query';
import { resolveConfig, type FlowwiseConfig } from '../core/config';
import { FlowwiseContext, type FlowwiseContextValue } from '../hooks/FlowwiseContext';

/** Props of {@link FlowwiseProvider}: defaults for every Flowwise hook and button below it. */
export interface FlowwiseProviderProps extends FlowwiseConfig {
  /**
   * The QueryClient for Flowwise's mutations and queries. Defaults to the surrounding
   * `QueryClientProvider`'s; when there is none, the provider creates one of its own. Either way the
   * provider mounts it while it is mounted, as `QueryClientProvider` does, so a return page asks again
   * when the window regains focus.
   */
  queryClient?: ReactQuery.QueryClient;
  children?: React.ReactNode;
}

/**
 * Sets the merchant endpoint, headers, timeout, allowed checkout origins, `redirect` and shopper
 * `messages` for every Flowwise hook and button inside it. Options passed to a hook or button
 * directly win over these.
 *
 * @example
 * ```tsx
 * <FlowwiseProvider endpoint="/api/checkout" headers={() => ({ 'x-csrf-token': getToken() })}>
 *   <FlowwiseCheckoutButton order={order} />
 * </FlowwiseProvider>
 * ```
 */
export function FlowwiseProvider({
  endpoint,
  headers,
  credentials,
  fetch,
  timeoutMs,
  messages,
  checkoutOrigins,
  redirect,
  queryClient: given,
  children,
}: FlowwiseProviderProps): React.ReactElement {
  const outer = React.useContext(ReactQuery.QueryClientContext);
  // Kept for the provider's lifetime, and used when neither a prop nor a QueryClientProvider gives one.
  // Only Flowwise hooks reach it, and they turn retries off themselves.
  const [own] = React.useState(() => new ReactQuery.QueryClient());
  const queryClient = given ?? outer ?? own;
  // What QueryClientProvider does for its client: a QueryClient refetches on window focus and on
  // reconnecting only while mounted. TanStack counts the mounts, so a client that a QueryClientProvider
  // mounts too is subscribed once.
  React.useEffect(() => {
    queryClient.mount();
    return () => queryClient.unmount();
  }, [queryClient]);
  // Memoised on the settings alone, so that consumers re-render only when one of them actually changes.
  const value = React.useMemo<FlowwiseContextValue>(() => {
    const config = { endpoint, headers, credentials, fetch, timeoutMs, messages, checkoutOrigins, redirect } satisfies Record<
      keyof FlowwiseConfig,
      unknown
    >;
    // Resolved here, so that an invalid option throws where it is given; the hooks layer their own options over it.
    return { queryClient, config: resolveConfig(config) };
  }, [queryClient, endpoint, headers, credentials, fetch, timeoutMs, messages, checkoutOrigins, redirect]);
  // createElement rather than JSX, so that this file, which every page loads, imports no JSX runtime.
  return React.createElement(FlowwiseContext.Provider, { value }, children);
}
