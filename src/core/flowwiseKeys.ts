// Each key is its own constant as well: the hooks import the one they use, because a bundler keeps an
// object whole, and a checkout's bundle has no use for the keys of a return page.
export const createOrderKey = ['flowwise', 'createOrder'] as const;
export const checkoutKey = ['flowwise', 'checkout'] as const;
export const orderKey = (orderId: string | undefined) => ['flowwise', 'order', orderId] as const;

/**
 * The TanStack keys of everything this package puts in a `QueryClient`, for `useIsMutating`,
 * `useMutationState`, `invalidateQueries`, `getQueryData` and `setQueryData`. Plain data with no React,
 * so a server can import it too (to prefetch an order, say).
 *
 * - `all`: every Flowwise query and mutation (`['flowwise']`).
 * - `createOrder`: the mutations of `useCreateOrder`, whose data is the `CreateOrderResponse`.
 * - `checkout`: every checkout (`useFlowwiseCheckout`, `<FlowwiseCheckoutButton>`), whose data is a
 *   `CheckoutResult` (`{ response, redirecting }`) and whose variables are what was given to `checkout()`.
 * - `order(orderId)`: the query of `useFlowwiseOrder` for that order, whose data is its `OrderSummary`.
 *
 * @example
 * ```tsx
 * const pending = useIsMutating({ mutationKey: flowwiseKeys.all });
 * queryClient.invalidateQueries({ queryKey: flowwiseKeys.order('order_1001') });
 * ```
 */
export const flowwiseKeys = {
  all: ['flowwise'] as const,
  createOrder: createOrderKey,
  checkout: checkoutKey,
  order: orderKey,
};
