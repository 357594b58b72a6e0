import { createContext, useContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { FlowwiseConfig } from '../core/config';

export interface FlowwiseContextValue {
  config: FlowwiseConfig;
  /** The client chosen by the provider: its prop, the surrounding QueryClientProvider's, or its own. */
  queryClient: QueryClient;
}

export const FlowwiseContext = createContext<FlowwiseContextValue | null>(null);

/** The nearest `<FlowwiseProvider>`'s value, or `null` outside one. */
export function useFlowwiseContext(): FlowwiseContextValue | null {
  return useContext(FlowwiseContext);
}
