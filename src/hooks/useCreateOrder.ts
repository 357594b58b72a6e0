import type { QueryClient, UseMutationOptions, UseMutationResult } from '@tanstack/react-query';
import { createOrderKey, sendOrder } from '../core/createOrder';
import type { PayloadSchema } from '../core/validate';
import type { FlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { useFlowwiseMutation } from './useFlowwiseMutation';

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
 * What {@link useCreateOrder} returns: TanStack's mutation result, whose `data` is the created order's
 * `CreateOrderResponse` and whose `error` is a `FlowwiseError`.
 */
export type UseCreateOrderResult<TPayload = CreateOrderRequest> = UseMutationResult<CreateOrderResponse, FlowwiseError, TPayload>;

/**
 * Creates a Flowwise order through the merchant endpoint, as a TanStack mutation keyed
 * `flowwiseKeys.createOrder`. The payload (a full order, or the store's own shape that its `prepareOrder`
 * prices) is checked by `schema` when one is given; every failure is a {@link FlowwiseError} with a message
 * for the shopper. Requests still in flight are aborted when the component unmounts. No retries unless
 * `retry` is set.
 *
 * @example
 * ```tsx
 * const createOrder = useCreateOrder<Cart>({ schema: cartSchema });
 * const { checkout_url } = await createOrder.mutateAsync({ items: [{ sku: 'tee', quantity: 2 }] });
 * ```
 */
export function useCreateOrder<TPayload = CreateOrderRequest>(
  options: UseCreateOrderOptions<TPayload> = {},
): UseCreateOrderResult<TPayload> {
  // The one object goes both ways, so no option can be dropped: the config reads only the Flowwise
  // options, and TanStack only its own.
  return useFlowwiseMutation('useCreateOrder()', options, { ...options, mutationKey: createOrderKey }, (payload, config, signal) =>
    sendOrder(config, payload, signal),
  );
}
