import { useContext, useEffect, useRef } from 'react';
import {
  QueryClientContext,
  useMutation,
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { createOrder } from '../core/createOrder';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { FlowwiseContext } from './FlowwiseContext';

/** The mutation key every order creation uses, for `useIsMutating` and `useMutationState`. */
export const createOrderMutationKey = ['flowwise', 'createOrder'] as const;

/**
 * Options for {@link useCreateOrder}: where to send the order (each defaults to the provider's value,
 * then to the package default) plus any TanStack `useMutation` option except `mutationFn` and `mutationKey`.
 */
export interface UseCreateOrderOptions
  extends FlowwiseConfig,
    Omit<UseMutationOptions<CreateOrderResponse, FlowwiseError, CreateOrderRequest>, 'mutationFn' | 'mutationKey'> {
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
}

/**
 * The mutation behind both hooks: picks the QueryClient (or throws the error that says how to fix the
 * tree), runs `run` with the config current when it is called, and aborts what is in flight on unmount.
 */
export function useFlowwiseMutation<TVariables, TData>(
  caller: string,
  options: FlowwiseConfig & { queryClient?: QueryClient },
  mutationOptions: Omit<UseMutationOptions<TData, FlowwiseError, TVariables>, 'mutationFn' | 'mutationKey'>,
  run: (variables: TVariables, config: () => ResolvedFlowwiseConfig, signal?: AbortSignal) => Promise<TData>,
): UseMutationResult<TData, FlowwiseError, TVariables> {
  const context = useContext(FlowwiseContext);
  const outer = useContext(QueryClientContext);
  const queryClient = options.queryClient ?? context?.queryClient ?? outer;
  if (!queryClient) {
    throw new Error(
      `${caller} needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.`,
    );
  }
  const config = useRef<ResolvedFlowwiseConfig>(undefined);
  config.current = resolveConfig(context?.config, options);
  // One controller per mount: unmounting aborts every request this component started.
  const mounted = useRef<AbortController>(undefined);
  useEffect(() => {
    const controller = (mounted.current = new AbortController());
    return () => controller.abort();
  }, []);

  return useMutation(
    {
      retry: false,
      ...mutationOptions,
      mutationKey: createOrderMutationKey,
      mutationFn: (variables) => run(variables, () => config.current!, mounted.current?.signal),
    },
    queryClient,
  );
}

/**
 * Creates a Flowwise order through the merchant endpoint, as a TanStack mutation.
 * The order is validated before anything is sent; every failure is a {@link FlowwiseError}.
 * Requests still in flight are aborted when the component unmounts. No retries unless `retry` is set.
 *
 * @example
 * const createOrder = useCreateOrder();
 * const { checkout_url } = await createOrder.mutateAsync(order);
 */
export function useCreateOrder(
  options: UseCreateOrderOptions = {},
): UseMutationResult<CreateOrderResponse, FlowwiseError, CreateOrderRequest> {
  // TanStack ignores the Flowwise options in `options`, and the config ignores TanStack's.
  return useFlowwiseMutation('useCreateOrder()', options, options, (order, config, signal) =>
    createOrder(config(), order, { signal }),
  );
}
