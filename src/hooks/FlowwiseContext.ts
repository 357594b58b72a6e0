import * as React from 'react';
import * as ReactQuery from '@tanstack/react-query';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from '../core/config';

export interface FlowwiseContextValue {
  /** The provider's options, resolved. */
  config: ResolvedFlowwiseConfig;
  /** The client chosen by the provider: its prop, the surrounding QueryClientProvider's, or its own. */
  queryClient: ReactQuery.QueryClient;
}

/** The nearest `<FlowwiseProvider>`'s value, or `null` outside one. Read it with {@link useFlowwiseContext}. */
export const FlowwiseContext = React.createContext<FlowwiseContextValue | null>(null);
// Named in React DevTools in development builds, as the components are; production builds leave it out.
if (process.env.NODE_ENV !== 'production') FlowwiseContext.displayName = 'FlowwiseContext';

/**
 * The one way every hook and component reaches Flowwise, as `[config, queryClient]`: the nearest provider's
 * config with `options` layered over it, resolved once, here (so an invalid option throws during render,
 * where it is given), and the QueryClient (`options.queryClient`, then the provider's, then the surrounding
 * `QueryClientProvider`'s). With no QueryClient at all it throws an error naming `caller` and the fix.
 */
export function useFlowwiseContext<TOptions extends FlowwiseConfig & { queryClient?: ReactQuery.QueryClient }>(
  caller: string,
  options: TOptions,
): [config: TOptions & ResolvedFlowwiseConfig, queryClient: ReactQuery.QueryClient] {
  const context = React.useContext(FlowwiseContext);
  const outer = React.useContext(ReactQuery.QueryClientContext);
  const queryClient = options.queryClient ?? context?.queryClient ?? outer;
  if (!queryClient) throw new Error(`${caller} needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.`);
  // Every option that is set is layered in, the caller's own (`schema`, `onSuccess`, …) included.
  return [resolveConfig(context?.config, options) as TOptions & ResolvedFlowwiseConfig, queryClient];
}
