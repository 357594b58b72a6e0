import * as React from 'react';
import * as ReactQuery from '@tanstack/react-query';
import type { QueryClient, UseMutationOptions, UseMutationResult } from '@tanstack/react-query';
import { createOrder } from '../core/createOrder';
import type { PayloadSchema } from '../core/validate';
import { resolveConfig, type FlowwiseConfig, type ResolvedFlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { FlowwiseContext } from './FlowwiseContext';

/** The mutation key of {@link useCreateOrder}, for `useIsMutating` and `useMutationState`: data is a `CreateOrderResponse`. */
export const createOrderMutationKey = ['flowwise', 'createOrder'] as const;

/**
 * Options for {@link useCreateOrder}: where to send the order (each defaults to the provider's value,
 * then to the package default) plus any TanStack `useMutation` option except `mutationFn` and `mutationKey`.
 * `TPayload` is what the browser posts: a full order by default, or the store's own shape (a cart).
 */
export interface UseCreateOrderOptions<TPayload = CreateOrderRequest>
  extends FlowwiseConfig, Omit<UseMutationOptions<CreateOrderResponse, FlowwiseError, TPayload>, 'mutationFn' | 'mutationKey'> {
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
  /** Checks the payload before anything is sent (a zod schema). Defaults to none: the merchant endpoint checks it. */
  schema?: PayloadSchema<TPayload>;
}

/**
 * The mutation behind both hooks: picks the QueryClient (`options.queryClient`, then the provider's, then
 * the surrounding one; or throws the error that says how to fix the tree), resolves `options` over the
 * provider's config (an invalid option throws here, during render), runs `run` with a getter for the
 * options current when it is called, and aborts what is in flight on unmount. Returns the mutation and
 * that getter.
 */
export function useFlowwiseMutation<TVariables, TData, TOptions extends FlowwiseConfig & { queryClient?: QueryClient }>(
  caller: string,
  options: TOptions,
  mutationOptions: UseMutationOptions<TData, FlowwiseError, TVariables>,
  run: (variables: TVariables, options: () => TOptions & ResolvedFlowwiseConfig, signal?: AbortSignal) => Promise<TData>,
): [UseMutationResult<TData, FlowwiseError, TVariables>, () => TOptions & ResolvedFlowwiseConfig] {
  const context = React.useContext(FlowwiseContext);
  const outer = React.useContext(ReactQuery.QueryClientContext);
  const client = options.queryClient ?? context?.queryClient ?? outer;
  if (!client) {
    throw new Error(`${caller} needs a QueryClient: wrap your app in <FlowwiseProvider> or <QueryClientProvider>.`);
  }
  const latest = React.useRef<TOptions & ResolvedFlowwiseConfig>(undefined);
  // The latest options, resolved during render so that an invalid one throws there. The ref is read only
  // when a checkout runs or settles, never during render, which is what the rule below guards against.
  // eslint-disable-next-line react-hooks/refs
  latest.current = { ...options, ...resolveConfig(context?.config, options) };
  const current = React.useCallback(() => latest.current!, []);
  // One controller per mount: unmounting aborts every request this component started.
  const mounted = React.useRef<AbortController>(undefined);
  React.useEffect(() => {
    const controller = (mounted.current = new AbortController());
    return () => controller.abort();
  }, []);

  return [
    ReactQuery.useMutation(
      { retry: false, ...mutationOptions, mutationFn: (variables) => run(variables, current, mounted.current?.signal) },
      client,
    ),
    current,
  ];
}

/**
 * Creates a Flowwise order through the merchant endpoint, as a TanStack mutation. The payload (a
 * full order, or the store's own shape that its `prepareOrder` prices) is checked by `schema` when one
 * is given; every failure is a {@link FlowwiseError} with a message for the shopper.
 * Requests still in flight are aborted when the component unmounts. No retries unless `retry` is set.
 *
 * @example
 * const createOrder = useCreateOrder<Cart>({ schema: cartSchema });
 * const { checkout_url } = await createOrder.mutateAsync({ items: [{ sku: 'tee', quantity: 2 }] });
 */
export function useCreateOrder<TPayload = CreateOrderRequest>(
  options: UseCreateOrderOptions<TPayload> = {},
): UseMutationResult<CreateOrderResponse, FlowwiseError, TPayload> {
  // The one object goes both ways, so no option can be dropped: the config reads only the Flowwise
  // options, and TanStack only its own.
  return useFlowwiseMutation('useCreateOrder()', options, { ...options, mutationKey: createOrderMutationKey }, (payload, config, signal) =>
    createOrder(config(), payload, { signal, schema: config().schema }),
  )[0];
}
