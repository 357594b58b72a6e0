import * as React from 'react';
import * as ReactQuery from '@tanstack/react-query';
import type { QueryClient, UseMutationOptions, UseMutationResult } from '@tanstack/react-query';
import type { FlowwiseConfig, ResolvedFlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import { useFlowwiseContext } from './FlowwiseContext';

/**
 * The mutation behind `useCreateOrder` and `useFlowwiseCheckout`: reaches the QueryClient and the provider's
 * config through {@link useFlowwiseContext} (`caller` names the hook or component in its error), and runs
 * `run` with this render's options resolved over the provider's. TanStack hands a mutation its options
 * after commit, so a call runs with those of the last render that committed (never one React discarded),
 * all of them read at once. Unmounting aborts what is still in flight.
 */
export function useFlowwiseMutation<TVariables, TData, TOptions extends FlowwiseConfig & { queryClient?: QueryClient }>(
  caller: string,
  options: TOptions,
  mutationOptions: UseMutationOptions<TData, FlowwiseError, TVariables>,
  run: (variables: TVariables, options: TOptions & ResolvedFlowwiseConfig, signal?: AbortSignal) => Promise<TData>,
): UseMutationResult<TData, FlowwiseError, TVariables> {
  const [config, queryClient] = useFlowwiseContext(caller, options);
  // One controller per mount: unmounting aborts every request this component started.
  const unmountController = React.useRef<AbortController>(undefined);
  React.useEffect(() => {
    const controller = (unmountController.current = new AbortController());
    return () => controller.abort();
  }, []);
  return ReactQuery.useMutation(
    { retry: false, ...mutationOptions, mutationFn: (variables) => run(variables, config, unmountController.current?.signal) },
    queryClient,
  );
}
