import { useContext, useEffect, useRef } from 'react';
import {
  QueryClientContext,
  useMutation,
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { createOrder } from '../core/createOrder';
import { resolveConfig, splitConfig, type FlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useFlowwiseContext } from './FlowwiseContext';

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

/** Picks the QueryClient and merged config for a hook, or throws the error that says how to fix the tree. */
export function useFlowwiseSetup(caller: string, options: FlowwiseConfig & { queryClient?: QueryClient }) {
  const context = useFlowwiseContext();
  const outer = useContext(QueryClientContext);
  const queryClient = options.queryClient ?? context?.queryClient ?? outer;
  if (!queryClient) {
    throw new Error(
      `${caller} needs a QueryClient: wrap the part of your app that calls it in <FlowwiseProvider> or <QueryClientProvider>.`,
    );
  }
  return { queryClient, config: resolveConfig(context?.config, options) };
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
  const [requestOptions, { queryClient: clientOption, ...mutationOptions }] = splitConfig(options);
  const { queryClient, config } = useFlowwiseSetup('useCreateOrder()', { ...requestOptions, queryClient: clientOption });
  // The config is read when the mutation runs, so the latest props are what gets used.
  const configRef = useRef(config);
  configRef.current = config;
  const controllers = useRef(new Set<AbortController>());

  useEffect(() => {
    const active = controllers.current;
    return () => {
      for (const controller of active) controller.abort();
      active.clear();
    };
  }, []);

  return useMutation<CreateOrderResponse, FlowwiseError, CreateOrderRequest>(
    {
      retry: false,
      ...mutationOptions,
      mutationKey: createOrderMutationKey,
      mutationFn: (order) => {
        const controller = new AbortController();
        controllers.current.add(controller);
        return createOrder(configRef.current, order, { signal: controller.signal }).finally(() =>
          controllers.current.delete(controller),
        );
      },
    },
    queryClient,
  );
}
