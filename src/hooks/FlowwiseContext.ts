import * as React from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { FlowwiseConfig } from '../core/config';

export interface FlowwiseContextValue {
  config: FlowwiseConfig;
  /** The client chosen by the provider: its prop, the surrounding QueryClientProvider's, or its own. */
  queryClient: QueryClient;
}

/** The nearest `<FlowwiseProvider>`'s value, or `null` outside one. */
export const FlowwiseContext = React.createContext<FlowwiseContextValue | null>(null);
